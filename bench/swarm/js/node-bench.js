// Node.js side of the swarm benchmark. Usage: NODE_PATH=<bundles/swarm/js/node_modules> node node-bench.js '<bootstrap json>' [MiB] [passes]
const os = require('os')
const path = require('path')
const fs = require('fs')
const runBench = require('./bench.js')
const lib = {
  Hyperswarm: require('hyperswarm'),
  HyperDHT: require('hyperdht'),
  Corestore: require('corestore'),
  b4a: require('b4a')
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swarm-bench-'))
const passes = Number(process.argv[4] || 1)
;(async () => {
  const results = [] // one per pass: the first is a cold runtime, the last a warm one
  for (let pass = 0; pass < passes; pass++) {
    results.push(await runBench(lib, JSON.parse(process.argv[2]), { storage: (n) => path.join(dir, pass + '-' + n), streamMiB: Number(process.argv[3] || 64) }))
  }
  process.stdout.write(JSON.stringify(results) + '\n')
  fs.rmSync(dir, { recursive: true, force: true })
  process.exit(0)
})().catch((err) => { console.error(err); process.exit(1) })
