package org.p2pstack.sdk.internal;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.p2pstack.api.dapp.Dapp;
import org.p2pstack.api.dapp.DappPermission;
import org.p2pstack.api.dapp.DappRegistry;
import org.p2pstack.api.dapp.DappStatus;
import org.p2pstack.api.ipfs.AddOptions;
import org.p2pstack.api.ipfs.DirectoryEntry;
import org.p2pstack.api.ipfs.IpfsService;
import org.p2pstack.api.ipfs.PeerInfo;
import org.p2pstack.api.swarm.HypercoreInfo;
import org.p2pstack.api.swarm.HypercoreService;
import org.p2pstack.api.swarm.SwarmMessage;
import org.p2pstack.api.swarm.SwarmPeer;
import org.p2pstack.api.swarm.SwarmService;

/** In-memory stand-ins for the node's services. */
final class Fakes {

    private Fakes() {
    }

    static Dapp dapp(String name, DappPermission... permissions) {
        return new Dapp(name, name, "", "1.0.0", "web", "", 1, Set.of(permissions));
    }

    static final class Registry implements DappRegistry {
        final Map<String, Dapp> dapps = new LinkedHashMap<>();

        Registry with(Dapp dapp) {
            dapps.put(dapp.name(), dapp);
            return this;
        }

        @Override
        public List<Dapp> list() {
            return new ArrayList<>(dapps.values());
        }

        @Override
        public Optional<Dapp> find(String name) {
            return Optional.ofNullable(dapps.get(name));
        }

        @Override
        public List<DappStatus> all() {
            return List.of();
        }
    }

    static final class Ipfs implements IpfsService {
        final Map<String, byte[]> files = new HashMap<>();
        final Set<String> pins = new LinkedHashSet<>();

        @Override
        public PeerInfo id() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String add(InputStream data, AddOptions options) throws IOException {
            byte[] bytes = data.readAllBytes();
            String cid = "bafk" + Integer.toHexString(java.util.Arrays.hashCode(bytes)) + "0000";
            files.put(cid, bytes);
            if (options.pin()) {
                pins.add(cid);
            }
            return cid;
        }

        @Override
        public String add(Path file, AddOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isDirectory(String path) {
            return false;
        }

        @Override
        public List<DirectoryEntry> ls(String path) {
            return List.of();
        }

        @Override
        public long size(String cid) throws IOException {
            byte[] bytes = files.get(cid);
            if (bytes == null) {
                throw new FileNotFoundException(cid);
            }
            return bytes.length;
        }

        @Override
        public InputStream cat(String cid, long offset, long length) throws IOException {
            size(cid);
            return new ByteArrayInputStream(files.get(cid));
        }

        @Override
        public byte[] getBlock(String cid, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean hasBlock(String cid) {
            return files.containsKey(cid);
        }

        @Override
        public void pin(String cid) {
            pins.add(cid);
        }

        @Override
        public void unpin(String cid) {
            pins.remove(cid);
        }

        @Override
        public Set<String> pins() {
            return Set.copyOf(pins);
        }

        @Override
        public long gc() {
            return 0;
        }

        @Override
        public int provide(String cid, Duration timeout) {
            return 0;
        }

        @Override
        public List<PeerInfo> findProviders(String cid, int max, Duration timeout) {
            return List.of();
        }

        @Override
        public PeerInfo connect(String multiaddr, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PeerInfo> peers() {
            return List.of();
        }
    }

    static final class Swarm implements SwarmService {
        final List<String> joined = new ArrayList<>();
        final List<SwarmPeer> peers = new ArrayList<>();
        final List<Map.Entry<String, byte[]>> sent = new ArrayList<>();
        final List<Consumer<SwarmMessage>> listeners = new CopyOnWriteArrayList<>();

        @Override
        public String publicKey() {
            return "00".repeat(32);
        }

        @Override
        public CompletionStage<Void> join(byte[] topic, boolean server, boolean client) {
            joined.add(java.util.HexFormat.of().formatHex(topic));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> leave(byte[] topic) {
            joined.remove(java.util.HexFormat.of().formatHex(topic));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public List<String> topics() {
            return List.copyOf(joined);
        }

        @Override
        public List<SwarmPeer> peers() {
            return List.copyOf(peers);
        }

        @Override
        public CompletionStage<Void> send(String peerKey, byte[] message) {
            sent.add(Map.entry(peerKey, message));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public AutoCloseable onMessage(Consumer<SwarmMessage> listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        @Override
        public AutoCloseable onConnection(Consumer<SwarmPeer> listener) {
            return () -> { };
        }

        void receive(String peer, byte[] data) {
            for (Consumer<SwarmMessage> l : listeners) {
                l.accept(new SwarmMessage(peer, data));
            }
        }
    }

    static final class Cores implements HypercoreService {
        final Map<String, HypercoreInfo> open = new LinkedHashMap<>();
        final Map<String, List<byte[]>> blocks = new HashMap<>();
        /** Like the swarm's loop when it is busy: the list of open cores comes back empty. */
        boolean busy;

        static String keyOf(String name) {
            String hex = java.util.HexFormat.of().formatHex(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return (hex + "0".repeat(64)).substring(0, 64);
        }

        @Override
        public CompletionStage<HypercoreInfo> open(String name) {
            String key = keyOf(name);
            HypercoreInfo info = new HypercoreInfo(key, name, blocks.computeIfAbsent(key, k -> new ArrayList<>()).size(), true, 0);
            open.put(key, info);
            return CompletableFuture.completedFuture(info);
        }

        @Override
        public CompletionStage<HypercoreInfo> openRemote(String key) {
            HypercoreInfo info = open.computeIfAbsent(key, k -> new HypercoreInfo(k, "", 0, false, 1));
            return CompletableFuture.completedFuture(info);
        }

        @Override
        public CompletionStage<Long> append(String key, byte[] block) {
            List<byte[]> list = blocks.computeIfAbsent(key, k -> new ArrayList<>());
            list.add(block);
            HypercoreInfo old = open.get(key);
            open.put(key, new HypercoreInfo(key, old.name(), list.size(), old.writable(), old.peers()));
            return CompletableFuture.completedFuture((long) list.size());
        }

        @Override
        public CompletionStage<byte[]> get(String key, long index) {
            return CompletableFuture.completedFuture(blocks.get(key).get((int) index));
        }

        @Override
        public List<HypercoreInfo> cores() {
            return busy ? List.of() : List.copyOf(open.values());
        }

        @Override
        public AutoCloseable onAppend(Consumer<HypercoreInfo> listener) {
            return () -> { };
        }
    }
}
