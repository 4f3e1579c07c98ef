package ${package}.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.p2pstack.api.status.NodeStatus;
import org.p2pstack.api.status.NodeStatusService;
import org.p2pstack.api.status.StackState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dApp's logic, with no HTTP in it: a short list of messages, kept in memory while the node runs.
 *
 * <p>{@code immediate = true}: it starts as soon as the dApp is deployed and stays up until it is removed. Without it
 * DS would create it only when something first uses it, and drop it again when nothing does; anything started here
 * (a Hyperswarm topic, a listener) would then come and go with page visits.
 *
 * <p>Node services arrive through the constructor ({@code @Reference}); the component starts only once they are all
 * there. A service being there does not mean its network is up yet: ask {@link NodeStatusService} before relying on
 * a stack (see {@link #summary()}).
 */
@Component(service = MessageBoard.class, immediate = true)
public final class MessageBoard {

    /** Longest message accepted, in characters. */
    static final int MAX_LENGTH = 500;
    /** Messages kept; the oldest go first. */
    static final int MAX_MESSAGES = 100;

    private static final Logger LOG = LoggerFactory.getLogger(MessageBoard.class);

    private final NodeStatusService node;
    private final Deque<Message> messages = new ArrayDeque<>();

    /** One message, as the page shows it. */
    public record Message(String text, String time) {
    }

    /** What the page's header line shows. */
    public record Summary(int messages, long networksRunning, int networks, String nodeVersion) {
    }

    @Activate
    public MessageBoard(@Reference NodeStatusService node) {
        this.node = node;
        LOG.info("${name} started");
    }

    @Deactivate
    void stop() {
        LOG.info("${name} stopped");
    }

    /** The messages, newest first. */
    public synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    /**
     * Adds a message.
     *
     * @throws IllegalArgumentException with a sentence for the person who wrote it, when it is empty or too long
     */
    public synchronized Message post(String text) {
        String clean = text == null ? "" : text.strip();
        if (clean.isEmpty()) {
            throw new IllegalArgumentException("Write something first: the message is empty.");
        }
        if (clean.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("The message is " + clean.length() + " characters long; the most is "
                    + MAX_LENGTH + ".");
        }
        Message message = new Message(clean, Instant.now().toString());
        messages.addFirst(message);
        while (messages.size() > MAX_MESSAGES) {
            messages.removeLast();
        }
        return message;
    }

    /** How many messages there are, and how many of the node's networks are running. */
    public Summary summary() {
        NodeStatus status = node.status();
        long running = status.stacks().values().stream().filter(s -> s.state() == StackState.RUNNING).count();
        int count;
        synchronized (this) {
            count = messages.size();
        }
        return new Summary(count, running, status.stacks().size(), status.version());
    }
}
