// udx-native's native binding, re-implemented on the Java UDX (org.p2pstack.swarm.internal.udx.UdxHost).
// udx-native's own lib/*.js (sockets, streamx streams, events) runs unchanged on top of this.
/* eslint-disable camelcase */
let host = null
let inbox = null
const sockets = new Map() // java handle -> { ctx }
const streams = new Map() // java handle -> { ctx, buf }

function java () {
  if (host !== null) return host
  host = globalThis.__p2pstackUdx
  inbox = new Uint8Array(new ArrayBuffer(host.inbox()))
  host.setEvents(onevent)
  return host
}

function toScratch (buffers) {
  let len = 0
  for (const b of buffers) len += b.byteLength
  const s = globalThis.__p2pstackScratch(len)
  let off = 0
  for (const b of buffers) {
    globalThis.__p2pstackCopyIn(b instanceof Uint8Array ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength), s, off)
    off += b.byteLength
  }
  return len
}

function uvError (code) {
  const messages = { ECONNRESET: 'connection reset by peer', ETIMEDOUT: 'connection timed out' }
  const err = new Error(code + ': ' + (messages[code] || code))
  err.code = code
  return err
}

function onevent (kind, h, a, b, c, d) {
  switch (kind) {
    case 'message': {
      const s = sockets.get(h)
      if (!s) return
      const udx = s.ctx.udx
      if (udx._buffer.byteLength < a) udx._reallocMessage()
      globalThis.__p2pstackCopyOut(inbox, 0, udx._buffer.subarray(0, a))
      s.ctx._onmessage(a, b, c, d)
      return
    }
    case 'socket-close': {
      const s = sockets.get(h)
      if (!s) return
      sockets.delete(h)
      s.ctx._onclose()
      return
    }
    case 'data': {
      const s = streams.get(h)
      if (!s) return
      if (s.buf.byteLength < a) s.buf = s.ctx._reallocData()
      globalThis.__p2pstackCopyOut(inbox, 0, s.buf.subarray(0, a))
      s.buf = s.ctx._ondata(a)
      return
    }
    case 'end': {
      const s = streams.get(h)
      if (s) s.ctx._onend(0)
      return
    }
    case 'drain': {
      const s = streams.get(h)
      if (s) s.ctx._ondrain()
      return
    }
    case 'ack': {
      const s = streams.get(h)
      if (s) s.ctx._onack(a)
      return
    }
    case 'stream-message': {
      const s = streams.get(h)
      if (!s) return
      const udx = s.ctx.udx
      if (udx._buffer.byteLength < a) udx._reallocMessage()
      globalThis.__p2pstackCopyOut(inbox, 0, udx._buffer.subarray(0, a))
      s.ctx._onmessage(a)
      return
    }
    case 'close': {
      const s = streams.get(h)
      if (!s) return
      streams.delete(h)
      s.ctx._onclose(a ? uvError(a) : null)
      return
    }
    case 'firewall': {
      const s = streams.get(h)
      const sock = sockets.get(a)
      if (!s || !sock) return true
      return s.ctx._onfirewall(sock.ctx, b, c, d) !== 0
    }
    case 'remote-changed': {
      const s = streams.get(h)
      if (s) s.ctx._onremotechanged()
    }
  }
}

// sizes of the handle buffers udx-native allocates, and where its getters read statistics
const SIZE = 64
Object.assign(exports, {
  sizeof_udx_napi_t: SIZE,
  sizeof_udx_napi_socket_t: SIZE,
  sizeof_udx_napi_stream_t: SIZE,
  sizeof_udx_napi_interface_event_t: SIZE,
  sizeof_udx_napi_lookup_t: SIZE,
  sizeof_udx_socket_send_t: 8,
  sizeof_udx_stream_send_t: 8,
  offsetof_udx_t_bytes_tx: 0,
  offsetof_udx_t_packets_tx: 8,
  offsetof_udx_t_bytes_rx: 16,
  offsetof_udx_t_packets_rx: 24,
  offsetof_udx_t_packets_dropped_by_kernel: 32,
  offsetof_udx_socket_t_bytes_tx: 0,
  offsetof_udx_socket_t_packets_tx: 8,
  offsetof_udx_socket_t_bytes_rx: 16,
  offsetof_udx_socket_t_packets_rx: 24,
  offsetof_udx_socket_t_packets_dropped_by_kernel: 32,
  offsetof_udx_stream_t_mtu: 0,
  offsetof_udx_stream_t_srtt: 4,
  offsetof_udx_stream_t_cwnd: 8,
  offsetof_udx_stream_t_inflight: 12,
  offsetof_udx_stream_t_rto_count: 16,
  offsetof_udx_stream_t_retransmit_count: 18,
  offsetof_udx_stream_t_fast_recovery_count: 20,
  offsetof_udx_stream_t_bbr_state: 22,
  offsetof_udx_stream_t_bytes_tx: 24,
  offsetof_udx_stream_t_packets_tx: 32,
  offsetof_udx_stream_t_bytes_rx: 40,
  offsetof_udx_stream_t_packets_rx: 48,
  UV_UDP_IPV6ONLY: 1,
  UV_UDP_REUSEADDR: 4
})

exports.udx_napi_init = (handle) => { handle.__j = java().udxInit() }

exports.udx_napi_socket_init = (udx, handle, ctx) => {
  const h = java().socketInit(udx.__j)
  handle.__j = h
  sockets.set(h, { ctx })
}
exports.udx_napi_socket_bind = (handle, port, hostname, family, flags) => {
  try {
    return java().socketBind(handle.__j, port, hostname, family, flags)
  } catch (e) {
    const err = new Error('bind ' + hostname + ':' + port + ' failed: ' + (e && e.message))
    err.code = 'EADDRINUSE'
    throw err
  }
}
exports.udx_napi_socket_send_ttl = (handle, req, id, buffer, port, hostname) => {
  const len = toScratch([buffer])
  const status = java().socketSend(handle.__j, len, port, hostname)
  const s = sockets.get(handle.__j)
  if (s) s.ctx._onsend(id, status)
}
exports.udx_napi_socket_close = (handle) => { java().socketClose(handle.__j) }
exports.udx_napi_socket_set_ttl = () => {}
exports.udx_napi_socket_get_recv_buffer_size = () => 4194304
exports.udx_napi_socket_set_recv_buffer_size = () => 4194304
exports.udx_napi_socket_get_send_buffer_size = () => 4194304
exports.udx_napi_socket_set_send_buffer_size = () => 4194304
exports.udx_napi_socket_set_membership = () => {}

exports.udx_napi_stream_init = (udx, handle, id, framed, ctx) => {
  const h = java().streamInit(udx.__j, id | 0)
  handle.__j = h
  streams.set(h, { ctx, buf: null })
  new Uint16Array(handle.buffer, handle.byteOffset, 1)[0] = 1200
}
exports.udx_napi_stream_set_seq = (handle, seq) => { java().streamSetSeq(handle.__j, seq | 0) }
exports.udx_napi_stream_set_ack = (handle, ack) => { java().streamSetAck(handle.__j, ack | 0) }
exports.udx_napi_stream_set_keepalive = (handle, ms) => { java().streamSetKeepalive(handle.__j, ms) }
exports.udx_napi_stream_set_mode = () => {}
exports.udx_napi_stream_get_bw = () => 0
exports.udx_napi_stream_recv_start = (handle, buffer) => {
  const s = streams.get(handle.__j)
  if (s) s.buf = buffer
}
exports.udx_napi_stream_connect = (handle, socket, remoteId, port, hostname) => {
  java().streamConnect(handle.__j, socket.__j, remoteId | 0, port, hostname)
}
exports.udx_napi_stream_change_remote = (handle, socket, remoteId, port, hostname) => {
  java().streamChangeRemote(handle.__j, socket.__j, remoteId | 0, port, hostname)
}
exports.udx_napi_stream_relay_to = (handle, destination) => { java().streamRelayTo(handle.__j, destination.__j) }
exports.udx_napi_stream_send = (handle, req, id, buffer) => {
  const len = toScratch([buffer])
  const ok = java().streamSend(handle.__j, len)
  const s = streams.get(handle.__j)
  if (s) s.ctx._onsend(id, ok ? 0 : -1)
}
exports.udx_napi_stream_write = (handle, req, id, buffer) => {
  const len = toScratch([buffer])
  return java().streamWrite(handle.__j, id, len, false) ? 1 : 0
}
exports.udx_napi_stream_writev = (handle, req, id, buffers) => {
  const len = toScratch(buffers)
  return java().streamWrite(handle.__j, id, len, false) ? 1 : 0
}
exports.udx_napi_stream_write_sizeof = () => 8
exports.udx_napi_stream_write_end = (handle, req, id, buffer) => {
  const len = toScratch([buffer])
  return java().streamWrite(handle.__j, id, len, true) ? 1 : 0
}
exports.udx_napi_stream_destroy = (handle) => { java().streamDestroy(handle.__j) }

exports.udx_napi_interface_event_init = (udx, handle, ctx, onevent, onclose) => {
  handle.__ctx = ctx
  handle.__onclose = onclose
}
exports.udx_napi_interface_event_get_addrs = () => JSON.parse(java().networkInterfaces())
exports.udx_napi_interface_event_start = () => {}
exports.udx_napi_interface_event_stop = () => {}
exports.udx_napi_interface_event_close = (handle) => {
  queueMicrotask(() => handle.__onclose.call(handle.__ctx))
}

exports.udx_napi_lookup = (udx, req, hostname, family, ctx, onlookup) => {
  java().lookup(hostname, family, (err, address, fam) => {
    if (err) {
      const e = new Error('getaddrinfo ' + err + ' ' + hostname)
      e.code = err
      onlookup.call(ctx, e)
    } else {
      onlookup.call(ctx, null, address, fam)
    }
  })
}
