// The chat at the bottom of the home page: this node's own room, merged from every participant's
// Hypercore by time. New messages arrive as 'chat' events on the page's live stream.
import { getJson, send } from './api.js';
import { el, avatarNode, announce } from './ui.js';

const MAX_TEXT = 1000;
let room = null;
const shown = new Set();

function line(m) {
  const time = new Date(m.time);
  return el('li', { class: m.mine ? 'chat-line mine' : 'chat-line', 'data-id': m.id },
    avatarNode({ nickname: m.nickname, avatarUrl: m.avatarUrl }, 32),
    el('div', { class: 'chat-bubble' },
      el('div', { class: 'chat-meta' }, el('strong', {}, m.nickname), ' ',
        el('time', { datetime: m.at, class: 'muted' }, time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })),
        m.b32 ? el('span', { class: 'muted chat-b32', title: m.b32 }, ` ${m.b32.slice(0, 8)}…`) : null),
      el('p', { class: 'chat-text' }, m.text)));
}

function insert(list, m) {
  if (shown.has(m.id)) return false;
  shown.add(m.id);
  const node = line(m);
  // keep the merged order by time even when an older message arrives late from a peer
  const after = [...list.children].find((li) => Number(li.dataset.time) > m.time);
  node.dataset.time = String(m.time);
  list.insertBefore(node, after || null);
  return true;
}

export function chatPanel() {
  const list = el('ol', { class: 'chat-log', id: 'chat-log', 'aria-live': 'polite', 'aria-label': 'Messages' });
  const empty = el('p', { class: 'muted', id: 'chat-empty' }, 'No messages yet. Say hello — the people who follow you will see it here.');
  const notice = el('p', { class: 'chat-notice', id: 'chat-notice' });
  const input = el('textarea', { id: 'chat-text', rows: '2', maxlength: String(MAX_TEXT), placeholder: 'Write a message…', 'aria-label': 'Your message' });
  const message = el('p', { class: 'message', id: 'chat-message', role: 'alert' });
  const form = el('form', { class: 'chat-form' }, input, el('button', { type: 'submit', class: 'primary', id: 'chat-send' }, 'Send'));
  const picker = el('select', { id: 'chat-room', 'aria-label': 'Chat room' });
  const pickerRow = el('label', { class: 'chat-room-picker', hidden: true }, 'Room ', picker);
  picker.addEventListener('change', () => { room = picker.value; load().catch(() => {}); });
  const scroll = () => { list.scrollTop = list.scrollHeight; };
  async function load() {
    const answer = await getJson(`/api/chat${room ? `?room=${room}` : ''}`);
    room = answer.room || null;
    notice.textContent = answer.notice;
    // yours, and the rooms of the people you follow
    picker.replaceChildren(...answer.rooms.map((r) => el('option', { value: r.id, selected: r.id === room },
      r.id === answer.ownRoom ? 'Your room' : `${r.owner}’s room`)));
    pickerRow.hidden = answer.rooms.length < 2;
    shown.clear();
    list.replaceChildren();
    for (const m of answer.messages) insert(list, m);
    empty.hidden = answer.messages.length > 0;
    scroll();
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) { message.textContent = 'Write a message first.'; message.className = 'message error'; return; }
    try {
      const answer = await send('POST', '/api/chat/messages', { text, room });
      if (insert(list, answer.message)) scroll();
      empty.hidden = true;
      input.value = '';
      message.textContent = '';
    } catch (error) {
      message.textContent = error.message;
      message.className = 'message error';
    }
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  const panel = el('div', { class: 'chat' }, notice, pickerRow, empty, list, form, message);
  panel.load = () => load().catch((error) => { notice.textContent = error.message; });
  panel.onEvent = ({ room: r, message: m }) => {
    if (room && r !== room) return;
    if (insert(list, m)) {
      empty.hidden = true;
      scroll();
      if (!m.mine) announce(`${m.nickname} says: ${m.text}`);
    }
  };
  return panel;
}
