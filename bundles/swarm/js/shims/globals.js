// Injected into every module of the bundle: Node globals the npm tree expects.
import { Buffer } from 'buffer'

if (typeof globalThis.Buffer === 'undefined') globalThis.Buffer = Buffer
export { Buffer }
export const process = globalThis.process
export const global = globalThis
