package org.p2pstack.api.status;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Registered by a stack that can be broken on purpose, so that operators and resilience tests can check
 * that it comes back by itself ({@code p2p:break <stack>}). Breaking must look to the stack exactly like
 * the real failure it imitates (a router that died, a listener that closed, a script engine that broke).
 */
@ConsumerType
public interface FaultInjectable {

    /** The stack's name, as in {@link StackStatusProvider#stackName()}. */
    String stackName();

    /** Breaks the stack the way {@link #faultDescription()} says, and returns at once. */
    void injectFault();

    /** What {@link #injectFault()} does, in plain words ("stops the I2P router"). */
    String faultDescription();
}
