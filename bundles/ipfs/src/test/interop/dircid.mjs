// Usage: node dircid.mjs v0|v1 DIR   prints the CID of DIR imported like `ipfs add -r` (kubo's settings,
// hidden files skipped), through @helia/unixfs addAll.
import './polyfill.mjs'
import { createReadStream, readdirSync, statSync } from 'node:fs'
import { join, basename } from 'node:path'
import { unixfs } from '@helia/unixfs'
import { MemoryBlockstore } from 'blockstore-core'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'

const [profile, dir] = process.argv.slice(2)
function * walk (abs, rel) {
  const entries = readdirSync(abs).filter(n => !n.startsWith('.'))
  if (entries.length === 0) yield { path: rel }
  for (const name of entries) {
    const a = join(abs, name)
    const r = `${rel}/${name}`
    if (statSync(a).isDirectory()) {
      yield * walk(a, r)
    } else {
      yield { path: r, content: createReadStream(a) }
    }
  }
}
const fs = unixfs({ blockstore: new MemoryBlockstore() })
let root
for await (const entry of fs.addAll(walk(dir, basename(dir)), {
  profile: 'unixfs-v0-2015',
  cidVersion: profile === 'v0' ? 0 : 1,
  rawLeaves: profile === 'v1',
  leafType: 'file',
  reduceSingleLeafToSelf: true,
  chunker: fixedSize({ chunkSize: 262144 }),
  layout: balanced({ maxChildrenPerNode: 174 })
})) {
  if (entry.path === basename(dir)) root = entry.cid
}
console.log(root.toString())
