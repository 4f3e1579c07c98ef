// Home page entry point: the first-time set-up when needed, else the profile, the cards and the apps.
import { getJson } from './api.js';
import { renderStatus } from './status.js';
import { renderApps } from './apps.js';
import { $, el, avatarNode } from './ui.js';
import * as store from './store.js';
import { renderSetup, saveStep } from './ftue.js';
import { profileEditor } from './profile-editor.js';
import { composer } from './composer.js';
import { renderCards } from './cards.js';
import { connectLive, reloadContent } from './live.js';
import { addressPanel, friendForm } from './friend.js';
import { loadFriends, renderFriendsSection, addFriendItem, showFriend } from './friends.js';
import { directoryPanel } from './directory.js';
import { chatPanel } from './chat.js';
import { prepare as preparePlayer } from './player.js';

function wireMenu() {
  const button = $('apps-button');
  const menu = $('apps-menu');
  const close = () => { menu.hidden = true; button.setAttribute('aria-expanded', 'false'); };
  button.addEventListener('click', () => {
    menu.hidden = !menu.hidden;
    button.setAttribute('aria-expanded', String(!menu.hidden));
  });
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape') close(); });
  document.addEventListener('click', (event) => { if (!button.parentElement.contains(event.target)) close(); });
}

async function loadProfile() {
  const { profile } = await getJson('/api/profile');
  store.update({ profile });
}

async function loadIdentity() {
  try {
    const status = await getJson('/api/status');
    store.update({ identity: status.identity || {}, publicPort: status.ports && status.ports.public });
  } catch { /* the status panel reports it */ }
}

function renderChip() {
  const { profile } = store.get();
  const chip = $('me');
  if (!profile) { chip.replaceChildren(); return; }
  chip.replaceChildren(avatarNode(profile, 32), el('span', { class: 'chip-name' }, profile.nickname));
}

function renderProfileCard() {
  const { profile } = store.get();
  const card = $('profile-card');
  if (!profile) {
    card.replaceChildren(el('div', { class: 'profile-row' }, avatarNode(null, 72),
      el('div', { class: 'profile-text' }, el('h1', {}, 'Welcome!'), el('p', { class: 'muted' }, 'You have not chosen a nickname yet.')),
      el('button', { type: 'button', class: 'secondary', onclick: editProfile }, 'Set up your profile')));
    return;
  }
  card.replaceChildren(el('div', { class: 'profile-row' }, avatarNode(profile, 72),
    el('div', { class: 'profile-text' }, el('h1', { id: 'my-nickname' }, profile.nickname),
      profile.bio ? el('p', { class: 'bio' }, profile.bio) : el('p', { class: 'muted' }, 'Add a few words about you with “Edit profile”.'),
      store.get().publicPort ? el('a', { class: 'public-link', id: 'public-page', href: `http://127.0.0.1:${store.get().publicPort}/`, target: '_blank', rel: 'noopener' }, 'See your page as friends will see it') : null),
    el('button', { type: 'button', class: 'secondary', id: 'edit-profile', onclick: editProfile }, 'Edit profile')));
}

function editProfile() {
  const card = $('profile-card');
  const cancel = el('button', { type: 'button', class: 'link', onclick: renderProfileCard }, 'Cancel');
  card.replaceChildren(el('h2', {}, 'Your profile'), profileEditor({ submitLabel: 'Save', onSaved: renderProfileCard, extraActions: [cancel] }));
  card.querySelector('#nickname').focus();
}

function renderResume() {
  const { setup } = store.get();
  const banner = $('resume-banner');
  banner.hidden = setup.finished;
  if (setup.finished) return;
  const left = Math.max(1, 4 - Math.max(1, setup.step));
  banner.replaceChildren(
    el('p', {}, el('strong', {}, 'Finish setting up. '), `${left} short step${left === 1 ? '' : 's'} left.`),
    el('button', { type: 'button', class: 'primary', id: 'resume-setup', onclick: async () => { await saveStep(Math.max(1, setup.step), false); showSetup(); } }, 'Continue'));
}

function renderFriends() {
  $('address-body').replaceChildren(addressPanel({ compact: true }),
    friendForm({ onVisit: (address) => { chosenFriend = address; window.location.hash = `friend=${address}`; } }));
  renderFriendsSection();
}

/** '#friend=<address>': a friend's page (from a link, the list, or a visitor's I2P proxy); nothing changes until Follow is confirmed. */
function friendFromHash() {
  const hash = window.location.hash;
  if (!hash.startsWith('#friend=')) return null;
  try { return decodeURIComponent(hash.slice('#friend='.length)).slice(0, 300); } catch { return null; }
}

let shownFriend = null;
// The address the person just chose on this page (a click on a '#friend=' link or the address form). Only that
// one is visited at once; a '#friend=' that came from outside (another site, the I2P proxy's Follow link, a
// window opened by another page) waits for a click on Visit.
let chosenFriend = null;
document.addEventListener('click', (event) => {
  const link = event.target.closest && event.target.closest('a[href^="#friend="]');
  if (!link || !event.isTrusted) return;
  try { chosenFriend = decodeURIComponent(link.getAttribute('href').slice('#friend='.length)).slice(0, 300); } catch { chosenFriend = null; }
}, true);

function route() {
  const address = friendFromHash();
  if (address) {
    if (address === shownFriend) return;
    shownFriend = address;
    const confirmed = address === chosenFriend;
    chosenFriend = null;
    $('setup').hidden = true;
    $('home').hidden = true;
    $('friend-page').hidden = false;
    showFriend($('friend-page'), address, { onBack: () => { window.location.hash = 'home'; }, confirmed });
    return;
  }
  if (shownFriend !== null) {
    shownFriend = null;
    $('friend-page').hidden = true;
    $('friend-page').replaceChildren();
    showHome();
  }
}

function renderFolderHint() {
  const { folder, problems } = store.get();
  $('folder-hint').textContent = folder ? `Tip: videos and pictures you put in ${folder} appear here too.` : '';
  $('problems').replaceChildren(...problems.map((p) => el('li', {}, p)));
  $('problems').hidden = problems.length === 0;
}

let homeComposer = null;
let chat = null;
function showHome() {
  $('friend-page').hidden = true;
  $('setup').hidden = true;
  $('setup').replaceChildren();
  $('home').hidden = false;
  renderChip();
  renderProfileCard();
  renderResume();
  renderFriends();
  if (!homeComposer) {
    homeComposer = composer({ onPublished: () => {} });
    $('share').replaceChildren(homeComposer);
  } else {
    homeComposer.refreshChoices();
  }
  renderCards($('cards'), $('cards-empty'));
  renderFolderHint();
  if (!$('directory-body').firstChild) $('directory-body').replaceChildren(directoryPanel());
  if (!chat) {
    chat = chatPanel();
    $('chat-body').replaceChildren(chat);
    chat.load();
  }
}

function showSetup() {
  $('home').hidden = true;
  $('setup').hidden = false;
  renderSetup($('setup'), { onDone: showHome });
}

async function start() {
  wireMenu();
  preparePlayer(); // the video player's service worker starts while the page loads its data
  const [setup] = await Promise.all([getJson('/api/profile/setup'), loadProfile(), reloadContent(), loadIdentity(), loadFriends()]);
  store.update({ setup });
  store.subscribe(() => {
    if ($('home').hidden) return;
    renderCards($('cards'), $('cards-empty'));
    renderChip();
    renderFolderHint();
    renderFriendsSection();
  });
  connectLive({
    onProfile: async () => { await loadProfile(); if (!$('home').hidden && !$('profile-card').querySelector('form')) renderProfileCard(); renderChip(); },
    onFriends: (event) => { if (event.type === 'added') addFriendItem(event.item); else loadFriends(); },
    onChat: (event) => { if (chat) chat.onEvent(event); },
    // following someone puts us in their room: the room picker offers it as soon as it can be written in
    onChatRooms: () => { if (chat) chat.load(); },
    onReconnect: () => { if (chat) chat.load(); },
  });
  window.addEventListener('hashchange', route);
  // '#home' opens the page itself even while the set-up is unfinished (e.g. in a second tab)
  if (friendFromHash()) route();
  else if (!setup.finished && !setup.dismissed && window.location.hash !== '#home') showSetup();
  else showHome();
  refresh();
  setInterval(() => renderStatus($('stacks'), $('status-summary'), $('footer')), 10000);
  window.addEventListener('focus', refresh);
}

function refresh() {
  renderStatus($('stacks'), $('status-summary'), $('footer'));
  renderApps($('apps'), $('apps-menu'));
}

start().catch((error) => {
  $('home').hidden = true;
  $('setup').hidden = false;
  if (error.signIn) {
    // another browser, another local user, or the cookie was cleared: the node answers only to a signed-in browser
    $('setup').replaceChildren(el('h1', { id: 'sign-in-title' }, 'Please sign in to your node'),
      el('p', {}, 'Your node answers only to a browser you signed in, so that other people and programs on this computer, and other web sites, cannot use it.'),
      el('p', {}, 'Open p2pstack the way you usually do — the installer’s shortcut, or bin/open in the program folder. It opens this browser with a one-time sign-in link. In the console, p2p:open prints one.'));
    return;
  }
  $('setup').replaceChildren(el('h1', {}, 'Your node is not answering'), el('p', {}, `${error.message}. Is p2pstack running? Reload this page in a moment.`));
});
