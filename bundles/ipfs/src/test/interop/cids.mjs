// Usage: node cids.mjs v0|v1 FILE...   prints one CID per file, imported by @helia/unixfs with kubo's settings.
// v0 = `ipfs add` (CIDv0, dag-pb leaves); v1 = `ipfs add --cid-version=1` (CIDv1, raw leaves).
// Both: 262144-byte fixed chunks, balanced layout with at most 174 links, single chunk reduced to its leaf.
import './polyfill.mjs'
import { createReadStream } from 'node:fs'
import { unixfs } from '@helia/unixfs'
import { MemoryBlockstore } from 'blockstore-core'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'

const [profile, ...files] = process.argv.slice(2)
if (profile !== 'v0' && profile !== 'v1') {
  console.error('usage: node cids.mjs v0|v1 FILE...')
  process.exit(2)
}
const fs = unixfs({ blockstore: new MemoryBlockstore() })
const options = {
  profile: 'unixfs-v0-2015',
  cidVersion: profile === 'v0' ? 0 : 1,
  rawLeaves: profile === 'v1',
  leafType: 'file',
  reduceSingleLeafToSelf: true,
  chunker: fixedSize({ chunkSize: 262144 }),
  layout: balanced({ maxChildrenPerNode: 174 })
}
for (const file of files) {
  const cid = await fs.addByteStream(createReadStream(file, { highWaterMark: 1 << 20 }), options)
  console.log(cid.toString())
}
