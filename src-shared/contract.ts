/**
 * The one contract between the renderer and the main process.
 *
 * Both transports carry exactly this: Electron IPC (through the preload's contextBridge) and the
 * preview's loopback WebSocket. Nothing else crosses the boundary, and the receiving side accepts
 * only the command names listed in COMMAND_NAMES (never "any method the renderer names").
 */

export type OwnPresence = 'available' | 'away' | 'dnd';
export type ContactPresence = OwnPresence | 'offline';
export type Subscription = 'none' | 'to' | 'from' | 'both';

export interface Contact {
  /** Bare JID. */
  jid: string;
  /** Roster name, or the local part of the JID when the roster has none. */
  name: string;
  subscription: Subscription;
  /** We asked to see their presence and they have not answered yet. */
  pending: boolean;
  presence: ContactPresence;
  status?: string;
}

/** Why a sign-in (or a reconnect) failed; each has its own sentence in the catalogue. */
export type SignInErrorCode =
  | 'malformed-address'
  | 'wrong-password'
  | 'unreachable'
  | 'tls-rejected'
  | 'tls-unavailable'
  | 'timeout'
  | 'other';

export interface SignInError {
  code: SignInErrorCode;
  /** Technical detail for the log and a tooltip; never the only explanation shown. */
  detail: string;
}

export type ConnectionState =
  | { status: 'signed-out' }
  | { status: 'connecting'; attempt: number; lastError?: SignInError; nextRetryAt?: number }
  | { status: 'online'; jid: string }
  | { status: 'failed'; error: SignInError };

export interface SavedAccount {
  jid: string;
  server?: string;
  /** True when a password is kept (encrypted with the OS keyring) and can sign in silently. */
  hasPassword: boolean;
}

export interface Snapshot {
  connection: ConnectionState;
  /** Bare JID of the signed-in account, or of the last one when signed out. */
  account?: string;
  ownPresence: OwnPresence;
  contacts: Contact[];
  /** Bare JIDs asking to see our presence. */
  requests: string[];
  savedAccount?: SavedAccount;
  /** BCP 47 tag of the system locale. */
  systemLocale: string;
}

/** A chat message as the core saw it on the wire, ready for history. */
export interface WireMessage {
  /** Delivery sequence number from the core, used to acknowledge storage. */
  seq: number;
  /** Bare JID of the other party: the conversation it belongs to. */
  peer: string;
  direction: 'in' | 'out';
  /** Full JID of the sender. */
  from: string;
  /** message@id, when the sender gave one. */
  id?: string;
  /** XEP-0359 origin-id. */
  originId?: string;
  /** XEP-0359 stanza-id assigned by our own server (trusted only from our bare JID). */
  stanzaId?: string;
  body: string;
  /** Milliseconds since the epoch: the XEP-0203 delay stamp when present, else arrival. */
  timestamp: number;
  via: 'live' | 'carbon' | 'archive';
}

export interface SendRequest {
  /** Bare JID of the recipient. */
  peer: string;
  body: string;
  /** Chosen by the renderer so the row exists before the wire sees it; also used as origin-id. */
  id: string;
}

export type Result<T = void> = { ok: true; value: T } | { ok: false; error: string };

export interface Commands {
  getSnapshot(): Snapshot;
  signIn(request: { jid: string; password: string; server?: string; remember: boolean }): Result<void>;
  signOut(request: { forget: boolean }): void;
  setPresence(request: { show: OwnPresence; status?: string }): void;
  addContact(request: { jid: string; name?: string }): Result<void>;
  removeContact(request: { jid: string }): Result<void>;
  answerSubscription(request: { jid: string; accept: boolean }): Result<void>;
  sendMessage(request: SendRequest): Result<void>;
  /** The renderer stored these messages; the core may forget them. */
  ackMessages(request: { seqs: number[] }): void;
  /** Opens an http, https or mailto link in the system browser; anything else is refused. */
  openExternal(request: { url: string }): Result<void>;
}

export interface Events {
  snapshot: Snapshot;
  messages: WireMessage[];
  /** The app window gained or lost focus. */
  windowFocus: boolean;
}

export type CommandName = keyof Commands;
export type EventName = keyof Events;
export type CommandRequest<K extends CommandName> = Parameters<Commands[K]>[0];
export type CommandResponse<K extends CommandName> = ReturnType<Commands[K]>;

export const COMMAND_NAMES: readonly CommandName[] = [
  'getSnapshot',
  'signIn',
  'signOut',
  'setPresence',
  'addContact',
  'removeContact',
  'answerSubscription',
  'sendMessage',
  'ackMessages',
  'openExternal',
];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && (COMMAND_NAMES as readonly string[]).includes(name);
}

/** What the renderer sees of the main process, whichever transport carries it. */
export interface GlanceBridge {
  invoke<K extends CommandName>(name: K, request: CommandRequest<K>): Promise<CommandResponse<K>>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends EventName>(name: K, listener: (payload: Events[K]) => void): () => void;
}

/** Name of the global the Electron preload exposes through contextBridge. */
export const BRIDGE_GLOBAL = 'glance';
