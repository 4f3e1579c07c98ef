package org.p2pstack.core.internal.content;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.p2pstack.api.content.ContentItem;

/** The JSON shape of an item, for the private API ({@code /api/content/...}) and the public feed. */
public final class ContentJson {

    /** The keys {@link #item} writes: parts other bundles add cannot replace them. */
    static final Set<String> OWN_KEYS = Set.of("id", "kind", "type", "size", "sha256", "description", "created", "origin",
            "fileName", "mediaUrl", "thumbnailUrl");

    private ContentJson() {
    }

    public static Map<String, Object> item(ContentItem item, String mediaBase, String thumbnailBase) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", item.id());
        json.put("kind", item.kind().name().toLowerCase(Locale.ROOT));
        json.put("type", item.contentType());
        json.put("size", item.size());
        json.put("sha256", item.sha256());
        json.put("description", item.description());
        json.put("created", item.created().toString());
        json.put("origin", item.origin().name().toLowerCase(Locale.ROOT));
        json.put("fileName", item.fileName());
        json.put("mediaUrl", mediaBase.replace("{id}", item.id()));
        json.put("thumbnailUrl", item.hasThumbnail() ? thumbnailBase.replace("{id}", item.id()) : null);
        return json;
    }
}
