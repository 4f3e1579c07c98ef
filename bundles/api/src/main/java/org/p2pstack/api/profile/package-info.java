/**
 * The user's profile: nickname, avatar and bio, and its change events. Register a
 * {@link org.p2pstack.api.profile.ProfileListener} service to hear about changes (gossip, I2P, IPFS).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.p2pstack.api.profile;
