// Talks to the node's private API. Every change carries the page's anti-forgery token.
let token = null;

/** The node answers only to a browser signed in with its one-time link (session cookie). */
function signInError() {
  const error = new Error('This browser is not signed in to your node');
  error.signIn = true;
  return error;
}

/** What the person reads when the node does not answer at all (instead of the browser's "Failed to fetch"). */
export const NODE_DOWN = 'Your node is not answering. Is p2pstack running? This page reconnects by itself.';

function nodeDown() {
  const error = new Error(NODE_DOWN);
  error.offline = true;
  return error;
}

/** fetch(), with a plain error when nothing answers. */
async function request(path, init) {
  try {
    return await fetch(path, init);
  } catch {
    throw nodeDown();
  }
}

async function fetchToken() {
  const response = await request('/api/session', { credentials: 'same-origin' });
  if (response.status === 401) throw signInError();
  if (!response.ok) throw new Error('The node did not hand out a session token');
  token = (await response.json()).token;
  return token;
}

async function currentToken() {
  return token || fetchToken();
}

export async function getJson(path) {
  const response = await request(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (response.status === 401) throw signInError();
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `The node answered ${response.status}`);
  return body;
}

async function change(method, path, body, contentType) {
  const headers = { 'X-P2PStack-Token': await currentToken() };
  if (contentType) headers['Content-Type'] = contentType;
  let response = await request(path, { method, headers, body, credentials: 'same-origin' });
  if (response.status === 403) {
    // the token may be out of date (node reinstalled): fetch it once more and retry
    headers['X-P2PStack-Token'] = await fetchToken();
    response = await request(path, { method, headers, body, credentials: 'same-origin' });
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error || `The node answered ${response.status}`);
  return answer;
}

export function send(method, path, body) {
  return change(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
}

/** Sends a form (a file with fields); the browser sets the multipart type and its boundary. */
export function sendForm(path, form) {
  return change('POST', path, form, undefined);
}

/** POSTs JSON and answers with the file the node sends back (a Blob), or the node's error. */
export async function fetchFile(path, body) {
  const response = await request(path, { method: 'POST', credentials: 'same-origin', body: JSON.stringify(body),
    headers: { 'X-P2PStack-Token': await currentToken(), 'Content-Type': 'application/json' } });
  if (!response.ok) {
    const answer = await response.json().catch(() => ({}));
    throw new Error(answer.error || `The node answered ${response.status}`);
  }
  return response.blob();
}

/** Sends raw bytes (a picture, a small file). */
export function sendBytes(method, path, blob) {
  return change(method, path, blob, blob.type || 'application/octet-stream');
}

/**
 * Uploads a large file as the raw request body, streamed by the browser, reporting progress (0..1).
 * Returns { promise, abort }.
 */
export function upload(path, blob, onProgress) {
  const xhr = new XMLHttpRequest();
  const promise = (async () => {
    const t = await currentToken();
    return new Promise((resolve, reject) => {
      xhr.open('POST', path);
      xhr.setRequestHeader('X-P2PStack-Token', t);
      xhr.setRequestHeader('Content-Type', blob.type || 'application/octet-stream');
      xhr.upload.onprogress = (event) => { if (event.lengthComputable) onProgress(event.loaded / event.total); };
      xhr.onload = () => {
        let body = {};
        try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
        if (xhr.status >= 200 && xhr.status < 300) resolve(body);
        else reject(new Error(body.error || `The node answered ${xhr.status}`));
      };
      xhr.onerror = () => reject(new Error('The upload was interrupted. Is your node still running? Please try again.'));
      xhr.onabort = () => reject(new Error('The upload was cancelled.'));
      xhr.send(blob);
    });
  })();
  return { promise, abort: () => xhr.abort() };
}
