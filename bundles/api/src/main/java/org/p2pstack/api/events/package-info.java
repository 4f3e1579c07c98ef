/**
 * Live updates for the owner's pages: a bundle publishes an event through
 * {@link org.p2pstack.api.events.PageEvents}, and every open page of the private site receives it as a
 * Server-Sent Event from {@code GET /api/events}.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.p2pstack.api.events;
