// "Connect with a friend": your invite to share (a short message with your address and where to get p2pstack;
// copy button, QR code), and a friend's invite or address to follow (kept and followed later when their computer
// cannot be reached now).
import { followFrom } from './friends.js';
import { el } from './ui.js';
import * as store from './store.js';
import { drawQr } from './qr.js';
import { addressFromText, inviteLink, inviteText } from './invite.js';

export function ownAddress(identity) {
  if (identity && identity.b32) return `http://${identity.b32}/`;
  return null;
}

/** Draws the longest form of the invite that fits in a QR code (a long emoji name may not). */
function drawInvite(canvas, b32, nickname) {
  for (const text of [inviteText(b32, nickname), inviteText(b32, ''), inviteLink(b32, '')]) {
    try { drawQr(canvas, text); return; } catch { /* too long: a shorter form */ }
  }
}

export function addressPanel({ compact = false } = {}) {
  const { identity, profile } = store.get();
  const address = ownAddress(identity);
  const parts = [];
  if (address) {
    const nickname = profile ? profile.nickname : '';
    const invite = inviteText(identity.b32, nickname);
    const text = el('textarea', { id: compact ? 'my-invite-home' : 'my-invite', class: 'invite-text', readonly: true, rows: '4', 'aria-label': 'Your invite' });
    text.value = invite;
    const copied = el('span', { class: 'muted', 'aria-live': 'polite' });
    const copy = el('button', { type: 'button', class: 'secondary', onclick: async () => {
      try { await navigator.clipboard.writeText(invite); copied.textContent = 'Copied!'; } catch { text.select(); copied.textContent = 'Press Ctrl+C to copy.'; }
      setTimeout(() => { copied.textContent = ''; }, 3000);
    } }, 'Copy invite');
    const qr = el('canvas', { class: 'qr', width: '240', height: '240', role: 'img', 'aria-label': 'QR code of your invite, for a phone to scan' });
    drawInvite(qr, identity.b32, nickname);
    const field = el('input', { id: compact ? 'my-address-home' : 'my-address', readonly: true, value: address, 'aria-label': 'Your address' });
    parts.push(text, el('div', { class: 'address-row' }, copy, copied), qr,
      el('details', { class: 'just-address' }, el('summary', {}, 'Just your address'), field));
  } else {
    parts.push(el('p', { class: 'pending-address' },
      el('span', { class: 'spinner', 'aria-hidden': 'true' }),
      'Your address appears here as soon as the private network has started on this computer. The first start can take a few minutes — you can carry on meanwhile.'));
  }
  return el('div', { class: 'address-panel' }, ...parts);
}

export function friendForm({ onSaved = () => {}, onVisit = null } = {}) {
  const input = el('input', { id: 'friend-address', name: 'friend', placeholder: 'Paste the invite or address here', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'friend-message' });
  const message = el('p', { class: 'message', id: 'friend-message', role: 'alert', 'aria-live': 'assertive' });
  const submit = el('button', { type: 'submit', class: 'secondary', id: 'friend-follow' }, 'Follow');
  const visit = onVisit ? el('button', { type: 'button', class: 'link', id: 'visit-friend' }, 'Visit first') : null;
  const form = el('form', { class: 'friend-form', novalidate: true },
    el('label', { for: 'friend-address' }, 'Your friend’s invite or address'),
    el('div', { class: 'address-row' }, input, submit, visit),
    message);
  const empty = () => {
    if (input.value.trim()) return false;
    message.textContent = 'Paste the invite or address your friend sent you first.';
    message.className = 'message error';
    input.focus();
    return true;
  };
  if (visit) visit.addEventListener('click', () => { if (!empty()) onVisit(addressFromText(input.value)); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (empty() || submit.disabled) return;
    // a whole invite message works too: the address is taken out of it
    const answer = await followFrom(submit, message, addressFromText(input.value));
    if (!answer) { input.setAttribute('aria-invalid', 'true'); return; }
    input.value = '';
    onSaved(answer);
  });
  input.addEventListener('input', () => input.removeAttribute('aria-invalid'));
  return form;
}
