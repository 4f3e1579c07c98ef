// Invites: a short message a friend can read anywhere (it says where to get p2pstack), carrying a
// web+p2pstack:follow link that this page opens once the browser knows p2pstack handles it.
const B32 = /[a-z2-7]{52}\.b32\.i2p/i;
const PROTOCOL = 'web+p2pstack';

export function inviteLink(b32, nickname) {
  const name = nickname ? `&name=${encodeURIComponent(nickname)}` : '';
  return `${PROTOCOL}:follow?address=${b32}${name}`;
}

export function inviteText(b32, nickname) {
  // the project has no download site of its own yet, so the invite names none rather than a guessed address
  return `Follow me on p2pstack: ${inviteLink(b32, nickname)} — don't have p2pstack yet? `
    + 'It is a free app for your computer: ask me for the installer, then paste this whole message into its Follow box.';
}

/** The address inside whatever was pasted (a whole invite, a link, an address); otherwise the text as it is. */
export function addressFromText(text) {
  const found = B32.exec(text);
  return found ? found[0].toLowerCase() : text.trim();
}

/** { address, name } from a 'web+p2pstack:follow?…' link, or null when it is not one. */
export function parseInvite(link) {
  const match = /^web\+p2pstack:(?:\/\/)?follow\?(.*)$/i.exec((link || '').trim());
  if (!match) return null;
  const query = new URLSearchParams(match[1]);
  const address = B32.exec(query.get('address') || '');
  if (!address) return null;
  return { address: address[0].toLowerCase(), name: (query.get('name') || '').slice(0, 64) };
}

/** Asks the browser (once) to open web+p2pstack: links on this page. */
export function offerProtocolHandler() {
  try {
    if (localStorage.getItem('p2pstack-protocol-offered')) return;
    localStorage.setItem('p2pstack-protocol-offered', '1');
    navigator.registerProtocolHandler(PROTOCOL, `${window.location.origin}/#invite=%s`);
  } catch { /* not offered by this browser, or refused */ }
}
