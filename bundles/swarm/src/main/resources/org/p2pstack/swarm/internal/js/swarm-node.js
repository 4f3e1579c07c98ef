// The node's Hyperswarm + Corestore, driven by org.p2pstack.swarm.internal.SwarmNode. Every connection
// replicates the corestore and carries a protomux channel for plain messages beside it.
(function () {
  'use strict'
  const { Hyperswarm, HyperDHT, Corestore, b4a } = globalThis.p2pstack
  const Protomux = globalThis.p2pstack.Protomux
  const c = globalThis.p2pstack.compact
  const hcrypto = globalThis.p2pstack.crypto

  // Which of our topics a connected peer is on, without a DHT lookup and without telling it the others: each side
  // sends a fresh nonce, the other answers with hash(nonce, topic) for each of its topics, and only a topic both
  // hold matches. A peer met directly on the local network is known on its topics this way, as is one that dialled us.
  const MAX_TOPIC_PROOFS = 256
  const topicProofs = {
    preencode (state, list) { c.array(c.fixed32).preencode(state, list) },
    encode (state, list) { c.array(c.fixed32).encode(state, list) },
    decode (state) {
      const n = c.uint.decode(state)
      if (n > MAX_TOPIC_PROOFS) throw new Error('more than ' + MAX_TOPIC_PROOFS + ' topic proofs')
      const list = []
      for (let i = 0; i < n; i++) list.push(c.fixed32.decode(state))
      return list
    }
  }
  function topicProof (nonce, topicHex) {
    return hcrypto.hash([nonce, b4a.from(topicHex, 'hex')])
  }
  function askTopics (peer) {
    if (!peer.asksOpen) return
    peer.nonce = hcrypto.randomBytes(32)
    peer.asks.messages[0].send(peer.nonce)
  }
  function answerTopics (peer, nonce) {
    const proofs = [...state.topics.keys()].slice(0, MAX_TOPIC_PROOFS).map((t) => topicProof(nonce, t))
    peer.asks.messages[1].send(proofs)
  }
  function matchTopics (peer, key, proofs) {
    if (!peer.nonce) return
    const theirs = new Set(proofs.map((p) => b4a.toString(p, 'hex')))
    let grew = false
    for (const t of state.topics.keys()) {
      if (!peer.shared.has(t) && theirs.has(b4a.toString(topicProof(peer.nonce, t), 'hex'))) {
        peer.shared.add(t)
        grew = true
      }
    }
    // told again, now with the topics: whoever keeps rooms on a topic sends what it has for this peer
    if (grew && state.peers.get(key) === peer) {
      state.host.connection(key, peer.host || '', peer.port || 0, peer.initiator, JSON.stringify(topicsOf(peer)))
    }
  }

  const state = { swarm: null, dht: null, store: null, host: null, topics: new Map(), peers: new Map(), cores: new Map(), announceCores: false }

  function scratchBytes (len) {
    return globalThis.__p2pstackScratch(len).subarray(0, len)
  }

  function onconnection (conn, info) {
    const key = b4a.toString(conn.remotePublicKey, 'hex')
    // why a connection ended goes to the log beside its start: a duplicate dropped, a timeout, a reset
    let why = ''
    conn.on('error', (err) => { why = (err && (err.code || err.message)) || '' })
    state.store.replicate(conn)
    const mux = Protomux.from(conn)
    const channel = mux.createChannel({ protocol: 'p2pstack/messages', id: null })
    const message = channel.addMessage({
      encoding: c.buffer,
      onmessage (data) {
        globalThis.__p2pstackCopyIn(data, scratchBytes(data.byteLength), 0)
        state.host.message(key, data.byteLength)
      }
    })
    channel.open()
    const peer = { conn, channel, message, info, initiator: !!info.client, host: conn.rawStream ? conn.rawStream.remoteHost : '', port: conn.rawStream ? conn.rawStream.remotePort : 0, nonce: null, shared: new Set(), asks: null, asksOpen: false }
    peer.asks = mux.createChannel({ protocol: 'p2pstack/topics', id: null, onopen () { peer.asksOpen = true; askTopics(peer) } })
    peer.asks.addMessage({ encoding: c.fixed32, onmessage (nonce) { answerTopics(peer, nonce) } })
    peer.asks.addMessage({ encoding: topicProofs, onmessage (proofs) { matchTopics(peer, key, proofs) } })
    peer.asks.open()
    state.peers.set(key, peer)
    conn.on('close', () => {
      if (state.peers.get(key) === peer) state.peers.delete(key)
      state.host.event('disconnected', key + ' ' + (peer.host || '?') + ':' + (peer.port || 0) + (why ? ' (' + why + ')' : ''))
      lookAgainAfterLoss(key, topicsOf(peer))
    })
    state.host.connection(key, peer.host || '', peer.port || 0, peer.initiator, JSON.stringify(topicsOf(peer)))
  }

  // the topics we are in on which our lookups found this peer (Hyperswarm adds a topic to the peer's info
  // whenever a lookup finds it there, connected or not), and those the topic exchange found we share
  function topicsOf (peer) {
    const topics = peer.info && peer.info.topics ? peer.info.topics : []
    const found = new Set(topics.map((t) => b4a.toString(t, 'hex')).filter((t) => state.topics.has(t)))
    for (const t of peer.shared) if (state.topics.has(t)) found.add(t)
    return [...found]
  }

  // A peer we shared a topic with is gone. Hyperswarm dials a peer found by lookup at most 4 times; past that (a node
  // restarting takes longer), or when the other side had dialled us, it waits for its next lookup, 10 minutes away.
  // A lookup of the shared topics a moment later finds the peer again if it is back, and Hyperswarm then dials it
  // afresh. At most one lookup per topic per RELOOK_MS, however many peers go.
  const RELOOK_DELAYS = [3000, 20000]
  const RELOOK_MS = 3000
  const relookedAt = new Map()
  function lookAgainAfterLoss (key, topics) {
    for (const delay of RELOOK_DELAYS) {
      setTimeout(() => {
        if (state.peers.has(key)) return
        for (const t of topics) {
          const d = state.topics.get(t)
          const now = Date.now()
          if (!d || now - (relookedAt.get(t) || 0) < RELOOK_MS) continue
          relookedAt.set(t, now)
          d.refresh().then(() => lookedUp(t), () => {})
        }
      }, delay)
    }
  }

  // how many peers our lookups have seen on a topic, connected or not: in the log beside each lookup
  function lookedUp (topicHex) {
    const topic = b4a.from(topicHex, 'hex')
    let n = 0
    for (const p of state.swarm.peers.values()) if (p.topics.some((t) => b4a.equals(t, topic))) n++
    state.host.event('looked-up', topicHex + ': ' + n + ' peer(s) seen there')
  }

  async function join (topicHex, server, client) {
    const known = state.topics.get(topicHex)
    if (known) {
      // joined already: announce and look up again now, in the same session (a second session would pile up)
      await known.refresh({ server, client })
      lookedUp(topicHex)
      return
    }
    const d = state.swarm.join(b4a.from(topicHex, 'hex'), { server, client })
    state.topics.set(topicHex, d)
    // the peers we are connected to may be on it already: ask them now, no lookup needed
    for (const peer of state.peers.values()) askTopics(peer)
    await d.flushed()
    lookedUp(topicHex)
    // two peers joining at the same moment each look the topic up before the other has announced, and
    // Hyperswarm looks again only every 10 minutes: look again a few times early on
    for (const delay of [2000, 8000, 30000]) {
      setTimeout(() => { if (state.topics.get(topicHex) === d) d.refresh().then(() => lookedUp(topicHex), () => {}) }, delay)
    }
  }

  // our own cores are announced on their discovery key (server and client), so a peer that knows only a
  // core's key finds us; not awaited: opening a core must not wait for the DHT
  function announce (core) {
    const topicHex = b4a.toString(core.discoveryKey, 'hex')
    if (!state.announceCores || state.topics.has(topicHex)) return
    join(topicHex, true, true).catch(() => state.host.event('announce-failed', topicHex))
  }

  globalThis.p2pstackNode = {
    async start (cfg, host) {
      state.host = host
      state.announceCores = !!cfg.announceCores
      const seed = b4a.from(cfg.seed, 'hex')
      const keyPair = HyperDHT.keyPair(seed)
      const opts = { bootstrap: cfg.bootstrap, port: cfg.port, host: cfg.host, firewalled: cfg.firewalled }
      if (cfg.localBootstrap) { opts.ephemeral = false; opts.firewalled = false }
      state.dht = new HyperDHT(opts)
      state.swarm = new Hyperswarm({ dht: state.dht, keyPair })
      state.store = new Corestore(cfg.storage)
      await state.store.ready()
      state.swarm.on('connection', onconnection)
      return b4a.toString(keyPair.publicKey, 'hex')
    },
    join (topicHex, server, client) {
      return join(topicHex, server, client)
    },
    async leave (topicHex) {
      state.topics.delete(topicHex)
      relookedAt.delete(topicHex)
      await state.swarm.leave(b4a.from(topicHex, 'hex'))
    },
    // A peer found on the local network, with no DHT that holds its announcement (no internet): its own DHT
    // socket answers a handshake for its own key, so connect through it. hyperdht tries the relay addresses it
    // has cached for a key before any lookup (a private cache of hyperdht 6, pinned in package-lock.json; the
    // swarm bundle's tests meet this way). Hyperswarm keeps an explicit peer, so it reconnects after a drop.
    meet (peerKey, host, port) {
      if (state.peers.has(peerKey)) return false
      state.dht._relayAddressesCache.set(peerKey, [{ host, port }])
      state.swarm.joinPeer(b4a.from(peerKey, 'hex'))
      return true
    },
    // no longer nearby: stop reconnecting (an open connection stays until it ends)
    forgetMeeting (peerKey) {
      state.swarm.leavePeer(b4a.from(peerKey, 'hex'))
    },
    send (peerKey, len) {
      const peer = state.peers.get(peerKey)
      if (!peer) throw new Error('not connected to ' + peerKey)
      const data = b4a.alloc(len)
      globalThis.__p2pstackCopyOut(scratchBytes(len), 0, data)
      peer.message.send(data)
    },
    status () {
      return JSON.stringify({
        peers: state.peers.size,
        topics: [...state.topics.keys()],
        dhtNodes: state.dht ? state.dht.toArray().length : 0,
        bootstrapped: state.dht ? state.dht.bootstrapped : false,
        firewalled: state.dht ? state.dht.firewalled : true,
        port: state.dht && state.dht.io.serverSocket ? state.dht.io.serverSocket.address().port : 0,
        cores: state.cores.size
      })
    },
    peers () {
      return JSON.stringify([...state.peers].map(([k, p]) => ({ publicKey: k, host: p.host || '', port: p.port || 0, initiator: p.initiator, topics: topicsOf(p) })))
    },
    async coreOpen (name) {
      const core = state.store.get({ name })
      await core.ready()
      const described = info(core, name)
      announce(core)
      return described
    },
    async coreOpenRemote (key) {
      const core = state.store.get({ key: b4a.from(key, 'hex') })
      await core.ready()
      // learn the length from a peer that has the core (for up to 10 s)
      const updated = core.update({ wait: true }).catch(() => false)
      await Promise.race([updated, new Promise((resolve) => setTimeout(resolve, 10000))])
      return info(core, '')
    },
    async coreAppend (key, len) {
      const core = state.cores.get(key)
      if (!core) throw new Error('core not open: ' + key)
      const block = b4a.alloc(len)
      globalThis.__p2pstackCopyOut(scratchBytes(len), 0, block)
      const r = await core.append(block)
      return r.length
    },
    async coreGet (key, index) {
      const core = state.cores.get(key) || state.store.get({ key: b4a.from(key, 'hex') })
      const block = await core.get(index, { timeout: 30000 })
      return b4a.toString(block, 'base64')
    },
    cores () {
      return JSON.stringify([...state.cores.values()].map((core) => JSON.parse(describe(core))))
    },
    async stop () {
      if (state.swarm) await state.swarm.destroy()
      if (state.store) await state.store.close()
    }
  }

  const names = new Map()
  function info (core, name) {
    const key = b4a.toString(core.key, 'hex')
    if (!state.cores.has(key)) {
      // tell Java when the core grows, by our append or by a peer's (Hypercore upgrades eagerly)
      core.on('append', () => state.host.append(describe(core)))
    }
    state.cores.set(key, core)
    if (name) names.set(key, name)
    return describe(core)
  }
  function describe (core) {
    const key = b4a.toString(core.key, 'hex')
    return JSON.stringify({ key, name: names.get(key) || '', length: core.length, writable: core.writable, peers: core.peers.length })
  }
})()
