// Prints one JSON line per key type with a signature made by @libp2p/crypto, for the Java key tests.
import './polyfill.mjs'
import { generateKeyPair, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey } from '@libp2p/peer-id'

const message = new TextEncoder().encode('p2pstack key interop')
for (const [type, bits] of [['Ed25519'], ['secp256k1'], ['ECDSA'], ['RSA', 2048]]) {
  const key = await generateKeyPair(type, bits)
  const signature = await key.sign(message)
  let peerId = null // @libp2p/peer-id has no ECDSA peer IDs; the Java test then checks only the signature
  try { peerId = peerIdFromPublicKey(key.publicKey).toString() } catch {}
  console.log(JSON.stringify({
    type,
    publicKey: Buffer.from(publicKeyToProtobuf(key.publicKey)).toString('base64'),
    peerId,
    message: Buffer.from(message).toString('base64'),
    signature: Buffer.from(signature).toString('base64')
  }))
}
