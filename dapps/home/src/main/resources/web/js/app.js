// Home page entry point: loads what the node knows, wires live updates and routes, then shows the first-time
// set-up when needed, else the owner's page. Views live in home-view.js and routes.js, state in store.js.
import { getJson } from './api.js';
import { renderStatus } from './status.js';
import { backupPanel } from './identity.js';
import { renderApps } from './apps.js';
import { $, el } from './ui.js';
import * as store from './store.js';
import { wireMenu } from './menu.js';
import { renderCards } from './cards.js';
import { connectLive, reloadContent } from './live.js';
import { loadFriends, loadFollowers, renderFriendsSection, onFriendsEvent } from './friends.js';
import { prepare as preparePlayer } from './player.js';
import { loadProfile, loadIdentity, renderChip, renderProfileCard, renderFolderHint, renderAddress, showHome, showSetup } from './home-view.js';
import { friendFromHash, trackChosenFriends, route } from './routes.js';
import { isHomeRoute } from './nav.js';
import { wireNotices, loadNotices, onNoticesEvent } from './notices.js';
import { onNodeBack } from './offline.js';
import { offerProtocolHandler } from './invite.js';
import { refreshNearby } from './directory.js';

trackChosenFriends();

async function start() {
  wireMenu();
  wireNotices();
  preparePlayer(); // the video player's service worker starts while the page loads its data
  const [setup] = await Promise.all([getJson('/api/profile/setup'), loadProfile(), reloadContent(), loadIdentity(), loadFriends(),
    loadFollowers(), loadNotices()]);
  store.update({ setup });
  store.subscribe(() => {
    if ($('home').hidden) return;
    renderCards($('cards'), $('cards-empty'));
    renderChip();
    renderFolderHint();
    renderFriendsSection();
  });
  const view = store.viewState;
  const reloadAll = () => {
    if (view().chat) view().chat.load();
    if (view().dms) { view().dms.load(); view().dms.refreshOpen(); }
    loadFriends();
    loadFollowers();
    loadNotices();
  };
  connectLive({
    onProfile: async () => {
      await loadProfile();
      if (!$('home').hidden && !$('profile-card').querySelector('form')) renderProfileCard();
      if (!$('home').hidden) renderAddress();
      renderChip();
    },
    onFriends: onFriendsEvent,
    onChat: (event) => { if (view().chat) view().chat.onEvent(event); },
    // following someone puts us in their room: the room picker offers it as soon as it can be written in
    onChatRooms: () => { if (view().chat) view().chat.load(); },
    onNotices: onNoticesEvent,
    onDm: (event) => { if (view().dms) view().dms.onEvent(event); },
    onNearby: () => refreshNearby(),
    onReconnect: reloadAll,
  });
  onNodeBack(refresh); // the lists reload when the live stream reconnects (onReconnect)
  window.addEventListener('hashchange', route);
  // a part of the page ('#home', '#feed', '#dm=…') opens the page itself even while the set-up is unfinished (e.g.
  // in a second tab)
  if (friendFromHash()) route();
  else if (!setup.finished && !setup.dismissed && !isHomeRoute()) showSetup();
  else if (window.location.hash.startsWith('#invite=')) { showHome(); route(); }
  else showHome();
  offerProtocolHandler();
  $('backup-body').replaceChildren(backupPanel());
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
  $('setup').replaceChildren(el('h1', {}, 'Your node is not answering'),
    el('p', {}, error.offline ? 'Is p2pstack running? Reload this page in a moment.' : `${error.message}. Reload this page in a moment.`));
});
