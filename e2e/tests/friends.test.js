// Issue 6's journey in real browsers, one per node, against two real nodes that share one I2P router (Alice's
// embedded router, Bob's node in external mode over its I2CP) and one local Hyperswarm DHT (a Node hyperdht
// testnet): Alice sets her nickname and publishes a video recorded in the page; Bob finds her by name in the
// directory, visits her page over I2P and follows her after confirming; her second post appears live in his
// Friends section; the two chat, each message appearing live on the other page. Alice's public page, opened
// through Bob's I2P proxy, offers a Follow link that asks on Bob's own page. Also the chat's single-page checks
// (the notice that chat is not anonymous, an empty message refused, the history after a reload).
// Screenshots of every step go to e2e/target/screenshots/journey/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Node, waitFor, repoRoot } from '../lib/node.js';
import { fakeVideo, startTestnet } from '../lib/testnet.js';
import { launch, openPage, screenshots } from '../lib/browser.js';
import { accessibilityProblems } from '../lib/a11y.js';

const base = Number(process.env.E2E_PORT_OFFSET || 2000);
const alice = new Node('friend-alice', base + 300);
const bob = new Node('friend-bob', base + 400);
const shot = screenshots('journey');
let testnet;
let aliceB32;
let aliceBrowser;
let aliceTab;
let bobBrowser;
let bobTab;
let visitorBrowser;

async function json(url, init) {
  // our own requests to a node's private site carry that node's session cookie
  const node = [alice, bob].find((n) => url.startsWith(`${n.base}/`));
  const response = await (node ? node.fetch(url, init) : fetch(url, init));
  return { status: response.status, body: await response.json().catch(() => ({})) };
}

before(async () => {
  testnet = await startTestnet();
  for (const node of [alice, bob]) {
    // one router on loopback has no peers to build longer tunnels through
    node.configure('org.p2pstack.i2p', { 'tunnel.inbound.length': 0, 'tunnel.outbound.length': 0, 'tunnel.quantity': 1 });
    node.configure('org.p2pstack.core', { 'friends.refreshSeconds': 3 });
    // the local DHT; base port 0 (+ the offset): 49737 plus a large test offset would not fit in 16 bits
    node.configure('org.p2pstack.swarm', { firewalled: false, host: '127.0.0.1', port: 0 });
    fs.writeFileSync(path.join(node.home, 'bin', 'setenv.local'), `P2PSTACK_SWARM_BOOTSTRAP=${testnet.bootstrap}\n`);
  }
  alice.configure('org.p2pstack.i2p', { 'i2cp.expose': true });
  bob.configure('org.p2pstack.i2p', { mode: 'external', 'i2cp.port': 7654 + alice.offset });
  await alice.start();
  await bob.start();
  aliceB32 = await alice.i2pReady();
  await bob.i2pReady();
  assert.equal((await bob.change('PUT', '/api/profile', JSON.stringify({ nickname: 'Bob', bio: '', linkNetworks: true }))).status, 200);
  assert.equal((await bob.change('PUT', '/api/profile/setup', JSON.stringify({ step: 4, dismissed: false }))).status, 200);
});

after(async () => {
  for (const browser of [visitorBrowser, bobBrowser, aliceBrowser]) if (browser) await browser.close();
  await bob.stop();
  await alice.stop();
  if (testnet) testnet.child.stdin.end();
});

test('Alice sets her nickname and publishes a video recorded in the page', async () => {
  ({ browser: aliceBrowser, tab: aliceTab } = await openPage('journey-alice', `${alice.base}/`, alice));
  await aliceTab.getByRole('button', { name: 'Get started' }).click();
  await aliceTab.locator('#nickname').fill('Alice Example');
  await aliceTab.locator('#bio').fill('I film birds and bicycles.');
  // W2: linking her I2P address to her chat key and IP address is her choice, off unless she ticks it
  assert.equal(await aliceTab.locator('#link-networks').isChecked(), false);
  await aliceTab.locator('#privacy-details summary').click();
  await aliceTab.getByText('People in the directory and in chat (Hyperswarm) see your computer’s IP address').waitFor();
  await aliceTab.locator('#link-networks').check();
  await aliceTab.getByRole('button', { name: 'Continue' }).click();
  await aliceTab.getByText('Step 2 of 3').waitFor();
  await aliceTab.locator('#record').click();
  await aliceTab.locator('#start-recording').click();
  await aliceTab.getByText(/● 0:0[1-9]/).waitFor({ timeout: 10000 });
  await aliceTab.getByRole('button', { name: 'Stop recording' }).click();
  await aliceTab.locator('video.review').waitFor();
  await aliceTab.locator('#description').fill('Alice’s first video');
  await aliceTab.locator('#publish').click();
  await aliceTab.getByText('Published! It is now on your page.').waitFor();
  await shot(aliceTab, 'alice-published');
  await aliceTab.goto('about:blank');
  await aliceTab.goto(`${alice.base}/#home`);
  await aliceTab.getByRole('heading', { name: 'Alice Example', exact: true }).waitFor();
  // her signed record names her chat room (her swarm key) once the swarm stack is up; then it is gossiped
  await waitFor(async () => (await json(`${alice.publicBase}/profile.json`)).body.swarmKey, { timeout: 120000, what: 'Alice’s signed record' });
});

test('Bob finds Alice by name in the directory, visits her page and follows her after confirming', async () => {
  ({ browser: bobBrowser, tab: bobTab } = await openPage('journey-bob', `${bob.base}/#home`, bob));
  await bobTab.getByRole('heading', { name: 'Bob', exact: true }).waitFor();
  await bobTab.locator('#tab-people').click();
  await bobTab.locator('#directory-query').fill('Nobody-by-this-name');
  await bobTab.getByRole('button', { name: 'Search' }).click();
  await bobTab.locator('#directory-status', { hasText: 'Nobody' }).waitFor();

  // gossip reaches Bob's node within seconds of the two nodes meeting on the DHT
  await bobTab.locator('#directory-query').fill('alice');
  await waitFor(async () => {
    await bobTab.getByRole('button', { name: 'Search' }).click();
    return (await bobTab.locator('#directory-results li', { hasText: 'Alice Example' }).count()) > 0;
  }, { timeout: 120000, interval: 1000, what: 'Alice in Bob’s directory' });
  const result = bobTab.locator('#directory-results li', { hasText: 'Alice Example' });
  await result.getByText(aliceB32).waitFor();
  await bobTab.locator('#directory-title').scrollIntoViewIfNeeded();
  await shot(bobTab, 'bob-directory');

  await result.getByRole('link', { name: 'Visit' }).click();
  await bobTab.getByRole('heading', { name: 'Alice Example', exact: true }).waitFor({ timeout: 90000 });
  await bobTab.locator('.card', { hasText: 'Alice’s first video' }).waitFor();
  await bobTab.locator('#friend-page').getByText(aliceB32).waitFor();
  await shot(bobTab, 'bob-visits-alice');
  assert.deepEqual(await accessibilityProblems(bobTab), [], 'friend page: no serious accessibility problems');
  await bobTab.getByRole('button', { name: 'Follow Alice Example' }).click();
  await bobTab.getByRole('heading', { name: 'Follow Alice Example?' }).waitFor();
  await shot(bobTab, 'bob-follow-confirmation');
  await bobTab.getByRole('dialog').getByRole('button', { name: 'Follow' }).click();
  await bobTab.locator('#friend-page .message', { hasText: 'You follow Alice Example' }).waitFor({ timeout: 90000 });
  await shot(bobTab, 'bob-follows-alice');
  const friends = (await json(`${bob.base}/api/friends`)).body;
  assert.equal(friends.following[0].b32, aliceB32);
  assert.equal(friends.following[0].name, 'alice-example.i2p');
});

test('Alice’s second post appears live in Bob’s Friends section', async () => {
  await bobTab.getByRole('button', { name: '← Back to your page' }).click();
  await bobTab.locator('#tab-people').click();
  await bobTab.locator('#following', { hasText: 'Alice Example' }).waitFor();
  await bobTab.locator('#tab-feed').click();
  await bobTab.locator('#friend-cards .card', { hasText: 'Alice’s first video' }).waitFor();
  const { token } = (await json(`${alice.base}/api/session`)).body;
  const posted = await json(`${alice.base}/api/content?name=second.webm&description=${encodeURIComponent('Alice’s second video')}`,
    { method: 'POST', body: fakeVideo(2), headers: { 'X-P2PStack-Token': token, 'Content-Type': 'video/webm' } });
  assert.equal(posted.status, 201, JSON.stringify(posted.body));
  await bobTab.locator('#friend-cards .card', { hasText: 'Alice’s second video' }).waitFor({ timeout: 60000 });
  await bobTab.locator('#friends-title, #address-title').first().scrollIntoViewIfNeeded();
  await shot(bobTab, 'bob-friends-post-live');
  assert.deepEqual(await accessibilityProblems(bobTab), [], 'home with friends: no serious accessibility problems');
});

test('Alice and Bob chat in Alice’s room, each message appearing live on the other page', async () => {
  // Alice's page: the plain notice, an empty message explained
  await aliceTab.locator('#tab-chat').click();
  await bobTab.locator('#tab-chat').click();
  await aliceTab.locator('#chat-notice', { hasText: 'not anonymous' }).waitFor();
  await aliceTab.locator('#chat-send').click();
  await aliceTab.locator('#chat-message', { hasText: 'Write a message first.' }).waitFor();

  // following Alice put Bob in her room: his page offers it as soon as it can be written in
  await bobTab.locator('#chat-room option', { hasText: 'Alice Example’s room' }).waitFor({ state: 'attached', timeout: 60000 });
  await bobTab.locator('#chat-room').selectOption({ label: 'Alice Example’s room' });

  await aliceTab.locator('#chat-text').fill('Hello Bob, welcome!');
  await aliceTab.locator('#chat-text').press('Enter');
  await aliceTab.locator('#chat-log li', { hasText: 'Hello Bob, welcome!' }).waitFor();
  assert.equal(await aliceTab.locator('#chat-text').inputValue(), '', 'the field is emptied after sending');
  // the earlier complaint is gone (what may stand there instead says whether anyone else is in the room yet)
  assert.doesNotMatch(await aliceTab.locator('#chat-message').innerText(), /Write a message first/);
  await bobTab.locator('#chat-log li', { hasText: 'Hello Bob, welcome!' }).waitFor({ timeout: 90000 });
  await bobTab.locator('#chat-log li', { hasText: 'Alice Example' }).first().waitFor();
  await bobTab.locator('#chat-title').scrollIntoViewIfNeeded();
  await shot(bobTab, 'bob-sees-alice-message');

  await bobTab.locator('#chat-text').fill('Thanks Alice, nice birds!');
  await bobTab.locator('#chat-send').click();
  await bobTab.locator('#chat-log li', { hasText: 'Thanks Alice, nice birds!' }).waitFor();
  await aliceTab.locator('#chat-log li', { hasText: 'Thanks Alice, nice birds!' }).waitFor({ timeout: 90000 });
  await aliceTab.locator('#chat-log li', { hasText: 'Bob' }).filter({ hasText: 'Thanks Alice' }).waitFor();
  await aliceTab.locator('#chat-title').scrollIntoViewIfNeeded();
  await shot(aliceTab, 'alice-sees-bob-message');
  assert.deepEqual(await accessibilityProblems(aliceTab), [], 'chat: no serious accessibility problems');

  // the history comes back after a reload, each message once, in the same order
  await aliceTab.reload();
  await aliceTab.locator('#chat-log li', { hasText: 'Thanks Alice, nice birds!' }).waitFor();
  const texts = await aliceTab.locator('#chat-log .chat-text').allInnerTexts();
  assert.deepEqual(texts, ['Hello Bob, welcome!', 'Thanks Alice, nice birds!']);
});

test('through Bob’s I2P proxy, Alice’s public page offers Follow, which asks on Bob’s own page', async () => {
  assert.equal((await bob.change('DELETE', `/api/friends/${aliceB32}`)).status, 200);
  // Bob's browser set up with his node's I2P proxy, as a user of I2P sites would have it (browsers reach their
  // own computer directly; Playwright would send even that through the proxy unless told)
  visitorBrowser = await launch('journey-visitor', { proxy: { server: `http://127.0.0.1:${4444 + bob.offset}`, bypass: '127.0.0.1' } });
  const page = visitorBrowser.pages()[0] || await visitorBrowser.newPage();
  page.setDefaultTimeout(60000);
  await bob.signInPage(page); // Bob's own browser is signed in to his node (the Follow link ends on his page)
  await page.goto(`http://${aliceB32}/`);
  await page.getByRole('heading', { name: 'Alice Example', exact: true }).waitFor();
  await page.getByText('Alice’s second video').waitFor();
  await shot(page, 'public-page-through-i2p');
  await page.getByRole('link', { name: 'Follow Alice Example' }).click();
  await page.waitForURL(`${bob.base}/#friend=${aliceB32}`);
  // a link from another site never visits by itself (V2): the address and a Visit button first
  await page.locator('#visit-button').waitFor();
  await page.locator('#friend-page').getByText(aliceB32).waitFor();
  await page.locator('#visit-button').click();
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

test('Bob installs the app Alice shares from her page, after seeing who made it and what it may do', async () => {
  // Alice shares the stacks example (it carries Java code) from her deploy folder: a signed package on IPFS
  const jarDir = path.join(repoRoot, 'dapps', 'stacks', 'target');
  const jar = fs.readdirSync(jarDir).find((f) => /^p2pstack-dapp-stacks-.*\.jar$/.test(f) && !f.includes('sources'));
  fs.copyFileSync(path.join(jarDir, jar), path.join(alice.home, 'deploy', '.stacks.part'));
  fs.renameSync(path.join(alice.home, 'deploy', '.stacks.part'), path.join(alice.home, 'deploy', 'stacks.jar'));
  await waitFor(async () => (await alice.fetch(`${alice.base}/dapps/stacks/`)).status === 200, { timeout: 30000, what: 'stacks on Alice’s node' });
  const published = await alice.change('POST', '/api/dapps/publish', JSON.stringify({ name: 'stacks' }));
  assert.equal(published.status, 201, JSON.stringify(published.body));
  // no DHT on loopback: Bob's IPFS node dials Alice's directly
  const peerId = (await json(`${alice.base}/api/status`)).body.identity.ipfsPeerId;
  assert.match(bob.console(`ipfs:connect /ip4/127.0.0.1/tcp/${4001 + alice.offset}/p2p/${peerId}`), new RegExp(peerId));

  await bobTab.goto(`${bob.base}/#friend=${aliceB32}`);
  await bobTab.locator('#visit-button').click();
  await bobTab.getByRole('heading', { name: 'Apps by Alice Example' }).waitFor({ timeout: 90000 });
  const app = bobTab.locator('#friend-apps li', { hasText: 'Network stacks' });
  await app.waitFor({ timeout: 90000 });
  await app.getByText('Contains code that runs inside the node').waitFor();
  await app.getByRole('button', { name: 'Install…' }).click();
  const dialog = bobTab.getByRole('dialog');
  await dialog.getByText(`Made and signed by Alice Example (${aliceB32})`).waitFor({ timeout: 60000 });
  await dialog.getByText('runs inside your node with all its power').waitFor();
  await shot(bobTab, 'bob-install-alice-app');
  assert.deepEqual(await accessibilityProblems(bobTab), [], 'install dialog: no serious accessibility problems');
  await dialog.getByRole('button', { name: 'Trust fully and install' }).click();
  await bobTab.getByRole('link', { name: 'Open Network stacks' }).waitFor({ timeout: 60000 });
  await shot(bobTab, 'bob-installed-alice-app');
  await bobTab.getByRole('link', { name: 'Open Network stacks' }).click();
  await bobTab.getByText('Network stacks').first().waitFor();
  // Alice's code runs in its own sandboxed frame, reaching Bob's node only through his node's page around it
  await bobTab.frameLocator('#p2pstack-dapp').locator('#summary', { hasText: /networks are working/ }).waitFor({ timeout: 30000 });
  // the same version again: refused in plain words, nothing changes
  const again = await bob.change('POST', '/api/dapps/install', JSON.stringify({ cid: published.body.cid, trustFully: true }));
  assert.equal(again.status, 409);
  assert.match(again.body.error, /already have/);
});
