// A plain Node.js HTTP server that serves one file with Range support: what the web-seed benchmark
// compares the node with. Prints its port, then serves until killed.
import { createServer } from 'node:http'
import { createReadStream, statSync } from 'node:fs'
import { basename } from 'node:path'

const [file] = process.argv.slice(2)
const size = statSync(file).size
const name = basename(file)
const server = createServer((req, res) => {
  if (decodeURIComponent(req.url) !== `/${name}`) {
    res.writeHead(404).end()
    return
  }
  const match = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || '')
  let start = 0
  let end = size - 1
  if (match) {
    if (match[1] === '') {
      start = Math.max(0, size - Number(match[2]))
    } else {
      start = Number(match[1])
      if (match[2] !== '') end = Math.min(end, Number(match[2]))
    }
    res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1, 'Accept-Ranges': 'bytes' })
  } else {
    res.writeHead(200, { 'Content-Length': size, 'Accept-Ranges': 'bytes' })
  }
  createReadStream(file, { start, end }).pipe(res)
})
server.listen(0, '127.0.0.1', () => console.log(server.address().port))
