// The first-time set-up: a welcome, then three steps with visible progress. Every step can be skipped;
// the position is kept by the node, so closing the tab and coming back resumes where the person left off.
import { send } from './api.js';
import { el, announce } from './ui.js';
import { restorePanel } from './identity.js';
import * as store from './store.js';
import { profileEditor } from './profile-editor.js';
import { composer } from './composer.js';
import { addressPanel, friendForm } from './friend.js';
import { icon } from './icons.js';

const STEPS = [
  { title: 'Your profile', heading: 'Choose a nickname and a picture', intro: 'This is how your friends will recognise you.' },
  { title: 'Share a video', heading: 'Share your first video', intro: 'Record a few seconds with your camera, or choose a video or picture from your computer. It is saved on this computer, in your shared folder.' },
  { title: 'Add a friend', heading: 'Connect with a friend', intro: 'Send your invite to a friend, and paste theirs here.' },
];

export async function saveStep(step, dismissed = false) {
  const setup = await send('PUT', '/api/profile/setup', { step, dismissed });
  store.update({ setup });
}

export function renderSetup(container, { onDone }) {
  let activeComposer = null;

  async function go(step, dismissed = false) {
    if (activeComposer) activeComposer.stop();
    try {
      await saveStep(step, dismissed);
    } catch (error) {
      announce(error.message);
      return;
    }
    if (step >= 4 || dismissed) onDone();
    else render();
  }

  function progressIndicator(current) {
    return el('div', { class: 'progress-steps' },
      el('p', { class: 'step-count', id: 'step-count' }, `Step ${current} of 3`),
      el('ol', { class: 'steps', 'aria-labelledby': 'step-count' },
        ...STEPS.map((s, i) => el('li', {
          class: i + 1 < current ? 'done' : i + 1 === current ? 'current' : '',
          'aria-current': i + 1 === current ? 'step' : undefined,
        }, el('span', { class: 'dot', 'aria-hidden': 'true' }, i + 1 < current ? '✓' : String(i + 1)), el('span', {}, s.title),
        i + 1 < current ? el('span', { class: 'visually-hidden' }, ' (done)') : null))),
      el('div', { class: 'step-bar', 'aria-hidden': 'true' }, el('div', { style: `width:${((current - 1) / 3) * 100 + 100 / 6}%` })));
  }

  function skipButton(step) {
    return el('button', { type: 'button', class: 'link', id: 'skip-step', onclick: () => go(step + 1) }, 'Skip this step');
  }

  function showRestore() {
    container.replaceChildren(restorePanel({
      onCancel: render,
      // the node restarted its networks with the restored keys: load the page anew, as that person
      onRestored: () => setTimeout(() => { window.location.hash = 'me'; window.location.reload(); }, 2500),
    }));
    container.querySelector('#restore-title').focus();
  }

  function render() {
    const step = store.get().setup.step;
    activeComposer = null;
    if (step === 0) {
      container.replaceChildren(el('div', { class: 'welcome-hero' },
        el('div', { class: 'hero-art', 'aria-hidden': 'true' }, el('img', { src: '/dapps/home/welcome.svg', alt: '', width: '160', height: '120' })),
        el('h1', { id: 'setup-title', tabindex: '-1' }, 'Welcome to your own corner of the internet'),
        el('p', { class: 'lead' }, 'p2pstack runs on this computer. What you share lives here, on your own machine, and goes straight to the friends you choose — through a network of people like you, not through a company.'),
        el('ul', { class: 'promises' },
          el('li', {}, el('strong', {}, 'Yours. '), 'Your videos and pictures stay in a folder on this computer.'),
          el('li', {}, el('strong', {}, 'Private. '), 'No account, no password, no advertising.'),
          el('li', {}, el('strong', {}, 'Simple. '), 'Three short steps and you are ready.')),
        el('div', { class: 'actions center' },
          el('button', { type: 'button', class: 'link', id: 'setup-later', onclick: () => go(0, true) }, 'Not now'),
          el('button', { type: 'button', class: 'primary big', id: 'get-started', onclick: () => go(1) }, 'Get started')),
        el('p', { class: 'center' }, el('button', { type: 'button', class: 'link', id: 'restore-instead', onclick: showRestore },
          'I already have p2pstack: restore from a backup'))));
      container.querySelector('#get-started').focus();
      return;
    }
    const info = STEPS[step - 1];
    let body;
    if (step === 1) {
      body = profileEditor({ submitLabel: 'Continue', onSaved: () => go(2), extraActions: [skipButton(1)] });
    } else if (step === 2) {
      const next = el('button', { type: 'button', class: 'primary', id: 'ftue-next', hidden: true, onclick: () => go(3) }, 'Continue');
      const skip = skipButton(2);
      activeComposer = composer({ headingLevel: 'h2', title: 'Your video', extraActions: [skip, next],
        onPublished: () => {
          container.querySelector('.stage').replaceChildren(el('div', { class: 'published-note' }, icon('check', 28),
            el('span', {}, 'Your video is on your page. You can share more any time from your home page.')));
          for (const part of container.querySelectorAll('.description-label, .description')) part.hidden = true;
          next.hidden = false; skip.hidden = true; container.querySelector('#publish').hidden = true; next.focus(); } });
      body = activeComposer;
    } else {
      body = el('div', { class: 'friend-step' },
        el('h2', {}, 'Your invite'),
        el('p', { class: 'muted' }, 'Send it to a friend by message or e-mail, or let them scan the code. It also tells them how to get p2pstack if they do not have it yet.'),
        addressPanel(),
        friendForm(),
        el('div', { class: 'actions' }, skipButton(3).cloneNode(true),
          el('button', { type: 'button', class: 'primary', id: 'finish-setup', onclick: () => go(4) }, 'Finish')));
      body.querySelector('#skip-step').addEventListener('click', () => go(4));
    }
    container.replaceChildren(
      progressIndicator(step),
      el('h1', { id: 'setup-title', tabindex: '-1' }, info.heading),
      el('p', { class: 'lead' }, info.intro),
      body,
      el('div', { class: 'setup-nav' },
        step > 1 ? el('button', { type: 'button', class: 'link', onclick: () => go(step - 1) }, '← Back') : el('span'),
        el('button', { type: 'button', class: 'link', onclick: () => go(step, true) }, 'Finish later')));
    container.querySelector('#setup-title').focus();
  }

  render();
}
