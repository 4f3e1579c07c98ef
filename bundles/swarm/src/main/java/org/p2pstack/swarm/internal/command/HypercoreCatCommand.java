package org.p2pstack.swarm.internal.command;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.swarm.HypercoreInfo;
import org.p2pstack.api.swarm.HypercoreService;

@Command(scope = "hypercore", name = "cat", description = "Prints the blocks of a core as text, one per line",
        detailedDescription = "The core is one of ours by name, or anyone's by key (64 hex digits): a peer's blocks are fetched from "
                + "the swarm. --hex prints each block as hex; --out writes the blocks' bytes, one after the other, to a file.")
@Service
public class HypercoreCatCommand extends SwarmCommand {

    /** A peer decides a remote core's length and blocks: what one call reads is bounded. */
    static final long MAX_BLOCKS = 100_000;
    static final long MAX_BYTES = 64L * 1024 * 1024;

    @Reference
    HypercoreService cores;

    @Argument(index = 0, name = "core", description = "a local name or a key", required = true)
    @Completion(HeldCoreCompleter.class)
    String core;

    @Option(name = "--hex", description = "Print each block as hex (for binary blocks)")
    boolean hex;

    @Option(name = "--out", description = "Write the raw bytes of the blocks to this file instead of printing them")
    String out;

    @Override
    protected void run(PrintStream console) throws Exception {
        HypercoreInfo info = await(core.matches("[0-9a-fA-F]{64}") ? cores.openRemote(core) : cores.open(core), WAIT_SECONDS);
        if (out != null) {
            Path target = Path.of(out).toAbsolutePath();
            // written beside the target and moved into place: a failed read leaves no half file behind
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            long[] written;
            try (OutputStream file = Files.newOutputStream(tmp)) {
                written = copy(info, file::write, console);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            console.println("wrote " + written[0] + " blocks, " + written[1] + " bytes to " + target);
        } else {
            copy(info, block -> console.println(hex ? HexFormat.of().formatHex(block) : new String(block, StandardCharsets.UTF_8)),
                    console);
        }
    }

    interface BlockSink {
        void accept(byte[] block) throws IOException;
    }

    /** Feeds the blocks to {@code sink} up to the bounds; returns {blocks, bytes}. */
    private long[] copy(HypercoreInfo info, BlockSink sink, PrintStream console) throws Exception {
        long bytes = 0;
        long i = 0;
        for (; i < info.length(); i++) {
            if (i >= MAX_BLOCKS) {
                console.println("(stopped after " + MAX_BLOCKS + " blocks of " + info.length() + ")");
                break;
            }
            byte[] block = await(cores.get(info.key(), i), WAIT_SECONDS);
            if (bytes + block.length > MAX_BYTES) {
                console.println("(stopped at block " + i + ": more than " + MAX_BYTES + " bytes)");
                break;
            }
            bytes += block.length;
            sink.accept(block);
        }
        return new long[] { i, bytes };
    }
}
