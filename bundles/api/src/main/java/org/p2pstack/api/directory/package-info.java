/**
 * The directory: the people this node has heard of through directory gossip, each by their signed
 * {@link org.p2pstack.api.profile.ProfileRecord}, searchable by nickname.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.p2pstack.api.directory;
