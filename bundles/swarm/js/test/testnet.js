// A local HyperDHT bootstrap network on 127.0.0.1 (or the given address: the namespace testbed's bootstrap host)
// for the interop tests (real Node hyperdht).
// Usage: node testnet.js <first port> <size> [host]. Prints {"bootstrap":[...]} and runs until stdin closes.
const createTestnet = require('hyperdht/testnet')

async function main () {
  const port = Number(process.argv[2])
  const size = Number(process.argv[3] || 3)
  const host = process.argv[4] || '127.0.0.1'
  const testnet = await createTestnet(size, { host, port })
  process.stdout.write(JSON.stringify({ bootstrap: testnet.bootstrap }) + '\n')
  process.stdin.resume()
  process.stdin.on('end', async () => { await testnet.destroy(); process.exit(0) })
}

main().catch((err) => { console.error(err); process.exit(1) })
