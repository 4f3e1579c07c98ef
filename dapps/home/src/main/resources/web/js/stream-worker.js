// The home page's service worker: webtorrent's own worker, which answers the <video> element's range requests
// under /webtorrent/ from this page's torrents, plus one message. webtorrent's worker takes pages under its
// control only once, when it activates. A page that loads while it is still activating (for example the home page
// opened again while the first visit's worker was being set up) is never controlled then, and its videos would
// play from the node instead; such a page asks with 'claim'.
importScripts('/dapps/home/vendor/sw.min.js');

self.addEventListener('message', (event) => {
  if (event.data === 'claim') event.waitUntil(self.clients.claim());
});
