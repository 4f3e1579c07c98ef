// The page's addresses: '#friend=<address>' shows a friend's page; '#feed', '#me', '#people', '#chat', '#apps' the
// sections of the owner's page ('#home' or nothing: '#me'); '#dm=<b32>' a conversation; '#invite=<link>' asks to
// follow the person a web+p2pstack: invite names.
import { $, announce } from './ui.js';
import * as store from './store.js';
import { showFriend, confirmFollow } from './friends.js';
import { showHome, applyHomeRoute } from './home-view.js';
import { isHomeRoute } from './nav.js';
import { parseInvite } from './invite.js';

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

/**
 * An invite opened through the browser's web+p2pstack: handler (or pasted into the address bar): the Follow
 * question, asked on the person's own page. Nothing is contacted before they say yes.
 */
async function openInvite() {
  let link = '';
  try { link = decodeURIComponent(window.location.hash.slice('#invite='.length)); } catch { link = ''; }
  // a reload must not ask again
  window.history.replaceState(null, '', '#people');
  applyHomeRoute();
  const invite = parseInvite(link);
  const form = $('follow-form-body').querySelector('form');
  if (!invite) {
    announce('This invite link is not complete: ask your friend to send it again.');
    if (form) { form.querySelector('.message').textContent = 'This invite link is not complete: ask your friend to send it again.'; form.querySelector('.message').className = 'message error'; }
    return;
  }
  const name = invite.name || 'this person';
  if (!(await confirmFollow(name, invite.address)) || !form) return;
  form.elements.friend.value = invite.address;
  form.requestSubmit();
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
    for (const tab of document.querySelectorAll('#tabs a')) tab.removeAttribute('aria-current');
    showFriend($('friend-page'), address, { onBack: () => { window.location.hash = 'home'; }, confirmed });
    return;
  }
  if (view.shownFriend !== null) {
    store.setView({ shownFriend: null });
    $('friend-page').hidden = true;
    $('friend-page').replaceChildren();
    showHome();
  } else if ($('home').hidden && isHomeRoute()) {
    // a link to a part of the page (a notice, a tab) leaves the set-up for the page itself
    showHome();
  } else if (!$('home').hidden) {
    applyHomeRoute();
  }
  if (window.location.hash.startsWith('#invite=')) openInvite();
}
