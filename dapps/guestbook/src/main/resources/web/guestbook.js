// The guestbook: every note is stored in IPFS; each node keeps a log (Hypercore) of its own notes' addresses and
// tells the other guestbooks on its topic where that log is; it follows theirs and shows all notes merged by time.
import { ipfs, cores, swarm, profile } from '/sdk/1/p2pstack.js';

const TOPIC = 'notes';
/** Other people's guestbooks followed at most, and notes read per guestbook (the newest). */
const MAX_PEOPLE = 50;
const MAX_NOTES_PER_BOOK = 200;
const MAX_NAME = 60;
const MAX_NOTE = 1000;
const ANNOUNCE_EVERY_MS = 15000;
const KEY = /^[0-9a-f]{64}$/;
const CID = /^[A-Za-z0-9]{8,128}$/;

const status = document.getElementById('status');
const list = document.getElementById('entries');
const form = document.getElementById('sign');
const formError = document.getElementById('form-error');
const nameInput = document.getElementById('name');
const noteInput = document.getElementById('message');

/** The one store of this page: notes by their IPFS address, and the guestbooks (logs) we read. */
const store = {
  own: null,
  notes: new Map(),
  books: new Map(), // key -> { core, read, busy }
};

function el(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

function render() {
  const notes = [...store.notes.values()].sort((a, b) => b.time.localeCompare(a.time));
  list.replaceChildren(...(notes.length ? notes.map((note) => {
    const li = el('li');
    li.append(el('span', note.name, 'who'), ' ', el('small', `${new Date(note.time).toLocaleString()} · ${note.mine ? 'written here' : 'from another guestbook'}`));
    li.append(el('p', note.message));
    return li;
  }) : [el('li', 'No notes yet. Be the first!', 'muted')]));
  const others = store.books.size - 1;
  status.textContent = others > 0
    ? `Connected to ${others} other guestbook${others === 1 ? '' : 's'}. ${notes.length} note${notes.length === 1 ? '' : 's'}.`
    : `Looking for other guestbooks… ${notes.length} note${notes.length === 1 ? '' : 's'} so far.`;
}

function validNote(note) {
  return note && typeof note.name === 'string' && typeof note.message === 'string' && typeof note.time === 'string'
    && note.name.length > 0 && note.name.length <= MAX_NAME && note.message.length > 0 && note.message.length <= MAX_NOTE
    && !Number.isNaN(Date.parse(note.time));
}

/** Reads the blocks of one guestbook we have not read yet (one reader per guestbook at a time). */
async function readBook(key) {
  const book = store.books.get(key);
  if (!book || book.busy) { if (book) book.again = true; return; }
  book.busy = true;
  try {
    do {
      book.again = false;
      await book.core.update();
      const from = Math.max(book.read, book.core.length - MAX_NOTES_PER_BOOK);
      for (let i = from; i < book.core.length; i++) {
        const block = await book.core.getJson(i).catch(() => null);
        book.read = i + 1;
        if (!block || typeof block.cid !== 'string' || !CID.test(block.cid) || store.notes.has(block.cid)) continue;
        const note = await ipfs.getJson(block.cid).catch(() => null);
        if (validNote(note)) {
          store.notes.set(block.cid, { name: note.name, message: note.message, time: note.time, mine: book.core.writable });
          render();
        }
      }
    } while (book.again);
  } finally {
    book.busy = false;
  }
}

async function follow(key) {
  if (!KEY.test(key) || store.books.has(key) || store.books.size > MAX_PEOPLE) return;
  store.books.set(key, { core: null, read: 0, busy: true });
  try {
    const core = await cores.openRemote(key);
    Object.assign(store.books.get(key), { core, busy: false });
    render();
    await readBook(key);
  } catch (error) {
    store.books.delete(key); // heard again later, tried again then
    console.warn('could not follow a guestbook:', error.message);
  }
}

function announce() {
  if (store.own) swarm.send(TOPIC, { type: 'guestbook', key: store.own.key }).catch(() => { /* nobody there yet */ });
}

async function start() {
  store.own = await cores.open('notes');
  store.books.set(store.own.key, { core: store.own, read: 0, busy: false });
  profile.get().then((p) => { if (p.nickname && !nameInput.value) nameInput.value = p.nickname; }).catch(() => {});
  swarm.on('message', ({ json }) => { if (json && json.type === 'guestbook' && typeof json.key === 'string') follow(json.key); });
  swarm.on('peer', () => announce());
  swarm.on('error', (error) => { status.textContent = `The guestbook lost touch with your node: ${error.message}`; });
  cores.on('append', ({ key }) => { if (store.books.get(key)?.core) readBook(key); });
  await readBook(store.own.key);
  render();
  await swarm.join(TOPIC);
  announce();
  setInterval(announce, ANNOUNCE_EVERY_MS);
  // a guestbook's new notes arrive by replication; look again now and then in case a change was missed
  setInterval(() => { for (const [key, book] of store.books) if (book.core) readBook(key); }, ANNOUNCE_EVERY_MS);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  formError.textContent = '';
  const name = nameInput.value.trim();
  const message = noteInput.value.trim();
  if (!name || !message) { formError.textContent = 'Please write your name and a note.'; return; }
  const button = form.querySelector('button');
  button.disabled = true;
  try {
    const note = { name, message, time: new Date().toISOString() };
    const cid = await ipfs.add(note);
    await store.own.append({ cid, time: note.time });
    store.notes.set(cid, { ...note, mine: true });
    store.books.get(store.own.key).read = store.own.length;
    noteInput.value = '';
    render();
    announce();
  } catch (error) {
    formError.textContent = `Your note was not saved: ${error.message}`;
  } finally {
    button.disabled = false;
  }
});

start().catch((error) => { status.textContent = `The guestbook cannot open: ${error.message}`; });
