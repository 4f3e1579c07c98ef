/**
 * The user's content: the shared folder (source of truth), its items and their change events.
 * Register a {@link org.p2pstack.api.content.ContentListener} service to hear about new and removed items.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.p2pstack.api.content;
