// Nickname, picture and bio: used by the first step of the set-up and by "Edit profile".
import { send, sendBytes } from './api.js';
import { el } from './ui.js';
import { avatarPicker } from './avatar.js';
import * as store from './store.js';

const NICKNAME = /^[\p{L}\p{N}][\p{L}\p{N}\p{M} ._-]*$/u;

export function checkNickname(value) {
  const n = value.trim();
  const length = [...n].length;
  if (length === 0) return 'Please choose a nickname.';
  if (length < 2) return 'Your nickname needs at least 2 characters.';
  if (length > 32) return 'Your nickname can have at most 32 characters.';
  if (!NICKNAME.test(n)) return 'A nickname can use letters, numbers, spaces, dots, dashes and underscores, and must start with a letter or number.';
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
  const submit = el('button', { type: 'submit', class: 'primary' }, submitLabel);

  const form = el('form', { class: 'profile-editor', novalidate: true },
    picker.node,
    el('div', { class: 'fields' },
      el('label', { for: 'nickname' }, 'Nickname'),
      nickname,
      el('p', { class: 'hint', id: 'nickname-hint' }, 'How friends will see you. 2 to 32 letters or numbers; spaces, dots and dashes are fine.'),
      el('label', { for: 'bio' }, 'About you ', el('span', { class: 'muted' }, '(optional)')),
      bio,
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
      let answer = await send('PUT', '/api/profile', { nickname: nickname.value.trim(), bio: bio.value.trim() });
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
