// The chat at the bottom of the home page and the directory search, in a real browser against the real
// node: the plain notice that chat is not anonymous, sending (and an empty message refused), the history
// after a reload, the directory search. Screenshots go to e2e/target/screenshots/chat/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Node, waitFor } from '../lib/node.js';
import { launch, screenshots } from '../lib/browser.js';
import { accessibilityProblems } from '../lib/a11y.js';

const node = new Node('chat', Number(process.env.E2E_PORT_OFFSET || 2000) + 500);
const shot = screenshots('chat');
let browser;
let tab;

before(async () => {
  // the DHT port is its base (49737) plus the node's offset; a large test offset would not fit, so base 0
  fs.appendFileSync(path.join(node.home, 'etc', 'org.p2pstack.swarm.cfg'), '\nport = 0\n');
  await node.start();
  browser = await launch('chat');
  tab = browser.pages()[0] || await browser.newPage();
  tab.setDefaultTimeout(60000);
});

after(async () => {
  if (browser) await browser.close();
  await node.stop();
});

test('the chat says plainly that it is not anonymous, sends, and keeps its history', async () => {
  await tab.goto(`${node.base}/#home`);
  const notice = tab.locator('#chat-notice');
  await notice.filter({ hasText: 'not anonymous' }).waitFor();
  await tab.locator('#chat-send').click();
  await tab.locator('#chat-message', { hasText: 'Write a message first.' }).waitFor();

  // the swarm stack takes a few seconds to start; the room is ready once our core for it is open
  await waitFor(async () => (await (await fetch(`${node.base}/api/chat`)).json()).rooms.some((r) => r.ready),
    { timeout: 120000, what: 'the chat room' });
  await tab.locator('#chat-text').fill('Hello from the browser');
  await tab.locator('#chat-text').press('Enter');
  await tab.locator('#chat-log li', { hasText: 'Hello from the browser' }).first().waitFor();
  assert.equal(await tab.locator('#chat-text').inputValue(), '', 'the field is emptied after sending');
  assert.equal(await tab.locator('#chat-message').innerText(), '', 'the earlier complaint is gone');
  await tab.locator('#chat-title').scrollIntoViewIfNeeded();
  await shot(tab, 'sent');
  assert.deepEqual(await accessibilityProblems(tab), [], 'chat: no serious accessibility problems');

  await tab.reload();
  await tab.locator('#chat-log li', { hasText: 'Hello from the browser' }).waitFor();
  assert.equal(await tab.locator('#chat-log li', { hasText: 'Hello from the browser' }).count(), 1, 'shown once after a reload');
});

test('the directory search explains an empty result', async () => {
  await tab.locator('#directory-query').fill('Nobody-by-this-name');
  await tab.getByRole('button', { name: 'Search' }).click();
  await tab.locator('#directory-status', { hasText: 'Nobody' }).waitFor();
  await tab.locator('#directory-title').scrollIntoViewIfNeeded();
  await shot(tab, 'directory');
});
