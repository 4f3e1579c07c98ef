package org.p2pstack.core.internal.content;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.p2pstack.api.content.ContentItem;
import org.p2pstack.api.content.ContentItemParts;
import org.p2pstack.api.content.ContentItemParts.Audience;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An item's JSON as the pages get it: the library's own keys ({@link ContentJson}), then the parts other bundles
 * add ({@link ContentItemParts}, for example the torrent stack's {@code torrent} and {@code webSeedUrl}).
 */
@Component(service = ItemDescriptions.class)
public final class ItemDescriptions {

    private static final Logger LOG = LoggerFactory.getLogger(ItemDescriptions.class);

    private final List<ContentItemParts> parts = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addParts(ContentItemParts contributor) {
        parts.add(contributor);
    }

    void removeParts(ContentItemParts contributor) {
        parts.remove(contributor);
    }

    /** For the owner's pages: media and thumbnail on the private API. */
    public Map<String, Object> owner(ContentItem item, String mediaBase, String thumbnailBase) {
        return describe(item, Audience.OWNER, mediaBase, thumbnailBase);
    }

    /** For visitors, through the public feed. */
    public Map<String, Object> visitor(ContentItem item, String mediaBase, String thumbnailBase) {
        return describe(item, Audience.VISITOR, mediaBase, thumbnailBase);
    }

    private Map<String, Object> describe(ContentItem item, Audience audience, String mediaBase, String thumbnailBase) {
        Map<String, Object> json = ContentJson.item(item, mediaBase, thumbnailBase);
        for (ContentItemParts contributor : parts) {
            try {
                Map<String, Object> added = contributor.parts(item, audience);
                for (Map.Entry<String, Object> part : added.entrySet()) {
                    // the library's own keys stay what the library says
                    if (!ContentJson.OWN_KEYS.contains(part.getKey())) {
                        json.put(part.getKey(), part.getValue());
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("A part of the items' description failed", e);
            }
        }
        return json;
    }
}
