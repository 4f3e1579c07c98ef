package org.p2pstack.social.internal.copies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.follow.FollowService;
import org.p2pstack.api.follow.Friend;
import org.p2pstack.api.follow.FriendItem;
import org.p2pstack.api.i2p.I2pException;
import org.p2pstack.api.i2p.I2pHttpResponse;
import org.p2pstack.api.i2p.I2pHttpStream;
import org.p2pstack.api.i2p.I2pService;

class FriendCopiesTest {

    private static final String ALICE = "a".repeat(52) + ".b32.i2p";

    @TempDir
    Path dir;

    /** What each URL answers over "I2P". */
    private final Map<String, byte[]> sites = new ConcurrentHashMap<>();
    private final List<FriendItem> feed = new CopyOnWriteArrayList<>();
    /** The small fetches made over "I2P" (keepers.json), in order. */
    private final List<String> asked = new CopyOnWriteArrayList<>();
    /** What the pages were told. */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private FriendCopies copies;

    @AfterEach
    void stop() {
        if (copies != null) {
            copies.deactivate();
        }
    }

    private FriendCopies copies(long quota) {
        I2pService i2p = (I2pService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { I2pService.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("httpStream")) {
                        byte[] body = sites.get((String) args[0]);
                        if (body == null) {
                            throw new I2pException(I2pException.Reason.UNREACHABLE, "off");
                        }
                        return stream(body);
                    }
                    if (method.getName().equals("httpGet")) {
                        asked.add((String) args[0]);
                        byte[] body = sites.get((String) args[0]);
                        if (body == null) {
                            throw new I2pException(I2pException.Reason.UNREACHABLE, "off");
                        }
                        return new I2pHttpResponse(200, Map.of(), body);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        FollowService follows = (FollowService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { FollowService.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "friendsItems" -> feed;
                    case "following" -> List.of(new Friend("Alice", ALICE, null, 1, Instant.now(), Instant.now(), null));
                    default -> null;
                });
        copies = new FriendCopies(dir, i2p, follows, (event, data) -> events.add(event + " " + data), quota);
        return copies;
    }

    private static I2pHttpStream stream(byte[] body) {
        return new I2pHttpStream() {
            @Override
            public int status() {
                return 200;
            }

            @Override
            public String header(String name) {
                return null;
            }

            @Override
            public InputStream body() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public void close() {
            }
        };
    }

    private FriendItem post(String id, byte[] bytes, String claimedSha, int minutesAgo) {
        return new FriendItem(ALICE, "Alice", id, "video", "video/webm", bytes.length, "a post",
                Instant.now().minusSeconds(60L * minutesAgo), false, claimedSha);
    }

    private static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private void settle(FriendCopies c) throws Exception {
        c.friendFetched(ALICE, true);
        Thread.sleep(300);
    }

    @Test
    void aPostIsKeptOnlyWhenItsBytesMatchTheFingerprint() throws Exception {
        FriendCopies c = copies(1 << 20);
        byte[] good = "the real video".getBytes();
        byte[] forged = "something else".getBytes();
        sites.put("http://" + ALICE + "/media/0000000000000001", good);
        sites.put("http://" + ALICE + "/media/0000000000000002", forged);
        feed.add(post("0000000000000001", good, sha(good), 1));
        feed.add(post("0000000000000002", forged, sha("what the feed promised".getBytes()), 2));
        settle(c);
        assertArrayEquals(good, Files.readAllBytes(c.copy(sha(good)).orElseThrow()));
        assertTrue(c.copy(sha("what the feed promised".getBytes())).isEmpty(), "bytes that do not match are not kept");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".part")), "nothing half-written is left");
        }
    }

    @Test
    void aDeletedPostTakesItsCopyAway() throws Exception {
        FriendCopies c = copies(1 << 20);
        byte[] bytes = "soon deleted".getBytes();
        sites.put("http://" + ALICE + "/media/0000000000000003", bytes);
        feed.add(post("0000000000000003", bytes, sha(bytes), 1));
        settle(c);
        assertTrue(c.copy(sha(bytes)).isPresent());
        feed.clear(); // Alice deleted it
        settle(c);
        assertFalse(c.copy(sha(bytes)).isPresent());
    }

    @Test
    void newerPostsComeFirstWithinTheQuota() throws Exception {
        FriendCopies c = copies(20);
        byte[] older = "older post!".getBytes(); // 11 bytes
        byte[] newer = "newer post!".getBytes();
        sites.put("http://" + ALICE + "/media/0000000000000004", older);
        sites.put("http://" + ALICE + "/media/0000000000000005", newer);
        feed.add(post("0000000000000004", older, sha(older), 10));
        feed.add(post("0000000000000005", newer, sha(newer), 1));
        settle(c);
        assertTrue(c.copy(sha(newer)).isPresent());
        assertFalse(c.copy(sha(older)).isPresent(), "only 20 bytes: the newer post is kept");
    }

    private static final String BOB = "b".repeat(52) + ".b32.i2p";
    private static final String DAVE = "d".repeat(52) + ".b32.i2p";

    @Test
    void withTheFriendOffACopyComesFromAKeeperAndSaysWhose() throws Exception {
        FriendCopies c = copies(0); // keeps nothing itself, as Carol in the tests
        byte[] video = "alice's video".getBytes();
        FriendItem item = post("0000000000000006", video, sha(video), 1);
        feed.add(item);
        // Alice names two keepers; the name she gives Dave is not a nickname anyone could choose
        sites.put("http://" + ALICE + "/keepers.json", ("{\"keepers\":[\"" + DAVE + "\",\"" + BOB + "\",\"not an address\"],"
                + "\"nicknames\":{\"" + BOB + "\":\"Bob 🌻\",\"" + DAVE + "\":\"<img src=x>\"}}").getBytes());
        settle(c);
        assertEquals(List.of(DAVE, BOB), c.keepersOf(ALICE));
        sites.put("http://" + DAVE + "/copies/" + sha(video), "a forged copy".getBytes()); // Dave's does not match
        sites.put("http://" + BOB + "/copies/" + sha(video), video);
        assertTrue(c.fetchFromKeepers(item));
        assertArrayEquals(video, Files.readAllBytes(c.copy(sha(video)).orElseThrow()));
        assertEquals(new FriendCopies.Keeper(BOB, "Bob 🌻"), c.keeperOf(sha(video)).orElseThrow());
        assertTrue(events.stream().anyMatch(e -> e.startsWith("friends ") && e.contains("copied")), "the page is told: " + events);
    }

    @Test
    void aFriendIsAskedWhoKeepsCopiesWhenTheirPostsChangeNotAtEveryFetch() throws Exception {
        FriendCopies c = copies(1 << 20);
        sites.put("http://" + ALICE + "/keepers.json", ("{\"keepers\":[\"" + BOB + "\"]}").getBytes());
        for (int i = 0; i < 5; i++) {
            c.friendFetched(ALICE, false); // a page fetched every few seconds: each stream counts against their limits
        }
        Thread.sleep(300);
        assertEquals(1, asked.stream().filter(u -> u.endsWith("/keepers.json")).count(), asked.toString());
        c.friendFetched(ALICE, true); // a new post: new copies are wanted, so whoever keeps them
        Thread.sleep(300);
        assertEquals(2, asked.stream().filter(u -> u.endsWith("/keepers.json")).count(), asked.toString());
    }

    @Test
    void aKeepersNameThatIsNoNicknameIsNotRepeated() throws Exception {
        FriendCopies c = copies(0);
        byte[] video = "another video".getBytes();
        FriendItem item = post("0000000000000007", video, sha(video), 1);
        feed.add(item);
        sites.put("http://" + ALICE + "/keepers.json", ("{\"keepers\":[\"" + DAVE + "\"],\"nicknames\":{\"" + DAVE + "\":\""
                + "x".repeat(200) + "\"}}").getBytes());
        settle(c);
        sites.put("http://" + DAVE + "/copies/" + sha(video), video);
        assertTrue(c.fetchFromKeepers(item));
        assertEquals("another follower", c.keeperOf(sha(video)).orElseThrow().nickname());
    }

    @Test
    void aFingerprintIsTheOnlyNameAccepted() {
        FriendCopies c = copies(1 << 20);
        assertTrue(c.copy("../../etc/passwd").isEmpty());
        assertTrue(c.copy("A".repeat(64)).isEmpty());
        assertTrue(c.copy(null).isEmpty());
    }
}
