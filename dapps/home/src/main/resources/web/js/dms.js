// Direct messages between people who follow each other: the conversations, and one conversation at '#dm=<b32>'.
// The node keeps what is written until the other computer answers, so a message can wait to be delivered.
import { getJson, send } from './api.js';
import { $, el, avatarNode } from './ui.js';
import * as store from './store.js';

const MAX_TEXT = 2000;

function clock(iso) {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function stateMark(state) {
  if (state === 'waiting') return el('span', { class: 'dm-state muted small' }, 'waiting to be delivered');
  if (state === 'failed') return el('span', { class: 'dm-state error small' }, 'This message could not be delivered.');
  return null;
}

function line(m, nickname) {
  return el('li', { class: m.mine ? 'chat-line mine' : 'chat-line', 'data-id': m.id, 'data-state': m.state },
    el('div', { class: 'chat-bubble' },
      el('div', { class: 'chat-meta' }, el('strong', {}, m.mine ? 'You' : nickname), ' ',
        el('time', { datetime: m.time, class: 'muted', title: new Date(m.time).toLocaleString() }, clock(m.time))),
      el('p', { class: 'chat-text' }, m.text),
      stateMark(m.state)));
}

function conversationItem(c) {
  const last = c.last ? `${c.last.mine ? 'You: ' : ''}${c.last.text}` : c.canWrite ? 'No messages yet. Say hello!' : '';
  return el('li', { class: c.unread ? 'dm-item unread' : 'dm-item', 'data-b32': c.b32 },
    el('a', { href: `#dm=${c.b32}`, class: 'dm-link' },
      avatarNode({ nickname: c.nickname }, 40),
      el('span', { class: 'dm-text' }, el('strong', { class: 'dm-name' }, c.nickname),
        last ? el('span', { class: 'muted small dm-last' }, last) : null),
      c.unread ? el('span', { class: 'count' }, String(c.unread), el('span', { class: 'visually-hidden' }, ' unread')) : null));
}

/** Shows the unread messages on the Chat tab. */
function setTabCount(unread) {
  const badge = $('tab-chat-count');
  badge.replaceChildren(String(unread), el('span', { class: 'visually-hidden' }, ' unread'));
  badge.hidden = !unread;
}

export function dmsPanel() {
  const list = el('ul', { class: 'dm-list', id: 'dm-list', 'aria-labelledby': 'dms-title' });
  const empty = el('p', { class: 'empty', id: 'dm-empty' },
    'No conversations yet. You can write to the people you follow who follow you too.');
  const listView = el('div', { class: 'dm-conversations' }, empty, list);
  const conversationView = el('div', { class: 'dm-conversation', id: 'dm-view', hidden: true });
  const panel = el('div', { class: 'dms' }, listView, conversationView);
  let open = null; // the conversation on screen: { b32, nickname, log, ... }

  async function loadList() {
    try {
      const { conversations } = await getJson('/api/dms');
      list.replaceChildren(...conversations.map(conversationItem));
      empty.hidden = conversations.length > 0;
      setTabCount(conversations.reduce((sum, c) => sum + (c.unread || 0), 0));
    } catch { /* an older node, or it is away: the list stays as it was */ }
  }

  function insert(m) {
    const known = open.log.querySelector(`li[data-id="${CSS.escape(m.id)}"]`);
    if (known) {
      // the live 'state' event may have come before the answer to the send: never go back to waiting
      if (m.state !== 'waiting') known.replaceWith(line(m, open.nickname));
    } else {
      open.log.append(line(m, open.nickname));
    }
    open.empty.hidden = true;
    open.log.scrollTop = open.log.scrollHeight;
  }

  async function markRead() {
    if (!open || document.hidden) return;
    try {
      await send('POST', `/api/dms/${open.b32}/read`);
      loadList();
    } catch { /* marked next time */ }
  }

  function writable(conversation) {
    const { input, sendButton, why } = open;
    input.disabled = !conversation.canWrite;
    sendButton.disabled = !conversation.canWrite;
    why.textContent = conversation.canWrite ? '' : conversation.why || 'You cannot write to this person now.';
  }

  async function show(b32) {
    if (!b32) {
      open = null;
      conversationView.hidden = true;
      conversationView.replaceChildren();
      listView.hidden = false;
      return;
    }
    if (open && open.b32 === b32) return;
    listView.hidden = true;
    conversationView.hidden = false;
    const title = el('h3', { id: 'dm-title', tabindex: '-1' }, 'Messages');
    const why = el('p', { class: 'message', id: 'dm-why' });
    const log = el('ol', { class: 'chat-log dm-log', id: 'dm-log', 'aria-live': 'polite', 'aria-labelledby': 'dm-title' });
    const emptyLog = el('p', { class: 'muted', id: 'dm-log-empty' }, 'No messages yet. Only the two of you can read what you write here.');
    const input = el('textarea', { id: 'dm-text', rows: '2', maxlength: String(MAX_TEXT), placeholder: 'Write a message…', 'aria-label': 'Your message' });
    const sendButton = el('button', { type: 'submit', class: 'primary', id: 'dm-send' }, 'Send');
    const form = el('form', { class: 'chat-form', id: 'dm-form' }, input, sendButton);
    const error = el('p', { class: 'message', id: 'dm-message', role: 'alert' });
    conversationView.replaceChildren(el('a', { href: '#chat', class: 'dm-back' }, '← All conversations'), title, why, emptyLog, log, form, error);
    open = { b32, nickname: '', log, empty: emptyLog, input, sendButton, why };
    const shownNow = open;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) { error.textContent = 'Write a message first.'; error.className = 'message error'; return; }
      sendButton.disabled = true;
      try {
        const answer = await send('POST', `/api/dms/${b32}`, { text });
        if (open === shownNow) insert(answer.message);
        input.value = '';
        error.textContent = '';
        loadList();
      } catch (failure) {
        error.textContent = failure.message;
        error.className = 'message error';
      } finally {
        sendButton.disabled = input.disabled;
      }
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
    });
    try {
      const conversation = await getJson(`/api/dms/${b32}`);
      if (open !== shownNow) return;
      open.nickname = conversation.nickname;
      title.textContent = conversation.nickname;
      writable(conversation);
      for (const m of conversation.messages) insert(m);
      emptyLog.hidden = conversation.messages.length > 0;
      markRead();
    } catch (failure) {
      error.textContent = failure.message;
      error.className = 'message error';
    }
  }

  panel.load = loadList;
  panel.show = show;
  panel.onEvent = (event) => {
    if (open && event.b32 === open.b32) {
      if (event.type === 'message') {
        insert(event.message);
        if (!event.message.mine) markRead();
      } else if (event.type === 'state') {
        const known = open.log.querySelector(`li[data-id="${CSS.escape(event.id)}"]`);
        if (known) {
          known.dataset.state = event.state;
          const mark = known.querySelector('.dm-state');
          const fresh = stateMark(event.state);
          if (mark && fresh) mark.replaceWith(fresh); else if (mark) mark.remove(); else if (fresh) known.querySelector('.chat-bubble').append(fresh);
        }
      }
    }
    if (event.type !== 'state') loadList();
  };
  // after a follow change (whether one can write changes) or a reconnect (messages may have come meanwhile)
  panel.refreshOpen = async () => {
    if (!open) return;
    try {
      const conversation = await getJson(`/api/dms/${open.b32}`);
      if (!open || open.b32 !== conversation.b32) return;
      open.nickname = conversation.nickname;
      $('dm-title').textContent = conversation.nickname;
      writable(conversation);
      for (const m of conversation.messages) insert(m);
      if (conversation.messages.length) $('dm-message').textContent = '';
    } catch { /* the next change tries again */ }
  };
  document.addEventListener('visibilitychange', () => { if (!document.hidden && open && !conversationView.hidden) markRead(); });
  document.addEventListener('section-shown', (event) => { if (event.detail === 'chat') loadList(); });
  // who follows whom decides the conversations: a follow or a follower changes the list
  let people = '';
  store.subscribe(({ friends, followers }) => {
    const now = `${friends.following.map((f) => f.b32).join()}|${followers.map((f) => f.b32).join()}`;
    if (now === people) return;
    people = now;
    loadList();
    panel.refreshOpen();
  });
  return panel;
}
