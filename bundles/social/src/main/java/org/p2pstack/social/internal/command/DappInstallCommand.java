package org.p2pstack.social.internal.command;

import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.social.internal.dapps.SharedDapps;

@Command(scope = "dapp", name = "install", description = "Installs a dApp a friend shared, by the CID of its signed package",
        detailedDescription = "Checks the package's signature and the jar's fingerprint, shows the author and what the app may "
                + "use, then installs it. A jar with Java code runs inside the node with all its power: it is installed only "
                + "with --trust-fully. Updates are accepted only from the same author.")
@Service
public class DappInstallCommand implements Action {

    @Reference
    SharedDapps shared;

    @Argument(index = 0, name = "cid", description = "the package's CID (ipfs://<cid> or <cid>)", required = true)
    String cid;

    @Option(name = "--trust-fully", description = "install even though the app carries code that runs inside the node")
    boolean trustFully;

    @Override
    public Object execute() throws Exception {
        String bare = cid.startsWith("ipfs://") ? cid.substring("ipfs://".length()) : cid;
        Map<String, Object> preview = shared.preview(bare);
        @SuppressWarnings("unchecked")
        Map<String, Object> author = (Map<String, Object>) preview.get("author");
        System.out.println(preview.get("title") + " " + preview.get("version") + " by "
                + author.getOrDefault("knownAs", author.get("nickname")) + " (" + author.get("b32") + ")");
        @SuppressWarnings("unchecked")
        List<Map<String, String>> permissions = (List<Map<String, String>>) preview.get("permissions");
        for (Map<String, String> p : permissions) {
            System.out.println("  may " + p.get("meaning"));
        }
        Map<String, Object> result = shared.install(bare, trustFully);
        System.out.println("Installed: " + result.get("state") + (String.valueOf(result.get("reason")).isEmpty() ? ""
                : " — " + result.get("reason")) + " at " + result.get("url"));
        return null;
    }
}
