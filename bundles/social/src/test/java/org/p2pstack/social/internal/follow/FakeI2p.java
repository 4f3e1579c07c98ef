package org.p2pstack.social.internal.follow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.p2pstack.api.i2p.AddressBookEntry;
import org.p2pstack.api.i2p.I2pDestination;
import org.p2pstack.api.i2p.I2pException;
import org.p2pstack.api.i2p.I2pHttpResponse;
import org.p2pstack.api.i2p.I2pHttpStream;
import org.p2pstack.api.i2p.I2pService;
import org.p2pstack.api.i2p.I2pState;
import org.p2pstack.api.i2p.I2pStream;

import net.i2p.client.I2PClientFactory;
import net.i2p.crypto.DSAEngine;
import net.i2p.crypto.SigType;
import net.i2p.data.Destination;
import net.i2p.data.PrivateKeyFile;
import net.i2p.data.SigningPrivateKey;

/**
 * An I2P stack for unit tests: real I2P destinations and Ed25519 keys (made by the I2P library), sites that
 * answer from a map instead of over the network, and an address book in memory.
 */
final class FakeI2p implements I2pService {

    /** An I2P identity with its signing key. */
    record Identity(Destination destination, SigningPrivateKey key) {
        String b32() {
            return destination.toBase32();
        }

        I2pDestination api() {
            return new I2pDestination(destination.toBase64(), destination.toBase32());
        }

        byte[] sign(byte[] data) {
            return DSAEngine.getInstance().sign(data, key).getData();
        }
    }

    static Identity newIdentity() {
        try {
            ByteArrayOutputStream keys = new ByteArrayOutputStream();
            Destination destination = I2PClientFactory.createClient().createDestination(keys, SigType.EdDSA_SHA512_Ed25519);
            return new Identity(destination, new PrivateKeyFile(new ByteArrayInputStream(keys.toByteArray())).getSigningPrivKey());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    final Identity own;
    /** url → body served with 200 */
    final Map<String, String> sites = new ConcurrentHashMap<>();
    /** How many GETs of a URL are refused with 429 (the site shedding load) before it answers. */
    final Map<String, Integer> busyAnswers = new ConcurrentHashMap<>();
    /** The body of those refusals (the I2P streaming library's own, or the server tunnel's). */
    volatile String busyBody = "";
    final Map<String, I2pDestination> book = new TreeMap<>();
    volatile int fetches;

    FakeI2p(Identity own) {
        this.own = own;
    }

    @Override
    public I2pState state() {
        return I2pState.READY;
    }

    @Override
    public Optional<I2pDestination> ownDestination() {
        return Optional.of(own.api());
    }

    @Override
    public I2pStream connect(String target, Duration timeout) throws I2pException {
        throw new I2pException(I2pException.Reason.UNREACHABLE, "not in unit tests");
    }

    @Override
    public I2pHttpResponse httpGet(String url, int maxBytes, Duration timeout) throws I2pException {
        fetches++;
        Integer busy = busyAnswers.get(url);
        if (busy != null && busy > 0) {
            busyAnswers.put(url, busy - 1);
            return new I2pHttpResponse(429, Map.of(), busyBody.getBytes(StandardCharsets.UTF_8));
        }
        String body = sites.get(url);
        if (body == null) {
            throw new I2pException(I2pException.Reason.UNREACHABLE, url + " is off");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw new I2pException(I2pException.Reason.BAD_RESPONSE, "answer larger than " + maxBytes + " bytes");
        }
        return new I2pHttpResponse(200, Map.of(), bytes);
    }

    /** Bodies posted, by URL, in order. */
    public final List<Map.Entry<String, byte[]>> posts = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The status each posted URL answers (200 when absent); a URL mapped to 0 is off. */
    public final Map<String, Integer> postAnswers = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public I2pHttpResponse httpPost(String url, String contentType, byte[] body, int maxBytes, Duration timeout)
            throws I2pException {
        int status = postAnswers.getOrDefault(url, 200);
        if (status == 0) {
            throw new I2pException(I2pException.Reason.UNREACHABLE, url + " is off");
        }
        posts.add(Map.entry(url, body));
        return new I2pHttpResponse(status, Map.of(), new byte[0]);
    }

    @Override
    public I2pHttpStream httpStream(String url, String range, Duration timeout) throws I2pException {
        throw new I2pException(I2pException.Reason.UNREACHABLE, "not in unit tests");
    }

    @Override
    public byte[] signAsDestination(byte[] data) {
        if (!new String(data, StandardCharsets.US_ASCII).startsWith(SIGNED_PREFIX)) {
            throw new IllegalArgumentException("prefix");
        }
        return own.sign(data);
    }

    @Override
    public synchronized List<AddressBookEntry> addressBook() {
        return book.entrySet().stream().map(e -> new AddressBookEntry(e.getKey(), e.getValue())).toList();
    }

    @Override
    public synchronized AddressBookEntry addName(String name, String destination) {
        Destination d = new Destination();
        try {
            d.fromBase64(destination);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        I2pDestination api = new I2pDestination(destination, d.toBase32());
        book.put(name, api);
        return new AddressBookEntry(name, api);
    }

    @Override
    public synchronized boolean removeName(String name) {
        return book.remove(name) != null;
    }

    @Override
    public synchronized Optional<I2pDestination> lookup(String nameOrDestination) {
        I2pDestination named = book.get(nameOrDestination);
        if (named != null) {
            return Optional.of(named);
        }
        return book.values().stream().filter(d -> d.b32().equals(nameOrDestination)).findFirst();
    }
}
