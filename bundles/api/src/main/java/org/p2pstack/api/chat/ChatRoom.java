package org.p2pstack.api.chat;

/**
 * A room this node sits in.
 *
 * @param id           the room's id: its owner's swarm key (hex)
 * @param source       why the node is in it: {@code own} (the node's own room), {@code follow} (its owner is
 *                     followed) or {@code joined} (joined by its key)
 * @param participants the people writing in it that this node knows of, itself included
 * @param messages     messages held
 * @param ready        whether this node can write in it yet (its own log for the room is open)
 */
public record ChatRoom(String id, String source, int participants, int messages, boolean ready) {
}
