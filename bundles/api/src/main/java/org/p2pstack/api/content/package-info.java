/**
 * The user's content: the shared folder (source of truth), its items and their change events.
 * Register a {@link org.p2pstack.api.content.ContentListener} service to hear about new and removed items, and
 * a {@link org.p2pstack.api.content.ContentItemParts} service to add your own part to the items pages get.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.p2pstack.api.content;
