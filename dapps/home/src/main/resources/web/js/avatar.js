// Profile picture picker: choose a picture, move and zoom it in a square frame; the browser makes a
// 512×512 JPEG from it, so the node never receives a huge photo.
import { el } from './ui.js';
import { icon } from './icons.js';

const OUTPUT = 512;
const MAX_INPUT_BYTES = 20 * 1024 * 1024;

export function avatarPicker({ current, onMessage }) {
  const VIEW = 200;
  let bitmap = null;
  let zoom = 1;
  let dx = 0;
  let dy = 0;
  let changed = false;

  const canvas = el('canvas', { class: 'crop', width: VIEW * 2, height: VIEW * 2, tabindex: '0', role: 'img',
    'aria-label': 'Your profile picture. Drag or use the arrow keys to move it.' });
  const input = el('input', { type: 'file', id: 'avatar-file', accept: 'image/jpeg,image/png,image/webp,image/gif', class: 'visually-hidden' });
  const zoomInput = el('input', { type: 'range', id: 'avatar-zoom', min: '1', max: '3', step: '0.01', value: '1', disabled: true });
  const placeholder = el('div', { class: 'crop-empty', 'aria-hidden': 'true' }, current ? el('img', { src: current, alt: '' }) : icon('person', 96));

  const node = el('div', { class: 'avatar-picker' },
    el('div', { class: 'crop-frame' }, placeholder, canvas),
    el('div', { class: 'avatar-controls' },
      el('label', { for: 'avatar-file', class: 'button secondary', tabindex: '0', role: 'button',
        onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); } } }, current ? 'Choose another picture' : 'Choose a picture'),
      input,
      el('label', { class: 'zoom', for: 'avatar-zoom' }, 'Zoom', zoomInput),
      el('p', { class: 'hint' }, 'A photo of you, your pet or anything you like. Drag it to frame it.')));
  canvas.hidden = true;

  function clamp() {
    const base = VIEW / Math.min(bitmap.width, bitmap.height);
    const w = bitmap.width * base * zoom;
    const h = bitmap.height * base * zoom;
    dx = Math.max(-(w - VIEW) / 2, Math.min((w - VIEW) / 2, dx));
    dy = Math.max(-(h - VIEW) / 2, Math.min((h - VIEW) / 2, dy));
    return { w, h };
  }

  function draw(target, size) {
    const ctx = target.getContext('2d');
    const { w, h } = clamp();
    const k = size / VIEW;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size, size);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, (VIEW / 2 + dx - w / 2) * k, (VIEW / 2 + dy - h / 2) * k, w * k, h * k);
  }

  input.addEventListener('change', async () => {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    if (!/^image\//.test(file.type)) {
      onMessage('This file is not a picture. Please choose a JPEG, PNG or WebP image.', 'error');
      return;
    }
    if (file.size > MAX_INPUT_BYTES) {
      onMessage('This picture is too big (more than 20 MB). Please choose a smaller one.', 'error');
      return;
    }
    try {
      bitmap = await createImageBitmap(file);
    } catch {
      onMessage('This picture cannot be opened. It may be damaged, or not a picture at all. Please choose another one.', 'error');
      return;
    }
    zoom = 1; dx = 0; dy = 0; changed = true;
    zoomInput.value = '1';
    zoomInput.disabled = false;
    placeholder.hidden = true;
    canvas.hidden = false;
    draw(canvas, canvas.width);
    onMessage('', 'clear');
  });

  zoomInput.addEventListener('input', () => { zoom = Number(zoomInput.value); draw(canvas, canvas.width); });
  let drag = null;
  canvas.addEventListener('pointerdown', (e) => { if (!bitmap) return; drag = { x: e.clientX, y: e.clientY, dx, dy }; canvas.setPointerCapture(e.pointerId); });
  canvas.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const scale = VIEW / canvas.getBoundingClientRect().width;
    dx = drag.dx + (e.clientX - drag.x) * scale;
    dy = drag.dy + (e.clientY - drag.y) * scale;
    draw(canvas, canvas.width);
  });
  canvas.addEventListener('pointerup', () => { drag = null; });
  canvas.addEventListener('keydown', (e) => {
    if (!bitmap) return;
    const step = 8;
    const moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (!moves[e.key]) return;
    e.preventDefault();
    dx += moves[e.key][0]; dy += moves[e.key][1];
    draw(canvas, canvas.width);
  });

  return {
    node,
    hasNewPicture: () => changed && bitmap !== null,
    /** The cropped square as a JPEG blob. */
    async blob() {
      const out = document.createElement('canvas');
      out.width = OUTPUT; out.height = OUTPUT;
      draw(out, OUTPUT);
      return new Promise((resolve) => out.toBlob(resolve, 'image/jpeg', 0.9));
    },
  };
}
