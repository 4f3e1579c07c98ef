package org.p2pstack.swarm.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.apache.karaf.shell.api.console.CommandLine;
import org.junit.jupiter.api.Test;
import org.p2pstack.api.swarm.HypercoreInfo;
import org.p2pstack.api.swarm.HypercoreService;
import org.p2pstack.api.swarm.SwarmMessage;
import org.p2pstack.api.swarm.SwarmPeer;
import org.p2pstack.api.swarm.SwarmService;

/** Tab completion of the swarm:* and hypercore:* arguments from what the stack holds. */
class CompletersTest {

    private static final String OURS = "aa".repeat(32);
    private static final String NOTES = "bb".repeat(32);
    private static final String PEERS = "cc".repeat(32);
    private static final List<HypercoreInfo> HELD = List.of(
            new HypercoreInfo(NOTES, "notes", 3, true, 0),
            new HypercoreInfo(PEERS, "", 7, false, 1),
            new HypercoreInfo(OURS, "chat", 1, true, 2));

    /** The cores above; nothing else is called. */
    static final class Held implements HypercoreService {
        @Override
        public List<HypercoreInfo> cores() {
            return HELD;
        }

        @Override
        public CompletionStage<HypercoreInfo> open(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<HypercoreInfo> openRemote(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Long> append(String key, byte[] block) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<byte[]> get(String key, long index) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AutoCloseable onAppend(Consumer<HypercoreInfo> listener) {
            throw new UnsupportedOperationException();
        }
    }

    /** Joined to two topics; nothing else is called. */
    static class Joined implements SwarmService {
        @Override
        public List<String> topics() {
            return List.of("01".repeat(32), "02".repeat(32));
        }

        @Override
        public String publicKey() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> join(byte[] topic, boolean server, boolean client) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> leave(byte[] topic) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SwarmPeer> peers() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> send(String peerKey, byte[] message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AutoCloseable onMessage(Consumer<SwarmMessage> listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AutoCloseable onConnection(Consumer<SwarmPeer> listener) {
            throw new UnsupportedOperationException();
        }
    }

    /** The shell's view of a line whose last word, {@code typed}, is being completed. */
    private static CommandLine typing(String typed) {
        return new CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return 1;
            }

            @Override
            public String getCursorArgument() {
                return typed;
            }

            @Override
            public int getArgumentPosition() {
                return typed.length();
            }

            @Override
            public String[] getArguments() {
                return new String[] { "cmd", typed };
            }

            @Override
            public int getBufferPosition() {
                return 4 + typed.length();
            }

            @Override
            public String getBuffer() {
                return "cmd " + typed;
            }
        };
    }

    private static List<String> trimmed(List<String> candidates) {
        return candidates.stream().map(String::trim).toList();
    }

    @Test
    void ownCoresAreTheWritableOnesByName() {
        assertEquals(List.of("chat", "notes"), OwnCoreCompleter.names(HELD));
    }

    @Test
    void heldCoresAreOurNamesThenEveryKey() {
        assertEquals(List.of("chat", "notes", OURS, NOTES, PEERS), HeldCoreCompleter.candidates(HELD));
        assertEquals(List.of(), HeldCoreCompleter.candidates(List.of()));
    }

    @Test
    void appendCompletesOnlyOurNames() {
        OwnCoreCompleter completer = new OwnCoreCompleter();
        completer.cores = new Held();
        List<String> candidates = new ArrayList<>();
        completer.complete(null, typing("n"), candidates);
        assertEquals(List.of("notes"), trimmed(candidates));
        candidates.clear();
        completer.complete(null, typing("c"), candidates);
        assertEquals(List.of("chat"), trimmed(candidates), "a peer's key is not offered to append to");
    }

    @Test
    void catCompletesNamesAndKeys() {
        HeldCoreCompleter completer = new HeldCoreCompleter();
        completer.cores = new Held();
        List<String> candidates = new ArrayList<>();
        completer.complete(null, typing("c"), candidates);
        assertEquals(List.of("cc".repeat(32), "chat"), trimmed(candidates).stream().sorted().toList());
    }

    @Test
    void joinCompletesTheJoinedTopics() {
        JoinedTopicCompleter completer = new JoinedTopicCompleter();
        completer.swarm = new Joined();
        List<String> candidates = new ArrayList<>();
        completer.complete(null, typing("02"), candidates);
        assertEquals(List.of("02".repeat(32)), trimmed(candidates));
        candidates.clear();
        completer.complete(null, typing(""), candidates);
        assertEquals(2, candidates.size());
    }
}
