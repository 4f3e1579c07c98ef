package org.p2pstack.ipfs.internal.net;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request, one answer on a libp2p stream of the caller's protocol: the dialer sends one unsigned-varint
 * length-prefixed request and closes its side; the listener answers with one length-prefixed message and closes, or
 * resets the stream to refuse. Requests and answers are bounded by the caller's limits (at most
 * {@link #MAX_MESSAGE}), a stream by {@link #ANSWER_TIMEOUT} on the listener's side and the caller's timeout on the
 * dialer's, and the streams one protocol serves at once by {@link #MAX_CONCURRENT}.
 */
public final class RequestResponse {

    /** Largest request or answer either side may allow. */
    public static final int MAX_MESSAGE = 4 << 20;
    /** Longest protocol ID accepted (multistream-select's line limit leaves room for the newline). */
    public static final int MAX_PROTOCOL_ID = 256;
    /** Longest a request may wait for an answer. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    /** Time a remote peer has to send its request and get our handler's answer. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);
    /** Streams of one protocol answered at once; more are reset. */
    public static final int MAX_CONCURRENT = 16;

    private static final Logger LOG = LoggerFactory.getLogger(RequestResponse.class);

    private RequestResponse() {
    }

    /** Checks a protocol ID given by another bundle: {@code /...}, printable ASCII, at most {@link #MAX_PROTOCOL_ID} characters. */
    public static void checkProtocolId(String protocolId) {
        if (protocolId == null || !protocolId.startsWith("/") || protocolId.length() > MAX_PROTOCOL_ID
                || !protocolId.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("a protocol ID is '/' followed by printable ASCII without spaces, at most "
                    + MAX_PROTOCOL_ID + " characters: " + protocolId);
        }
    }

    /** Checks the arguments of {@link #request} before anything is dialled. */
    public static void checkRequest(String protocolId, byte[] request, int maxAnswerBytes) {
        checkProtocolId(protocolId);
        checkLimit("maxAnswerBytes", maxAnswerBytes);
        if (request.length > MAX_MESSAGE) {
            throw new IllegalArgumentException("request of " + request.length + " bytes exceeds " + MAX_MESSAGE);
        }
    }

    private static void checkLimit(String what, int max) {
        if (max < 0 || max > MAX_MESSAGE) {
            throw new IllegalArgumentException(what + " must be 0 to " + MAX_MESSAGE + " bytes: " + max);
        }
    }

    /**
     * Answers {@code protocolId} on {@code host}: per stream, reads one request of at most {@code maxRequestBytes}
     * (larger: reset), calls {@code handler(remotePeerId, request)} and writes its answer, or resets the stream when
     * it returns empty or throws. Closing the returned handle unregisters it.
     *
     * @throws IllegalStateException if the protocol is already answered on this host
     */
    public static AutoCloseable answer(Libp2pHost host, String protocolId, int maxRequestBytes,
            BiFunction<String, byte[], Optional<byte[]>> handler) {
        checkProtocolId(protocolId);
        checkLimit("maxRequestBytes", maxRequestBytes);
        java.util.Objects.requireNonNull(handler, "handler");
        Semaphore slots = new Semaphore(MAX_CONCURRENT);
        StreamHandler h = (conn, stream) -> {
            if (!slots.tryAcquire()) {
                LOG.debug("too many {} streams at once: resetting one from {}", protocolId, conn.remotePeer());
                stream.reset();
                return;
            }
            var timer = host.resetAfter(stream, ANSWER_TIMEOUT);
            try {
                // a request above the limit throws here; the host then resets the stream
                byte[] request = LengthPrefixed.read(stream.in(), maxRequestBytes);
                if (request == null) {
                    stream.reset();
                    return;
                }
                Optional<byte[]> answer = handler.apply(conn.remotePeer().toString(), request);
                if (answer == null || answer.isEmpty()) {
                    stream.reset();
                    return;
                }
                if (answer.get().length > MAX_MESSAGE) {
                    LOG.warn("the {} handler answered {} bytes, more than {}: refused", protocolId, answer.get().length, MAX_MESSAGE);
                    stream.reset();
                    return;
                }
                LengthPrefixed.write(stream.out(), answer.get());
                stream.closeWrite();
            } finally {
                timer.cancel(false);
                slots.release();
            }
        };
        if (!host.handleIfAbsent(protocolId, h)) {
            throw new IllegalStateException("protocol " + protocolId + " is already answered by this node");
        }
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                host.unhandle(protocolId, h);
            }
        };
    }

    /**
     * Sends {@code request} on a new {@code protocolId} stream of {@code conn} and returns the answer (at most
     * {@code maxAnswerBytes}), all within {@code timeout}.
     *
     * @throws IOException with a message naming the peer and protocol: the peer does not speak it, refused (reset the
     *                     stream), answered too much, closed without answering, or did not answer in time
     *                     ({@link SocketTimeoutException})
     */
    public static byte[] request(Libp2pHost host, Connection conn, String protocolId, byte[] request, int maxAnswerBytes,
            Duration timeout) throws IOException {
        return request(host, conn, protocolId, request, maxAnswerBytes, timeout, System.nanoTime() + timeout.toNanos());
    }

    /** As above, ending at {@code deadline} ({@link System#nanoTime()}) of an exchange that began with {@code timeout} (dialling, say). */
    public static byte[] request(Libp2pHost host, Connection conn, String protocolId, byte[] request, int maxAnswerBytes,
            Duration timeout, long deadline) throws IOException {
        checkRequest(protocolId, request, maxAnswerBytes);
        String peer = conn.remotePeer().toString();
        Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
        if (remaining.isNegative() || remaining.isZero()) {
            throw timedOut(peer, protocolId, timeout);
        }
        YamuxStream s;
        try {
            s = conn.newStream(List.of(protocolId), remaining.compareTo(Libp2pHost.NEGOTIATION_TIMEOUT) < 0
                    ? remaining : Libp2pHost.NEGOTIATION_TIMEOUT);
        } catch (ProtocolException e) {
            throw new IOException("peer " + peer + " does not answer " + protocolId + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            if (System.nanoTime() - deadline >= 0) {
                throw timedOut(peer, protocolId, timeout);
            }
            throw new IOException("cannot open a " + protocolId + " stream to " + peer + ": " + e.getMessage(), e);
        }
        AtomicBoolean expired = new AtomicBoolean();
        long left = Math.max(1, deadline - System.nanoTime());
        var timer = host.schedule(() -> {
            expired.set(true);
            s.reset();
        }, left);
        try {
            LengthPrefixed.write(s.out(), request);
            s.closeWrite();
            byte[] answer = LengthPrefixed.read(s.in(), maxAnswerBytes);
            if (answer == null) {
                throw new IOException("peer " + peer + " closed the " + protocolId + " stream without answering");
            }
            return answer;
        } catch (IOException e) {
            s.reset();
            if (expired.get()) {
                throw timedOut(peer, protocolId, timeout);
            }
            String m = String.valueOf(e.getMessage());
            if (e instanceof ProtocolException && m.startsWith("peer refused")) {
                throw new IOException("peer " + peer + " does not answer " + protocolId + " (" + m + ")", e);
            }
            if (e instanceof ProtocolException && m.contains("exceeds the limit")) {
                throw new IOException("peer " + peer + " answered " + protocolId + " with more than " + maxAnswerBytes
                        + " bytes (" + m + ")", e);
            }
            if (m.contains("reset")) {
                throw new IOException("peer " + peer + " refused the " + protocolId + " request (it reset the stream)", e);
            }
            throw new IOException(protocolId + " request to " + peer + " failed: " + m, e);
        } finally {
            timer.cancel(false);
        }
    }

    private static SocketTimeoutException timedOut(String peer, String protocolId, Duration timeout) {
        return new SocketTimeoutException("peer " + peer + " did not answer the " + protocolId + " request within "
                + timeout.toMillis() + " ms");
    }
}
