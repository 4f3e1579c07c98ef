// Downloads a magnet link's torrent with the Node webtorrent client through an HTTP proxy, as a friend's WebTorrent
// app set to use their node's I2P proxy would: the .torrent (the magnet's xs) and every piece (its ws, a BEP 19 web
// seed on a .b32.i2p site) go through the proxy. Prints {infoHash, name, length, seconds, requests, statuses} as JSON.
//
// Node's built-in fetch, which webtorrent uses for web seeds, has no proxy setting in Node 20, so this client puts a
// fetch in its place that sends each request to the proxy in absolute form (GET http://host/path HTTP/1.1), the form
// every HTTP proxy takes. It must be in place before webtorrent is loaded: webtorrent keeps the fetch it finds then.
import http from 'node:http'
import { Readable } from 'node:stream'

const [magnet, proxyUrl, outDir, timeoutSeconds = '300'] = process.argv.slice(2)
if (!magnet || !proxyUrl || !outDir) {
  console.error('usage: torrent-over-proxy.mjs <magnet> <http://proxy:port> <out dir> [timeout seconds]')
  process.exit(64)
}
const proxy = new URL(proxyUrl)
const statuses = {}
const errors = [] // the proxy's error pages, in plain words
let requests = 0

function headersOf (init) {
  const headers = {}
  new Headers(init).forEach((value, name) => { headers[name] = value })
  return headers
}

function fetchThroughProxy (input, init = {}) {
  const target = new URL(typeof input === 'string' ? input : input.url)
  if (target.protocol !== 'http:') {
    return Promise.reject(new TypeError(`only http:// goes through the proxy, not ${target.href}`))
  }
  requests++
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: proxy.hostname,
      port: proxy.port,
      method: init.method || 'GET',
      path: target.href,
      headers: { ...headersOf(init.headers), host: target.host },
      signal: init.signal
    }, (response) => {
      statuses[response.statusCode] = (statuses[response.statusCode] || 0) + 1
      const headers = new Headers()
      for (const [name, value] of Object.entries(response.headers)) {
        for (const v of [].concat(value)) headers.append(name, v)
      }
      const empty = response.statusCode === 204 || response.statusCode === 304 || init.method === 'HEAD'
      if (response.statusCode < 400 || empty) {
        resolve(new Response(empty ? null : Readable.toWeb(response), { status: response.statusCode, headers }))
        return
      }
      // an error page: kept (its first 2 KB) for the report, since webtorrent reads only the status
      const chunks = []
      let kept = 0
      response.on('data', (chunk) => { if (kept < 2048) { chunks.push(chunk); kept += chunk.length } })
      response.on('error', reject)
      response.on('end', () => {
        const body = Buffer.concat(chunks).subarray(0, 2048)
        errors.push(`${response.statusCode} for ${target.pathname}: ${body.toString('utf8').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim()}`)
        resolve(new Response(body, { status: response.statusCode, headers }))
      })
    })
    request.on('error', reject)
    request.end()
  })
}

globalThis.fetch = fetchThroughProxy
const { default: WebTorrent } = await import('webtorrent')

const client = new WebTorrent({ dht: false, tracker: false, lsd: false, utPex: false, natUpnp: false, natPmp: false })
const timer = setTimeout(() => {
  console.error(`timed out after ${timeoutSeconds} s; ${requests} requests through the proxy, answers ${JSON.stringify(statuses)}; ` +
    `errors: ${JSON.stringify(errors)}`)
  process.exit(2)
}, Number(timeoutSeconds) * 1000)
client.on('error', (error) => { console.error(error.message); process.exit(1) })
const started = performance.now()
const added = client.add(magnet, { path: outDir }, (torrent) => {
  torrent.on('done', () => {
    clearTimeout(timer)
    const seconds = (performance.now() - started) / 1000
    console.log(JSON.stringify({ infoHash: torrent.infoHash, name: torrent.name, length: torrent.length, seconds, requests, statuses, errors }))
    client.destroy(() => process.exit(0))
  })
})
added.on('warning', (warning) => console.error('webtorrent:', warning.message || warning))
