package org.p2pstack.core.internal.command;

import java.io.IOException;

import org.apache.karaf.shell.api.console.Session;

/** What {@code p2p:backup} and {@code p2p:restore} share. */
final class IdentityBackupCommands {

    private IdentityBackupCommands() {
    }

    /** Said when the console cannot ask without showing what is typed (bin/client -b, a script). */
    static final String NEEDS_TERMINAL = "This console cannot ask for a passphrase without showing it. "
            + "Open the interactive console (bin/client, or ssh) and run the command there.";

    /** Asks for the passphrase without showing it; null when this console cannot (batch mode). */
    static char[] askPassphrase(Session session, String prompt) throws IOException {
        try {
            String typed = session.readLine(prompt, '*');
            return typed == null ? new char[0] : typed.toCharArray();
        } catch (UnsupportedOperationException batch) {
            return null;
        }
    }
}
