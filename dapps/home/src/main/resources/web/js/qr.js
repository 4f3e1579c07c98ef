// QR codes for the user's address (drawn on a canvas). Placeholder until the encoder lands: shows nothing.
export function drawQr(canvas) {
  canvas.hidden = true;
}
