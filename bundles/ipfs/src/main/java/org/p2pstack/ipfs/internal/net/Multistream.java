package org.p2pstack.ipfs.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * multistream-select 1.0 (libp2p/specs connections, multistream-select): varint-length-prefixed UTF-8
 * lines ending in {@code \n}; the header {@code /multistream/1.0.0}, then protocol proposals answered by an
 * echo or {@code na}.
 */
public final class Multistream {

    public static final String PROTOCOL = "/multistream/1.0.0";
    public static final String NA = "na";
    /** Longest message accepted (a protocol ID plus newline). */
    public static final int MAX_MESSAGE = 1024;
    /** Most proposals a dialer may make on one stream before we give up on it. */
    public static final int MAX_PROPOSALS = 32;

    private Multistream() {
    }

    static void writeLine(OutputStream out, String line) throws IOException {
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        LengthPrefixed.write(out, b);
    }

    static void writeLines(OutputStream out, String... lines) throws IOException {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        for (String l : lines) {
            byte[] b = (l + "\n").getBytes(StandardCharsets.UTF_8);
            buf.writeBytes(org.p2pstack.ipfs.internal.multiformats.Varint.encode(b.length));
            buf.writeBytes(b);
        }
        out.write(buf.toByteArray());
        out.flush();
    }

    static String readLine(InputStream in) throws IOException {
        byte[] b = LengthPrefixed.read(in, MAX_MESSAGE);
        if (b == null) {
            throw new java.io.EOFException("stream closed during multistream-select");
        }
        if (b.length == 0 || b[b.length - 1] != '\n') {
            throw new ProtocolException("multistream message without trailing newline");
        }
        return new String(b, 0, b.length - 1, StandardCharsets.UTF_8);
    }

    /** Dialer side: proposes {@code protocol}; throws {@link ProtocolException} if the peer says na. */
    public static void select(InputStream in, OutputStream out, String protocol) throws IOException {
        select(in, out, java.util.List.of(protocol));
    }

    /** Dialer side: proposes each protocol in turn until the peer accepts one; returns it. */
    public static String select(InputStream in, OutputStream out, java.util.List<String> protocols) throws IOException {
        writeLines(out, PROTOCOL, protocols.get(0));
        String header = readLine(in);
        if (!PROTOCOL.equals(header)) {
            throw new ProtocolException("peer speaks " + header + ", not " + PROTOCOL);
        }
        for (int i = 0; i < protocols.size(); i++) {
            if (i > 0) {
                writeLine(out, protocols.get(i));
            }
            String answer = readLine(in);
            if (protocols.get(i).equals(answer)) {
                return answer;
            }
            if (!NA.equals(answer)) {
                throw new ProtocolException("unexpected multistream answer " + answer);
            }
        }
        throw new ProtocolException("peer supports none of " + protocols);
    }

    /**
     * Dialer side without waiting (libp2p's optimistic select), for a protocol the peer is known to speak:
     * writes the header and the proposal and returns at once; the caller may write its first message
     * straight away. The answer is checked by {@link #expectAnswer} before the first read.
     */
    public static void selectOptimistically(OutputStream out, String protocol) throws IOException {
        writeLines(out, PROTOCOL, protocol);
    }

    /** Reads the listener's header and its echo of {@code protocol}, as sent after {@link #selectOptimistically}. */
    public static void expectAnswer(InputStream in, String protocol) throws IOException {
        String header = readLine(in);
        if (!PROTOCOL.equals(header)) {
            throw new ProtocolException("peer speaks " + header + ", not " + PROTOCOL);
        }
        String answer = readLine(in);
        if (!protocol.equals(answer)) {
            throw new ProtocolException("peer refused " + protocol + " (" + answer + ")");
        }
    }

    /** Listener side: answers proposals until one is in {@code supported}; returns it. */
    public static String handle(InputStream in, OutputStream out, Set<String> supported) throws IOException {
        String header = readLine(in);
        if (!PROTOCOL.equals(header)) {
            throw new ProtocolException("peer speaks " + header + ", not " + PROTOCOL);
        }
        // when the proposal came with the header (as dialers send it), the header goes out with the answer
        boolean headerSent = false;
        if (in.available() == 0) {
            writeLine(out, PROTOCOL);
            headerSent = true;
        }
        for (int i = 0; i < MAX_PROPOSALS; i++) {
            String p = readLine(in);
            boolean accepted = supported.contains(p);
            String answer = accepted ? p : NA;
            if (headerSent) {
                writeLine(out, answer);
            } else {
                writeLines(out, PROTOCOL, answer);
                headerSent = true;
            }
            if (accepted) {
                return p;
            }
        }
        throw new ProtocolException("more than " + MAX_PROPOSALS + " multistream proposals");
    }
}
