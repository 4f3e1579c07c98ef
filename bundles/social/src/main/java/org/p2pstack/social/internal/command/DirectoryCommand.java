package org.p2pstack.social.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.directory.Directory;
import org.p2pstack.api.profile.ProfileRecord;

@Command(scope = "p2p", name = "directory", description = "Lists the people known from directory gossip whose nickname contains the name (everyone without it)")
@Service
public class DirectoryCommand implements Action {

    @Reference
    Directory directory;

    @Argument(index = 0, name = "name", description = "part of a nickname", required = false)
    String name;

    @Override
    public Object execute() {
        List<ProfileRecord> found = directory.search(name == null ? "" : name);
        if (found.isEmpty()) {
            System.out.println("Nobody found (" + directory.size() + " people known).");
        }
        for (ProfileRecord r : found) {
            System.out.println(r.nickname() + "\t" + r.b32() + "\tseq " + r.seq());
        }
        return null;
    }
}
