// Bundles the pinned Holepunch tree into one script for GraalJS (run by the Maven build).
// Native addons and Node built-ins are mapped to our shims (shims/), which call Java host objects.
import * as esbuild from 'esbuild'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

const out = process.argv[2] || 'dist'
mkdirSync(out, { recursive: true })
const shim = (f) => join(import.meta.dirname, 'shims', f)
const throwing = shim('absent.js')

await esbuild.build({
  entryPoints: [join(import.meta.dirname, 'src', 'main.js')],
  outfile: join(out, 'swarm-bundle.js'),
  bundle: true,
  platform: 'neutral',
  format: 'iife',
  target: 'es2022',
  mainFields: ['main', 'module'],
  inject: [shim('globals.js')],
  legalComments: 'none',
  logLevel: 'warning',
  alias: {
    'sodium-native': shim('sodium-native.js'),
    'udx-native': shim('udx-native.js'),
    'random-access-file': shim('random-access-file.js'),
    'quickbit-native': throwing,
    'simdle-native': throwing,
    'crc-native': throwing,
    'fs-native-extensions': throwing,
    'require-addon': throwing,
    events: join(import.meta.dirname, 'node_modules', 'events', 'events.js'),
    buffer: join(import.meta.dirname, 'node_modules', 'buffer', 'index.js'),
    assert: shim('assert.js'),
    'bare-assert': shim('assert.js'),
    fs: throwing,
    path: throwing,
    os: throwing,
    url: throwing,
    net: throwing,
    crypto: throwing,
    'bare-fs': throwing,
    'bare-os': throwing,
    'bare-url': throwing,
    'bare-path': throwing
  }
})
