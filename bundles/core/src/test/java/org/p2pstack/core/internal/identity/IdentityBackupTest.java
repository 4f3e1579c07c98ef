package org.p2pstack.core.internal.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.identity.IdentityBackupException;
import org.p2pstack.api.identity.IdentityBackupException.Reason;
import org.p2pstack.api.identity.IdentityBackupService.Restored;

class IdentityBackupTest {

    private static final char[] PASSPHRASE = "correct horse battery".toCharArray();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** Light Argon2id settings: the format is the same, the test is quick. */
    private final BackupFile format = new BackupFile(new SecureRandom(), 64, 1);

    private static byte[] destination(int seed) {
        byte[] keys = new byte[387 + 256 + 32];
        Arrays.fill(keys, (byte) seed);
        keys[384] = 0; // certificate: type 0, length 0
        keys[385] = 0;
        keys[386] = 0;
        return keys;
    }

    private IdentityBackupServiceImpl node(String name, Map<String, String> files, byte[] keys) throws Exception {
        Path root = dir.resolve(name);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.createDirectories(root.resolve(f.getKey()).getParent());
            Files.writeString(root.resolve(f.getKey()), f.getValue());
        }
        if (keys != null) {
            Files.createDirectories(root.resolve("i2p"));
            Files.write(root.resolve(IdentityFiles.I2P_DESTINATION), keys);
        }
        return new IdentityBackupServiceImpl(root, format, null, CLOCK);
    }

    private static Map<String, String> alicesFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("swarm/swarm-key.seed", "alice's swarm seed");
        files.put("ipfs/identity.key", "alice's ipfs key");
        files.put("profile/profile.json", "{\"nickname\":\"Alice 🌸\",\"bio\":\"hi\"}");
        files.put("follows/follows.json", "{\"following\":[\"bob\"]}");
        files.put("content/not-identity.txt", "the shared folder and the rest stay out");
        return files;
    }

    @Test
    void aBackupRestoredIntoAFreshNodeBringsBackTheIdentityAndNothingElse() throws Exception {
        byte[] backup = node("a", alicesFiles(), destination(7)).backup(PASSPHRASE);
        Restored restored = node("c", Map.of(), null).restore(backup, PASSPHRASE, false);

        Path c = dir.resolve("c");
        assertArrayEquals(destination(7), Files.readAllBytes(c.resolve(IdentityFiles.I2P_DESTINATION)));
        assertEquals("alice's swarm seed", Files.readString(c.resolve("swarm/swarm-key.seed")));
        assertEquals("alice's ipfs key", Files.readString(c.resolve("ipfs/identity.key")));
        assertEquals("{\"following\":[\"bob\"]}", Files.readString(c.resolve("follows/follows.json")));
        assertFalse(Files.exists(c.resolve("content/not-identity.txt")), "only identity files travel");
        assertEquals("Alice 🌸", restored.nickname());
        assertTrue(restored.b32().matches("[a-z2-7]{52}\\.b32\\.i2p"), restored.b32());
        assertEquals(IdentityBackupServiceImpl.b32(destination(7)), restored.b32());
        assertNull(restored.keptAside(), "a fresh node had nothing to keep aside");
        // a fresh install's own new keys (no nickname yet) are replaced without asking, and kept aside
        Restored again = node("d", Map.of(), destination(5)).restore(backup, PASSPHRASE, false);
        assertArrayEquals(destination(5), Files.readAllBytes(again.keptAside().resolve(IdentityFiles.I2P_DESTINATION)));
        // the next signed record goes above anything the old computer can have signed
        assertEquals(Long.toString(CLOCK.millis() / 1000), Files.readString(c.resolve(IdentityFiles.SEQ_FLOOR)));
        // no passphrase, no key in the file
        String text = new String(backup, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("Alice") || text.contains("swarm seed"), "nothing readable without the passphrase");
    }

    @Test
    void aWrongPassphraseOrADamagedFileIsRefusedAndChangesNothing() throws Exception {
        byte[] backup = node("a", alicesFiles(), destination(7)).backup(PASSPHRASE);
        IdentityBackupServiceImpl c = node("c", Map.of("profile/profile.json", "{\"nickname\":\"Carol\"}"), null);

        IdentityBackupException wrong = assertThrows(IdentityBackupException.class,
                () -> c.restore(backup, "wrong passphrase!".toCharArray(), true));
        assertEquals(Reason.WRONG_PASSPHRASE, wrong.reason());
        assertTrue(wrong.getMessage().contains("Nothing was changed"), wrong.getMessage());

        byte[] truncated = Arrays.copyOf(backup, backup.length - 40);
        assertEquals(Reason.WRONG_PASSPHRASE, assertThrows(IdentityBackupException.class, () -> c.restore(truncated, PASSPHRASE, true)).reason());
        byte[] headerOnly = Arrays.copyOf(backup, 30);
        assertEquals(Reason.BAD_INPUT, assertThrows(IdentityBackupException.class, () -> c.restore(headerOnly, PASSPHRASE, true)).reason());
        assertEquals(Reason.BAD_INPUT, assertThrows(IdentityBackupException.class,
                () -> c.restore("a holiday photo".getBytes(), PASSPHRASE, true)).reason());
        // a setting changed in the clear header (here: fewer passes) no longer opens: the header is sealed in
        byte[] changed = new String(backup, StandardCharsets.ISO_8859_1).replaceFirst("\"passes\":1", "\"passes\":2")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(Reason.WRONG_PASSPHRASE, assertThrows(IdentityBackupException.class, () -> c.restore(changed, PASSPHRASE, true)).reason());

        assertEquals("{\"nickname\":\"Carol\"}", Files.readString(dir.resolve("c/profile/profile.json")));
        assertFalse(Files.exists(dir.resolve("c").resolve(IdentityFiles.I2P_DESTINATION)));
    }

    @Test
    void aFileAskingForHugeMemoryIsRefusedBeforeAnyWork() throws Exception {
        byte[] backup = node("a", alicesFiles(), destination(7)).backup(PASSPHRASE);
        byte[] greedy = new String(backup, StandardCharsets.ISO_8859_1).replaceFirst("\"memoryKib\":64", "\"memoryKib\":99999999")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(Reason.BAD_INPUT, assertThrows(IdentityBackupException.class,
                () -> node("c", Map.of(), null).restore(greedy, PASSPHRASE, false)).reason());
    }

    @Test
    void aSealedEntryOutsideTheIdentityListIsRefused() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(IdentityFiles.I2P_DESTINATION, destination(3));
        files.put("../../../etc/cron.d/evil", "* * * * * root sh".getBytes());
        byte[] forged = format.seal(files, PASSPHRASE);
        assertEquals(Reason.BAD_INPUT, assertThrows(IdentityBackupException.class,
                () -> node("c", Map.of(), null).restore(forged, PASSPHRASE, false)).reason());
        assertFalse(Files.exists(dir.resolve("etc")));
    }

    @Test
    void restoringOverAnIdentityAsksFirstThenKeepsTheOldOneAside() throws Exception {
        byte[] backup = node("a", alicesFiles(), destination(7)).backup(PASSPHRASE);
        IdentityBackupServiceImpl b = node("b", Map.of("swarm/swarm-key.seed", "bob's seed", "profile/profile.json", "{\"nickname\":\"Bob\"}"),
                destination(9));

        IdentityBackupException asks = assertThrows(IdentityBackupException.class, () -> b.restore(backup, PASSPHRASE, false));
        assertEquals(Reason.HAS_IDENTITY, asks.reason());
        assertArrayEquals(destination(9), Files.readAllBytes(dir.resolve("b").resolve(IdentityFiles.I2P_DESTINATION)));

        Restored restored = b.restore(backup, PASSPHRASE, true);
        assertArrayEquals(destination(7), Files.readAllBytes(dir.resolve("b").resolve(IdentityFiles.I2P_DESTINATION)));
        assertArrayEquals(destination(9), Files.readAllBytes(restored.keptAside().resolve(IdentityFiles.I2P_DESTINATION)));
        assertEquals("bob's seed", Files.readString(restored.keptAside().resolve("swarm/swarm-key.seed")));
    }

    /** A backup file is untrusted input: whatever is done to it, opening it ends in a plain refusal, never a crash. */
    @Test
    void anyDamageToTheFileEndsInAPlainRefusal() throws Exception {
        byte[] backup = node("a", alicesFiles(), destination(7)).backup(PASSPHRASE);
        java.util.Random random = new java.util.Random(21);
        for (int round = 0; round < 300; round++) {
            byte[] damaged = backup.clone();
            switch (round % 3) {
                case 0 -> damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
                case 1 -> damaged = Arrays.copyOf(damaged, random.nextInt(damaged.length));
                default -> {
                    // damage the clear header's text (settings, line ends) where a parser could trip
                    int at = random.nextInt(Math.min(damaged.length, 200));
                    String tricky = "{}\":,\n0-9aZ";
                    damaged[at] = (byte) tricky.charAt(random.nextInt(tricky.length()));
                }
            }
            byte[] attempt = damaged;
            if (Arrays.equals(attempt, backup)) {
                continue;
            }
            IdentityBackupException e = assertThrows(IdentityBackupException.class,
                    () -> node("c" + (attempt.length % 2), Map.of(), null).restore(attempt, PASSPHRASE, false), "round " + round);
            assertTrue(e.reason() == Reason.BAD_INPUT || e.reason() == Reason.WRONG_PASSPHRASE, "round " + round + ": " + e.reason());
        }
        assertFalse(Files.exists(dir.resolve("c0").resolve(IdentityFiles.I2P_DESTINATION)));
        assertFalse(Files.exists(dir.resolve("c1").resolve(IdentityFiles.I2P_DESTINATION)));
    }

    @Test
    void aShortPassphraseIsRefusedInPlainWords() throws Exception {
        IdentityBackupException e = assertThrows(IdentityBackupException.class,
                () -> node("a", alicesFiles(), destination(7)).backup("short".toCharArray()));
        assertEquals(Reason.BAD_INPUT, e.reason());
        assertTrue(e.getMessage().startsWith("Choose a passphrase of at least 10 characters"), e.getMessage());
    }

    @Test
    void aNodeWithoutAnAddressHasNothingToBackUp() throws Exception {
        assertEquals(Reason.NODE, assertThrows(IdentityBackupException.class,
                () -> node("x", Map.of(), null).backup(PASSPHRASE)).reason());
    }
}
