// Friends: a friend's page visited over I2P (profile and posts, fetched by this node), Follow / Unfollow, the
// people followed (and those waiting for their computer to answer), the people who follow you, and the friends'
// posts, which arrive live as the node fetches their feeds.
import { friendAppsSection } from './friend-apps.js';
import { getJson, send } from './api.js';
import { $, el, when, humanSize, confirmDialog, announce, avatarNode } from './ui.js';
import * as store from './store.js';

export async function loadFriends() {
  try {
    const friends = await getJson('/api/friends');
    store.update({ friends });
  } catch { /* the node has no I2P stack: no friends section content */ }
}

export async function loadFollowers() {
  try {
    const { followers } = await getJson('/api/followers');
    store.update({ followers });
  } catch { /* an older node: nobody listed */ }
}

/** Follows after the person said yes; returns the node's answer ({friend} or, for a computer that is off, {pending}). */
export async function follow(address) {
  const answer = await send('POST', '/api/friends', { address });
  await loadFriends();
  return answer;
}

async function cancelFollow(address) {
  await send('DELETE', `/api/friends/${encodeURIComponent(address)}`);
  await loadFriends();
}

function say(message, text, kind = '') {
  message.textContent = text;
  message.className = `message ${kind}`;
}

// address -> what shows a follow that waits for the friend's computer (completed by the 'followed' event)
const waitingViews = new Map();

function showWaiting(message, answer, { onFollowed, onCancelled }) {
  const cancel = el('button', { type: 'button', class: 'secondary cancel-follow' }, 'Cancel');
  message.className = 'message waiting';
  message.replaceChildren(el('span', {}, answer.message), cancel);
  waitingViews.set(answer.address, { message, onFollowed });
  cancel.addEventListener('click', async () => {
    try {
      await cancelFollow(answer.address);
      waitingViews.delete(answer.address);
      say(message, 'Cancelled.');
      onCancelled();
    } catch (error) {
      say(message, error.message, 'error');
    }
  });
}

/**
 * Follows `address` from `button`: disabled and "Following…" while the node answers, then the outcome in
 * `message` — followed, waiting for a computer that is off (with Cancel), or what went wrong. Returns the answer,
 * or null after an error.
 */
export async function followFrom(button, message, address, { onFollowed = () => {}, onWaiting = () => {}, onCancelled = () => {} } = {}) {
  const label = button.textContent;
  button.disabled = true;
  button.dataset.busy = '';
  button.textContent = 'Following…';
  say(message, '');
  let answer = null;
  try {
    answer = await follow(address);
  } catch (error) {
    say(message, error.message, 'error');
  } finally {
    button.disabled = false;
    delete button.dataset.busy;
    button.textContent = label;
  }
  if (answer && answer.friend) {
    say(message, `You follow ${answer.friend.nickname}. Their posts appear in your feed.`, 'ok');
    onFollowed(answer.friend);
  } else if (answer) {
    showWaiting(message, answer, { onFollowed, onCancelled });
    onWaiting(answer);
    // their computer may have answered while we waited for ours, its 'followed' event finding no waiting view yet:
    // the list, read after the view exists, tells
    await loadFriends();
    const followed = store.get().friends.following.find((f) => f.b32 === answer.address);
    if (followed && waitingViews.get(answer.address)?.message === message) {
      waitingViews.delete(answer.address);
      say(message, `You follow ${followed.nickname} now. Their posts appear in your feed.`, 'ok');
      onFollowed(followed);
    }
  }
  return answer;
}

/** A 'friends' live event. */
export async function onFriendsEvent(event) {
  if (event.type === 'added') { addFriendItem(event.item); return; }
  if (event.type === 'follower' || event.type === 'unfollower') { loadFollowers(); return; }
  // the list first: what the waiting views do next (a follower's row gets "Message") reads it
  await loadFriends();
  const address = event.b32 || event.address;
  const view = waitingViews.get(address);
  if (!view) return;
  if (event.type === 'followed') {
    waitingViews.delete(address);
    const friend = store.get().friends.following.find((f) => f.b32 === address);
    say(view.message, `You follow ${friend ? friend.nickname : 'them'} now. Their posts appear in your feed.`, 'ok');
    view.onFollowed(friend || { b32: address });
  } else if (event.type === 'follow-failed') {
    waitingViews.delete(address);
    say(view.message, event.message, 'error');
  }
}

async function unfollow(friend) {
  const yes = await confirmDialog({ title: `Stop following ${friend.nickname}?`,
    text: 'Their posts disappear from your feed.', confirm: 'Unfollow', danger: true });
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

/** Where a friend's file plays from, in plain words: another follower's copy, or the copy this computer keeps. */
function sourceText(item) {
  if (item.copyFrom) return `From ${item.copyFrom.nickname}’s copy`;
  if (item.copy) return 'Kept on this computer';
  return '';
}

/** Updates the "from Bob's copy" line of a card that is already on the page (a playing video goes on playing). */
function setSource(card, item) {
  const line = card.querySelector('.card-source');
  if (line) line.textContent = sourceText(item);
}

/** Why a friend's file did not load, from the node's own answer for it (the video element only says "error"). */
async function explainFailure(item, problem) {
  let text = `${item.nickname}’s file cannot be loaded right now.`;
  try {
    const answer = await fetch(item.mediaUrl, { headers: { Range: 'bytes=0-0' }, cache: 'no-store' });
    if (!answer.ok) text = (await answer.json()).error || text;
    else return; // it loads now: a passing hiccup
  } catch { /* the node itself is not answering: the banner at the top says so */ }
  problem.textContent = text;
  problem.hidden = false;
}

export function friendCard(item, { withName = true } = {}) {
  const media = item.kind === 'picture'
    ? el('img', { class: 'media', src: item.mediaUrl, alt: item.description, loading: 'lazy' })
    // "none": nothing crosses I2P until the person presses play
    : el('video', { class: 'media', src: item.mediaUrl, controls: true, preload: 'none', playsinline: true,
      poster: item.thumbnailUrl || undefined, 'aria-label': `Video: ${item.description}` });
  const problem = el('p', { class: 'message error card-problem', role: 'alert', hidden: true });
  media.addEventListener('error', () => explainFailure(item, problem));
  media.addEventListener('loadeddata', () => { problem.hidden = true; });
  const who = withName ? el('a', { href: `#friend=${item.b32}`, class: 'friend-name' }, item.nickname) : null;
  return el('li', { class: 'card friend-card', 'data-id': `${item.b32}/${item.id}` },
    el('article', { 'aria-label': item.description },
      el('div', { class: 'media-frame' }, media),
      el('div', { class: 'card-body' }, el('p', { class: 'card-text' }, item.description),
        el('div', { class: 'card-meta muted' }, who,
          el('time', { datetime: item.created, title: new Date(item.created).toLocaleString() }, when(item.created)),
          el('span', {}, humanSize(item.size)),
          el('span', { class: 'card-source' }, sourceText(item))),
        problem)));
}

const cardNodes = new Map(); // "b32/id" -> card

function isFollower(b32) {
  return (store.get().followers || []).some((f) => f.b32 === b32);
}

function followingRow(f) {
  return el('li', { class: 'friend-row' },
    friendAvatar(f, 40),
    el('div', { class: 'friend-text' }, el('a', { href: `#friend=${f.b32}`, class: 'friend-name' }, f.nickname),
      f.problem ? el('span', { class: 'muted small' }, f.problem) : null),
    isFollower(f.b32) ? el('a', { class: 'button link', href: `#dm=${f.b32}` }, 'Message') : null,
    el('button', { type: 'button', class: 'link', onclick: () => unfollow(f).catch((e) => announce(e.message)) }, 'Unfollow'));
}

/** Someone to be followed once their computer answers: by nickname when known, never the bare address alone. */
function waitingRow({ address, nickname }) {
  const message = el('p', { class: 'message', role: 'alert' });
  const cancel = el('button', { type: 'button', class: 'link' }, 'Cancel');
  cancel.addEventListener('click', async () => {
    try { await cancelFollow(address); } catch (error) { say(message, error.message, 'error'); }
  });
  return el('li', { class: 'friend-row waiting' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }),
    el('div', { class: 'friend-text' },
      el('span', { class: 'friend-name' }, nickname || 'Someone you asked to follow'),
      el('span', { class: 'muted small' }, 'Their computer has not answered yet. You will follow them as soon as it is back.'),
      nickname ? null : el('span', { class: 'muted small b32' }, address),
      message),
    cancel);
}

function followerRow(f) {
  const { following, waiting = [], pending = [] } = store.get().friends;
  const followed = following.some((x) => x.b32 === f.b32);
  const asked = waiting.some((w) => w.address === f.b32) || pending.includes(f.b32);
  const message = el('p', { class: 'message', role: 'status' });
  let action = null;
  if (followed) {
    action = el('a', { class: 'button link', href: `#dm=${f.b32}` }, 'Message');
  } else if (!asked) {
    action = el('button', { type: 'button', class: 'secondary follow-back' }, 'Follow back');
    action.addEventListener('click', () => followFrom(action, message, f.b32, { onFollowed: renderFollowers }));
  }
  return el('li', { class: 'friend-row', 'data-b32': f.b32 },
    avatarNode({ nickname: f.nickname }, 40),
    el('div', { class: 'friend-text' }, el('a', { href: `#friend=${f.b32}`, class: 'friend-name' }, f.nickname),
      el('span', { class: 'muted small' }, `Follows you since ${new Date(f.since).toLocaleDateString()}`), message),
    action);
}

/** The people part of the home page (who is followed, who follows you) and the friends' posts in the feed. */
export function renderFriendsSection() {
  const { friends } = store.get();
  const list = $('following');
  if (!list) return;
  const waiting = friends.waiting || friends.pending.map((address) => ({ address, nickname: '' }));
  list.replaceChildren(...friends.following.map(followingRow), ...waiting.map(waitingRow));
  $('following-empty').hidden = friends.following.length + waiting.length > 0;
  renderFollowers();
  // existing cards are kept, so a friend's video that is playing goes on playing
  const cards = $('friend-cards');
  const seen = new Set();
  cards.replaceChildren(...friends.items.map((i) => {
    const key = `${i.b32}/${i.id}`;
    seen.add(key);
    if (!cardNodes.has(key)) cardNodes.set(key, friendCard(i));
    else setSource(cardNodes.get(key), i);
    return cardNodes.get(key);
  }));
  for (const key of [...cardNodes.keys()]) if (!seen.has(key)) cardNodes.delete(key);
  $('friend-cards-empty').hidden = friends.items.length > 0;
}

function renderFollowers() {
  const followers = store.get().followers || [];
  const list = $('followers');
  // a row whose Follow back is under way keeps its button and message
  // (marked busy rather than judged by :disabled: a page whose node is away greys out every button)
  if (list.querySelector('.follow-back[data-busy]')) return;
  list.replaceChildren(...followers.map(followerRow));
  $('followers-empty').hidden = followers.length > 0;
}

/** A new post of a friend, from the live events. */
export function addFriendItem(item) {
  const { friends } = store.get();
  if (friends.items.some((i) => i.b32 === item.b32 && i.id === item.id)) return;
  const items = [item, ...friends.items].sort((a, b) => (a.created < b.created ? 1 : -1));
  store.update({ friends: { ...friends, items } });
  announce(`New from ${item.nickname}: ${item.description}`);
}

/** The Follow confirmation, in plain words (the address is shown: nicknames are not unique). */
export function confirmFollow(nickname, b32) {
  return confirmDialog({ title: `Follow ${nickname}?`,
    text: `You will see ${nickname}’s new posts in your feed, and ${nickname} will see that you follow them. Their address: ${b32}`,
    confirm: 'Follow' });
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
    'Opening this page from your friend’s computer. This can take up to a minute…')));
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
  const followed = () => {
    page.following = true;
    button.hidden = false;
    button.textContent = 'Unfollow'; button.className = 'secondary';
  };
  button.addEventListener('click', async () => {
    try {
      if (page.following) {
        const friend = store.get().friends.following.find((f) => f.b32 === page.b32) || { nickname: page.nickname, b32: page.b32 };
        if (!(await unfollow(friend))) return;
        page.following = false;
        button.textContent = `Follow ${page.nickname}`; button.className = 'primary';
        say(message, '');
        return;
      }
      if (!(await confirmFollow(page.nickname, page.b32))) return;
      await followFrom(button, message, page.b32, { onFollowed: followed,
        onWaiting: () => { button.hidden = true; }, onCancelled: () => { button.hidden = false; } });
    } catch (error) {
      say(message, error.message, 'error');
    }
  });
  const profile = { nickname: page.nickname, avatarUrl: page.avatarUrl };
  container.replaceChildren(back,
    el('section', { class: 'profile-card', 'aria-labelledby': 'friend-title' }, el('div', { class: 'profile-row' },
      page.avatarUrl ? friendAvatar(profile, 72) : avatarNode(profile, 72),
      el('div', { class: 'profile-text' }, el('h1', { id: 'friend-title', tabindex: '-1' }, page.nickname),
        page.bio ? el('p', { class: 'bio' }, page.bio) : null,
        el('p', { class: 'muted small b32' }, page.b32)),
      button), page.message ? el('p', { class: 'message' }, page.message) : null, message),
    el('section', { 'aria-labelledby': 'friend-posts-title' },
      el('h2', { id: 'friend-posts-title' }, `${page.nickname}’s posts`),
      page.items.length ? el('ul', { class: 'cards', id: 'visited-cards' }, ...page.items.map((i) => friendCard(i, { withName: false })))
        : el('p', { class: 'empty' }, `${page.nickname} has not published anything yet.`)),
    friendAppsSection(page));
  container.querySelector('#friend-title').focus();
}
