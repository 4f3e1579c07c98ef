package org.p2pstack.i2p.internal.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.i2p.I2pService;

@Command(scope = "i2p", name = "lookup", description = "Looks up a name.i2p or b32 address in the address book")
@Service
public class LookupCommand extends I2pCommand {

    @Argument(index = 0, name = "name", required = true, description = "name.i2p or <52 chars>.b32.i2p")
    @Completion(KnownAddressCompleter.class)
    String name;

    @Override
    Object run(I2pService service) {
        var found = service.lookup(name);
        if (found.isEmpty()) {
            System.out.println(name + " is not in the address book");
        } else {
            System.out.println("b32: " + found.get().b32());
            System.out.println("destination: " + found.get().b64());
        }
        return null;
    }
}
