// The stacks dApp page: one line per network stack, from this dApp's own API (a module: the node's pages run
// no inline script under their Content-Security-Policy). The page runs in the node's sandboxed frame, so it calls
// its API through the SDK, which asks the node's page around the frame.
import { get } from '/sdk/1/p2pstack.js';

const summary = await get('/dapps/stacks/api/summary');
document.getElementById('summary').textContent = `${summary.running} of ${summary.total} networks are working.`;
document.getElementById('list').replaceChildren(...Object.entries(summary.stacks).map(([name, state]) => {
  const item = document.createElement('li');
  const label = document.createElement('span');
  label.textContent = name;
  const value = document.createElement('span');
  value.className = state;
  value.textContent = state;
  item.append(label, value);
  return item;
}));
