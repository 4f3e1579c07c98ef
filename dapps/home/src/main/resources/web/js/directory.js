// Directory search: people this node has heard of through gossip. Nicknames are not unique, so each
// result shows its b32 address too.
import { getJson, send } from './api.js';
import { el, initial, announce } from './ui.js';

function personRow(p) {
  return el('li', { class: 'person' },
    el('span', { class: 'avatar placeholder', 'aria-hidden': 'true' }, initial(p.nickname)),
    el('span', { class: 'person-text' }, el('strong', { class: 'person-name' }, p.nickname),
      el('code', { class: 'b32' }, p.b32),
      // anyone can take any name: who the node trusts (followed, visited) and how long it has known them
      el('span', { class: 'muted small person-trust' }, p.you ? 'You' : p.followed ? 'You follow them'
        : p.visited ? 'You visited their page' : p.knownSince ? `Known since ${new Date(p.knownSince).toLocaleDateString()}` : ''),
      p.nearby ? el('span', { class: 'badge nearby-badge' }, 'On your network') : null),
    // someone on this network with a swarm: chat in their room, which works without the internet
    p.nearby && p.swarmKey && !p.you ? el('button', { type: 'button', class: 'secondary', onclick: () => chatWith(p) }, 'Chat') : null,
    // their page over I2P, with the Follow button (nothing changes until Follow is confirmed)
    el('a', { class: 'button secondary', href: `#friend=${encodeURIComponent(p.b32)}` }, 'Visit'));
}

/** Joins the person's own room (named by their swarm key) and shows it in Chat. */
async function chatWith(p) {
  try {
    const answer = await send('POST', '/api/chat/rooms', { room: p.swarmKey });
    window.location.hash = 'chat';
    document.dispatchEvent(new CustomEvent('p2pstack:open-room', { detail: { room: answer.room || p.swarmKey } }));
  } catch (error) {
    announce(error.message);
  }
}

/**
 * People whose node is on this local network now (found without the internet): shown above the search, and
 * refreshed when the node says the set changed.
 */
export async function refreshNearby() {
  const section = document.getElementById('nearby-people');
  if (!section) return;
  try {
    const answer = await getJson('/api/directory?nearby=true');
    const people = answer.people.filter((p) => !p.you);
    section.querySelector('ul').replaceChildren(...people.map(personRow));
    section.hidden = people.length === 0;
  } catch {
    section.hidden = true;
  }
}

export function directoryPanel() {
  const input = el('input', { id: 'directory-query', placeholder: 'A nickname, e.g. Alice', autocomplete: 'off', 'aria-describedby': 'directory-status' });
  const status = el('p', { class: 'muted', id: 'directory-status', role: 'status' });
  const list = el('ul', { class: 'directory-results', id: 'directory-results' });
  const form = el('form', { class: 'directory-form', role: 'search' },
    el('label', { for: 'directory-query' }, 'Find someone by name'),
    el('div', { class: 'address-row' }, input, el('button', { type: 'submit', class: 'secondary' }, 'Search')),
    status, list);
  async function search() {
    try {
      const answer = await getJson(`/api/directory?q=${encodeURIComponent(input.value.trim())}`);
      list.replaceChildren(...answer.people.map(personRow));
      status.textContent = answer.people.length === 0
        ? (answer.known === 0 ? 'Nobody known yet: names arrive as other nodes are met on the network.' : 'Nobody by that name yet.')
        : `${answer.people.length} found. Several people can share a name: the address beside each is theirs alone.`;
    } catch (error) {
      status.textContent = error.message;
    }
  }
  form.addEventListener('submit', (event) => { event.preventDefault(); search(); });
  const nearby = el('section', { id: 'nearby-people', class: 'nearby-people', 'aria-labelledby': 'nearby-title', hidden: true },
    el('h3', { id: 'nearby-title' }, 'On your network now'),
    el('p', { class: 'muted small' }, 'Their computers are on the same network as yours (the same Wi-Fi, say).'),
    el('ul', { class: 'directory-results' }));
  setTimeout(refreshNearby, 0);
  return el('div', {}, nearby, form);
}
