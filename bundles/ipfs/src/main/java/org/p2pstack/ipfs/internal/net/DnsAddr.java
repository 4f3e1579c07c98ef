package org.p2pstack.ipfs.internal.net;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

import org.p2pstack.ipfs.internal.multiformats.Multiaddr;

/**
 * Resolves {@code /dnsaddr/<host>[/p2p/<peer>]} (multiformats/multiaddr protocols/DNSADDR.md): the TXT records of
 * {@code _dnsaddr.<host>} hold {@code dnsaddr=<multiaddr>} entries, which may be dnsaddrs themselves.
 * Bounds: {@link #MAX_DEPTH} levels, {@link #MAX_RESULTS} addresses.
 */
public final class DnsAddr {

    public static final int MAX_DEPTH = 4;
    public static final int MAX_RESULTS = 32;

    /** Looks up the TXT records of a name. */
    @FunctionalInterface
    public interface TxtLookup {
        List<String> txt(String name) throws IOException;
    }

    private final TxtLookup lookup;

    public DnsAddr(TxtLookup lookup) {
        this.lookup = lookup;
    }

    /** Uses the JDK's DNS naming provider. */
    public static DnsAddr system() {
        return new DnsAddr(DnsAddr::jndiTxt);
    }

    /** {@code address} itself if it is not a dnsaddr, else the addresses it resolves to (for its peer, if it names one). */
    public List<Multiaddr> resolve(Multiaddr address) throws IOException {
        List<Multiaddr> out = new ArrayList<>();
        resolve(address, 0, out);
        return out;
    }

    private void resolve(Multiaddr address, int depth, List<Multiaddr> out) throws IOException {
        List<Multiaddr.Component> c = address.components();
        if (c.isEmpty() || c.get(0).protocol() != Multiaddr.Protocol.DNSADDR) {
            if (out.size() < MAX_RESULTS) {
                out.add(address);
            }
            return;
        }
        if (depth >= MAX_DEPTH) {
            return;
        }
        String host = new String(c.get(0).value(), java.nio.charset.StandardCharsets.UTF_8);
        String peer = address.peerId().map(Object::toString).orElse(null);
        for (String record : lookup.txt("_dnsaddr." + host)) {
            String r = record.startsWith("\"") && record.endsWith("\"") && record.length() > 1
                    ? record.substring(1, record.length() - 1) : record;
            if (!r.startsWith("dnsaddr=")) {
                continue;
            }
            Multiaddr m;
            try {
                m = Multiaddr.parse(r.substring(8));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (peer != null && m.peerId().isPresent() && !m.peerId().get().toString().equals(peer)) {
                continue;
            }
            resolve(m, depth + 1, out);
            if (out.size() >= MAX_RESULTS) {
                return;
            }
        }
    }

    private static List<String> jndiTxt(String name) throws IOException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        Thread t = Thread.currentThread();
        ClassLoader saved = t.getContextClassLoader();
        t.setContextClassLoader(null); // the JDK provider, not whatever JNDI the OSGi framework offers
        try {
            DirContext ctx = new InitialDirContext(env);
            try {
                Attributes attrs = ctx.getAttributes(name, new String[] {"TXT"});
                Attribute txt = attrs.get("TXT");
                List<String> out = new ArrayList<>();
                if (txt != null) {
                    NamingEnumeration<?> e = txt.getAll();
                    while (e.hasMore() && out.size() < 64) {
                        out.add(String.valueOf(e.next()));
                    }
                }
                return out;
            } finally {
                ctx.close();
            }
        } catch (NamingException e) {
            throw new IOException("DNS TXT lookup of " + name + " failed: " + e.getMessage(), e);
        } finally {
            t.setContextClassLoader(saved);
        }
    }
}
