/**
 * What the node's servlets share: JSON answers ({@code {"error": …}} for every error), bounded request bodies and
 * query strings, and byte ranges of files.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.p2pstack.util.web;
