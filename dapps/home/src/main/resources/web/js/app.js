// Landing page entry point.
import { renderStatus } from './status.js';
import { renderApps } from './apps.js';

const $ = (id) => document.getElementById(id);

function wireMenu() {
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

function refresh() {
  renderStatus($('stacks'), $('status-summary'), $('footer'));
  renderApps($('apps'), $('apps-menu'));
}

wireMenu();
refresh();
setInterval(() => renderStatus($('stacks'), $('status-summary'), $('footer')), 10000);
window.addEventListener('focus', refresh);
