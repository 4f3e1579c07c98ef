// When the owner's own node stops answering: a banner at the top, and the controls that need the node greyed
// out, until it answers again (checked every few seconds; the live stream reconnects by itself too).
import { $ } from './ui.js';

const CHECK_EVERY_MILLIS = 3000;
const NEEDS_NODE = '#main button, #main input, #main textarea, #main select, #notices-panel button';
let offline = false;
let timer = null;
const backListeners = new Set();

/** Runs `listener` each time the node answers again after being away. */
export function onNodeBack(listener) {
  backListeners.add(listener);
}

export function isOffline() {
  return offline;
}

async function answers() {
  try {
    const response = await fetch('/api/session', { credentials: 'same-origin', cache: 'no-store' });
    return response.ok || response.status === 401;
  } catch {
    return false;
  }
}

function setOffline(value) {
  if (value === offline) return;
  offline = value;
  $('offline-banner').hidden = !value;
  document.body.classList.toggle('node-offline', value);
  if (value) {
    for (const control of document.querySelectorAll(NEEDS_NODE)) {
      if (control.disabled) continue;
      control.disabled = true;
      control.dataset.offlineDisabled = '';
    }
    clearInterval(timer);
    timer = setInterval(check, CHECK_EVERY_MILLIS);
  } else {
    for (const control of document.querySelectorAll('[data-offline-disabled]')) {
      control.disabled = false;
      delete control.dataset.offlineDisabled;
    }
    clearInterval(timer);
    timer = null;
    for (const listener of backListeners) listener();
  }
}

/** Asks the node whether it is there (after the live stream broke, or a request failed). */
export async function check() {
  setOffline(!(await answers()));
}

/** The live stream is open again: the node answers. */
export function nodeAnswered() {
  setOffline(false);
}
