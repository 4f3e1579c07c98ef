// Plays a card's video with WebTorrent: pieces come from the node's web seed and from other browsers
// watching the same video (WebRTC, introduced by the node's own tracker). The <video> element reads the file
// through a service worker (stream-worker.js, around webtorrent's sw.min.js) that hands each HTTP range request to this page; we
// answer from the torrent with a sliding window: only the pieces at the play position plus a bounded
// read-ahead are selected, so a seek fetches what is needed there, never everything before it.
import WebTorrent from '../vendor/webtorrent.min.js';

const WORKER = '/dapps/home/js/stream-worker.js';
/** How long the worker may take to control this page before its videos play from the node instead. */
const WORKER_START_MILLIS = 10000;
const STREAM_PREFIX = '/webtorrent/';
/** Read-ahead in seconds of video, turned into bytes from the file's average bit rate. */
const READ_AHEAD_SECONDS = 12;
const MIN_READ_AHEAD = 1024 * 1024;
const MAX_READ_AHEAD = 24 * 1024 * 1024;
/** The service worker stops when idle; an open stream keeps it alive with this ping. */
const KEEPALIVE_MILLIS = 20000;
const MAX_TORRENTS = 16;
/** Pieces kept in memory per video (for replay and for other viewers); the farthest from playback go first. */
const KEPT_BYTES = 256 * 1024 * 1024;

// this page's id: two tabs with the same video each answer only their own requests
const pageId = Math.random().toString(36).slice(2, 10);
let client = null;
let worker = null;     // Promise<boolean>
let keepalive = null;
const players = new Map(); // infoHash -> { torrent, file, video, duration }
const openStreams = new Set();

/** Whether this page can stream with WebTorrent: a service worker is needed (secure context: 127.0.0.1). */
export function canStream() {
  return 'serviceWorker' in navigator && window.isSecureContext && typeof RTCPeerConnection !== 'undefined';
}

/**
 * Starts the service worker as soon as the page loads, while it fetches its data and draws the cards, so that
 * the first video does not wait for it. A failure shows when a video asks for the worker (it then plays
 * straight from the node).
 */
export function prepare() {
  if (canStream()) startWorker().catch(() => {});
}

function startWorker() {
  if (!worker) {
    worker = (async () => {
      const registration = await navigator.serviceWorker.register(WORKER, { scope: '/' });
      navigator.serviceWorker.addEventListener('message', onWorkerRequest);
      if (!navigator.serviceWorker.controller) {
        // the worker claims open pages when it activates; a page that loaded during that activation missed it and
        // asks again once the worker is active
        const controlled = new Promise((resolve, reject) => {
          navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true });
          setTimeout(() => reject(new Error('The video player did not start')), WORKER_START_MILLIS);
        });
        navigator.serviceWorker.ready.then((ready) => {
          if (!navigator.serviceWorker.controller && ready.active) ready.active.postMessage('claim');
        });
        await controlled;
      }
      // tells the worker that this browser can cancel streams (else it gives up on a piece after 5 s)
      fetch(`${STREAM_PREFIX}cancel/`).then((response) => response.body.cancel()).catch(() => {});
      return registration;
    })();
  }
  return worker;
}

function startClient() {
  if (!client) {
    client = new WebTorrent({
      dht: false, lsd: false, natUpnp: false, natPmp: false,
      // peers meet through the node's tracker on this computer; no public STUN servers are asked
      tracker: { rtcConfig: { iceServers: [] } },
      maxWebConns: 3,
    });
    client.on('error', (error) => console.warn('WebTorrent:', error.message || error));
  }
  return client;
}

/** A chunk store in memory: only what was watched (and is shared with other viewers) is kept, up to KEPT_BYTES. */
class MemoryStore {
  constructor(chunkLength, opts = {}) {
    this.chunkLength = chunkLength; this.chunks = new Map(); this.bytes = 0; this.closed = false;
    if (opts.torrent) opts.torrent.memoryStore = this; // the player trims it (see trim)
  }
  put(index, buffer, cb = () => {}) {
    const old = this.chunks.get(index);
    this.bytes += buffer.length - (old ? old.length : 0);
    this.chunks.set(index, buffer);
    queueMicrotask(() => cb(null));
  }
  drop(index) {
    const chunk = this.chunks.get(index);
    if (chunk) { this.bytes -= chunk.length; this.chunks.delete(index); }
  }
  get(index, opts, cb = () => {}) {
    if (typeof opts === 'function') { cb = opts; opts = null; }
    const chunk = this.chunks.get(index);
    if (!chunk) { queueMicrotask(() => cb(new Error('Chunk not found'))); return; }
    const offset = (opts && opts.offset) || 0;
    const length = opts && opts.length ? opts.length : chunk.length - offset;
    // a part is copied: posting a view to the service worker would copy its whole buffer anyway
    const part = offset === 0 && length === chunk.length ? chunk : chunk.slice(offset, offset + length);
    queueMicrotask(() => cb(null, part));
  }
  close(cb = () => {}) { this.closed = true; queueMicrotask(() => cb(null)); }
  destroy(cb = () => {}) { this.chunks.clear(); this.bytes = 0; this.close(cb); }
}

/**
 * Keeps a video's pieces within KEPT_BYTES: drops those farthest from where it is being played (never one in
 * a reader's window), tells WebTorrent it no longer has them and tells the peers (lt_donthave).
 */
function trim(entry) {
  const { torrent } = entry;
  const store = torrent && torrent.memoryStore;
  if (!store || store.bytes <= KEPT_BYTES || torrent.destroyed) return;
  const windows = [...entry.readers].map((r) => r.window).filter(Boolean);
  const near = windows.length ? windows.map((w) => w.from) : [entry.lastPiece || 0];
  const distance = (i) => Math.min(...near.map((p) => Math.abs(i - p)));
  const candidates = [...store.chunks.keys()].filter((i) => !windows.some((w) => i >= w.from && i <= w.to))
    .sort((a, b) => distance(b) - distance(a));
  for (const index of candidates) {
    if (store.bytes <= KEPT_BYTES) break;
    store.drop(index);
    torrent._markUnverified(index);
    for (const wire of torrent.wires) if (wire.type !== 'webSeed' && wire.lt_donthave) wire.lt_donthave.donthave(index);
  }
}

/**
 * Starts streaming `item` (a card's video with a ready torrent) into `video`. Returns a handle with
 * stats() for the card and stop().
 */
export async function stream(item, video) {
  const info = item.torrent;
  // the .torrent file is fetched while the service worker starts: both are on the way to the first frame
  const torrentFetch = players.has(info.infoHash) ? null : fetch(info.torrentUrl);
  torrentFetch?.catch(() => {}); // a failure is reported below, once awaited
  await startWorker();
  const webtorrent = startClient();
  let entry = players.get(info.infoHash);
  if (!entry) {
    if (players.size >= MAX_TORRENTS) {
      const [oldest] = players.keys();
      stop(oldest);
    }
    const response = await (torrentFetch || fetch(info.torrentUrl));
    if (!response.ok) throw new Error('This video is not shared yet');
    const torrentFile = new Uint8Array(await response.arrayBuffer());
    entry = { torrent: null, file: null, video, duration: 0, readers: new Set(), lastPiece: 0 };
    players.set(info.infoHash, entry);
    entry.ready = new Promise((resolve, reject) => {
      // deselect: nothing is downloaded until the player asks for it (see RangeReader)
      const torrent = webtorrent.add(torrentFile, { deselect: true, store: MemoryStore, storeCacheSlots: 0 }, (t) => {
        entry.file = t.files[0];
        resolve();
      });
      entry.torrent = torrent;
      torrent.on('error', reject);
      torrent.on('verified', () => setTimeout(() => trim(entry), 0));
    });
  }
  entry.video = video;
  video.addEventListener('loadedmetadata', () => {
    if (Number.isFinite(video.duration) && video.duration > 0) entry.duration = video.duration;
  });
  try {
    await entry.ready;
  } catch (error) {
    stop(info.infoHash);
    throw error;
  }
  video.src = `${STREAM_PREFIX}${info.infoHash}/${pageId}/${encodeURIComponent(entry.file.name)}`;
  return {
    stats: () => stats(entry.torrent),
    stop: () => stop(info.infoHash),
  };
}

function stop(infoHash) {
  const entry = players.get(infoHash);
  if (!entry) return;
  players.delete(infoHash);
  if (entry.video) { entry.video.removeAttribute('src'); entry.video.load(); }
  if (entry.torrent && !entry.torrent.destroyed) entry.torrent.destroy();
}

export function stopAllExcept(infoHashes) {
  for (const hash of [...players.keys()]) if (!infoHashes.has(hash)) stop(hash);
}

function stats(torrent) {
  if (!torrent || torrent.destroyed) return null;
  const peers = torrent.wires.filter((wire) => wire.type !== 'webSeed');
  return {
    peers: peers.length,
    download: torrent.downloadSpeed,
    upload: torrent.uploadSpeed,
    fromPeers: peers.reduce((sum, wire) => sum + wire.downloaded, 0),
    fromWebSeed: torrent.wires.filter((wire) => wire.type === 'webSeed').reduce((sum, wire) => sum + wire.downloaded, 0),
    uploaded: torrent.uploaded,
    progress: torrent.progress,
  };
}

/** Reads [start, end] of the file, selecting only a window of pieces ahead of what it hands out. */
class RangeReader {
  constructor(entry, start, end) {
    this.entry = entry;
    this.torrent = entry.torrent;
    this.file = entry.file;
    this.position = start;
    this.end = end;
    this.window = null;
    this.closed = false;
  }

  readAheadPieces() {
    const { duration } = this.entry;
    const perSecond = duration > 0 ? this.file.length / duration : 0;
    const bytes = Math.min(MAX_READ_AHEAD, Math.max(MIN_READ_AHEAD, perSecond * READ_AHEAD_SECONDS));
    return Math.max(2, Math.ceil(bytes / this.torrent.pieceLength));
  }

  moveWindow(piece) {
    const lastPiece = Math.floor((this.file.offset + this.end) / this.torrent.pieceLength);
    const to = Math.min(lastPiece, piece + this.readAheadPieces() - 1);
    if (this.window && this.window.from === piece && this.window.to === to) return;
    // stream selections are counted, so several readers (and tabs of the same page) never undo each other
    this.torrent._select(piece, to, 1, null, true);
    if (this.window) this.torrent._deselect(this.window.from, this.window.to, true);
    this.window = { from: piece, to };
    this.torrent.critical(piece, Math.min(to, piece + 1));
  }

  async next() {
    if (this.closed || this.position > this.end || this.torrent.destroyed) { this.close(); return null; }
    const { pieceLength } = this.torrent;
    const absolute = this.file.offset + this.position;
    const piece = Math.floor(absolute / pieceLength);
    const offset = absolute - piece * pieceLength;
    const length = Math.min(this.end - this.position + 1, this.torrent.pieces.length - 1 === piece
      ? this.torrent.lastPieceLength - offset : pieceLength - offset);
    this.moveWindow(piece);
    this.entry.lastPiece = piece;
    if (!this.torrent.bitfield.get(piece)) {
      await new Promise((resolve) => {
        const onVerified = (index) => { if (index === piece) done(); };
        const done = () => { this.torrent.removeListener('verified', onVerified); this.torrent.removeListener('close', done); resolve(); };
        this.torrent.on('verified', onVerified);
        this.torrent.once('close', done);
      });
      if (this.closed || this.torrent.destroyed) return null;
    }
    const chunk = await new Promise((resolve, reject) => this.torrent.store.get(piece, { offset, length },
      (error, data) => (error ? reject(error) : resolve(data))));
    this.position += chunk.length;
    return chunk;
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    if (this.window && !this.torrent.destroyed) this.torrent._deselect(this.window.from, this.window.to, true);
    this.window = null;
  }
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` (the first range only); null for none, 'invalid' when unsatisfiable. */
export function parseRange(header, length) {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'invalid';
  let start;
  let end;
  if (match[1] === '') {
    start = Math.max(0, length - Number(match[2]));
    end = length - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? length - 1 : Math.min(Number(match[2]), length - 1);
  }
  return start > end || start >= length ? 'invalid' : { start, end };
}

function onWorkerRequest(event) {
  const request = event.data;
  if (!request || request.type !== 'webtorrent' || !event.ports[0]) return;
  const path = new URL(request.url).pathname;
  if (!path.startsWith(STREAM_PREFIX)) return;
  const [infoHash, page] = path.slice(STREAM_PREFIX.length).split('/');
  if (page !== pageId) return; // another tab's request: that tab answers
  const entry = players.get(infoHash);
  const port = event.ports[0];
  if (!entry || !entry.file) {
    port.postMessage({ status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'This video is not playing here' });
    return;
  }
  const { file } = entry;
  const range = parseRange(request.headers.range, file.length);
  if (range === 'invalid') {
    port.postMessage({ status: 416, headers: { 'Content-Range': `bytes */${file.length}` }, body: '' });
    return;
  }
  const { start, end } = range || { start: 0, end: file.length - 1 };
  const headers = {
    'Content-Type': file.type, 'Accept-Ranges': 'bytes', 'Content-Length': String(end - start + 1),
    'Cache-Control': 'no-store',
  };
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${file.length}`;
  if (request.method === 'HEAD') {
    port.postMessage({ status: range ? 206 : 200, headers, body: '' });
    return;
  }
  const reader = new RangeReader(entry, start, end);
  openStreams.add(reader);
  entry.readers.add(reader);
  if (!keepalive) keepalive = setInterval(() => fetch(`${STREAM_PREFIX}keepalive/`).catch(() => {}), KEEPALIVE_MILLIS);
  const finish = () => {
    reader.close();
    port.onmessage = null;
    openStreams.delete(reader);
    entry.readers.delete(reader);
    if (openStreams.size === 0 && keepalive) { clearInterval(keepalive); keepalive = null; }
  };
  port.onmessage = async ({ data: pull }) => {
    if (!pull) { finish(); return; } // the player cancelled (seek, pause with enough buffered, card gone)
    let chunk = null;
    try { chunk = await reader.next(); } catch { chunk = null; }
    port.postMessage(chunk);
    if (!chunk) finish();
  };
  port.postMessage({ status: range ? 206 : 200, headers, body: 'STREAM' });
}
