// The page of the ${name} dApp. A module file: the node's pages run no inline script.

const hello = document.getElementById('hello');

// The node serves its JS SDK at /sdk/p2pstack.js. A node older than the SDK has none: the page says so
// instead of breaking.
let sdk = null;
try {
  sdk = await import('/sdk/p2pstack.js');
} catch (e) {
  hello.textContent = 'Hello! This is your new dApp, ${name}. (The node\'s helper script /sdk/p2pstack.js '
    + 'did not load, so this page cannot greet you by name. The node may be older than this dApp.)';
}

if (sdk) {
  try {
    const profile = await sdk.profile.get();
    const who = profile && profile.nickname ? profile.nickname : 'there';
    hello.textContent = 'Hello, ' + who + '! This is your new dApp, ${name}.';
  } catch (e) {
    hello.textContent = 'Hello! This is your new dApp, ${name}. (Your profile could not be read: ' + e.message + ')';
  }
}
#if( $flavour == "java" )

// This dApp's own API, served by its Java side at /dapps/${name}/api/. The page runs in the node's sandboxed frame
// (it has no cookie of its own), so it calls through the SDK's request(), which the node's page around the frame
// forwards with the owner's session and token.
const API = '/dapps/${name}/api/';

async function call(method, path, body) {
  if (!sdk) throw new Error('The node\'s helper script /sdk/p2pstack.js did not load, so this page cannot reach its API.');
  return sdk.request(method, API + path, body === undefined ? {} : { json: body });
}

const list = document.getElementById('messages');
const error = document.getElementById('error');

function item(text, className) {
  const li = document.createElement('li');
  li.textContent = text;
  if (className) li.className = className;
  return li;
}

async function render() {
  const { messages } = await call('GET', 'messages');
  list.replaceChildren(...(messages.length
    ? messages.map((m) => item(new Date(m.time).toLocaleTimeString() + '  ' + m.text))
    : [item('No messages yet. Write the first one.', 'muted')]));
}

document.getElementById('post').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  error.textContent = '';
  try {
    await call('POST', 'messages', { text: form.elements.text.value });
    form.reset();
    await render();
  } catch (e) {
    error.textContent = e.message;
  }
});

render().catch((e) => { error.textContent = 'Cannot load the messages: ' + e.message; });
#end
