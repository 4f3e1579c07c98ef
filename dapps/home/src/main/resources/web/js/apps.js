// The apps menu and grid: every installed dApp with what it may use, and the ones that need attention with the
// reason in plain words; refreshed when the page regains focus.
import { getJson, send } from './api.js';
import { el } from './ui.js';

// Asks how to remove an app: keep what it stored (the default, so reinstalling brings it back) or release it.
function askRemoval(title) {
  return new Promise((resolve) => {
    const keep = el('input', { type: 'checkbox', id: 'remove-delete-data' });
    const dialog = el('dialog', { class: 'confirm', 'aria-labelledby': 'remove-title' },
      el('h2', { id: 'remove-title' }, `Remove ${title}?`),
      el('p', {}, `${title} disappears from your apps. What it stored (files it pinned, its own data) is kept unless you tick the box, so it is all there again if you install it later.`),
      el('label', {}, keep, ` Also delete what ${title} stored`),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'secondary', onclick: () => dialog.close('no') }, 'Cancel'),
        el('button', { type: 'button', class: 'danger', onclick: () => dialog.close('yes') }, 'Remove')));
    dialog.addEventListener('close', () => { dialog.remove(); resolve(dialog.returnValue === 'yes' ? { deleteData: keep.checked } : null); });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('.secondary').focus();
  });
}

function removeButton(dapp, grid, menu) {
  const button = el('button', { type: 'button', class: 'secondary app-remove', 'aria-label': `Remove ${dapp.title}` }, 'Remove…');
  button.addEventListener('click', async () => {
    const choice = await askRemoval(dapp.title);
    if (!choice) return;
    try {
      await send('POST', '/api/dapps/remove', { name: dapp.name, keepData: !choice.deleteData });
    } catch (error) {
      button.replaceWith(Object.assign(document.createElement('small'), { className: 'message error', textContent: error.message }));
      return;
    }
    renderApps(grid, menu);
  });
  return button;
}

function appLink(dapp) {
  const link = document.createElement('a');
  link.href = dapp.url;
  link.className = 'app';
  if (dapp.iconUrl) {
    const icon = document.createElement('img');
    icon.src = dapp.iconUrl;
    icon.alt = '';
    icon.width = 40;
    icon.height = 40;
    link.append(icon);
  }
  const text = document.createElement('span');
  const title = document.createElement('strong');
  title.textContent = dapp.title;
  const description = document.createElement('small');
  description.textContent = dapp.description;
  text.append(title, description);
  if (dapp.permissions && dapp.permissions.length > 0) {
    const may = document.createElement('small');
    may.className = 'app-permissions';
    may.textContent = `May ${dapp.permissions.map((p) => p.meaning).join('; ')}.`;
    text.append(may);
  }
  link.append(text);
  return link;
}

// A dApp that is installed but not running (or had something refused): what went wrong and what still runs.
function problemCard(status) {
  const card = document.createElement('div');
  card.className = 'app app-problem';
  card.setAttribute('role', 'status');
  const text = document.createElement('span');
  const title = document.createElement('strong');
  const version = status.version ? ` ${status.version}` : '';
  title.textContent = status.state === 'active'
    ? `${status.title}: something was refused`
    : status.state === 'invalid' ? `${status.title}${version} is not a usable app`
      : status.state === 'installed' ? `${status.title}${version} is not running yet` : `${status.title}${version} could not start`;
  const reason = document.createElement('small');
  reason.textContent = status.reason;
  text.append(title, reason);
  if (status.state !== 'active' && status.runningVersion) {
    const still = document.createElement('small');
    still.textContent = `Version ${status.runningVersion} keeps running.`;
    text.append(still);
  }
  const source = document.createElement('small');
  source.className = 'muted';
  source.textContent = status.source === 'built in' ? 'Came with p2pstack.' : `From ${status.source} in the deploy folder.`;
  text.append(source);
  card.append(text);
  return card;
}

export async function renderApps(grid, menu) {
  try {
    const { dapps, all = [] } = await getJson('/api/dapps');
    const others = dapps.filter((d) => d.name !== 'home');
    const problems = all.filter((s) => s.state !== 'active' || s.reason);
    const problemItems = problems.map((s) => {
      const li = document.createElement('li');
      li.append(problemCard(s));
      if (s.state !== 'active' && s.source && s.source !== 'built in') li.append(removeButton(s, grid, menu));
      return li;
    });
    if (others.length === 0 && problems.length === 0) {
      const empty = document.createElement('li');
      empty.className = 'muted';
      empty.textContent = 'No apps yet. Apps you install appear here.';
      grid.replaceChildren(empty);
    } else {
      const fromDeploy = new Set(all.filter((s) => s.source && s.source !== 'built in').map((s) => s.name));
      grid.replaceChildren(...problemItems, ...others.map((d) => {
        const li = document.createElement('li');
        li.append(appLink(d));
        if (fromDeploy.has(d.name)) li.append(removeButton(d, grid, menu));
        return li;
      }));
    }
    menu.replaceChildren(...dapps.map((d) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = d.name === 'home' ? '/' : d.url;
      a.textContent = d.title;
      li.append(a);
      return li;
    }));
  } catch (error) {
    grid.replaceChildren(Object.assign(document.createElement('li'), { textContent: `Cannot list apps: ${error.message}` }));
  }
}
