package org.p2pstack.api.dapp;

import java.util.Objects;

/**
 * An installed dApp, as read from its bundle's manifest.
 *
 * @param name        URL-safe identifier; its pages are served under {@code /dapps/<name>/}
 * @param title       short display name
 * @param description one or two plain sentences
 * @param version     the bundle version
 * @param webRoot     folder inside the bundle that holds its static pages
 * @param icon        path of the icon relative to the web root, or empty when it has none
 * @param bundleId    the OSGi bundle id
 */
public record Dapp(String name, String title, String description, String version, String webRoot, String icon,
        long bundleId) {

    public Dapp {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        description = description == null ? "" : description;
        version = version == null ? "" : version;
        Objects.requireNonNull(webRoot, "webRoot");
        icon = icon == null ? "" : icon;
    }

    /** Where the dApp's start page answers on the private connector. */
    public String url() {
        return DappHeaders.URL_PREFIX + name + "/";
    }

    /** Where its icon answers, or empty when it has none. */
    public String iconUrl() {
        return icon.isEmpty() ? "" : url() + icon;
    }
}
