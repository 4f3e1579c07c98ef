// Benchmark counterpart for bench/ipfs: helia's own figures on this machine.
//   node bench.mjs import FILE     -> "ms <n>"  import with kubo's settings (CIDv0) into a memory blockstore
//   node bench.mjs transfer FILE   -> "ms <n>"  helia A adds FILE, helia B dials A over 127.0.0.1 and cats it (Bitswap)
//   node bench.mjs serve           -> one helia node set up exactly like those two, for the transfers with our node:
//                                     prints "listen <ma>", then answers stdin lines "add FILE" -> "ok <cid>",
//                                     "cat CID" -> "ok <bytes>" (fetched over Bitswap and dropped), "quit"
import './polyfill.mjs'
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
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
import { CID } from 'multiformats/cid'
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
} else if (mode === 'serve') {
  const h = await node()
  console.log(`listen ${h.libp2p.getMultiaddrs()[0]}`)
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, arg] = line.trim().split(' ')
    try {
      if (command === 'add') {
        console.log(`ok ${await unixfs(h).addByteStream(createReadStream(arg, { highWaterMark: 1 << 20 }), kubo)}`)
      } else if (command === 'cat') {
        let n = 0
        for await (const chunk of unixfs(h).cat(CID.parse(arg), { signal: AbortSignal.timeout(600000) })) {
          n += chunk.length
        }
        console.log(`ok ${n}`)
      } else if (command === 'quit') {
        break
      } else {
        console.log(`err unknown command ${command}`)
      }
    } catch (e) {
      console.log(`err ${e.message}`)
    }
  }
  await h.stop()
  process.exit(0)
} else {
  console.error('usage: node bench.mjs import|transfer FILE | serve')
  process.exit(2)
}
