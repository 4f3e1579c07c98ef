package org.p2pstack.api.ipfs;

/**
 * How {@link IpfsService#add} builds the DAG. {@link #KUBO} gives the same CIDs as {@code ipfs add};
 * {@link #KUBO_CID_V1} as {@code ipfs add --cid-version=1} (CIDv1, raw leaves).
 *
 * @param cidVersion 0 (dag-pb leaves, base58 {@code Qm...}) or 1 (raw leaves, base32 {@code bafy...})
 * @param pin        pin the root when the import completes
 */
public record AddOptions(int cidVersion, boolean pin) {

    public static final AddOptions KUBO = new AddOptions(0, true);
    public static final AddOptions KUBO_CID_V1 = new AddOptions(1, true);

    public AddOptions {
        if (cidVersion != 0 && cidVersion != 1) {
            throw new IllegalArgumentException("cidVersion must be 0 or 1: " + cidVersion);
        }
    }
}
