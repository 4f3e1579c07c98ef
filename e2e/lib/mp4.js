// Makes real, playable MP4 test videos of any size without ffmpeg: Chromium's WebCodecs encodes a short
// VP9 clip (moving picture plus noise, so that it is big), and this module writes it, repeated, into a
// plain MP4 with the index (moov) at the END, as cameras and most tools write it — so that the node has to
// make it streamable. Every repetition starts with a key frame, so the whole video is seekable.
import fs from 'node:fs';

const FPS = 30;
const KEY_EVERY = 30; // one key frame a second: a seek lands at most a second early

/** Encodes `frames` frames of width×height VP9 in the page; returns the chunks (base64) and the codec. */
export async function encodeClip(page, { width = 1280, height = 720, frames = 60, bitrate = 30_000_000 } = {}) {
  return page.evaluate(async ({ width, height, frames, bitrate, fps, keyEvery }) => {
    if (typeof VideoEncoder === 'undefined') throw new Error('WebCodecs is missing: open a page of the node (a secure context) first');
    const codec = 'vp09.00.40.08';
    const chunks = [];
    let failure = null;
    const encoder = new VideoEncoder({
      output: (chunk) => {
        const data = new Uint8Array(chunk.byteLength);
        chunk.copyTo(data);
        let binary = '';
        for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
        chunks.push({ key: chunk.type === 'key', data: btoa(binary) });
      },
      error: (e) => { failure = e.message; },
    });
    encoder.configure({ codec, width, height, bitrate, framerate: fps, latencyMode: 'quality' });
    const canvas = new OffscreenCanvas(width, height);
    const g = canvas.getContext('2d');
    const noise = g.createImageData(width, height);
    for (let i = 0; i < frames; i++) {
      for (let p = 0; p < noise.data.length; p += 4) {
        const v = (Math.random() * 255) | 0;
        noise.data[p] = v; noise.data[p + 1] = (v * 7) & 255; noise.data[p + 2] = 255 - v; noise.data[p + 3] = 255;
      }
      g.putImageData(noise, 0, 0);
      g.fillStyle = `hsl(${(i * 6) % 360} 80% 50%)`;
      g.fillRect((i * 17) % (width - 200), height / 3, 200, 200);
      const frame = new VideoFrame(canvas, { timestamp: Math.round(i * 1e6 / fps), duration: Math.round(1e6 / fps) });
      encoder.encode(frame, { keyFrame: i % keyEvery === 0 });
      frame.close();
      while (encoder.encodeQueueSize > 4) await new Promise((r) => setTimeout(r, 5));
    }
    await encoder.flush();
    encoder.close();
    if (failure) throw new Error(failure);
    return { codec, width, height, chunks };
  }, { width, height, frames, bitrate, fps: FPS, keyEvery: KEY_EVERY });
}

function box(type, ...parts) {
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

function full(type, version, flags, ...parts) {
  const vf = Buffer.alloc(4);
  vf.writeUInt32BE(((version & 0xff) << 24) | (flags & 0xffffff), 0);
  return box(type, vf, ...parts);
}

const u8 = (...v) => Buffer.from(v);
function u16(...v) { const b = Buffer.alloc(2 * v.length); v.forEach((x, i) => b.writeUInt16BE(x & 0xffff, 2 * i)); return b; }
function u32(...v) { const b = Buffer.alloc(4 * v.length); v.forEach((x, i) => b.writeUInt32BE(x >>> 0, 4 * i)); return b; }
function u64(v) { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(v), 0); return b; }
const MATRIX = u32(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000);

/**
 * Writes `clip` repeated until the file has at least `bytes` bytes: ftyp, mdat, moov (index last).
 * Returns { bytes, seconds }.
 */
export function writeMp4(path, clip, bytes) {
  const samples = clip.chunks.map((c) => ({ key: c.key, data: Buffer.from(c.data, 'base64') }));
  const clipBytes = samples.reduce((n, s) => n + s.data.length, 0);
  const repeats = Math.max(1, Math.ceil(bytes / clipBytes));
  const ftyp = box('ftyp', Buffer.from('isom', 'latin1'), u32(0x200), Buffer.from('isomiso2mp41', 'latin1'));
  const mdatSize = clipBytes * repeats + 16;
  const out = fs.openSync(path, 'w');
  try {
    fs.writeSync(out, ftyp);
    const mdatHeader = Buffer.alloc(16); // 64-bit size: a test video may pass 4 GiB
    mdatHeader.writeUInt32BE(1, 0);
    mdatHeader.write('mdat', 4, 'latin1');
    mdatHeader.writeBigUInt64BE(BigInt(mdatSize), 8);
    fs.writeSync(out, mdatHeader);
    const offsets = [];
    let position = ftyp.length + 16;
    for (let r = 0; r < repeats; r++) {
      const block = Buffer.concat(samples.map((s) => s.data));
      for (const s of samples) { offsets.push(position); position += s.data.length; }
      fs.writeSync(out, block);
    }
    const count = samples.length * repeats;
    const sizes = [];
    const keys = [];
    for (let r = 0; r < repeats; r++) {
      samples.forEach((s, i) => { sizes.push(s.data.length); if (s.key) keys.push(r * samples.length + i + 1); });
    }
    const timescale = FPS * 1000;
    const duration = count * 1000; // in the media timescale
    const ms = Math.round(count * 1000 / FPS);
    const vpcC = full('vpcC', 1, 0, u8(0, 40, (8 << 4) | (1 << 1) | 0, 1, 1, 1), u16(0));
    const entry = box('vp09', Buffer.alloc(6), u16(1), u16(0, 0), u32(0, 0, 0), u16(clip.width, clip.height),
      u32(0x480000, 0x480000, 0), u16(1), Buffer.alloc(32), u16(0x18, 0xffff), vpcC);
    const stbl = box('stbl',
      full('stsd', 0, 0, u32(1), entry),
      full('stts', 0, 0, u32(1, count, 1000)),
      full('stss', 0, 0, u32(keys.length, ...keys)),
      full('stsc', 0, 0, u32(1, 1, 1, 1)),
      full('stsz', 0, 0, u32(0, count, ...sizes)),
      full('co64', 0, 0, u32(count), ...offsets.map(u64)));
    const minf = box('minf', full('vmhd', 0, 1, u16(0, 0, 0, 0)),
      box('dinf', full('dref', 0, 0, u32(1), full('url ', 0, 1))), stbl);
    const mdia = box('mdia', full('mdhd', 0, 0, u32(0, 0, timescale, duration), u16(0x55c4, 0)),
      full('hdlr', 0, 0, u32(0), Buffer.from('vide', 'latin1'), u32(0, 0, 0), Buffer.from('VideoHandler\0', 'latin1')), minf);
    const tkhd = full('tkhd', 0, 3, u32(0, 0, 1, 0, ms), u32(0, 0), u16(0, 0, 0, 0), MATRIX, u32(clip.width << 16, clip.height << 16));
    const mvhd = full('mvhd', 0, 0, u32(0, 0, 1000, ms), u32(0x10000), u16(0x100, 0), u32(0, 0), MATRIX, u32(0, 0, 0, 0, 0, 0), u32(2));
    const moov = box('moov', mvhd, box('trak', tkhd, mdia));
    fs.writeSync(out, moov);
    return { bytes: position + moov.length, seconds: count / FPS };
  } finally {
    fs.closeSync(out);
  }
}
