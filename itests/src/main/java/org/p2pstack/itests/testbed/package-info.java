/**
 * Pieces of a private test network of several hosts on one computer (198.18.0.0/15, Linux network namespaces)
 * that bootstraps like the public I2P network: {@link org.p2pstack.itests.testbed.PrivateReseed}, a reseed server
 * with a signing key and TLS certificate of its own, run by the testbed's scripts with
 * {@code java -cp <itests jar>:<i2p.jar>:<router.jar> org.p2pstack.itests.testbed.PrivateReseed --host ... --port ...
 * --certs <dir> --netdb <dir>...}; nodes get {@code reseed.url} and {@code reseed.certificates=<dir>}.
 */
package org.p2pstack.itests.testbed;
