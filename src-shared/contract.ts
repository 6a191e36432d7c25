/**
 * The one contract between the renderer and the main process.
 *
 * Both transports carry exactly this: Electron IPC (through the preload's contextBridge) and the
 * preview's loopback WebSocket. Nothing else crosses the boundary. Every command and event is
 * registered in contract-registry.ts (a command with the check of its request): the receiving
 * side runs only registered commands (never "any method the renderer names"), and only with a
 * request that passed its check.
 */

import type { Locale } from './i18n/locale';
import type { ConversationKey, ConversationRef, Sender } from './conversation';
import type { StanzaErrorCondition } from './stanza-errors';

export type { ConversationKey, ConversationKind, ConversationRef, Sender } from './conversation';
export type { StanzaErrorCondition } from './stanza-errors';

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
export type SignInErrorCode = 'malformed-address' | 'wrong-password' | 'unreachable' | 'tls-rejected' | 'tls-unavailable' | 'timeout' | 'other';

export interface SignInError {
  code: SignInErrorCode;
  /** Technical detail for the log and a tooltip; never the only explanation shown. */
  detail: string;
}

export type ConnectionState =
  | { status: 'signed-out' }
  | { status: 'connecting'; attempt: number; lastError?: SignInError; nextRetryAt?: number }
  /**
   * `session` counts new XMPP sessions (not XEP-0198 resumptions): when it changes, messages may
   * have been missed and the renderer asks for an archive sync from its newest stanza-id.
   */
  | { status: 'online'; jid: string; session: number }
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
  preferences: Preferences;
  /** The group chats we are in or trying to be in (rooms module); absent before any. */
  rooms?: RoomSummary[];
}

/** A chat message as the core saw it on the wire, ready for history. */
export interface WireMessage {
  /** The conversation it belongs to. */
  conversation: ConversationRef;
  direction: 'in' | 'out';
  /** Who wrote it (in a chat: the bare JID of either party). */
  sender: Sender;
  /** Full JID of the sender as the stanza gave it. */
  from: string;
  /** message@id, when the sender gave one. */
  id?: string;
  /** XEP-0359 origin-id. */
  originId?: string;
  /**
   * XEP-0359 stanza-id, trusted only from the archive that assigned it: our own account's (`by`
   * = our bare JID) or a room's (`by` = the room). Stanza-ids are unique only within one archive.
   */
  stanzaId?: string;
  /** The archive that assigned `stanzaId`. */
  stanzaIdBy?: string;
  body: string;
  /** Milliseconds since the epoch: the XEP-0203 delay stamp when present, else arrival. */
  timestamp: number;
  via: 'live' | 'carbon' | 'archive';
  /** XEP-0333: the sender accepts a displayed marker for this message (incoming only). */
  markable?: boolean;
  /** A room's message that names our nickname (incoming only): a public channel notifies for it. */
  mentionsMe?: boolean;
}

/** A step of one of our outgoing messages, by its id (= origin-id). Statuses only move forward. */
export interface StatusUpdate {
  conversation: ConversationRef;
  id: string;
  /** `read` also covers every earlier outgoing message in that conversation (XEP-0333). */
  status: 'sent' | 'delivered' | 'read' | 'failed';
  /** Milliseconds since the epoch when the step was seen. */
  at: number;
  /** For `failed`: the server's error condition. */
  error?: string;
}

/**
 * The person read a conversation up to a message on another device (or here, echoed back).
 * Moves the read point forward only; one whose message is not in local history yet is kept and
 * applied once that message arrives.
 */
export interface ReadPoint {
  conversation: ConversationRef;
  /** XEP-0490 MDS: the stanza-id of the newest message read, as assigned by `stanzaIdBy`. */
  stanzaId?: string;
  /** The archive that assigned `stanzaId`: our bare JID for a chat, the room for a room. */
  stanzaIdBy?: string;
  /** Our own XEP-0333 marker seen as a carbon: the message@id it covers. */
  messageId?: string;
  source: 'mds' | 'carbon-marker';
}

export type MuteSetting = 'none' | 'all' | 'mentions';
export type NotificationPrivacy = 'sender-and-text' | 'sender' | 'nothing';

export interface Preferences {
  /** Send XEP-0333 markers and XEP-0184 receipts to peers. MDS syncs our own devices regardless. */
  sendReadMarkers: boolean;
  /** What a notification shows: sender and text, sender only, or nothing. */
  notificationPrivacy: NotificationPrivacy;
  /** Closing the window keeps Glance in the tray; unset means the platform's default. */
  closeToTray?: boolean;
  /** Per-conversation mute; absent means 'none'. */
  mutes: Partial<Record<ConversationKey, MuteSetting>>;
  /** The language chosen in Settings; absent means the system's. */
  locale?: Locale;
}

/** A change to some preferences; `locale: 'system'` removes the choice (the system's language again). */
export type PreferencesChange = Partial<Omit<Preferences, 'locale'>> & { locale?: Locale | 'system' };

/** A message the renderer can find in history: by stanza-id, else by the sender's id, else by time. */
export interface MessageRef {
  stanzaId?: string;
  /** origin-id, else message@id, of a message the conversation's other party sent. */
  clientId?: string;
  timestamp: number;
}

export interface NotificationIntent {
  /** At most one notification per conversation is showing. */
  conversation: ConversationRef;
  title: string;
  body: string;
  /** Unread messages this notification stands for. */
  count: number;
  /** Where clicking opens the conversation: the oldest message this notification covers. */
  at?: MessageRef;
  /** A re-presentation (fewer unread after reading elsewhere) that must not sound again. */
  silent: boolean;
}

/** Show (replacing the conversation's previous notification) or close the conversation's notification. */
export type NotificationEffect = { kind: 'show'; intent: NotificationIntent } | { kind: 'close'; conversation: ConversationRef };

/**
 * What the shell asks the page to open: a conversation (a notification click, at a message; an
 * `xmpp:` link, maybe with a draft the person still has to send), the add-contact form, or the
 * join-group-chat dialog.
 */
export type OpenRequest =
  | { kind: 'conversation'; conversation: ConversationRef; at?: MessageRef; draft?: string }
  | { kind: 'add-contact'; peer: string; name?: string }
  /** An `xmpp:room@service?join` link: the join dialog, filled in; nothing is joined without the person. */
  | { kind: 'join-room'; room: string; password?: string };

export interface SendRequest {
  conversation: ConversationRef;
  body: string;
  /** Chosen by the renderer so the row exists before the wire sees it; also used as origin-id. */
  id: string;
  /**
   * The session (`connection.session`) the renderer has seen come online. When the core is in a
   * newer one, it answers `offline`: the renderer's work for the new session (archive sync, then
   * the outbox's older messages) comes first, so a new message cannot overtake an older one.
   */
  session?: number;
}

/**
 * The answer of a command that can fail in a way the page must show: the value, or a code from
 * the command's own union below. Every code has its sentence in the catalogue (the page's
 * `commandReason` is exhaustive over them).
 */
export type Result<T, E extends string> = { ok: true; value: T } | { ok: false; error: E };

/**
 * Why the core could not carry a request to the server and back: no connection (or it went while
 * the request was out), no answer in time, the server's refusal (a defined condition of RFC 6120
 * §8.3.3), or `failed`: something unexpected in the core, written to its log.
 */
export type ServerFailure = 'offline' | 'timeout' | 'failed' | StanzaErrorCondition;
/** addContact, removeContact, answerSubscription. */
export type RosterError = 'malformed-address' | ServerFailure;
/** sendMessage; `unsupported`: a conversation that cannot be written to; `not-joined`: a room we are not in. */
export type SendError = 'malformed-address' | 'unsupported' | 'not-joined' | 'empty' | 'too-long' | 'bad-id' | ServerFailure;
/**
 * joinRoom: each refusal of XEP-0045 §7.2 in words. `nickname-taken` (conflict): the page offers
 * another nickname; `password-required`/`password-wrong` (not-authorized, without or with one);
 * `members-only` (registration-required); `banned` (forbidden); `room-full` (service-unavailable
 * on joining); `no-such-room` (the room answers item-not-found); `room-service-unavailable` (no
 * answer from the room's service).
 */
export type RoomJoinError =
  | 'malformed-address'
  | 'no-such-room'
  | 'members-only'
  | 'banned'
  | 'nickname-taken'
  | 'password-required'
  | 'password-wrong'
  | 'room-full'
  | 'room-service-unavailable'
  | ServerFailure;
/** createRoom: our server offers no conference service, or it refused to create the room. */
export type RoomCreateError = 'no-conference-service' | 'creation-forbidden' | 'name-missing' | ServerFailure;
/** openExternal: only http, https and mailto links are opened. */
export type OpenLinkError = 'refused';
/** syncArchive; `unsupported`: an archive other than our own account's or a room we know. */
export type SyncError = 'unsupported' | ServerFailure;

/** Where we stand in a room: joining, in it, or out (with why, when the room put us out). */
export type RoomState = 'joining' | 'joined' | 'out';
/** Why a room put us out: we left, kicked (307), banned (301), membership removed (321/322), destroyed, or a shutdown (332/333: we rejoin). */
export type RoomExit = 'left' | 'kicked' | 'banned' | 'removed' | 'destroyed' | 'shutdown' | 'dropped';

/** A group chat as the conversation list and header show it (the participants come by `getOccupants`). */
export interface RoomSummary {
  /** The room's bare JID. */
  jid: string;
  /** The room's name (disco#info), when it has one. */
  name?: string;
  /** Our nickname in it. */
  nick: string;
  state: RoomState;
  exit?: RoomExit;
  subject?: string;
  /** Occupants present, us included. */
  participants: number;
  /** Members-only and non-anonymous: markers go to it, and read-by is known. */
  private: boolean;
  /** The room keeps a XEP-0313 archive. */
  archived: boolean;
  /** Completed joins in this run of the core: after each, the page catches up from the room's archive. */
  joins: number;
}

export type OccupantRole = 'moderator' | 'participant' | 'visitor' | 'none';
export type OccupantAffiliation = 'owner' | 'admin' | 'member' | 'outcast' | 'none';

/** One participant present in a room. */
export interface Occupant {
  nick: string;
  role: OccupantRole;
  affiliation: OccupantAffiliation;
  presence: ContactPresence;
  /** Real bare JID, when the room shows it. */
  jid?: string;
  /** XEP-0421, when the room advertises it. */
  occupantId?: string;
  /** This is us. */
  self: boolean;
}

export interface Commands {
  getSnapshot(): Snapshot;
  signIn(request: { jid: string; password: string; server?: string; remember: boolean }): Result<void, SignInErrorCode>;
  signOut(request: { forget: boolean }): void;
  setPresence(request: { show: OwnPresence; status?: string }): void;
  addContact(request: { jid: string; name?: string }): Result<void, RosterError>;
  removeContact(request: { jid: string }): Result<void, RosterError>;
  answerSubscription(request: { jid: string; accept: boolean }): Result<void, RosterError>;
  sendMessage(request: SendRequest): Result<void, SendError>;
  /**
   * The renderer stored every history event numbered up to and including `through` (events are
   * stored in order); the core may forget them. Until then it keeps them, however many, and hands
   * them to the next renderer that starts.
   */
  ackHistory(request: { through: number }): void;
  /** Opens an http, https or mailto link in the system browser; anything else is refused. */
  openExternal(request: { url: string }): Result<void, OpenLinkError>;
  /**
   * The person has seen a conversation up to a message (the read rules in docs/architecture.md); the
   * renderer already marked it read locally and only calls this when the read point moved forward.
   * `markerFor`: message@id of the newest covered incoming message that was markable and arrived
   * live (never an archive replay); a displayed marker goes to the peer for it, if preferences
   * and the peer's subscription allow. `stanzaId`: the newest covered message's stanza-id, published
   * to the XEP-0490 node for our other devices.
   */
  markDisplayed(request: { conversation: ConversationRef; markerFor?: string; stanzaId?: string }): void;
  /** Changes the given preferences, keeping the others. */
  setPreferences(request: PreferencesChange): void;
  /** The conversation the person is reading right now (read rules 1–4, scrolled to the bottom), or none. */
  reportReading(request: { conversation: ConversationRef | null }): void;

  /**
   * Fetches an archive (XEP-0313) after `after`, the newest stanza-id stored from that archive,
   * delivering the messages as `history` events (messages with `via: 'archive'`); without `after`
   * (first sign-in on this device), only recent history. `archive` is the JID whose archive to
   * walk: our own account's when absent, else a room's (XEP-0313 on the room's JID). Resolves when the walk is complete:
   * `through` is the number of the last history event the walk produced (0 when it produced none),
   * so once the renderer has stored through it, the walk is in history.
   */
  syncArchive(request: { archive?: string; after?: string }): Result<{ count: number; through: number }, SyncError>;
  /** Unread messages across unmuted conversations, for the badge and tray. */
  reportUnread(request: { total: number }): void;
  /**
   * Asks the room what it is (XEP-0030), joins it (XEP-0045 §7.2) and bookmarks it with autojoin
   * (XEP-0402). Resolves once we are in (our own presence, status 110) or refused.
   */
  joinRoom(request: { room: string; nick: string; password?: string }): Result<{ name?: string }, RoomJoinError>;
  /** Leaves the room and turns its bookmark's autojoin off. */
  leaveRoom(request: { room: string }): void;
  /**
   * Creates a private group (members-only, non-anonymous, persistent, archived) named `name` on our
   * server's conference service, and joins it as `nick`.
   */
  createRoom(request: { name: string; nick: string }): Result<{ room: string }, RoomCreateError>;
  /** The participants present in a room now. */
  getOccupants(request: { room: string }): Occupant[];
  /**
   * The network is back (the page's `online` event) or the person asked to try now: reconnect
   * without waiting out the backoff, or probe a connection that looks up.
   */
  checkConnection(request: Record<string, never>): void;
}

export interface Events {
  snapshot: Snapshot;
  /** Everything that changes stored history, numbered, in order; acknowledged with `ackHistory`. */
  history: NumberedHistoryEvent[];
  /** What must never be stored or replayed: it matters only while it lasts. */
  ephemeral: EphemeralEvent[];
  /** For the shell's OS notifications, and in the preview for the page's web notifications. */
  notification: NotificationEffect;
  openRequest: OpenRequest;
  /** The app window gained or lost focus. */
  windowFocus: boolean;
}

/**
 * A change to stored history: a message, a step of one of our messages, a read point (later also
 * edits, retractions, reactions and read-by entries). Each travels once from the core to the
 * renderer's history, whichever way it reached the core.
 */
export type HistoryEvent = { kind: 'message'; message: WireMessage } | { kind: 'status'; status: StatusUpdate } | { kind: 'readPoint'; readPoint: ReadPoint };

/** A history event with the core's number for it: consecutive, from 1 in each run of the core. */
export type NumberedHistoryEvent = HistoryEvent & { seq: number };

/**
 * Something true right now that is never stored and never replayed to a renderer that starts
 * later (it finds the state in the snapshot): a contact's presence changed (later also typing and
 * upload progress).
 */
export type EphemeralEvent =
  | { kind: 'presence'; jid: string; presence: ContactPresence; status?: string }
  /** A room's participants changed (`jid`: the room; a burst of presences is one event): `getOccupants` has the list. */
  | { kind: 'occupants'; jid: string };

export type CommandName = keyof Commands;
export type EventName = keyof Events;
export type CommandRequest<K extends CommandName> = Parameters<Commands[K]>[0];
export type CommandResponse<K extends CommandName> = ReturnType<Commands[K]>;

/** The codes a command's Result can fail with (never, for a command without a Result). */
export type CommandError<K extends CommandName> = CommandResponse<K> extends Result<unknown, infer E> ? E : never;

/**
 * Every code a command's Result can carry, but signIn's: a sign-in failure has its own sentence
 * (SignInErrorCode, `signInError.*`) and is also shown from the snapshot's connection state.
 */
export type CommandErrorCode = { [K in Exclude<CommandName, 'signIn'>]: CommandError<K> }[Exclude<CommandName, 'signIn'>];

/** What the renderer sees of the main process, whichever transport carries it. */
export interface GlanceBridge {
  invoke<K extends CommandName>(name: K, request: CommandRequest<K>): Promise<CommandResponse<K>>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends EventName>(name: K, listener: (payload: Events[K]) => void): () => void;
}

/** Name of the global the Electron preload exposes through contextBridge. */
export const BRIDGE_GLOBAL = 'glance';
