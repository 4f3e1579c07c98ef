package org.p2pstack.core.internal.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.p2pstack.api.node.NodeEnvironment;

/**
 * The anti-forgery token that the node's own pages send with every change. It is random per install and
 * kept across restarts (owner-readable file), so an open page keeps working after the node restarts.
 */
@Component(service = WebToken.class)
public final class WebToken {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final String value;

    @Activate
    public WebToken(@Reference NodeEnvironment environment) {
        this(environment.dataDir("core").resolve("web-token"));
    }

    WebToken(Path file) {
        this.value = loadOrCreate(file);
    }

    public String value() {
        return value;
    }

    private static String loadOrCreate(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                String existing = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (VALID.matcher(existing).matches()) {
                    return existing;
                }
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, fresh, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the data directory itself is private to the user
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the web token " + file, e);
        }
    }
}
