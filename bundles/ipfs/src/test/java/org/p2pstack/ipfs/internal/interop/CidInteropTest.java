package org.p2pstack.ipfs.internal.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.ipfs.internal.blockstore.MemoryBlockstore;
import org.p2pstack.ipfs.internal.unixfs.Importer;

/**
 * Our UnixFS import gives the same CIDs as helia's (@helia/unixfs 8, ipfs-unixfs-importer 17) with kubo's
 * settings passed explicitly, CIDv0 and CIDv1-raw-leaves, for the sizes where the layout changes shape.
 */
class CidInteropTest {

    private static final long CHUNK = Importer.CHUNK_SIZE;
    private static final Map<String, Long> SIZES = new LinkedHashMap<>();

    static {
        SIZES.put("0B", 0L);
        SIZES.put("1B", 1L);
        SIZES.put("262144B", CHUNK);
        SIZES.put("262145B", CHUNK + 1);
        SIZES.put("174x262144+1B", 174 * CHUNK + 1);
        SIZES.put("random-64MiB", 64L << 20);
    }

    @TempDir
    static Path dir;
    static List<Path> files = new ArrayList<>();

    @BeforeAll
    static void writeFiles() throws IOException {
        NodeJs.requireInstalled();
        Random rnd = new Random(0x1f5);
        byte[] buf = new byte[1 << 20];
        for (Map.Entry<String, Long> e : SIZES.entrySet()) {
            Path f = dir.resolve(e.getKey());
            try (OutputStream o = Files.newOutputStream(f)) {
                for (long left = e.getValue(); left > 0; ) {
                    int n = (int) Math.min(buf.length, left);
                    rnd.nextBytes(buf);
                    o.write(buf, 0, n);
                    left -= n;
                }
            }
            files.add(f);
        }
    }

    private static void compare(String profile, Importer.Profile ours) throws Exception {
        String[] args = new String[files.size() + 2];
        args[0] = "cids.mjs";
        args[1] = profile;
        for (int i = 0; i < files.size(); i++) {
            args[i + 2] = files.get(i).toString();
        }
        List<String> helia = NodeJs.run(Duration.ofMinutes(5), args[0], java.util.Arrays.copyOfRange(args, 1, args.length));
        assertEquals(files.size(), helia.size(), "helia printed " + helia);
        for (int i = 0; i < files.size(); i++) {
            try (InputStream in = Files.newInputStream(files.get(i))) {
                String cid = new Importer(new MemoryBlockstore(), ours).importFile(in).cid().toString();
                assertEquals(helia.get(i), cid, profile + " CID of " + files.get(i).getFileName());
            }
        }
    }

    @Test
    void cidV0MatchesHeliaKuboProfile() throws Exception {
        compare("v0", Importer.KUBO_V0);
    }

    @Test
    void cidV1RawLeavesMatchesHeliaKuboProfile() throws Exception {
        compare("v1", Importer.KUBO_V1);
    }
}
