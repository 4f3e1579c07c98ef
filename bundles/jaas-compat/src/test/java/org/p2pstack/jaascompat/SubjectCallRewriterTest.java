package org.p2pstack.jaascompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.jupiter.api.Test;

/**
 * One test per call site that the agent rewrites, on the real Karaf 4.4.10 classes: each is rewritten, loaded (so
 * the JVM verifies it) and, where it can run on its own, run. On Java 25 every one of them throws
 * "getSubject is not supported" or loses the subject without the rewrite.
 */
class SubjectCallRewriterTest {

    private static final String JAAS_HELPER = "org.apache.karaf.util.jaas.JaasHelper";

    private final RewritingLoader loader = new RewritingLoader(getClass().getClassLoader());

    private static Subject alice() {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("alice"));
        subject.getPrincipals().add(new RolePrincipal("admin"));
        return subject;
    }

    @Test
    void withoutTheRewriteGetSubjectThrowsOnThisJava() throws Exception {
        Method hasRole = getClass().getClassLoader().loadClass(JAAS_HELPER).getMethod("currentUserHasRole", String.class);
        InvocationTargetException failure = assertThrows(InvocationTargetException.class, () -> hasRole.invoke(null, "admin"));
        assertInstanceOf(UnsupportedOperationException.class, failure.getCause());
    }

    @Test
    void jaasHelperDoAsAndCurrentUserHasRole() throws Exception {
        Class<?> helper = loader.loadClass(JAAS_HELPER);
        Method doAs = helper.getMethod("doAs", Subject.class, PrivilegedAction.class);
        Method hasRole = helper.getMethod("currentUserHasRole", String.class);
        PrivilegedAction<Object> check = () -> invoke(hasRole, "admin") + "," + invoke(hasRole, "manager");
        assertEquals("true,false", doAs.invoke(null, alice(), check));
        assertEquals(false, hasRole.invoke(null, "admin"), "outside doAs there is no subject");
    }

    @Test
    void jaasHelperDoAsWithExceptionsWrapsCheckedOnesAsAccessControllerDid() throws Exception {
        Method doAs = loader.loadClass(JAAS_HELPER).getMethod("doAs", Subject.class, PrivilegedExceptionAction.class);
        Subject alice = alice();
        assertSame(alice, doAs.invoke(null, alice, (PrivilegedExceptionAction<Object>) SubjectBridge::current));
        PrivilegedExceptionAction<Object> checked = () -> { throw new IOException("disk"); };
        Throwable wrapped = assertThrows(InvocationTargetException.class, () -> doAs.invoke(null, alice, checked)).getCause();
        assertInstanceOf(PrivilegedActionException.class, wrapped);
        assertEquals("disk", wrapped.getCause().getMessage());
        PrivilegedExceptionAction<Object> unchecked = () -> { throw new IllegalStateException("state"); };
        Throwable plain = assertThrows(InvocationTargetException.class, () -> doAs.invoke(null, alice, unchecked)).getCause();
        assertInstanceOf(IllegalStateException.class, plain);
    }

    @Test
    void aThreadStartedInsideRunAsKeepsTheSubjectAsTheSshConsoleNeeds() throws Exception {
        // ShellFactoryImpl starts the console's thread inside JaasHelper.runAs; its commands check roles there
        Class<?> helper = loader.loadClass(JAAS_HELPER);
        Method runAs = helper.getMethod("runAs", Subject.class, Runnable.class);
        Method hasRole = helper.getMethod("currentUserHasRole", String.class);
        AtomicReference<Object> seen = new AtomicReference<>();
        AtomicReference<Thread> console = new AtomicReference<>();
        runAs.invoke(null, alice(), (Runnable) () -> {
            Thread thread = new Thread(() -> seen.set(invoke(hasRole, "admin")));
            console.set(thread);
            thread.start();
        });
        console.get().join();
        assertEquals(true, seen.get());
        assertNull(SubjectBridge.current(), "the caller's thread is left without a subject");
    }

    @Test
    void shellUtilGetCurrentUserName() throws Exception {
        Class<?> helper = loader.loadClass(JAAS_HELPER);
        Method doAs = helper.getMethod("doAs", Subject.class, PrivilegedAction.class);
        Method userName = loader.loadClass("org.apache.karaf.shell.support.ShellUtil").getMethod("getCurrentUserName");
        assertEquals("alice", doAs.invoke(null, alice(), (PrivilegedAction<Object>) () -> invoke(userName)));
        assertNull(userName.invoke(null));
    }

    @Test
    void securedSessionFactoryCurrentUserHasRole() throws Exception {
        assertRewrittenAndVerified("org.apache.karaf.shell.impl.console.osgi.secured.SecuredSessionFactoryImpl");
    }

    @Test
    void whoamiCommandExecute() throws Exception {
        assertRewrittenAndVerified("org.apache.karaf.jaas.command.WhoamiCommand");
    }

    @Test
    void eventAdminPrepareEvent() throws Exception {
        assertRewrittenAndVerified("org.apache.felix.eventadmin.impl.handler.EventAdminImpl");
    }

    @Test
    void classesWithoutTheCallsAndClassesOutsideKarafAreLeftAlone() throws Exception {
        SubjectCallRewriter rewriter = new SubjectCallRewriter(System.err);
        assertNull(SubjectCallRewriter.rewrite(bytes("org.apache.karaf.shell.support.table.ShellTable"), null));
        // a class of ours that calls getSubject is outside the scope: the transformer does not even parse it
        assertNull(rewriter.transform(null, "org/p2pstack/jaascompat/CallsGetSubject", null, null,
                bytes(CallsGetSubject.class.getName())));
    }

    @Test
    void aClassThatCannotBeReadIsLeftAsItIsWithOneLineSaid() {
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        SubjectCallRewriter rewriter = new SubjectCallRewriter(new PrintStream(said, true));
        byte[] broken = "\u00CA\u00FE getSubject".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertNull(rewriter.transform(null, "org/apache/karaf/Broken", null, null, broken));
        assertTrue(said.toString().contains("left org.apache.karaf.Broken as it is"), said.toString());
        // a class whose bytes do not name getSubject is passed over without being parsed at all
        said.reset();
        assertNull(rewriter.transform(null, "org/apache/karaf/Other", null, null, new byte[] {(byte) 0xCA, (byte) 0xFE}));
        assertEquals("", said.toString());
    }

    private void assertRewrittenAndVerified(String className) throws Exception {
        byte[] rewritten = SubjectCallRewriter.rewrite(bytes(className), getClass().getClassLoader());
        List<String> calls = ClassFile.of().parse(rewritten).methods().stream()
                .flatMap(method -> method.code().stream()).flatMap(code -> code.elementStream())
                .filter(InvokeInstruction.class::isInstance).map(InvokeInstruction.class::cast)
                .map(call -> call.owner().asInternalName() + "." + call.name().stringValue()).toList();
        assertFalse(calls.contains("javax/security/auth/Subject.getSubject"), calls.toString());
        assertTrue(calls.contains("org/p2pstack/jaascompat/SubjectBridge.getSubject"), calls.toString());
        Class<?> loaded = Class.forName(className, true, loader); // linking runs the verifier on the new code
        assertSame(loader, loaded.getClassLoader());
    }

    private static Object invoke(Method method, Object... arguments) {
        try {
            return method.invoke(null, arguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String className) throws IOException {
        try (InputStream in = SubjectCallRewriterTest.class.getClassLoader()
                .getResourceAsStream(className.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Loads Karaf's classes itself, rewritten as the agent would, and everything else from its parent. */
    static final class RewritingLoader extends ClassLoader {
        RewritingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                // the principals stay the test's own classes (in Karaf they come from lib/boot, on the class path)
                boolean karaf = name.startsWith("org.apache.karaf.") && !name.startsWith("org.apache.karaf.jaas.boot.");
                if (!karaf && !name.startsWith("org.apache.felix.eventadmin.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try {
                        byte[] original = bytes(name);
                        byte[] rewritten = SubjectCallRewriter.rewrite(original, getParent());
                        byte[] used = rewritten != null ? rewritten : original;
                        loaded = defineClass(name, used, 0, used.length);
                    } catch (IOException | NullPointerException e) {
                        return super.loadClass(name, resolve);
                    }
                }
                return loaded;
            }
        }
    }

    /** Stands for a class outside Karaf that calls the removed method. */
    static final class CallsGetSubject {
        @SuppressWarnings("removal")
        Subject subject() {
            return Subject.getSubject(AccessController.getContext());
        }
    }
}
