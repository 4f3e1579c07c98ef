package org.p2pstack.core.internal.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.Part;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletMultipart;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.p2pstack.api.identity.IdentityBackupException;
import org.p2pstack.api.identity.IdentityBackupService;
import org.p2pstack.util.web.Json;
import org.p2pstack.util.web.Requests;

import com.google.gson.JsonObject;

/**
 * The identity backup over the private API (session and token required, like every change):
 * <ul>
 * <li>{@code POST /api/identity/backup} {@code {"passphrase"}}: answers with the backup file;</li>
 * <li>{@code POST /api/identity/restore}, multipart {@code file}, {@code passphrase} and {@code replace}
 * ({@code "true"} to replace an identity this node has): restores it. 409 when the node has an identity and
 * {@code replace} was not given; 403 for a passphrase that does not open the file; 400 for a file that is no
 * backup.</li>
 * </ul>
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/identity/*")
@HttpWhiteboardServletName("p2pstack-api-identity")
@HttpWhiteboardServletMultipart(enabled = true, maxFileSize = BackupFile.MAX_FILE_BYTES, maxRequestSize = BackupFile.MAX_FILE_BYTES + 65536L)
public final class IdentityServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_PASSPHRASE = 1024;

    private final transient IdentityBackupService identity;
    private final transient Json json = new Json();

    @Activate
    public IdentityServlet(@Reference IdentityBackupService identity) {
        this.identity = identity;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        char[] passphrase = null;
        try {
            switch (path) {
                case "/backup" -> {
                    JsonObject body = Requests.jsonBody(request);
                    passphrase = passphrase(Requests.string(body, "passphrase"));
                    byte[] file = identity.backup(passphrase);
                    response.setStatus(200);
                    response.setContentType("application/octet-stream");
                    response.setHeader("Content-Disposition", "attachment; filename=\"p2pstack-identity-" + LocalDate.now() + ".p2pbackup\"");
                    response.setHeader("Cache-Control", "no-store");
                    response.setContentLength(file.length);
                    response.getOutputStream().write(file);
                }
                case "/restore" -> {
                    if (request.getContentType() == null || !request.getContentType().startsWith("multipart/form-data")) {
                        throw new Requests.BadRequest(415, "Send the backup as a form: the file, the passphrase and replace.");
                    }
                    byte[] file = part(request, "file", BackupFile.MAX_FILE_BYTES);
                    if (file == null) {
                        throw new Requests.BadRequest(400, "Choose the backup file first.");
                    }
                    byte[] pass = part(request, "passphrase", MAX_PASSPHRASE);
                    passphrase = passphrase(pass == null ? null : new String(pass, StandardCharsets.UTF_8));
                    byte[] replace = part(request, "replace", 8);
                    boolean replacing = replace != null && "true".equals(new String(replace, StandardCharsets.US_ASCII).strip());
                    IdentityBackupService.Restored restored = identity.restore(file, passphrase, replacing);
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("b32", restored.b32());
                    answer.put("nickname", restored.nickname());
                    answer.put("keptAside", restored.keptAside() == null ? null : restored.keptAside().toString());
                    json.send(response, 200, answer);
                }
                default -> json.error(response, 404, "Nothing here.");
            }
        } catch (Requests.BadRequest e) {
            json.error(response, e.status(), e.getMessage());
        } catch (IdentityBackupException e) {
            int status = switch (e.reason()) {
                case BAD_INPUT -> 400;
                case WRONG_PASSPHRASE -> 403;
                case HAS_IDENTITY -> 409;
                case NODE -> 500;
            };
            json.error(response, status, e.getMessage());
        } catch (IllegalStateException e) {
            json.error(response, 413, "The backup file is too large to be a p2pstack backup.");
        } catch (ServletException e) {
            json.error(response, 400, "The form could not be read: " + e.getMessage());
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
    }

    private static char[] passphrase(String text) throws Requests.BadRequest {
        if (text == null || text.isEmpty()) {
            throw new Requests.BadRequest(400, "Type the passphrase.");
        }
        if (text.length() > MAX_PASSPHRASE) {
            throw new Requests.BadRequest(400, "The passphrase is too long.");
        }
        return text.toCharArray();
    }

    /** One part of the form, at most {@code limit} bytes; null when the form has no such part. */
    private static byte[] part(HttpServletRequest request, String name, int limit) throws IOException, ServletException, Requests.BadRequest {
        Part part = request.getPart(name);
        if (part == null) {
            return null;
        }
        if (part.getSize() > limit) {
            throw new Requests.BadRequest(413, "'" + name + "' is too large.");
        }
        try (InputStream in = part.getInputStream()) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new Requests.BadRequest(413, "'" + name + "' is too large.");
            }
            return bytes;
        }
    }
}
