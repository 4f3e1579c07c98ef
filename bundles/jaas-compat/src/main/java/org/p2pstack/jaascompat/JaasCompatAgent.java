package org.p2pstack.jaascompat;

import java.lang.instrument.Instrumentation;

/**
 * The Java agent that bin/setenv adds to the node's JVM ({@code -javaagent:lib/agent/p2pstack-jaas-compat.jar}), so
 * that Karaf 4.4.10's console and JAAS work on Java 25. It only registers {@link SubjectCallRewriter}.
 */
public final class JaasCompatAgent {

    private JaasCompatAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        instrumentation.addTransformer(new SubjectCallRewriter(System.err), false);
    }
}
