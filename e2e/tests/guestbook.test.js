// The static guestbook dApp (dapps/guestbook, no Java) on two real nodes through the node's JS SDK
// (/sdk/p2pstack.js): Alice signs her guestbook, and her note reaches Bob's guestbook page (her log's key is
// announced on the guestbook's swarm topic, Bob's node replicates her Hypercore and fetches the note from IPFS);
// Bob's note reaches Alice the same way. Also over HTTP: a dApp that did not ask for IPFS (stacks) is refused,
// and another site cannot use a dApp's p2p endpoints even with the owner's cookie and token.
// Both nodes on one local Hyperswarm DHT (Node's hyperdht testnet); Bob's IPFS node dials Alice's at start.
// Screenshots go to e2e/target/screenshots/guestbook/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Node, waitFor, repoRoot, targetDir } from '../lib/node.js';
import { startTestnet } from '../lib/testnet.js';
import { launch, screenshots } from '../lib/browser.js';

// offsets of their own: the other files use E2E_PORT_OFFSET + 0, 10, 300, 400 and 600
const base = Number(process.env.E2E_PORT_OFFSET || 2000);
const alice = new Node('guestbook-alice', base + 1800);
const bob = new Node('guestbook-bob', base + 2000);
const shot = screenshots('guestbook');
/** How long a note may take to reach the other guestbook (DHT lookup, replication, IPFS fetch). */
const REACH_MS = 120000;
let testnet;
let aliceBrowser;
let aliceTab;
let bobBrowser;
let bobTab;

// each node's own HOME, so nothing of the user's is read or written
process.env.HOME = path.join(targetDir, 'nodes', 'guestbook-home');
fs.mkdirSync(process.env.HOME, { recursive: true });

function dappJar(module) {
  const dir = path.join(repoRoot, 'dapps', module, 'target');
  const jar = fs.existsSync(dir) && fs.readdirSync(dir).find((f) => /^p2pstack-dapp-.*\.jar$/.test(f) && !f.includes('sources'));
  if (!jar) throw new Error(`No jar in ${dir}: build it first (mvn -pl dapps/${module} install)`);
  return path.join(dir, jar);
}



/** The guestbook itself: it runs in the node's sandboxed frame inside the page the node serves around it. */
function app(tab) {
  return tab.frameLocator('#p2pstack-dapp');
}

async function openGuestbook(node, name) {
  const browser = await launch(name);
  const tab = browser.pages()[0] || await browser.newPage();
  tab.setDefaultTimeout(60000);
  const problems = [];
  tab.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  tab.on('pageerror', (e) => problems.push(e.message));
  tab.problems = problems;
  await node.signInPage(tab);
  await tab.goto(`${node.base}/dapps/guestbook/`);
  // the page has its own log once it says what it is looking for
  try {
    await app(tab).locator('#status', { hasText: /Looking for other guestbooks|Connected to/ }).waitFor();
  } catch (error) {
    await shot(tab, `${name}-not-open`);
    const says = await app(tab).locator('#status').textContent();
    await browser.close();
    throw new Error(`${error.message}\nthe page says: ${says}\n${problems.join('\n')}`);
  }
  return { browser, tab };
}

async function sign(tab, name, note) {
  await app(tab).getByLabel('Your name').fill(name);
  await app(tab).getByLabel('Your note').fill(note);
  await app(tab).getByRole('button', { name: 'Sign the guestbook' }).click();
  await app(tab).locator('#entries li', { hasText: note }).waitFor();
  assert.equal(await app(tab).locator('#form-error').textContent(), '');
}

before(async () => {
  testnet = await startTestnet();
  for (const node of [alice, bob]) {
    node.configure('org.p2pstack.i2p', { 'tunnel.inbound.length': 0, 'tunnel.outbound.length': 0, 'tunnel.quantity': 1 });
    // the local DHT; base port 0 (+ the offset): 49737 plus a large test offset would not fit in 16 bits
    node.configure('org.p2pstack.swarm', { firewalled: false, host: '127.0.0.1', port: 0 });
    node.configure('org.p2pstack.ipfs', { bootstrap: '' });
    fs.writeFileSync(path.join(node.home, 'bin', 'setenv.local'), `P2PSTACK_SWARM_BOOTSTRAP=${testnet.bootstrap}\n`);
    for (const module of ['guestbook', 'stacks']) fs.copyFileSync(dappJar(module), path.join(node.home, 'deploy', `${module}.jar`));
  }
  await alice.start();
  // Bob's IPFS node dials Alice's at start (no public bootstrap peers on a local network)
  let peerId;
  await waitFor(async () => { peerId = (await alice.json('/api/status')).body.identity?.ipfsPeerId; return Boolean(peerId); },
    { timeout: 120000, interval: 500, what: "Alice's IPFS peer id" });
  bob.configure('org.p2pstack.ipfs', { bootstrap: `/ip4/127.0.0.1/tcp/${4001 + alice.offset}/p2p/${peerId}` });
  await bob.start();
  for (const node of [alice, bob]) {
    await waitFor(async () => (await node.fetch(`${node.base}/dapps/guestbook/_p2p/info`)).ok,
      { timeout: 60000, what: `${node.name}'s guestbook` });
    await waitFor(async () => {
      const stacks = (await node.json('/api/status')).body.stacks;
      return stacks.swarm?.state === 'running' && stacks.ipfs?.state === 'running';
    }, { timeout: 180000, interval: 500, what: `${node.name}'s swarm and IPFS stacks` });
  }
});

after(async () => {
  for (const browser of [bobBrowser, aliceBrowser]) if (browser) await browser.close();
  await bob.stop();
  await alice.stop();
  if (testnet) testnet.child.stdin.end();
});

test('the node serves the SDK as a versioned ES module with its types', async () => {
  for (const file of ['/sdk/p2pstack.js', '/sdk/1/p2pstack.js']) {
    const response = await alice.fetch(`${alice.base}${file}`);
    assert.equal(response.status, 200, file);
    assert.match(response.headers.get('content-type'), /^text\/javascript/);
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.match(await response.text(), /export const version = '1\.0\.0'/);
  }
  const pinned = await alice.fetch(`${alice.base}/sdk/1.0.0/p2pstack.d.ts`);
  assert.equal(pinned.status, 200);
  assert.match(pinned.headers.get('cache-control'), /immutable/);
  assert.match(await pinned.text(), /openRemote\(key: string\): Promise<Core>/);
});

test('a dApp that did not ask for IPFS is refused in plain words', async () => {
  const token = await alice.token();
  const read = await alice.fetch(`${alice.base}/dapps/stacks/_p2p/ipfs/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku`);
  assert.equal(read.status, 403);
  assert.match((await read.json()).error, /^The stacks app did not ask for IPFS access/);
  const add = await alice.fetch(`${alice.base}/dapps/stacks/_p2p/ipfs`, { method: 'POST', body: 'hello', headers: { 'X-P2PStack-Token': token } });
  assert.equal(add.status, 403);
  const swarm = await alice.fetch(`${alice.base}/dapps/stacks/_p2p/swarm/topics`, {
    method: 'POST', body: JSON.stringify({ topic: 'notes' }), headers: { 'X-P2PStack-Token': token, 'Content-Type': 'application/json' },
  });
  assert.equal(swarm.status, 403);
  assert.match((await swarm.json()).error, /did not ask for Hyperswarm access/);
});

test("another site cannot use a dApp's p2p endpoints, and neither can a browser that did not sign in", async () => {
  const token = await alice.token();
  const crossSite = await alice.fetch(`${alice.base}/dapps/guestbook/_p2p/ipfs`, {
    method: 'POST', body: 'from elsewhere',
    headers: { 'X-P2PStack-Token': token, Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' },
  });
  assert.equal(crossSite.status, 403);
  const crossSiteRead = await alice.fetch(`${alice.base}/dapps/guestbook/_p2p/info`, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
  assert.equal(crossSiteRead.status, 403);
  const noSession = await fetch(`${alice.base}/dapps/guestbook/_p2p/info`);
  assert.equal(noSession.status, 401);
  const noToken = await alice.fetch(`${alice.base}/dapps/guestbook/_p2p/ipfs`, { method: 'POST', body: 'x' });
  assert.equal(noToken.status, 403);
  assert.match((await noToken.json()).error, /security token/);

  // and in a real browser: a foreign page's form post to the endpoint does not store anything
  const browser = await launch('guestbook-foreign');
  try {
    const tab = browser.pages()[0] || await browser.newPage();
    await alice.signInPage(tab);
    const before = (await (await alice.fetch(`${alice.base}/dapps/guestbook/_p2p/ipfs/pins`)).json()).pins.length;
    // a page on another origin (the public site's port is another origin) posts a form at the endpoint
    await tab.goto(`${alice.publicBase}/profile.json`);
    const answer = await tab.evaluate(async (url) => {
      const r = await fetch(url, { method: 'POST', body: 'x', mode: 'no-cors', credentials: 'include' }).catch((e) => e.message);
      return typeof r === 'string' ? r : r.type;
    }, `${alice.base}/dapps/guestbook/_p2p/ipfs`);
    assert.ok(answer === 'opaque' || /fetch/i.test(answer), answer);
    const after = (await (await alice.fetch(`${alice.base}/dapps/guestbook/_p2p/ipfs/pins`)).json()).pins.length;
    assert.equal(after, before);
  } finally {
    await browser.close();
  }
});

test("Alice's note reaches Bob's guestbook, and Bob's reaches Alice's", async () => {
  ({ browser: aliceBrowser, tab: aliceTab } = await openGuestbook(alice, 'guestbook-alice'));
  ({ browser: bobBrowser, tab: bobTab } = await openGuestbook(bob, 'guestbook-bob'));

  const aliceNote = `Hello from Alice at ${new Date().toISOString()}`;
  const started = Date.now();
  await sign(aliceTab, 'Alice', aliceNote);
  await shot(aliceTab, 'alice-signed');
  await app(bobTab).locator('#entries li', { hasText: aliceNote }).waitFor({ timeout: REACH_MS });
  const aliceToBob = Date.now() - started;
  await app(bobTab).getByText(/Connected to 1 other guestbook/).waitFor();
  assert.match(await app(bobTab).locator('#entries li', { hasText: aliceNote }).textContent(), /Alice.*from another guestbook/s);
  await shot(bobTab, 'bob-sees-alice');

  const bobNote = `Hi Alice, Bob here (${new Date().toISOString()})`;
  const bobStarted = Date.now();
  await sign(bobTab, 'Bob', bobNote);
  await app(aliceTab).locator('#entries li', { hasText: bobNote }).waitFor({ timeout: REACH_MS });
  const bobToAlice = Date.now() - bobStarted;
  await shot(aliceTab, 'alice-sees-bob');
  console.log(`note Alice → Bob in ${aliceToBob} ms, Bob → Alice in ${bobToAlice} ms`);

  // merged by time, newest first, on both pages
  for (const tab of [aliceTab, bobTab]) {
    const items = await app(tab).locator('#entries li').allTextContents();
    assert.ok(items.findIndex((t) => t.includes(bobNote)) < items.findIndex((t) => t.includes(aliceNote)), items.join(' | '));
  }
  // the notes are in each guestbook's own namespace: a log named dapp/guestbook/notes, pinned for the guestbook only
  const pins = (await (await bob.fetch(`${bob.base}/dapps/guestbook/_p2p/ipfs/pins`)).json()).pins;
  assert.equal(pins.length, 1);
  const logs = (await (await bob.fetch(`${bob.base}/dapps/guestbook/_p2p/cores`)).json()).cores;
  assert.deepEqual(logs.map((c) => c.writable).sort(), [false, true]);
  for (const tab of [aliceTab, bobTab]) assert.deepEqual(tab.problems.filter((p) => !/favicon/.test(p)), []);

  // the guestbook runs in an origin of its own, not the owner's: no cookie, no session, and through the node's page
  // around it only what its permissions allow (it did not ask for chat)
  const frame = aliceTab.frames().find((f) => f.url().includes('/dapps/guestbook/_app/'));
  const probe = await frame.evaluate(async () => {
    let cookie;
    try { cookie = document.cookie; } catch { cookie = 'blocked'; }
    const session = await fetch('/api/session', { credentials: 'include' }).then((r) => r.status, () => 'refused');
    const sdk = await import('/sdk/1/p2pstack.js');
    const chat = await sdk.request('POST', '/api/chat/messages', { json: { text: 'sent by the guestbook' } })
      .then(() => 'sent', (e) => `${e.status} ${e.message}`);
    const other = await sdk.request('GET', '/dapps/stacks/api/summary').then(() => 'read', (e) => `${e.status}`);
    return { origin: self.origin, cookie, session, chat, other };
  });
  assert.equal(probe.origin, 'null');
  assert.equal(probe.cookie, 'blocked');
  assert.notEqual(probe.session, 200);
  assert.match(probe.chat, /^403 The guestbook app did not ask for 'chat'/);
  assert.equal(probe.other, '403', 'another dApp\u2019s API is not reachable from this one');
});
