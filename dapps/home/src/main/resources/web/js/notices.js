// The bell in the top bar: what the node noticed (someone followed you, a friend posted, a message), newest first,
// the unread count in the tab's title, and browser notifications once the person turned them on.
import { getJson, send } from './api.js';
import { $, el, when, announce } from './ui.js';
import { icon } from './icons.js';

const BASE_TITLE = document.title;
let notices = [];
let unread = 0;

function setUnread(count) {
  unread = count;
  const badge = $('notices-count');
  badge.textContent = count > 99 ? '99+' : String(count);
  badge.hidden = count === 0;
  $('notices-button').setAttribute('aria-label', count ? `Notifications, ${count} unread` : 'Notifications');
  document.title = count ? `(${count}) ${BASE_TITLE}` : BASE_TITLE;
  $('notices-read-all').hidden = count === 0;
}

function closePanel() {
  $('notices-panel').hidden = true;
  $('notices-button').setAttribute('aria-expanded', 'false');
}

async function markRead(body) {
  try {
    setUnread((await send('POST', '/api/notices/read', body)).unread);
  } catch (error) {
    announce(error.message);
  }
}

function noticeItem(notice) {
  const open = () => {
    closePanel();
    if (!notice.read) {
      notice.read = true;
      markRead({ ids: [notice.id] }).then(render);
    }
  };
  return el('li', { class: notice.read ? 'notice' : 'notice unread' },
    el('a', { href: notice.link || '#me', onclick: open },
      notice.read ? null : el('span', { class: 'visually-hidden' }, 'New: '),
      el('span', { class: 'notice-text' }, notice.text, notice.count > 1 ? ` (${notice.count})` : ''),
      el('time', { class: 'muted small', datetime: notice.time, title: new Date(notice.time).toLocaleString() }, when(notice.time))));
}

function render() {
  $('notices-list').replaceChildren(...notices.map(noticeItem));
  $('notices-empty').hidden = notices.length > 0;
}

function renderBrowserChoice() {
  const box = $('notices-browser');
  if (!('Notification' in window)) { box.replaceChildren(); return; }
  if (Notification.permission === 'granted') {
    box.replaceChildren(el('p', { class: 'muted small' }, 'Notifications are on: this browser tells you when something arrives while this page is in the background.'));
  } else if (Notification.permission === 'denied') {
    box.replaceChildren(el('p', { class: 'muted small' }, 'Notifications are blocked for this page in your browser’s settings.'));
  } else {
    // the browser asks only on this click, never by itself
    box.replaceChildren(el('button', { type: 'button', class: 'secondary', id: 'notices-turn-on', onclick: async () => {
      try { await Notification.requestPermission(); } catch { /* an old browser: nothing to do */ }
      renderBrowserChoice();
    } }, 'Turn on notifications'));
  }
}

function showInBrowser(notice) {
  if (!document.hidden || !('Notification' in window) || Notification.permission !== 'granted') return;
  try {
    const shown = new Notification('p2pstack', { body: notice.text, tag: notice.id, icon: '/dapps/home/icon.svg' });
    shown.onclick = () => {
      window.focus();
      if (notice.link) window.location.hash = notice.link.slice(1);
      shown.close();
    };
  } catch { /* some browsers allow notifications only from a service worker */ }
}

export async function loadNotices() {
  try {
    const answer = await getJson('/api/notices');
    notices = answer.notices;
    setUnread(answer.unread);
    render();
  } catch { /* an older node without notices: the bell stays empty */ }
}

/** A 'notices' live event: one added (or folded into an unread one), or some read elsewhere. */
export function onNoticesEvent(event) {
  if (event.type === 'added') {
    notices = [event.notice, ...notices.filter((n) => n.id !== event.notice.id)];
    setUnread(event.unread);
    render();
    announce(event.notice.text);
    showInBrowser(event.notice);
  } else {
    loadNotices();
  }
}

export function wireNotices() {
  const button = $('notices-button');
  const panel = $('notices-panel');
  button.prepend(icon('bell', 22));
  setUnread(0);
  button.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    button.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) renderBrowserChoice();
  });
  $('notices-read-all').addEventListener('click', async () => {
    notices = notices.map((n) => ({ ...n, read: true }));
    render();
    await markRead({ all: true });
  });
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape' && !panel.hidden) { closePanel(); button.focus(); } });
  document.addEventListener('click', (event) => { if (!button.parentElement.contains(event.target)) closePanel(); });
  renderBrowserChoice();
}
