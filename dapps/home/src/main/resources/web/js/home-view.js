// The owner's own page and the first-time set-up: which one shows, and how the home page's parts render.
import { getJson } from './api.js';
import { $, el, avatarNode } from './ui.js';
import * as store from './store.js';
import { renderSetup, saveStep } from './ftue.js';
import { profileEditor } from './profile-editor.js';
import { composer } from './composer.js';
import { renderCards } from './cards.js';
import { addressPanel, friendForm } from './friend.js';
import { renderFriendsSection } from './friends.js';
import { directoryPanel } from './directory.js';
import { chatPanel } from './chat.js';
import { dmsPanel } from './dms.js';
import { sectionFromHash, showSection, hideTabs } from './nav.js';

export async function loadProfile() {
  const { profile } = await getJson('/api/profile');
  store.update({ profile });
}

export async function loadIdentity() {
  try {
    const status = await getJson('/api/status');
    store.update({ identity: status.identity || {}, publicPort: status.ports && status.ports.public });
  } catch { /* the status panel reports it */ }
}

export function renderChip() {
  const { profile } = store.get();
  const chip = $('me');
  if (!profile) { chip.replaceChildren(); return; }
  chip.replaceChildren(avatarNode(profile, 32), el('span', { class: 'chip-name' }, profile.nickname));
}

export function renderProfileCard() {
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

/** Your invite (on your page); it names you, so it changes with your nickname. */
export function renderAddress() {
  $('address-body').replaceChildren(addressPanel({ compact: true }));
}

function renderFriends() {
  renderAddress();
  $('follow-form-body').replaceChildren(
    friendForm({ onVisit: (address) => { store.setView({ chosenFriend: address }); window.location.hash = `friend=${address}`; } }));
  renderFriendsSection();
}

/** The b32 in '#dm=<b32>', or null. */
export function dmFromHash(hash = window.location.hash) {
  const found = /^#dm=([a-z2-7]{52}\.b32\.i2p)$/.exec(hash);
  return found ? found[1] : null;
}

/** Shows the section the address names (and the conversation of '#dm=<b32>'). */
export function applyHomeRoute() {
  showSection(sectionFromHash());
  const { dms } = store.viewState();
  if (dms) dms.show(dmFromHash());
}

export function renderFolderHint() {
  const { folder, problems } = store.get();
  $('folder-hint').textContent = folder ? `Tip: videos and pictures you put in ${folder} appear here too.` : '';
  $('problems').replaceChildren(...problems.map((p) => el('li', {}, p)));
  $('problems').hidden = problems.length === 0;
}

export function showHome() {
  $('friend-page').hidden = true;
  $('setup').hidden = true;
  $('setup').replaceChildren();
  $('home').hidden = false;
  renderChip();
  renderProfileCard();
  renderResume();
  renderFriends();
  const view = store.viewState();
  if (!view.composer) {
    store.setView({ composer: composer({ onPublished: () => {} }) });
    $('share').replaceChildren(store.viewState().composer);
  } else {
    view.composer.refreshChoices();
  }
  renderCards($('cards'), $('cards-empty'));
  renderFolderHint();
  if (!$('directory-body').firstChild) $('directory-body').replaceChildren(directoryPanel());
  if (!view.chat) {
    const chat = chatPanel();
    store.setView({ chat });
    $('chat-body').replaceChildren(chat);
    chat.load();
  }
  if (!view.dms) {
    const dms = dmsPanel();
    store.setView({ dms });
    $('dms-body').replaceChildren(dms);
    dms.load();
  }
  applyHomeRoute();
}

export function showSetup() {
  hideTabs();
  $('home').hidden = true;
  $('setup').hidden = false;
  renderSetup($('setup'), { onDone: showHome });
}
