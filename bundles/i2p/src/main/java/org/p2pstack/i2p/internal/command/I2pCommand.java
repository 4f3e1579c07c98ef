package org.p2pstack.i2p.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.p2pstack.api.i2p.I2pService;

/** Shared base of the {@code i2p:*} commands: the service, and one method per command. */
abstract class I2pCommand implements Action {

    @Reference
    I2pService i2p;

    @Override
    public final Object execute() throws Exception {
        return run(i2p);
    }

    abstract Object run(I2pService service) throws Exception;
}
