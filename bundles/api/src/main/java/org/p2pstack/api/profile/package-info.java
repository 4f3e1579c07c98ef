/**
 * The user's profile: nickname, avatar and bio, and its change events. Register a
 * {@link org.p2pstack.api.profile.ProfileListener} service to hear about changes (gossip, I2P, IPFS).
 * {@link org.p2pstack.api.profile.ProfileRecord} is the signed, public form of a person's profile that nodes
 * exchange (since 1.2).
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.p2pstack.api.profile;
