package org.p2pstack.i2p.internal.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.p2pstack.api.i2p.AddressBookEntry;
import org.p2pstack.api.i2p.I2pDestination;
import org.p2pstack.api.i2p.I2pService;

/**
 * Completes an address with what the node knows: the address book's names and their b32 addresses, and the
 * node's own b32. Nothing is looked up on the network while the user types.
 */
@Service
public class KnownAddressCompleter implements Completer {

    @Reference
    I2pService i2p;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> known = new ArrayList<>();
        for (AddressBookEntry e : i2p.addressBook()) {
            known.add(e.name());
            known.add(e.destination().b32());
        }
        i2p.ownDestination().map(I2pDestination::b32).ifPresent(known::add);
        return new StringsCompleter(known).complete(session, commandLine, candidates);
    }
}
