// The p2pstack dApp SDK, served by the node at /sdk/p2pstack.js (also /sdk/1/p2pstack.js, and /sdk/1.0.0/p2pstack.js
// for this exact version). Types: /sdk/p2pstack.d.ts. Use it from a dApp page served under /dapps/<name>/:
//
//   import { ipfs, cores, swarm, profile } from '/sdk/1/p2pstack.js';
//
// Served to a dApp's pages inside the node's sandboxed frame, it talks to the node through the page around the frame,
// which forwards only what the dApp's permissions allow. It signs every change with the page's token, says what went wrong in plain words (a P2PStackError with .status),
// and reaches IPFS, Hypercore and Hyperswarm only in this dApp's own namespace, as far as its manifest's
// P2PStack-Dapp-Permissions allow.

export const version = '1.0.0';

/** An error whose message a person understands; `status` is the node's HTTP status (0: the node did not answer). */
export class P2PStackError extends Error {
  constructor(message, status = 0, { signIn = false } = {}) {
    super(message);
    this.name = 'P2PStackError';
    this.status = status;
    this.signIn = signIn;
  }
}

const NOT_SIGNED_IN = 'This browser is not signed in to your node. Open p2pstack with its launcher (bin/open), then reload this page.';
const IPFS_MAX = 1024 * 1024;
const BLOCK_MAX = 64 * 1024;
const MESSAGE_MAX = 16 * 1024;

// ------------------------------------------------------------------ session and requests

let sessionPromise = null;

/** The page's session: `{ token, header }`. The token goes in `header` on every change; `refresh` fetches it anew. */
export function session({ refresh = false } = {}) {
  // inside the node's frame the shell holds the token and adds it to the changes it forwards
  if (framed) return Promise.resolve({ token: '', header: 'X-P2PStack-Token' });
  if (!sessionPromise || refresh) {
    sessionPromise = (async () => {
      const response = await reach('/api/session', { headers: { Accept: 'application/json' } });
      if (response.status === 401) throw new P2PStackError(NOT_SIGNED_IN, 401, { signIn: true });
      if (!response.ok) throw await failure(response);
      const body = await response.json();
      return { token: body.token, header: body.header || 'X-P2PStack-Token' };
    })();
    sessionPromise.catch(() => { sessionPromise = null; });
  }
  return sessionPromise;
}

// A dApp page runs in the node's sandboxed frame (an opaque origin, no cookie): its calls go to the node's own page
// around it (the shell), which forwards what the dApp's permissions allow. The home page and tools use fetch directly.
const framed = typeof window !== 'undefined' && window.parent !== window && self.origin === 'null';
const sandboxedAlone = typeof window !== 'undefined' && window.parent === window && self.origin === 'null';
const pending = new Map();
const eventHandlers = new Set();
let nextId = 1;

if (framed) {
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent) return;
    const message = event.data;
    if (!message || message.p2pstack !== 1) return;
    if (message.kind === 'response' && pending.has(message.id)) {
      pending.get(message.id)(message);
      pending.delete(message.id);
    } else if (message.kind === 'event') {
      for (const handler of eventHandlers) handler(message);
    }
  });
}

function viaShell(path, init = {}) {
  return new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, (answer) => {
      if (answer.status === 0) resolve(null);
      else resolve(new Response(answer.status === 204 || answer.status === 304 ? null : answer.body,
        { status: answer.status, headers: answer.type ? { 'Content-Type': answer.type } : {} }));
    });
    window.parent.postMessage({ p2pstack: 1, kind: 'request', id, method: init.method || 'GET', path,
      headers: init.headers || {}, body: init.body }, '*');
  });
}

async function reach(path, init) {
  if (sandboxedAlone) {
    throw new P2PStackError('Open this app from your p2pstack page (its apps menu): on its own this page cannot reach your node.', 0);
  }
  try {
    const response = framed ? await viaShell(path, init) : await fetch(path, { credentials: 'same-origin', ...init });
    if (response) return response;
  } catch {
    // answered below
  }
  throw new P2PStackError('Your node did not answer. Is it still running?', 0);
}

async function failure(response) {
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) return new P2PStackError(NOT_SIGNED_IN, 401, { signIn: true });
  return new P2PStackError(body.error || `Your node answered ${response.status}.`, response.status);
}

/**
 * Calls the node. `json` is sent as JSON, `body` as it is (bytes, Blob, text) with `type`; `bytes: true` answers a
 * Uint8Array instead of parsed JSON. Changes carry the token; on 403 the token is fetched again once and the call retried.
 */
export async function request(method, path, { json, body, type, bytes = false } = {}) {
  const headers = { Accept: bytes ? 'application/octet-stream' : 'application/json' };
  if (json !== undefined) {
    body = JSON.stringify(json);
    headers['Content-Type'] = 'application/json';
  } else if (body !== undefined) {
    headers['Content-Type'] = type || 'application/octet-stream';
  }
  const change = method !== 'GET' && method !== 'HEAD';
  if (change) {
    const s = await session();
    headers[s.header] = s.token;
  }
  let response = await reach(path, { method, headers, body });
  if (change && response.status === 403) {
    // the token may be out of date (the node restarted or this browser signed in again): once more with a fresh one
    const s = await session({ refresh: true });
    headers[s.header] = s.token;
    response = await reach(path, { method, headers, body });
  }
  if (!response.ok) throw await failure(response);
  return bytes ? new Uint8Array(await response.arrayBuffer()) : response.json();
}

export const get = (path) => request('GET', path);
export const post = (path, json) => request('POST', path, { json });
export const put = (path, json) => request('PUT', path, { json });
export const del = (path) => request('DELETE', path);

// ------------------------------------------------------------------ this dApp

function dappName() {
  const match = /^\/dapps\/([a-z][a-z0-9-]{0,31})(\/|$)/.exec(location.pathname);
  if (!match) throw new P2PStackError('This page is not part of a dApp: its address does not start with /dapps/<name>/.', 0);
  return match[1];
}

const p2p = (rest) => `/dapps/${dappName()}/_p2p${rest}`;
let infoPromise = null;

export const dapp = {
  /** The dApp's name. */
  get name() { return dappName(); },
  /** What the node knows of this dApp: name, title, version, permissions and the limits of its p2p calls. */
  info() {
    if (!infoPromise) {
      infoPromise = get(p2p('/info'));
      infoPromise.catch(() => { infoPromise = null; });
    }
    return infoPromise;
  },
};

const PLAIN = {
  'content:read': 'see your shared videos and pictures',
  'profile:read': 'see your name and picture',
  'friends:read': 'see whom you follow',
  'directory:read': 'see the directory of people',
  chat: 'read and send chat messages as you',
};

// A friendly early refusal for the node's own APIs (the node decides; this only tells the developer sooner).
async function needs(permission) {
  const info = await dapp.info();
  if (!info.permissions.includes(permission)) {
    throw new P2PStackError(`The ${info.name} app did not ask to ${PLAIN[permission]}. (Its maker can add ${permission} to P2PStack-Dapp-Permissions.)`, 403);
  }
}

// ------------------------------------------------------------------ the owner's things (existing node APIs)

export const content = {
  /** The owner's shared pictures and videos, newest first. */
  async list() { await needs('content:read'); return (await get('/api/content')).items; },
};

export const profile = {
  /** The owner's profile: `{ nickname, bio, ... }`. */
  async get() { await needs('profile:read'); return get('/api/profile'); },
};

export const friends = {
  /** The people the owner follows. */
  async list() { await needs('friends:read'); return (await get('/api/friends')).following; },
};

export const directory = {
  /** People known from the directory whose nickname contains `query`. */
  async list(query = '') { await needs('directory:read'); return (await get(`/api/directory?q=${encodeURIComponent(query)}`)).people; },
};

export const chat = {
  /** The chat rooms the owner is in. */
  async rooms() { await needs('chat'); return (await get('/api/chat')).rooms; },
  /** A room's newest messages (the owner's own room when `room` is empty), merged by time. */
  async messages(room = '', limit = 50) {
    await needs('chat');
    return (await get(`/api/chat?room=${encodeURIComponent(room)}&limit=${limit}`)).messages;
  },
  /** Sends `text` as the owner, to `room` (the owner's own room when empty). */
  async send(text, room) { await needs('chat'); return (await post('/api/chat/messages', room ? { text, room } : { text })).message; },
  /** Joins someone's room by its key. */
  async join(room) { await needs('chat'); return post('/api/chat/rooms', { room }); },
};

const EVENT_PERMISSION = {
  content: 'content:read', problems: 'content:read', torrent: 'content:read', profile: 'profile:read',
  friends: 'friends:read', chat: 'chat', chatrooms: 'chat', directory: 'directory:read',
};

/**
 * Live news from the node (Server-Sent Events): `types` such as ['content', 'chat']; `onEvent({ type, data })`.
 * Returns `{ close() }`. Only the types this dApp has permission for are allowed.
 */
export async function events(types, onEvent) {
  const info = await dapp.info();
  for (const type of types) {
    const permission = EVENT_PERMISSION[type];
    if (!permission) throw new P2PStackError(`There are no '${type}' events.`, 400);
    if (!info.permissions.includes(permission)) await needs(permission);
  }
  if (framed) {
    const handler = (message) => {
      if (!types.includes(message.type)) return;
      let data;
      try { data = JSON.parse(message.data); } catch { data = message.data; }
      onEvent({ type: message.type, data });
    };
    eventHandlers.add(handler);
    window.parent.postMessage({ p2pstack: 1, kind: 'events', types }, '*');
    return { close: () => eventHandlers.delete(handler) };
  }
  const source = new EventSource('/api/events');
  for (const type of types) {
    source.addEventListener(type, (event) => {
      let data;
      try { data = JSON.parse(event.data); } catch { data = event.data; }
      onEvent({ type, data });
    });
  }
  return { close: () => source.close() };
}

// ------------------------------------------------------------------ bytes

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function toBytes(data) {
  if (typeof data === 'string') return encoder.encode(data);
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (typeof Blob !== 'undefined' && data instanceof Blob) return new Uint8Array(await data.arrayBuffer());
  if (data !== null && typeof data === 'object') return encoder.encode(JSON.stringify(data));
  throw new P2PStackError('Give text, bytes, a Blob or a plain object.', 400);
}

function tooBig(bytes, max, words) {
  if (bytes.byteLength > max) throw new P2PStackError(words, 413);
}

// ------------------------------------------------------------------ per-dApp p2p: IPFS

export const ipfs = {
  /** Stores text, bytes, a Blob or a plain object (as JSON) in IPFS, pinned for this dApp; answers its CID. */
  async add(data) {
    const bytes = await toBytes(data);
    tooBig(bytes, IPFS_MAX, 'Apps can store at most 1 MiB in IPFS at a time.');
    return (await request('POST', p2p('/ipfs'), { body: bytes })).cid;
  },
  /** The bytes of a CID (at most 1 MiB), fetched from other peers when this node lacks them. */
  get(cid) { return request('GET', p2p(`/ipfs/${encodeURIComponent(cid)}`), { bytes: true }); },
  async getText(cid) { return decoder.decode(await ipfs.get(cid)); },
  async getJson(cid) { return JSON.parse(await ipfs.getText(cid)); },
  /** Keeps a CID on this node for this dApp. */
  pin(cid) { return request('PUT', p2p(`/ipfs/pins/${encodeURIComponent(cid)}`)); },
  /** Lets go of a CID this dApp pinned (a pin the owner or another app made stays). */
  unpin(cid) { return del(p2p(`/ipfs/pins/${encodeURIComponent(cid)}`)); },
  /** The CIDs this dApp pinned. */
  async pins() { return (await get(p2p('/ipfs/pins'))).pins; },
};

// ------------------------------------------------------------------ news: one long poll for swarm and cores

const listeners = { message: new Set(), peer: new Set(), append: new Set(), error: new Set() };
const openCores = new Map();
let polling = false;

function emit(type, event) {
  for (const listener of listeners[type]) {
    try { listener(event); } catch (error) { console.error(error); }
  }
}

function startPolling() {
  if (polling) return;
  polling = true;
  (async () => {
    let after = 0;
    let pause = 0;
    while (polling) {
      try {
        const answer = await get(p2p(`/events?after=${after}&wait=25`));
        after = answer.next;
        pause = 0;
        for (const event of answer.events) {
          if (event.type === 'append') {
            const core = openCores.get(event.key);
            if (core && event.length > core.length) core.length = event.length;
            if (core) core.emit(event);
          }
          emit(event.type, event);
        }
      } catch (error) {
        emit('error', error);
        if (error.status === 403 || error.status === 404 || error.status === 401) { polling = false; return; }
        pause = Math.min(30000, pause ? pause * 2 : 1000);
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  })();
}

function listen(type, listener) {
  listeners[type].add(listener);
  startPolling();
  return () => listeners[type].delete(listener);
}

// ------------------------------------------------------------------ per-dApp p2p: Hypercore

/** One append-only log: this dApp's own (writable) or someone else's (read-only, replicated from peers). */
export class Core {
  constructor(state) {
    this.key = state.key;
    this.name = state.name;
    this.writable = state.writable;
    this.length = state.length;
    this.peers = state.peers;
    this.appendListeners = new Set();
  }

  /** Appends one block (text, bytes or a plain object as JSON; at most 64 KiB); answers the new length. */
  async append(block) {
    if (!this.writable) throw new P2PStackError('This log is someone else\'s; only its owner can write to it.', 403);
    const bytes = await toBytes(block);
    tooBig(bytes, BLOCK_MAX, 'A block of a log may hold at most 64 KiB.');
    const answer = await request('POST', p2p(`/cores/${this.key}/blocks`), { body: bytes });
    this.length = Math.max(this.length, answer.length);
    return answer.length;
  }

  /** Block `index`, waiting (a bounded time) for a peer that has it. */
  get(index) { return request('GET', p2p(`/cores/${this.key}/blocks/${index}`), { bytes: true }); }
  async getText(index) { return decoder.decode(await this.get(index)); }
  async getJson(index) { return JSON.parse(await this.getText(index)); }

  /** Reads the current length and peers from the node. */
  async update() {
    const state = await get(p2p(`/cores/${this.key}`));
    this.length = state.length;
    this.peers = state.peers;
    return this;
  }

  /** Calls `listener({ key, length })` whenever this log grows. Returns a function that stops it. */
  on(type, listener) {
    if (type !== 'append') throw new P2PStackError('A log only tells about \'append\'.', 400);
    this.appendListeners.add(listener);
    startPolling();
    return () => this.appendListeners.delete(listener);
  }

  emit(event) {
    for (const listener of this.appendListeners) {
      try { listener(event); } catch (error) { console.error(error); }
    }
  }
}

function core(state) {
  const known = openCores.get(state.key);
  if (known) {
    known.length = Math.max(known.length, state.length);
    known.peers = state.peers;
    return known;
  }
  const created = new Core(state);
  openCores.set(created.key, created);
  return created;
}

export const cores = {
  /** Opens (creating on first use) this dApp's own log `name` (1-32 lower-case letters, digits, dashes). */
  async open(name) { return core(await post(p2p('/cores'), { name })); },
  /** Follows someone else's log by its key (64 hex digits), read-only; its blocks come from the peers that have it. */
  async openRemote(key) { return core(await post(p2p('/cores/remote'), { key })); },
  /** The logs this dApp opened since the node started. */
  async list() { return (await get(p2p('/cores'))).cores.map(core); },
  /** Calls `listener({ key, length })` whenever any of this dApp's logs grows. */
  on(type, listener) {
    if (type !== 'append') throw new P2PStackError('Logs only tell about \'append\'.', 400);
    return listen('append', listener);
  },
};

// ------------------------------------------------------------------ per-dApp p2p: Hyperswarm

export const swarm = {
  /** Meets other copies of this dApp on `topic` (1-32 lower-case letters, digits, dashes). Answers `{ topic, peers }`. */
  join(topic) { return post(p2p('/swarm/topics'), { topic }); },
  leave(topic) { return del(p2p(`/swarm/topics/${encodeURIComponent(topic)}`)); },
  /** The topics this dApp is on, each with its peers. */
  async topics() { return (await get(p2p('/swarm/topics'))).topics; },
  /** Sends text (or a plain object as JSON; at most 16 KiB) to the peers on `topic`. Answers how many got it. */
  async send(topic, message) {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    tooBig(encoder.encode(text), MESSAGE_MAX, 'A message may be at most 16 KiB.');
    return (await post(p2p('/swarm/messages'), { topic, message: text })).sentTo;
  },
  /**
   * `on('message', ({ topic, from, message, json }) => ...)`: a message from a peer on one of this dApp's topics
   * (`json` is the message parsed, or undefined). `on('peer', ({ topic, peer }) => ...)`: a peer found on a topic.
   * `on('error', (error) => ...)`: the news could not be fetched. Returns a function that stops listening.
   */
  on(type, listener) {
    if (type === 'message') {
      return listen('message', (event) => {
        let json;
        try { json = JSON.parse(event.message); } catch { json = undefined; }
        listener({ ...event, json });
      });
    }
    if (type === 'peer' || type === 'error') return listen(type, listener);
    throw new P2PStackError(`The swarm tells about 'message', 'peer' and 'error', not '${type}'.`, 400);
  },
};

export default { version, session, request, get, post, put, del, dapp, content, profile, friends, directory, chat, events, ipfs, cores, swarm, Core, P2PStackError };
