// The public page: the owner's profile and posts, read-only, from /profile.json and /feed.json.
const $ = (id) => document.getElementById(id);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) if (value !== null && value !== undefined) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

async function json(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  return response.ok ? response.json() : null;
}

async function show() {
  const [profile, feed] = await Promise.all([json('/profile.json'), json('/feed.json')]);
  if (profile) {
    document.title = `${profile.nickname} — p2pstack`;
    $('owner-name').textContent = profile.nickname;
    $('owner-bio').textContent = profile.bio || '';
    if (profile.avatarUrl) $('owner').prepend(el('img', { src: profile.avatarUrl, alt: `Picture of ${profile.nickname}` }));
    // seen through a visitor's I2P proxy: their own node asks them to confirm before following
    if (profile.b32 && window.location.hostname.endsWith('.i2p')) {
      const follow = el('a', { class: 'follow', id: 'follow-link', href: `http://proxy.i2p/follow?address=${encodeURIComponent(profile.b32)}` },
        `Follow ${profile.nickname}`);
      $('owner').append(follow, el('p', { class: 'muted small' }, 'Opens your own p2pstack page, which asks you to confirm.'));
    }
  }
  const items = feed ? feed.items : [];
  $('empty').hidden = items.length > 0;
  $('posts').replaceChildren(...items.map((item) => {
    const media = item.kind === 'picture'
      ? el('img', { src: item.mediaUrl, alt: item.description, loading: 'lazy' })
      // the torrent's web seed when there is one: the same bytes by HTTP Range (never WebRTC for visitors)
      : el('video', { src: item.webSeedUrl || item.mediaUrl, controls: '', preload: 'metadata', playsinline: '', poster: item.thumbnailUrl, 'aria-label': item.description });
    const date = new Date(item.created);
    return el('li', {}, el('article', {}, media, el('p', {}, item.description),
      el('time', { datetime: item.created }, new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date))));
  }));
}

show().catch(() => {});
