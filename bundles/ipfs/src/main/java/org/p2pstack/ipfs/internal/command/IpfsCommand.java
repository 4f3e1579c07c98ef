package org.p2pstack.ipfs.internal.command;

import java.time.Duration;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.p2pstack.api.ipfs.IpfsService;
import org.p2pstack.api.ipfs.PeerInfo;

/**
 * What every {@code ipfs:*} command shares: the IPFS service and a network timeout. The commands appear
 * when the IPFS stack is installed (the shell registers a command once its references are there).
 */
public abstract class IpfsCommand implements Action {

    @Reference
    protected IpfsService ipfs;

    @Option(name = "--timeout", description = "seconds to wait for the network")
    protected int timeoutSeconds = 30;

    protected Duration timeout() {
        return Duration.ofSeconds(Math.max(1, timeoutSeconds));
    }

    protected static void print(PeerInfo peer) {
        System.out.println(peer.peerId());
        peer.addresses().forEach(a -> System.out.println("  " + a));
    }
}
