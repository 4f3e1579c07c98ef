// The apps menu and grid: every installed dApp, refreshed when the page regains focus.
import { getJson } from './api.js';

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
  link.append(text);
  return link;
}

export async function renderApps(grid, menu) {
  try {
    const { dapps } = await getJson('/api/dapps');
    const others = dapps.filter((d) => d.name !== 'home');
    if (others.length === 0) {
      const empty = document.createElement('li');
      empty.className = 'muted';
      empty.textContent = 'No apps yet. Apps you install appear here.';
      grid.replaceChildren(empty);
    } else {
      grid.replaceChildren(...others.map((d) => { const li = document.createElement('li'); li.append(appLink(d)); return li; }));
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
