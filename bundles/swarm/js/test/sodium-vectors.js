// Writes test vectors made by the real sodium-native (npm prebuilt) for the Java shim's byte-exact tests.
// Inputs are deterministic; every vector lists inputs and the expected outputs in hex.
const sodium = require('sodium-native')
const fs = require('fs')
const path = require('path')

let seed = 1
function bytes (n) { // deterministic pseudo-random bytes (xorshift)
  const b = Buffer.alloc(n)
  for (let i = 0; i < n; i++) {
    seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5
    b[i] = seed & 0xff
  }
  return b
}
const hex = (b) => Buffer.from(b).toString('hex')
const out = []
const add = (fn, io) => out.push({ fn, ...Object.fromEntries(Object.entries(io).map(([k, v]) => [k, typeof v === 'number' || typeof v === 'boolean' ? v : hex(v)])) })

for (const len of [0, 1, 63, 64, 128, 1000]) {
  for (const outLen of [16, 32, 64]) {
    const input = bytes(len)
    const o = Buffer.alloc(outLen)
    sodium.crypto_generichash(o, input)
    add('crypto_generichash', { input, out: o })
    const key = bytes(32)
    const ok = Buffer.alloc(outLen)
    sodium.crypto_generichash(ok, input, key)
    add('crypto_generichash', { input, key, out: ok })
  }
  const h = Buffer.alloc(64)
  const input = bytes(len)
  sodium.crypto_hash_sha512(h, input)
  add('crypto_hash_sha512', { input, out: h })
}

for (let i = 0; i < 4; i++) {
  const s = bytes(32)
  const pk = Buffer.alloc(32); const sk = Buffer.alloc(64)
  sodium.crypto_sign_seed_keypair(pk, sk, s)
  add('crypto_sign_seed_keypair', { seed: s, pk, sk })
  const m = bytes(i * 50)
  const sig = Buffer.alloc(64)
  sodium.crypto_sign_detached(sig, m, sk)
  add('crypto_sign_detached', { m, sk, sig })
  add('crypto_sign_verify_detached', { m, pk, sig, ok: sodium.crypto_sign_verify_detached(sig, m, pk) })
  const bad = Buffer.from(sig); bad[5] ^= 1
  add('crypto_sign_verify_detached', { m, pk, sig: bad, ok: sodium.crypto_sign_verify_detached(bad, m, pk) })

  // the Noise DH of noise-curve-ed: clamped sha512(seed) times a peer's Ed25519 public key
  const peerPk = Buffer.alloc(32); const peerSk = Buffer.alloc(64)
  sodium.crypto_sign_seed_keypair(peerPk, peerSk, bytes(32))
  const h = Buffer.alloc(64)
  sodium.crypto_hash_sha512(h, s)
  h[0] &= 248; h[31] &= 127; h[31] |= 64
  const q = Buffer.alloc(32)
  sodium.crypto_scalarmult_ed25519_noclamp(q, h.subarray(0, 32), peerPk)
  add('crypto_scalarmult_ed25519_noclamp', { n: h.subarray(0, 32), p: peerPk, q })
  const n2 = bytes(32)
  const q2 = Buffer.alloc(32)
  sodium.crypto_scalarmult_ed25519_noclamp(q2, n2, peerPk)
  add('crypto_scalarmult_ed25519_noclamp', { n: n2, p: peerPk, q: q2 })

  const bpk = Buffer.alloc(32); const bsk = Buffer.alloc(32)
  const bseed = bytes(32)
  sodium.crypto_box_seed_keypair(bpk, bsk, bseed)
  add('crypto_box_seed_keypair', { seed: bseed, pk: bpk, sk: bsk })
}

// what libsodium refuses (or not) in crypto_scalarmult_ed25519_noclamp: small order, non-canonical,
// off the prime-order subgroup, off the curve, a zero scalar, a scalar with its top bit set
{
  const pk = Buffer.alloc(32); const sk = Buffer.alloc(64)
  sodium.crypto_sign_seed_keypair(pk, sk, bytes(32))
  const point = (h) => Buffer.from(h, 'hex')
  const order2 = point('ec' + 'ff'.repeat(30) + '7f')
  const offSubgroup = Buffer.alloc(32)
  sodium.crypto_core_ed25519_add(offSubgroup, pk, order2)
  const cases = [
    [bytes(32), point('01' + '00'.repeat(31))],
    [bytes(32), order2],
    [bytes(32), point('ff'.repeat(31) + '7f')],
    [bytes(32), point('ee' + 'ff'.repeat(30) + '7f')],
    [bytes(32), offSubgroup],
    [bytes(32), point('02' + '00'.repeat(31))],
    [bytes(32), point('03' + '00'.repeat(31))],
    [Buffer.alloc(32), pk],
    [Buffer.concat([bytes(31), Buffer.from([0xff])]), pk]
  ]
  for (const [n, p] of cases) {
    const q = Buffer.alloc(32)
    let ok = true
    try { sodium.crypto_scalarmult_ed25519_noclamp(q, n, p) } catch { ok = false }
    add('crypto_scalarmult_ed25519_noclamp', { n, p, q, ok })
  }
}

for (const len of [0, 10, 64, 200, 5000]) {
  const m = bytes(len); const n = bytes(24); const k = bytes(32)
  const c = Buffer.alloc(len)
  sodium.crypto_stream_xor(c, m, n, k)
  add('crypto_stream_xor', { m, n, k, c })
  const box = Buffer.alloc(len + 16)
  sodium.crypto_secretbox_easy(box, m, n, k)
  add('crypto_secretbox_easy', { m, n, k, c: box })
  const npub = bytes(12)
  const ad = bytes(len % 33)
  const ac = Buffer.alloc(len + 16)
  sodium.crypto_aead_chacha20poly1305_ietf_encrypt(ac, m, ad.length ? ad : null, null, npub, k)
  add('crypto_aead_chacha20poly1305_ietf_encrypt', { m, ad, npub, k, c: ac })
}

{
  const S = 'crypto_secretstream_xchacha20poly1305_'
  const k = bytes(32); const header = bytes(24)
  const state = Buffer.alloc(sodium[S + 'STATEBYTES'])
  sodium[S + 'init_pull'](state, header, k)
  add(S + 'init', { k, header, state })
  const tags = [0, 0, 1, 2, 0, 0, 3]
  for (let i = 0; i < tags.length; i++) {
    const m = bytes(i * 37)
    const ad = i % 2 ? bytes(i * 3) : Buffer.alloc(0)
    const before = Buffer.from(state)
    const c = Buffer.alloc(m.length + 17)
    sodium[S + 'push'](state, c, m, ad.length ? ad : null, tags[i])
    add(S + 'push', { before, m, ad, tag: tags[i], c, after: state })
  }
}

fs.mkdirSync(path.dirname(process.argv[2]), { recursive: true })
fs.writeFileSync(process.argv[2], JSON.stringify(out, null, 1))
console.log('sodium vectors: ' + out.length + ' -> ' + process.argv[2])
