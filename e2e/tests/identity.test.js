// Issue 21 in the browser: Alice backs up her identity from "Apps & status" (a passphrase twice, then the file the
// browser downloads); on a fresh node, the welcome page's "I already have p2pstack" restores it: a wrong passphrase
// is refused in plain words and changes nothing, the right one makes the node Alice (same address, her nickname) and
// opens her page. Screenshots in e2e/target/screenshots/identity/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Node, waitFor } from '../lib/node.js';
import { launch, screenshots } from '../lib/browser.js';
import { accessibilityProblems } from '../lib/a11y.js';

const base = Number(process.env.E2E_PORT_OFFSET || 2000);
const alice = new Node('identity-alice', base + 2200);
const fresh = new Node('identity-fresh', base + 2400);
const shot = screenshots('identity');
const PASSPHRASE = 'purple elephants dance';
let browser;
let aliceB32;

before(async () => {
  for (const node of [alice, fresh]) {
    // each on its own embedded router, with no peers: the address exists, nothing needs to be reached
    node.configure('org.p2pstack.i2p', { 'tunnel.inbound.length': 0, 'tunnel.outbound.length': 0, 'tunnel.quantity': 1 });
    await node.start();
  }
  aliceB32 = await alice.i2pReady();
  const token = await alice.token();
  const put = await alice.fetch(`${alice.base}/api/profile`, { method: 'PUT', body: JSON.stringify({ nickname: 'Alice', bio: 'the original' }),
    headers: { 'X-P2PStack-Token': token, 'Content-Type': 'application/json' } });
  assert.equal(put.status, 200);
  await fresh.i2pReady();
  browser = await launch('identity');
});

after(async () => {
  if (browser) await browser.close();
  await fresh.stop();
  await alice.stop();
});

let backupFile;

test('Alice downloads a backup of her identity, locked with a passphrase she typed twice', async () => {
  const tab = browser.pages()[0] || await browser.newPage();
  tab.setDefaultTimeout(60000);
  await alice.signInPage(tab);
  await tab.goto(`${alice.base}/#apps`);
  await tab.locator('#backup-title').waitFor();
  await tab.locator('#backup-passphrase').fill('short');
  await tab.locator('#backup-button').click();
  await tab.locator('#backup-message.error', { hasText: 'at least 10 characters' }).waitFor();
  await tab.locator('#backup-passphrase').fill(PASSPHRASE);
  await tab.locator('#backup-passphrase-again').fill(`${PASSPHRASE}!`);
  await tab.locator('#backup-button').click();
  await tab.locator('#backup-message.error', { hasText: 'The two passphrases differ.' }).waitFor();
  await tab.locator('#backup-passphrase-again').fill(PASSPHRASE);
  const [download] = await Promise.all([tab.waitForEvent('download'), tab.locator('#backup-button').click()]);
  assert.match(download.suggestedFilename(), /^p2pstack-identity-\d{4}-\d{2}-\d{2}\.p2pbackup$/);
  backupFile = fs.readFileSync(await download.path());
  assert.equal(backupFile.subarray(0, 26).toString(), 'p2pstack-identity-backup/1');
  assert.ok(!backupFile.includes(Buffer.from('Alice')), 'nothing readable in the file');
  await tab.locator('#backup-message.ok', { hasText: 'Your backup is downloaded' }).waitFor();
  assert.equal(await tab.locator('#backup-passphrase').inputValue(), '', 'the passphrase is not left in the page');
  await shot(tab, 'alice-backup-downloaded');
  assert.deepEqual(await accessibilityProblems(tab), [], 'backup: no serious accessibility problems');
  await tab.close();
});

test('on a fresh node, the welcome page restores Alice from her backup; a wrong passphrase changes nothing', async () => {
  const freshB32 = (await fresh.json('/api/status')).body.identity.b32;
  assert.notEqual(freshB32, aliceB32);
  const tab = await browser.newPage();
  tab.setDefaultTimeout(60000);
  await fresh.signInPage(tab);
  await tab.goto(`${fresh.base}/`);
  await tab.locator('#restore-instead', { hasText: 'I already have p2pstack: restore from a backup' }).click();
  await tab.locator('#restore-title').waitFor();
  await tab.locator('#restore-button').click();
  await tab.locator('#restore-message.error', { hasText: 'Choose the backup file first.' }).waitFor();
  await tab.locator('#restore-file').setInputFiles({ name: 'alice.p2pbackup', mimeType: 'application/octet-stream', buffer: backupFile });
  await tab.locator('#restore-passphrase').fill('not the passphrase');
  await tab.locator('#restore-button').click();
  await tab.locator('#restore-message.error', { hasText: 'This passphrase does not open the backup' }).waitFor();
  assert.equal((await fresh.json('/api/status')).body.identity.b32, freshB32, 'a wrong passphrase changes nothing');
  await shot(tab, 'fresh-wrong-passphrase');

  await tab.locator('#restore-passphrase').fill(PASSPHRASE);
  await tab.locator('#restore-button').click();
  await tab.locator('#restore-message.ok', { hasText: `Welcome back, Alice! This computer is ${aliceB32} now.` }).waitFor({ timeout: 120000 });
  await shot(tab, 'fresh-restored');
  // the page opens as Alice, once the node's networks are back with her keys
  await tab.getByRole('heading', { name: 'Alice', exact: true }).waitFor({ timeout: 90000 });
  await waitFor(async () => (await fresh.json('/api/status')).body.identity.b32 === aliceB32, { timeout: 120000, what: 'the fresh node answering as Alice' });
  await shot(tab, 'fresh-is-alice');
});
