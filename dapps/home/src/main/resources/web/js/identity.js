// The owner's identity as one file: "Back up your identity" (in Apps & status) writes it under a passphrase;
// "I already have p2pstack" (on the welcome page) restores it on a new computer.
import { fetchFile, sendForm } from './api.js';
import { el, announce } from './ui.js';

const MIN_PASSPHRASE = 10;

function say(message, text, kind = '') {
  message.textContent = text;
  message.className = `message ${kind}`;
}

/** The backup panel: a passphrase twice, then the file, downloaded by the browser. */
export function backupPanel() {
  const pass = el('input', { type: 'password', id: 'backup-passphrase', autocomplete: 'new-password', 'aria-describedby': 'backup-message' });
  const again = el('input', { type: 'password', id: 'backup-passphrase-again', autocomplete: 'new-password' });
  const message = el('p', { class: 'message', id: 'backup-message', role: 'alert' });
  const button = el('button', { type: 'submit', class: 'primary', id: 'backup-button' }, 'Download backup');
  const form = el('form', { class: 'identity-form', id: 'backup-form', novalidate: true },
    el('p', { class: 'muted' }, 'One file with your address, keys, profile and the people you follow, so you can move to a new computer '
      + 'or recover after losing this one. Your shared folder is not in it. Anyone with the file and the passphrase can be you: keep them apart.'),
    el('label', { for: 'backup-passphrase' }, `A passphrase (at least ${MIN_PASSPHRASE} characters)`), pass,
    el('label', { for: 'backup-passphrase-again' }, 'The same passphrase again'), again,
    el('div', { class: 'actions' }, button), message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (pass.value.length < MIN_PASSPHRASE) { say(message, `Choose a passphrase of at least ${MIN_PASSPHRASE} characters.`, 'error'); pass.focus(); return; }
    if (pass.value !== again.value) { say(message, 'The two passphrases differ.', 'error'); again.focus(); return; }
    button.disabled = true;
    say(message, 'Locking your identity with the passphrase… (a second or two)');
    try {
      const file = await fetchFile('/api/identity/backup', { passphrase: pass.value });
      const link = el('a', { href: URL.createObjectURL(file), download: `p2pstack-identity-${new Date().toISOString().slice(0, 10)}.p2pbackup` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60000);
      pass.value = '';
      again.value = '';
      say(message, 'Your backup is downloaded. Keep it somewhere safe, away from the passphrase.', 'ok');
    } catch (error) {
      say(message, error.message, 'error');
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

/** The restore form of the welcome page; `onRestored` runs once the node is the restored person. */
export function restorePanel({ onRestored, onCancel }) {
  const file = el('input', { type: 'file', id: 'restore-file', accept: '.p2pbackup,application/octet-stream' });
  const pass = el('input', { type: 'password', id: 'restore-passphrase', autocomplete: 'current-password' });
  const message = el('p', { class: 'message', id: 'restore-message', role: 'alert' });
  const button = el('button', { type: 'submit', class: 'primary', id: 'restore-button' }, 'Restore');
  const form = el('form', { class: 'identity-form', id: 'restore-form', novalidate: true },
    el('h2', { tabindex: '-1', id: 'restore-title' }, 'Restore from a backup'),
    el('p', { class: 'muted' }, 'Choose the backup file you made on your other computer, and type its passphrase. '
      + 'This computer then has your address, profile and the people you follow.'),
    el('label', { for: 'restore-file' }, 'Backup file'), file,
    el('label', { for: 'restore-passphrase' }, 'Passphrase'), pass,
    el('div', { class: 'actions' }, el('button', { type: 'button', class: 'link', onclick: onCancel }, '← Back'), button), message);
  async function restore(replace) {
    const data = new FormData();
    data.append('file', file.files[0]);
    data.append('passphrase', pass.value);
    data.append('replace', String(replace));
    return sendForm('/api/identity/restore', data);
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!file.files.length) { say(message, 'Choose the backup file first.', 'error'); return; }
    if (!pass.value) { say(message, 'Type the passphrase.', 'error'); pass.focus(); return; }
    button.disabled = true;
    say(message, 'Opening the backup… (a second or two, then a few more while your node restarts its networks)');
    try {
      let answer;
      try {
        answer = await restore(false);
      } catch (error) {
        // this computer has someone on it already: only with a yes, and the current one is kept aside
        if (!/already has an identity/.test(error.message) || !window.confirm(error.message)) throw error;
        answer = await restore(true);
      }
      pass.value = '';
      say(message, `Welcome back${answer.nickname ? `, ${answer.nickname}` : ''}! This computer is ${answer.b32} now.`, 'ok');
      announce(message.textContent);
      onRestored(answer);
    } catch (error) {
      say(message, error.message, 'error');
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
