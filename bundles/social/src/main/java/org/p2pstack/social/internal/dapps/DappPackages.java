package org.p2pstack.social.internal.dapps;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.p2pstack.api.dapp.DappPermission;
import org.p2pstack.social.internal.directory.I2pDestination;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Writes and checks {@code dapp.json}: {@code {"body": "<the package as JSON text>", "signature": "<base64url>"}}.
 * The signature covers {@link #SIGNED_PREFIX} followed by the body's exact bytes, so nothing needs re-encoding to
 * be checked. A package comes from a peer: every field is bounded, and any doubt is a refusal.
 */
final class DappPackages {

    /** What the signed bytes start with: the p2pstack- prefix the I2P service demands, and the format's version. */
    static final String SIGNED_PREFIX = "p2pstack-dapp-package/1\n";
    static final int MAX_PACKAGE_BYTES = 64 * 1024;
    static final long MAX_JAR_BYTES = 256L << 20;
    static final int MAX_TEXT = 280;
    static final int MAX_PERMISSIONS = 16;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern VERSION = Pattern.compile("\\d{1,9}(\\.\\d{1,9}){0,2}(\\.[A-Za-z0-9_-]{1,64})?");
    private static final Pattern CID = Pattern.compile("(Qm[1-9A-HJ-NP-Za-km-z]{44}|b[a-z2-7]{20,120})");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern API = Pattern.compile("[\\[(][0-9.]{1,20},[0-9.]{1,20}[\\])]|");
    private final Gson gson = new Gson();

    /** Thrown for a package that must not be installed; the message says why in plain words. */
    static final class BadPackageException extends Exception {
        private static final long serialVersionUID = 1L;

        BadPackageException(String message) {
            super(message);
        }
    }

    /** The body to sign for {@code p}: fields in a fixed order. */
    String body(DappPackage p) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("format", "p2pstack-dapp/1");
        o.put("name", p.name());
        o.put("version", p.version());
        o.put("title", p.title());
        o.put("description", p.description());
        o.put("kind", p.kind());
        o.put("api", p.api());
        o.put("permissions", p.permissions());
        Map<String, Object> jar = new LinkedHashMap<>();
        jar.put("cid", p.jarCid());
        jar.put("sha256", p.jarSha256());
        jar.put("size", p.jarSize());
        o.put("jar", jar);
        Map<String, Object> author = new LinkedHashMap<>();
        author.put("destination", p.destination());
        author.put("nickname", p.nickname());
        o.put("author", author);
        o.put("time", p.time());
        return gson.toJson(o);
    }

    static byte[] signedBytes(String body) {
        return (SIGNED_PREFIX + body).getBytes(StandardCharsets.UTF_8);
    }

    /** The whole {@code dapp.json}. */
    String envelope(String body, byte[] signature) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("body", body);
        o.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
        return gson.toJson(o);
    }

    /** Checks the signature and every field; the result's b32 is the author's, computed from their destination. */
    DappPackage verify(byte[] dappJson) throws BadPackageException {
        if (dappJson.length > MAX_PACKAGE_BYTES) {
            throw new BadPackageException("This is not a dApp package: it is larger than " + MAX_PACKAGE_BYTES / 1024 + " KiB.");
        }
        try {
            JsonObject envelope = JsonParser.parseString(new String(dappJson, StandardCharsets.UTF_8)).getAsJsonObject();
            String body = envelope.get("body").getAsString();
            byte[] signature = Base64.getUrlDecoder().decode(envelope.get("signature").getAsString());
            JsonObject o = JsonParser.parseString(body).getAsJsonObject();
            if (!"p2pstack-dapp/1".equals(text(o, "format", 40))) {
                throw new BadPackageException("This is not a p2pstack dApp package (or a newer kind this node does not know).");
            }
            JsonObject author = o.getAsJsonObject("author");
            String destination = author.get("destination").getAsString();
            I2pDestination signer;
            try {
                signer = I2pDestination.parse(destination);
            } catch (IllegalArgumentException e) {
                throw new BadPackageException("The package's author is not a valid I2P identity.");
            }
            if (!signer.verifies(signedBytes(body), signature)) {
                throw new BadPackageException("The package's signature does not match its author: it was changed after signing, "
                        + "or someone else made it. It was not installed.");
            }
            JsonObject jar = o.getAsJsonObject("jar");
            DappPackage p = new DappPackage(match(o, "name", NAME), match(o, "version", VERSION), text(o, "title", MAX_TEXT),
                    text(o, "description", MAX_TEXT), kind(o), match(o, "api", API), permissions(o),
                    match(jar, "cid", CID), match(jar, "sha256", SHA256), jar.get("size").getAsLong(), destination,
                    signer.b32(), text(author, "nickname", 64), o.get("time").getAsLong());
            if (p.jarSize() <= 0 || p.jarSize() > MAX_JAR_BYTES) {
                throw new BadPackageException("The package's jar size (" + p.jarSize() + " bytes) is out of bounds.");
            }
            return p;
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException | NullPointerException
                | UnsupportedOperationException | ClassCastException e) {
            throw new BadPackageException("This is not a readable dApp package.");
        }
    }

    private static String kind(JsonObject o) throws BadPackageException {
        String kind = text(o, "kind", 10);
        if (!DappPackage.STATIC.equals(kind) && !DappPackage.JAVA.equals(kind)) {
            throw new BadPackageException("The package's kind '" + kind + "' is unknown.");
        }
        return kind;
    }

    private static List<String> permissions(JsonObject o) throws BadPackageException {
        JsonArray array = o.getAsJsonArray("permissions");
        if (array.size() > MAX_PERMISSIONS) {
            throw new BadPackageException("The package asks for too many permissions.");
        }
        List<String> out = new ArrayList<>();
        for (JsonElement e : array) {
            String word = e.getAsString();
            if (DappPermission.fromHeaderValue(word).isEmpty()) {
                throw new BadPackageException("The package asks for a permission this node does not know: " + shorten(word));
            }
            out.add(word);
        }
        return out;
    }

    private static String match(JsonObject o, String key, Pattern pattern) throws BadPackageException {
        String value = text(o, key, 200);
        if (!pattern.matcher(value).matches()) {
            throw new BadPackageException("The package's " + key + " '" + shorten(value) + "' is not valid.");
        }
        return value;
    }

    private static String text(JsonObject o, String key, int max) throws BadPackageException {
        JsonElement e = o.get(key);
        String value = e == null || e.isJsonNull() ? "" : e.getAsString();
        if (value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            throw new BadPackageException("The package's " + key + " is too long or holds control characters.");
        }
        return value;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
