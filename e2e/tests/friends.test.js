// Visiting and following a friend over I2P, in real browsers against two real nodes that share one I2P router
// (Alice's embedded router, Bob's node in external mode over its I2CP): Bob opens Alice's page inside his home
// page and follows her after confirming; her next post appears live in his Friends section; Alice's public page,
// opened through Bob's I2P proxy, offers a Follow link that asks on Bob's own page. Screenshots of every step go
// to e2e/target/screenshots/friends/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Node, waitFor } from '../lib/node.js';
import { launch, screenshots } from '../lib/browser.js';
import { accessibilityProblems } from '../lib/a11y.js';

const base = Number(process.env.E2E_PORT_OFFSET || 2000);
const alice = new Node('friend-alice', base + 300);
const bob = new Node('friend-bob', base + 400);
const shot = screenshots('friends');
let aliceB32;
let browser;
let tab;
let visitorBrowser;

async function json(url, init) {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.json().catch(() => ({})) };
}

async function change(node, method, path, body, contentType = 'application/json') {
  const { token } = (await json(`${node.base}/api/session`)).body;
  return json(`${node.base}${path}`, { method, body, headers: { 'X-P2PStack-Token': token, 'Content-Type': contentType } });
}

async function i2pReady(node) {
  let b32;
  await waitFor(async () => {
    const status = (await json(`${node.base}/api/status`)).body;
    b32 = status.identity && status.identity.b32;
    return status.stacks.i2p.state === 'running';
  }, { timeout: 180000, interval: 500, what: `${node.name}'s I2P` });
  return b32;
}

function fakeVideo(seed) {
  const bytes = Buffer.alloc(32 * 1024, seed);
  Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d]).copy(bytes); // EBML header, DocType webm
  return bytes;
}

async function publish(node, description, seed) {
  const name = `${description.replace(/\W+/g, '-')}.webm`;
  const answer = await change(node, 'POST', `/api/content?name=${name}&description=${encodeURIComponent(description)}`, fakeVideo(seed), 'video/webm');
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
}

before(async () => {
  for (const node of [alice, bob]) {
    // one router on loopback has no peers to build longer tunnels through
    node.configure('org.p2pstack.i2p', { 'tunnel.inbound.length': 0, 'tunnel.outbound.length': 0, 'tunnel.quantity': 1 });
    node.configure('org.p2pstack.core', { 'friends.refreshSeconds': 3 });
  }
  alice.configure('org.p2pstack.i2p', { 'i2cp.expose': true });
  bob.configure('org.p2pstack.i2p', { mode: 'external', 'i2cp.port': 7654 + alice.offset });
  await alice.start();
  await bob.start();
  aliceB32 = await i2pReady(alice);
  await i2pReady(bob);
  assert.equal((await change(alice, 'PUT', '/api/profile', JSON.stringify({ nickname: 'Alice Example', bio: 'I film birds and bicycles.' }))).status, 200);
  await publish(alice, 'Alice’s first video', 1);
  await waitFor(async () => (await json(`${alice.publicBase}/profile.json`)).body.signature, { what: 'Alice’s signed profile' });
  assert.equal((await change(bob, 'PUT', '/api/profile', JSON.stringify({ nickname: 'Bob', bio: '' }))).status, 200);
  assert.equal((await change(bob, 'PUT', '/api/profile/setup', JSON.stringify({ step: 4, dismissed: false }))).status, 200);
  browser = await launch('friends-bob');
  tab = browser.pages()[0] || await browser.newPage();
  tab.setDefaultTimeout(30000);
});

after(async () => {
  if (visitorBrowser) await visitorBrowser.close();
  if (browser) await browser.close();
  await bob.stop();
  await alice.stop();
});

test('Bob visits Alice’s page by her address and follows her after confirming', async () => {
  await tab.goto(`${bob.base}/#home`);
  await tab.getByRole('heading', { name: 'Bob', exact: true }).waitFor();
  await tab.locator('#friend-address').fill(aliceB32);
  await tab.getByRole('button', { name: 'Visit first' }).click();
  await tab.getByRole('heading', { name: 'Alice Example', exact: true }).waitFor({ timeout: 90000 });
  await tab.locator('.card', { hasText: 'Alice’s first video' }).waitFor();
  await tab.getByText(aliceB32).waitFor();
  await shot(tab, 'friend-page');
  assert.deepEqual(await accessibilityProblems(tab), [], 'friend page: no serious accessibility problems');
  await tab.getByRole('button', { name: 'Follow Alice Example' }).click();
  await tab.getByRole('heading', { name: 'Follow Alice Example?' }).waitFor();
  await shot(tab, 'follow-confirmation');
  await tab.getByRole('dialog').getByRole('button', { name: 'Follow' }).click();
  await tab.locator('#friend-page .message', { hasText: 'You follow Alice Example' }).waitFor({ timeout: 90000 });
  await shot(tab, 'followed');
  const friends = (await json(`${bob.base}/api/friends`)).body;
  assert.equal(friends.following[0].b32, aliceB32);
  assert.equal(friends.following[0].name, 'alice-example.i2p');
});

test('Alice’s next post appears live in Bob’s Friends section', async () => {
  await tab.getByRole('button', { name: '← Back to your page' }).click();
  await tab.locator('#following', { hasText: 'Alice Example' }).waitFor();
  await tab.locator('#friend-cards .card', { hasText: 'Alice’s first video' }).waitFor();
  await publish(alice, 'Alice’s second video', 2);
  await tab.locator('#friend-cards .card', { hasText: 'Alice’s second video' }).waitFor({ timeout: 60000 });
  await tab.locator('#friends-title, #address-title').first().scrollIntoViewIfNeeded();
  await shot(tab, 'friends-posts-live');
  assert.deepEqual(await accessibilityProblems(tab), [], 'home with friends: no serious accessibility problems');
});

test('through Bob’s I2P proxy, Alice’s public page offers Follow, which asks on Bob’s own page', async () => {
  assert.equal((await change(bob, 'DELETE', `/api/friends/${aliceB32}`)).status, 200);
  // Bob's browser set up with his node's I2P proxy, as a user of I2P sites would have it (browsers reach their
  // own computer directly; Playwright would send even that through the proxy unless told)
  visitorBrowser = await launch('friends-visitor', { proxy: { server: `http://127.0.0.1:${4444 + bob.offset}`, bypass: '127.0.0.1' } });
  const page = visitorBrowser.pages()[0] || await visitorBrowser.newPage();
  page.setDefaultTimeout(60000);
  await page.goto(`http://${aliceB32}/`);
  await page.getByRole('heading', { name: 'Alice Example', exact: true }).waitFor();
  await page.getByText('Alice’s second video').waitFor();
  await shot(page, 'public-page-through-i2p');
  await page.getByRole('link', { name: 'Follow Alice Example' }).click();
  await page.waitForURL(`${bob.base}/#friend=${aliceB32}`);
  const shown = page.locator('#follow-button, #friend-page .message.error').first();
  await shown.waitFor();
  assert.equal(await shown.innerText(), 'Follow Alice Example', 'Bob’s own page shows Alice with a Follow button');
  assert.deepEqual((await json(`${bob.base}/api/friends`)).body.following, [], 'a link follows nobody by itself');
  await shot(page, 'follow-link-opens-own-page');
  await page.getByRole('button', { name: 'Follow Alice Example' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Follow' }).click();
  await page.locator('#friend-page .message', { hasText: 'You follow Alice Example' }).waitFor();
  assert.equal((await json(`${bob.base}/api/friends`)).body.following[0].b32, aliceB32);
});
