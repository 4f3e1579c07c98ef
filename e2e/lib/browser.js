// Debian's chromium, headless, with a fake camera and microphone and nothing talking to the internet.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { targetDir } from './node.js';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ARGS = [
  '--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu',
];

/**
 * A browser with its own profile; `proxy` ({ server }) makes it browse through an HTTP proxy (e.g. a node's I2P
 * proxy), `args` adds Chromium switches.
 */
export async function launch(name, { proxy, args = [] } = {}) {
  const profile = path.join(targetDir, 'browser-profiles', name);
  fs.rmSync(profile, { recursive: true, force: true });
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: [...ARGS, ...args], viewport: { width: 1280, height: 900 }, proxy,
  });
}

export function screenshots(dirName) {
  const dir = path.join(targetDir, 'screenshots', dirName);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page, name, { fullPage = true } = {}) => {
    n += 1;
    await page.screenshot({ path: path.join(dir, `${String(n).padStart(2, '0')}-${name}.png`), fullPage });
  };
}

/** A browser on `url`, signed in to `node`'s private site first when a node is given. */
export async function openPage(name, url, node) {
  const browser = await launch(name);
  const tab = browser.pages()[0] || await browser.newPage();
  tab.setDefaultTimeout(60000);
  if (node) await node.signInPage(tab);
  await tab.goto(url);
  return { browser, tab };
}
