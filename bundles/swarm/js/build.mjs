// Bundles the pinned Holepunch tree into one script for GraalJS (run by the Maven build).
// Native addons and Node built-ins are mapped to our shims (shims/), which call Java host objects.
import * as esbuild from 'esbuild'
import { mkdirSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url)) // (import.meta.dirname needs Node 20.11)
const out = process.argv[2] || 'dist'
mkdirSync(out, { recursive: true })
const shim = (f) => join(here, 'shims', f)

await esbuild.build({
  entryPoints: [join(here, 'src', 'main.js')],
  outfile: join(out, 'swarm-bundle.js'),
  bundle: true,
  platform: 'neutral',
  format: 'iife',
  target: 'es2022',
  mainFields: ['main', 'module'],
  inject: [shim('globals.js')],
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [{
    // udx-native's lib requires its addon as '../binding': give it the Java-backed binding
    name: 'udx-binding',
    setup (build) {
      build.onResolve({ filter: /^\.\.\/binding$/ }, (args) =>
        args.importer.includes('udx-native') ? { path: shim('udx-binding.js') } : undefined)
    }
  }],
  // native addons and Node built-ins stay unresolved: requiring one throws (every time), so the
  // npm packages fall back to their pure-JS code paths
  external: ['quickbit-native', 'simdle-native', 'crc-native', 'fs-native-extensions', 'require-addon', 'fs', 'path', 'os', 'url', 'net', 'crypto', 'bare-fs', 'bare-os', 'bare-url', 'bare-path'],
  alias: {
    'sodium-native': shim('sodium-native.js'),
    'random-access-file': shim('random-access-file.js'),
    events: join(here, 'node_modules', 'events', 'events.js'),
    buffer: join(here, 'node_modules', 'buffer', 'index.js'),
    assert: shim('assert.js'),
    'bare-assert': shim('assert.js')
  }
})
