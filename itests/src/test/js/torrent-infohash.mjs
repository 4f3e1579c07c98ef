// Prints the info hash and piece length that create-torrent gives a file, as JSON.
import createTorrent from 'create-torrent'
import parseTorrent from 'parse-torrent'

const [file, name] = process.argv.slice(2)
createTorrent(file, { name, announceList: [], urlList: [] }, async (error, torrent) => {
  if (error) {
    console.error(error.message)
    process.exit(1)
  }
  const parsed = await parseTorrent(torrent)
  console.log(JSON.stringify({ infoHash: parsed.infoHash, pieceLength: parsed.pieceLength, length: parsed.length }))
})
