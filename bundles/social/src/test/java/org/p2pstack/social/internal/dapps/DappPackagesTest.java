package org.p2pstack.social.internal.dapps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.p2pstack.social.internal.dapps.DappPackages.BadPackageException;
import org.p2pstack.social.internal.directory.Forger;
import org.p2pstack.social.internal.directory.I2pDestination;

class DappPackagesTest {

    private static final String JAR_CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    private final DappPackages packages = new DappPackages();
    private final Forger alice = new Forger();
    private final String aliceDestination = alice.destination();

    private DappPackage guestbook(String destination) {
        return new DappPackage("guestbook", "1.2.0", "Guestbook", "Notes left by friends.", "static", "",
                List.of("ipfs", "hypercore"), JAR_CID, "a".repeat(64), 12_345, destination, "", "Alice", 1_700_000_000_000L);
    }

    private byte[] signed(DappPackage p, Forger signer) {
        String body = packages.body(p);
        return packages.envelope(body, signer.sign(DappPackages.signedBytes(body))).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPackageSignedByItsAuthorVerifiesAndNamesTheirAddress() throws Exception {
        DappPackage p = packages.verify(signed(guestbook(aliceDestination), alice));
        assertEquals("guestbook", p.name());
        assertEquals(List.of("ipfs", "hypercore"), p.permissions());
        assertEquals(I2pDestination.parse(aliceDestination).b32(), p.b32(), "the author is who the key says, not who the JSON says");
        assertTrue(p.isStatic());
    }

    @Test
    void aChangedPackageIsRefused() throws Exception {
        String text = new String(signed(guestbook(aliceDestination), alice), StandardCharsets.UTF_8);
        // more permissions than the author signed for
        String tampered = text.replace("\\\"ipfs\\\",", "\\\"ipfs\\\",\\\"chat\\\",");
        assertTrue(!tampered.equals(text));
        BadPackageException e = assertThrows(BadPackageException.class, () -> packages.verify(tampered.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("signature does not match"), e.getMessage());
    }

    @Test
    void someoneElsesKeyCannotSignForTheAuthor() {
        // Mallory signs a package that names Alice's destination
        BadPackageException e = assertThrows(BadPackageException.class,
                () -> packages.verify(signed(guestbook(aliceDestination), new Forger())));
        assertTrue(e.getMessage().contains("signature does not match"), e.getMessage());
    }

    @Test
    void fieldsFromAPeerAreBounded() {
        DappPackage badName = new DappPackage("../../etc", "1.0.0", "x", "", "static", "", List.of(), JAR_CID, "a".repeat(64), 1,
                aliceDestination, "", "", 0);
        assertThrows(BadPackageException.class, () -> packages.verify(signed(badName, alice)));
        DappPackage unknownPermission = new DappPackage("ok", "1.0.0", "x", "", "static", "", List.of("root"), JAR_CID,
                "a".repeat(64), 1, aliceDestination, "", "", 0);
        assertThrows(BadPackageException.class, () -> packages.verify(signed(unknownPermission, alice)));
        DappPackage hugeJar = new DappPackage("ok", "1.0.0", "x", "", "static", "", List.of(), JAR_CID, "a".repeat(64),
                DappPackages.MAX_JAR_BYTES + 1, aliceDestination, "", "", 0);
        assertThrows(BadPackageException.class, () -> packages.verify(signed(hugeJar, alice)));
        DappPackage strangeKind = new DappPackage("ok", "1.0.0", "x", "", "native", "", List.of(), JAR_CID, "a".repeat(64), 1,
                aliceDestination, "", "", 0);
        assertThrows(BadPackageException.class, () -> packages.verify(signed(strangeKind, alice)));
        assertThrows(BadPackageException.class, () -> packages.verify(new byte[DappPackages.MAX_PACKAGE_BYTES + 1]));
        assertThrows(BadPackageException.class, () -> packages.verify("{\"body\": 3}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(BadPackageException.class, () -> packages.verify("not json".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void versionsCompareAsOsgiVersions() {
        assertTrue(SharedDapps.compare("1.10.0", "1.9.0") > 0);
        assertTrue(SharedDapps.compare("1.0.0", "1.0.0") == 0);
        assertTrue(SharedDapps.compare("1.0.0.SNAPSHOT", "1.0.0") > 0);
    }

    @Test
    void theApiRangeIsWhereAllApiImportsOverlap() {
        assertEquals("[1.2,2)", JarFacts.apiRange("javax.servlet;version=\"[3.1,5)\",org.p2pstack.api.status;version=\"[1.2,2)\","
                + "org.p2pstack.api.dapp;version=\"[1.1,2)\""));
        assertEquals("", JarFacts.apiRange("javax.servlet;version=\"[3.1,5)\""));
        assertEquals("", JarFacts.apiRange(""));
    }
}
