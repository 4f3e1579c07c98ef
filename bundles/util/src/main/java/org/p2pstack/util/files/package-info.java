/**
 * Files the node writes so that a crash never leaves half of one: temporary file, fsync, atomic rename.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.p2pstack.util.files;
