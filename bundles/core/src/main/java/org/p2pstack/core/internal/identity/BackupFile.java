package org.p2pstack.core.internal.identity;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.p2pstack.api.identity.IdentityBackupException;
import org.p2pstack.api.identity.IdentityBackupException.Reason;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The backup file: one line naming the format, one line of JSON with the key derivation's settings (salt, memory,
 * passes), then the sealed files. The key comes from the passphrase by Argon2id (memory-hard, so guessing costs
 * memory as well as time); the files, a ZIP of {@link IdentityFiles} entries, are sealed with ChaCha20-Poly1305 under
 * it, with both header lines as associated data, so a changed setting or a single flipped bit is refused. Nothing
 * about the owner is readable without the passphrase.
 */
final class BackupFile {

    static final String MAGIC = "p2pstack-identity-backup/1";
    /** Argon2id settings for new backups: 64 MiB, 3 passes (about half a second here). */
    static final int MEMORY_KIB = 64 * 1024;
    static final int PASSES = 3;
    /** What a file may ask for when it is opened: a file is untrusted input too. */
    static final int MAX_MEMORY_KIB = 512 * 1024;
    static final int MAX_PASSES = 16;
    /** Largest backup file and largest total of what it holds. */
    static final int MAX_FILE_BYTES = 32 * 1024 * 1024;
    static final int MAX_HEADER_BYTES = 1024;

    private final SecureRandom random;
    private final int memoryKib;
    private final int passes;

    BackupFile(SecureRandom random) {
        this(random, MEMORY_KIB, PASSES);
    }

    /** With lighter settings, for tests. */
    BackupFile(SecureRandom random, int memoryKib, int passes) {
        this.random = random;
        this.memoryKib = memoryKib;
        this.passes = passes;
    }

    byte[] seal(Map<String, byte[]> files, char[] passphrase) throws IdentityBackupException {
        byte[] salt = bytes(16);
        byte[] nonce = bytes(12);
        JsonObject settings = new JsonObject();
        settings.addProperty("kdf", "argon2id");
        settings.addProperty("memoryKib", memoryKib);
        settings.addProperty("passes", passes);
        settings.addProperty("lanes", 1);
        settings.addProperty("salt", Base64.getEncoder().encodeToString(salt));
        settings.addProperty("nonce", Base64.getEncoder().encodeToString(nonce));
        byte[] header = (MAGIC + "\n" + settings + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] key = key(passphrase, salt, memoryKib, passes);
        try {
            Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
            cipher.updateAAD(header);
            byte[] sealed = cipher.doFinal(zip(files));
            byte[] out = Arrays.copyOf(header, header.length + sealed.length);
            System.arraycopy(sealed, 0, out, header.length, sealed.length);
            return out;
        } catch (GeneralSecurityException | IOException e) {
            throw new IdentityBackupException(Reason.NODE, "The backup could not be made: " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    Map<String, byte[]> open(byte[] file, char[] passphrase) throws IdentityBackupException {
        if (file == null || file.length > MAX_FILE_BYTES) {
            throw notABackup();
        }
        int first = indexOf(file, 0);
        int second = first < 0 ? -1 : indexOf(file, first + 1);
        if (second < 0 || second > MAX_HEADER_BYTES
                || !MAGIC.equals(new String(file, 0, first, StandardCharsets.UTF_8))) {
            throw notABackup();
        }
        byte[] header = Arrays.copyOf(file, second + 1);
        byte[] salt;
        byte[] nonce;
        int memory;
        int rounds;
        try {
            JsonObject s = JsonParser.parseString(new String(file, first + 1, second - first - 1, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!"argon2id".equals(s.get("kdf").getAsString()) || s.get("lanes").getAsInt() != 1) {
                throw notABackup();
            }
            memory = s.get("memoryKib").getAsInt();
            rounds = s.get("passes").getAsInt();
            salt = Base64.getDecoder().decode(s.get("salt").getAsString());
            nonce = Base64.getDecoder().decode(s.get("nonce").getAsString());
        } catch (RuntimeException e) {
            throw notABackup();
        }
        if (memory < 8 || memory > MAX_MEMORY_KIB || rounds < 1 || rounds > MAX_PASSES || salt.length < 16 || salt.length > 64
                || nonce.length != 12 || file.length - header.length < 16) {
            throw notABackup();
        }
        byte[] key = key(passphrase, salt, memory, rounds);
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
            cipher.updateAAD(header);
            plain = cipher.doFinal(file, header.length, file.length - header.length);
        } catch (AEADBadTagException e) {
            throw new IdentityBackupException(Reason.WRONG_PASSPHRASE,
                    "This passphrase does not open the backup (or the file was changed or cut short). Nothing was changed.");
        } catch (GeneralSecurityException e) {
            throw new IdentityBackupException(Reason.NODE, "The backup could not be opened: " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        try {
            return unzip(plain);
        } catch (IOException e) {
            throw notABackup();
        }
    }

    private static IdentityBackupException notABackup() {
        return new IdentityBackupException(Reason.BAD_INPUT,
                "This file is not a p2pstack backup (or it was cut short). Nothing was changed.");
    }

    private static byte[] key(char[] passphrase, byte[] salt, int memoryKib, int passes) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(salt).withMemoryAsKB(memoryKib)
                .withIterations(passes).withParallelism(1).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] key = new byte[32];
        generator.generateBytes(passphrase, key);
        return key;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < Math.min(bytes.length, MAX_HEADER_BYTES + 1); i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Only names {@link IdentityFiles} knows, each once, bounded in size. */
    private static Map<String, byte[]> unzip(byte[] plain) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(plain))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (!IdentityFiles.known(entry.getName()) || files.containsKey(entry.getName())) {
                    throw new IOException("unexpected entry " + entry.getName());
                }
                byte[] bytes = readAtMost(zip, MAX_FILE_BYTES - total);
                total += bytes.length;
                files.put(entry.getName(), bytes);
            }
        }
        if (!files.containsKey(IdentityFiles.I2P_DESTINATION)) {
            throw new IOException("no I2P destination");
        }
        return files;
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > limit) {
                throw new IOException("too big");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
