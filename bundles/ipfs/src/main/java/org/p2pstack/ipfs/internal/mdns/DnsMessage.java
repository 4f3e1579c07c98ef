package org.p2pstack.ipfs.internal.mdns;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A DNS message (RFC 1035 4.1) as mDNS sends it (RFC 6762): a 12-byte header, questions, then answer, authority and
 * additional records. Names are written without compression and read with it (RFC 1035 4.1.4).
 * <p>
 * Every packet comes from an untrusted peer: {@link #decode} accepts at most {@link #MAX_PACKET} bytes and
 * {@link #MAX_RECORDS} questions and records, refuses counts the packet cannot hold, names longer than
 * {@link #MAX_NAME} bytes or with more than {@link #MAX_POINTERS} compression pointers, pointers that do not go
 * strictly backwards (so no loop), and TXT records of more than {@link #MAX_TXT_STRINGS} strings; anything malformed
 * is an {@link IllegalArgumentException}.
 */
public record DnsMessage(int id, int flags, List<DnsQuestion> questions, List<DnsRecord> answers,
        List<DnsRecord> authorities, List<DnsRecord> additionals) {

    /** Largest packet read or written: mDNS's own limit (RFC 6762 17), far above what discovery needs. */
    public static final int MAX_PACKET = 9000;
    /** Most questions and records together in one message. */
    public static final int MAX_RECORDS = 256;
    /** Longest name in its wire form (RFC 1035 2.3.4), including the length bytes. */
    public static final int MAX_NAME = 255;
    /** Longest label (RFC 1035 2.3.4). */
    public static final int MAX_LABEL = 63;
    /** Most compression pointers followed while reading one name. */
    public static final int MAX_POINTERS = 32;
    /** Most character-strings in one TXT record. */
    public static final int MAX_TXT_STRINGS = 64;

    public static final int HEADER = 12;
    /** QR: the message is a response. */
    public static final int FLAG_RESPONSE = 0x8000;
    /** AA: the answer is authoritative, as every mDNS response is (RFC 6762 18.4). */
    public static final int FLAG_AUTHORITATIVE = 0x0400;
    private static final int OPCODE_MASK = 0x7800;
    private static final int RCODE_MASK = 0x000F;
    private static final int TOP_BIT = 0x8000;
    /** Smallest question: a root name (1 byte), type and class. */
    private static final int MIN_QUESTION = 5;
    /** Smallest record: a root name, type, class, TTL and data length. */
    private static final int MIN_RECORD = 11;

    public DnsMessage {
        questions = List.copyOf(questions);
        answers = List.copyOf(answers);
        authorities = List.copyOf(authorities);
        additionals = List.copyOf(additionals);
    }

    /** A multicast query (id 0, as RFC 6762 18.1 asks) with these questions. */
    public static DnsMessage query(List<DnsQuestion> questions) {
        return new DnsMessage(0, 0, questions, List.of(), List.of(), List.of());
    }

    /** An authoritative response (id 0) with these answers and additional records. */
    public static DnsMessage response(List<DnsRecord> answers, List<DnsRecord> additionals) {
        return new DnsMessage(0, FLAG_RESPONSE | FLAG_AUTHORITATIVE, List.of(), answers, List.of(), additionals);
    }

    public boolean isResponse() {
        return (flags & FLAG_RESPONSE) != 0;
    }

    /** The OPCODE; mDNS ignores messages whose OPCODE is not 0 (RFC 6762 18.3). */
    public int opcode() {
        return (flags & OPCODE_MASK) >>> 11;
    }

    /** The RCODE; mDNS ignores messages whose RCODE is not 0 (RFC 6762 18.11). */
    public int rcode() {
        return flags & RCODE_MASK;
    }

    // --- writing ---

    /** The wire form; throws {@link IllegalArgumentException} if it would exceed {@link #MAX_PACKET} bytes. */
    public byte[] encode() {
        if (questions.size() + answers.size() + authorities.size() + additionals.size() > MAX_RECORDS) {
            throw new IllegalArgumentException("more than " + MAX_RECORDS + " questions and records");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        u16(out, id);
        u16(out, flags);
        u16(out, questions.size());
        u16(out, answers.size());
        u16(out, authorities.size());
        u16(out, additionals.size());
        for (DnsQuestion q : questions) {
            writeName(out, q.name());
            u16(out, q.type());
            u16(out, (q.dnsClass() & 0x7FFF) | (q.unicastResponse() ? TOP_BIT : 0));
        }
        for (List<DnsRecord> section : List.of(answers, authorities, additionals)) {
            for (DnsRecord r : section) {
                writeRecord(out, r);
            }
        }
        if (out.size() > MAX_PACKET) {
            throw new IllegalArgumentException("DNS message of " + out.size() + " bytes exceeds " + MAX_PACKET);
        }
        return out.toByteArray();
    }

    private static void writeRecord(ByteArrayOutputStream out, DnsRecord r) {
        writeName(out, r.name());
        u16(out, r.type());
        u16(out, (r.dnsClass() & 0x7FFF) | (r.cacheFlush() ? TOP_BIT : 0));
        u32(out, r.ttl());
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        switch (r.data()) {
            case DnsRecord.Ptr p -> writeName(data, p.target());
            case DnsRecord.Txt t -> {
                if (t.strings().isEmpty() || t.strings().size() > MAX_TXT_STRINGS) {
                    throw new IllegalArgumentException("a TXT record holds 1 to " + MAX_TXT_STRINGS + " strings");
                }
                for (byte[] s : t.strings()) {
                    if (s.length > 255) {
                        throw new IllegalArgumentException("TXT string longer than 255 bytes");
                    }
                    data.write(s.length);
                    data.writeBytes(s);
                }
            }
            case DnsRecord.A a -> data.writeBytes(a.address().getAddress());
            case DnsRecord.Aaaa a -> data.writeBytes(a.address().getAddress());
            case DnsRecord.Srv s -> {
                u16(data, s.priority());
                u16(data, s.weight());
                u16(data, s.port());
                writeName(data, s.target());
            }
            case DnsRecord.Other o -> data.writeBytes(o.bytes());
        }
        if (data.size() > 0xFFFF) {
            throw new IllegalArgumentException("record data longer than 65535 bytes");
        }
        u16(out, data.size());
        out.writeBytes(data.toByteArray());
    }

    /** Writes {@code name} as labels (no compression); the empty name is the root. */
    static void writeName(ByteArrayOutputStream out, String name) {
        int total = 1;
        if (!name.isEmpty()) {
            for (String label : name.split("\\.", -1)) {
                byte[] b = label.getBytes(StandardCharsets.UTF_8);
                if (b.length == 0 || b.length > MAX_LABEL) {
                    throw new IllegalArgumentException("DNS label of " + b.length + " bytes in '" + name + "'");
                }
                total += 1 + b.length;
                if (total > MAX_NAME) {
                    throw new IllegalArgumentException("DNS name longer than " + MAX_NAME + " bytes: " + name);
                }
                out.write(b.length);
                out.writeBytes(b);
            }
        }
        out.write(0);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException("16-bit field out of range: " + v);
        }
        out.write(v >>> 8);
        out.write(v);
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
    }

    // --- reading ---

    /** Reads the first {@code length} bytes of {@code packet}; see the class comment for what is refused. */
    public static DnsMessage decode(byte[] packet, int length) {
        if (length < HEADER || length > packet.length) {
            throw new IllegalArgumentException("DNS message of " + length + " bytes is shorter than its header");
        }
        if (length > MAX_PACKET) {
            throw new IllegalArgumentException("DNS message of " + length + " bytes exceeds " + MAX_PACKET);
        }
        Reader r = new Reader(packet, length);
        int id = r.u16();
        int flags = r.u16();
        int qd = r.u16();
        int an = r.u16();
        int ns = r.u16();
        int ar = r.u16();
        int records = an + ns + ar;
        if (qd + records > MAX_RECORDS) {
            throw new IllegalArgumentException("DNS message with " + (qd + records) + " questions and records (limit "
                    + MAX_RECORDS + ")");
        }
        // a count that the rest of the packet cannot hold is refused before anything is allocated
        if ((long) qd * MIN_QUESTION + (long) records * MIN_RECORD > length - HEADER) {
            throw new IllegalArgumentException("DNS counts exceed the packet");
        }
        List<DnsQuestion> questions = new ArrayList<>(qd);
        for (int i = 0; i < qd; i++) {
            String name = r.name();
            int type = r.u16();
            int cls = r.u16();
            questions.add(new DnsQuestion(name, type, cls & 0x7FFF, (cls & TOP_BIT) != 0));
        }
        List<DnsRecord> answers = r.records(an);
        List<DnsRecord> authorities = r.records(ns);
        List<DnsRecord> additionals = r.records(ar);
        // bytes after the last record are ignored, as resolvers do
        return new DnsMessage(id, flags, questions, answers, authorities, additionals);
    }

    public static DnsMessage decode(byte[] packet) {
        return decode(packet, packet.length);
    }

    /** A cursor over one packet. */
    private static final class Reader {
        private final byte[] b;
        private final int end;
        private int pos;

        Reader(byte[] b, int end) {
            this.b = b;
            this.end = end;
        }

        private void need(int n) {
            if (n > end - pos) {
                throw new IllegalArgumentException("DNS message truncated at byte " + pos);
            }
        }

        int u8() {
            need(1);
            return b[pos++] & 0xFF;
        }

        int u16() {
            need(2);
            int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        long u32() {
            need(4);
            long v = ((long) (b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        byte[] bytes(int n) {
            need(n);
            byte[] v = java.util.Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return v;
        }

        /**
         * A name at the cursor, following compression pointers. Each pointer must point before the previous one's
         * target (before the name's start for the first), so reading always ends; at most {@link #MAX_POINTERS}.
         */
        String name() {
            StringBuilder sb = new StringBuilder();
            int p = pos;
            int limit = pos;
            int after = -1; // where the cursor continues once the first pointer was followed
            int pointers = 0;
            int wire = 1;
            while (true) {
                if (p >= end) {
                    throw new IllegalArgumentException("DNS name runs past the message");
                }
                int len = b[p] & 0xFF;
                if ((len & 0xC0) == 0xC0) {
                    if (p + 1 >= end) {
                        throw new IllegalArgumentException("truncated DNS compression pointer");
                    }
                    int target = ((len & 0x3F) << 8) | (b[p + 1] & 0xFF);
                    if (target >= limit) {
                        throw new IllegalArgumentException("DNS compression pointer does not point backwards");
                    }
                    if (++pointers > MAX_POINTERS) {
                        throw new IllegalArgumentException("more than " + MAX_POINTERS + " DNS compression pointers");
                    }
                    if (after < 0) {
                        after = p + 2;
                    }
                    limit = target;
                    p = target;
                    continue;
                }
                if ((len & 0xC0) != 0) {
                    throw new IllegalArgumentException("unsupported DNS label type " + (len >>> 6));
                }
                if (len == 0) {
                    pos = after >= 0 ? after : p + 1;
                    return sb.toString();
                }
                wire += 1 + len;
                if (wire > MAX_NAME) {
                    throw new IllegalArgumentException("DNS name longer than " + MAX_NAME + " bytes");
                }
                if (p + 1 + len > end) {
                    throw new IllegalArgumentException("DNS label runs past the message");
                }
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(new String(b, p + 1, len, StandardCharsets.UTF_8));
                p += 1 + len;
            }
        }

        List<DnsRecord> records(int n) {
            List<DnsRecord> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(record());
            }
            return out;
        }

        DnsRecord record() {
            String name = name();
            int type = u16();
            int cls = u16();
            long ttl = u32();
            int rdlength = u16();
            need(rdlength);
            int dataEnd = pos + rdlength;
            DnsRecord.Data data = switch (type) {
                case DnsRecord.PTR -> new DnsRecord.Ptr(name());
                case DnsRecord.TXT -> txt(dataEnd);
                case DnsRecord.A -> new DnsRecord.A(address(rdlength, 4));
                case DnsRecord.AAAA -> new DnsRecord.Aaaa(address(rdlength, 16));
                case DnsRecord.SRV -> new DnsRecord.Srv(u16(), u16(), u16(), name());
                default -> new DnsRecord.Other(type, bytes(rdlength));
            };
            if (pos != dataEnd) {
                throw new IllegalArgumentException("DNS record data of type " + type + " does not fill its " + rdlength + " bytes");
            }
            return new DnsRecord(name, type, cls & 0x7FFF, (cls & TOP_BIT) != 0, ttl, data);
        }

        private DnsRecord.Txt txt(int dataEnd) {
            List<byte[]> strings = new ArrayList<>();
            while (pos < dataEnd) {
                if (strings.size() == MAX_TXT_STRINGS) {
                    throw new IllegalArgumentException("TXT record with more than " + MAX_TXT_STRINGS + " strings");
                }
                int len = u8();
                if (len > dataEnd - pos) {
                    throw new IllegalArgumentException("TXT string runs past its record");
                }
                strings.add(bytes(len));
            }
            return new DnsRecord.Txt(strings);
        }

        private InetAddress address(int rdlength, int size) {
            if (rdlength != size) {
                throw new IllegalArgumentException("address record of " + rdlength + " bytes, not " + size);
            }
            try {
                return InetAddress.getByAddress(bytes(size));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }
}
