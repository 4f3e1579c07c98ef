package org.p2pstack.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2pstack.api.dapp.DappPermission;
import org.p2pstack.api.swarm.SwarmPeer;

class DappP2pTest {

    @TempDir
    Path data;

    private final Fakes.Registry registry = new Fakes.Registry()
            .with(Fakes.dapp("guestbook", DappPermission.IPFS, DappPermission.HYPERCORE, DappPermission.SWARM))
            .with(Fakes.dapp("notes", DappPermission.SWARM, DappPermission.HYPERCORE))
            .with(Fakes.dapp("stacks"));
    private final Fakes.Ipfs ipfs = new Fakes.Ipfs();
    private final Fakes.Swarm swarm = new Fakes.Swarm();
    private final Fakes.Cores cores = new Fakes.Cores();
    private DappP2p p2p;

    @BeforeEach
    void start() {
        p2p = new DappP2p(registry, ipfs, swarm, cores, data, Clock.systemUTC());
    }

    private static DappP2p.Body body(byte[] bytes) {
        return (max, tooBig) -> {
            if (bytes.length > max) {
                throw new Refusal(413, tooBig);
            }
            return bytes;
        };
    }

    private static DappP2p.Body json(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    private DappP2p.Answer call(String dapp, String method, String path, DappP2p.Body body) throws Exception {
        return p2p.handle(dapp, method, path, Map.of(), body);
    }

    private Refusal refused(String dapp, String method, String path, DappP2p.Body body) {
        return assertThrows(Refusal.class, () -> call(dapp, method, path, body));
    }

    @Test
    void aDappWithoutAPermissionIsToldInPlainWords() {
        Refusal ipfsRefusal = refused("stacks", "POST", "/ipfs", body(new byte[1]));
        assertEquals(403, ipfsRefusal.status());
        assertTrue(ipfsRefusal.getMessage().startsWith("The stacks app did not ask for IPFS access"), ipfsRefusal.getMessage());
        assertEquals(403, refused("stacks", "GET", "/ipfs/bafkreiabcdefgh", null).status());
        assertEquals(403, refused("stacks", "POST", "/cores", json("{\"name\":\"x\"}")).status());
        assertEquals(403, refused("stacks", "POST", "/swarm/topics", json("{\"topic\":\"x\"}")).status());
        assertEquals(403, refused("stacks", "GET", "/events", null).status());
        assertEquals(403, refused("notes", "POST", "/ipfs", body(new byte[1])).status());
        assertTrue(ipfs.files.isEmpty());
        assertTrue(swarm.joined.isEmpty());
    }

    @Test
    void anUnknownDappIsNotFound() {
        Refusal refusal = refused("ghost", "GET", "/info", null);
        assertEquals(404, refusal.status());
    }

    @Test
    void infoNamesThePermissionsAndLimits() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) call("guestbook", "GET", "/info", null).json();
        assertEquals(List.of("ipfs", "hypercore", "swarm"), info.get("permissions"));
        assertTrue(info.containsKey("limits"));
    }

    @Test
    void ipfsAddIsBoundedAndPinnedForTheDapp() throws Exception {
        byte[] entry = "{\"name\":\"Alice\"}".getBytes(StandardCharsets.UTF_8);
        DappP2p.Answer added = call("guestbook", "POST", "/ipfs", body(entry));
        assertEquals(201, added.status());
        String cid = (String) ((Map<?, ?>) added.json()).get("cid");
        assertTrue(ipfs.pins.contains(cid));
        assertArrayEquals(entry, call("guestbook", "GET", "/ipfs/" + cid, null).bytes());
        Refusal tooBig = refused("guestbook", "POST", "/ipfs", body(new byte[DappP2p.MAX_IPFS_BYTES + 1]));
        assertEquals(413, tooBig.status());
        assertTrue(tooBig.getMessage().contains("1 MiB"));
        assertEquals(400, refused("guestbook", "GET", "/ipfs/..", null).status());
        assertEquals(404, refused("guestbook", "GET", "/ipfs/../../etc", null).status());
        // unpinning removes only this dApp's own pin
        call("guestbook", "DELETE", "/ipfs/pins/" + cid, null);
        assertFalse(ipfs.pins.contains(cid));
        assertEquals(404, refused("guestbook", "DELETE", "/ipfs/pins/" + cid, null).status());
    }

    @Test
    void aPinTheOwnerMadeStaysWhenTheDappUnpins() throws Exception {
        ipfs.files.put("bafkownerpinned", new byte[] { 1 });
        ipfs.pins.add("bafkownerpinned");
        call("guestbook", "PUT", "/ipfs/pins/bafkownerpinned", null);
        call("guestbook", "DELETE", "/ipfs/pins/bafkownerpinned", null);
        assertTrue(ipfs.pins.contains("bafkownerpinned"));
    }

    @Test
    void fetchingMoreThanOneMibIsRefused() {
        ipfs.files.put("bafkbigfile0000", new byte[DappP2p.MAX_IPFS_BYTES + 1]);
        assertEquals(413, refused("guestbook", "GET", "/ipfs/bafkbigfile0000", null).status());
    }

    @Test
    void coresAreNamespacedAndBounded() throws Exception {
        Map<?, ?> opened = (Map<?, ?>) call("guestbook", "POST", "/cores", json("{\"name\":\"entries\"}")).json();
        String key = (String) opened.get("key");
        assertEquals("entries", opened.get("name"));
        assertEquals("dapp/guestbook/entries", cores.open.get(key).name());
        // another dApp's core of the same name is another core
        Map<?, ?> notes = (Map<?, ?>) call("notes", "POST", "/cores", json("{\"name\":\"entries\"}")).json();
        assertFalse(key.equals(notes.get("key")));
        // the other dApp cannot write to it, nor read it without opening it, nor open it as a "remote" core
        assertEquals(404, refused("notes", "POST", "/cores/" + key + "/blocks", body(new byte[1])).status());
        assertEquals(403, refused("notes", "POST", "/cores/remote", json("{\"key\":\"" + key + "\"}")).status());
        assertEquals(400, refused("guestbook", "POST", "/cores", json("{\"name\":\"../chat\"}")).status());

        DappP2p.Answer appended = call("guestbook", "POST", "/cores/" + key + "/blocks", body("{\"cid\":\"x\"}".getBytes()));
        assertEquals(1L, ((Map<?, ?>) appended.json()).get("length"));
        assertArrayEquals("{\"cid\":\"x\"}".getBytes(), call("guestbook", "GET", "/cores/" + key + "/blocks/0", null).bytes());
        assertEquals(413, refused("guestbook", "POST", "/cores/" + key + "/blocks", body(new byte[DappP2p.MAX_BLOCK_BYTES + 1])).status());
        assertEquals(400, refused("guestbook", "POST", "/cores/" + key + "/blocks", body(new byte[0])).status());

        for (int i = 1; i < DappSpace.MAX_OWN_CORES; i++) {
            call("guestbook", "POST", "/cores", json("{\"name\":\"c" + i + "\"}"));
        }
        assertEquals(409, refused("guestbook", "POST", "/cores", json("{\"name\":\"one-more\"}")).status());
        call("guestbook", "POST", "/cores", json("{\"name\":\"entries\"}")); // opening one again is fine
    }

    @Test
    void aBusySwarmDoesNotLoseTheDappsLogs() throws Exception {
        cores.busy = true;
        String key = (String) ((Map<?, ?>) call("guestbook", "POST", "/cores", json("{\"name\":\"entries\"}")).json()).get("key");
        call("guestbook", "POST", "/cores/" + key + "/blocks", body(new byte[] { 1 }));
        assertEquals(1L, ((Map<?, ?>) call("guestbook", "GET", "/cores/" + key, null).json()).get("length"));
        assertEquals(1, ((List<?>) ((Map<?, ?>) call("guestbook", "GET", "/cores", null).json()).get("cores")).size());
    }

    @Test
    void someoneElsesCoreIsReadOnly() throws Exception {
        String remote = "ab".repeat(32);
        Map<?, ?> opened = (Map<?, ?>) call("guestbook", "POST", "/cores/remote", json("{\"key\":\"" + remote + "\"}")).json();
        assertEquals(false, opened.get("writable"));
        Refusal refusal = refused("guestbook", "POST", "/cores/" + remote + "/blocks", body(new byte[1]));
        assertEquals(403, refusal.status());
        // a core of the node's own (the chat's, say) is not opened through here
        cores.open("chat-room");
        assertEquals(403, refused("guestbook", "POST", "/cores/remote",
                json("{\"key\":\"" + Fakes.Cores.keyOf("chat-room") + "\"}")).status());
    }

    @Test
    void swarmTopicsAreDerivedAndBounded() throws Exception {
        call("guestbook", "POST", "/swarm/topics", json("{\"topic\":\"entries\"}"));
        assertEquals(List.of(DappNamespace.topicHex("guestbook", "entries")), swarm.joined);
        for (int i = 1; i < DappSpace.MAX_TOPICS; i++) {
            call("guestbook", "POST", "/swarm/topics", json("{\"topic\":\"t" + i + "\"}"));
        }
        assertEquals(409, refused("guestbook", "POST", "/swarm/topics", json("{\"topic\":\"more\"}")).status());
        call("guestbook", "DELETE", "/swarm/topics/t1", null);
        call("guestbook", "POST", "/swarm/topics", json("{\"topic\":\"more\"}"));
    }

    @Test
    void messagesGoToPeersOnTheTopicWithTheDappsPrefix() throws Exception {
        String topicHex = DappNamespace.topicHex("guestbook", "entries");
        swarm.peers.add(new SwarmPeer("aa".repeat(32), "127.0.0.1", 1, true, List.of(topicHex)));
        swarm.peers.add(new SwarmPeer("bb".repeat(32), "127.0.0.1", 2, true, List.of("cc".repeat(32))));
        assertEquals(409, refused("guestbook", "POST", "/swarm/messages", json("{\"topic\":\"entries\",\"message\":\"hi\"}")).status());
        call("guestbook", "POST", "/swarm/topics", json("{\"topic\":\"entries\"}"));
        Map<?, ?> sent = (Map<?, ?>) call("guestbook", "POST", "/swarm/messages", json("{\"topic\":\"entries\",\"message\":\"hi\"}")).json();
        assertEquals(1, sent.get("sentTo"));
        assertEquals("aa".repeat(32), swarm.sent.get(0).getKey());
        assertTrue(DappSwarmMessages.isFor(swarm.sent.get(0).getValue(), "guestbook"));
        String big = "x".repeat(DappSwarmMessages.MAX_MESSAGE_BYTES + 1);
        assertEquals(413, refused("guestbook", "POST", "/swarm/messages",
                json("{\"topic\":\"entries\",\"message\":\"" + big + "\"}")).status());
    }

    @Test
    void sendingIsPaced() throws Exception {
        call("guestbook", "POST", "/swarm/topics", json("{\"topic\":\"entries\"}"));
        for (int i = 0; i < DappSpace.SEND_BURST; i++) {
            call("guestbook", "POST", "/swarm/messages", json("{\"topic\":\"entries\",\"message\":\"" + i + "\"}"));
        }
        assertEquals(429, refused("guestbook", "POST", "/swarm/messages", json("{\"topic\":\"entries\",\"message\":\"x\"}")).status());
    }

    @Test
    void receivedMessagesReachOnlyTheirDappOnItsJoinedTopic() throws Exception {
        call("guestbook", "POST", "/swarm/topics", json("{\"topic\":\"entries\"}"));
        call("notes", "POST", "/swarm/topics", json("{\"topic\":\"entries\"}"));
        String peer = "aa".repeat(32);
        swarm.receive(peer, DappSwarmMessages.encode("guestbook", "entries", "for guestbook".getBytes()));
        swarm.receive(peer, DappSwarmMessages.encode("guestbook", "other", "not joined".getBytes()));
        swarm.receive(peer, DappSwarmMessages.encode("stacks", "entries", "no such space".getBytes()));
        swarm.receive(peer, "{\"p\":\"p2pstack-chat/1\",\"t\":\"cores\",\"r\":[]}".getBytes());
        swarm.receive(peer, DappSwarmMessages.encode("notes", "entries", "for notes".getBytes()));

        List<?> guestbook = (List<?>) ((Map<?, ?>) p2p.handle("guestbook", "GET", "/events", Map.of("wait", "0"), null).json()).get("events");
        assertEquals(1, guestbook.size());
        Map<?, ?> event = (Map<?, ?>) guestbook.get(0);
        assertEquals("message", event.get("type"));
        assertEquals("for guestbook", event.get("message"));
        assertEquals(peer, event.get("from"));
        List<?> notes = (List<?>) ((Map<?, ?>) p2p.handle("notes", "GET", "/events", Map.of("wait", "0"), null).json()).get("events");
        assertEquals(1, notes.size());
        assertEquals("for notes", ((Map<?, ?>) notes.get(0)).get("message"));
    }

    @Test
    void onePeerCannotFlushADappsEvents() throws Exception {
        call("guestbook", "POST", "/swarm/topics", json("{\"topic\":\"entries\"}"));
        for (int i = 0; i < 1000; i++) {
            swarm.receive("aa".repeat(32), DappSwarmMessages.encode("guestbook", "entries", ("flood " + i).getBytes()));
        }
        swarm.receive("bb".repeat(32), DappSwarmMessages.encode("guestbook", "entries", "hello".getBytes()));
        List<?> events = (List<?>) ((Map<?, ?>) p2p.handle("guestbook", "GET", "/events", Map.of("wait", "0"), null).json()).get("events");
        assertEquals(DappSpace.RECEIVE_BURST + 1, events.size());
        assertEquals("hello", ((Map<?, ?>) events.get(events.size() - 1)).get("message"));
    }

    @Test
    void aRemovedDappLeavesItsTopics() throws Exception {
        call("notes", "POST", "/swarm/topics", json("{\"topic\":\"entries\"}"));
        assertEquals(1, swarm.joined.size());
        registry.dapps.remove("notes");
        p2p.tick();
        assertTrue(swarm.joined.isEmpty());
        assertFalse(p2p.active().contains("notes"));
    }

    @Test
    void newPeersOnATopicAreEvents() throws Exception {
        call("guestbook", "POST", "/swarm/topics", json("{\"topic\":\"entries\"}"));
        swarm.peers.add(new SwarmPeer("aa".repeat(32), "127.0.0.1", 1, true, List.of(DappNamespace.topicHex("guestbook", "entries"))));
        p2p.tick();
        p2p.tick();
        List<?> events = (List<?>) ((Map<?, ?>) p2p.handle("guestbook", "GET", "/events", Map.of("wait", "0"), null).json()).get("events");
        assertEquals(1, events.size());
        assertEquals("peer", ((Map<?, ?>) events.get(0)).get("type"));
    }
}
