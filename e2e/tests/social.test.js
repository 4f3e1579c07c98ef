// Issue 19's social loop in real browsers, one per node, against three real nodes that share one I2P router (Carol's
// embedded router; Alice's and Bob's nodes in external mode over its I2CP) and one local Hyperswarm DHT: Bob follows Alice with
// the invite she copied, and her bell and tab title say so; she finds him under "People who follow you" and follows
// back; they write to each other, each seeing the unread count on the other side; her new post reaches his feed
// within seconds without a reload (friends.refreshSeconds stays at its default: the node tells its followers), and
// so does its deletion; an invite link opens the Follow question; when Bob's own node stops, his page says so and
// greys out what needs the node, until it is back. With Alice's computer
// off, Bob gets her video from the copy his node keeps and Carol from Bob's, and each page says where it came from.
// Carol makes a group room and Bob joins it with her invite; their chat goes on across a restart of Bob's node.
// Screenshots of every step go to e2e/target/screenshots/social/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Node, waitFor, repoRoot } from '../lib/node.js';
import { fakeVideo, startTestnet } from '../lib/testnet.js';
import { launch, openPage, screenshots } from '../lib/browser.js';
import { accessibilityProblems } from '../lib/a11y.js';

const base = Number(process.env.E2E_PORT_OFFSET || 2000);
const alice = new Node('social-alice', base + 1200);
const bob = new Node('social-bob', base + 1400);
// Carol runs the one I2P router, so that Alice's computer can be switched off while Bob and Carol stay on the network
const carol = new Node('social-carol', base + 1600);
const shot = screenshots('social');
const LIVE_MS = 10000; // a post or a deletion reaches a follower's page within this
let testnet;
let aliceB32;
let bobB32;
let aliceBrowser;
let aliceTab;
let bobBrowser;
let bobTab;
let carolB32;
let carolBrowser;
let carolTab;

before(async () => {
  testnet = await startTestnet();
  for (const node of [alice, bob, carol]) {
    // one router on loopback has no peers to build longer tunnels through
    node.configure('org.p2pstack.i2p', { 'tunnel.inbound.length': 0, 'tunnel.outbound.length': 0, 'tunnel.quantity': 1 });
    node.configure('org.p2pstack.swarm', { firewalled: false, host: '127.0.0.1', port: 0 });
    fs.writeFileSync(path.join(node.home, 'bin', 'setenv.local'), `P2PSTACK_SWARM_BOOTSTRAP=${testnet.bootstrap}\n`);
  }
  carol.configure('org.p2pstack.i2p', { 'i2cp.expose': true });
  // Carol keeps no copies herself: what she plays while Alice is off comes from Bob's
  carol.configure('org.p2pstack.core', { 'friends.copyQuotaMegabytes': 0 });
  for (const node of [alice, bob]) node.configure('org.p2pstack.i2p', { mode: 'external', 'i2cp.port': 7654 + carol.offset });
  await carol.start();
  carolB32 = await carol.i2pReady();
  await alice.start();
  await bob.start();
  aliceB32 = await alice.i2pReady();
  bobB32 = await bob.i2pReady();
  for (const [node, nickname] of [[alice, 'Alice'], [bob, 'Bob'], [carol, 'Carol']]) {
    assert.equal((await node.change('PUT', '/api/profile', JSON.stringify({ nickname, bio: '', linkNetworks: true }))).status, 200);
    assert.equal((await node.change('PUT', '/api/profile/setup', JSON.stringify({ step: 4, dismissed: false }))).status, 200);
  }
});

after(async () => {
  for (const browser of [carolBrowser, bobBrowser, aliceBrowser]) if (browser) await browser.close();
  await bob.stop();
  await alice.stop();
  await carol.stop();
  if (testnet) testnet.child.stdin.end();
});

test('Bob follows Alice with the invite she copied; her bell and her tab title say so', async () => {
  ({ browser: aliceBrowser, tab: aliceTab } = await openPage('social-alice', `${alice.base}/#me`, alice));
  await aliceTab.getByRole('heading', { name: 'Alice', exact: true }).waitFor();
  const invite = await aliceTab.locator('#my-invite-home').inputValue();
  assert.match(invite, new RegExp(`^Follow me on p2pstack: web\\+p2pstack:follow\\?address=${aliceB32.replace(/\./g, '\\.')}&name=Alice — `));
  assert.match(invite, /ask me for the installer, then paste this whole message into its Follow box/);
  await shot(aliceTab, 'alice-invite');

  ({ browser: bobBrowser, tab: bobTab } = await openPage('social-bob', `${bob.base}/#people`, bob));
  await bobTab.locator('#tab-people[aria-current="page"]').waitFor();
  // the whole message is pasted: the page takes the address out of it
  await bobTab.locator('#friend-address').fill(invite);
  await bobTab.locator('#friend-follow').click();
  // Alice answers at once, or a moment later (then the page says it waits, by her name, never the bare address)
  await bobTab.locator('#following .friend-name', { hasText: 'Alice' }).first().waitFor({ timeout: 90000 });
  await bobTab.locator('#following .friend-row:not(.waiting)', { hasText: 'Alice' }).waitFor({ timeout: 90000 });
  await shot(bobTab, 'bob-follows-alice');

  await aliceTab.locator('#notices-count', { hasText: /^1$/ }).waitFor({ timeout: 60000 });
  await waitFor(async () => (await aliceTab.title()).startsWith('(1) p2pstack'), { timeout: 10000, what: 'the unread count in Alice’s tab title' });
  await aliceTab.locator('#notices-button').click();
  await aliceTab.locator('#notices-list .notice.unread', { hasText: 'Bob followed you' }).waitFor();
  await shot(aliceTab, 'alice-bell-bob-followed', { fullPage: false });
  assert.deepEqual(await accessibilityProblems(aliceTab), [], 'notices: no serious accessibility problems');
});

test('Alice sees Bob under “People who follow you” and follows back', async () => {
  // the notice leads to the people section, and is read once opened
  await aliceTab.locator('#notices-list a', { hasText: 'Bob followed you' }).click();
  await aliceTab.locator('#tab-people[aria-current="page"]').waitFor();
  await aliceTab.locator('#notices-count').waitFor({ state: 'hidden' });
  await waitFor(async () => !(await aliceTab.title()).startsWith('('), { timeout: 10000, what: 'the title without a count' });
  const row = aliceTab.locator('#followers li', { hasText: 'Bob' });
  await row.waitFor();
  await shot(aliceTab, 'alice-followers');
  await row.getByRole('button', { name: 'Follow back' }).click();
  await aliceTab.locator('#following .friend-row:not(.waiting)', { hasText: 'Bob' }).waitFor({ timeout: 90000 });
  // now they follow each other: the row offers a conversation (also when Bob's computer answered the follow late)
  await row.getByRole('link', { name: 'Message' }).waitFor({ timeout: 30000 });
  await shot(aliceTab, 'alice-follows-back');
  await bobTab.locator('#notices-count', { hasText: /^1$/ }).waitFor({ timeout: 60000 });
  await bobTab.locator('#notices-button').click();
  await bobTab.locator('#notices-list', { hasText: 'Alice followed you' }).waitFor();
  await bobTab.locator('#notices-button').click();
});

test('Alice and Bob write to each other; each sees the unread count on the other side', async () => {
  await aliceTab.locator('#tab-chat').click();
  const conversation = aliceTab.locator('#dm-list li', { hasText: 'Bob' });
  await conversation.waitFor({ timeout: 30000 });
  await conversation.getByRole('link').click();
  assert.equal(new URL(aliceTab.url()).hash, `#dm=${bobB32}`);
  await aliceTab.locator('#dm-title', { hasText: 'Bob' }).waitFor();
  await aliceTab.locator('#dm-text').fill('Hello Bob, this is just for you.');
  await aliceTab.locator('#dm-send').click();
  const sent = aliceTab.locator('#dm-log li', { hasText: 'Hello Bob, this is just for you.' });
  await sent.waitFor();
  await aliceTab.locator('#dm-log li[data-state="sent"]', { hasText: 'Hello Bob' }).waitFor({ timeout: 60000 });
  assert.equal(await sent.locator('.dm-state').count(), 0, 'no "waiting" mark once delivered');
  await shot(aliceTab, 'alice-wrote-to-bob');
  // Alice leaves the conversation: Bob's answer will wait for her as unread
  await aliceTab.locator('#tab-feed').click();

  await bobTab.locator('#tab-chat-count', { hasText: '1' }).waitFor({ timeout: 30000 });
  await bobTab.locator('#tab-chat').click();
  const fromAlice = bobTab.locator('#dm-list li.unread', { hasText: 'Alice' });
  await fromAlice.locator('.count', { hasText: '1' }).waitFor();
  await fromAlice.getByText('Hello Bob, this is just for you.').waitFor();
  await shot(bobTab, 'bob-unread-message');
  await fromAlice.getByRole('link').click();
  await bobTab.locator('#dm-log li', { hasText: 'Hello Bob, this is just for you.' }).waitFor();
  await bobTab.locator('#tab-chat-count').waitFor({ state: 'hidden' });
  await bobTab.locator('#dm-text').fill('Hi Alice! Got it.');
  await bobTab.locator('#dm-text').press('Enter');
  await bobTab.locator('#dm-log li', { hasText: 'Hi Alice! Got it.' }).waitFor();
  assert.equal(await bobTab.locator('#dm-text').inputValue(), '', 'the box is emptied after sending');
  await shot(bobTab, 'bob-replied');
  assert.deepEqual(await accessibilityProblems(bobTab), [], 'a conversation: no serious accessibility problems');

  await aliceTab.locator('#tab-chat-count', { hasText: '1' }).waitFor({ timeout: 60000 });
  await aliceTab.locator('#tab-chat').click();
  await aliceTab.locator('#dm-list li.unread', { hasText: 'Bob' }).locator('.count', { hasText: '1' }).waitFor();
  await aliceTab.locator('#dm-list li', { hasText: 'Bob' }).getByRole('link').click();
  await aliceTab.locator('#dm-log li', { hasText: 'Hi Alice! Got it.' }).waitFor();
  await aliceTab.locator('#tab-chat-count').waitFor({ state: 'hidden' });
  await shot(aliceTab, 'alice-reads-reply');
});

test('Alice’s new post reaches Bob’s feed within seconds without a reload, and so does its deletion', async () => {
  await bobTab.locator('#tab-feed').click();
  const token = await alice.token();
  const description = 'Alice’s live post';
  const posted = await alice.json(`/api/content?name=live.webm&description=${encodeURIComponent(description)}`,
    { method: 'POST', body: fakeVideo(7), headers: { 'X-P2PStack-Token': token, 'Content-Type': 'video/webm' } });
  assert.equal(posted.status, 201, JSON.stringify(posted.body));
  const started = Date.now();
  const onBobsFeed = bobTab.locator('#friend-cards .card', { hasText: description });
  await onBobsFeed.waitFor({ timeout: LIVE_MS });
  console.log(`# the post reached Bob's feed after ${Date.now() - started} ms`);
  await shot(bobTab, 'bob-feed-live-post');

  await aliceTab.locator('#tab-me').click();
  const card = aliceTab.locator('#cards .card', { hasText: description });
  await card.getByRole('button', { name: /Delete/ }).click();
  await aliceTab.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await card.waitFor({ state: 'detached' });
  const deleted = Date.now();
  await onBobsFeed.waitFor({ state: 'detached', timeout: LIVE_MS });
  console.log(`# the deletion reached Bob's feed after ${Date.now() - deleted} ms`);
  await shot(bobTab, 'bob-feed-after-delete');
});

test('an AVI file gets a hint before anything is uploaded', async () => {
  await aliceTab.locator('#media-file').setInputFiles({ name: 'old camera.avi', mimeType: 'video/x-msvideo', buffer: Buffer.from('RIFF\0\0\0\0AVI LIST') });
  await aliceTab.getByText('AVI videos do not play in browsers: convert it to MP4 first (for example with HandBrake)').waitFor();
  assert.equal(await aliceTab.locator('#publish').isDisabled(), true, 'nothing to publish');
  assert.equal((await alice.json('/api/content')).body.items.length, 0, 'nothing was uploaded');
  await shot(aliceTab, 'alice-avi-hint', { fullPage: false });
});

test('an invite link opens the Follow question on one’s own page, and the address wraps at phone width', async () => {
  await bobTab.setViewportSize({ width: 390, height: 844 });
  const link = `web+p2pstack:follow?address=${aliceB32}&name=${encodeURIComponent('Alice 🌸')}`;
  await bobTab.goto(`${bob.base}/#invite=${encodeURIComponent(link)}`);
  const dialog = bobTab.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Follow Alice 🌸?' }).waitFor();
  await dialog.getByText(aliceB32).waitFor();
  const overflow = await bobTab.locator('dialog').evaluate((d) => d.scrollWidth - d.clientWidth);
  assert.ok(overflow <= 0, `the dialog does not scroll sideways (${overflow}px)`);
  assert.equal(new URL(bobTab.url()).hash, '#people', 'a reload does not ask again');
  await shot(bobTab, 'bob-invite-link-phone', { fullPage: false });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const page = await bobTab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(page <= 0, `the people section does not scroll sideways at phone width (${page}px)`);
  await bobTab.setViewportSize({ width: 1280, height: 900 });
});

/** What the page itself gets for a friend's file: its status, where it came from, and its size. */
function fetchInPage(tab, url) {
  return tab.evaluate(async (u) => {
    const answer = await fetch(u, { cache: 'no-store' });
    const bytes = (await answer.arrayBuffer()).byteLength;
    return { status: answer.status, source: answer.headers.get('X-P2PStack-Source'), bytes };
  }, url);
}

test('with Alice’s computer off, Bob still sees her page and gets her video from his copy, and Carol from Bob’s', async () => {
  // Carol follows Alice too; Alice tells her followers that Bob keeps copies
  assert.equal((await carol.change('POST', '/api/friends', JSON.stringify({ address: aliceB32 }))).status >= 200, true);
  await waitFor(async () => (await carol.json('/api/friends')).body.following.length === 1, { timeout: 90000, what: 'Carol following Alice' });
  // a post is announced to the followers Alice's node knows of: Carol's follow notice has to have arrived first
  // (until then Carol would see the post at her next periodic refresh only)
  await waitFor(async () => (await alice.json('/api/followers')).body.followers.some((f) => f.nickname === 'Carol'),
    { timeout: 90000, what: 'Alice’s node knowing Carol follows her' });
  const description = 'Alice at the lake';
  const video = fakeVideo(9);
  const posted = await alice.json(`/api/content?name=lake.webm&description=${encodeURIComponent(description)}`,
    { method: 'POST', body: video, headers: { 'X-P2PStack-Token': await alice.token(), 'Content-Type': 'video/webm' } });
  assert.equal(posted.status, 201, JSON.stringify(posted.body));
  const itemAt = async (node) => (await node.json('/api/friends')).body.items.find((i) => i.description === description);
  // Bob's node keeps a copy of it (checked against the fingerprint Alice's feed names); Carol's feed has the post
  await waitFor(async () => (await itemAt(bob))?.copy === true, { timeout: 60000, what: 'Bob’s copy of Alice’s video' });
  await waitFor(async () => (await itemAt(carol)) !== undefined, { timeout: 60000, what: 'Alice’s post in Carol’s feed' });
  await alice.stop();

  await bobTab.goto(`${bob.base}/#feed`);
  const bobsCard = bobTab.locator('#friend-cards .card', { hasText: description });
  await bobsCard.locator('.card-source', { hasText: 'Kept on this computer' }).waitFor();
  const atBob = await fetchInPage(bobTab, (await itemAt(bob)).mediaUrl);
  assert.deepEqual(atBob, { status: 200, source: 'copy', bytes: video.length });
  await shot(bobTab, 'bob-feed-alice-off');
  // her page, as Bob's node last saw it, within seconds, saying she is not answering
  await bobTab.goto(`${bob.base}/#friend=${aliceB32}`);
  await bobTab.locator('#visit-button').click(); // an address typed in (not clicked on the page) asks first
  await bobTab.locator('#friend-page', { hasText: 'Alice’s computer is not answering right now' }).waitFor({ timeout: 30000 });
  await bobTab.locator('#visited-cards .card', { hasText: description }).waitFor();
  await shot(bobTab, 'bob-visits-alice-off');

  ({ browser: carolBrowser, tab: carolTab } = await openPage('social-carol', `${carol.base}/#feed`, carol));
  const carolsCard = carolTab.locator('#friend-cards .card', { hasText: description });
  await carolsCard.waitFor();
  const atCarol = await fetchInPage(carolTab, (await itemAt(carol)).mediaUrl);
  assert.deepEqual(atCarol, { status: 200, source: 'keeper', bytes: video.length });
  await carolsCard.locator('.card-source', { hasText: 'From Bob’s copy' }).waitFor({ timeout: 15000 });
  await shot(carolTab, 'carol-feed-from-bobs-copy');
});

test('Carol makes a group room, is told nobody is in it yet, and Bob joins with the invite she sends', async () => {
  await carolTab.locator('#tab-chat').click();
  await carolTab.locator('#chat-new-room').click();
  await carolTab.locator('#chat-room-submit').click();
  await carolTab.locator('#chat-room-form .message.error', { hasText: 'Give the room a name.' }).waitFor();
  await carolTab.locator('#chat-room-name').fill('Book club 📚');
  await carolTab.locator('#chat-room-submit').click();
  await carolTab.locator('#chat-room option:checked', { hasText: 'Book club 📚' }).waitFor({ state: 'attached' });
  await carolTab.locator('#chat-alone', { hasText: 'Nobody else is in this room yet' }).waitFor();
  const invite = await carolTab.locator('#chat-invite-text').inputValue();
  assert.match(invite, /p2pstack-room:[0-9a-f]{64}\?name=/);
  await shot(carolTab, 'carol-new-group-room');

  await bobTab.goto(`${bob.base}/#chat`);
  await bobTab.locator('#chat-join-room').click();
  await bobTab.locator('#chat-room-key').fill('not an invite');
  await bobTab.locator('#chat-room-submit').click();
  await bobTab.locator('#chat-room-form .message.error', { hasText: 'There is no room key in this' }).waitFor();
  await bobTab.locator('#chat-room-key').fill(invite);
  await bobTab.locator('#chat-room-submit').click();
  await bobTab.locator('#chat-room option:checked', { hasText: 'Book club 📚' }).waitFor({ state: 'attached' });

  // they meet on the room's topic: each sees the other's message live. Bob writes at once: his message waits for his
  // node's part of the new room and is sent (it used to fail with "still starting", unseen by this test)
  await bobTab.locator('#chat-text').fill('Hello book club!');
  await bobTab.locator('#chat-send').click();
  await bobTab.locator('#chat-log li', { hasText: 'Hello book club!' }).waitFor({ timeout: 30000 });
  // a brand-new topic: the two meet through the DHT testnet first (slow on a busy 2-core machine)
  await carolTab.locator('#chat-log li', { hasText: 'Hello book club!' }).waitFor({ timeout: 180000 });
  await carolTab.locator('#chat-alone').waitFor({ state: 'hidden' });
  await carolTab.locator('#chat-text').fill('Welcome, Bob.');
  await carolTab.locator('#chat-send').click();
  await bobTab.locator('#chat-log li', { hasText: 'Welcome, Bob.' }).waitFor({ timeout: 180000 });
  await shot(bobTab, 'bob-in-group-room');
  assert.deepEqual(await accessibilityProblems(bobTab), [], 'group room: no serious accessibility problems');
});

test('when Bob’s own node stops, his page says so and greys out what needs the node', async () => {
  await bobTab.goto(`${bob.base}/#dm=${aliceB32}`);
  await bobTab.locator('#dm-log li', { hasText: 'Hi Alice! Got it.' }).waitFor();
  assert.equal(await bobTab.locator('#offline-banner').isHidden(), true, 'no banner while the node answers');
  await bob.stop();
  const banner = bobTab.locator('#offline-banner');
  await banner.waitFor({ timeout: 30000 });
  assert.match(await banner.innerText(), /Your node is not answering\. Is p2pstack running\? This page reconnects by itself\./);
  assert.equal(await bobTab.locator('#dm-send').isDisabled(), true, 'Send is greyed out');
  assert.equal(await bobTab.locator('#dm-text').isDisabled(), true, 'the message box is greyed out');
  await bobTab.locator('#tab-apps').click();
  await bobTab.locator('#status-summary', { hasText: 'Your node is not answering right now.' }).waitFor({ timeout: 15000 });
  assert.doesNotMatch(await bobTab.locator('body').innerText(), /Failed to fetch/);
  await shot(bobTab, 'bob-node-stopped');

  // the page finds its node again by itself
  await bob.start();
  await banner.waitFor({ state: 'hidden', timeout: 90000 });
  await bobTab.goto(`${bob.base}/#dm=${aliceB32}`);
  await bobTab.locator('#dm-log li', { hasText: 'Hi Alice! Got it.' }).waitFor();
  assert.equal(await bobTab.locator('#dm-send').isDisabled(), false, 'Send works again');
  await shot(bobTab, 'bob-node-back');
  // the group room goes on across the restart: Bob's node finds Carol on its topic again
  await bobTab.goto(`${bob.base}/#chat`);
  const bookClub = await bobTab.locator('#chat-room option', { hasText: 'Book club 📚' }).getAttribute('value');
  await bobTab.locator('#chat-room').selectOption(bookClub);
  await bobTab.locator('#chat-text').fill('Back again.');
  await bobTab.locator('#chat-send').click();
  try {
    await bobTab.locator('#chat-log li', { hasText: 'Back again.' }).waitFor({ timeout: 60000 });
  } catch (error) {
    // what the page said and what Bob's node holds: the difference between a send refused and a page not updated
    const said = await bobTab.locator('#chat-message').innerText().catch(() => '?');
    const held = (await bob.json(`/api/chat?room=${bookClub}`)).body;
    throw new Error(`${error.message}\nthe page said: ${said}\nselected: ${await bobTab.locator('#chat-room').inputValue()}\n`
      + `Bob's node: ${JSON.stringify(held).slice(0, 1500)}`);
  }
  await carolTab.locator('#chat-log li', { hasText: 'Back again.' }).waitFor({ timeout: 120000 });
});
