/** Installed dApps: bundles that carry dApp metadata in their manifest. */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.p2pstack.api.dapp;
