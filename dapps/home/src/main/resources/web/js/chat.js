// The chat rooms: this node's own room, the rooms of people followed and group rooms, each merged from every
// participant's Hypercore by time. New messages arrive as 'chat' events on the page's live stream. A message in a
// room that is not open is counted and offered ("New in Alice's room"), never hidden behind the picker; a room that
// nobody else is in says so before anyone writes into it; group rooms are made and joined here, by invite.
import { getJson, send } from './api.js';
import { el, avatarNode, announce } from './ui.js';

const MAX_TEXT = 1000;
const KEY = /\b[0-9a-f]{64}\b/i;
let room = null;
let rooms = [];
let ownRoom = null;
const shown = new Set();
const unread = new Map(); // room id -> messages that arrived while another room was open

function line(m) {
  const time = new Date(m.time);
  return el('li', { class: m.mine ? 'chat-line mine' : 'chat-line', 'data-id': m.id },
    avatarNode({ nickname: m.nickname, avatarUrl: m.avatarUrl }, 32),
    el('div', { class: 'chat-bubble' },
      el('div', { class: 'chat-meta' }, el('strong', {}, m.nickname), ' ',
        el('time', { datetime: m.at, class: 'muted' }, time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }))),
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

/** A room as people call it: "Your room", "Alice's room", or the name its maker gave a group room. */
function roomName(r) {
  if (!r) return 'this room';
  if (r.id === ownRoom) return 'Your room';
  if (r.name) return r.name;
  if (r.owner && !r.owner.startsWith('Someone ')) return `${r.owner}’s room`;
  return `Group room ${r.id.slice(0, 6)}`;
}

function isGroup(r) {
  return Boolean(r && r.id !== ownRoom && (r.name || r.source === 'joined'));
}

/** The text people send to bring someone into a group room: its key, and its name for their page. */
export function roomInvite(r) {
  const name = r.name ? `?name=${encodeURIComponent(r.name)}` : '';
  return `Join my chat room “${roomName(r)}” on p2pstack: paste this into Chat → Join a room: p2pstack-room:${r.id}${name}`;
}

/** { room, name } from a pasted invite or a bare key; null when there is no key in it. */
export function parseRoomInvite(text) {
  const key = KEY.exec(text || '');
  if (!key) return null;
  const name = /[?&]name=([^\s&]+)/.exec(text);
  let decoded = null;
  try { decoded = name ? decodeURIComponent(name[1]).slice(0, 48) : null; } catch { decoded = null; }
  return { room: key[0].toLowerCase(), name: decoded };
}

export function chatPanel() {
  const list = el('ol', { class: 'chat-log', id: 'chat-log', 'aria-live': 'polite', 'aria-label': 'Messages' });
  const empty = el('p', { class: 'muted', id: 'chat-empty' }, 'No messages yet.');
  const notice = el('p', { class: 'chat-notice', id: 'chat-notice' });
  const alone = el('p', { class: 'message chat-alone', id: 'chat-alone', role: 'status', hidden: true });
  const elsewhere = el('div', { class: 'chat-elsewhere', id: 'chat-elsewhere', hidden: true });
  const input = el('textarea', { id: 'chat-text', rows: '2', maxlength: String(MAX_TEXT), placeholder: 'Write a message…', 'aria-label': 'Your message' });
  const message = el('p', { class: 'message', id: 'chat-message', role: 'alert' });
  const form = el('form', { class: 'chat-form' }, input, el('button', { type: 'submit', class: 'primary', id: 'chat-send' }, 'Send'));
  const picker = el('select', { id: 'chat-room', 'aria-label': 'Chat room' });
  const pickerRow = el('label', { class: 'chat-room-picker' }, 'Room ', picker);
  const newRoom = el('button', { type: 'button', class: 'secondary', id: 'chat-new-room', 'aria-expanded': 'false' }, 'New group room');
  const joinRoom = el('button', { type: 'button', class: 'secondary', id: 'chat-join-room', 'aria-expanded': 'false' }, 'Join a room');
  const tools = el('div', { class: 'chat-tools' }, pickerRow, newRoom, joinRoom);
  const roomForm = el('form', { class: 'chat-room-form', id: 'chat-room-form', hidden: true });
  const invite = el('div', { class: 'chat-invite', id: 'chat-invite', hidden: true });
  picker.addEventListener('change', () => open(picker.value));
  const scroll = () => { list.scrollTop = list.scrollHeight; };
  const say = (text, kind = '') => { message.textContent = text; message.className = `message ${kind}`; };

  function current() {
    return rooms.find((r) => r.id === room);
  }

  function renderPicker() {
    picker.replaceChildren(...rooms.map((r) => {
      const count = unread.get(r.id) || 0;
      return el('option', { value: r.id, selected: r.id === room }, count ? `${roomName(r)} (${count} new)` : roomName(r));
    }));
    pickerRow.hidden = rooms.length < 2;
    const waiting = [...unread.entries()].filter(([id, n]) => n > 0 && id !== room);
    elsewhere.hidden = waiting.length === 0;
    elsewhere.replaceChildren(...waiting.map(([id, n]) => {
      const r = rooms.find((x) => x.id === id) || { id };
      return el('button', { type: 'button', class: 'link', onclick: () => open(id) },
        `${n} new ${n === 1 ? 'message' : 'messages'} in ${roomName(r)} — open it`);
    }));
  }

  function renderRoom() {
    const r = current();
    const others = r ? r.participants - 1 : 0;
    alone.hidden = !r || others > 0;
    if (r && others <= 0) {
      alone.textContent = r.id === ownRoom
        ? 'Nobody else is in your room yet. The people who follow you join it by themselves; what you write waits here for them.'
        : isGroup(r)
          ? 'Nobody else is in this room yet. Send its invite (below) to the people you want in it.'
          : `Nobody else is in ${roomName(r)} right now. What you write reaches the others when they are back.`;
    }
    invite.hidden = !isGroup(r);
    if (isGroup(r)) {
      const text = roomInvite(r);
      const field = el('textarea', { id: 'chat-invite-text', class: 'invite-text', readonly: true, rows: '3', 'aria-label': 'Invite to this room' });
      field.value = text;
      const copied = el('span', { class: 'muted', 'aria-live': 'polite' });
      invite.replaceChildren(el('strong', {}, 'Invite people to this room'), field,
        el('div', { class: 'address-row' }, el('button', { type: 'button', class: 'secondary', onclick: async () => {
          try { await navigator.clipboard.writeText(text); copied.textContent = 'Copied!'; } catch { field.select(); copied.textContent = 'Press Ctrl+C to copy.'; }
          setTimeout(() => { copied.textContent = ''; }, 3000);
        } }, 'Copy invite'), copied));
    }
    empty.textContent = r && r.id === ownRoom ? 'No messages yet. Say hello — the people who follow you will see it here.' : 'No messages yet.';
  }

  async function load() {
    const answer = await getJson(`/api/chat${room ? `?room=${room}` : ''}`);
    ownRoom = answer.ownRoom;
    rooms = answer.rooms;
    // the first look opens where the talk is: your room if anyone wrote in it, else the first room with messages
    if (!room) {
      const own = rooms.find((r) => r.id === answer.ownRoom);
      const busy = rooms.find((r) => r.messages > 0);
      if ((!own || own.messages === 0) && busy && busy.id !== answer.room) { room = busy.id; return load(); }
    }
    room = answer.room || null;
    unread.delete(room);
    notice.textContent = answer.notice;
    renderPicker();
    renderRoom();
    shown.clear();
    list.replaceChildren();
    for (const m of answer.messages) insert(list, m);
    empty.hidden = answer.messages.length > 0;
    scroll();
    return undefined;
  }

  function open(id) {
    room = id;
    say('');
    load().catch((error) => say(error.message, 'error'));
  }

  function showRoomForm(kind) {
    const opening = roomForm.hidden || roomForm.dataset.kind !== kind;
    newRoom.setAttribute('aria-expanded', String(opening && kind === 'new'));
    joinRoom.setAttribute('aria-expanded', String(opening && kind === 'join'));
    roomForm.hidden = !opening;
    if (!opening) return;
    roomForm.dataset.kind = kind;
    const field = kind === 'new'
      ? el('input', { id: 'chat-room-name', maxlength: '48', autocomplete: 'off', placeholder: 'e.g. Book club' })
      : el('input', { id: 'chat-room-key', autocomplete: 'off', spellcheck: 'false', placeholder: 'Paste the invite here' });
    const problem = el('p', { class: 'message', role: 'alert' });
    roomForm.replaceChildren(
      el('label', { for: field.id }, kind === 'new' ? 'Name of the new room' : 'The invite you were sent'),
      el('div', { class: 'address-row' }, field,
        el('button', { type: 'submit', class: 'primary', id: 'chat-room-submit' }, kind === 'new' ? 'Create' : 'Join')),
      problem);
    roomForm.onsubmit = async (event) => {
      event.preventDefault();
      let body;
      if (kind === 'new') {
        if (!field.value.trim()) { problem.textContent = 'Give the room a name.'; problem.className = 'message error'; return; }
        body = { create: true, name: field.value.trim() };
      } else {
        const parsed = parseRoomInvite(field.value);
        if (!parsed) { problem.textContent = 'There is no room key in this. Ask for the invite again.'; problem.className = 'message error'; return; }
        body = parsed.name ? parsed : { room: parsed.room };
      }
      try {
        const answer = await send('POST', '/api/chat/rooms', body);
        roomForm.hidden = true;
        newRoom.setAttribute('aria-expanded', 'false');
        joinRoom.setAttribute('aria-expanded', 'false');
        open(answer.room);
        announce(kind === 'new' ? 'Room created. Send its invite to the people you want in it.' : 'You are in the room.');
      } catch (error) {
        problem.textContent = error.message;
        problem.className = 'message error';
      }
    };
    field.focus();
  }
  // another part of the page (Chat beside a person nearby) asks for a room it just joined
  document.addEventListener('p2pstack:open-room', (event) => { if (event.detail && event.detail.room) open(event.detail.room); });
  newRoom.addEventListener('click', () => showRoomForm('new'));
  joinRoom.addEventListener('click', () => showRoomForm('join'));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) { say('Write a message first.', 'error'); return; }
    // right after the node (re)starts or a room is joined the node holds the message until its part of the room is up
    say('Sending…');
    try {
      const answer = await send('POST', '/api/chat/messages', { text, room });
      if (insert(list, answer.message)) scroll();
      empty.hidden = true;
      input.value = '';
      const r = current();
      say(r && r.participants <= 1 ? 'Sent. Nobody else is in this room yet: people see it when they join.' : '');
    } catch (error) {
      say(error.message, 'error');
    }
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  const panel = el('div', { class: 'chat' }, notice, tools, roomForm, elsewhere, alone, empty, list, form, message, invite);
  panel.load = () => load().then(() => { if (message.classList.contains('error')) say(''); }).catch(() => {
    // while the node (re)starts its chat is not there yet: say so plainly, it loads again when the node is back
    notice.textContent = 'The chat is not available right now. It comes back by itself when your node is ready.';
  });
  panel.onEvent = ({ room: r, message: m }) => {
    if (room && r !== room) {
      // another room: counted and offered, not hidden
      if (!m.mine) {
        unread.set(r, (unread.get(r) || 0) + 1);
        if (!rooms.some((x) => x.id === r)) panel.load();
        renderPicker();
        announce(`${m.nickname} wrote in ${roomName(rooms.find((x) => x.id === r))}`);
      }
      return;
    }
    if (insert(list, m)) {
      empty.hidden = true;
      scroll();
      if (!m.mine) {
        announce(`${m.nickname} says: ${m.text}`);
        // someone wrote here: the room is not empty any more
        const open = current();
        if (open && open.participants <= 1) {
          open.participants = 2;
          renderRoom();
          if (message.textContent.startsWith('Sent. Nobody else')) say('');
        }
      }
    }
  };
  return panel;
}
