// The node's frame around a dApp (served at /sdk/shell.js to the shell page of /dapps/<name>/). The dApp itself runs in
// a sandboxed frame with an opaque origin: it has no cookie and cannot call the node. The SDK inside the frame sends
// its calls here with postMessage; this page, which is the owner's, forwards only the calls the dApp's declared
// permissions allow, adds the owner's token to changes, and sends the answers back. Nothing the dApp runs ever gets
// the owner's session, token or other APIs.

const name = document.body.dataset.dapp;
const frame = document.getElementById('p2pstack-dapp');
const status = document.getElementById('p2pstack-shell-status');

// The node's own APIs a dApp may reach, by permission and method; its own endpoints need no permission beyond the
// ones the node checks itself (_p2p) or are its own servlets (api).
const NODE_APIS = [
  { prefix: '/api/content', permission: 'content:read', methods: ['GET'] },
  { prefix: '/api/profile', permission: 'profile:read', methods: ['GET'] },
  { prefix: '/api/friends', permission: 'friends:read', methods: ['GET'] },
  { prefix: '/api/directory', permission: 'directory:read', methods: ['GET'] },
  { prefix: '/api/chat', permission: 'chat', methods: ['GET', 'POST'] },
];
const EVENT_PERMISSION = {
  content: 'content:read', problems: 'content:read', torrent: 'content:read', profile: 'profile:read',
  friends: 'friends:read', chat: 'chat', chatrooms: 'chat', directory: 'directory:read',
};
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE']);
const MAX_BODY = 2 * 1024 * 1024;

let permissions = null;
let token = null;

async function dappPermissions() {
  if (!permissions) {
    const answer = await fetch('/api/dapps', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    const body = await answer.json();
    const me = (body.dapps || []).find((d) => d.name === name);
    permissions = new Set(me ? me.permissions.map((p) => p.name) : []);
  }
  return permissions;
}

async function currentToken(refresh = false) {
  if (!token || refresh) {
    const answer = await fetch('/api/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    token = (await answer.json()).token;
  }
  return token;
}

function under(pathname, prefix) {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/** Null when the dApp may make this call, else why not, in plain words. */
async function refusal(method, path) {
  if (!METHODS.has(method) || typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')
      || /%2e|%2f|%5c|\\/i.test(path)) {
    return 'That is not a call a dApp can make.';
  }
  const url = new URL(path, location.origin);
  if (url.origin !== location.origin) return 'A dApp calls only its own node.';
  const own = `/dapps/${name}`;
  if (under(url.pathname, `${own}/_p2p`) || under(url.pathname, `${own}/api`)) return null;
  const allowed = await dappPermissions();
  for (const api of NODE_APIS) {
    if (under(url.pathname, api.prefix)) {
      if (!allowed.has(api.permission)) return `The ${name} app did not ask for '${api.permission}', so it cannot call ${api.prefix}.`;
      if (!api.methods.includes(method)) return `The ${name} app may only read ${api.prefix}.`;
      return null;
    }
  }
  return `The ${name} app may not call ${url.pathname}.`;
}

function reply(message, transfer = []) {
  frame.contentWindow.postMessage({ p2pstack: 1, ...message }, '*', transfer);
}

async function forward(request) {
  const method = String(request.method || 'GET').toUpperCase();
  const why = await refusal(method, request.path);
  if (why) {
    status.textContent = why;
    const body = new TextEncoder().encode(JSON.stringify({ error: why })).buffer;
    reply({ kind: 'response', id: request.id, status: 403, type: 'application/json', body }, [body]);
    return;
  }
  const headers = {};
  for (const [key, value] of Object.entries(request.headers || {})) {
    if (/^(accept|content-type)$/i.test(key)) headers[key] = String(value);
  }
  let body = request.body;
  if (body !== undefined && body !== null && !(typeof body === 'string' || body instanceof ArrayBuffer
      || ArrayBuffer.isView(body) || body instanceof Blob)) body = undefined;
  const size = body === undefined || body === null ? 0 : (body.byteLength ?? body.size ?? body.length);
  if (size > MAX_BODY) {
    const tooBig = new TextEncoder().encode(JSON.stringify({ error: 'That is too large to send through the app frame.' })).buffer;
    reply({ kind: 'response', id: request.id, status: 413, type: 'application/json', body: tooBig }, [tooBig]);
    return;
  }
  const change = method !== 'GET' && method !== 'HEAD';
  let answer;
  try {
    if (change) headers['X-P2PStack-Token'] = await currentToken();
    answer = await fetch(request.path, { method, headers, body, credentials: 'same-origin' });
    if (change && answer.status === 403) {
      headers['X-P2PStack-Token'] = await currentToken(true);
      answer = await fetch(request.path, { method, headers, body, credentials: 'same-origin' });
    }
  } catch {
    reply({ kind: 'response', id: request.id, status: 0, type: '', body: new ArrayBuffer(0) });
    return;
  }
  const bytes = await answer.arrayBuffer();
  reply({ kind: 'response', id: request.id, status: answer.status, type: answer.headers.get('Content-Type') || '', body: bytes }, [bytes]);
}

let source = null;
async function subscribe(types) {
  const allowed = await dappPermissions();
  const wanted = (Array.isArray(types) ? types : []).filter((t) => EVENT_PERMISSION[t] && allowed.has(EVENT_PERMISSION[t]));
  if (!wanted.length) return;
  if (!source) source = new EventSource('/api/events');
  for (const type of wanted) {
    source.addEventListener(type, (event) => reply({ kind: 'event', type, data: event.data }));
  }
}

window.addEventListener('message', (event) => {
  // only the dApp's own frame speaks to this page
  if (event.source !== frame.contentWindow) return;
  const message = event.data;
  if (!message || message.p2pstack !== 1) return;
  if (message.kind === 'request') forward(message);
  else if (message.kind === 'events') subscribe(message.types);
});
