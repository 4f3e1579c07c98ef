// Time to the first video frame in Chromium for a 1 GiB video streamed by WebTorrent from the node's web
// seed: makes a 1 GiB MP4 (index at the end), drops it into the node's shared folder (the node makes it
// streamable and a torrent), then opens the home page in fresh tabs and measures, median of RUNS:
//   play  — from video.play() on a loaded page to the first frame shown
//   seek  — from setting currentTime to 50% to the first frame there
//   cold  — from navigation start to the first frame when the page plays the card as soon as it can
// Usage: node first-frame.mjs <node base URL> <shared folder> [MiB] <sign-in link>   (prints one JSON line)
import fs from 'node:fs';
import path from 'node:path';
import { launch } from '../../../e2e/lib/browser.js';
import { encodeClip, writeMp4 } from '../../../e2e/lib/mp4.js';

const [base, shared, mib = '1024', signIn] = process.argv.slice(2);
const RUNS = 3;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const browser = await launch('bench-first-frame');
try {
  const page = browser.pages()[0] || await browser.newPage();
  await page.goto(signIn); // the node answers only to a signed-in browser (one-time link, as bin/open)
  await page.goto('about:blank');
  await page.goto(`${base}/#home`); // WebCodecs needs a secure context (127.0.0.1), not about:blank
  const name = 'bench-first-frame.mp4';
  const staging = path.join(shared, '..', name);
  const made = writeMp4(staging, await encodeClip(page, { frames: 60 }), Number(mib) * 1024 * 1024);
  fs.renameSync(staging, path.join(shared, name));
  const preparing = performance.now();
  let item;
  for (;;) {
    const { items } = await (await browser.request.get(`${base}/api/content`)).json(); // the browser's cookie
    item = items.find((i) => i.fileName === name);
    if (item && item.torrent && item.torrent.state === 'ready') break;
    if (item && item.torrent && item.torrent.state === 'failed') throw new Error(item.torrent.error);
    if (performance.now() - preparing > 600000) throw new Error('the node did not make a torrent of the video');
    await new Promise((r) => setTimeout(r, 200));
  }
  const prepareSeconds = (performance.now() - preparing) / 1000;
  await page.goto(`${base}/#home`); // registers the service worker once, as a first visit does
  const card = (p) => p.locator(`.card[data-id="${item.id}"] video[data-streaming="webtorrent"]`);
  await card(page).waitFor({ timeout: 60000 });
  await page.close();

  const play = [];
  const seek = [];
  const cold = [];
  for (let i = 0; i < RUNS; i++) {
    const tab = await browser.newPage();
    await tab.goto(`${base}/#home`);
    const video = card(tab);
    await video.waitFor({ timeout: 60000 });
    const times = await video.evaluate(async (v) => {
      const frameAfter = (at) => new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no frame within 30 s')), 30000);
        const check = (now, meta) => { if (meta.mediaTime >= at) { clearTimeout(timer); resolve(performance.now()); } else v.requestVideoFrameCallback(check); };
        v.requestVideoFrameCallback(check);
      });
      v.muted = true;
      if (v.readyState < 1) await new Promise((r) => v.addEventListener('loadedmetadata', r, { once: true }));
      const t0 = performance.now();
      const shown = frameAfter(0);
      await v.play();
      const play = (await shown) - t0;
      v.pause();
      const target = v.duration / 2;
      const t1 = performance.now();
      const there = frameAfter(target - 0.05);
      v.currentTime = target;
      await new Promise((r) => v.addEventListener('seeked', r, { once: true }));
      await v.play();
      const seek = (await there) - t1;
      v.pause();
      return { play, seek };
    });
    play.push(times.play);
    seek.push(times.seek);
    await tab.close();

    // cold: a fresh tab that starts playing the moment the card has its player
    const fresh = await browser.newPage();
    await fresh.addInitScript((id) => {
      const started = () => {
        const v = document.querySelector(`.card[data-id="${id}"] video[data-streaming="webtorrent"]`);
        if (!v) { requestAnimationFrame(started); return; }
        v.muted = true;
        v.play().catch(() => {});
        const check = (now, meta) => { window.firstFrameAt = performance.now(); };
        v.requestVideoFrameCallback(check);
      };
      document.addEventListener('DOMContentLoaded', started);
    }, item.id);
    await fresh.goto(`${base}/#home`);
    await fresh.waitForFunction(() => window.firstFrameAt, null, { timeout: 60000 });
    cold.push(await fresh.evaluate(() => window.firstFrameAt));
    await fresh.close();
  }
  console.log(JSON.stringify({ mib: made.bytes / 1048576, seconds: made.seconds, prepareSeconds,
    playMs: median(play), seekMs: median(seek), coldMs: median(cold), runs: { play, seek, cold } }));
} finally {
  await browser.close();
}
