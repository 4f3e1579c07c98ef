package org.p2pstack.ipfs.internal.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The content type of what the gateway serves: from the extension of the name in the content path (a UnixFS
 * directory entry, part of the content itself), else sniffed from the first bytes (after the WHATWG MIME Sniffing
 * signatures), else {@code application/octet-stream}. Never from anything in the query: {@code ?filename=} only names
 * the file for {@code Content-Disposition}. Types that can run script (HTML, SVG, XML, JavaScript) are served as
 * they are; the gateway's {@code Content-Security-Policy: sandbox} makes them inert.
 */
final class ContentTypes {

    /** How many leading bytes {@link #sniff} looks at. */
    static final int SNIFF_BYTES = 512;
    static final String OCTET_STREAM = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("xhtml", "application/xhtml+xml"),
            Map.entry("svg", "image/svg+xml"), Map.entry("xml", "application/xml"), Map.entry("js", "text/javascript"),
            Map.entry("mjs", "text/javascript"), Map.entry("css", "text/css"), Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain"), Map.entry("md", "text/markdown"), Map.entry("csv", "text/csv"),
            Map.entry("vtt", "text/vtt"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"), Map.entry("ico", "image/x-icon"), Map.entry("bmp", "image/bmp"),
            Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"), Map.entry("webm", "video/webm"),
            Map.entry("ogv", "video/ogg"), Map.entry("mov", "video/quicktime"), Map.entry("mkv", "video/x-matroska"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("m4a", "audio/mp4"), Map.entry("oga", "audio/ogg"),
            Map.entry("ogg", "audio/ogg"), Map.entry("opus", "audio/ogg"), Map.entry("wav", "audio/wav"),
            Map.entry("flac", "audio/flac"), Map.entry("pdf", "application/pdf"), Map.entry("wasm", "application/wasm"),
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"), Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"));

    /** Tags that make a document HTML when it starts with them (WHATWG MIME Sniffing, "identifying a resource with an unknown MIME type"). */
    private static final String[] HTML_TAGS = {"<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div",
        "<font", "<table", "<a", "<style", "<title", "<b", "<body", "<br", "<p", "<!--"};

    private ContentTypes() {
    }

    /** The type for a file name's extension, or null when the name has none we know. */
    static String byName(String name) {
        if (name == null) {
            return null;
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The type the first bytes of a file show, or null when they show nothing (binary data of an unknown kind). */
    static String sniff(byte[] head) {
        if (head.length == 0) {
            return null;
        }
        if (startsWith(head, 0, "%PDF-")) {
            return "application/pdf";
        }
        if (startsWith(head, 0, "\u0089PNG\r\n\u001a\n")) {
            return "image/png";
        }
        if (startsWith(head, 0, "GIF87a") || startsWith(head, 0, "GIF89a")) {
            return "image/gif";
        }
        if (startsWith(head, 0, "\u00ff\u00d8\u00ff")) {
            return "image/jpeg";
        }
        if (startsWith(head, 0, "RIFF") && startsWith(head, 8, "WEBP")) {
            return "image/webp";
        }
        if (startsWith(head, 0, "RIFF") && startsWith(head, 8, "WAVE")) {
            return "audio/wav";
        }
        if (startsWith(head, 0, "\u0000\u0000\u0001\u0000")) {
            return "image/x-icon";
        }
        if (startsWith(head, 4, "ftyp")) {
            if (startsWith(head, 8, "avif")) {
                return "image/avif";
            }
            return startsWith(head, 8, "M4A ") ? "audio/mp4" : "video/mp4";
        }
        if (startsWith(head, 0, "\u001a\u0045\u00df\u00a3")) {
            return "video/webm";
        }
        if (startsWith(head, 0, "OggS\u0000")) {
            return "application/ogg";
        }
        if (startsWith(head, 0, "ID3") || (head.length > 1 && (head[0] & 0xff) == 0xff && (head[1] & 0xe0) == 0xe0)) {
            return "audio/mpeg";
        }
        if (startsWith(head, 0, "fLaC")) {
            return "audio/flac";
        }
        if (startsWith(head, 0, "\u0000asm")) {
            return "application/wasm";
        }
        if (startsWith(head, 0, "wOFF")) {
            return "font/woff";
        }
        if (startsWith(head, 0, "wOF2")) {
            return "font/woff2";
        }
        if (startsWith(head, 0, "PK\u0003\u0004")) {
            return "application/zip";
        }
        if (startsWith(head, 0, "\u001f\u008b\u0008")) {
            return "application/gzip";
        }
        if (binary(head)) {
            return null;
        }
        return markup(head);
    }

    /** HTML, SVG, XML or plain text, for bytes that contain no binary control characters. */
    private static String markup(byte[] head) {
        int start = startsWith(head, 0, "\u00ef\u00bb\u00bf") ? 3 : 0;
        while (start < head.length && (head[start] == ' ' || head[start] == '\t' || head[start] == '\n'
                || head[start] == '\r' || head[start] == '\f')) {
            start++;
        }
        String text = new String(head, start, head.length - start, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        for (String tag : HTML_TAGS) {
            if (text.startsWith(tag) && text.length() > tag.length()
                    && (text.charAt(tag.length()) == ' ' || text.charAt(tag.length()) == '>' || tag.equals("<!--"))) {
                return "text/html";
            }
        }
        if (text.startsWith("<svg")) {
            return "image/svg+xml";
        }
        if (text.startsWith("<?xml")) {
            return text.contains("<svg") ? "image/svg+xml" : "application/xml";
        }
        return "text/plain";
    }

    /** True if any byte is a "binary data byte" of WHATWG MIME Sniffing. */
    private static boolean binary(byte[] head) {
        for (byte b : head) {
            int c = b & 0xff;
            if (c <= 0x08 || c == 0x0b || (c >= 0x0e && c <= 0x1a) || (c >= 0x1c && c <= 0x1f)) {
                return true;
            }
        }
        return false;
    }

    /** True if {@code head} holds the bytes {@code signature} (one char = one byte) at {@code offset}. */
    private static boolean startsWith(byte[] head, int offset, String signature) {
        if (head.length < offset + signature.length()) {
            return false;
        }
        for (int i = 0; i < signature.length(); i++) {
            if ((head[offset + i] & 0xff) != signature.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
