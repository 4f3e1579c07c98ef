package org.p2pstack.social.internal.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.profile.Profile;
import org.p2pstack.api.profile.ProfileException;

class ProfileServiceImplTest {

    @TempDir
    Path dir;

    @Test
    void nicknameRules() {
        assertNull(Nicknames.check("Alice"));
        assertNull(Nicknames.check("Zoë_the-2nd"));
        assertNull(Nicknames.check("李小龙"));
        assertEquals("Please choose a nickname.", Nicknames.check("   "));
        assertTrue(Nicknames.check("A").contains("at least 2"));
        assertTrue(Nicknames.check("x".repeat(33)).contains("at most 32"));
        assertTrue(Nicknames.check("<script>").contains("letters, numbers"));
        assertTrue(Nicknames.check("-dash").contains("start with a letter"));
        assertTrue(Nicknames.check("two  spaces").contains("single spaces"));
        // emoji, as people use them in every app they know (issue 19), but never text that changes direction or hides
        assertNull(Nicknames.check("Ali 🌸"));
        assertNull(Nicknames.check("🌸 Ali"));
        assertNull(Nicknames.check("Sam 👩‍💻"));
        assertTrue(Nicknames.check("Ali\u202Egnp.exe").contains("letters, numbers"));
        assertTrue(Nicknames.check("Ali\u0000").contains("letters, numbers"));
    }

    @Test
    void updatesArePersistedAndAnnounced() throws Exception {
        ProfileServiceImpl service = new ProfileServiceImpl(dir, Clock.systemUTC());
        List<Profile> heard = new ArrayList<>();
        service.addListener(heard::add);
        assertTrue(service.profile().isEmpty());
        assertThrows(ProfileException.class, () -> service.update("", "bio"));
        assertThrows(ProfileException.class, () -> service.setAvatar(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A }),
                "a picture needs a nickname first");
        Profile p = service.update("  Alice  ", "Hello");
        assertEquals("Alice", p.nickname());
        assertFalse(p.hasAvatar());
        assertThrows(ProfileException.class, () -> service.setAvatar("<html>".getBytes()));
        Profile withAvatar = service.setAvatar(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3 });
        assertTrue(withAvatar.hasAvatar());
        assertEquals(2, heard.size());

        ProfileServiceImpl reloaded = new ProfileServiceImpl(dir, Clock.systemUTC());
        assertEquals(withAvatar, reloaded.profile().orElseThrow());
        assertEquals("image/jpeg", reloaded.avatar().orElseThrow().contentType());
    }

    @Test
    void linkingNetworksIsAChoiceKeptWithTheProfileAndOffByDefault() throws Exception {
        ProfileServiceImpl service = new ProfileServiceImpl(dir, Clock.systemUTC());
        List<Profile> heard = new ArrayList<>();
        service.addListener(heard::add);
        assertThrows(ProfileException.class, () -> service.setLinkNetworks(true), "a nickname first");
        Profile p = service.update("Alice", "");
        assertFalse(p.linkNetworks(), "off unless the user turns it on");
        Profile linked = service.setLinkNetworks(true);
        assertTrue(linked.linkNetworks());
        assertEquals(p.revision() + 1, linked.revision(), "a change like any other: the record is signed again");
        assertEquals(2, heard.size());
        assertSame(linked, service.setLinkNetworks(true), "no change, no event");
        assertTrue(service.update("Alice B", "bio").linkNetworks(), "kept through other changes");
        assertTrue(new ProfileServiceImpl(dir, Clock.systemUTC()).profile().orElseThrow().linkNetworks(), "kept across a restart");

        // a profile saved before the choice existed reads as not linked
        java.nio.file.Files.writeString(dir.resolve("profile.json"),
                "{\"nickname\":\"Old\",\"bio\":\"\",\"avatarType\":null,\"updated\":\"2026-01-01T00:00:00Z\",\"revision\":3}");
        assertFalse(new ProfileServiceImpl(dir, Clock.systemUTC()).profile().orElseThrow().linkNetworks());
    }

    @Test
    void theApiTakesLinkNetworksAsABooleanOnly() throws Exception {
        assertNull(ProfileServlet.linkNetworks(com.google.gson.JsonParser.parseString("{\"nickname\":\"A\"}").getAsJsonObject()));
        assertEquals(Boolean.TRUE, ProfileServlet.linkNetworks(com.google.gson.JsonParser.parseString("{\"linkNetworks\":true}").getAsJsonObject()));
        assertThrows(org.p2pstack.util.web.Requests.BadRequest.class,
                () -> ProfileServlet.linkNetworks(com.google.gson.JsonParser.parseString("{\"linkNetworks\":\"yes\"}").getAsJsonObject()));
        Profile p = new Profile("Alice", "", false, java.time.Instant.now(), 1, true);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> own = (java.util.Map<String, Object>) ProfileServlet.privateBody(java.util.Optional.of(p)).get("profile");
        assertEquals(true, own.get("linkNetworks"));
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> pub = (java.util.Map<String, Object>) ProfileServlet.body(java.util.Optional.of(p), "/avatar").get("profile");
        assertFalse(pub.containsKey("linkNetworks"), "the public site does not show the owner's settings");
    }

    @Test
    void friendsAddressesAreCheckedAndKept() {
        HomeState state = new HomeState(dir);
        String b32 = "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p";
        assertNull(state.addFriend("http://" + b32.toUpperCase() + "/some/page"));
        assertNull(state.addFriend("stats.i2p"));
        assertTrue(state.addFriend("hello there").contains("does not look like"));
        assertTrue(state.addFriend("example.com").contains("does not look like"));
        // read once, by I2pAddress: an encrypted b33, a port or a look-alike letter is no friend's address
        String b33 = "a".repeat(56) + ".b32.i2p";
        assertNull(HomeState.normalise(b33));
        assertTrue(HomeState.whyNotAnAddress(b33).contains("encrypted") || HomeState.whyNotAnAddress(b33).contains("b33"),
                HomeState.whyNotAnAddress(b33));
        assertNull(HomeState.normalise("stats.i2p:7657"));
        assertNull(HomeState.normalise("stats.\u212Ai2p"));
        assertEquals("stats.i2p", HomeState.normalise("  HTTPS://Stats.I2P/page?x=1 "));
        state.setStep(2, false);
        HomeState reloaded = new HomeState(dir);
        assertEquals(List.of(b32, "stats.i2p"), reloaded.toJson().get("friends"));
        assertEquals(2, reloaded.toJson().get("step"));
        assertEquals(false, reloaded.toJson().get("finished"));
    }
}
