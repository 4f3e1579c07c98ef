// Types of the p2pstack dApp SDK 1.0.0 (/sdk/p2pstack.js).

export declare const version: string;

/** An error whose message a person understands; `status` is the node's HTTP status (0: the node did not answer). */
export declare class P2PStackError extends Error {
  readonly status: number;
  /** True when the browser is not signed in to the node. */
  readonly signIn: boolean;
  constructor(message: string, status?: number, options?: { signIn?: boolean });
}

export interface Session { token: string; header: string; }
export declare function session(options?: { refresh?: boolean }): Promise<Session>;

export declare function request<T = unknown>(method: string, path: string,
  options?: { json?: unknown; body?: BodyInit; type?: string; bytes?: false }): Promise<T>;
export declare function request(method: string, path: string,
  options: { json?: unknown; body?: BodyInit; type?: string; bytes: true }): Promise<Uint8Array>;
export declare function get<T = unknown>(path: string): Promise<T>;
export declare function post<T = unknown>(path: string, json?: unknown): Promise<T>;
export declare function put<T = unknown>(path: string, json?: unknown): Promise<T>;
export declare function del<T = unknown>(path: string): Promise<T>;

export type Permission = 'ipfs' | 'hypercore' | 'swarm' | 'content:read' | 'profile:read' | 'friends:read'
  | 'directory:read' | 'chat' | 'public-site';

export interface DappInfo {
  name: string;
  title: string;
  description: string;
  version: string;
  url: string;
  permissions: Permission[];
  limits: { ipfsBytes: number; blockBytes: number; messageBytes: number; topics: number; cores: number;
    remoteCores: number; pins: number };
}

export declare const dapp: {
  readonly name: string;
  info(): Promise<DappInfo>;
};

/** Needs content:read. */
export declare const content: { list(): Promise<Array<Record<string, unknown>>> };
/** Needs profile:read. */
export declare const profile: { get(): Promise<{ nickname: string; bio: string; [key: string]: unknown }> };
/** Needs friends:read. */
export declare const friends: { list(): Promise<Array<Record<string, unknown>>> };
/** Needs directory:read. */
export declare const directory: { list(query?: string): Promise<Array<Record<string, unknown>>> };
/** Needs chat. */
export declare const chat: {
  rooms(): Promise<Array<Record<string, unknown>>>;
  messages(room?: string, limit?: number): Promise<Array<Record<string, unknown>>>;
  send(text: string, room?: string): Promise<Record<string, unknown>>;
  join(room: string): Promise<unknown>;
};

export type NodeEventType = 'content' | 'problems' | 'torrent' | 'profile' | 'friends' | 'chat' | 'chatrooms' | 'directory';
export declare function events(types: NodeEventType[], onEvent: (event: { type: NodeEventType; data: unknown }) => void):
  Promise<{ close(): void }>;

export type Data = string | Uint8Array | ArrayBuffer | ArrayBufferView | Blob | Record<string, unknown> | unknown[];

/** Needs ipfs. At most 1 MiB per add or get. */
export declare const ipfs: {
  add(data: Data): Promise<string>;
  get(cid: string): Promise<Uint8Array>;
  getText(cid: string): Promise<string>;
  getJson<T = unknown>(cid: string): Promise<T>;
  pin(cid: string): Promise<{ cid: string; pinned: boolean }>;
  unpin(cid: string): Promise<{ cid: string; pinned: boolean }>;
  pins(): Promise<string[]>;
};

export interface AppendEvent { type: 'append'; key: string; length: number; }

/** Needs hypercore. One append-only log in this dApp's namespace (its own) or someone else's (read-only). */
export declare class Core {
  readonly key: string;
  /** The short name of this dApp's own log; empty for someone else's. */
  readonly name: string;
  readonly writable: boolean;
  length: number;
  peers: number;
  /** At most 64 KiB per block. */
  append(block: Data): Promise<number>;
  get(index: number): Promise<Uint8Array>;
  getText(index: number): Promise<string>;
  getJson<T = unknown>(index: number): Promise<T>;
  update(): Promise<Core>;
  on(type: 'append', listener: (event: AppendEvent) => void): () => void;
}

export declare const cores: {
  open(name: string): Promise<Core>;
  openRemote(key: string): Promise<Core>;
  list(): Promise<Core[]>;
  on(type: 'append', listener: (event: AppendEvent) => void): () => void;
};

export interface SwarmMessage { type: 'message'; topic: string; from: string; message: string; json: unknown; }
export interface SwarmPeerEvent { type: 'peer'; topic: string; peer: string; }

/** Needs swarm. Topics and messages are this dApp's own: other apps never see them. */
export declare const swarm: {
  join(topic: string): Promise<{ topic: string; announced: boolean; peers: string[] }>;
  leave(topic: string): Promise<{ topic: string; joined: boolean }>;
  topics(): Promise<Array<{ topic: string; peers: string[] }>>;
  /** At most 16 KiB; answers how many peers it was sent to. */
  send(topic: string, message: string | Record<string, unknown> | unknown[]): Promise<number>;
  on(type: 'message', listener: (message: SwarmMessage) => void): () => void;
  on(type: 'peer', listener: (event: SwarmPeerEvent) => void): () => void;
  on(type: 'error', listener: (error: P2PStackError) => void): () => void;
};

declare const p2pstack: {
  version: typeof version; session: typeof session; request: typeof request; get: typeof get; post: typeof post;
  put: typeof put; del: typeof del; dapp: typeof dapp; content: typeof content; profile: typeof profile;
  friends: typeof friends; directory: typeof directory; chat: typeof chat; events: typeof events; ipfs: typeof ipfs;
  cores: typeof cores; swarm: typeof swarm; Core: typeof Core; P2PStackError: typeof P2PStackError;
};
export default p2pstack;
