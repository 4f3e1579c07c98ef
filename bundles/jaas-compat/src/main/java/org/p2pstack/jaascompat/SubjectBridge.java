package org.p2pstack.jaascompat;

import java.security.AccessControlContext;
import java.security.PrivilegedAction;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import javax.security.auth.Subject;

/**
 * What Karaf's rewritten calls run on Java 25 (see {@link SubjectCallRewriter} for the list of call sites).
 *
 * <p>Java 25 keeps only {@link Subject#callAs} and {@link Subject#current()}: the subject is bound to the calling
 * thread for the duration of the action. Karaf 4.4.10 was written for the AccessControlContext, which every thread
 * created inside the action inherited; its SSH console starts the shell's thread inside {@code JaasHelper.doAs}, and
 * a Gogo pipeline runs its commands on threads of its own. So the subject is also kept in an inheritable thread
 * local: a thread started inside {@link #doAs} sees the subject it was started under, as before.
 *
 * <p>The state is static because rewritten byte code can only call static methods, and it is per thread.
 */
public final class SubjectBridge {

    private static final InheritableThreadLocal<Subject> INHERITED = new InheritableThreadLocal<>();

    private SubjectBridge() {
    }

    /** Replaces {@code Subject.getSubject(AccessController.getContext())}: the context argument is ignored. */
    public static Subject getSubject(AccessControlContext ignored) {
        return current();
    }

    /** The subject of the innermost {@code doAs} on this thread, or the one this thread was started under. */
    public static Subject current() {
        Subject bound = Subject.current();
        return bound != null ? bound : INHERITED.get();
    }

    /** Replaces the body of {@code JaasHelper.doAs(Subject, PrivilegedAction)}. */
    public static <T> T doAs(Subject subject, PrivilegedAction<T> action) {
        Objects.requireNonNull(action, "action");
        try {
            return callAs(subject, action::run);
        } catch (CompletionException e) {
            throw unchecked(e);
        }
    }

    /**
     * Replaces the body of {@code JaasHelper.doAs(Subject, PrivilegedExceptionAction)}: a checked exception comes out
     * wrapped in a {@link PrivilegedActionException}, an unchecked one as it is, as {@code AccessController} did.
     */
    public static <T> T doAs(Subject subject, PrivilegedExceptionAction<T> action) throws PrivilegedActionException {
        Objects.requireNonNull(action, "action");
        try {
            return callAs(subject, action::run);
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception checked && !(checked instanceof RuntimeException)) {
                throw new PrivilegedActionException(checked);
            }
            throw unchecked(e);
        }
    }

    /** {@link Subject#callAs}, with the subject also left to the threads {@code action} starts. */
    private static <T> T callAs(Subject subject, Callable<T> action) {
        Subject outer = INHERITED.get();
        INHERITED.set(subject);
        try {
            return Subject.callAs(subject, action);
        } finally {
            restore(outer);
        }
    }

    private static RuntimeException unchecked(CompletionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e.getCause() instanceof Error error) {
            throw error;
        }
        return e;
    }

    private static void restore(Subject outer) {
        if (outer == null) {
            INHERITED.remove();
        } else {
            INHERITED.set(outer);
        }
    }
}
