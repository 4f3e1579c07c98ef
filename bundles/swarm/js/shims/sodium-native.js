// sodium-native's JS API on top of the Java shim (org.p2pstack.swarm.internal.sodium.SodiumHost).
// Arguments are copied into the loop's shared scratch buffer; outputs are copied back.
/* eslint-disable camelcase */
const DESC = 256
let host = null
let bytes = null
let desc = null

function scratch (size) {
  const s = globalThis.__p2pstackScratch(size)
  if (s !== bytes) {
    bytes = s
    desc = new Int32Array(s.buffer, 0, DESC / 4)
  }
  return s
}

// call(op, number of leading output args, ...args): args are typed arrays, null or numbers
function call (op, nout, ...args) {
  if (host === null) host = globalThis.__p2pstackSodium
  let size = DESC
  for (const a of args) if (a !== null && typeof a === 'object') size += a.byteLength
  const s = scratch(size)
  // outputs need not be copied in, except for secretstream (its state is read and updated in place)
  const skipIn = op.startsWith('crypto_secretstream') ? 0 : nout
  let off = DESC
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a === null || a === undefined) {
      desc[2 * i] = 0; desc[2 * i + 1] = -1
    } else if (typeof a === 'number') {
      desc[2 * i] = a; desc[2 * i + 1] = -2
    } else {
      const v = a instanceof Uint8Array ? a : new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
      if (i >= skipIn) globalThis.__p2pstackCopyIn(v, s, off)
      desc[2 * i] = off; desc[2 * i + 1] = v.byteLength
      off += v.byteLength
    }
  }
  const res = host.call(op, args.length)
  for (let i = 0; i < nout; i++) {
    const a = args[i]
    const v = a instanceof Uint8Array ? a : new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
    globalThis.__p2pstackCopyOut(s, desc[2 * i], v)
  }
  return res
}

const C = {
  crypto_generichash_BYTES: 32,
  crypto_generichash_BYTES_MIN: 16,
  crypto_generichash_BYTES_MAX: 64,
  crypto_generichash_KEYBYTES: 32,
  crypto_generichash_KEYBYTES_MIN: 16,
  crypto_generichash_KEYBYTES_MAX: 64,
  crypto_hash_sha512_BYTES: 64,
  crypto_sign_BYTES: 64,
  crypto_sign_PUBLICKEYBYTES: 32,
  crypto_sign_SECRETKEYBYTES: 64,
  crypto_sign_SEEDBYTES: 32,
  crypto_scalarmult_ed25519_BYTES: 32,
  crypto_scalarmult_ed25519_SCALARBYTES: 32,
  crypto_box_PUBLICKEYBYTES: 32,
  crypto_box_SECRETKEYBYTES: 32,
  crypto_box_SEEDBYTES: 32,
  crypto_box_SEALBYTES: 48,
  crypto_stream_KEYBYTES: 32,
  crypto_stream_NONCEBYTES: 24,
  crypto_secretbox_KEYBYTES: 32,
  crypto_secretbox_NONCEBYTES: 24,
  crypto_secretbox_MACBYTES: 16,
  crypto_aead_chacha20poly1305_ietf_KEYBYTES: 32,
  crypto_aead_chacha20poly1305_ietf_NPUBBYTES: 12,
  crypto_aead_chacha20poly1305_ietf_NSECBYTES: 0,
  crypto_aead_chacha20poly1305_ietf_ABYTES: 16,
  crypto_secretstream_xchacha20poly1305_ABYTES: 17,
  crypto_secretstream_xchacha20poly1305_HEADERBYTES: 24,
  crypto_secretstream_xchacha20poly1305_KEYBYTES: 32,
  crypto_secretstream_xchacha20poly1305_STATEBYTES: 52,
  crypto_secretstream_xchacha20poly1305_TAG_MESSAGE: 0,
  crypto_secretstream_xchacha20poly1305_TAG_PUSH: 1,
  crypto_secretstream_xchacha20poly1305_TAG_REKEY: 2,
  crypto_secretstream_xchacha20poly1305_TAG_FINAL: 3
}
Object.assign(exports, C)

function check (cond, msg) { if (!cond) throw new Error(msg) }

exports.randombytes_buf = (buf) => { call('randombytes_buf', 1, buf) }
exports.randombytes_uniform = (n) => {
  const b = new Uint32Array(1)
  globalThis.crypto.getRandomValues(b)
  return b[0] % n
}
exports.sodium_memzero = (buf) => { buf.fill(0) }
exports.sodium_malloc = (n) => { const b = Buffer.alloc(n); b.secure = true; return b }
exports.sodium_free = () => {}
exports.sodium_mprotect_noaccess = () => {}
exports.sodium_mprotect_readonly = () => {}
exports.sodium_mprotect_readwrite = () => {}
exports.sodium_increment = (n) => {
  let carry = 1
  for (let i = 0; i < n.byteLength; i++) { carry += n[i]; n[i] = carry & 0xff; carry >>= 8 }
}
exports.sodium_memcmp = (a, b) => {
  check(a.byteLength === b.byteLength, 'buffers must be of same length')
  let d = 0
  for (let i = 0; i < a.byteLength; i++) d |= a[i] ^ b[i]
  return d === 0
}
exports.sodium_is_zero = (b, len = b.byteLength) => {
  let d = 0
  for (let i = 0; i < len; i++) d |= b[i]
  return d === 0
}

exports.crypto_generichash = (out, input, key) => {
  check(out.byteLength >= 16 && out.byteLength <= 64, 'output must be 16..64 bytes')
  call('crypto_generichash', 1, out, input, key || null)
}
exports.crypto_generichash_batch = (out, batch, key) => {
  let len = 0
  for (const b of batch) len += b.byteLength
  const all = new Uint8Array(len)
  let off = 0
  for (const b of batch) { all.set(b, off); off += b.byteLength }
  exports.crypto_generichash(out, all, key)
}
exports.crypto_hash_sha512 = (out, input) => { call('crypto_hash_sha512', 1, out, input) }

exports.crypto_sign_keypair = (pk, sk) => { call('crypto_sign_keypair', 2, pk, sk) }
exports.crypto_sign_seed_keypair = (pk, sk, seed) => { call('crypto_sign_seed_keypair', 2, pk, sk, seed) }
exports.crypto_sign_detached = (sig, m, sk) => { call('crypto_sign_detached', 1, sig, m, sk) }
exports.crypto_sign_verify_detached = (sig, m, pk) => {
  if (sig.byteLength !== 64 || pk.byteLength !== 32) return false
  return call('crypto_sign_verify_detached', 0, sig, m, pk) === 1
}
exports.crypto_sign_ed25519_sk_to_pk = (pk, sk) => { call('crypto_sign_ed25519_sk_to_pk', 1, pk, sk) }
exports.crypto_scalarmult_ed25519_noclamp = (q, n, p) => {
  if (call('crypto_scalarmult_ed25519_noclamp', 1, q, n, p) !== 0) throw new Error('could not multiply point')
}

exports.crypto_box_keypair = (pk, sk) => { call('crypto_box_keypair', 2, pk, sk) }
exports.crypto_box_seed_keypair = (pk, sk, seed) => { call('crypto_box_seed_keypair', 2, pk, sk, seed) }
exports.crypto_box_seal = () => { throw new Error('crypto_box_seal is not in the p2pstack sodium shim') }
exports.crypto_box_seal_open = () => { throw new Error('crypto_box_seal_open is not in the p2pstack sodium shim') }

exports.crypto_stream_xor = (c, m, n, k) => { call('crypto_stream_xor', 1, c, m, n, k) }
exports.crypto_secretbox_easy = (c, m, n, k) => {
  check(c.byteLength === m.byteLength + 16, 'c must be m.byteLength + MACBYTES')
  call('crypto_secretbox_easy', 1, c, m, n, k)
}
exports.crypto_secretbox_open_easy = (m, c, n, k) => {
  check(m.byteLength === c.byteLength - 16, 'm must be c.byteLength - MACBYTES')
  return call('crypto_secretbox_open_easy', 1, m, c, n, k) === 1
}

exports.crypto_aead_chacha20poly1305_ietf_encrypt = (c, m, ad, nsec, npub, k) => {
  check(c.byteLength === m.byteLength + 16, 'c must be m.byteLength + ABYTES')
  const res = call('crypto_aead_chacha20poly1305_ietf_encrypt', 1, c, m, ad || null, npub, k)
  if (res < 0) throw new Error('could not encrypt data')
  return res
}
exports.crypto_aead_chacha20poly1305_ietf_decrypt = (m, nsec, c, ad, npub, k) => {
  check(m.byteLength === c.byteLength - 16, 'm must be c.byteLength - ABYTES')
  const res = call('crypto_aead_chacha20poly1305_ietf_decrypt', 1, m, c, ad || null, npub, k)
  if (res < 0) throw new Error('could not verify data')
  return res
}

const SS = 'crypto_secretstream_xchacha20poly1305_'
exports[SS + 'keygen'] = (k) => { exports.randombytes_buf(k) }
exports[SS + 'init_push'] = (state, header, k) => { call(SS + 'init_push', 2, state, header, k) }
exports[SS + 'init_pull'] = (state, header, k) => { call(SS + 'init_pull', 1, state, header, k) }
exports[SS + 'push'] = (state, c, m, ad, tag) => {
  check(c.byteLength === m.byteLength + 17, 'c must be m.byteLength + ABYTES')
  const res = call(SS + 'push', 2, state, c, m, ad || null, typeof tag === 'number' ? tag : tag[0])
  if (res < 0) throw new Error('push failed')
  return res
}
exports[SS + 'pull'] = (state, m, tag, c, ad) => {
  check(m.byteLength === c.byteLength - 17, 'm must be c.byteLength - ABYTES')
  const res = call(SS + 'pull', 3, state, m, tag, c, ad || null)
  if (res < 0) throw new Error('pull failed')
  return res
}
exports[SS + 'rekey'] = (state) => { call(SS + 'rekey', 1, state) }
