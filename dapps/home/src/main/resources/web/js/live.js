// Live updates from the node (Server-Sent Events): new, changed and removed items, profile changes, friends,
// chat, notices and direct messages. Every open tab gets them; after a reconnect the lists are reloaded so nothing
// is missed.
import { getJson } from './api.js';
import * as store from './store.js';
import { announce } from './ui.js';
import { check, nodeAnswered } from './offline.js';

const RECONNECT_MILLIS = 3000;

export async function reloadContent() {
  const content = await getJson('/api/content');
  store.update({ items: content.items, maxUploadBytes: content.maxUploadBytes, folder: content.folder, problems: content.problems });
}

export function connectLive({ onProfile, onFriends = () => {}, onChat = () => {}, onChatRooms = () => {}, onReconnect = () => {},
  onNotices = () => {}, onDm = () => {}, onNearby = () => {} }) {
  let opened = false;
  const on = (source, name, handler) => source.addEventListener(name, (event) => handler(JSON.parse(event.data)));
  function connect() {
    const source = new EventSource('/api/events');
    source.addEventListener('open', () => {
      document.body.dataset.live = 'on';
      nodeAnswered();
      if (opened) { reloadContent().catch(() => {}); onReconnect(); }
      opened = true;
    });
    source.addEventListener('error', () => {
      document.body.dataset.live = 'off';
      check();
      // the browser retries by itself unless the node answered with an error (e.g. while it restarts): then we do
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, RECONNECT_MILLIS);
    });
    on(source, 'content', ({ type, item }) => {
      if (type === 'removed') {
        store.removeItem(item.id);
      } else {
        const isNew = !store.get().items.some((i) => i.id === item.id);
        store.upsertItem(item);
        if (isNew && type === 'added') announce(`New on your page: ${item.description}`);
      }
    });
    on(source, 'torrent', ({ id, torrent }) => store.setTorrent(id, torrent));
    on(source, 'problems', ({ problems }) => store.update({ problems }));
    source.addEventListener('profile', () => onProfile());
    on(source, 'chat', onChat);
    source.addEventListener('chatrooms', () => onChatRooms());
    on(source, 'friends', onFriends);
    on(source, 'notices', onNotices);
    on(source, 'dm', onDm);
    on(source, 'nearby', onNearby);
  }
  connect();
}
