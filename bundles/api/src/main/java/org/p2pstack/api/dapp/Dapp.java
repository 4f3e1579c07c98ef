package org.p2pstack.api.dapp;

import java.util.Objects;
import java.util.Set;

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
 * @param permissions what it declared in {@link DappHeaders#PERMISSIONS}
 */
public record Dapp(String name, String title, String description, String version, String webRoot, String icon,
        long bundleId, Set<DappPermission> permissions) {

    public Dapp {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        description = description == null ? "" : description;
        version = version == null ? "" : version;
        Objects.requireNonNull(webRoot, "webRoot");
        icon = icon == null ? "" : icon;
        permissions = permissions == null ? Set.of() : Set.copyOf(permissions);
    }

    /** A dApp that declared no permissions (the 1.0 shape of this record). */
    public Dapp(String name, String title, String description, String version, String webRoot, String icon,
            long bundleId) {
        this(name, title, description, version, webRoot, icon, bundleId, Set.of());
    }

    /** True when it declared {@code permission}. */
    public boolean may(DappPermission permission) {
        return permissions.contains(permission);
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
