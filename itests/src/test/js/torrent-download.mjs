// Downloads a torrent with the Node webtorrent client from web seeds only, and prints where it went.
import WebTorrent from 'webtorrent'

const [torrentUrl, outDir] = process.argv.slice(2)
const client = new WebTorrent({ dht: false, tracker: false, lsd: false, utPex: false, natUpnp: false, natPmp: false })
const timer = setTimeout(() => { console.error('timed out'); process.exit(2) }, 60_000)
client.on('error', (error) => { console.error(error.message); process.exit(1) })

const response = await fetch(torrentUrl)
if (!response.ok) {
  console.error(`fetching the .torrent failed: ${response.status}`)
  process.exit(1)
}
client.add(Buffer.from(await response.arrayBuffer()), { path: outDir }, (torrent) => {
  torrent.on('done', () => {
    clearTimeout(timer)
    console.log(JSON.stringify({ infoHash: torrent.infoHash, length: torrent.length, name: torrent.name }))
    client.destroy(() => process.exit(0))
  })
})
