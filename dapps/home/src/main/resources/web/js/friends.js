// Friends: a friend's page visited over I2P (profile and posts, fetched by this node), Follow / Unfollow, the
// people followed, and their posts, which arrive live as the node fetches their feeds.
import { getJson, send } from './api.js';
import { $, el, when, humanSize, confirmDialog, announce, avatarNode } from './ui.js';
import * as store from './store.js';

export async function loadFriends() {
  try {
    const friends = await getJson('/api/friends');
    store.update({ friends });
  } catch { /* the node has no I2P stack: no friends section content */ }
}

/** Follows after the person said yes; returns the node's answer. */
export async function follow(address) {
  const answer = await send('POST', '/api/friends', { address });
  await loadFriends();
  return answer;
}

async function unfollow(friend) {
  const yes = await confirmDialog({ title: `Stop following ${friend.nickname}?`,
    text: `Their posts disappear from your page${friend.name ? ` and ${friend.name} is removed from your address book` : ''}.`,
    confirm: 'Unfollow', danger: true });
  if (!yes) return false;
  await send('DELETE', `/api/friends/${encodeURIComponent(friend.b32)}`);
  await loadFriends();
  announce(`You no longer follow ${friend.nickname}.`);
  return true;
}

function friendAvatar(friend, size) {
  const fallback = avatarNode({ nickname: friend.nickname }, size);
  if (!friend.avatarUrl) return fallback;
  const img = el('img', { class: 'avatar', src: friend.avatarUrl, alt: '', width: size, height: size, loading: 'lazy' });
  img.addEventListener('error', () => img.replaceWith(fallback));
  return img;
}

export function friendCard(item, { withName = true } = {}) {
  const media = item.kind === 'picture'
    ? el('img', { class: 'media', src: item.mediaUrl, alt: item.description, loading: 'lazy' })
    // "none": nothing crosses I2P until the person presses play
    : el('video', { class: 'media', src: item.mediaUrl, controls: true, preload: 'none', playsinline: true,
      poster: item.thumbnailUrl || undefined, 'aria-label': `Video: ${item.description}` });
  const who = withName ? el('a', { href: `#friend=${item.b32}`, class: 'friend-name' }, item.nickname) : null;
  return el('li', { class: 'card friend-card', 'data-id': `${item.b32}/${item.id}` },
    el('article', { 'aria-label': item.description },
      el('div', { class: 'media-frame' }, media),
      el('div', { class: 'card-body' }, el('p', { class: 'card-text' }, item.description),
        el('div', { class: 'card-meta muted' }, who,
          el('time', { datetime: item.created, title: new Date(item.created).toLocaleString() }, when(item.created)),
          el('span', {}, humanSize(item.size))))));
}

const cardNodes = new Map(); // "b32/id" -> card

/** The "Friends" part of the home page: who is followed, and their posts. */
export function renderFriendsSection() {
  const { friends } = store.get();
  const list = $('following');
  if (!list) return;
  list.replaceChildren(...friends.following.map((f) => el('li', { class: 'friend-row' },
    friendAvatar(f, 40),
    el('div', { class: 'friend-text' }, el('a', { href: `#friend=${f.b32}`, class: 'friend-name' }, f.nickname),
      el('span', { class: 'muted small' }, f.name || f.b32),
      f.problem ? el('span', { class: 'muted small' }, f.problem) : null),
    el('button', { type: 'button', class: 'link', onclick: () => unfollow(f).catch((e) => announce(e.message)) }, 'Unfollow'))),
  ...friends.pending.map((p) => el('li', { class: 'friend-row muted' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }),
    el('span', {}, `${p} — waiting to be reached`))));
  $('following-empty').hidden = friends.following.length + friends.pending.length > 0;
  // existing cards are kept, so a friend's video that is playing goes on playing
  const cards = $('friend-cards');
  const seen = new Set();
  cards.replaceChildren(...friends.items.map((i) => {
    const key = `${i.b32}/${i.id}`;
    seen.add(key);
    if (!cardNodes.has(key)) cardNodes.set(key, friendCard(i));
    return cardNodes.get(key);
  }));
  for (const key of [...cardNodes.keys()]) if (!seen.has(key)) cardNodes.delete(key);
  $('friend-cards-empty').hidden = friends.items.length > 0;
}

/** A new post of a friend, from the live events. */
export function addFriendItem(item) {
  const { friends } = store.get();
  if (friends.items.some((i) => i.b32 === item.b32 && i.id === item.id)) return;
  const items = [item, ...friends.items].sort((a, b) => (a.created < b.created ? 1 : -1));
  store.update({ friends: { ...friends, items } });
  announce(`New from ${item.nickname}: ${item.description}`);
}

/**
 * Shows a person's page, fetched over I2P by this node, with a Follow button that asks first. Unless the person
 * asked for it on this page (`confirmed`), only the address and a Visit button are shown: a link from another
 * site must never make the node contact an I2P site by itself (the visit goes out from the owner's own address).
 */
export async function showFriend(container, address, { onBack, confirmed = false }) {
  const back = el('button', { type: 'button', class: 'link', id: 'friend-back', onclick: onBack }, '← Back to your page');
  if (!confirmed) {
    const visit = el('button', { type: 'button', class: 'primary', id: 'visit-button' }, 'Visit');
    visit.addEventListener('click', () => showFriend(container, address, { onBack, confirmed: true }));
    container.replaceChildren(back, el('section', { 'aria-labelledby': 'friend-title' },
      el('h1', { id: 'friend-title', tabindex: '-1' }, 'Visit this page?'),
      el('p', { class: 'b32 small' }, address),
      el('p', { class: 'muted' }, 'A link asked to show this page. Visiting it lets its owner see your own I2P address, '
        + 'as with any I2P site you visit. Nothing is fetched until you press Visit.'),
      visit));
    container.querySelector('#friend-title').focus();
    return;
  }
  container.replaceChildren(back, el('section', {}, el('p', { class: 'pending-address', role: 'status' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }),
    `Visiting ${address} over the private network (I2P). This can take up to a minute…`)));
  let page;
  try {
    page = await getJson(`/api/friends/visit?address=${encodeURIComponent(address)}`);
  } catch (error) {
    container.replaceChildren(back, el('section', {}, el('h1', { tabindex: '-1', id: 'friend-title' }, 'This page cannot be shown'),
      el('p', { class: 'message error', role: 'alert' }, error.message)));
    container.querySelector('#friend-title').focus();
    return;
  }
  const message = el('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const button = el('button', { type: 'button', class: page.following ? 'secondary' : 'primary', id: 'follow-button' },
    page.following ? 'Unfollow' : `Follow ${page.nickname}`);
  button.addEventListener('click', async () => {
    try {
      if (page.following) {
        const friend = store.get().friends.following.find((f) => f.b32 === page.b32) || { nickname: page.nickname, b32: page.b32 };
        if (!(await unfollow(friend))) return;
        page.following = false;
        button.textContent = `Follow ${page.nickname}`; button.className = 'primary';
        message.textContent = '';
        return;
      }
      const yes = await confirmDialog({ title: `Follow ${page.nickname}?`,
        text: `Your node will fetch ${page.nickname}’s new posts over I2P and show them on your page, and add ${page.nickname} to your I2P address book. Their address: ${page.b32}`,
        confirm: 'Follow' });
      if (!yes) return;
      const answer = await follow(page.b32);
      if (answer.friend) {
        page.following = true;
        button.textContent = 'Unfollow'; button.className = 'secondary';
        message.textContent = `You follow ${page.nickname}${answer.friend.name ? ` — open http://${answer.friend.name}/ through your I2P proxy` : ''}.`;
        message.className = 'message ok';
      } else {
        message.textContent = answer.message; message.className = 'message';
      }
    } catch (error) {
      message.textContent = error.message; message.className = 'message error';
    }
  });
  const profile = { nickname: page.nickname, avatarUrl: page.avatarUrl };
  container.replaceChildren(back,
    el('section', { class: 'profile-card', 'aria-labelledby': 'friend-title' }, el('div', { class: 'profile-row' },
      page.avatarUrl ? friendAvatar(profile, 72) : avatarNode(profile, 72),
      el('div', { class: 'profile-text' }, el('h1', { id: 'friend-title', tabindex: '-1' }, page.nickname),
        page.bio ? el('p', { class: 'bio' }, page.bio) : null,
        el('p', { class: 'muted small b32' }, page.b32)),
      button), message),
    el('section', { 'aria-labelledby': 'friend-posts-title' },
      el('h2', { id: 'friend-posts-title' }, `${page.nickname}’s posts`),
      page.items.length ? el('ul', { class: 'cards', id: 'visited-cards' }, ...page.items.map((i) => friendCard(i, { withName: false })))
        : el('p', { class: 'empty' }, `${page.nickname} has not published anything yet.`)));
  container.querySelector('#friend-title').focus();
}
