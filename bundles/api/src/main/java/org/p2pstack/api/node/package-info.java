/** Where a bundle keeps its data and which ports it opens, so that several nodes can share one machine. */
@org.osgi.annotation.versioning.Version("1.4.0")
package org.p2pstack.api.node;
