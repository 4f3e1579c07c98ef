// Nickname, picture and bio: used by the first step of the set-up and by "Edit profile".
import { send, sendBytes } from './api.js';
import { el } from './ui.js';
import { avatarPicker } from './avatar.js';
import * as store from './store.js';

const NICKNAME = /^[\p{L}\p{N}\p{So}][\p{L}\p{N}\p{M}\p{So}\p{Sk}\u200D ._-]*$/u;

export function checkNickname(value) {
  const n = value.trim();
  const length = [...n].length;
  if (length === 0) return 'Please choose a nickname.';
  if (length < 2) return 'Your nickname needs at least 2 characters.';
  if (length > 32) return 'Your nickname can have at most 32 characters.';
  if (!NICKNAME.test(n)) return 'A nickname can use letters, numbers, emoji, spaces, dots, dashes and underscores, and must start with a letter, number or emoji.';
  if (n.includes('  ')) return 'Please use single spaces in your nickname.';
  return null;
}

/** Builds the editor; `onSaved` runs after a successful save. */
export function profileEditor({ submitLabel, onSaved, extraActions = [] }) {
  const profile = store.get().profile;
  const message = el('p', { class: 'message', id: 'profile-message', role: 'alert', 'aria-live': 'assertive' });
  const say = (text, kind) => { message.textContent = text; message.className = `message ${kind === 'error' ? 'error' : kind === 'ok' ? 'ok' : ''}`; };
  const picker = avatarPicker({ current: profile && profile.avatarUrl, onMessage: say });
  const nickname = el('input', { id: 'nickname', name: 'nickname', autocomplete: 'nickname', maxlength: '40',
    'aria-describedby': 'nickname-hint profile-message', value: profile ? profile.nickname : '' });
  const bio = el('textarea', { id: 'bio', name: 'bio', rows: '2', maxlength: '280', placeholder: 'A few words about you (optional)' });
  bio.value = profile ? profile.bio : '';
  // The choice that links the anonymous I2P address to this computer's IP address: off unless the person says so.
  const link = el('input', { type: 'checkbox', id: 'link-networks', name: 'linkNetworks', 'aria-describedby': 'link-networks-hint' });
  link.checked = Boolean(profile && profile.linkNetworks);
  const privacy = el('details', { class: 'privacy', id: 'privacy-details' },
    el('summary', {}, 'Who learns what'),
    el('ul', {},
      el('li', {}, 'People who visit your page over I2P learn your nickname, picture, posts and your I2P address — not where you are.'),
      el('li', {}, 'People in the directory and in chat (Hyperswarm) see your computer’s IP address, so they can tell roughly where you are.'),
      el('li', {}, 'IPFS peers see your IP address and which content your node asks for.'),
      el('li', {}, 'With the box below ticked, your signed profile also names your chat key and IPFS id, and your node tells the directory about you: anyone who reads your profile can then find your IP address.')));
  const submit = el('button', { type: 'submit', class: 'primary' }, submitLabel);

  const form = el('form', { class: 'profile-editor', novalidate: true },
    picker.node,
    el('div', { class: 'fields' },
      el('label', { for: 'nickname' }, 'Nickname'),
      nickname,
      el('p', { class: 'hint', id: 'nickname-hint' }, 'How friends will see you. 2 to 32 letters or numbers; spaces, dots and dashes are fine.'),
      el('label', { for: 'bio' }, 'About you ', el('span', { class: 'muted' }, '(optional)')),
      bio,
      el('div', { class: 'check-row' }, link,
        el('label', { for: 'link-networks' }, 'Let people find me in the directory and join my chat by following me')),
      el('p', { class: 'hint', id: 'link-networks-hint' }, 'Off: your I2P address stays anonymous, and people you invite join your chat with your room key. On: your I2P address can be linked to this computer’s IP address.'),
      privacy,
      message,
      el('div', { class: 'actions' }, ...extraActions, submit)));

  nickname.addEventListener('input', () => { if (message.classList.contains('error')) say('', 'clear'); nickname.removeAttribute('aria-invalid'); });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problem = checkNickname(nickname.value);
    if (problem) {
      say(problem, 'error');
      nickname.setAttribute('aria-invalid', 'true');
      nickname.focus();
      return;
    }
    submit.disabled = true;
    say('Saving…', 'info');
    try {
      let answer = await send('PUT', '/api/profile', { nickname: nickname.value.trim(), bio: bio.value.trim(), linkNetworks: link.checked });
      if (picker.hasNewPicture()) {
        answer = await sendBytes('PUT', '/api/profile/avatar', await picker.blob());
      }
      store.update({ profile: answer.profile });
      say('Saved.', 'ok');
      onSaved(answer.profile);
    } catch (error) {
      say(error.message, 'error');
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
