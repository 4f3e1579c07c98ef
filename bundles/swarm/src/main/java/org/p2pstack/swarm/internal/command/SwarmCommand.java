package org.p2pstack.swarm.internal.command;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.p2pstack.api.status.StackStatus;
import org.p2pstack.api.status.StackStatusProvider;

/**
 * What the {@code swarm:*} and {@code hypercore:*} commands share: printing to a stream (the console, or a
 * buffer in the tests), waiting for the stack with a bound, and the swarm stack's status. Each command names
 * the services it needs itself: the shell shows a command only once its references are there, and
 * {@code swarm:bootstrap} must stay usable when the swarm stack is not.
 */
public abstract class SwarmCommand implements Action {

    static final String STACK = "swarm";
    /** How long a command waits for one answer of the stack. */
    static final long WAIT_SECONDS = 30;

    // every stack's provider, chosen by stackName(): Karaf 4.4's shell ignores a @Reference filter when the
    // service is already registered as the command bundle starts (as after a restart) and hands over the
    // first StackStatusProvider, which was the I2P stack's. A list is never missing, so it hides no command.
    @Reference
    protected List<StackStatusProvider> providers;

    @Override
    public final Object execute() throws Exception {
        run(System.out);
        return null;
    }

    /** The command's work, printing to {@code console}. */
    protected abstract void run(PrintStream console) throws Exception;

    /** The swarm stack's status, or null when it has none yet. */
    protected StackStatus swarmStatus() {
        return statusOf(providers, STACK);
    }

    /** The status of the stack called {@code stack}, or null when no provider of that name is there. */
    static StackStatus statusOf(List<StackStatusProvider> providers, String stack) {
        if (providers != null) {
            for (StackStatusProvider p : providers) {
                if (stack.equals(p.stackName())) {
                    return p.status();
                }
            }
        }
        return null;
    }

    /** The stack's answer, waiting at most {@code seconds}. */
    protected static <T> T await(CompletionStage<T> answer, long seconds) throws Exception {
        return answer.toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    }

    /** One line of a table: the label padded to {@code width}, a space, the value. */
    protected static void row(PrintStream console, int width, String label, Object value) {
        console.printf("%-" + width + "s %s%n", label, value);
    }
}
