// random-access-file's API on Java FileChannels (org.p2pstack.swarm.internal.storage.FileStorageHost).
// Bytes cross through the loop's scratch buffer; callbacks run as microtasks, never synchronously.
const RandomAccessStorage = require('random-access-storage')

function java () { return globalThis.__p2pstackFiles }
function fail (req, e) {
  const err = new Error(String(e && e.message ? e.message : e))
  err.code = /ENOENT|NoSuchFile/.test(err.message) ? 'ENOENT' : 'EIO'
  req.callback(err)
}
function later (fn) { queueMicrotask(fn) }

class RandomAccessFile extends RandomAccessStorage {
  constructor (filename, opts = {}) {
    super()
    const size = opts.size || (opts.truncate ? 0 : -1)
    this.directory = opts.directory || null
    this.filename = this.directory ? this.directory + '/' + filename.replace(/^\/+/, '') : filename
    this._size = size
    this._alwaysCreate = size >= 0
    this._writable = opts.writable !== false
    this._h = -1
  }

  static createPool () { return null }

  _open (req) {
    const create = this._alwaysCreate || this.writing
    later(() => {
      try {
        this._h = java().open(this.filename, !!create, this._writable, this._size)
        req.callback(null)
      } catch (e) { fail(req, e) }
    })
  }

  _write (req) {
    later(() => {
      try {
        const s = globalThis.__p2pstackScratch(req.size)
        globalThis.__p2pstackCopyIn(req.data.subarray(0, req.size), s, 0)
        java().write(this._h, req.offset, req.size)
        req.callback(null)
      } catch (e) { fail(req, e) }
    })
  }

  _read (req) {
    later(() => {
      try {
        if (!req.size) return req.callback(null, Buffer.alloc(0))
        const s = globalThis.__p2pstackScratch(req.size)
        const n = java().read(this._h, req.offset, req.size)
        if (n < req.size) {
          const err = new Error('EPARTIALREAD: Could not satisfy length')
          err.code = 'EPARTIALREAD'
          return req.callback(err)
        }
        const data = req.data || Buffer.allocUnsafe(req.size)
        globalThis.__p2pstackCopyOut(s, 0, data.subarray(0, req.size))
        req.callback(null, data)
      } catch (e) { fail(req, e) }
    })
  }

  _del (req) {
    if (req.size === Infinity) return this._truncate(req)
    later(() => req.callback(null))
  }

  _truncate (req) {
    later(() => {
      try { java().truncate(this._h, req.offset); req.callback(null) } catch (e) { fail(req, e) }
    })
  }

  _stat (req) {
    later(() => {
      try {
        const size = java().size(this._h)
        req.callback(null, { size, blocks: Math.ceil(size / 512), blksize: 4096 })
      } catch (e) { fail(req, e) }
    })
  }

  _close (req) {
    later(() => {
      try { java().close(this._h); this._h = -1; req.callback(null) } catch (e) { fail(req, e) }
    })
  }

  _unlink (req) {
    later(() => {
      try { java().unlink(this.filename); req.callback(null) } catch (e) { fail(req, e) }
    })
  }
}

module.exports = RandomAccessFile
