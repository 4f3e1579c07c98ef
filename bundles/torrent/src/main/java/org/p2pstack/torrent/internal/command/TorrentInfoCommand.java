package org.p2pstack.torrent.internal.command;

import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.node.NodeEnvironment;
import org.p2pstack.api.torrent.TorrentInfo;
import org.p2pstack.api.torrent.TorrentService;

@Command(scope = "torrent", name = "info", description = "Shows one torrent: size, pieces and its magnet link")
@Service
public class TorrentInfoCommand implements Action {

    @Argument(index = 0, name = "infoHash", description = "the torrent's info hash (40 hex characters)", required = true)
    String infoHash;

    @Reference
    TorrentService torrents;

    @Reference
    NodeEnvironment environment;

    @Override
    public Object execute() {
        Optional<TorrentInfo> found = torrents.find(infoHash.toLowerCase(java.util.Locale.ROOT));
        if (found.isEmpty()) {
            System.err.println("No torrent with info hash " + infoHash + " (see torrent:list)");
            return null;
        }
        TorrentInfo t = found.get();
        System.out.printf("Name:         %s%nInfo hash:    %s%nSize:         %d bytes%nPieces:       %d of %d bytes%n"
                + "Magnet:       %s%n", t.name(), t.infoHash(), t.length(), t.pieceCount(), t.pieceLength(),
                torrents.magnet(t.infoHash(), "http://127.0.0.1:" + environment.privatePort()).orElse(""));
        return null;
    }
}
