// The real udx-native (libudx) on one end of a stream, for the UDX wire tests.
// Usage: node udx-peer.js <mode> <localId> <remoteId> <remotePort>; prints {"port":N} once bound, then
// connects when it reads {"connect":true} on stdin. mode "echo" writes back what it reads and ends when
// the other side ends; mode "send:<bytes>" writes that many pseudo-random bytes, ends, and reports.
const UDX = require('udx-native')
const crypto = require('crypto')
const readline = require('readline')

const [mode, localId, remoteId] = process.argv.slice(2)
const emit = (o) => process.stdout.write(JSON.stringify(o) + '\n')

const udx = new UDX()
const socket = udx.createSocket()
socket.bind(0, '127.0.0.1')
const stream = udx.createStream(Number(localId))
emit({ port: socket.address().port })

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const cmd = JSON.parse(line)
  if (!cmd.connect) return
  stream.connect(socket, Number(remoteId), cmd.connect, '127.0.0.1')
  const hash = crypto.createHash('sha256')
  let received = 0
  stream.on('data', (d) => {
    received += d.byteLength
    hash.update(d)
    if (mode === 'echo') stream.write(d)
  })
  stream.on('end', () => {
    emit({ received, sha256: hash.digest('hex') })
    stream.end()
  })
  stream.on('close', () => { emit({ closed: true, retransmits: stream.retransmits }); socket.close() })
  stream.on('error', (err) => emit({ error: err.message }))
  if (mode.startsWith('send:')) {
    const total = Number(mode.slice(5))
    const data = Buffer.alloc(total)
    for (let i = 0; i < total; i++) data[i] = (i * 31 + (i >> 8)) & 0xff
    emit({ sentSha256: crypto.createHash('sha256').update(data).digest('hex') })
    for (let off = 0; off < total; off += 65536) stream.write(data.subarray(off, Math.min(total, off + 65536)))
    stream.end()
  }
})
