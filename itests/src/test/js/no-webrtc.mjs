// Test harness only: this Node client downloads from web seeds, never over WebRTC, and the WebRTC
// native addon (node-datachannel) cannot fetch its prebuilt binary on this network; stand in for it.
import { register } from 'node:module'
register('data:text/javascript,' + encodeURIComponent(`
export async function resolve (specifier, context, next) {
  if (specifier === 'webrtc-polyfill') {
    return { url: 'data:text/javascript,export class RTCPeerConnection { constructor () { throw new Error("WebRTC is not available in this test client") } }; export class RTCSessionDescription {}; export class RTCIceCandidate {}; export default {}', shortCircuit: true }
  }
  return next(specifier, context)
}`))
