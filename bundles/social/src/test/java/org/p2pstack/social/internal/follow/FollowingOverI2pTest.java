package org.p2pstack.social.internal.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.follow.FollowException;
import org.p2pstack.api.follow.Friend;
import org.p2pstack.api.follow.FriendPage;
import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.social.internal.directory.ProfileRecords;
import org.p2pstack.social.internal.RecordedPageEvents;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Following with real I2P keys: verified pages, address-book names, persistence, refresh, forged pages. */
class FollowingOverI2pTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static FakeI2p.Identity me;
    static FakeI2p.Identity alice;
    static FakeI2p.Identity mallory;

    @TempDir
    Path dir;
    FakeI2p i2p;
    RecordedPageEvents events;
    final List<FollowingOverI2p> services = new ArrayList<>();

    @BeforeAll
    static void identities() {
        me = FakeI2p.newIdentity();
        alice = FakeI2p.newIdentity();
        mallory = FakeI2p.newIdentity();
    }

    @BeforeEach
    void setUp() {
        i2p = new FakeI2p(me);
        events = new RecordedPageEvents();
    }

    @AfterEach
    void tearDown() {
        services.forEach(FollowingOverI2p::deactivate);
    }

    FollowingOverI2p service() {
        FollowingOverI2p s = new FollowingOverI2p(dir, i2p, events, Clock.fixed(NOW, ZoneOffset.UTC));
        services.add(s);
        return s;
    }

    /** What a p2pstack node serves at /profile.json: the signed record's fields plus the bio and picture URL. */
    static String profileJson(FakeI2p.Identity who, FakeI2p.Identity signer, String nickname, long seq) {
        ProfileRecord unsigned = new ProfileRecord(nickname, "", who.destination().toBase64(), who.b32(), "", "", seq,
                NOW.toEpochMilli(), "");
        ProfileRecord signed = unsigned.signed(signer.sign(ProfileRecords.signedBytes(unsigned)));
        JsonObject o = JsonParser.parseString(ProfileRecords.toJson(signed)).getAsJsonObject();
        o.addProperty("bio", "Hello from " + nickname);
        o.addProperty("avatarUrl", "/avatar?v=1");
        return o.toString();
    }

    static String feedJson(String... ids) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            items.append(i == 0 ? "" : ",").append("{\"id\":\"").append(ids[i]).append("\",\"kind\":\"video\",\"type\":\"video/webm\","
                    + "\"size\":1000,\"description\":\"post ").append(ids[i]).append("\",\"created\":\"2026-11-2").append(i)
                    .append("T10:00:00Z\",\"mediaUrl\":\"/media/").append(ids[i]).append("\",\"thumbnailUrl\":null}");
        }
        return "{\"items\":[" + items + "]}";
    }

    void serve(FakeI2p.Identity site, String profile, String feed) {
        i2p.sites.put("http://" + site.b32() + "/profile.json", profile);
        i2p.sites.put("http://" + site.b32() + "/feed.json", feed);
    }

    @Test
    void visitShowsAVerifiedPage() throws Exception {
        serve(alice, profileJson(alice, alice, "Alice", 3), feedJson("00000000000000a1", "00000000000000a2"));
        FriendPage page = service().visit("http://" + alice.b32() + "/");
        assertEquals("Alice", page.nickname());
        assertEquals(alice.b32(), page.b32());
        assertEquals("Hello from Alice", page.bio());
        assertTrue(page.hasAvatar());
        assertEquals(List.of("00000000000000a2", "00000000000000a1"), page.items().stream().map(i -> i.id()).toList(),
                "newest first");
        assertFalse(page.following());
    }

    @Test
    void followingNamesTheFriendAndSurvivesARestart() throws Exception {
        serve(alice, profileJson(alice, alice, "Alice", 1), feedJson("00000000000000a1"));
        Friend friend = service().follow(alice.b32());
        assertEquals("alice.i2p", friend.name());
        assertEquals(alice.b32(), i2p.lookup("alice.i2p").orElseThrow().b32());

        FollowingOverI2p again = service(); // as after a restart
        assertEquals(List.of(alice.b32()), again.following().stream().map(Friend::b32).toList());
        assertEquals(1, again.friendsItems().size());
        assertTrue(again.visit("alice.i2p").following(), "the name works as an address");
        assertTrue(again.unfollow("alice.i2p"));
        assertTrue(i2p.lookup("alice.i2p").isEmpty(), "unfollowing removes the name following added");
        assertTrue(service().following().isEmpty());
    }

    @Test
    void someoneElsesNameIsNeverTaken() throws Exception {
        i2p.addName("alice.i2p", mallory.destination().toBase64());
        serve(alice, profileJson(alice, alice, "Alice", 1), feedJson());
        FollowingOverI2p follows = service();
        Friend friend = follows.follow(alice.b32());
        assertEquals("alice-" + alice.b32().substring(0, 6) + ".i2p", friend.name());
        assertEquals(mallory.b32(), i2p.lookup("alice.i2p").orElseThrow().b32(), "the other Alice keeps her name");
        follows.unfollow(alice.b32());
        assertEquals(mallory.b32(), i2p.lookup("alice.i2p").orElseThrow().b32());
        assertTrue(i2p.lookup(friend.name()).isEmpty());
    }

    @Test
    void aNameThatWasThereBeforeStaysAfterUnfollowing() throws Exception {
        i2p.addName("alice.i2p", alice.destination().toBase64());
        serve(alice, profileJson(alice, alice, "Alice", 1), feedJson());
        FollowingOverI2p follows = service();
        assertEquals("alice.i2p", follows.follow(alice.b32()).name());
        follows.unfollow(alice.b32());
        assertEquals(alice.b32(), i2p.lookup("alice.i2p").orElseThrow().b32(), "not following's to remove");
    }

    @Test
    void forgedAndMisplacedPagesAreRefused() throws Exception {
        FollowingOverI2p follows = service();
        // Mallory signs a record for Alice's destination with her own key
        serve(alice, profileJson(alice, mallory, "Alice", 9), feedJson());
        FollowException forged = assertThrows(FollowException.class, () -> follows.follow(alice.b32()));
        assertEquals(FollowException.Reason.BAD_PAGE, forged.reason());
        assertTrue(forged.getMessage().contains("bad signature"), forged.getMessage());
        // Mallory's site serves Alice's genuine record: it is not Mallory's page
        serve(mallory, profileJson(alice, alice, "Alice", 2), feedJson());
        FollowException misplaced = assertThrows(FollowException.class, () -> follows.follow(mallory.b32()));
        assertTrue(misplaced.getMessage().contains("another address"), misplaced.getMessage());
        serve(alice, "{\"nickname\":\"Alice\",\"bio\":\"no signature\"}", feedJson());
        assertEquals(FollowException.Reason.BAD_PAGE, assertThrows(FollowException.class, () -> follows.follow(alice.b32())).reason());
        serve(alice, "x".repeat(FriendPages.MAX_PROFILE_BYTES + 1), feedJson());
        assertEquals(FollowException.Reason.BAD_PAGE, assertThrows(FollowException.class, () -> follows.follow(alice.b32())).reason());
        assertTrue(follows.following().isEmpty());
        assertTrue(i2p.book.isEmpty(), "nothing named after a refused page");
    }

    @Test
    void badAddressesAndOwnAddressAreExplained() {
        FollowingOverI2p follows = service();
        assertEquals(FollowException.Reason.INVALID_ADDRESS,
                assertThrows(FollowException.class, () -> follows.follow("hello there")).reason());
        assertEquals(FollowException.Reason.INVALID_ADDRESS,
                assertThrows(FollowException.class, () -> follows.follow("nobody.i2p")).reason());
        assertEquals(FollowException.Reason.INVALID_ADDRESS,
                assertThrows(FollowException.class, () -> follows.follow(me.b32())).reason());
        FollowException off = assertThrows(FollowException.class, () -> follows.follow(alice.b32()));
        assertTrue(off.transientFailure(), "a node that is off may be followed later");
    }

    /**
     * Found by the soak: Alice posted, Bob's live fetch of her feed got 429 (her site shedding his other streams) and
     * the post waited for the 5-minute refresh. A live fetch that fails for a passing reason is tried again seconds later.
     */
    @Test
    void aLiveFetchRefusedAsBusyIsTriedAgainWithinSeconds() throws Exception {
        serve(alice, profileJson(alice, alice, "Alice", 5), feedJson("00000000000000a1"));
        FollowingOverI2p follows = service();
        follows.follow(alice.b32());
        serve(alice, profileJson(alice, alice, "Alice", 5), feedJson("00000000000000a1", "00000000000000a2"));
        i2p.busyAnswers.put("http://" + alice.b32() + "/profile.json", 1);

        follows.refreshFriend(alice.b32());

        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (follows.friendsItems().size() < 2) {
            assertTrue(System.nanoTime() < deadline, "the new post arrived after the retry: " + follows.following().get(0).problem());
            Thread.sleep(50);
        }
        assertEquals(null, follows.following().get(0).problem());
    }

    /**
     * Past its streams per visitor (a minute's or an hour's), a friend's I2P streaming library answers "429 Denied"
     * itself. That refusal can last the hour: the user reads that, not "switched off".
     */
    @Test
    void aFriendsNodeDenyingOurStreamsIsToldInPlainWords() throws Exception {
        serve(alice, profileJson(alice, alice, "Alice", 5), feedJson("00000000000000a1"));
        FollowingOverI2p follows = service();
        follows.follow(alice.b32());
        i2p.busyBody = "<html><head><title>429 Denied</title></head><body><h3>429 Denied</h3>"
                + "<p>Denied due to excessive requests. Please try again later.</body></html>";
        i2p.busyAnswers.put("http://" + alice.b32() + "/profile.json", 100);
        follows.refresh();
        String problem = follows.following().get(0).problem();
        assertTrue(problem != null && problem.contains("turning away") && problem.contains("too many"), problem);
        assertFalse(problem.contains("switched off"), problem);
    }

    @Test
    void refreshBringsNewPostsAndNewerRecordsButNoReplays() throws Exception {
        serve(alice, profileJson(alice, alice, "Alice", 5), feedJson("00000000000000a1"));
        FollowingOverI2p follows = service();
        follows.follow(alice.b32());
        BlockingQueue<RecordedPageEvents.Message> live = events.subscribe();

        serve(alice, profileJson(alice, alice, "Old Alice", 4), feedJson("00000000000000a1", "00000000000000a2"));
        follows.refresh();
        assertEquals("Alice", follows.following().get(0).nickname(), "an older record never replaces a newer one");
        assertEquals(5, follows.following().get(0).seq());
        assertEquals(2, follows.friendsItems().size());
        RecordedPageEvents.Message added = live.poll();
        assertEquals("friends", added.event());
        assertTrue(added.data().contains("\"type\":\"added\"") && added.data().contains("00000000000000a2"), added.data());
        assertTrue(added.data().contains("/api/friends/" + alice.b32() + "/media/00000000000000a2"), added.data());

        serve(alice, profileJson(alice, alice, "Alice B", 6), feedJson("00000000000000a2"));
        follows.refresh();
        assertEquals("Alice B", follows.following().get(0).nickname());
        assertEquals(1, follows.friendsItems().size(), "a post the friend removed goes away");

        i2p.sites.clear();
        follows.refresh();
        assertTrue(follows.following().get(0).problem().contains("cannot be reached"));
    }

    @Test
    void addressesKeptForLaterAreFollowedWhenReachable() throws Exception {
        FollowingOverI2p follows = service();
        follows.followLater(alice.b32());
        follows.followLater(alice.b32());
        assertEquals(List.of(alice.b32()), follows.pending());
        follows.refresh();
        assertEquals(List.of(alice.b32()), follows.pending(), "still off");
        serve(alice, profileJson(alice, alice, "Alice", 1), feedJson());
        follows.refresh();
        assertTrue(follows.pending().isEmpty());
        assertEquals("Alice", follows.following().get(0).nickname());
        assertNull(service().following().get(0).problem());
    }
}
