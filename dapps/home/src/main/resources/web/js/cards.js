// The cards: one per item in the shared folder, newest first, with an inline player and delete.
import { send } from './api.js';
import { el, when, humanSize, confirmDialog, announce } from './ui.js';
import * as store from './store.js';
import { icon } from './icons.js';

const nodes = new Map(); // id -> { node, item }

function cardFor(item) {
  const media = item.kind === 'picture'
    ? el('img', { class: 'media', src: item.mediaUrl, alt: item.description, loading: 'lazy' })
    : el('video', { class: 'media', src: item.mediaUrl, controls: true, preload: 'metadata', playsinline: true,
      poster: item.thumbnailUrl || undefined, 'aria-label': `Video: ${item.description}` });
  const title = el('p', { class: 'card-text' }, item.description);
  const time = el('time', { datetime: item.created, title: new Date(item.created).toLocaleString() }, when(item.created));
  const remove = el('button', { type: 'button', class: 'icon-button', 'aria-label': `Delete “${item.description}”`,
    title: 'Delete', onclick: () => removeItem(item) }, icon('trash', 20));
  const meta = el('div', { class: 'card-meta muted' }, time,
    item.origin === 'dropped' ? el('span', { class: 'tag' }, 'From your shared folder') : null,
    el('span', {}, humanSize(item.size)));
  return el('li', { class: 'card', 'data-id': item.id },
    el('article', { 'aria-label': item.description }, el('div', { class: 'media-frame' }, media), el('div', { class: 'card-body' }, title, el('div', { class: 'card-foot' }, meta, remove))));
}

async function removeItem(item) {
  const what = item.kind === 'picture' ? 'picture' : 'video';
  const yes = await confirmDialog({
    title: `Delete this ${what}?`,
    text: `“${item.description}” will be removed from your page and from your shared folder on this computer. This cannot be undone.`,
    confirm: 'Delete', danger: true,
  });
  if (!yes) return;
  try {
    await send('DELETE', `/api/content/${item.id}`);
    store.removeItem(item.id);
    announce(`Deleted “${item.description}”.`);
  } catch (error) {
    announce(error.message);
    alert(error.message);
  }
}

/** Makes the list match the store, keeping existing players (a playing video keeps playing). */
export function renderCards(list, empty) {
  const { items } = store.get();
  const seen = new Set();
  const ordered = items.map((item) => {
    seen.add(item.id);
    const known = nodes.get(item.id);
    if (known && known.item.sha256 === item.sha256 && known.item.thumbnailUrl === item.thumbnailUrl) {
      if (known.item.description !== item.description) known.node.querySelector('.card-text').textContent = item.description;
      known.node.querySelector('time').textContent = when(item.created);
      known.item = item;
      return known.node;
    }
    const node = cardFor(item);
    nodes.set(item.id, { node, item });
    return node;
  });
  for (const id of [...nodes.keys()]) if (!seen.has(id)) nodes.delete(id);
  list.replaceChildren(...ordered);
  empty.hidden = items.length > 0;
}
