// Videos stream with WebTorrent in the page: a ~200 MiB MP4 (index at the end, as cameras write it) and a
// video recorded in the page with MediaRecorder start playing before the whole file has been fetched from
// the node's web seed, and a seek to 80% plays without fetching everything before it (checked on the Range
// requests the page sends to the web seed). A second browser, cut off from the web seed, gets the pieces
// from the first one over WebRTC, introduced by the node's tracker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Node, targetDir, waitFor } from '../lib/node.js';
import { launch, screenshots } from '../lib/browser.js';
import { encodeClip, writeMp4 } from '../lib/mp4.js';

const BIG = 200 * 1024 * 1024;
// the test's two browsers talk WebRTC to each other on this computer: plain host addresses instead of
// mDNS names, which need a resolver the test machine may not have
const WEBRTC_ARGS = ['--disable-features=WebRtcHideLocalIpsWithMdns'];
const node = new Node('torrent', Number(process.env.E2E_PORT_OFFSET || 2000) + 10);
const shot = screenshots('torrent');
let browser;
let tab;
const webSeedRanges = []; // [first, last, url] of every Range request the page sent to the web seed

before(async () => {
  await node.start();
  browser = await launch('torrent', { args: WEBRTC_ARGS });
  tab = browser.pages()[0] || await browser.newPage();
  tab.setDefaultTimeout(30000);
  tab.on('request', (request) => {
    if (!request.url().includes('/webseed/')) return;
    const match = /bytes=(\d+)-(\d+)/.exec(request.headers().range || '');
    if (match) webSeedRanges.push([Number(match[1]), Number(match[2]), request.url()]);
  });
  await tab.goto(`${node.base}/#home`);
  await tab.locator('#cards').waitFor({ state: 'attached' });
});

after(async () => {
  if (browser) await browser.close();
  await node.stop();
});

/** Bytes of [from, to) covered by the web-seed requests for `name`. */
function fetched(name, from = 0, to = Infinity) {
  const ranges = webSeedRanges.filter(([, , url]) => url.endsWith(`/${encodeURIComponent(name)}`))
    .map(([a, b]) => [Math.max(a, from), Math.min(b + 1, to)]).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = from;
  for (const [a, b] of ranges) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

async function readyCard(description) {
  const card = tab.locator('.card', { hasText: description });
  await card.waitFor();
  await card.locator('.torrent[data-state="ready"]').waitFor({ timeout: 120000 });
  await card.locator('video[data-streaming="webtorrent"]').waitFor();
  return card;
}

/** Plays from `at` seconds until a frame after it has been shown; returns the current time. */
async function playFrom(card, at) {
  return card.locator('video').evaluate(async (video, at) => {
    video.muted = true;
    if (!(video.readyState >= 1)) await new Promise((resolve) => video.addEventListener('loadedmetadata', resolve, { once: true }));
    if (at > 0) {
      video.currentTime = at;
      await new Promise((resolve) => video.addEventListener('seeked', resolve, { once: true }));
    }
    await video.play();
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no frame after ${at} s (at ${video.currentTime} s)`)), 30000);
      const frame = (now, meta) => {
        if (meta.mediaTime > at) { clearTimeout(timer); resolve(); } else video.requestVideoFrameCallback(frame);
      };
      video.requestVideoFrameCallback(frame);
    });
    video.pause();
    return { time: video.currentTime, duration: video.duration };
  }, at);
}

async function checkSlidingWindow(card, item) {
  const { duration } = await playFrom(card, 0);
  const atStart = fetched(item.fileName);
  assert.ok(atStart > 0, 'the web seed was asked for the start');
  assert.ok(atStart < item.size / 2, `playback started after fetching ${atStart} of ${item.size} bytes`);
  assert.ok(Number.isFinite(duration) && duration > 0, `the video knows its duration (${duration})`);
  const at = duration * 0.8;
  await playFrom(card, at);
  const before80 = fetched(item.fileName, 0, Math.floor(item.size * 0.75));
  const after80 = fetched(item.fileName, Math.floor(item.size * 0.75));
  assert.ok(after80 > 0, 'the seek fetched pieces near 80%');
  assert.ok(before80 < item.size * 0.75 * 0.6, `the seek did not fetch everything before it (${before80} bytes of the first 75%)`);
  return { atStart, before80, after80 };
}

test('an uploaded ~200 MiB MP4 is made streamable, starts before it is fetched and seeks to 80%', async () => {
  const file = path.join(targetDir, 'media', 'holiday.mp4');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const clip = await encodeClip(tab, { frames: 60 });
  const { bytes, seconds } = writeMp4(file, clip, BIG);
  assert.equal(fs.readFileSync(file).subarray(0, 64).includes('moov'), false, 'the test file has its index at the end');

  await tab.locator('#media-file').setInputFiles(file);
  await tab.locator('#description').fill('Holiday film');
  await tab.locator('#publish').click();
  await tab.getByText('Published! It is now on your page.').waitFor({ timeout: 180000 });
  const card = await readyCard('Holiday film');
  await shot(tab, 'mp4-ready');
  const item = (await (await fetch(`${node.base}/api/content`)).json()).items.find((i) => i.description === 'Holiday film');
  assert.equal(item.size, bytes);
  const head = Buffer.from(await (await fetch(`${node.base}${item.mediaUrl}`, { headers: { Range: 'bytes=0-4095' } })).arrayBuffer());
  assert.ok(head.includes('moov'), 'the node moved the index to the front');
  assert.ok(item.torrent.magnet.startsWith(`magnet:?xt=urn:btih:${item.torrent.infoHash}`));

  const figures = await checkSlidingWindow(card, item);
  console.log(`# MP4 ${(bytes / 1048576).toFixed(0)} MiB, ${seconds.toFixed(0)} s: fetched ${(figures.atStart / 1048576).toFixed(1)} MiB to start,`
    + ` ${(figures.before80 / 1048576).toFixed(1)} MiB of the first 75% after the seek`);
  await shot(tab, 'mp4-played-at-80');
});

test('a video recorded in the page is made seekable, starts before it is fetched and seeks to 80%', async () => {
  await tab.locator('#record').click();
  await tab.locator('#start-recording').click();
  await tab.getByText(/● 0:2[0-9]/).waitFor({ timeout: 40000 });
  await tab.getByRole('button', { name: 'Stop recording' }).click();
  await tab.locator('video.review').waitFor();
  await tab.locator('#description').fill('Recorded here');
  await tab.locator('#publish').click();
  await tab.getByText('Published! It is now on your page.').waitFor();
  const card = await readyCard('Recorded here');
  const item = (await (await fetch(`${node.base}/api/content`)).json()).items.find((i) => i.description === 'Recorded here');
  assert.equal(item.type, 'video/webm');
  const figures = await checkSlidingWindow(card, item);
  console.log(`# recorded WebM ${(item.size / 1048576).toFixed(1)} MiB: fetched ${(figures.atStart / 1048576).toFixed(1)} MiB to start,`
    + ` ${(figures.before80 / 1048576).toFixed(1)} MiB of the first 75% after the seek`);
  await shot(tab, 'webm-played-at-80');
});

test('a second browser without the web seed gets the pieces from the first over WebRTC', async () => {
  const second = await launch('torrent-second', { args: WEBRTC_ARGS });
  try {
    const page = second.pages()[0] || await second.newPage();
    page.setDefaultTimeout(30000);
    let webSeedAsked = 0;
    await page.route('**/webseed/**', (route) => { webSeedAsked += 1; return route.abort(); });
    await page.goto(`${node.base}/#home`);
    const card = page.locator('.card', { hasText: 'Holiday film' });
    await card.locator('video[data-streaming="webtorrent"]').waitFor({ timeout: 60000 });
    await card.locator('video').evaluate(async (video) => {
      video.muted = true;
      await video.play();
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no frame (at ${video.currentTime} s)`)), 45000);
        video.requestVideoFrameCallback(() => { clearTimeout(timer); resolve(); });
      });
    });
    const stats = card.locator('.torrent-stats');
    await waitFor(async () => Number(await stats.getAttribute('data-from-peers')) > 0, { timeout: 15000, what: 'bytes from a peer' });
    const peers = Number(await stats.getAttribute('data-peers'));
    const fromPeers = Number(await stats.getAttribute('data-from-peers'));
    assert.ok(peers > 0, 'connected to the first browser over WebRTC');
    assert.ok(fromPeers > 0, `received ${fromPeers} bytes from the first browser`);
    console.log(`# second browser: ${peers} peer(s), ${(fromPeers / 1048576).toFixed(1)} MiB over WebRTC, web seed refused ${webSeedAsked} times`);
    await shot(page, 'second-browser-over-webrtc');
    const first = tab.locator('.card', { hasText: 'Holiday film' }).locator('.torrent-stats');
    await waitFor(async () => Number(await first.getAttribute('data-uploaded')) > 0, { timeout: 15000, what: 'the first browser to upload' });
  } finally {
    await second.close();
  }
});
