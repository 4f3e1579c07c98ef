// The page's one store: what the node told us, and who wants to hear about changes.
const state = {
  profile: null,     // { nickname, bio, avatarUrl } or null
  setup: { step: 0, finished: false, dismissed: false, friends: [] },
  items: [],         // newest first
  maxUploadBytes: 0,
  folder: '',
  problems: [],
  identity: {},
  friends: { following: [], pending: [], waiting: [], items: [] },
  followers: [],     // [{ nickname, b32, since }], newest first
};
const listeners = new Set();

// What the page shows now, apart from the node's data: changing it re-renders nothing by itself.
const view = {
  shownFriend: null,   // the address of the friend's page on screen, or null for the home page
  chosenFriend: null,  // the address the person just chose on this page (see routes.js)
  composer: null,      // the home page's composer, made once
  chat: null,          // the chat panel, made once
  dms: null,           // the direct messages panel, made once
};

export function get() {
  return state;
}

export function viewState() {
  return view;
}

export function setView(changes) {
  Object.assign(view, changes);
}

export function update(changes) {
  Object.assign(state, changes);
  for (const listener of listeners) listener(state);
}

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function upsertItem(item) {
  const old = state.items.find((i) => i.id === item.id);
  // live 'content' events carry no torrent, and an upload's answer may be older than the 'torrent' events
  // that followed it: keep what we know about the same file
  if (!item.torrent && old && old.torrent && old.sha256 === item.sha256) item = { ...item, torrent: old.torrent };
  const items = state.items.filter((i) => i.id !== item.id);
  items.push(item);
  items.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : a.fileName.localeCompare(b.fileName)));
  update({ items });
}

export function removeItem(id) {
  update({ items: state.items.filter((i) => i.id !== id) });
}

export function setTorrent(id, torrent) {
  if (!state.items.some((i) => i.id === id)) return;
  update({ items: state.items.map((i) => (i.id === id ? { ...i, torrent } : i)) });
}
