package org.p2pstack.social.internal.directory;

import org.p2pstack.api.profile.ProfileRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.i2p.AddressBookEntry;
import org.p2pstack.api.i2p.I2pDestination;
import org.p2pstack.api.i2p.I2pException;
import org.p2pstack.api.i2p.I2pHttpResponse;
import org.p2pstack.api.i2p.I2pHttpStream;
import org.p2pstack.api.i2p.I2pService;
import org.p2pstack.api.i2p.I2pState;
import org.p2pstack.api.i2p.I2pStream;
import org.p2pstack.api.profile.Profile;
import org.p2pstack.api.profile.ProfileService;

import net.i2p.client.I2PClientFactory;
import net.i2p.crypto.DSAEngine;
import net.i2p.crypto.SigType;
import net.i2p.data.Destination;
import net.i2p.data.PrivateKeyFile;
import net.i2p.data.SigningPrivateKey;

/** The node's own record, signed by a real I2P destination's key, re-signed with seq + 1 on every change. */
class OwnProfileRecordServiceTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    /** Signs like the I2P bundle: the destination's Ed25519 key, only texts with the p2pstack prefix. */
    static final class SigningI2p implements I2pService {
        Destination destination;
        SigningPrivateKey key;
        boolean loaded = true;

        SigningI2p() throws Exception {
            renew();
        }

        void renew() throws Exception {
            ByteArrayOutputStream keys = new ByteArrayOutputStream();
            destination = I2PClientFactory.createClient().createDestination(keys, SigType.EdDSA_SHA512_Ed25519);
            key = new PrivateKeyFile(new ByteArrayInputStream(keys.toByteArray())).getSigningPrivKey();
        }

        @Override
        public byte[] signAsDestination(byte[] data) throws I2pException {
            if (!new String(data, StandardCharsets.US_ASCII).startsWith(SIGNED_PREFIX)) {
                throw new IllegalArgumentException("prefix");
            }
            if (!loaded) {
                throw new I2pException(I2pException.Reason.NOT_READY, "not loaded");
            }
            return DSAEngine.getInstance().sign(data, key).getData();
        }

        @Override
        public Optional<I2pDestination> ownDestination() {
            return loaded ? Optional.of(new I2pDestination(destination.toBase64(), destination.toBase32())) : Optional.empty();
        }

        @Override
        public I2pState state() {
            return I2pState.READY;
        }

        @Override
        public I2pStream connect(String target, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public I2pHttpResponse httpGet(String url, int maxBytes, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public I2pHttpResponse httpPost(String url, String contentType, byte[] body, int maxBytes, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public I2pHttpStream httpStream(String url, String range, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<AddressBookEntry> addressBook() {
            return List.of();
        }

        @Override
        public AddressBookEntry addName(String name, String destination) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean removeName(String name) {
            return false;
        }

        @Override
        public Optional<I2pDestination> lookup(String nameOrDestination) {
            return Optional.empty();
        }
    }

    /** A profile held in memory. */
    static final class Profiles implements ProfileService {
        Profile profile;
        Avatar avatar;
        boolean link;

        void set(String nickname) {
            profile = new Profile(nickname, "", avatar != null, NOW, profile == null ? 1 : profile.revision() + 1, link);
        }

        @Override
        public Profile setLinkNetworks(boolean linkNetworks) {
            link = linkNetworks;
            set(profile.nickname());
            return profile;
        }

        @Override
        public Optional<Profile> profile() {
            return Optional.ofNullable(profile);
        }

        @Override
        public Profile update(String nickname, String bio) {
            set(nickname);
            return profile;
        }

        @Override
        public Profile setAvatar(byte[] image) {
            avatar = new Avatar("image/png", image);
            set(profile.nickname());
            return profile;
        }

        @Override
        public Optional<Avatar> avatar() {
            return Optional.ofNullable(avatar);
        }

        @Override
        public String checkNickname(String nickname) {
            return null;
        }
    }

    OwnProfileRecordService service(Profiles profiles, SigningI2p i2p) {
        return new OwnProfileRecordService(dir.resolve("own-record.json"), profiles, i2p, Clock.fixed(NOW, ZoneOffset.UTC), false);
    }

    @Test
    void theRecordIsSignedByTheDestinationAndVerifiesElsewhere() throws Exception {
        SigningI2p i2p = new SigningI2p();
        Profiles profiles = new Profiles();
        OwnProfileRecordService own = service(profiles, i2p);
        assertTrue(own.refresh().isEmpty(), "no record before there is a nickname");
        profiles.set("Zoë_Q");
        ProfileRecord record = own.refresh().orElseThrow();
        ProfileRecord verified = ProfileRecords.verify(ProfileRecords.toJson(record), NOW);
        assertEquals("Zoë_Q", verified.nickname());
        assertEquals(i2p.destination.toBase32(), verified.b32());
        assertEquals(1, verified.seq());
        assertEquals("", verified.avatar());
        assertThrows(IllegalArgumentException.class, () -> i2p.signAsDestination("anything else".getBytes()),
                "the key signs nothing but p2pstack statements");
    }

    @Test
    void everyChangeIsSignedAgainWithAHigherSeqEvenAfterARestart() throws Exception {
        SigningI2p i2p = new SigningI2p();
        Profiles profiles = new Profiles();
        profiles.set("Alice");
        OwnProfileRecordService own = service(profiles, i2p);
        List<ProfileRecord> heard = new ArrayList<>();
        own.onChange(heard::add);
        ProfileRecord first = own.refresh().orElseThrow();
        assertSame(first, own.refresh().orElseThrow(), "nothing changed: the same record");
        profiles.setAvatar(new byte[] { 1, 2, 3 });
        ProfileRecord second = own.refresh().orElseThrow();
        assertEquals(2, second.seq());
        assertTrue(second.avatar().startsWith("sha256:039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81"));
        assertEquals(List.of(first, second), heard);

        // a restart keeps the record; a change then continues from the saved seq
        OwnProfileRecordService restarted = service(profiles, i2p);
        assertEquals(second, restarted.current().orElseThrow());
        profiles.set("Alice B");
        assertEquals(3, restarted.refresh().orElseThrow().seq());
        // a new destination is a change too
        i2p.renew();
        ProfileRecord moved = restarted.refresh().orElseThrow();
        assertEquals(4, moved.seq());
        assertEquals(i2p.destination.toBase32(), ProfileRecords.verify(ProfileRecords.toJson(moved), NOW).b32());
    }

    /** A swarm stack that only has a key. */
    static org.p2pstack.api.swarm.SwarmService swarmWithKey(String key) {
        return (org.p2pstack.api.swarm.SwarmService) java.lang.reflect.Proxy.newProxyInstance(OwnProfileRecordServiceTest.class.getClassLoader(),
                new Class<?>[] { org.p2pstack.api.swarm.SwarmService.class }, (proxy, method, args) -> {
                    if (method.getName().equals("publicKey")) {
                        return key;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theSwarmKeyIsInTheRecordOnlyWhenTheUserLinksTheirNetworks() throws Exception {
        SigningI2p i2p = new SigningI2p();
        Profiles profiles = new Profiles();
        profiles.set("Alice");
        OwnProfileRecordService own = service(profiles, i2p);
        String swarmKey = "5".repeat(64);
        own.bindSwarm(swarmWithKey(swarmKey));
        ProfileRecord unlinked = own.refresh().orElseThrow();
        assertEquals("", unlinked.swarmKey());
        assertEquals("", unlinked.ipfsPeerId());
        String served = ProfileRecords.toJson(unlinked);
        assertTrue(!served.contains("swarmKey") && !served.contains("ipfsPeerId"), "what I2P visitors get: " + served);
        assertEquals(unlinked, ProfileRecords.verify(served, NOW), "verifies without the fields");
        // as older nodes publish the same record: with the empty fields; it verifies too
        String older = served.replace("\"seq\"", "\"swarmKey\":\"\",\"ipfsPeerId\":\"\",\"seq\"");
        assertTrue(older.contains("\"swarmKey\":\"\""), older);
        assertEquals(unlinked, ProfileRecords.verify(older, NOW));

        profiles.setLinkNetworks(true);
        ProfileRecord linked = own.refresh().orElseThrow();
        assertEquals(unlinked.seq() + 1, linked.seq());
        assertEquals(swarmKey, ProfileRecords.verify(ProfileRecords.toJson(linked), NOW).swarmKey(), "linked: followers can join the chat");
        profiles.setLinkNetworks(false);
        ProfileRecord again = own.refresh().orElseThrow();
        assertEquals(linked.seq() + 1, again.seq());
        assertEquals("", again.swarmKey());
    }

    @Test
    void afterARestoreTheSameRecordIsSignedAgainAboveTheFloor() throws Exception {
        SigningI2p i2p = new SigningI2p();
        Profiles profiles = new Profiles();
        profiles.set("Alice");
        ProfileRecord before = service(profiles, i2p).refresh().orElseThrow();
        assertEquals(1, before.seq());
        // what a restore leaves: the old computer may have signed up to any small seq since the backup
        Files.writeString(dir.resolve("own-record-seq-floor"), "1765000000");
        ProfileRecord after = service(profiles, i2p).refresh().orElseThrow();
        assertEquals(1765000001L, after.seq(), "nothing changed in the profile, yet it is signed again above the floor");
        assertEquals(after, service(profiles, i2p).refresh().orElseThrow(), "and kept from then on");
    }

    @Test
    void aDamagedFileNeverLowersTheSeq() throws Exception {
        Files.writeString(dir.resolve("own-record.json"), "{\"seq\": 41, \"nickname\": \"tampered\"");
        Profiles profiles = new Profiles();
        profiles.set("Alice");
        ProfileRecord record = service(profiles, new SigningI2p()).refresh().orElseThrow();
        assertEquals(42, record.seq());
    }

    @Test
    void nothingIsSignedBeforeTheDestinationIsLoaded() throws Exception {
        SigningI2p i2p = new SigningI2p();
        i2p.loaded = false;
        Profiles profiles = new Profiles();
        profiles.set("Alice");
        OwnProfileRecordService own = service(profiles, i2p);
        assertTrue(own.refresh().isEmpty());
        i2p.loaded = true;
        assertEquals(1, own.refresh().orElseThrow().seq());
    }
}
