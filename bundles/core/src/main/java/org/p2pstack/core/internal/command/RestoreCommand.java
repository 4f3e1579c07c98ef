package org.p2pstack.core.internal.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.p2pstack.api.identity.IdentityBackupException;
import org.p2pstack.api.identity.IdentityBackupService;

@Command(scope = "p2p", name = "restore", description = "Restores your identity from a backup file",
        detailedDescription = "Afterwards this node has the backup's I2P address, swarm key, IPFS peer id, profile and the people followed. "
                + "If this node has an identity already, --replace is needed; the current one is kept aside, never deleted.")
@Service
public class RestoreCommand implements Action {

    @Reference
    IdentityBackupService identity;

    @Reference
    Session session;

    @Argument(index = 0, name = "file", description = "the backup file", required = true)
    String file;

    @Option(name = "--replace", description = "replace the identity this node has (kept aside)")
    boolean replace;

    @Override
    public Object execute() throws Exception {
        Path source = Path.of(file).toAbsolutePath();
        if (!Files.isRegularFile(source)) {
            System.out.println("There is no file " + source + ".");
            return null;
        }
        if (Files.size(source) > 64L * 1024 * 1024) {
            System.out.println(source + " is too large to be a p2pstack backup.");
            return null;
        }
        char[] passphrase = IdentityBackupCommands.askPassphrase(session, "Passphrase: ");
        if (passphrase == null) {
            System.out.println(IdentityBackupCommands.NEEDS_TERMINAL);
            return null;
        }
        try {
            IdentityBackupService.Restored restored = identity.restore(Files.readAllBytes(source), passphrase, replace);
            System.out.println("Restored " + (restored.nickname().isEmpty() ? "" : restored.nickname() + ", ") + restored.b32() + "."
                    + (restored.keptAside() == null ? "" : " The identity it replaced is in " + restored.keptAside() + "."));
        } catch (IdentityBackupException e) {
            System.out.println(e.getMessage() + (e.reason() == IdentityBackupException.Reason.HAS_IDENTITY ? " (p2p:restore --replace)" : ""));
        } finally {
            Arrays.fill(passphrase, '\0');
        }
        return null;
    }
}
