// "Share something": record a short video with the camera (or choose a file), describe it, publish it.
// The file is sent as one streamed request with a progress bar; a poster frame made here becomes the
// card's picture.
import { sendBytes, upload } from './api.js';
import { el, humanSize, announce } from './ui.js';
import * as store from './store.js';
import { icon } from './icons.js';

export const MAX_SECONDS = 60;
const POSTER_WIDTH = 640;

function formatTime(seconds) {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function pickMime() {
  const candidates = ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4'];
  return candidates.find((type) => window.MediaRecorder && MediaRecorder.isTypeSupported(type)) || '';
}

function frameToBlob(source, width, height) {
  if (!width || !height) return Promise.resolve(null);
  const scale = Math.min(1, POSTER_WIDTH / width);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  canvas.getContext('2d').drawImage(source, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.8));
}

/** A poster frame from a video file or a downscaled copy of a picture; null if the browser cannot read it. */
async function posterOf(file) {
  if (file.type.startsWith('image/')) {
    try {
      const bitmap = await createImageBitmap(file);
      return frameToBlob(bitmap, bitmap.width, bitmap.height);
    } catch { return null; }
  }
  const url = URL.createObjectURL(file);
  const video = el('video', { muted: true, playsinline: true, preload: 'auto', src: url });
  try {
    await new Promise((resolve, reject) => {
      video.addEventListener('loadeddata', resolve, { once: true });
      video.addEventListener('error', reject, { once: true });
      setTimeout(reject, 8000);
    });
    if (Number.isFinite(video.duration) && video.duration > 1) {
      await new Promise((resolve) => {
        video.addEventListener('seeked', resolve, { once: true });
        video.currentTime = Math.min(1, video.duration / 4);
        setTimeout(resolve, 3000);
      });
    }
    return await frameToBlob(video, video.videoWidth, video.videoHeight);
  } catch { return null; } finally { URL.revokeObjectURL(url); }
}

export function composer({ onPublished, extraActions = [], headingLevel = 'h2', title = 'Share something' }) {
  let stream = null;
  let recorder = null;
  let timer = null;
  let chosen = null;      // { blob, name, kind }
  let poster = null;      // Blob
  let uploading = null;

  const stage = el('div', { class: 'stage' });
  const fileInput = el('input', { type: 'file', id: 'media-file', accept: 'video/*,image/*', class: 'visually-hidden', 'aria-label': 'Choose a video or picture from your computer', tabindex: '-1' });
  const description = el('textarea', { id: 'description', rows: '2', maxlength: '500', placeholder: 'What is it about? (optional)' });
  const counter = el('span', { class: 'counter muted', 'aria-hidden': 'true' }, '0 / 500');
  const message = el('p', { class: 'message', id: 'composer-message', role: 'alert', 'aria-live': 'assertive' });
  const bar = el('div', { class: 'bar' });
  const progress = el('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Upload progress', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', hidden: true }, bar);
  const progressText = el('p', { class: 'progress-text muted', 'aria-live': 'polite' });
  const publish = el('button', { type: 'button', class: 'primary', id: 'publish', disabled: true }, 'Publish');
  const cancelUpload = el('button', { type: 'button', class: 'secondary', hidden: true }, 'Cancel upload');

  // a new message replaces whatever was said before, a "Published!" too
  const say = (text, kind = 'error') => {
    message.textContent = text;
    message.className = `message ${kind}`;
    if (!uploading) { progress.hidden = true; progressText.textContent = ''; }
  };

  function stopCamera() {
    clearInterval(timer);
    timer = null;
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
  }

  function showChoices() {
    stopCamera();
    chosen = null;
    poster = null;
    publish.disabled = true;
    stage.replaceChildren(el('div', { class: 'choices' },
      el('button', { type: 'button', class: 'choice', id: 'record', onclick: startCamera },
        el('span', { class: 'choice-icon' }, icon('camera', 34, true)),
        el('strong', {}, 'Record a video'),
        el('small', {}, `Up to ${MAX_SECONDS} seconds with your camera`)),
      el('label', { class: 'choice', for: 'media-file', tabindex: '0', role: 'button',
        onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); fileInput.click(); } } },
        el('span', { class: 'choice-icon' }, icon('folder', 34, true)),
        el('strong', {}, 'Choose a file'),
        el('small', {}, `A video or picture, up to ${humanSize(store.get().maxUploadBytes || 0)}`))));
  }

  async function startCamera() {
    say('', 'clear');
    if (!navigator.mediaDevices || !window.MediaRecorder) {
      say('This browser cannot record video. Please choose a file instead.');
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: true });
    } catch (error) {
      say(error.name === 'NotAllowedError'
        ? 'Your browser did not allow the camera. Allow it in the address bar, or choose a file instead.'
        : 'No camera was found. You can choose a video file instead.');
      return;
    }
    const live = el('video', { class: 'live', muted: true, autoplay: true, playsinline: true, 'aria-label': 'Camera preview' });
    live.srcObject = stream;
    const clock = el('span', { class: 'timer', role: 'timer', 'aria-live': 'off' }, `0:00 / ${formatTime(MAX_SECONDS)}`);
    const startStop = el('button', { type: 'button', class: 'record-button', id: 'start-recording' }, 'Start recording');
    const back = el('button', { type: 'button', class: 'secondary', onclick: showChoices }, 'Back');
    stage.replaceChildren(el('div', { class: 'recording' }, live, clock), el('div', { class: 'stage-actions' }, back, startStop));
    startStop.focus();
    startStop.addEventListener('click', () => {
      if (recorder && recorder.state === 'recording') { recorder.stop(); return; }
      record(live, clock, startStop, back);
    });
  }

  function record(live, clock, button, back) {
    const chunks = [];
    const mime = pickMime();
    recorder = new MediaRecorder(stream, mime ? { mimeType: mime, videoBitsPerSecond: 2_500_000 } : undefined);
    recorder.ondataavailable = (e) => { if (e.data.size > 0) chunks.push(e.data); };
    const started = performance.now();
    let grabbed = false;
    recorder.onstop = async () => {
      clearInterval(timer);
      if (!grabbed) poster = await frameToBlob(live, live.videoWidth, live.videoHeight);
      const type = (recorder.mimeType || mime || 'video/webm').split(';')[0];
      const blob = new Blob(chunks, { type });
      const stamp = new Date().toISOString().slice(0, 16).replace('T', '-').replace(':', '');
      stopCamera();
      review({ blob, name: `recording-${stamp}.${type.includes('mp4') ? 'mp4' : 'webm'}`, kind: 'video' });
      announce('Recording finished. Watch it, then publish.');
    };
    recorder.start(1000);
    button.textContent = 'Stop recording';
    button.classList.add('recording-now');
    back.disabled = true;
    clock.classList.add('on');
    timer = setInterval(async () => {
      const seconds = (performance.now() - started) / 1000;
      clock.textContent = `● ${formatTime(seconds)} / ${formatTime(MAX_SECONDS)}`;
      if (!grabbed && seconds > 1) { grabbed = true; poster = await frameToBlob(live, live.videoWidth, live.videoHeight); }
      if (seconds >= MAX_SECONDS && recorder.state === 'recording') {
        recorder.stop();
        announce(`Recording stopped: the longest video is ${MAX_SECONDS} seconds.`);
      }
    }, 250);
  }

  function review(choice) {
    chosen = choice;
    const url = URL.createObjectURL(choice.blob);
    const preview = choice.kind === 'picture'
      ? el('img', { class: 'review', src: url, alt: 'The picture you chose' })
      : el('video', { class: 'review', src: url, controls: true, playsinline: true, 'aria-label': 'Your video' });
    const again = choice.name.startsWith('recording-')
      ? el('button', { type: 'button', class: 'secondary', id: 'record-again', onclick: () => { URL.revokeObjectURL(url); startCamera(); } }, 'Record again')
      : el('button', { type: 'button', class: 'secondary', onclick: () => { URL.revokeObjectURL(url); fileInput.click(); } }, 'Choose another file');
    const discard = el('button', { type: 'button', class: 'link', onclick: () => { URL.revokeObjectURL(url); showChoices(); } }, 'Start over');
    stage.replaceChildren(preview, el('div', { class: 'stage-actions' }, discard, again,
      el('span', { class: 'muted size' }, humanSize(choice.blob.size))));
    publish.disabled = false;
  }

  fileInput.addEventListener('change', async () => {
    const file = fileInput.files[0];
    fileInput.value = '';
    if (!file) return;
    say('', 'clear');
    const max = store.get().maxUploadBytes;
    if (/\.avi$/i.test(file.name) || /^video\/(x-)?(msvideo|avi)$/i.test(file.type)) {
      say('AVI videos do not play in browsers: convert it to MP4 first (for example with HandBrake)');
      return;
    }
    const kind = file.type.startsWith('image/') ? 'picture' : file.type.startsWith('video/') ? 'video' : null;
    if (!kind) {
      say(`“${file.name}” is not a video or a picture. Please choose a video (like WebM or MP4) or a picture (like JPEG or PNG).`);
      return;
    }
    if (max && file.size > max) {
      say(`“${file.name}” is too big to publish. The largest file you can publish is ${humanSize(max)}; try a shorter video.`);
      return;
    }
    if (file.size === 0) {
      say(`“${file.name}” is empty. Please choose another file.`);
      return;
    }
    poster = await posterOf(file);
    review({ blob: file, name: file.name, kind });
  });

  description.addEventListener('input', () => { counter.textContent = `${description.value.length} / 500`; });

  publish.addEventListener('click', async () => {
    if (!chosen || uploading) return;
    say('', 'clear');
    publish.disabled = true;
    progress.hidden = false;
    cancelUpload.hidden = false;
    setProgress(0);
    progressText.textContent = 'Publishing… 0%';
    try {
      let thumbnail = '';
      if (poster) {
        try { thumbnail = (await sendBytes('POST', '/api/content/thumbnails', poster)).thumbnail; } catch { thumbnail = ''; }
      }
      const query = new URLSearchParams({ name: chosen.name, description: description.value.trim(), thumbnail });
      uploading = upload(`/api/content?${query}`, chosen.blob, (fraction) => {
        setProgress(fraction);
        progressText.textContent = fraction < 1 ? `Publishing… ${Math.round(fraction * 100)}%` : 'Saving on your computer…';
      });
      const item = await uploading.promise;
      setProgress(1);
      progressText.textContent = 'Published! It is now on your page.';
      progress.classList.add('done');
      announce('Published.');
      description.value = '';
      counter.textContent = '0 / 500';
      store.upsertItem(item);
      showChoices();
      onPublished(item);
    } catch (error) {
      progress.hidden = true;
      progressText.textContent = '';
      say(error.message);
      publish.disabled = !chosen;
    } finally {
      uploading = null;
      cancelUpload.hidden = true;
    }
  });
  cancelUpload.addEventListener('click', () => { if (uploading) uploading.abort(); });

  function setProgress(fraction) {
    const percent = Math.round(fraction * 100);
    bar.style.width = `${percent}%`;
    progress.setAttribute('aria-valuenow', String(percent));
    progress.classList.toggle('done', percent >= 100);
  }

  showChoices();
  store.subscribe(() => { if (!chosen && !stream) { /* refresh the size limit text */ } });
  const heading = el(headingLevel, { id: 'composer-title' }, title);
  const node = el('div', { class: 'composer' },
    heading,
    stage, fileInput,
    el('label', { for: 'description', class: 'description-label' }, 'Description'),
    el('div', { class: 'description' }, description, counter),
    message,
    progress, progressText,
    el('div', { class: 'actions' }, ...extraActions, cancelUpload, publish));
  node.refreshChoices = () => { if (!chosen && !stream) showChoices(); };
  node.stop = stopCamera;
  return node;
}

