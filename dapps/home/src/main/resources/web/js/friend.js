// "Connect with a friend": your own address to share (copy button, QR code), and a friend's address to
// follow (kept and followed later when their node cannot be reached now).
import { follow } from './friends.js';
import { el } from './ui.js';
import * as store from './store.js';
import { drawQr } from './qr.js';

export function ownAddress(identity) {
  if (identity && identity.b32) return `http://${identity.b32}/`;
  return null;
}

export function addressPanel({ compact = false } = {}) {
  const address = ownAddress(store.get().identity);
  const parts = [];
  if (address) {
    const field = el('input', { id: compact ? 'my-address-home' : 'my-address', readonly: true, value: address, 'aria-label': 'Your address' });
    const copied = el('span', { class: 'muted', 'aria-live': 'polite' });
    const copy = el('button', { type: 'button', class: 'secondary', onclick: async () => {
      try { await navigator.clipboard.writeText(address); copied.textContent = 'Copied!'; } catch { field.select(); copied.textContent = 'Press Ctrl+C to copy.'; }
      setTimeout(() => { copied.textContent = ''; }, 3000);
    } }, 'Copy');
    const qr = el('canvas', { class: 'qr', width: '180', height: '180', role: 'img', 'aria-label': 'QR code of your address, for a phone to scan' });
    drawQr(qr, address);
    parts.push(el('div', { class: 'address-row' }, field, copy, copied), qr);
  } else {
    parts.push(el('p', { class: 'pending-address' },
      el('span', { class: 'spinner', 'aria-hidden': 'true' }),
      'Your address appears here as soon as the private network has started on this computer. The first start can take a few minutes — you can carry on meanwhile.'));
  }
  return el('div', { class: 'address-panel' }, ...parts);
}

export function friendForm({ onSaved = () => {}, onVisit = null } = {}) {
  const input = el('input', { id: 'friend-address', name: 'friend', placeholder: 'e.g. abcd…xyz.b32.i2p', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'friend-message' });
  const message = el('p', { class: 'message', id: 'friend-message', role: 'alert', 'aria-live': 'assertive' });
  const submit = el('button', { type: 'submit', class: 'secondary' }, 'Follow');
  const visit = onVisit ? el('button', { type: 'button', class: 'link', id: 'visit-friend' }, 'Visit first') : null;
  const form = el('form', { class: 'friend-form', novalidate: true },
    el('label', { for: 'friend-address' }, 'Your friend’s address'),
    el('div', { class: 'address-row' }, input, submit, visit),
    message);
  const empty = () => {
    if (input.value.trim()) return false;
    message.textContent = 'Paste the address your friend sent you first.';
    message.className = 'message error';
    input.focus();
    return true;
  };
  if (visit) visit.addEventListener('click', () => { if (!empty()) onVisit(input.value.trim()); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (empty()) return;
    submit.disabled = true;
    message.textContent = 'Reaching your friend’s node over the private network (I2P)… this can take a minute.';
    message.className = 'message';
    try {
      const answer = await follow(input.value);
      if (answer.friend) {
        message.textContent = `You follow ${answer.friend.nickname} now. Their posts appear under “Friends”.`;
        message.className = 'message ok';
      } else {
        message.textContent = answer.message;
        message.className = 'message';
      }
      input.value = '';
      onSaved(answer);
    } catch (error) {
      message.textContent = error.message;
      message.className = 'message error';
      input.setAttribute('aria-invalid', 'true');
    } finally {
      submit.disabled = false;
    }
  });
  input.addEventListener('input', () => input.removeAttribute('aria-invalid'));
  return form;
}
