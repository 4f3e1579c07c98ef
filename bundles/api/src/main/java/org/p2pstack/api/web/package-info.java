/** Names shared by everything that serves web pages on the node's two connectors. */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.p2pstack.api.web;
