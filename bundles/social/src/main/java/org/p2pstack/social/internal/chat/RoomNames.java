package org.p2pstack.social.internal.chat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.p2pstack.social.internal.notices.StateFile;

/**
 * The names the owner gave the group rooms this node sits in ("Book club"). A name is this node's own label, kept in
 * {@code data/p2pstack/chat/room-names.json}: it is never sent to peers. A room's invite carries it, so the people
 * who join by the invite see the same name.
 */
final class RoomNames {

    /** Longest name, in characters. */
    static final int MAX_NAME = 48;
    /** Names kept: more than the rooms a node can sit in, so a left room's name does not crowd out a new one. */
    static final int MAX_NAMES = ChatRooms.MAX_ROOMS * 2;

    static final class State {
        Map<String, String> names = new LinkedHashMap<>();
    }

    private final StateFile<State> file;
    private final State state;

    RoomNames(Path file) {
        this.file = new StateFile<>(file, State.class, State::new);
        State loaded = this.file.load();
        if (loaded.names == null) {
            loaded.names = new LinkedHashMap<>();
        }
        loaded.names.entrySet().removeIf(e -> !ChatBlocks.isKey(e.getKey()) || check(e.getValue()) != null);
        this.state = loaded;
    }

    /** Null when the name is fine, else what is wrong, in plain words. */
    static String check(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            return "Give the room a name.";
        }
        if (n.codePointCount(0, n.length()) > MAX_NAME) {
            return "A room's name can have at most " + MAX_NAME + " characters.";
        }
        if (n.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT && c != 0x200D)) {
            return "A room's name cannot hold control characters.";
        }
        return null;
    }

    synchronized Optional<String> name(String room) {
        return Optional.ofNullable(state.names.get(room));
    }

    /** Names (or renames) a room; the oldest names go first when there are too many. */
    synchronized void name(String room, String name) {
        String problem = check(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        state.names.remove(room);
        state.names.put(room, name.strip());
        while (state.names.size() > MAX_NAMES) {
            state.names.remove(state.names.keySet().iterator().next());
        }
        file.save(state);
    }
}
