// A helia node on 127.0.0.1 for the interop tests: TCP, Noise, yamux, identify, ping, Bitswap and a
// Kademlia DHT in server mode on /ipfs/kad/1.0.0. No bootstrap, no HTTP gateways, no public addresses.
// Prints "peer <id>" and "listen <multiaddr>", then answers one command per stdin line with "ok ..." or "err ...":
//   dial <ma> | ping <ma> | add v0|v1 <file> | adddir v0|v1 <dir> <shardThresholdBytes> | cat <cid> <outfile>
//   | peers | provide <cid> | findprovs <cid> | quit
import './polyfill.mjs'
import { createWriteStream, createReadStream, readdirSync } from 'node:fs'
import { join, basename } from 'node:path'
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
import { ping } from '@libp2p/ping'
import { kadDHT } from '@libp2p/kad-dht'
import { MemoryBlockstore } from 'blockstore-core'
import { MemoryDatastore } from 'datastore-core'
import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'

const timeout = (ms) => AbortSignal.timeout(ms)
const helia = withBitswap(withLibp2pLight(createHeliaLight({
  blockstore: new MemoryBlockstore(),
  datastore: new MemoryDatastore()
}), {
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  connectionGater: { denyDialMultiaddr: (ma) => !ma.toString().startsWith('/ip4/127.0.0.1/') },
  services: {
    identify: identify(),
    identifyPush: identifyPush(),
    ping: ping(),
    dht: kadDHT({
      protocol: '/ipfs/kad/1.0.0',
      clientMode: false,
      peerInfoMapper: (p) => p,
      allowQueryWithZeroPeers: true
    })
  }
}))
await helia.start()
const fs = unixfs(helia)
const libp2p = helia.libp2p
console.log(`peer ${libp2p.peerId.toString()}`)
for (const ma of libp2p.getMultiaddrs()) {
  console.log(`listen ${ma.toString()}`)
}

const kubo = (v) => ({
  cidVersion: v === 'v0' ? 0 : 1,
  rawLeaves: v === 'v1',
  leafType: 'file',
  reduceSingleLeafToSelf: true,
  chunker: fixedSize({ chunkSize: 262144 }),
  layout: balanced({ maxChildrenPerNode: 174 })
})

async function run (cmd, args) {
  switch (cmd) {
    case 'dial': {
      const conn = await libp2p.dial(multiaddr(args[0]), { signal: timeout(10000) })
      return conn.remotePeer.toString()
    }
    case 'ping': {
      return String(await libp2p.services.ping.ping(multiaddr(args[0]), { signal: timeout(10000) }))
    }
    case 'add': {
      const cid = await fs.addByteStream(createReadStream(args[1], { highWaterMark: 1 << 20 }), kubo(args[0]))
      return cid.toString()
    }
    case 'adddir': {
      // a flat directory; a small shard threshold makes helia write it as a HAMT-sharded directory
      const name = basename(args[1])
      const files = readdirSync(args[1]).map(f => ({ path: `${name}/${f}`, content: createReadStream(join(args[1], f)) }))
      let root
      for await (const e of fs.addAll(files, { ...kubo(args[0]), shardSplitThresholdBytes: Number(args[2]) })) {
        if (e.path === name) root = e.cid
      }
      return root.toString()
    }
    case 'cat': {
      let n = 0
      const out = createWriteStream(args[1])
      await pipeline(async function * () {
        for await (const chunk of fs.cat(CID.parse(args[0]), { signal: timeout(120000) })) {
          n += chunk.length
          yield chunk
        }
      }, out)
      return String(n)
    }
    case 'peers':
      return JSON.stringify(libp2p.getConnections().map(c => ({ peer: c.remotePeer.toString(), addr: c.remoteAddr.toString() })))
    case 'protocols': {
      const p = await libp2p.peerStore.get(libp2p.getConnections().find(c => c.remotePeer.toString() === args[0]).remotePeer)
      return JSON.stringify({ protocols: p.protocols, agent: new TextDecoder().decode(p.metadata.get('AgentVersion') ?? new Uint8Array()) })
    }
    case 'provide': {
      await libp2p.contentRouting.provide(CID.parse(args[0]), { signal: timeout(30000) })
      return 'provided'
    }
    case 'findprovs': {
      const found = []
      for await (const p of libp2p.contentRouting.findProviders(CID.parse(args[0]), { signal: timeout(30000) })) {
        found.push(p.id.toString())
        break
      }
      return found.join(',')
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
