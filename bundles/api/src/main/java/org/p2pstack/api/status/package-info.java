/** Health of the node and of each network stack, as shown by {@code /api/status} and {@code p2p:status}. */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.p2pstack.api.status;
