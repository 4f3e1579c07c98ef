package org.p2pstack.i2p.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.p2pstack.api.i2p.AddressBookEntry;
import org.p2pstack.api.i2p.I2pService;

/** Completes a name with the names in the address book (what {@code i2p:addressbook} lists). */
@Service
public class AddressBookNameCompleter implements Completer {

    @Reference
    I2pService i2p;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names = i2p.addressBook().stream().map(AddressBookEntry::name).toList();
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
