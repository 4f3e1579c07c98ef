package org.p2pstack.i2p.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import net.i2p.client.naming.NamingService;
import net.i2p.data.Destination;
import net.i2p.data.Hash;

import org.p2pstack.api.i2p.AddressBookEntry;
import org.p2pstack.api.i2p.I2pAddress;

/**
 * The local address book ({@code name.i2p → destination}) on top of the router's naming service
 * ({@code hosts.txt} in its config directory). Every name and destination is validated before it is
 * stored; lookups of invalid text simply find nothing.
 */
public final class AddressBook {

    /** Most entries listed at once (the console and the API page through nothing bigger). */
    public static final int MAX_LIST = 10_000;

    private final NamingService naming;

    public AddressBook(NamingService naming) {
        this.naming = naming;
    }

    /** Adds or replaces an entry. */
    public synchronized AddressBookEntry put(String name, String destinationB64) {
        String n = nameOf(name).orElseThrow(() -> new IllegalArgumentException("not a valid .i2p name: "
                + I2pNames.abbreviate(name)));
        Destination d = I2pNames.parseDestination(destinationB64)
                .orElseThrow(() -> new IllegalArgumentException("not a valid I2P destination"));
        naming.remove(n);
        if (!naming.put(n, d)) {
            throw new IllegalStateException("the address book refused " + n);
        }
        return new AddressBookEntry(n, I2pNames.toApi(d));
    }

    public synchronized boolean remove(String name) {
        Optional<String> valid = nameOf(name);
        if (valid.isEmpty()) {
            return false;
        }
        String n = valid.get();
        boolean had = naming.lookup(n) != null;
        naming.remove(n);
        return had;
    }

    /** The destination of a name, or empty. */
    public Optional<Destination> lookupName(String name) {
        return nameOf(name).map(naming::lookup);
    }

    /** The normal form of a name that may be in the book (a b32 never is: it names itself). */
    private static Optional<String> nameOf(String name) {
        return I2pAddress.tryParse(name).filter(I2pAddress::isName).map(I2pAddress::host);
    }

    /** An entry whose destination has this hash (a b32 the user has named), or empty. */
    public Optional<Destination> lookupHash(Hash hash) {
        for (Destination d : entries().values()) {
            if (d.calculateHash().equals(hash)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The names of a destination, in the order the naming service keeps them. */
    public Optional<String> reverse(Destination d) {
        return Optional.ofNullable(naming.reverseLookup(d));
    }

    public List<AddressBookEntry> list() {
        List<AddressBookEntry> out = new ArrayList<>();
        for (Map.Entry<String, Destination> e : entries().entrySet()) {
            if (out.size() >= MAX_LIST) {
                break;
            }
            out.add(new AddressBookEntry(e.getKey(), I2pNames.toApi(e.getValue())));
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    private Map<String, Destination> entries() {
        Map<String, Destination> m = naming.getEntries(new Properties());
        return m == null ? Map.of() : m;
    }
}
