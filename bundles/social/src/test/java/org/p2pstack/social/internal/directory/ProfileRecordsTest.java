package org.p2pstack.social.internal.directory;

import org.p2pstack.api.profile.ProfileRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.i2p.client.I2PClientFactory;
import net.i2p.crypto.DSAEngine;
import net.i2p.crypto.SigType;
import net.i2p.data.Destination;
import net.i2p.data.PrivateKeyFile;
import net.i2p.data.SigningPrivateKey;

/** Records signed with real I2P Ed25519 destinations, made by the I2P library itself. */
class ProfileRecordsTest {

    /** An I2P identity: the destination and its signing key. */
    record Identity(Destination destination, SigningPrivateKey key) {
        ProfileRecord record(String nickname, long seq, long time) {
            ProfileRecord unsigned = new ProfileRecord(nickname, "bafyavatar", destination.toBase64(), destination.toBase32(),
                    "swarmkey", "12D3KooWpeer", seq, time, "");
            return unsigned.signed(DSAEngine.getInstance().sign(ProfileRecords.signedBytes(unsigned), key).getData());
        }
    }

    static Identity alice;
    static Identity mallory;
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    static Identity newIdentity() throws Exception {
        ByteArrayOutputStream keys = new ByteArrayOutputStream();
        Destination destination = I2PClientFactory.createClient().createDestination(keys, SigType.EdDSA_SHA512_Ed25519);
        PrivateKeyFile file = new PrivateKeyFile(new ByteArrayInputStream(keys.toByteArray()));
        return new Identity(destination, file.getSigningPrivKey());
    }

    @BeforeAll
    static void identities() throws Exception {
        alice = newIdentity();
        mallory = newIdentity();
    }

    @Test
    void destinationsParseLikeI2pDoes() {
        I2pDestination parsed = I2pDestination.parse(alice.destination().toBase64());
        assertEquals(alice.destination().toBase32(), parsed.b32());
    }

    @Test
    void aGenuineRecordVerifies() throws Exception {
        ProfileRecord record = alice.record("Alice", 3, NOW.toEpochMilli());
        ProfileRecord verified = ProfileRecords.verify(ProfileRecords.toJson(record), NOW);
        assertEquals("Alice", verified.nickname());
        assertEquals(alice.destination().toBase32(), verified.b32());
        assertEquals(3, verified.seq());
    }

    @Test
    void forgedRecordsAreDropped() throws Exception {
        // Mallory signs a record claiming Alice's destination with Mallory's key
        ProfileRecord genuine = alice.record("Alice", 4, NOW.toEpochMilli());
        ProfileRecord unsigned = new ProfileRecord("Alice", "bafyevil", genuine.destination(), genuine.b32(), "", "", 9,
                NOW.toEpochMilli(), "");
        ProfileRecord forged = unsigned.signed(DSAEngine.getInstance().sign(ProfileRecords.signedBytes(unsigned), mallory.key()).getData());
        assertEquals("bad signature", assertThrows(ProfileRecords.InvalidRecordException.class,
                () -> ProfileRecords.verify(ProfileRecords.toJson(forged), NOW)).getMessage());
        // a genuine record with one field changed afterwards
        String tampered = ProfileRecords.toJson(genuine).replace("\"nickname\":\"Alice\"", "\"nickname\":\"Alicia\"");
        assertThrows(ProfileRecords.InvalidRecordException.class, () -> ProfileRecords.verify(tampered, NOW));
        // a b32 that is not the destination's
        String otherB32 = ProfileRecords.toJson(genuine).replace(genuine.b32(), mallory.destination().toBase32());
        assertEquals("b32 does not belong to the destination", assertThrows(ProfileRecords.InvalidRecordException.class,
                () -> ProfileRecords.verify(otherB32, NOW)).getMessage());
    }

    @Test
    void oversizedFutureAndMalformedRecordsAreDropped() throws Exception {
        ProfileRecord future = alice.record("Alice", 1, NOW.plus(ProfileRecords.MAX_FUTURE).plusSeconds(60).toEpochMilli());
        assertEquals("record dated in the future", assertThrows(ProfileRecords.InvalidRecordException.class,
                () -> ProfileRecords.verify(ProfileRecords.toJson(future), NOW)).getMessage());
        String huge = ProfileRecords.toJson(alice.record("Alice", 1, NOW.toEpochMilli())).replace("\"avatar\":\"bafyavatar\"",
                "\"avatar\":\"" + "x".repeat(ProfileRecords.MAX_RECORD_BYTES) + "\"");
        assertThrows(ProfileRecords.InvalidRecordException.class, () -> ProfileRecords.verify(huge, NOW));
        for (String bad : new String[] { "", "[]", "{}", "null", "{\"nickname\":\"A\"}", "not json at all" }) {
            assertThrows(ProfileRecords.InvalidRecordException.class, () -> ProfileRecords.verify(bad, NOW), bad);
        }
        ProfileRecord badName = alice.record("\u0007bell", 1, NOW.toEpochMilli());
        assertThrows(ProfileRecords.InvalidRecordException.class, () -> ProfileRecords.verify(ProfileRecords.toJson(badName), NOW));
    }

    @Test
    void mergeKeepsTheNewestSeqAndRefusesReplays() throws Exception {
        DirectoryMerge directory = new DirectoryMerge();
        ProfileRecord v2 = ProfileRecords.verify(ProfileRecords.toJson(alice.record("Alice", 2, NOW.toEpochMilli())), NOW);
        ProfileRecord v1 = ProfileRecords.verify(ProfileRecords.toJson(alice.record("Old Alice", 1, NOW.toEpochMilli())), NOW);
        ProfileRecord v3 = ProfileRecords.verify(ProfileRecords.toJson(alice.record("Alice B.", 3, NOW.toEpochMilli())), NOW);
        assertEquals(DirectoryMerge.Outcome.ADDED, directory.merge(v2));
        assertEquals(DirectoryMerge.Outcome.STALE, directory.merge(v1), "an older record is a replay");
        assertEquals(DirectoryMerge.Outcome.STALE, directory.merge(v2), "the same seq changes nothing");
        assertEquals(DirectoryMerge.Outcome.UPDATED, directory.merge(v3));
        assertEquals("Alice B.", directory.find(alice.destination().toBase32()).orElseThrow().nickname());
        ProfileRecord m = ProfileRecords.verify(ProfileRecords.toJson(mallory.record("alice", 1, NOW.toEpochMilli())), NOW);
        directory.merge(m);
        assertEquals(2, directory.search("ALICE").size(), "names are not unique: both are found");
        assertEquals("Alice B.", directory.search("alice").get(0).nickname(), "the longest known first, whatever the name");
        DirectoryMerge sameMoment = new DirectoryMerge();
        sameMoment.merge(v3, NOW, true);
        sameMoment.merge(m, NOW, true);
        assertEquals("alice", sameMoment.search("alice").get(0).nickname(), "first seen together: the exact name first");
    }

    @Test
    void theDirectoryIsBoundedAndKeepsWhomItKnew() throws Exception {
        DirectoryMerge directory = new DirectoryMerge(1);
        ProfileRecord old = ProfileRecords.verify(ProfileRecords.toJson(alice.record("Alice", 1, NOW.minusSeconds(100).toEpochMilli())), NOW);
        ProfileRecord fresh = ProfileRecords.verify(ProfileRecords.toJson(mallory.record("Mallory", 1, NOW.toEpochMilli())), NOW);
        directory.merge(old, NOW.minusSeconds(60), true);
        assertEquals(DirectoryMerge.Outcome.FULL, directory.merge(fresh, NOW, true), "a newcomer does not push out the known");
        assertEquals(1, directory.size());
        assertTrue(directory.find(old.b32()).isPresent());
        // someone the user trusts (follows, visited) takes the place of the stranger first seen last
        directory.trust(java.util.Set.of(fresh.b32()));
        assertEquals(DirectoryMerge.Outcome.ADDED, directory.merge(fresh, NOW, false));
        assertTrue(directory.find(old.b32()).isEmpty());
        // and is never pushed out, neither by strangers nor by a record dated later
        assertEquals(DirectoryMerge.Outcome.FULL, directory.merge(old, NOW.plusSeconds(1), true));
        assertEquals(0, directory.forgetSilent(NOW.plus(DirectoryMerge.FORGET_AFTER).plusSeconds(1)), "trusted: never forgotten");
        directory.trust(java.util.Set.of());
        assertEquals(1, directory.forgetSilent(NOW.plus(DirectoryMerge.FORGET_AFTER).plusSeconds(1)), "untrusted and silent: forgotten");
    }
}
