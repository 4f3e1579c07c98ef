// The apps menu in the header: opens on click, closes on Escape or a click elsewhere.
import { $ } from './ui.js';

export function wireMenu() {
  const button = $('apps-button');
  const menu = $('apps-menu');
  const close = () => { menu.hidden = true; button.setAttribute('aria-expanded', 'false'); };
  button.addEventListener('click', () => {
    menu.hidden = !menu.hidden;
    button.setAttribute('aria-expanded', String(!menu.hidden));
  });
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape') close(); });
  document.addEventListener('click', (event) => { if (!button.parentElement.contains(event.target)) close(); });
}
