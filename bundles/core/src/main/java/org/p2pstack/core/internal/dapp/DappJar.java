package org.p2pstack.core.internal.dapp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.osgi.framework.Constants;
import org.p2pstack.api.dapp.Dapp;
import org.p2pstack.api.dapp.DappHeaders;

/**
 * A jar found in {@code deploy/}, read before anything is installed: its manifest, what it claims to be and its
 * SHA-256. The file is a third party's, so its size is bounded and every header goes through {@link DappManifest}.
 */
record DappJar(Path file, Manifest manifest, String sha256) {

    /** Larger jars are refused: a dApp is pages and a little code, not a video library. */
    static final long MAX_JAR_BYTES = 256L << 20;

    static DappJar read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_JAR_BYTES) {
            throw new IOException(file.getFileName() + " is " + (size >> 20) + " MiB; a dApp may be at most "
                    + (MAX_JAR_BYTES >> 20) + " MiB");
        }
        Manifest manifest;
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            manifest = jar.getManifest();
        }
        return new DappJar(file, manifest == null ? new Manifest() : manifest, sha256(file));
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    String header(String name) {
        Attributes main = manifest.getMainAttributes();
        return main.getValue(name);
    }

    String fileName() {
        return file.getFileName().toString();
    }

    /** True when it says it is a dApp, whether or not the rest of it is valid. */
    boolean claimsToBeDapp() {
        return header(DappHeaders.NAME) != null;
    }

    /** True when the framework can install it at all: an OSGi R4+ bundle with a symbolic name. */
    boolean isBundle() {
        return "2".equals(strip(header(Constants.BUNDLE_MANIFESTVERSION))) && header(Constants.BUNDLE_SYMBOLICNAME) != null;
    }

    /** The dApp it describes, or empty when it is not a dApp; invalid metadata is an exception with the reason. */
    Optional<Dapp> dapp() throws DappManifest.InvalidDappException {
        return DappManifest.parse(this::header, -1);
    }

    String version() {
        String v = strip(header(Constants.BUNDLE_VERSION));
        return v == null ? "0.0.0" : v;
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }
}
