// '#friend=<address>' shows a friend's page; anything else the owner's own page.
import { $ } from './ui.js';
import * as store from './store.js';
import { showFriend } from './friends.js';
import { showHome } from './home-view.js';

/** The friend's address in '#friend=<address>' (from a link, the list, or a visitor's I2P proxy), or null. */
export function friendFromHash() {
  const hash = window.location.hash;
  if (!hash.startsWith('#friend=')) return null;
  try { return decodeURIComponent(hash.slice('#friend='.length)).slice(0, 300); } catch { return null; }
}

/**
 * Remembers the address the person just chose on this page (a click on a '#friend=' link). Only that one is
 * visited at once; a '#friend=' that came from outside (another site, the I2P proxy's Follow link, a window opened
 * by another page) waits for a click on Visit. Nothing changes until Follow is confirmed.
 */
export function trackChosenFriends() {
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#friend="]');
    if (!link || !event.isTrusted) return;
    let chosen = null;
    try { chosen = decodeURIComponent(link.getAttribute('href').slice('#friend='.length)).slice(0, 300); } catch { chosen = null; }
    store.setView({ chosenFriend: chosen });
  }, true);
}

export function route() {
  const address = friendFromHash();
  const view = store.viewState();
  if (address) {
    if (address === view.shownFriend) return;
    const confirmed = address === view.chosenFriend;
    store.setView({ shownFriend: address, chosenFriend: null });
    $('setup').hidden = true;
    $('home').hidden = true;
    $('friend-page').hidden = false;
    showFriend($('friend-page'), address, { onBack: () => { window.location.hash = 'home'; }, confirmed });
    return;
  }
  if (view.shownFriend !== null) {
    store.setView({ shownFriend: null });
    $('friend-page').hidden = true;
    $('friend-page').replaceChildren();
    showHome();
  }
}
