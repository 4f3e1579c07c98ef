// The entry point of the GraalJS bundle: what the Java side reaches through globalThis.p2pstack.
globalThis.p2pstack = {
  b4a: require('b4a'),
  Hyperswarm: require('hyperswarm'),
  HyperDHT: require('hyperdht'),
  Hypercore: require('hypercore'),
  Corestore: require('corestore'),
  crypto: require('hypercore-crypto'),
  UDX: require('udx-native'),
  Protomux: require('protomux'),
  compact: require('compact-encoding')
}
