// The stacks dApp page: one line per network stack, from this dApp's own API (a module: the node's pages run
// no inline script under their Content-Security-Policy).
const response = await fetch('api/summary');
const summary = await response.json();
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
