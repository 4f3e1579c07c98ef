package org.p2pstack.api.i2p;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Provided by the I2P bundle. The node's destination is the user's identity on the network: its
 * {@linkplain I2pDestination#b32() b32} address is what friends follow.
 */
public interface I2pService {

    /** Current life-cycle state; never blocks. */
    I2pState state();

    /** The node's own destination, once it has been loaded or created (normally right after start). */
    Optional<I2pDestination> ownDestination();

    /**
     * Opens a stream to {@code target}: a {@code name.i2p} from the address book, a {@code <52>.b32.i2p}
     * address or a full Base64 destination.
     *
     * @throws I2pException with {@link I2pException.Reason} saying why it failed
     */
    I2pStream connect(String target, Duration timeout) throws I2pException;

    /**
     * HTTP GET over I2P. {@code url} is {@code http://<host>/<path>} where host is a {@code .b32.i2p}
     * address or a {@code .i2p} name from the address book. The body is read up to {@code maxBytes};
     * a larger answer fails with {@link I2pException.Reason#BAD_RESPONSE}. The whole exchange, connection
     * included, must finish within {@code timeout}.
     */
    I2pHttpResponse httpGet(String url, int maxBytes, Duration timeout) throws I2pException;

    /**
     * HTTP POST over I2P of {@code body} (at most 64 KiB, sent with {@code contentType}), from the node's own
     * destination, so the receiving site learns which b32 sent it. Otherwise as {@link #httpGet}.
     *
     * @since 1.3
     */
    I2pHttpResponse httpPost(String url, String contentType, byte[] body, int maxBytes, Duration timeout) throws I2pException;

    /**
     * HTTP GET over I2P whose body is read as it arrives (videos, large files), for relaying to the browser.
     * {@code range} is an HTTP {@code Range} header value or null. {@code timeout} bounds the connection and
     * the answer's head, and then every wait for more body bytes; the body ends where the answer's framing
     * says. Close the returned stream when done.
     */
    I2pHttpStream httpStream(String url, String range, Duration timeout) throws I2pException;

    /** What every text signed with {@link #signAsDestination} starts with. */
    String SIGNED_PREFIX = "p2pstack-";

    /**
     * Signs {@code data} with the signing key of the node's own destination (Ed25519), so anyone who has the
     * destination can check that this node said it. The private key never leaves the I2P stack. Only the
     * node's own statements are signed: {@code data} must start with {@link #SIGNED_PREFIX} (ASCII), which no
     * I2P protocol structure does, so a signature can never be passed off as one of them.
     *
     * @return the 64-byte signature
     * @throws I2pException {@link I2pException.Reason#NOT_READY} before the destination has been loaded
     * @throws IllegalArgumentException when {@code data} does not start with the prefix
     */
    byte[] signAsDestination(byte[] data) throws I2pException;

    /** Every address book entry, sorted by name. */
    List<AddressBookEntry> addressBook();

    /**
     * Adds or replaces {@code name → destination}. {@code name} must be a valid {@code .i2p} host name
     * (not a {@code .b32.i2p} one) and {@code destination} a valid Base64 destination.
     *
     * @throws IllegalArgumentException when either is invalid
     */
    AddressBookEntry addName(String name, String destination);

    /** Removes a name; true when it was there. */
    boolean removeName(String name);

    /**
     * Resolves {@code name.i2p} from the address book, or a {@code .b32.i2p} address / Base64 destination
     * that is valid as written. A b32 that is not in the address book can only be resolved over the
     * network, so it is returned here only when known locally.
     */
    Optional<I2pDestination> lookup(String nameOrDestination);
}
