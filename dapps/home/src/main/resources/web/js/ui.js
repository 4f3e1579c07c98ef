// Small DOM helpers shared by the views.
export const $ = (id) => document.getElementById(id);

/** el('button', { class: 'primary', onclick }, 'Text', child...) */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (value === true) node.setAttribute(key, '');
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

/** Says something to screen-reader users without moving focus. */
export function announce(text) {
  const region = $('announcer');
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 50);
}

export function humanSize(bytes) {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1).replace(/\.0$/, '')} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function when(iso) {
  const date = new Date(iso);
  const seconds = (Date.now() - date.getTime()) / 1000;
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Asks a yes/no question in an accessible modal dialog; resolves to true on confirm. */
export function confirmDialog({ title, text, confirm, cancel = 'Cancel', danger = false }) {
  return new Promise((resolve) => {
    const dialog = el('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' },
      el('h2', { id: 'confirm-title', text: title }),
      el('p', { text }),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'secondary', value: 'no', text: cancel, onclick: () => dialog.close('no') }),
        el('button', { type: 'button', class: danger ? 'danger' : 'primary', value: 'yes', text: confirm, onclick: () => dialog.close('yes') })));
    dialog.addEventListener('close', () => { dialog.remove(); resolve(dialog.returnValue === 'yes'); });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('.secondary').focus();
  });
}

/** The first character as a person sees it: a whole emoji (several code points), not half of one. */
export function initial(name) {
  const text = (name || '').trim();
  if (!text) return '?';
  const first = typeof Intl.Segmenter === 'function'
    ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)[Symbol.iterator]().next().value.segment
    : [...text][0];
  return first.toUpperCase();
}

export function avatarNode(profile, size = 48) {
  if (profile && profile.avatarUrl) {
    return el('img', { class: 'avatar', src: profile.avatarUrl, alt: '', width: size, height: size });
  }
  const letter = profile && profile.nickname ? initial(profile.nickname) : '?';
  return el('span', { class: 'avatar placeholder', style: `width:${size}px;height:${size}px;font-size:${size * 0.45}px`, 'aria-hidden': 'true' }, letter);
}
