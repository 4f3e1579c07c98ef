// Starts a copy of the assembled distribution for the browser tests, with its own ports, data and shared
// folder (never the user's ~/P2PStack/Shared), exactly as a user would: bin/start, bin/stop.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const e2eRoot = path.resolve(here, '..');
export const repoRoot = path.resolve(e2eRoot, '..');
export const targetDir = path.join(e2eRoot, 'target');

export function distribution() {
  const dist = process.env.P2PSTACK_DISTRIBUTION || path.join(repoRoot, 'karaf-distro', 'target', 'assembly');
  if (!fs.existsSync(path.join(dist, 'bin', 'start'))) {
    throw new Error(`No assembled distribution at ${dist}: build first (mvn install -DskipTests)`);
  }
  return dist;
}

export async function waitFor(check, { timeout = 60000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) { last = error; }
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

export class Node {
  constructor(name, offset, { maxUploadMegabytes = 2048 } = {}) {
    this.name = name;
    this.offset = offset;
    this.work = path.join(targetDir, 'nodes', name);
    this.home = path.join(this.work, 'node');
    this.shared = path.join(this.work, 'shared');
    this.base = `http://127.0.0.1:${8181 + offset}`;
    this.publicBase = `http://127.0.0.1:${8182 + offset}`;
    this.gatewayPort = 8183 + offset;
    fs.rmSync(this.work, { recursive: true, force: true });
    fs.mkdirSync(this.shared, { recursive: true });
    execFileSync('cp', ['-a', distribution(), this.home]);
    const cfg = path.join(this.home, 'etc', 'org.p2pstack.core.cfg');
    const text = fs.readFileSync(cfg, 'utf8')
      .replace(/^sharedFolder\s*=.*$/m, `sharedFolder = ${this.shared}`)
      .replace(/^maxUploadMegabytes\s*=.*$/m, `maxUploadMegabytes = ${maxUploadMegabytes}`);
    fs.writeFileSync(cfg, text);
  }

  /** Sets keys in the node's etc/<pid>.cfg (before start), e.g. configure('org.p2pstack.i2p', { mode: 'external' }). */
  configure(pid, settings) {
    const cfg = path.join(this.home, 'etc', `${pid}.cfg`);
    let text = fs.existsSync(cfg) ? fs.readFileSync(cfg, 'utf8') : '';
    for (const [key, value] of Object.entries(settings)) {
      const line = new RegExp(`^${key.replace(/\./g, '\\.')}\\s*=.*$`, 'm');
      text = line.test(text) ? text.replace(line, `${key} = ${value}`) : `${text}\n${key} = ${value}\n`;
    }
    fs.writeFileSync(cfg, text);
  }

  script(name) {
    const result = spawnSync(path.join(this.home, 'bin', name), [], {
      // tests keep nodes on this computer: no public bootstrap peers, reseeds or DHT nodes
      cwd: this.home, env: { ...process.env, P2PSTACK_PORT_OFFSET: String(this.offset), P2PSTACK_LOCAL_NETWORK: 'true' }, encoding: 'utf8', timeout: 60000,
    });
    if (result.status !== 0) throw new Error(`bin/${name} failed: ${result.stdout}${result.stderr}`);
  }

  /** The node's current one-time sign-in link (what bin/open opens); each use makes the node write a new one. */
  loginLink() {
    return fs.readFileSync(path.join(this.home, 'data', 'p2pstack', 'core', 'login-link'), 'utf8').trim();
  }

  /** Signs this test process in, as a browser would, so that node.fetch carries the session cookie. */
  async signIn() {
    const response = await fetch(this.loginLink(), { redirect: 'manual' });
    const cookie = (response.headers.getSetCookie?.() || [response.headers.get('set-cookie')]).find((c) => c && c.startsWith('p2pstack-session-'));
    if (response.status !== 303 || !cookie) throw new Error(`signing in to ${this.name} failed: ${response.status}`);
    this.cookie = cookie.split(';')[0];
  }

  /**
   * Signs a browser page in with a fresh one-time link, as bin/open does. The page is then left on a static file of
   * the node, so that the test's next goto loads the page anew (a goto from / to /#home would only change the
   * fragment). Not on about:blank: the home page's icon, still loading, was then asked for by that blank page, whose
   * origin is opaque, and Chromium 156 refuses that ("more-private address space"), an error in the page's console.
   */
  async signInPage(page) {
    const response = await page.goto(this.loginLink());
    if (!response || !response.ok() || !page.url().startsWith(`${this.base}/`)) throw new Error(`signing ${this.name}'s page in failed`);
    await page.goto(`${this.base}/dapps/home/icon.svg`);
  }

  /** fetch() with this process's session cookie (see signIn). */
  fetch(url, init = {}) {
    return fetch(url, { ...init, headers: { ...(init.headers || {}), ...(this.cookie ? { Cookie: this.cookie } : {}) } });
  }

  /** The page's anti-forgery token for this process's session. */
  async token() {
    return (await (await this.fetch(`${this.base}/api/session`)).json()).token;
  }

  /** GET (or `init`) of `urlPath` on the private site: { status, body } with the body as JSON ({} when it is not). */
  async json(urlPath, init) {
    const response = await this.fetch(`${this.base}${urlPath}`, init);
    return { status: response.status, body: await response.json().catch(() => ({})) };
  }

  /** A changing request (with the anti-forgery token) to `urlPath`: { status, body }. */
  async change(method, urlPath, body, contentType = 'application/json') {
    return this.json(urlPath, { method, body, headers: { 'X-P2PStack-Token': await this.token(), 'Content-Type': contentType } });
  }

  /** Waits for the node's I2P stack to run and returns its b32 address. */
  async i2pReady() {
    let b32;
    await waitFor(async () => {
      const status = (await this.json('/api/status')).body;
      b32 = status.identity && status.identity.b32;
      return Boolean(b32) && status.stacks.i2p.state === 'running';
    }, { timeout: 180000, interval: 500, what: `${this.name}'s I2P` });
    return b32;
  }

  /** Runs console commands through bin/client in batch mode and returns what they printed. */
  console(...commands) {
    const result = spawnSync(path.join(this.home, 'bin', 'client'), ['-b', '-r', '10', '-d', '1'], {
      cwd: this.home, input: `${commands.join('\n')}\n`, encoding: 'utf8', timeout: 120000,
      env: { ...process.env, P2PSTACK_PORT_OFFSET: String(this.offset), P2PSTACK_LOCAL_NETWORK: 'true' },
    });
    if (result.status !== 0) throw new Error(`bin/client failed: ${result.stdout}${result.stderr}`);
    return result.stdout;
  }

  async start() {
    for (const url of [this.base, this.publicBase]) {
      const answered = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false);
      if (answered) throw new Error(`${url} is already in use by another program; stop it or set E2E_PORT_OFFSET`);
    }
    this.script('start');
    try {
      // without the session cookie the node answers 401: it is up and its sign-in link is written
      await waitFor(async () => (await fetch(`${this.base}/api/session`)).status === 401, { what: `${this.name} to answer` });
      await this.signIn();
      await waitFor(async () => (await this.fetch(`${this.base}/api/content`)).ok, { what: `${this.name}'s content API` });
      await waitFor(async () => (await fetch(`${this.base}/`)).ok, { what: `${this.name}'s home page` });
      for (const api of ['/api/session', '/api/profile', '/api/events']) {
        await waitFor(async () => {
          const response = await this.fetch(`${this.base}${api}`);
          response.body?.cancel();
          return response.ok;
        }, { what: `${this.name}'s ${api}` });
      }
    } catch (error) {
      throw new Error(`${error.message}\n--- last lines of the node's log ---\n${this.log()}${this.threadDump()}`);
    }
  }

  /** Where each thread of a node that did not come up stood (jstack of the build's JDK), for the failure report. */
  threadDump() {
    try {
      const pid = fs.readFileSync(path.join(this.home, 'karaf.pid'), 'utf8').trim();
      const jstack = path.join(process.env.JAVA_HOME || '/usr/lib/jvm/temurin-25-jdk-amd64', 'bin', 'jstack');
      const dump = spawnSync(jstack, [pid], { encoding: 'utf8', timeout: 30000 }).stdout || '';
      const file = path.join(this.work, 'threads-at-start-timeout.txt');
      fs.writeFileSync(file, dump);
      return `\n--- threads written to ${file} ---`;
    } catch (error) {
      return `\n(no thread dump: ${error.message})`;
    }
  }

  async stop() {
    const pidFile = path.join(this.home, 'karaf.pid');
    const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').trim()) : 0;
    try { this.script('stop'); } catch { /* already stopped */ }
    if (pid) {
      await waitFor(() => { try { process.kill(pid, 0); return false; } catch { return true; } }, { timeout: 30000, what: 'the node to stop' })
        .catch(() => { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } });
    }
  }

  log() {
    try {
      return fs.readFileSync(path.join(this.home, 'data', 'log', 'karaf.log'), 'utf8').split('\n').slice(-40).join('\n');
    } catch { return '(no log)'; }
  }
}
