// The page's one store: what the node told us, and who wants to hear about changes.
const state = {
  profile: null,     // { nickname, bio, avatarUrl } or null
  setup: { step: 0, finished: false, dismissed: false, friends: [] },
  items: [],         // newest first
  maxUploadBytes: 0,
  folder: '',
  problems: [],
  identity: {},
  friends: { following: [], pending: [], items: [] },
};
const listeners = new Set();

export function get() {
  return state;
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
  const items = state.items.filter((i) => i.id !== item.id);
  items.push(item);
  items.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : a.fileName.localeCompare(b.fileName)));
  update({ items });
}

export function removeItem(id) {
  update({ items: state.items.filter((i) => i.id !== id) });
}
