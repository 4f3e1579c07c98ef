package org.p2pstack.i2p.internal.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.i2p.AddressBookEntry;
import org.p2pstack.api.i2p.I2pService;

@Command(scope = "i2p", name = "addressbook", description = "Lists the I2P address book (name → b32), or removes a name")
@Service
public class AddressBookCommand extends I2pCommand {

    @Option(name = "--remove", aliases = "-r", description = "Remove this name instead of listing")
    @Completion(AddressBookNameCompleter.class)
    String remove;

    @Option(name = "--full", aliases = "-f", description = "Show full Base64 destinations")
    boolean full;

    @Override
    Object run(I2pService service) {
        if (remove != null) {
            System.out.println(service.removeName(remove) ? "Removed " + remove : remove + " is not in the address book");
            return null;
        }
        var entries = service.addressBook();
        if (entries.isEmpty()) {
            System.out.println("The address book is empty.");
        }
        for (AddressBookEntry e : entries) {
            System.out.printf("%-32s %s%n", e.name(), full ? e.destination().b64() : e.destination().b32());
        }
        return null;
    }
}
