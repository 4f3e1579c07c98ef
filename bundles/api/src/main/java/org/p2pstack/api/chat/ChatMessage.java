package org.p2pstack.api.chat;

/**
 * One chat message as read from a participant's Hypercore.
 *
 * @param room   the room's id (its owner's swarm key, hex)
 * @param core   the key of the core it was read from (hex)
 * @param index  its block number in that core
 * @param author the swarm key (hex) of the participant who wrote it
 * @param time   when it was written, by the author's clock (milliseconds since 1970)
 * @param text   what it says
 */
public record ChatMessage(String room, String core, long index, String author, long time, String text) {

    /** Unique within a room. */
    public String id() {
        return core.substring(0, Math.min(16, core.length())) + ":" + index;
    }
}
