// "Apps by Alice" on a friend's page: the dApps they share, each checked (signature, fingerprint, author,
// permissions) before the owner is asked, and installed only with a yes; an app with code needs "trust fully".
import { getJson, send } from './api.js';
import { confirmDialog, el, humanSize } from './ui.js';

function describe(preview) {
  const who = preview.author.knownAs || preview.author.nickname || 'someone';
  const lines = [`Made and signed by ${who} (${preview.author.b32}); the signature and the file’s fingerprint were checked.`];
  lines.push(preview.permissions.length
    ? `It may ${preview.permissions.map((p) => p.meaning).join('; ')}.`
    : 'It asks for nothing beyond its own pages.');
  lines.push(preview.needsFullTrust
    ? `It contains code that runs inside your node with all its power, not only in your browser. Install it only if you trust ${who} fully.`
    : 'It is pages only: it runs in your browser, inside your node’s rules.');
  if (preview.replaces) lines.push(`It replaces version ${preview.replaces}.`);
  lines.push(`Size: ${humanSize(preview.size)}${preview.api ? `; made for p2pstack API ${preview.api}` : ''}.`);
  return lines.join(' ');
}

async function install(app, status) {
  status.className = 'message'; status.textContent = `Checking ${app.title}…`;
  try {
    const preview = await send('POST', '/api/dapps/preview', { cid: app.cid });
    const yes = await confirmDialog({
      title: `Install ${preview.title} ${preview.version}?`,
      text: describe(preview),
      confirm: preview.needsFullTrust ? 'Trust fully and install' : 'Install',
      danger: preview.needsFullTrust,
    });
    if (!yes) { status.textContent = ''; return; }
    status.textContent = `Installing ${preview.title}…`;
    const result = await send('POST', '/api/dapps/install', { cid: app.cid, trustFully: preview.needsFullTrust });
    status.replaceChildren();
    if (result.state === 'active') {
      status.className = 'message ok';
      status.append(`${result.title} is installed. `, el('a', { href: result.url }, `Open ${result.title}`));
    } else {
      status.className = 'message error';
      status.textContent = `${result.title} could not start: ${result.reason || 'it is still starting; look at your apps in a moment.'}`;
    }
  } catch (error) {
    status.className = 'message error'; status.textContent = error.message;
  }
}

/** The section listing what {@code page}'s person shares; filled in once their list arrives over I2P. */
export function friendAppsSection(page) {
  const list = el('ul', { class: 'app-grid', id: 'friend-apps' },
    el('li', { class: 'muted' }, `Looking for apps ${page.nickname} shares…`));
  const status = el('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const section = el('section', { 'aria-labelledby': 'friend-apps-title' },
    el('h2', { id: 'friend-apps-title' }, `Apps by ${page.nickname}`), list, status);
  getJson(`/api/dapps/friend?address=${encodeURIComponent(page.b32)}`).then(({ dapps }) => {
    if (!dapps.length) {
      list.replaceChildren(el('li', { class: 'muted' }, `${page.nickname} does not share any apps.`));
      return;
    }
    list.replaceChildren(...dapps.map((app) => {
      const button = el('button', { type: 'button', class: 'secondary', 'data-cid': app.cid }, 'Install…');
      button.addEventListener('click', () => install(app, status));
      return el('li', {}, el('div', { class: 'app' }, el('span', {},
        el('strong', {}, `${app.title} ${app.version}`),
        el('small', {}, app.description || ''),
        el('small', { class: 'muted' }, app.kind === 'java' ? 'Contains code that runs inside the node' : 'Pages only')),
      button));
    }));
  }).catch((error) => {
    list.replaceChildren(el('li', { class: 'muted' }, `Their apps cannot be listed now: ${error.message}`));
  });
  return section;
}
