package org.p2pstack.core.internal.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    void friendsAddressesAreCheckedAndKept() {
        HomeState state = new HomeState(dir);
        String b32 = "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p";
        assertNull(state.addFriend("http://" + b32.toUpperCase() + "/some/page"));
        assertNull(state.addFriend("stats.i2p"));
        assertTrue(state.addFriend("hello there").contains("does not look like"));
        assertTrue(state.addFriend("example.com").contains("does not look like"));
        state.setStep(2, false);
        HomeState reloaded = new HomeState(dir);
        assertEquals(List.of(b32, "stats.i2p"), reloaded.toJson().get("friends"));
        assertEquals(2, reloaded.toJson().get("step"));
        assertEquals(false, reloaded.toJson().get("finished"));
    }
}
