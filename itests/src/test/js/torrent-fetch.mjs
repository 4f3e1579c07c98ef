// Downloads a torrent's content with the Node webtorrent client from one given web seed URL only and
// prints {seconds, bytes} as JSON: the client of the web-seed throughput benchmark.
import WebTorrent from 'webtorrent'
import parseTorrent from 'parse-torrent'
import { rmSync } from 'node:fs'

const [torrentUrl, webSeed, outDir] = process.argv.slice(2)
const client = new WebTorrent({ dht: false, tracker: false, lsd: false, utPex: false, natUpnp: false, natPmp: false })
client.on('error', (error) => { console.error(error.message); process.exit(1) })
const response = await fetch(torrentUrl)
const parsed = await parseTorrent(Buffer.from(await response.arrayBuffer()))
parsed.urlList = [webSeed] // only the server being measured
parsed.announce = []
rmSync(outDir, { recursive: true, force: true })
const started = performance.now()
client.add(parsed, { path: outDir }, (torrent) => {
  torrent.on('done', () => {
    const seconds = (performance.now() - started) / 1000
    console.log(JSON.stringify({ seconds, bytes: torrent.length }))
    client.destroy(() => process.exit(0))
  })
})
