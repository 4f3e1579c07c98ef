package org.p2pstack.core.internal.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.p2pstack.api.identity.IdentityBackupException;
import org.p2pstack.api.identity.IdentityBackupService;

@Command(scope = "p2p", name = "backup", description = "Writes your identity (keys, profile, the people you follow) to one file, locked with a passphrase",
        detailedDescription = "The file holds every key, the profile with its picture, the people followed and following, the chat rooms "
                + "and the signed record's sequence, encrypted with a passphrase you choose (Argon2id, ChaCha20-Poly1305). "
                + "Your shared folder is not in it. Keep the file and the passphrase apart: together they are you.")
@Service
public class BackupCommand implements Action {

    @Reference
    IdentityBackupService identity;

    @Reference
    Session session;

    @Argument(index = 0, name = "file", description = "where to write the backup", required = true)
    String file;

    @Override
    public Object execute() throws Exception {
        Path target = Path.of(file).toAbsolutePath();
        if (Files.exists(target)) {
            System.out.println(target + " exists already; choose another name (nothing is overwritten).");
            return null;
        }
        char[] passphrase = IdentityBackupCommands.askPassphrase(session, "Passphrase (at least " + IdentityBackupService.MIN_PASSPHRASE + " characters): ");
        if (passphrase == null) {
            System.out.println(IdentityBackupCommands.NEEDS_TERMINAL);
            return null;
        }
        char[] asked = IdentityBackupCommands.askPassphrase(session, "The same passphrase again: ");
        char[] again = asked == null ? new char[0] : asked;
        try {
            if (!Arrays.equals(passphrase, again)) {
                System.out.println("The two passphrases differ; nothing was written.");
                return null;
            }
            byte[] bytes = identity.backup(passphrase);
            Files.write(target, bytes, StandardOpenOption.CREATE_NEW);
            try {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's own permissions apply
            }
            System.out.println("Your identity is in " + target + " (" + bytes.length + " bytes). Keep it and the passphrase apart.");
        } catch (IdentityBackupException e) {
            System.out.println(e.getMessage());
        } finally {
            Arrays.fill(passphrase, '\0');
            Arrays.fill(again, '\0');
        }
        return null;
    }
}
