/**
 * Following friends: visiting a person's page over I2P (their signed profile and their feed), the follow list,
 * and the friends' posts fetched periodically. A {@link org.p2pstack.api.follow.FollowListener} hears about every
 * change of the follow list and every visit (since 1.1).
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.p2pstack.api.follow;
