/**
 * Chat rooms on Hypercore: each participant writes to a log of their own, and a room's messages are those logs
 * merged by time. A room is named by its owner's swarm key.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.p2pstack.api.chat;
