// Live updates from the node (Server-Sent Events): new, changed and removed items, profile changes, friends.
// Every open tab gets them; after a reconnect the list is reloaded so nothing is missed.
import { getJson } from './api.js';
import * as store from './store.js';
import { announce } from './ui.js';

export async function reloadContent() {
  const content = await getJson('/api/content');
  store.update({ items: content.items, maxUploadBytes: content.maxUploadBytes, folder: content.folder, problems: content.problems });
}

export function connectLive({ onProfile, onFriends = () => {}, onChat = () => {}, onChatRooms = () => {}, onReconnect = () => {} }) {
  const source = new EventSource('/api/events');
  let opened = false;
  source.addEventListener('open', () => {
    document.body.dataset.live = 'on';
    if (opened) { reloadContent().catch(() => {}); onReconnect(); }
    opened = true;
  });
  source.addEventListener('error', () => { document.body.dataset.live = 'off'; });
  source.addEventListener('content', (event) => {
    const { type, item } = JSON.parse(event.data);
    if (type === 'removed') {
      store.removeItem(item.id);
    } else {
      const isNew = !store.get().items.some((i) => i.id === item.id);
      store.upsertItem(item);
      if (isNew && type === 'added') announce(`New on your page: ${item.description}`);
    }
  });
  source.addEventListener('torrent', (event) => {
    const { id, torrent } = JSON.parse(event.data);
    store.setTorrent(id, torrent);
  });
  source.addEventListener('problems', (event) => store.update({ problems: JSON.parse(event.data).problems }));
  source.addEventListener('profile', () => onProfile());
  source.addEventListener('chat', (event) => onChat(JSON.parse(event.data)));
  source.addEventListener('chatrooms', () => onChatRooms());
  source.addEventListener('friends', (event) => onFriends(JSON.parse(event.data)));
  return source;
}
