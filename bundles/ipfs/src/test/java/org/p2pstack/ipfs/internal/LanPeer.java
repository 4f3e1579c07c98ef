package org.p2pstack.ipfs.internal;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import org.p2pstack.api.ipfs.AddOptions;
import org.p2pstack.api.ipfs.PeerInfo;
import org.p2pstack.api.node.TestNodeEnvironment;

/**
 * Our IPFS node as a process of its own, for {@code LanDiscoveryInteropTest}, which runs it inside a network namespace:
 * the DS component as SCR builds it, on a node kept on the test network ({@code P2PSTACK_LOCAL_NETWORK=true}) whose
 * .cfg sets {@code lanDiscovery = true}. Arguments: data directory, listen address, mDNS interval in seconds. Prints
 * {@code peer <id>}, then answers one command per stdin line with {@code ok ...} or {@code err ...}:
 * {@code nearby} (one {@code peerId=addr,addr} per nearby peer, separated by spaces) | {@code peers} (the same for
 * connections) | {@code add <file>} | {@code cat <cid> <outfile>} | {@code quit}.
 */
public final class LanPeer {

    private LanPeer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String host = args[1];
        int interval = Integer.parseInt(args[2]);
        IpfsConfig config = new IpfsConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return IpfsConfig.class;
            }

            @Override
            public String listenHost() {
                return host;
            }

            @Override
            public int listenPort() {
                return 4001;
            }

            @Override
            public String[] bootstrap() {
                return new String[0];
            }

            @Override
            public int fetchTimeoutSeconds() {
                return 30;
            }

            @Override
            public int reprovideIntervalHours() {
                return 0;
            }

            @Override
            public boolean lanDiscovery() {
                return true;
            }

            @Override
            public int lanDiscoveryIntervalSeconds() {
                return interval;
            }
        };
        IpfsComponent node = new IpfsComponent(new TestNodeEnvironment(dir, 0, true), config, Map.of("lanDiscovery", true));
        try {
            System.out.println("peer " + node.id().peerId());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] c = line.trim().split("\\s+");
                try {
                    String answer = switch (c[0]) {
                        case "nearby" -> list(node.nearbyPeers());
                        case "peers" -> list(node.peers());
                        case "add" -> node.add(Path.of(c[1]), AddOptions.KUBO_CID_V1);
                        case "cat" -> {
                            try (InputStream data = node.cat(c[1])) {
                                yield String.valueOf(Files.copy(data, Path.of(c[2])));
                            }
                        }
                        case "quit" -> null;
                        default -> throw new IllegalArgumentException("unknown command " + c[0]);
                    };
                    if (answer == null) {
                        break;
                    }
                    System.out.println("ok " + answer);
                } catch (Exception e) {
                    System.out.println("err " + String.valueOf(e.getMessage()).replace('\n', ' '));
                }
            }
        } finally {
            node.deactivate();
        }
        System.exit(0);
    }

    private static String list(java.util.List<PeerInfo> peers) {
        return peers.stream().map(p -> p.peerId() + "=" + String.join(",", p.addresses())).collect(Collectors.joining(" "));
    }
}
