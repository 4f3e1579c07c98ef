package org.p2pstack.torrent.internal.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.p2pstack.api.torrent.TorrentInfo;
import org.p2pstack.api.torrent.TorrentService;

@Command(scope = "torrent", name = "add", description = "Seeds a file from this computer as a torrent (operators only)",
        detailedDescription = "Hashes the file (progress is shown), then serves it from the node's web seed. "
                + "Published videos are added automatically; this is for files outside the shared folder.")
@Service
public class TorrentAddCommand implements Action {

    @Argument(index = 0, name = "file", description = "the file to seed", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Reference
    TorrentService torrents;

    @Override
    public Object execute() throws Exception {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            System.err.println("No such file: " + path);
            return null;
        }
        int[] shown = { -1 };
        TorrentInfo info = torrents.seed(path, path.getFileName().toString(), progress -> {
            int percent = (int) (progress * 100);
            if (percent / 10 != shown[0] / 10) {
                shown[0] = percent;
                System.out.printf("hashing… %d%%%n", percent);
            }
        }).get(1, TimeUnit.HOURS);
        System.out.println(info.infoHash() + "  " + info.name());
        return null;
    }
}
