// The swarm benchmark, the same code in both runtimes: Node.js (npm packages with their native addons)
// and ours (the bundle in GraalJS on the Java shims). Two peers in one runtime, on a local DHT testnet.
/* global globalThis */
async function runBench (lib, bootstrap, opts = {}) {
  const { Hyperswarm, HyperDHT, Corestore, b4a } = lib
  const now = () => Date.now()
  const results = {}
  const mkswarm = () => new Hyperswarm({ dht: new HyperDHT({ bootstrap, firewalled: false, host: '127.0.0.1' }) })
  const randomTopic = () => { const t = b4a.alloc(32); globalThis.crypto.getRandomValues(t); return t }

  // 1. join -> connected -> first message (server announced first, then the client joins);
  // the first rounds warm up (JIT compilation) and are not counted
  const warmup = opts.warmup === undefined ? 2 : opts.warmup
  const connectTimes = []
  for (let i = 0; i < warmup + (opts.connectRounds || 3); i++) {
    const a = mkswarm()
    const b = mkswarm()
    const topic = randomTopic()
    a.on('connection', (conn) => { conn.on('error', () => {}); conn.write(b4a.from('first')) })
    await a.join(topic, { server: true, client: false }).flushed()
    const started = now()
    const got = new Promise((resolve) => b.once('connection', (conn) => { conn.on('error', () => {}); conn.once('data', resolve) }))
    b.join(topic, { server: false, client: true })
    await got
    if (i >= warmup) connectTimes.push(now() - started)
    await Promise.all([a.destroy(), b.destroy()])
  }
  connectTimes.sort((x, y) => x - y)
  results.connectMs = connectTimes[Math.floor(connectTimes.length / 2)]

  // 2. replicate 1,000 blocks of 1 KiB and of 64 KiB (after a warm-up round of 1 KiB blocks)
  for (const size of [...(warmup > 0 ? [0] : []), 1024, 65536]) {
    const warm = size === 0
    const blockSize = warm ? 1024 : size
    const storeA = new Corestore(opts.storage('a-' + size))
    const storeB = new Corestore(opts.storage('b-' + size))
    const count = warm ? 300 : 1000
    const core = storeA.get({ name: 'bench' })
    await core.ready()
    const block = b4a.alloc(blockSize, 7)
    const batch = []
    for (let i = 0; i < count; i++) batch.push(block)
    await core.append(batch)
    const a = mkswarm()
    const b = mkswarm()
    a.on('connection', (conn) => { conn.on('error', () => {}); storeA.replicate(conn) })
    b.on('connection', (conn) => { conn.on('error', () => {}); storeB.replicate(conn) })
    const topic = randomTopic()
    await a.join(topic, { server: true, client: false }).flushed()
    b.join(topic, { server: false, client: true })
    const clone = storeB.get({ key: core.key })
    await clone.ready()
    const started = now()
    await clone.update({ wait: true })
    await clone.download({ start: 0, end: count }).done()
    if (!warm) results['replicate1000x' + (size / 1024) + 'KiBMs'] = now() - started
    await Promise.all([a.destroy(), b.destroy()])
    await Promise.all([storeA.close(), storeB.close()])
  }

  // 3. 64 MiB over one encrypted connection
  {
    const total = (opts.streamMiB || 64) * 1024 * 1024 // (the replication above warmed the stream path up)
    const a = mkswarm()
    const b = mkswarm()
    const topic = randomTopic()
    const chunk = b4a.alloc(65536, 1)
    let started = 0
    a.on('connection', async (conn) => {
      conn.on('error', () => {})
      started = now()
      let sent = 0
      const writeMore = () => {
        while (sent < total) {
          sent += chunk.byteLength
          if (!conn.write(chunk)) return conn.once('drain', writeMore)
        }
      }
      writeMore()
    })
    const done = new Promise((resolve) => b.once('connection', (conn) => {
      conn.on('error', () => {})
      let got = 0
      conn.on('data', (d) => { got += d.byteLength; if (got >= total) resolve(now() - started) })
    }))
    await a.join(topic, { server: true, client: false }).flushed()
    b.join(topic, { server: false, client: true })
    const ms = await done
    results.streamMiBps = Math.round((total / 1048576) / (ms / 1000) * 10) / 10
    await Promise.all([a.destroy(), b.destroy()])
  }
  return results
}

if (typeof module !== 'undefined') module.exports = runBench
else globalThis.runBench = runBench
