package org.p2pstack.swarm.internal.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.swarm.HypercoreInfo;
import org.p2pstack.api.swarm.HypercoreService;

/** hypercore:cat on binary blocks: --hex and --out (issue 15, item 6). */
class HypercoreCatCommandTest {

    private static final String KEY = "ab".repeat(32);
    private static final List<byte[]> BLOCKS = List.of(new byte[] { 0, (byte) 0xff, 0x0a, 0x7f }, new byte[] { (byte) 0x80, 1 });

    @TempDir
    Path dir;

    /** A core of two binary blocks. */
    static final class TwoBlocks implements HypercoreService {
        @Override
        public CompletionStage<HypercoreInfo> open(String name) {
            return CompletableFuture.completedFuture(new HypercoreInfo(KEY, name, BLOCKS.size(), true, 0));
        }

        @Override
        public CompletionStage<HypercoreInfo> openRemote(String key) {
            return CompletableFuture.completedFuture(new HypercoreInfo(key, "", BLOCKS.size(), false, 1));
        }

        @Override
        public CompletionStage<Long> append(String key, byte[] block) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<byte[]> get(String key, long index) {
            return CompletableFuture.completedFuture(BLOCKS.get((int) index).clone());
        }

        @Override
        public List<HypercoreInfo> cores() {
            return List.of();
        }

        @Override
        public AutoCloseable onAppend(Consumer<HypercoreInfo> listener) {
            return () -> { };
        }
    }

    private static String run(HypercoreCatCommand cmd) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        cmd.cores = new TwoBlocks();
        cmd.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void hexPrintsEachBlockAsHexOnItsLine() throws Exception {
        HypercoreCatCommand cmd = new HypercoreCatCommand();
        cmd.core = "photos";
        cmd.hex = true;
        assertEquals(List.of("00ff0a7f", "8001"), run(cmd).lines().toList());
    }

    @Test
    void outWritesTheRawBytesOfEveryBlockToTheFile() throws Exception {
        HypercoreCatCommand cmd = new HypercoreCatCommand();
        cmd.core = KEY;
        Path file = dir.resolve("core.bin");
        cmd.out = file.toString();
        String printed = run(cmd);
        assertArrayEquals(new byte[] { 0, (byte) 0xff, 0x0a, 0x7f, (byte) 0x80, 1 }, Files.readAllBytes(file));
        assertTrue(printed.contains("wrote 2 blocks, 6 bytes to " + file), printed);
        assertFalse(Files.exists(dir.resolve("core.bin.part")));
    }
}
