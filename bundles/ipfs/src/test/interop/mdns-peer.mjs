// A helia node that finds its peers with js-libp2p's mDNS discovery (@libp2p/mdns), for LanDiscoveryInteropTest:
// TCP, Noise, yamux, identify, Bitswap; no bootstrap, no DHT. Run it inside a network namespace of its own.
// Usage: node mdns-peer.mjs <listen multiaddr> <allowed address prefix, e.g. /ip4/198.19.7.> <mDNS interval ms>
// Prints "peer <id>" and "listen <multiaddr>", then answers one command per stdin line with "ok ..." or "err ...":
//   discovered (JSON {peerId: [multiaddr...]} as @libp2p/mdns reported them) | conns (JSON [{peer, addr}])
//   | dial <peerId> (a new connection to the addresses mDNS gave for it) | add <file> | cat <cid> <outfile> | quit
import './polyfill.mjs'
import { createWriteStream, createReadStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { createInterface } from 'node:readline'
import { createHeliaLight } from 'helia'
import { withLibp2pLight } from '@helia/libp2p'
import { withBitswap } from '@helia/bitswap'
import { unixfs } from '@helia/unixfs'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify, identifyPush } from '@libp2p/identify'
import { mdns } from '@libp2p/mdns'
import { MemoryBlockstore } from 'blockstore-core'
import { MemoryDatastore } from 'datastore-core'
import { CID } from 'multiformats/cid'
import { multiaddr } from '@multiformats/multiaddr'

const [listen, allowed, interval] = process.argv.slice(2)
const timeout = (ms) => AbortSignal.timeout(ms)
// what @libp2p/mdns itself reports (libp2p's own peer:discovery fires only for peers new to its peer store, with the
// addresses it holds then: none when the peer dialled us first)
const discovered = new Map()
const watchedMdns = (components) => {
  const service = mdns({ interval: Number(interval) })(components)
  service.addEventListener('peer', (evt) => {
    discovered.set(evt.detail.id.toString(), evt.detail.multiaddrs.map(ma => ma.toString()))
  })
  return service
}
const helia = withBitswap(withLibp2pLight(createHeliaLight({
  blockstore: new MemoryBlockstore(),
  datastore: new MemoryDatastore()
}), {
  addresses: { listen: [listen] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  connectionGater: { denyDialMultiaddr: (ma) => !ma.toString().startsWith(allowed) },
  peerDiscovery: [watchedMdns],
  services: {
    identify: identify(),
    identifyPush: identifyPush()
  }
}))

await helia.start()
const fs = unixfs(helia)
const libp2p = helia.libp2p
console.log(`peer ${libp2p.peerId.toString()}`)
for (const ma of libp2p.getMultiaddrs()) {
  console.log(`listen ${ma.toString()}`)
}

async function run (cmd, args) {
  switch (cmd) {
    case 'discovered':
      return JSON.stringify(Object.fromEntries(discovered))
    case 'conns':
      return JSON.stringify(libp2p.getConnections().map(c => ({ peer: c.remotePeer.toString(), addr: c.remoteAddr.toString() })))
    case 'dial': {
      const addrs = discovered.get(args[0])
      if (addrs == null) throw new Error(`${args[0]} was not discovered`)
      const conn = await libp2p.dial(addrs.map(a => multiaddr(`${a}/p2p/${args[0]}`)), { signal: timeout(10000), force: true })
      return `${conn.remotePeer.toString()} ${conn.remoteAddr.toString()}`
    }
    case 'add': {
      const cid = await fs.addByteStream(createReadStream(args[0], { highWaterMark: 1 << 20 }), { cidVersion: 1, rawLeaves: true })
      return cid.toString()
    }
    case 'cat': {
      let n = 0
      const out = createWriteStream(args[1])
      await pipeline(async function * () {
        for await (const chunk of fs.cat(CID.parse(args[0]), { signal: timeout(30000) })) {
          n += chunk.length
          yield chunk
        }
      }, out)
      return String(n)
    }
    case 'quit':
      await helia.stop()
      process.exit(0)
      break
    default:
      throw new Error(`unknown command ${cmd}`)
  }
}

const rl = createInterface({ input: process.stdin })
for await (const line of rl) {
  const [cmd, ...args] = line.trim().split(/\s+/)
  try {
    console.log(`ok ${await run(cmd, args)}`)
  } catch (e) {
    console.log(`err ${(e && e.message ? e.message : String(e)).replace(/\n/g, ' ')}`)
  }
}
await helia.stop()
process.exit(0)
