// The "How your node is doing" panel: one line per network, in plain words.
import { getJson } from './api.js';

const NETWORKS = {
  i2p: 'I2P — private network that carries your public page',
  ipfs: 'IPFS — shares your files by their content',
  swarm: 'Hyperswarm — chat and live feeds',
  torrent: 'WebTorrent — streams your videos',
};
const WORDS = { running: 'working', starting: 'starting…', failed: 'having trouble', absent: 'not installed' };

export async function renderStatus(list, summary, footer) {
  try {
    const status = await getJson('/api/status');
    list.replaceChildren(...Object.entries(status.stacks).map(([name, stack]) => {
      const item = document.createElement('li');
      item.className = `stack state-${stack.state}`;
      const label = document.createElement('span');
      label.textContent = NETWORKS[name] || name;
      const state = document.createElement('span');
      state.className = 'badge';
      state.textContent = WORDS[stack.state] || stack.state;
      state.title = stack.message || '';
      item.append(label, state);
      // say plainly what is going on ("IPFS is reconnecting…"), and what happened after a recovery
      const story = (stack.state === 'failed' || stack.state === 'starting') ? stack.message : stack.lastRecovery;
      if (story) {
        const detail = document.createElement('small');
        detail.className = 'stack-detail';
        detail.textContent = story;
        label.append(detail);
      }
      return item;
    }));
    const states = Object.values(status.stacks).map((s) => s.state);
    summary.textContent = states.includes('failed') ? 'Some networks are having trouble; they retry by themselves.'
      : states.includes('starting') ? 'Your node is starting its networks…'
        : 'Your node is up.';
    const logLink = document.createElement('a');
    logLink.href = status.logs.url;
    logLink.textContent = 'recent log';
    logLink.title = `The full log is ${status.logs.file}`;
    footer.replaceChildren(`p2pstack ${status.version} · running for ${Math.round(status.uptimeSeconds / 60)} min · `, logLink);
  } catch (error) {
    // no stale "working" badges under a node that does not answer
    if (error.offline) list.replaceChildren();
    summary.textContent = error.offline ? 'Your node is not answering right now.' : `Your node could not tell how it is doing: ${error.message}`;
  }
}
