// The cards: one per item in the shared folder, newest first, with an inline player and delete. Videos play
// through WebTorrent (player.js) once the node has made them a torrent; until then the card shows the
// hashing progress and plays straight from the node.
import { send } from './api.js';
import { el, when, humanSize, confirmDialog, announce } from './ui.js';
import * as store from './store.js';
import { icon } from './icons.js';
import { canStream, stream, stopAllExcept } from './player.js';

const nodes = new Map(); // id -> { node, item, player }
const STATS_EVERY_MILLIS = 1000;

function speed(bytesPerSecond) {
  return bytesPerSecond < 1024 ? '0 KB/s' : `${humanSize(bytesPerSecond)}/s`;
}

/**
 * The torrent line of a video card: hashing progress; once ready, viewers, speeds and the magnet link only inside
 * "Details" (they read as jargon, and as if your own video were downloading to you).
 */
function torrentPanel(entry) {
  const { item } = entry;
  const torrent = item.torrent;
  const panel = entry.node.querySelector('.torrent');
  if (!torrent) { panel.replaceChildren(); return; }
  panel.dataset.state = torrent.state;
  if (torrent.state === 'hashing') {
    const percent = Math.round((torrent.progress || 0) * 100);
    panel.replaceChildren(el('div', { class: 'progress small', role: 'progressbar', 'aria-label': 'Getting the video ready for streaming',
      'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(percent) }, el('div', { class: 'bar', style: `width:${percent}%` })),
    el('span', { class: 'muted' }, `Getting ready for streaming… ${percent}%`));
    return;
  }
  if (torrent.state === 'failed') {
    panel.replaceChildren(el('span', { class: 'muted' }, torrent.error || 'This video cannot be streamed to friends.'));
    return;
  }
  if (panel.querySelector('.copy-magnet')) return; // ready: the stats timer keeps it up to date
  const copied = el('span', { class: 'muted copied', 'aria-live': 'polite' });
  const copy = el('button', { type: 'button', class: 'link copy-magnet', title: 'A magnet link any WebTorrent app can open',
    onclick: async () => {
      const link = entry.item.torrent.visitorMagnet || entry.item.torrent.magnet;
      try { await navigator.clipboard.writeText(link); copied.textContent = 'Copied!'; } catch { window.prompt('Copy this magnet link:', link); }
      setTimeout(() => { copied.textContent = ''; }, 3000);
    } }, icon('link', 16), ' Copy magnet link');
  panel.replaceChildren(el('details', { class: 'torrent-details' }, el('summary', { class: 'muted' }, 'Details'),
    el('div', { class: 'card-meta' },
      el('span', { class: 'muted torrent-stats', 'aria-live': 'off' }, canStream() ? 'Shared with other viewers as a torrent' : 'Shared as a torrent'),
      copy, copied)));
}

function showStats(entry) {
  const line = entry.node.querySelector('.torrent-stats');
  const stats = entry.player && entry.player.stats();
  if (!line || !stats) return;
  const viewers = stats.peers === 1 ? '1 other viewer' : `${stats.peers} other viewers`;
  line.textContent = `${viewers} · ↓ ${speed(stats.download)} · ↑ ${speed(stats.upload)}`;
  Object.assign(line.dataset, { peers: stats.peers, fromPeers: stats.fromPeers, fromWebSeed: stats.fromWebSeed, uploaded: stats.uploaded });
}

/** Switches a video card to WebTorrent once its torrent is ready (and the card has been on screen). */
async function startStreaming(entry) {
  const torrent = entry.item.torrent;
  if (entry.player || entry.starting || entry.failed || !torrent || torrent.state !== 'ready' || !canStream() || !entry.visible) return;
  const video = entry.node.querySelector('video');
  if (!video.paused && !video.ended) {
    // playing straight from the node: switch when the viewer pauses, not in the middle of it
    if (!entry.waitingForPause) {
      entry.waitingForPause = true;
      video.addEventListener('pause', () => { entry.waitingForPause = false; startStreaming(entry); }, { once: true });
    }
    return;
  }
  entry.starting = true;
  try {
    entry.player = await stream(entry.item, video);
    video.dataset.streaming = 'webtorrent';
    entry.timer = setInterval(() => showStats(entry), STATS_EVERY_MILLIS);
  } catch (error) {
    console.warn('Streaming with WebTorrent failed, playing from the node', error);
    entry.failed = true;
    video.src = entry.item.mediaUrl;
    video.dataset.streaming = 'direct';
  } finally {
    entry.starting = false;
  }
}

const onScreen = typeof IntersectionObserver === 'undefined' ? null : new IntersectionObserver((seen) => {
  for (const { target, isIntersecting } of seen) {
    const entry = nodes.get(target.dataset.id);
    if (entry && isIntersecting && !entry.visible) { entry.visible = true; startStreaming(entry); }
  }
}, { rootMargin: '200px' });

function forget(entry) {
  clearInterval(entry.timer);
  if (onScreen) onScreen.unobserve(entry.node);
}

function cardFor(item) {
  const media = item.kind === 'picture'
    ? el('img', { class: 'media', src: item.mediaUrl, alt: item.description, loading: 'lazy' })
    : el('video', { class: 'media', src: item.torrent && item.torrent.state === 'ready' && canStream() ? undefined : item.mediaUrl,
      controls: true, preload: 'metadata', playsinline: true,
      poster: item.thumbnailUrl || undefined, 'aria-label': `Video: ${item.description}` });
  const title = el('p', { class: 'card-text' }, item.description);
  const time = el('time', { datetime: item.created, title: new Date(item.created).toLocaleString() }, when(item.created));
  const remove = el('button', { type: 'button', class: 'icon-button', 'aria-label': `Delete “${item.description}”`,
    title: 'Delete', onclick: () => removeItem(item) }, icon('trash', 20));
  const meta = el('div', { class: 'card-meta muted' }, time,
    item.origin === 'dropped' ? el('span', { class: 'tag' }, 'From your shared folder') : null,
    el('span', {}, humanSize(item.size)));
  return el('li', { class: 'card', 'data-id': item.id },
    el('article', { 'aria-label': item.description }, el('div', { class: 'media-frame' }, media), el('div', { class: 'card-body' }, title,
      item.kind === 'video' ? el('div', { class: 'torrent card-meta' }) : null, el('div', { class: 'card-foot' }, meta, remove))));
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
      if (item.kind === 'video') { torrentPanel(known); startStreaming(known); }
      return known.node;
    }
    if (known) forget(known);
    const entry = { node: cardFor(item), item, player: null, visible: !onScreen };
    nodes.set(item.id, entry);
    if (item.kind === 'video') {
      torrentPanel(entry);
      if (onScreen) onScreen.observe(entry.node); else startStreaming(entry);
    }
    return entry.node;
  });
  for (const [id, entry] of [...nodes]) if (!seen.has(id)) { forget(entry); nodes.delete(id); }
  list.replaceChildren(...ordered);
  empty.hidden = items.length > 0;
  // torrents of cards that are gone (or whose file changed) stop
  stopAllExcept(new Set([...nodes.values()].map((e) => e.item.torrent && e.item.torrent.infoHash).filter(Boolean)));
}
