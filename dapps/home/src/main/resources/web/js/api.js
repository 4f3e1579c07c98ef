// Talks to the node's private API. Every change carries the page's anti-forgery token.
let token = null;

async function fetchToken() {
  const response = await fetch('/api/session', { credentials: 'same-origin' });
  if (!response.ok) throw new Error('The node did not hand out a session token');
  token = (await response.json()).token;
  return token;
}

export async function getJson(path) {
  const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `The node answered ${response.status}`);
  return body;
}

export async function send(method, path, body) {
  const headers = { 'Content-Type': 'application/json', 'X-P2PStack-Token': token || await fetchToken() };
  let response = await fetch(path, { method, headers, body: JSON.stringify(body), credentials: 'same-origin' });
  if (response.status === 403) {
    // the token may be out of date (node reinstalled): fetch it once more and retry
    headers['X-P2PStack-Token'] = await fetchToken();
    response = await fetch(path, { method, headers, body: JSON.stringify(body), credentials: 'same-origin' });
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error || `The node answered ${response.status}`);
  return answer;
}
