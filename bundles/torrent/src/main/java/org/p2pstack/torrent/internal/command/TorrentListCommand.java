package org.p2pstack.torrent.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.torrent.TorrentInfo;
import org.p2pstack.api.torrent.TorrentService;

@Command(scope = "torrent", name = "list", description = "Lists the files this node seeds as torrents")
@Service
public class TorrentListCommand implements Action {

    @Reference
    TorrentService torrents;

    @Override
    public Object execute() {
        if (torrents.list().isEmpty()) {
            System.out.println("No torrents yet: published videos become torrents automatically.");
            return null;
        }
        System.out.printf("%-40s %12s %8s  %s%n", "Info hash", "Size", "Pieces", "Name");
        for (TorrentInfo t : torrents.list()) {
            System.out.printf("%-40s %12d %8d  %s%n", t.infoHash(), t.length(), t.pieceCount(), t.name());
        }
        return null;
    }
}
