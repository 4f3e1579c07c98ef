package org.p2pstack.core.internal.content;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.p2pstack.api.content.ContentEvent;
import org.p2pstack.api.content.ContentListener;
import org.p2pstack.api.events.PageEvents;

/**
 * Tells the owner's pages about changes in the shared folder: {@code content} with the item as the private API
 * describes it, and {@code problems} with the folder's current problems.
 */
@Component(service = ContentListener.class)
public final class ContentPageEvents implements ContentListener {

    private final PageEvents pages;

    @Activate
    public ContentPageEvents(@Reference PageEvents pages) {
        this.pages = pages;
    }

    @Override
    public void contentChanged(ContentEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", event.type().name().toLowerCase(Locale.ROOT));
        data.put("item", ContentJson.item(event.item(), ContentServlet.MEDIA, ContentServlet.THUMBNAIL));
        pages.publish("content", data);
    }

    @Override
    public void problemsChanged(List<String> problems) {
        pages.publish("problems", Map.of("problems", problems));
    }
}
