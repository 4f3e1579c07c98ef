package org.p2pstack.api.chat;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The chat rooms this node sits in: its own (named by its swarm key), the rooms of the people it follows, and
 * any joined by key. Chat connects the people in a room directly over Hyperswarm, so unlike I2P it is not
 * anonymous. Provided by the social bundle while the swarm stack runs.
 */
@ProviderType
public interface ChatService {

    /** This node's own room id (its swarm key, hex); empty until the swarm stack has started. */
    String ownRoom();

    /** The rooms this node sits in. */
    List<ChatRoom> rooms();

    /**
     * The newest messages of a room (this node's own room when {@code roomId} is empty or null), oldest first, at
     * most {@code limit}; empty for a room the node is not in.
     */
    List<ChatMessage> messages(String roomId, int limit);

    /**
     * Joins someone's room by its id (their swarm key, 64 hex characters). Fails with an
     * {@link IllegalArgumentException} for something that is not a room id, and an {@link IllegalStateException}
     * while the chat is still starting.
     */
    CompletionStage<Void> join(String roomId);

    /**
     * Sends {@code text} to a room this node is in (its own when {@code roomId} is empty or null); completes with
     * the message. Fails with an {@link IllegalArgumentException} for an empty or too long text or a room the node
     * is not in, a {@link TooFastException} when the node sends too fast, and an {@link IllegalStateException}
     * when the chat is still starting after a short wait (a message written while the node starts, or just after
     * joining a room, waits for it rather than failing at once).
     */
    CompletionStage<ChatMessage> send(String roomId, String text);

    /** Calls {@code listener} with every new message of every room until the returned handle is closed. */
    AutoCloseable onMessage(Consumer<ChatMessage> listener);

    /** The node sends messages faster than it allows itself (a few per ten seconds); wait, then try again. */
    final class TooFastException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public TooFastException(String message) {
            super(message);
        }
    }
}
