package org.p2pstack.ipfs.internal.dagpb;

import java.util.ArrayList;
import java.util.List;

import org.p2pstack.ipfs.internal.multiformats.Cid;
import org.p2pstack.ipfs.internal.protobuf.ProtoReader;
import org.p2pstack.ipfs.internal.protobuf.ProtoWriter;

/**
 * A dag-pb node {@code PBNode { repeated PBLink Links = 2; optional bytes Data = 1; }} with the spec's
 * canonical form: links first, then data; decoding is strict (ipld/specs dag-pb "Strictness").
 */
public record PbNode(List<PbLink> links, byte[] data) {

    /** Largest block this node accepts: Bitswap's 2 MiB message bound. */
    public static final int MAX_BLOCK_SIZE = 2 * 1024 * 1024;
    /** Most links in one node; kubo's balanced layout uses 174, directories can have more. */
    public static final int MAX_LINKS = 65_536;
    /** Longest link name. */
    public static final int MAX_NAME_LENGTH = 4096;

    public PbNode {
        links = List.copyOf(links);
    }

    public byte[] encode() {
        ProtoWriter w = new ProtoWriter();
        for (PbLink l : links) {
            ProtoWriter lw = new ProtoWriter();
            lw.bytes(1, l.hash().bytes());
            if (l.name() != null) {
                lw.string(2, l.name());
            }
            if (l.tsize() >= 0) {
                lw.uint64(3, l.tsize());
            }
            w.bytes(2, lw.toByteArray());
        }
        if (data != null) {
            w.bytes(1, data);
        }
        return w.toByteArray();
    }

    public static PbNode decode(byte[] block) {
        if (block.length > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("dag-pb block larger than " + MAX_BLOCK_SIZE);
        }
        ProtoReader r = new ProtoReader(block);
        List<PbLink> links = new ArrayList<>();
        byte[] data = null;
        while (r.next()) {
            if (data != null) {
                throw new IllegalArgumentException("dag-pb: field after Data");
            }
            switch (r.field()) {
                case 2 -> {
                    if (links.size() >= MAX_LINKS) {
                        throw new IllegalArgumentException("dag-pb: more than " + MAX_LINKS + " links");
                    }
                    links.add(decodeLink(r.bytes(MAX_BLOCK_SIZE)));
                }
                case 1 -> data = r.bytes(MAX_BLOCK_SIZE);
                default -> throw new IllegalArgumentException("dag-pb: unknown field " + r.field());
            }
        }
        return new PbNode(links, data);
    }

    private static PbLink decodeLink(byte[] raw) {
        ProtoReader r = new ProtoReader(raw);
        Cid hash = null;
        String name = null;
        long tsize = -1;
        int last = 0;
        while (r.next()) {
            int f = r.field();
            if (f <= last) {
                throw new IllegalArgumentException("dag-pb link: fields out of order or repeated");
            }
            last = f;
            switch (f) {
                case 1 -> hash = Cid.decode(r.bytes(Cid.MAX_BYTES));
                case 2 -> name = r.string(MAX_NAME_LENGTH);
                case 3 -> tsize = r.uint64();
                default -> throw new IllegalArgumentException("dag-pb link: unknown field " + f);
            }
        }
        if (hash == null) {
            throw new IllegalArgumentException("dag-pb link without Hash");
        }
        return new PbLink(hash, name, tsize);
    }
}
