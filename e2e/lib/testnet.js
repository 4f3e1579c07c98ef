// A local HyperDHT bootstrap network for the browser tests (real Node hyperdht, from the swarm bundle's npm
// packages), on a free UDP port of 127.0.0.1, and a small WebM-looking file to publish.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import path from 'node:path';
import { repoRoot } from './node.js';

async function freeUdpPort() {
  const socket = dgram.createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise((resolve) => socket.close(resolve));
  return port;
}

/** Starts the testnet; `child.stdin.end()` stops it. */
export async function startTestnet() {
  const port = await freeUdpPort();
  const js = path.join(repoRoot, 'bundles', 'swarm', 'js');
  const child = spawn('node', [path.join(js, 'test', 'testnet.js'), String(port), '3'], { cwd: js, stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; if (out.includes('"bootstrap"')) resolve(); });
    child.on('exit', (code) => reject(new Error(`the DHT testnet exited with ${code}`)));
  });
  return { child, bootstrap: `127.0.0.1:${port}` };
}

/** 32 KiB that the node takes for a WebM video (an EBML header with DocType webm), different per seed. */
export function fakeVideo(seed) {
  const bytes = Buffer.alloc(32 * 1024, seed);
  Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d]).copy(bytes);
  return bytes;
}
