package org.p2pstack.api.swarm;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Append-only logs (Hypercore 10), stored under the node's data directory and replicated over every swarm
 * connection. A core is named by its public key (hex); the node's own cores are also reachable by name.
 */
@ProviderType
public interface HypercoreService {

    /** Opens (creating on first use) this node's writable core called {@code name}. */
    CompletionStage<HypercoreInfo> open(String name);

    /** Opens a peer's core by its key (hex): blocks arrive from peers that have them. */
    CompletionStage<HypercoreInfo> openRemote(String key);

    /** Appends one block to a writable core; completes with the new length. */
    CompletionStage<Long> append(String key, byte[] block);

    /** Block {@code index} of a core, waiting for a peer to provide it when it is not local. */
    CompletionStage<byte[]> get(String key, long index);

    /** The cores open now. */
    List<HypercoreInfo> cores();

    /**
     * Calls {@code listener} whenever a core open on this node grows, by our own append or by replication
     * from a peer, until the returned handle is closed.
     */
    AutoCloseable onAppend(Consumer<HypercoreInfo> listener);
}
