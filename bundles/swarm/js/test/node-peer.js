// A real Node peer (hyperswarm/hyperdht/corestore from npm, native udx and sodium) driven by the
// interop tests: JSON config in argv[2], JSON-line events on stdout, JSON-line commands on stdin.
const Hyperswarm = require('hyperswarm')
const HyperDHT = require('hyperdht')
const Corestore = require('corestore')
const b4a = require('b4a')
const os = require('os')
const path = require('path')
const fs = require('fs')
const readline = require('readline')

const cfg = JSON.parse(process.argv[2])
const emit = (event, data = {}) => process.stdout.write(JSON.stringify({ event, ...data }) + '\n')

async function main () {
  const dht = new HyperDHT({ bootstrap: cfg.bootstrap, firewalled: false, host: '127.0.0.1' })
  const conns = []
  let store = null
  let core = null

  if (cfg.blocks) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'node-peer-'))
    store = new Corestore(dir)
    core = store.get({ name: 'node-core' })
    await core.ready()
    for (const b of cfg.blocks) await core.append(b4a.from(b))
  }

  const onconn = (conn, initiator) => {
    conns.push(conn)
    emit('connection', { remotePublicKey: b4a.toString(conn.remotePublicKey, 'hex'), initiator })
    conn.on('error', (err) => emit('conn-error', { message: err.message }))
    conn.on('close', () => emit('conn-close'))
    if (store) {
      store.replicate(conn)
    } else {
      conn.on('data', (d) => emit('data', { text: b4a.toString(d) }))
      conn.write(b4a.from(cfg.greeting || 'hello from node'))
    }
  }

  let swarm = null
  if (cfg.mode === 'dht-server') {
    const server = dht.createServer((conn) => onconn(conn, false))
    const keyPair = HyperDHT.keyPair()
    await server.listen(keyPair)
    emit('ready', { publicKey: b4a.toString(keyPair.publicKey, 'hex') })
  } else {
    swarm = new Hyperswarm({ dht })
    swarm.on('connection', (conn, info) => onconn(conn, info.client))
    const topic = b4a.from(cfg.topic, 'hex')
    const discovery = swarm.join(topic, { server: cfg.server !== false, client: cfg.client !== false })
    await discovery.flushed()
    emit('ready', {
      publicKey: b4a.toString(swarm.keyPair.publicKey, 'hex'),
      coreKey: core ? b4a.toString(core.key, 'hex') : null
    })
  }

  const rl = readline.createInterface({ input: process.stdin })
  rl.on('line', async (line) => {
    const cmd = JSON.parse(line)
    try {
      if (cmd.cmd === 'send') for (const c of conns) c.write(b4a.from(cmd.text))
      if (cmd.cmd === 'refresh' && swarm) { await swarm.flush(); emit('refreshed') }
      if (cmd.cmd === 'read') {
        const peer = store.get({ key: b4a.from(cmd.key, 'hex') })
        await peer.ready()
        const started = Date.now()
        while (peer.length < cmd.length) await new Promise((resolve) => peer.once('append', resolve))
        const blocks = []
        for (let i = 0; i < cmd.length; i++) blocks.push(b4a.toString(await peer.get(i)))
        emit('read', { blocks, ms: Date.now() - started })
      }
      if (cmd.cmd === 'find') {
        // knowing only the core's key, as a Hypercore app does: look it up on its discovery key
        const found = store.get({ key: b4a.from(cmd.key, 'hex') })
        await found.ready()
        swarm.join(found.discoveryKey, { server: false, client: true })
        const started = Date.now()
        const block = await found.get(cmd.index || 0, { timeout: (cmd.seconds || 60) * 1000 })
        emit('found', { text: b4a.toString(block), ms: Date.now() - started })
      }
      if (cmd.cmd === 'exit') {
        if (swarm) await swarm.destroy()
        await dht.destroy()
        process.exit(0)
      }
    } catch (err) {
      emit('error', { message: err.stack })
    }
  })
  rl.on('close', () => process.exit(0))
}

main().catch((err) => { emit('fatal', { message: err.stack }); process.exit(1) })
