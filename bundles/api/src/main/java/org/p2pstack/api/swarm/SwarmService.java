package org.p2pstack.api.swarm;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's Hyperswarm: topics are 32-byte keys; peers that join the same topic find each other through
 * the DHT and hold end-to-end encrypted connections. Every connection also carries Hypercore replication;
 * messages sent here travel on their own channel beside it.
 */
@ProviderType
public interface SwarmService {

    /** This node's swarm public key (32 bytes, hex); it persists across restarts. */
    String publicKey();

    /**
     * Joins {@code topic} (32 bytes): announces as a server and/or looks up servers as a client. Completes once announced.
     * Joining a topic already joined announces and looks it up again at once (peers that joined since are found, and
     * their {@link SwarmPeer#topics()} updated, without waiting for the next periodic lookup).
     */
    CompletionStage<Void> join(byte[] topic, boolean server, boolean client);

    /** Leaves {@code topic}; open connections stay. */
    CompletionStage<Void> leave(byte[] topic);

    /** The topics joined, hex. */
    List<String> topics();

    /** The peers connected now, each with the topics it is known to be on. */
    List<SwarmPeer> peers();

    /** The UDP port of this node's DHT socket, where a peer on the same network can {@link #meet} it; 0 when not running. */
    default int dhtPort() {
        return 0;
    }

    /**
     * Connects to the peer whose public key is {@code peerKey} (hex) at its DHT socket {@code host:port} directly, with
     * no DHT lookup: for a peer found on the local network when no DHT holds its announcement (no internet). The peer's
     * key is proven by the Noise handshake, so a wrong address only fails to connect. Until {@link #forgetMeeting}, a
     * dropped connection is made again. Completes once the attempt has started.
     *
     * @throws IllegalArgumentException (in the stage) for a key that is not 32 bytes of hex, a host that is not an IP
     *         address, or a port outside 1-65535
     */
    default CompletionStage<Void> meet(String peerKey, String host, int port) {
        return java.util.concurrent.CompletableFuture.failedStage(
                new UnsupportedOperationException("this swarm cannot meet peers directly"));
    }

    /** Stops making the connection {@link #meet} asked for again; an open connection stays until it ends. */
    default void forgetMeeting(String peerKey) {
    }

    /** Sends {@code message} to the connected peer whose public key is {@code peerKey} (hex). */
    CompletionStage<Void> send(String peerKey, byte[] message);

    /** Receives every message from every peer until the returned handle is closed. */
    AutoCloseable onMessage(Consumer<SwarmMessage> listener);

    /** Calls {@code listener} with every newly connected peer until the returned handle is closed. */
    AutoCloseable onConnection(Consumer<SwarmPeer> listener);
}
