// Videos stream with WebTorrent in the page: a ~200 MiB MP4 (index at the end, as cameras write it) and a
// video recorded in the page with MediaRecorder start playing before the whole file has been fetched from
// the node's web seed, and a seek to 80% plays without fetching everything before it (checked on the Range
// requests the page sends to the web seed). A second browser, cut off from the web seed, gets the pieces
// from the first one over WebRTC, introduced by the node's tracker.
import crypto from 'node:crypto';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Node, targetDir, waitFor } from '../lib/node.js';
import { launch, screenshots } from '../lib/browser.js';
import { encodeClip, writeMp4 } from '../lib/mp4.js';

const BIG = 200 * 1024 * 1024;
// no test may hang the suite (page.evaluate itself has no time limit)
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
  await node.signInPage(tab);
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
  // the page streams only the cards someone has scrolled to, as a viewer would
  await card.scrollIntoViewIfNeeded();
  await card.locator('video[data-streaming="webtorrent"]').waitFor();
  return card;
}

/** Plays from `at` seconds until a frame after it has been shown (30 s at most); returns time and duration. */
async function playFrom(card, at) {
  return card.locator('video').evaluate((video, at) => {
    const played = (async () => {
      video.muted = true;
      if (!(video.readyState >= 1)) await new Promise((resolve) => video.addEventListener('loadedmetadata', resolve, { once: true }));
      if (at > 0) {
        const seeked = new Promise((resolve) => video.addEventListener('seeked', resolve, { once: true }));
        video.currentTime = at;
        await seeked;
      }
      video.play().catch(() => {});
      await new Promise((resolve) => {
        const frame = (now, meta) => { if (meta.mediaTime > at) resolve(); else video.requestVideoFrameCallback(frame); };
        video.requestVideoFrameCallback(frame);
      });
      video.pause();
      return { time: video.currentTime, duration: video.duration };
    })();
    const late = new Promise((resolve, reject) => setTimeout(() => reject(new Error(`no frame after ${at} s (at ${video.currentTime} s)`)), 30000));
    return Promise.race([played, late]);
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
  // "everything" is the whole first 75%; a busy machine plays longer from 0 before the seek (more read-ahead),
  // so the bound leaves room for that and still tells a sliding window from a download of the lot
  assert.ok(before80 < item.size * 0.75 * 0.8,
    `the seek did not fetch everything before it (${before80} bytes of the first 75% of ${item.size})`);
  return { atStart, before80, after80 };
}

test('an uploaded ~200 MiB MP4 is made streamable, starts before it is fetched and seeks to 80%', { timeout: 300000 }, async () => {
  const file = path.join(targetDir, 'media', 'holiday.mp4');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const clip = await encodeClip(tab, { frames: 60 });
  const { bytes, seconds } = writeMp4(file, clip, BIG);
  assert.equal(fs.readFileSync(file).subarray(0, 64).includes('moov'), false, 'the test file has its index at the end');

  // every state the card's torrent line shows, to see the hashing progress
  await tab.evaluate(() => {
    window.torrentStates = [];
    new MutationObserver((changes) => changes.forEach(({ target }) => {
      if (target.classList && target.classList.contains('torrent')) window.torrentStates.push(`${target.dataset.state} ${target.textContent}`);
    })).observe(document.getElementById('cards'), { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  });
  await tab.locator('#media-file').setInputFiles(file);
  await tab.locator('#description').fill('Holiday film');
  await tab.locator('#publish').click();
  await tab.getByText('Published! It is now on your page.').waitFor({ timeout: 180000 });
  const card = await readyCard('Holiday film');
  await shot(tab, 'mp4-ready');
  const states = await tab.evaluate(() => window.torrentStates);
  assert.ok(states.some((s) => /^hashing Getting ready for streaming… \d+%/.test(s)), `the card showed the hashing progress (${states.join(' | ')})`);
  const item = (await (await node.fetch(`${node.base}/api/content`)).json()).items.find((i) => i.description === 'Holiday film');
  assert.equal(item.size, bytes);
  const head = Buffer.from(await (await node.fetch(`${node.base}${item.mediaUrl}`, { headers: { Range: 'bytes=0-4095' } })).arrayBuffer());
  assert.ok(head.includes('moov'), 'the node moved the index to the front');
  assert.ok(item.torrent.magnet.startsWith(`magnet:?xt=urn:btih:${item.torrent.infoHash}`));

  const figures = await checkSlidingWindow(card, item);
  console.log(`# MP4 ${(bytes / 1048576).toFixed(0)} MiB, ${seconds.toFixed(0)} s: fetched ${(figures.atStart / 1048576).toFixed(1)} MiB to start,`
    + ` ${(figures.before80 / 1048576).toFixed(1)} MiB of the first 75% after the seek`);
  await shot(tab, 'mp4-played-at-80');
});

test('a video recorded in the page is made seekable, starts before it is fetched and seeks to 80%', { timeout: 300000 }, async () => {
  // MediaRecorder in the page, as the composer records; from a canvas of noise, so that 16 s make a file big
  // enough to tell a bounded read-ahead from "everything" (the fake camera's picture compresses to almost nothing)
  const recorded = await tab.evaluate(async () => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 640, height: 360 });
    const g = canvas.getContext('2d');
    const noise = g.createImageData(640, 360);
    let frame = 0;
    const draw = setInterval(() => {
      for (let p = 0; p < noise.data.length; p += 4) {
        const v = (Math.random() * 255) | 0;
        noise.data[p] = v; noise.data[p + 1] = 255 - v; noise.data[p + 2] = (v * 3) & 255; noise.data[p + 3] = 255;
      }
      g.putImageData(noise, 0, 0);
      g.fillStyle = '#fff';
      g.font = '48px sans-serif';
      g.fillText(`frame ${frame++}`, 40, 80);
    }, 33);
    const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: 'video/webm;codecs=vp8', videoBitsPerSecond: 12_000_000 });
    const chunks = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    recorder.start(1000);
    await new Promise((r) => setTimeout(r, 16000));
    await new Promise((r) => { recorder.onstop = r; recorder.stop(); });
    clearInterval(draw);
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  });
  await tab.locator('#media-file').setInputFiles({ name: 'recording.webm', mimeType: 'video/webm', buffer: Buffer.from(recorded, 'base64') });
  await tab.locator('#description').fill('Recorded here');
  await tab.locator('#publish').click();
  await tab.getByText('Published! It is now on your page.').waitFor();
  const card = await readyCard('Recorded here');
  const item = (await (await node.fetch(`${node.base}/api/content`)).json()).items.find((i) => i.description === 'Recorded here');
  assert.equal(item.type, 'video/webm');
  const figures = await checkSlidingWindow(card, item);
  console.log(`# recorded WebM ${(item.size / 1048576).toFixed(1)} MiB: fetched ${(figures.atStart / 1048576).toFixed(1)} MiB to start,`
    + ` ${(figures.before80 / 1048576).toFixed(1)} MiB of the first 75% after the seek`);
  await shot(tab, 'webm-played-at-80');
});

test('a second browser without the web seed gets the pieces from the first over WebRTC', { timeout: 300000 }, async () => {
  const second = await launch('torrent-second', { args: WEBRTC_ARGS });
  try {
    const page = second.pages()[0] || await second.newPage();
    page.setDefaultTimeout(30000);
    // what the page says about streaming (a failed start falls back to the node, and says why here)
    const said = [];
    page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') said.push(m.text()); });
    // the web seed is refused inside the page, not with page.route: with Playwright's routing on, this chromium's
    // service worker never took control of the page ("The video player did not start") and the card played direct
    await page.addInitScript(() => {
      window.webSeedAsked = 0;
      const refused = (url) => String(url).includes('/webseed/');
      const fetchOriginal = window.fetch;
      window.fetch = (input, init) => {
        if (refused(input && input.url ? input.url : input)) {
          window.webSeedAsked += 1;
          return Promise.reject(new TypeError('the web seed is switched off for this browser'));
        }
        return fetchOriginal(input, init);
      };
      const open = XMLHttpRequest.prototype.open;
      XMLHttpRequest.prototype.open = function (method, url, ...rest) {
        if (refused(url)) {
          window.webSeedAsked += 1;
          return open.call(this, method, 'http://127.0.0.1:9/', ...rest);
        }
        return open.call(this, method, url, ...rest);
      };
    });
    await node.signInPage(page);
    await page.goto(`${node.base}/#home`);
    const card = page.locator('.card', { hasText: 'Holiday film' });
    await card.scrollIntoViewIfNeeded();
    try {
      await card.locator('video[data-streaming="webtorrent"]').waitFor({ timeout: 60000 });
    } catch (error) {
      const streaming = await card.locator('video').getAttribute('data-streaming');
      throw new Error(`${error.message}\nthe video streams: ${streaming}\nthe page said: ${said.join('\n').slice(0, 2000)}`);
    }
    await card.locator('video').evaluate((video) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no frame (at ${video.currentTime} s)`)), 45000);
      video.muted = true;
      video.play().catch(() => {});
      video.requestVideoFrameCallback(() => { clearTimeout(timer); resolve(); });
    }));
    const stats = card.locator('.torrent-stats');
    await waitFor(async () => Number(await stats.getAttribute('data-from-peers')) > 0, { timeout: 15000, what: 'bytes from a peer' });
    const peers = Number(await stats.getAttribute('data-peers'));
    const fromPeers = Number(await stats.getAttribute('data-from-peers'));
    assert.ok(peers > 0, 'connected to the first browser over WebRTC');
    assert.ok(fromPeers > 0, `received ${fromPeers} bytes from the first browser`);
    const webSeedAsked = await page.evaluate(() => window.webSeedAsked);
    console.log(`# second browser: ${peers} peer(s), ${(fromPeers / 1048576).toFixed(1)} MiB over WebRTC, web seed refused ${webSeedAsked} times`);
    await shot(page, 'second-browser-over-webrtc');
    const first = tab.locator('.card', { hasText: 'Holiday film' }).locator('.torrent-stats');
    await waitFor(async () => Number(await first.getAttribute('data-uploaded')) > 0, { timeout: 15000, what: 'the first browser to upload' });
  } finally {
    await second.close();
  }
});

test('a video dropped into the shared folder by hand stays byte-identical and streams from a copy', { timeout: 300000 }, async () => {
  const clip = await encodeClip(tab, { width: 640, height: 360, frames: 30, bitrate: 8_000_000 });
  const staging = path.join(node.work, 'dropped.mp4');
  writeMp4(staging, clip, 6 * 1024 * 1024);
  const original = fs.readFileSync(staging);
  assert.equal(original.subarray(0, 4096).includes('moov'), false, 'the test file has its index at the end');
  fs.renameSync(staging, path.join(node.shared, 'dropped by hand.mp4'));
  const card = await readyCard('Dropped by hand');
  const onDisk = fs.readFileSync(path.join(node.shared, 'dropped by hand.mp4'));
  assert.ok(onDisk.equals(original), 'the user\'s file is byte for byte what they dropped');
  const item = (await (await node.fetch(`${node.base}/api/content`)).json()).items.find((i) => i.fileName === 'dropped by hand.mp4');
  assert.equal(item.size, original.length);
  assert.equal(item.sha256, crypto.createHash('sha256').update(original).digest('hex'));
  assert.match(item.torrent.magnet, /&ws=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fwebseed%2F/);
  const head = await node.fetch(`${node.base}${item.torrent.webSeedUrl}`, { headers: { Range: 'bytes=0-4095' } });
  assert.ok(Buffer.from(await head.arrayBuffer()).includes('moov'), 'the web seed serves a copy with the index in front');
  await playFrom(card, 0);

  // visitors (the public site, what I2P carries) play from the web seed by plain HTTP ranges, no WebRTC
  const feed = await (await fetch(`${node.publicBase}/feed.json`)).json();
  const shared = feed.items.find((i) => i.id === item.id);
  assert.equal(shared.webSeedUrl, item.torrent.webSeedUrl);
  const part = await fetch(`${node.publicBase}${shared.webSeedUrl}`, { headers: { Range: 'bytes=0-99' } });
  assert.equal(part.status, 206);
  assert.equal((await part.arrayBuffer()).byteLength, 100);
});
