/** The owner's identity as one file: backed up under a passphrase, restored on this or a new computer. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.p2pstack.api.identity;
