/**
 * Hyperswarm and Hypercore: join topics and talk to peers over encrypted connections, keep append-only
 * logs and replicate them with peers (Node.js hyperswarm/hypercore peers included).
 */
@org.osgi.annotation.versioning.Version("1.3.0")
package org.p2pstack.api.swarm;
