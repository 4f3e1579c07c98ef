// The security review's attacks (shared/reviews/security.md: V1–V5, W1–W7) replayed against a real node, in a real
// Chromium whose owner is signed in: a foreign web site, served from another loopback origin (http://evil.test:<port>,
// which Chromium maps to 127.0.0.1), tries navigations, hidden iframes, images, fetches, form posts, a service worker
// and DNS rebinding; another local user (uid 65534) tries the node's files and API. Each attack must find nothing
// and change nothing. (The I2P tunnel budgets, the directory flood and chat slots are unit-tested in their bundles.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Node, targetDir, waitFor } from '../lib/node.js';
import { launch } from '../lib/browser.js';

const node = new Node('security', Number(process.env.E2E_PORT_OFFSET || 2000) + 600);
const FRIEND = `${'q'.repeat(52)}.b32.i2p`; // a well-formed address nobody has
// a 1x1 PNG: the owner's published picture that other sites would like to probe for
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
// what an attacker publishes on IPFS: it reads the owner's token, changes the profile, installs a service worker
const XSS_PAGE = `<!doctype html><title>ipfs page</title><script>
document.title = 'PWNED';
fetch('/api/session').then((r) => r.json()).then((s) => fetch('/api/profile', { method: 'PUT',
  headers: { 'X-P2PStack-Token': s.token, 'Content-Type': 'application/json' }, body: '{"nickname":"pwned"}' }));
navigator.serviceWorker && navigator.serviceWorker.register('sw.js');
</script><p>hello</p>`;

let evil;        // the foreign web site
let evilBase;    // http://evil.test:<port>
let browser;
let owner;       // the owner's signed-in tab, also used to visit the foreign site
let cid;         // the attacker's page on IPFS
let mediaPath;   // the owner's picture on the public site
const seen = []; // every response the browser got from the node: { url, status, headers }

function pages(routes) {
  for (const [route, html] of Object.entries(routes)) evil.routes.set(route, html);
}

async function visitEvil(route, settle = 1500) {
  await owner.goto(`${evilBase}${route}`);
  await owner.waitForTimeout(settle);
}

function responsesTo(prefix) {
  return seen.filter((r) => r.url.startsWith(prefix));
}

async function nickname() {
  return (await (await node.fetch(`${node.base}/api/profile`)).json()).profile.nickname;
}

before(async () => {
  await node.start();
  const token = await node.token();
  const json = { 'X-P2PStack-Token': token, 'Content-Type': 'application/json' };
  assert.equal((await node.fetch(`${node.base}/api/profile`, { method: 'PUT', headers: json, body: JSON.stringify({ nickname: 'Owner' }) })).status, 200);
  const posted = await node.fetch(`${node.base}/api/content?name=holiday.png&description=Holiday`, {
    method: 'POST', headers: { 'X-P2PStack-Token': token, 'Content-Type': 'image/png' }, body: PNG });
  assert.equal(posted.status, 201);
  await waitFor(async () => {
    const feed = await (await fetch(`${node.publicBase}/feed.json`)).json();
    mediaPath = feed.items[0] && feed.items[0].mediaUrl;
    return Boolean(mediaPath);
  }, { what: 'the picture on the public site' });

  const file = path.join(targetDir, 'xss.html');
  fs.writeFileSync(file, XSS_PAGE);
  const added = node.console(`ipfs:add ${file}`);
  cid = /(Qm[1-9A-HJ-NP-Za-km-z]{44})/.exec(added)[1];

  evil = http.createServer((request, response) => {
    const html = evil.routes.get(new URL(request.url, 'http://x').pathname);
    response.writeHead(html ? 200 : 404, { 'Content-Type': 'text/html' });
    response.end(html || 'nothing');
  });
  evil.routes = new Map();
  await new Promise((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilBase = `http://evil.test:${evil.address().port}`;

  browser = await launch('security', { args: ['--host-resolver-rules=MAP evil.test 127.0.0.1'] });
  browser.on('response', async (response) => {
    seen.push({ url: response.url(), status: response.status(), headers: await response.allHeaders().catch(() => ({})) });
  });
  owner = browser.pages()[0] || await browser.newPage();
  owner.setDefaultTimeout(20000);
  await node.signInPage(owner); // the victim is signed in: the attacks must fail even with the cookie in the browser
  await owner.goto(`${node.base}/`);
  await owner.getByRole('heading', { name: 'Owner', exact: true }).or(owner.getByRole('button', { name: 'Get started' })).first().waitFor();
});

after(async () => {
  if (browser) await browser.close();
  if (evil) evil.close();
  await node.stop();
});

test('V1/V2: a foreign page navigating the browser to the node’s API, relays or IPFS paths reaches nothing', async () => {
  const targets = ['/api/session', `/api/friends/visit?address=${FRIEND}`, `/api/friends/${FRIEND}/avatar`, `/ipfs/${cid}`,
    `/ipfs/${cid}?filename=x.html`, '/api/status', '/dapps/stacks/api/summary', '/tracker'];
  for (const target of targets) {
    pages({ '/nav.html': `<script>location = ${JSON.stringify(node.base + target)};</script>` });
    seen.length = 0;
    await visitEvil('/nav.html');
    const answered = responsesTo(node.base + target.split('?')[0]);
    assert.ok(answered.length > 0, `the navigation to ${target} reached the node`);
    for (const r of answered) assert.equal(r.status, 403, `${target} answered ${r.status}`);
    const text = await owner.locator('body').innerText();
    assert.doesNotMatch(text, /"token"/, target);
    assert.notEqual(await owner.title(), 'PWNED');
  }
  assert.equal(await nickname(), 'Owner');
});

test('V1/V2: hidden iframes, images, fetches and form posts from a foreign page change nothing and contact nobody', async () => {
  pages({ '/csrf.html': `<!doctype html><title>innocent</title>
    <iframe src="${node.base}/api/friends/visit?address=${FRIEND}"></iframe>
    <iframe src="${node.base}/api/friends/${FRIEND}/avatar"></iframe>
    <iframe src="${node.base}/ipfs/${cid}"></iframe>
    <img src="${node.base}/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy">
    <form id="f" method="POST" action="${node.base}/api/profile" enctype="text/plain" target="sink">
      <input name='{"nickname":"pwned-form","x":"' value='"}'></form><iframe name="sink"></iframe>
    <script>
      fetch('${node.base}/api/profile', { method: 'PUT', mode: 'no-cors', credentials: 'include', body: '{"nickname":"pwned-fetch"}' }).catch(() => {});
      fetch('${node.base}/api/chat/messages', { method: 'POST', mode: 'no-cors', credentials: 'include', body: '{"text":"pwned"}' }).catch(() => {});
      fetch('${node.base}/api/session', { credentials: 'include' }).then((r) => r.text()).then((t) => { document.title = 'READ ' + t; }, () => {});
      document.getElementById('f').submit();
    </script>` });
  seen.length = 0;
  await visitEvil('/csrf.html', 3000);
  assert.equal(await owner.title(), 'innocent', 'the foreign page could not read the session');
  const answered = responsesTo(node.base);
  assert.ok(answered.length > 0, 'the requests reached the node');
  for (const r of answered) assert.ok(r.status === 403 || r.status === 401, `${r.url} answered ${r.status}`);
  assert.equal(await nickname(), 'Owner');
  const chat = await (await node.fetch(`${node.base}/api/chat`)).json();
  assert.ok(!JSON.stringify(chat.messages || []).includes('pwned'));
});

test('V2: a #friend= link from another site shows the address and a Visit button, and visits nobody by itself', async () => {
  pages({ '/hash.html': `<script>location = ${JSON.stringify(`${node.base}/#friend=${FRIEND}`)};</script>` });
  const visits = [];
  const listener = (request) => { if (request.url().includes('/api/friends/visit')) visits.push(request.url()); };
  browser.on('request', listener);
  await visitEvil('/hash.html', 500);
  await owner.getByRole('heading', { name: 'Visit this page?' }).waitFor();
  await owner.locator('#friend-page').getByText(FRIEND).waitFor();
  await owner.locator('#visit-button').waitFor();
  await owner.waitForTimeout(1500);
  browser.off('request', listener);
  assert.deepEqual(visits, [], 'nothing was fetched before Visit was pressed');
});

test('V1/W5: IPFS content opens on a sandboxed origin of its own, never in the node’s, and installs no service worker', async () => {
  await owner.goto(`${node.base}/#home`);
  seen.length = 0;
  await owner.goto(`${node.base}/ipfs/${cid}?filename=x.html`);
  const url = new URL(owner.url());
  assert.notEqual(url.origin, node.base, 'the content is not served in the node’s origin');
  assert.match(url.hostname, /^[a-z2-7]+\.ipfs\.localhost$/, url.href);
  assert.equal(Number(url.port), node.gatewayPort);
  await owner.locator('body', { hasText: 'hello' }).waitFor();
  assert.equal(await owner.title(), 'ipfs page', 'the page’s script did not run');
  const served = responsesTo(url.origin).find((r) => r.status === 200);
  assert.ok(served, 'the gateway served it');
  assert.match(served.headers['content-security-policy'] || '', /sandbox/);
  assert.doesNotMatch(served.headers['content-disposition'] || '', /attachment/, 'opened in place, inert under the sandbox');
  assert.equal(await nickname(), 'Owner');
  await owner.goto(`${node.base}/#home`);
  const scopes = await owner.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope));
  assert.ok(scopes.every((s) => s === `${node.base}/`), `only the home page's own worker: ${scopes}`);
});

test('W1: under a foreign host name (DNS rebinding) the private and public sites answer nothing', async () => {
  const privatePort = new URL(node.base).port;
  const publicPort = new URL(node.publicBase).port;
  for (const [url, status] of [[`http://evil.test:${privatePort}/api/session`, 403], [`http://evil.test:${publicPort}/profile.json`, 421],
    [`http://evil.test:${node.gatewayPort}/ipfs/${cid}`, 421]]) {
    seen.length = 0;
    const response = await owner.goto(url);
    assert.equal(response.status(), status, url);
    assert.doesNotMatch(await owner.locator('body').innerText(), /b32|destination|token/i, url);
  }
});

test('W1: another site can neither embed nor read the public site’s pictures, feed or profile', async () => {
  pages({ '/probe.html': `<!doctype html><title>probe</title><script>
    const results = {};
    const img = (name, src) => new Promise((resolve) => { const i = new Image(); i.onload = () => resolve(results[name] = 'LOADED');
      i.onerror = () => resolve(results[name] = 'error'); i.src = src; });
    Promise.all([img('avatar', '${node.publicBase}/avatar'), img('media', '${node.publicBase}${mediaPath}'),
      fetch('${node.publicBase}/profile.json').then((r) => r.text()).then(() => { results.profile = 'READ'; }, () => { results.profile = 'blocked'; })])
      .then(() => { document.title = JSON.stringify(results); });
  </script>` });
  seen.length = 0;
  await visitEvil('/probe.html', 500);
  await waitFor(async () => (await owner.title()).startsWith('{'), { what: 'the probe to finish' });
  const results = JSON.parse(await owner.title());
  assert.deepEqual(results, { avatar: 'error', media: 'error', profile: 'blocked' });
  for (const r of responsesTo(node.publicBase)) {
    assert.equal(r.status, 403, `${r.url} answered ${r.status}`);
    assert.equal(r.headers['access-control-allow-origin'], undefined);
  }
});

test('W6: forged visitor headers from anything but the node’s own I2P tunnel are refused', async () => {
  const forged = await fetch(`${node.publicBase}/visitor.json`, { headers: { 'X-I2P-DestB32': `${'a'.repeat(52)}.b32.i2p` } });
  assert.equal(forged.status, 403);
  const tunnel = await fetch(`${node.publicBase}/visitor.json`, { headers: { 'X-P2PStack-Tunnel': 'guessed', 'X-I2P-DestB32': `${'a'.repeat(52)}.b32.i2p` } });
  assert.equal(tunnel.status, 403);
});

test('W5: every page sends a Content-Security-Policy and frame-ancestors, and the home page runs under it', async () => {
  const violations = [];
  owner.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  await owner.goto(`${node.base}/#apps`);
  await owner.locator('#status-summary').waitFor();
  await owner.waitForTimeout(1500);
  assert.deepEqual(violations, []);
  for (const url of [`${node.base}/`, `${node.base}/dapps/home/js/app.js`, `${node.publicBase}/`, `${node.publicBase}/avatar`,
    `${node.publicBase}${mediaPath}`]) {
    const response = await node.fetch(url);
    const csp = response.headers.get('content-security-policy') || '';
    assert.match(csp, /default-src|sandbox/, url);
    assert.match(csp, /frame-ancestors|sandbox/, url);
  }
  assert.match((await fetch(`${node.publicBase}/`)).headers.get('content-security-policy'), /frame-ancestors 'none'/);
});

test('V3/W4: the sign-in link works once, each sign-in has its own token, and without the cookie the node says how to sign in', async () => {
  const link = node.loginLink();
  const first = await fetch(link, { redirect: 'manual' });
  assert.equal(first.status, 303);
  assert.match(first.headers.get('set-cookie'), /HttpOnly/);
  assert.match(first.headers.get('set-cookie'), /SameSite=Strict/);
  assert.equal((await fetch(link, { redirect: 'manual' })).status, 403, 'a used link does not work again');
  const cookie = first.headers.get('set-cookie').split(';')[0];
  const tokenA = (await (await fetch(`${node.base}/api/session`, { headers: { Cookie: cookie } })).json()).token;
  assert.notEqual(tokenA, await node.token(), 'each sign-in has its own token');
  const anonymous = await fetch(`${node.base}/api/session`, { headers: { Accept: 'text/html' } });
  assert.equal(anonymous.status, 401);
  assert.match(await anonymous.text(), /p2p:open/);
  const page = await browser.newPage(); // the same browser profile: signed in
  const fresh = await launch('security-unsigned');
  const unsigned = fresh.pages()[0] || await fresh.newPage();
  await unsigned.goto(`${node.base}/`);
  await unsigned.getByRole('heading', { name: 'Please sign in to your node' }).waitFor();
  await fresh.close();
  await page.close();
});

test('V3/W3: another local user can read neither the sign-in link nor the logs, cannot stop the node and gets nothing from the API', async () => {
  const home = node.home;
  for (const file of ['etc/custom.properties', 'etc/users.properties', 'data/port', 'data/log/karaf.log', 'data/p2pstack/core/login-link',
    'data/p2pstack/core/sessions']) {
    const mode = fs.statSync(path.join(home, file)).mode & 0o077;
    assert.equal(mode, 0, `${file} is readable by others (${(fs.statSync(path.join(home, file)).mode & 0o777).toString(8)})`);
  }
  assert.equal(fs.statSync(path.join(home, 'data')).mode & 0o077, 0, 'data/ is private');
  if (process.getuid && process.getuid() === 0 && fs.existsSync('/usr/bin/setpriv')) {
    const other = ['--reuid=65534', '--regid=65534', '--clear-groups'];
    const read = spawnSync('/usr/bin/setpriv', [...other, 'cat', path.join(home, 'data/p2pstack/core/login-link')], { encoding: 'utf8' });
    assert.notEqual(read.status, 0, 'uid 65534 could read the sign-in link');
    const probe = spawnSync('/usr/bin/setpriv', [...other, process.execPath, '-e',
      `fetch('${node.base}/api/session').then((r) => console.log(r.status))`], { encoding: 'utf8' });
    assert.equal(probe.stdout.trim(), '401', probe.stderr);
  }
});
