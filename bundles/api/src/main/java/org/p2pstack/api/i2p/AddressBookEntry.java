package org.p2pstack.api.i2p;

import java.util.Objects;

/**
 * One line of the local address book.
 *
 * @param name        a host name ending in {@code .i2p}, lower case (for example {@code alice.i2p})
 * @param destination the destination the name points to
 */
public record AddressBookEntry(String name, I2pDestination destination) {

    public AddressBookEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(destination, "destination");
    }
}
