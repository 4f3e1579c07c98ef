package org.p2pstack.social.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.social.internal.dapps.SharedDapps;

@Command(scope = "dapp", name = "publish", description = "Shares a dApp from deploy/ with friends: a signed package on IPFS, listed on your public site",
        detailedDescription = "The package names the jar by CID and SHA-256 and is signed with your I2P identity, so friends "
                + "can check that it is yours and unchanged. Prints the package's CID. Your IPFS node serves the package, so whoever "
                + "fetches it learns your IP address together with your b32.")
@Service
public class DappPublishCommand implements Action {

    @Reference
    SharedDapps shared;

    @Argument(index = 0, name = "name", description = "the dApp's name (P2PStack-Dapp-Name)", required = true)
    String name;

    @Override
    public Object execute() throws Exception {
        var entry = shared.publish(name);
        System.out.println(entry.get("title") + " " + entry.get("version") + " (" + entry.get("kind") + ") published: ipfs://"
                + entry.get("cid"));
        return null;
    }
}
