package org.p2pstack.social.internal.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A room this node sits in (mutable: guarded by the chat's lock). */
final class Room {

    final String id;
    /** Why the node is in it: {@code own}, {@code follow} or {@code joined}. */
    final String source;
    final RoomSlots slots = new RoomSlots();
    final RoomLog log = new RoomLog();
    final String topicHex;
    /** Our own core for the room, once open. */
    String ownCore;
    /** Completes with {@link #ownCore} when it opens: a message written just after joining waits for it. */
    final java.util.concurrent.CompletableFuture<String> ownCoreOpened = new java.util.concurrent.CompletableFuture<>();
    long lookedAgain;
    /** A lookup of the topic is waiting for the turn of the next lookup of any room's topic. */
    boolean lookAgainQueued;

    Room(String id, String source) {
        this.id = id;
        this.source = source;
        this.topicHex = HexFormat.of().formatHex(topic(id));
    }

    /** The swarm topic where a room's participants meet: SHA-256 of {@code p2pstack-chat-v1\n<room>}. */
    static byte[] topic(String roomId) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(("p2pstack-chat-v1\n" + roomId).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
