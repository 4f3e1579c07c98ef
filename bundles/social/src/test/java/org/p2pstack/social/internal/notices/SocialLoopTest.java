package org.p2pstack.social.internal.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.events.PageEvents;
import org.p2pstack.api.follow.FollowService;
import org.p2pstack.api.i2p.I2pHttpResponse;
import org.p2pstack.api.i2p.I2pService;
import org.p2pstack.api.profile.ProfileRecord;
import org.p2pstack.social.internal.directory.Forger;

class SocialLoopTest {

    @TempDir
    Path dir;

    private final ProfileRecord me = Forger.person("Alice");
    private final ProfileRecord bob = Forger.person("Bob");
    private final ProfileRecord mallory = Forger.person("Mallory");
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final List<String> refreshed = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private NoticeBox notices;
    private SocialLoop loop;

    @BeforeEach
    void start() {
        loop = newLoop();
    }

    @AfterEach
    void stop() {
        loop.deactivate();
    }

    private SocialLoop newLoop() {
        PageEvents pages = (event, data) -> events.add(event + " " + data);
        notices = new NoticeBox(dir.resolve("notices.json"), pages, Clock.systemUTC());
        I2pService i2p = (I2pService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { I2pService.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("httpPost")) {
                        posted.add(args[0] + " " + new String((byte[]) args[2], StandardCharsets.UTF_8));
                        return new I2pHttpResponse(202, Map.of(), new byte[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        FollowService follows = (FollowService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { FollowService.class }, (proxy, method, args) -> {
                    if (method.getName().equals("refreshFriend")) {
                        refreshed.add((String) args[0]);
                    }
                    return null;
                });
        return new SocialLoop(dir, i2p, () -> Optional.of(me), follows, notices, pages, Clock.systemUTC(), () -> true);
    }

    private SocialLoop.Answer from(ProfileRecord sender, String type, String id, String text) throws Exception {
        return loop.receive(InboxEnvelope.parse(InboxEnvelope.encode(type, sender, id, text), sender.b32(), java.time.Instant.now()));
    }

    @Test
    void aFollowerIsKeptAndAnnouncedOnce() throws Exception {
        assertEquals(202, from(bob, "follow", null, null).status());
        assertEquals(202, from(bob, "follow", null, null).status());
        assertEquals(1, loop.followers().size());
        assertEquals("Bob", loop.followers().get(0).get("nickname"));
        assertEquals(true, loop.followers().get(0).get("followBack"));
        assertEquals(1, notices.unread());
        assertEquals("Bob followed you", notices.list().get(0).get("text"));
        assertTrue(events.stream().anyMatch(e -> e.startsWith("friends") && e.contains("follower")));

        from(bob, "unfollow", null, null);
        assertTrue(loop.followers().isEmpty());
        // kept across a restart
        from(bob, "follow", null, null);
        loop.deactivate();
        loop = newLoop();
        assertEquals(1, loop.followers().size());
    }

    @Test
    void onlyPeopleWhoFollowEachOtherExchangeMessages() throws Exception {
        // Mallory, whom Alice does not follow, cannot write to her
        assertEquals(403, from(mallory, "dm", "0123456789abcdef", "buy now").status());
        from(mallory, "follow", null, null);
        assertEquals(403, from(mallory, "dm", "0123456789abcdef", "buy now").status());
        assertThrows(IllegalStateException.class, () -> loop.send(mallory.b32(), "hi"));
        assertTrue(loop.conversation(mallory.b32()).get("why").toString().contains("Follow Mallory first"));

        loop.followsChanged(List.of(bob));
        assertEquals(403, from(bob, "dm", "0123456789abcdef", "hello").status(), "Bob does not follow Alice yet");
        from(bob, "follow", null, null);
        assertEquals(202, from(bob, "dm", "0123456789abcdef", "hello").status());
        assertEquals(202, from(bob, "dm", "0123456789abcdef", "hello").status(), "a resend");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> messages = (List<Map<String, Object>>) loop.conversation(bob.b32()).get("messages");
        assertEquals(1, messages.size());
        assertEquals(false, messages.get(0).get("mine"));
        assertEquals(1, loop.conversations().get(0).get("unread"));
        assertTrue(notices.list().stream().anyMatch(n -> n.get("text").equals("Bob: hello") && n.get("link").equals("#dm=" + bob.b32())));
        assertEquals(0, loop.markRead(bob.b32()));
        assertFalse(loop.conversations().isEmpty());
    }

    @Test
    void aMessageWaitsThenGoesOutOverI2p() throws Exception {
        loop.followsChanged(List.of(bob));
        from(bob, "follow", null, null);
        Map<String, Object> sent = loop.send(bob.b32(), "see you at 5");
        assertEquals("waiting", sent.get("state"));
        long deadline = System.currentTimeMillis() + 5000;
        while (posted.stream().noneMatch(p -> p.contains("see you at 5")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        String post = posted.stream().filter(p -> p.contains("see you at 5")).findFirst().orElseThrow();
        assertTrue(post.startsWith("http://" + bob.b32() + "/inbox "), post);
        // the follow notice went out too, once
        assertEquals(1, posted.stream().filter(p -> p.contains("\"type\":\"follow\"")).count());
    }

    @Test
    void aChangeFromSomeoneFollowedFetchesTheirPageAndAStrangerIsIgnored() throws Exception {
        loop.followsChanged(List.of(bob));
        from(bob, "feed", null, null);
        from(mallory, "feed", null, null);
        assertEquals(List.of(bob.b32()), refreshed);
    }

    @Test
    void keepersAreToldToOtherFollowersOnly() throws Exception {
        loop.receive(InboxEnvelope.parse(InboxEnvelope.encode("follow", bob, null, null, true), bob.b32(), java.time.Instant.now()));
        from(mallory, "follow", null, null);
        assertEquals(List.of(bob.b32()), loop.keepers(mallory.b32()));
        assertEquals(List.of(), loop.keepers(bob.b32()), "nobody is told about themselves");
        // and our own follow notices say that this node keeps copies
        loop.followsChanged(List.of(bob));
        long deadline = System.currentTimeMillis() + 5000;
        while (posted.stream().noneMatch(p -> p.contains("\"type\":\"follow\"")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(posted.stream().anyMatch(p -> p.contains("\"type\":\"follow\"") && p.contains("\"keeps\":true")), posted.toString());
    }

    @Test
    void oneSenderCannotFloodTheInbox() throws Exception {
        for (int i = 0; i < InboxPace.PER_SENDER; i++) {
            assertEquals(202, from(mallory, "follow", null, null).status());
        }
        assertEquals(429, from(mallory, "follow", null, null).status());
        assertEquals(202, from(bob, "follow", null, null).status(), "others still get through");
    }
}
