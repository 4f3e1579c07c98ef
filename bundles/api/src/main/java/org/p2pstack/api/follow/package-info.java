/**
 * Following friends: visiting a person's page over I2P (their signed profile and their feed), the follow list,
 * and the friends' posts fetched periodically.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.p2pstack.api.follow;
