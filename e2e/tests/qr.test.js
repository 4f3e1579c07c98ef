// The home page's own QR encoder, read back by an independent decoder (jsQR) for every supported version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import { encodeQr } from '../../dapps/home/src/main/resources/web/js/qr.js';

function toImage(matrix, scale = 4) {
  const modules = matrix.length + 8;
  const size = modules * scale;
  const rgba = new Uint8ClampedArray(size * size * 4).fill(255);
  matrix.forEach((row, y) => row.forEach((dark, x) => {
    if (!dark) return;
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const p = (((y + 4) * scale + dy) * size + (x + 4) * scale + dx) * 4;
        rgba[p] = 0; rgba[p + 1] = 0; rgba[p + 2] = 0;
      }
    }
  }));
  return { rgba, size };
}

const b32 = 'ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq';
const samples = ['hi', `http://${b32}.b32.i2p/`, 'x'.repeat(30), 'y'.repeat(60), 'z'.repeat(100), 'é'.repeat(60), 'q'.repeat(150), 'w'.repeat(211)];

for (const text of samples) {
  test(`QR code of ${text.length} characters reads back`, () => {
    const matrix = encodeQr(text);
    const { rgba, size } = toImage(matrix);
    const decoded = jsQR(rgba, size, size);
    assert.ok(decoded, `jsQR found a code (version ${(matrix.length - 17) / 4})`);
    assert.equal(decoded.data, text);
  });
}

test('too long for the supported versions is refused', () => {
  assert.throws(() => encodeQr('a'.repeat(400)), /Too long/);
});
