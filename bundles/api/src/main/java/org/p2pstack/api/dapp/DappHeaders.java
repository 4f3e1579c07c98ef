package org.p2pstack.api.dapp;

/**
 * Manifest headers that make a bundle a dApp. Only {@link #NAME} is required; a bundle without it is
 * not a dApp. In a bnd or maven-bundle-plugin build they are plain instructions, e.g.
 * {@code <P2PStack-Dapp-Name>glance</P2PStack-Dapp-Name>}.
 */
public final class DappHeaders {

    /** URL-safe name: lower-case letters, digits and dashes, starting with a letter, at most 32 characters. */
    public static final String NAME = "P2PStack-Dapp-Name";
    /** Display name shown in the apps menu (defaults to the bundle name). */
    public static final String TITLE = "P2PStack-Dapp-Title";
    /** One or two plain sentences about what it does. */
    public static final String DESCRIPTION = "P2PStack-Dapp-Description";
    /** Folder inside the jar with the static pages (defaults to {@code web}). */
    public static final String WEB_ROOT = "P2PStack-Dapp-WebRoot";
    /** Icon file relative to the web root (PNG or SVG). */
    public static final String ICON = "P2PStack-Dapp-Icon";

    /**
     * What it may use beyond its own pages, comma-separated, e.g. {@code ipfs, hypercore, content:read}; see
     * {@link DappPermission} for the words. Unknown words make the jar invalid, so a typo is never silently ignored.
     */
    public static final String PERMISSIONS = "P2PStack-Dapp-Permissions";

    /** Every dApp answers below this path on the private connector. */
    public static final String URL_PREFIX = "/dapps/";

    private DappHeaders() {
    }
}
