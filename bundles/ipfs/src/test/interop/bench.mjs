// Benchmark counterpart for bench/ipfs: helia's own figures on this machine.
//   node bench.mjs import FILE     -> "ms <n>"  import with kubo's settings (CIDv0) into a memory blockstore
//   node bench.mjs transfer FILE   -> "ms <n>"  helia A adds FILE, helia B dials A over 127.0.0.1 and cats it (Bitswap)
import './polyfill.mjs'
import { createReadStream } from 'node:fs'
import { createHeliaLight } from 'helia'
import { withLibp2pLight } from '@helia/libp2p'
import { withBitswap } from '@helia/bitswap'
import { unixfs } from '@helia/unixfs'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { MemoryBlockstore } from 'blockstore-core'
import { MemoryDatastore } from 'datastore-core'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'

const kubo = { cidVersion: 0, rawLeaves: false, leafType: 'file', reduceSingleLeafToSelf: true,
  chunker: fixedSize({ chunkSize: 262144 }), layout: balanced({ maxChildrenPerNode: 174 }) }
const [mode, file] = process.argv.slice(2)

async function node () {
  const h = withBitswap(withLibp2pLight(createHeliaLight({ blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() }), {
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()],
    services: { identify: identify() }
  }))
  await h.start()
  return h
}

if (mode === 'import') {
  const fs = unixfs({ blockstore: new MemoryBlockstore() })
  const t0 = performance.now()
  const cid = await fs.addByteStream(createReadStream(file, { highWaterMark: 1 << 20 }), kubo)
  console.log(`ms ${Math.round(performance.now() - t0)} ${cid}`)
  process.exit(0)
} else if (mode === 'transfer') {
  const a = await node()
  const b = await node()
  const cid = await unixfs(a).addByteStream(createReadStream(file, { highWaterMark: 1 << 20 }), kubo)
  await b.libp2p.dial(a.libp2p.getMultiaddrs()[0])
  const t0 = performance.now()
  let n = 0
  for await (const chunk of unixfs(b).cat(cid, { signal: AbortSignal.timeout(600000) })) {
    n += chunk.length
  }
  console.log(`ms ${Math.round(performance.now() - t0)} ${n}`)
  await a.stop()
  await b.stop()
  process.exit(0)
} else {
  console.error('usage: node bench.mjs import|transfer FILE')
  process.exit(2)
}
