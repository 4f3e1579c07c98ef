package org.p2pstack.core.internal.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

import org.p2pstack.api.content.ContentException;
import org.p2pstack.api.content.ContentException.Reason;

/**
 * Streams an upload to a file while hashing it, with bounded memory (two chunks): while one chunk is hashed
 * on another thread, the next is read from the network and written to disk, so hashing costs no extra time
 * when a core is free. The type is recognised from the first bytes before anything is written.
 */
final class StreamedCopy {

    /** Size of each of the two chunks. */
    static final int CHUNK = 1024 * 1024;

    /** What was copied. */
    record Result(long size, MediaTypes.Type type, byte[] sha256) {
    }

    /** Thrown when the first bytes are not a video or picture. */
    interface Refusal {
        ContentException unsupported();

        ContentException tooLarge();
    }

    private StreamedCopy() {
    }

    static Result copy(InputStream in, FileChannel out, long maxBytes, MessageDigest sha, Executor hasher, Refusal refusal)
            throws IOException, ContentException {
        byte[][] chunks = { new byte[CHUNK], new byte[CHUNK] };
        CompletableFuture<Void> hashing = CompletableFuture.completedFuture(null);
        MediaTypes.Type type = null;
        long size = 0;
        try {
            for (int turn = 0;; turn ^= 1) {
                byte[] chunk = chunks[turn];
                int filled = fill(in, chunk);
                if (filled == 0) {
                    break;
                }
                if (type == null) {
                    type = MediaTypes.sniff(chunk, filled);
                    if (type == null) {
                        throw refusal.unsupported();
                    }
                }
                size += filled;
                if (size > maxBytes) {
                    throw refusal.tooLarge();
                }
                ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, filled);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                join(hashing); // the previous chunk is hashed: the digest is free, and that chunk may be refilled next
                int length = filled;
                hashing = CompletableFuture.runAsync(() -> sha.update(chunk, 0, length), hasher);
            }
        } finally {
            join(hashing);
        }
        return new Result(size, type, size == 0 ? null : sha.digest());
    }

    /** Reads until {@code chunk} is full or the stream ends; returns how many bytes it holds. */
    private static int fill(InputStream in, byte[] chunk) throws IOException {
        int filled = 0;
        while (filled < chunk.length) {
            int n = in.read(chunk, filled, chunk.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    private static void join(CompletableFuture<Void> hashing) {
        try {
            hashing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while hashing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Hashing failed", e.getCause());
        }
    }
}
