package org.p2pstack.i2p.internal.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.i2p.I2pService;

@Command(scope = "i2p", name = "add", description = "Adds or replaces name.i2p → destination in the address book")
@Service
public class AddCommand extends I2pCommand {

    @Argument(index = 0, name = "name", required = true, description = "the name, ending in .i2p")
    @Completion(AddressBookNameCompleter.class)
    String name;

    @Argument(index = 1, name = "destination", required = true, description = "the full Base64 destination")
    String destination;

    @Override
    Object run(I2pService service) {
        try {
            var e = service.addName(name, destination);
            System.out.println("Added " + e.name() + " → " + e.destination().b32());
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
