// Node-like globals for a GraalJS context driven by org.p2pstack.swarm.internal.js.JsLoop.
// The Java loop thread calls __p2pstackTick() whenever a wake-up it was asked for is due;
// everything here runs on that one thread.
(function (host) {
  'use strict'
  const timers = new Map() // id -> Timeout, ordered by nothing: we scan (the tree keeps few timers)
  let immediates = []
  let nextId = 1
  let scheduled = Infinity

  // O(1) per timer change: only an earlier deadline moves the wake-up; a later or cancelled one leaves
  // a harmless early wake-up, after which the tick recomputes the next deadline.
  function reschedule (due) {
    if (due < scheduled) {
      scheduled = due
      host.wakeAt(due)
    }
  }

  function nextDeadline () {
    let due = immediates.length ? 0 : Infinity
    for (const t of timers.values()) if (t._due < due) due = t._due
    return due
  }

  class Timeout {
    constructor (fn, ms, args, repeat) {
      this._id = nextId++
      this._fn = fn
      this._args = args
      this._ms = Math.max(1, Number(ms) || 0)
      this._repeat = repeat
      this._ref = true
      this._due = host.now() + this._ms
      timers.set(this._id, this)
      reschedule(this._due)
    }

    ref () { this._ref = true; return this }
    unref () { this._ref = false; return this }
    hasRef () { return this._ref }
    refresh () {
      this._due = host.now() + this._ms
      if (!timers.has(this._id)) timers.set(this._id, this)
      reschedule(this._due)
      return this
    }

    close () { clear(this); return this }
    [Symbol.toPrimitive] () { return this._id }
  }

  function clear (t) {
    if (t === undefined || t === null) return
    const id = typeof t === 'object' ? t._id : Number(t)
    timers.delete(id)
  }

  class Immediate {
    constructor (fn, args) { this._fn = fn; this._args = args; this._cleared = false }
    ref () { return this }
    unref () { return this }
    hasRef () { return true }
  }

  function report (err) {
    try { host.uncaught(String(err && err.stack ? err.stack : err)) } catch {}
  }

  globalThis.__p2pstackTick = function () {
    scheduled = Infinity
    const now = host.now()
    const imm = immediates
    immediates = []
    for (const i of imm) {
      if (i._cleared) continue
      try { i._fn(...i._args) } catch (err) { report(err) }
    }
    const due = []
    for (const t of timers.values()) if (t._due <= now) due.push(t)
    due.sort((a, b) => a._due - b._due || a._id - b._id)
    for (const t of due) {
      if (timers.get(t._id) !== t || t._due > now) continue
      if (t._repeat) t._due = now + t._ms
      else timers.delete(t._id)
      try { t._fn(...t._args) } catch (err) { report(err) }
    }
    const next = nextDeadline()
    if (next < scheduled) {
      scheduled = next
      host.wakeAt(next)
    }
  }

  globalThis.setTimeout = (fn, ms, ...args) => new Timeout(fn, ms, args, false)
  globalThis.setInterval = (fn, ms, ...args) => new Timeout(fn, ms, args, true)
  globalThis.clearTimeout = clear
  globalThis.clearInterval = clear
  globalThis.setImmediate = (fn, ...args) => {
    const i = new Immediate(fn, args)
    immediates.push(i)
    reschedule(0)
    return i
  }
  globalThis.clearImmediate = (i) => { if (i) i._cleared = true }

  const resolved = Promise.resolve()
  globalThis.queueMicrotask = (fn) => { resolved.then(fn).catch(report) }

  // Copies between JS typed arrays and the Java-backed scratch/inbox buffers. With the JIT a plain loop
  // compiles to direct buffer access (~1 ns/byte); TypedArray.prototype.set on a Java-backed buffer goes
  // element by element through interop (~50 ns/byte). Interpreted, the builtin is the faster one.
  if (host.compiled()) {
    globalThis.__p2pstackCopyIn = function (src, dst, off) {
      for (let i = 0, n = src.length; i < n; i++) dst[off + i] = src[i]
    }
    globalThis.__p2pstackCopyOut = function (src, start, dst) {
      for (let i = 0, n = dst.length; i < n; i++) dst[i] = src[start + i]
    }
  } else {
    globalThis.__p2pstackCopyIn = function (src, dst, off) { dst.set(src, off) }
    globalThis.__p2pstackCopyOut = function (src, start, dst) { dst.set(src.subarray(start, start + dst.length)) }
  }

  const scratch = { buf: null, bytes: null }
  globalThis.__p2pstackScratch = function (min) {
    if (scratch.bytes === null || scratch.bytes.byteLength < min) {
      scratch.buf = host.scratch(min)
      scratch.bytes = new Uint8Array(new ArrayBuffer(scratch.buf))
    }
    return scratch.bytes
  }

  globalThis.crypto = globalThis.crypto || {}
  globalThis.crypto.getRandomValues = function (view) {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
    const s = globalThis.__p2pstackScratch(bytes.byteLength)
    host.random(bytes.byteLength)
    bytes.set(s.subarray(0, bytes.byteLength))
    return view
  }

  const listeners = new Map()
  const start = host.now()
  const hrtime = (prev) => {
    const ns = host.nanoTime()
    const s = Math.floor(ns / 1e9)
    const n = ns - s * 1e9
    if (!prev) return [s, n]
    let ds = s - prev[0]
    let dn = n - prev[1]
    if (dn < 0) { ds--; dn += 1e9 }
    return [ds, dn]
  }
  hrtime.bigint = () => BigInt(Math.round(host.nanoTime()))
  globalThis.process = {
    title: 'p2pstack',
    env: {},
    argv: [],
    platform: 'linux',
    arch: 'x64',
    version: 'v20.0.0',
    versions: { node: '20.0.0' },
    pid: 0,
    nextTick: (fn, ...args) => globalThis.queueMicrotask(() => fn(...args)),
    hrtime,
    uptime: () => (host.now() - start) / 1000,
    cwd: () => '/',
    emitWarning: () => {},
    on (name, fn) { listeners.set(name, fn); return this },
    once (name, fn) { return this.on(name, fn) },
    off () { return this },
    removeListener () { return this },
    exit () { throw new Error('process.exit is not available') }
  }
  if (typeof globalThis.global === 'undefined') globalThis.global = globalThis
  // GraalJS's own console writes to the process's stdout, which a Karaf service has nowhere; the log has a place
  const line = (...a) => host.log(a.map(String).join(' '))
  globalThis.console = { log: line, info: line, warn: line, error: line, debug: line, trace: line }
})
