// The home page's sections, each with its own URL (#feed, #me, #people, #chat, #apps), and the tabs that show them.
import { $ } from './ui.js';

export const SECTIONS = ['feed', 'me', 'people', 'chat', 'apps'];

/** The section the address asks for: '#dm=…' lives in the chat section; '#home', nothing or anything else is 'me'. */
export function sectionFromHash(hash = window.location.hash) {
  const name = hash.replace(/^#/, '');
  if (SECTIONS.includes(name)) return name;
  if (name.startsWith('dm=')) return 'chat';
  if (name.startsWith('invite=')) return 'people';
  return 'me';
}

/** Whether the address names a part of the home page (so it opens the page even during the set-up). */
export function isHomeRoute(hash = window.location.hash) {
  const name = hash.replace(/^#/, '');
  return name === 'home' || SECTIONS.includes(name) || name.startsWith('dm=') || name.startsWith('invite=');
}

let shown = null;

export function showSection(name) {
  $('tabs').hidden = false;
  for (const part of document.querySelectorAll('#home .page-section')) part.hidden = part.dataset.section !== name;
  for (const tab of document.querySelectorAll('#tabs a')) {
    if (tab.dataset.section === name) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  // a new section starts at its top, as a new page would
  if (shown !== null && shown !== name) window.scrollTo(0, 0);
  shown = name;
  document.dispatchEvent(new CustomEvent('section-shown', { detail: name }));
}

export function hideTabs() {
  $('tabs').hidden = true;
  shown = null;
}
