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
  /** RFC 6121 roster groups the server keeps for this contact (empty when none). */
  groups: string[];
}

/**
 * What a contact says about themselves (profiles module): `avatar` is the SHA-1 of their picture
 * (XEP-0084, else XEP-0153 vCard-temp), fetched by `fetchAvatar` once per hash; `nickname` their
 * XEP-0172 nickname.
 */
export interface ContactProfile {
  avatar?: string;
  nickname?: string;
}

/** An avatar's bytes as base64, checked by the core: their SHA-1 is `hash` and they are a picture. */
export interface AvatarPicture {
  hash: string;
  type: PictureType;
  base64: string;
}

/** fetchAvatar: `not-found` (no such item or vCard photo), `not-a-picture` (bytes not PNG/JPEG/GIF/WebP, or over 1 MB), `hash-mismatch`. */
export type AvatarError = 'not-found' | 'not-a-picture' | 'hash-mismatch' | ServerFailure;
/** setAvatar, removeAvatar, setNickname: `not-a-picture` (our own bytes must be PNG or JPEG), `too-large` (over 192×192 or 256 kB). */
export type ProfileError = 'not-a-picture' | 'too-large' | ServerFailure;

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
  /** Bare JIDs the account blocks (XEP-0191), as the server last said; empty while signed out. */
  blocked: string[];
  /** BCP 47 tag of the system locale. */
  systemLocale: string;
  preferences: Preferences;
  /** The upload service of the session (XEP-0363), or null when the server offers none (or not known yet). */
  upload: UploadServiceInfo | null;
  /** The group chats we are in or trying to be in (rooms module); absent before any. */
  rooms?: RoomSummary[];
  /** Invitations to group chats waiting for the person's answer (room-admin module); absent before any. */
  invitations?: RoomInvitation[];
  /** Contacts' avatars and nicknames by bare JID (profiles module); absent before any. */
  profiles?: Record<string, ContactProfile>;
  /** Our own avatar hash and nickname as our PEP nodes last said (profiles module). */
  ownProfile?: ContactProfile;
}

/** A file shared in a message: XEP-0066 (body = OOB URL) or XEP-0447 with a URL source. */
export interface SharedFile {
  /** http(s) URL the file is fetched from. */
  url: string;
  /** The sender's file name (XEP-0447 metadata, else the URL's last segment); never trusted as a path. */
  name?: string;
  /** Bytes, when the sender said (XEP-0447). */
  size?: number;
  /** The sender's claim; what is shown inline is decided from the bytes. */
  mediaType?: string;
}

/** The picture formats shown inline, decided from the bytes (never SVG: it is a document). */
export type PictureType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** A remote file the core fetched into its cache; the page reaches it only as `/files/<key>`. */
export interface FetchedFile {
  key: string;
  size: number;
  /** The inline picture type its bytes prove, or null: then it is only ever offered as a download. */
  picture: PictureType | null;
}

/** The account's XEP-0363 upload service, as the server announced it. */
export interface UploadServiceInfo {
  /** Largest file it accepts, in bytes; null when it names no limit. */
  maxBytes: number | null;
}

/**
 * XEP-0461: the message a message answers, by its reference (message@id in a chat, the room's
 * stanza-id in a room), and the JID of its author as the reply names it.
 */
export interface MessageReply {
  target: string;
  to?: string;
  /** Our own replies: the start of the quoted text, which the fallback body quotes for old clients (XEP-0428). */
  quoted?: string;
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
  /** The file it shares (body = OOB URL, or XEP-0447 with a URL source). */
  file?: SharedFile;
  /** XEP-0333: the sender accepts a displayed marker for this message (incoming only). */
  markable?: boolean;
  /** XEP-0461: the message this one answers; its fallback quote is already out of `body`. */
  reply?: MessageReply;
  /**
   * A room's message that mentions us (incoming only): a XEP-0372 reference to us, our nickname as
   * a whole word, or a XEP-0461 reply to one of our messages. A public channel notifies for it.
   */
  mentionsMe?: boolean;
  /** A quiet line of a room's log (someone joined, left, …): stored, never unread, never notified; `body` is empty. */
  notice?: RoomNotice;
}

/**
 * What a quiet line of a room's log says: a participant joined, left, changed nickname, was
 * kicked, banned or removed from the members, the subject changed, or the room was destroyed.
 * `self`: it happened to us.
 */
export interface RoomNotice {
  what: 'joined' | 'left' | 'nick' | 'kicked' | 'banned' | 'removed' | 'subject' | 'destroyed';
  nick?: string;
  /** With `nick`: the new nickname. */
  newNick?: string;
  /** With `subject`: the new subject ('' when it was cleared). */
  subject?: string;
  /** The reason the room gave (kicks, bans, destruction), when it gave one. */
  reason?: string;
  self?: boolean;
}

/** A participant our message mentions (XEP-0372): where their nickname is in the body, in Unicode code points. */
export interface MentionRequest {
  /** First code point of the nickname in the body. */
  begin: number;
  /** The code point after it. */
  end: number;
  nick: string;
}

/**
 * What an edit (XEP-0308), a retraction (XEP-0424) or a reaction (XEP-0444) refers to, and who
 * sent it. A reference arriving before its target is kept and applied when the target arrives.
 */
export interface MessageActionBase {
  conversation: ConversationRef;
  /**
   * The message it refers to: its message@id in a chat; in a room (later) the room's stanza-id.
   * Always the original's, even after several corrections.
   */
  target: string;
  direction: 'in' | 'out';
  /** Who sent it; only the original's sender may correct or retract it (src-shared/authorship.ts). */
  sender: Sender;
  /** Full JID of the sender as the stanza gave it. */
  from: string;
  /** The action stanza's own message@id (origin-id when it has one). */
  id?: string;
  /** XEP-0359 stanza-id, as for WireMessage. */
  stanzaId?: string;
  stanzaIdBy?: string;
  /** Milliseconds since the epoch, as WireMessage's: the newest correction or reaction set wins. */
  timestamp: number;
  via: 'live' | 'carbon' | 'archive';
}

/** XEP-0308: the whole new text of the target. */
export interface Correction extends MessageActionBase {
  body: string;
}

/** XEP-0424 (or the older XEP-0422 fastening form): the target is withdrawn for everyone. */
export type Retraction = MessageActionBase;

/** XEP-0444: the sender's whole set of reactions to the target (empty: none any more). */
export interface ReactionSet extends MessageActionBase {
  emojis: string[];
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
  /** `room-marker`: our own marker reflected by a room, sent from another device (names the room's stanza-id). */
  source: 'mds' | 'carbon-marker' | 'room-marker';
}

/**
 * XEP-0333 in a private group: a participant (not us) read everything up to the room's message
 * `stanzaId`, live or replayed from the room's archive. Read-by lists are built from these.
 */
export interface RoomMarker {
  conversation: ConversationRef;
  /** The room's stanza-id of the message the marker names (`by` = the room). */
  stanzaId: string;
  /**
   * Who read: `occupant:<XEP-0421 id>` when the room provides occupant-ids (stable across nick
   * changes and one person's devices), else `jid:<real bare JID>`, else `nick:<nickname>`.
   */
  reader: string;
  /** Their nickname when they sent it. */
  name: string;
  /** Known by nickname alone: someone else may have taken that nickname. */
  uncertain?: boolean;
  /** When they read it (ms since the epoch): the archive's stamp for a replay. */
  at: number;
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
  /** Notify of reactions to our messages (XEP-0444); absent means yes. */
  notifyReactions?: boolean;
  /** Send and show typing (XEP-0085 chat states); absent means yes. */
  typingNotices?: boolean;
  /**
   * Fetch pictures shared in group chats without asking (fetching tells the sender's server we
   * looked, and rooms are full of strangers); absent means no: each waits for "Show picture".
   */
  roomPictures?: boolean;
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
  /** XEP-0461: the message this one answers; the core puts the quote of `quoted` before `body` as the XEP-0428 fallback. */
  reply?: { target: string; to: string; quoted: string };
  /** In a room: the participants the message mentions; each goes out as a XEP-0372 reference. */
  mentions?: MentionRequest[];
}

/** A message action of ours (XEP-0308, XEP-0424, XEP-0444): `id` is the action's own, `target` the original's reference. */
export interface ActionRequest {
  conversation: ConversationRef;
  /** Chosen by the renderer, which applied the action to history already; also the origin-id. */
  id: string;
  /** The original message's reference: its message@id in a chat (never a correction's id). */
  target: string;
}

/** A file to share in a conversation: uploaded (XEP-0363), then sent as a message whose body is its URL. */
export interface FileSendRequest {
  conversation: ConversationRef;
  /** Chosen by the renderer (as for sendMessage); also the message's id and origin-id, and names the upload in progress events. */
  id: string;
  name: string;
  /** MIME type announced in the slot request and the PUT. */
  mediaType: string;
  bytes: Uint8Array;
  /** As SendRequest.session. */
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
/** correctMessage, retractMessage, react: as SendError; `bad-target` for a reference that cannot name a message. */
export type ActionError = SendError | 'bad-target';
/**
 * sendFile. `no-upload-service`: the server offers no XEP-0363 service; `too-large`: over its
 * limit (the snapshot's `upload.maxBytes`); `quota`: the server's quota is used up for now;
 * `insecure-url`: a slot over plain http to another machine; `upload-failed`: the PUT was refused
 * or broke off; `cancelled`: cancelUpload stopped it (nothing was sent).
 */
export type FileSendError =
  | 'malformed-address'
  | 'unsupported'
  | 'empty'
  | 'bad-id'
  | 'no-upload-service'
  | 'too-large'
  | 'quota'
  | 'insecure-url'
  | 'upload-failed'
  | 'cancelled'
  | ServerFailure;
/** fetchFile: `insecure-url` (plain http to another machine, or not http at all), `too-large`, `download-failed`. */
export type FetchError = 'insecure-url' | 'too-large' | 'download-failed' | 'failed';
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
/**
 * inviteToRoom, declineInvitation, moderateOccupant, setRoomSubject, renameRoom, destroyRoom.
 * `not-joined`: we are not in the room; `no-address`: the room does not show that participant's
 * address, which an affiliation needs; `not-permitted`: the room refused for our role or
 * affiliation (forbidden, not-allowed, not-authorized); `occupant-gone`: that participant left.
 */
export type RoomAdminError = 'malformed-address' | 'empty' | 'not-joined' | 'no-address' | 'not-permitted' | 'occupant-gone' | ServerFailure;
/** openExternal: only http, https and mailto links are opened. */
export type OpenLinkError = 'refused';
/** syncArchive; `unsupported`: an archive other than our own account's or a room we know. */
export type SyncError = 'unsupported' | ServerFailure;

/** block, unblock (XEP-0191). */
export type BlockError = 'malformed-address' | ServerFailure;

/**
 * Why creating an account failed (XEP-0077), each told apart in words: the address is taken, the
 * server does not let anyone register here (or only with an invitation), too many attempts from
 * this place, the password was refused, a required answer is missing, an answer (a CAPTCHA's) was
 * wrong; or the
 * server could not be reached as at sign-in.
 */
export type RegistrationError =
  | 'malformed-address'
  | 'server-unreachable'
  | 'tls-rejected'
  | 'tls-unavailable'
  | 'address-taken'
  | 'registration-closed'
  | 'invitation-only'
  | 'too-many-attempts'
  | 'password-refused'
  | 'answer-missing'
  | 'answer-refused'
  | ServerFailure;
/** changePassword: `wrong-password` when the current password given is not the account's. */
export type PasswordChangeError = 'wrong-password' | 'password-refused' | ServerFailure;
/** deleteAccount: `confirmation-mismatch` when the address typed to confirm is not the account's. */
export type DeleteAccountError = 'confirmation-mismatch' | ServerFailure;

/**
 * One question of a server's registration form (XEP-0077 §3.1 plain fields, or a XEP-0004 data
 * form). `private` is a password; `fixed` is text to show; `hidden` is sent back unchanged.
 */
export interface RegistrationField {
  name: string;
  kind: 'text' | 'private' | 'fixed' | 'hidden' | 'boolean';
  label?: string;
  required: boolean;
  value?: string;
  /** A CAPTCHA image (XEP-0158) as a data: URI, to show above the field. */
  image?: string;
}

export interface RegistrationForm {
  /** The server's instructions, as it wrote them. */
  instructions?: string;
  /** Beyond the address and the password: what else the server asks (a CAPTCHA, an e-mail address). */
  fields: RegistrationField[];
}

/** Where an account is to be created: the address wanted and, optionally, the server to dial. */
export interface RegistrationTarget {
  jid: string;
  server?: string;
}

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
  /** Our own role and affiliation while we are in it (XEP-0045 §5): what the page offers to moderate. */
  role?: OccupantRole;
  affiliation?: OccupantAffiliation;
  /** Members-only: an invitation grants membership first (XEP-0045 §9.3). */
  membersOnly?: boolean;
  /**
   * A private group's members (owners, admins and members of its affiliation lists), us not
   * counted: "read by N of M". Absent until the room gave us its lists.
   */
  members?: number;
}

/** A group chat invitation waiting for an answer: XEP-0249 direct, or XEP-0045 §7.8.2 mediated by the room. */
export interface RoomInvitation {
  room: string;
  /** The inviter's bare JID; their occupant JID (room/nick) when the room hides real addresses (XEP-0045 §7.8.2). */
  from: string;
  reason?: string;
  password?: string;
  /** Came through the room: declining tells the room, which tells the inviter. */
  mediated: boolean;
}

/** What an owner, admin or moderator can do to a participant (XEP-0045 §8.2, §9.1, §9.3, §9.4, §9.6). */
export type ModerationAction = 'kick' | 'ban' | 'grant-membership' | 'revoke-membership' | 'grant-moderator' | 'revoke-moderator';

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
  /** XEP-0308: replaces the text of our message `target` (the original's id, even after earlier corrections) with `body`. */
  correctMessage(request: ActionRequest & { body: string }): Result<void, ActionError>;
  /** XEP-0424: withdraws our message `target` for everyone; `fallback` is the body old clients show instead. */
  retractMessage(request: ActionRequest & { fallback: string }): Result<void, ActionError>;
  /** XEP-0444: our whole set of reactions to `target` (empty removes ours). */
  react(request: ActionRequest & { emojis: string[] }): Result<void, ActionError>;
  /**
   * Uploads a file and sends the message that shares it (body = its URL, XEP-0066), with progress
   * as `upload` ephemeral events; resolves with the URL once the message is on its way. The same
   * id already sent in this session is not sent again.
   */
  sendFile(request: FileSendRequest): Result<{ url: string }, FileSendError>;
  /**
   * Fetches a shared file into the core's size-limited cache (the page never fetches remote
   * files) and says what its bytes are; the page then shows it from `/files/<key>`.
   */
  fetchFile(request: { url: string }): Result<FetchedFile, FetchError>;
  /** Stops the upload of `id` if it is still going: its message is not sent (sendFile answers `cancelled`). */
  cancelUpload(request: { id: string }): void;
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
  /**
   * XEP-0085: our chat state in a conversation, as the composer sees it (the page never repeats a
   * state). Sent only when the setting is on and the contact has a subscription and is online.
   */
  sendChatState(request: { conversation: ConversationRef; state: 'active' | 'composing' | 'paused' | 'inactive' }): void;
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
   * so once the renderer has stored through it, the walk is in history. A catch-up after `after`
   * fetches several time slices at once and reports each slice's progress as `archiveProgress`
   * events; `slices`, the last progress the renderer stored, resumes an interrupted one.
   */
  syncArchive(request: { archive?: string; after?: string; slices?: ArchiveSlice[] }): Result<{ count: number; through: number }, SyncError>;
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
   * Invites contacts (XEP-0249 direct invitations); in a members-only room where we are an admin or
   * owner, each is made a member first (XEP-0045 §9.3), one request per member.
   */
  inviteToRoom(request: { room: string; jids: string[]; reason?: string }): Result<void, RoomAdminError>;
  /** Drops an invitation; a mediated one is declined to the room (XEP-0045 §7.8.2). Joining is joinRoom. */
  declineInvitation(request: { room: string }): Result<void, RoomAdminError>;
  /** Kicks, bans, or changes a present participant's membership or moderator role, by nickname. */
  moderateOccupant(request: { room: string; nick: string; action: ModerationAction; reason?: string }): Result<void, RoomAdminError>;
  /** XEP-0045 §8.1: the room's subject; resolves once the room has taken it. */
  setRoomSubject(request: { room: string; subject: string }): Result<void, RoomAdminError>;
  /** XEP-0045 §10.2: the room's name (muc#roomconfig_roomname), for owners. */
  renameRoom(request: { room: string; name: string }): Result<void, RoomAdminError>;
  /** XEP-0045 §10.9: destroys the room, for owners. */
  destroyRoom(request: { room: string; reason?: string }): Result<void, RoomAdminError>;
  /**
   * The network is back (the page's `online` event) or the person asked to try now: reconnect
   * without waiting out the backoff, or probe a connection that looks up.
   */
  checkConnection(request: Record<string, never>): void;

  /**
   * XEP-0077: asks the server of `jid` for its registration form on a stream that stops before
   * authentication, kept open for the `register` that follows (a CAPTCHA belongs to its stream).
   */
  registrationForm(request: RegistrationTarget): Result<RegistrationForm, RegistrationError>;
  /** Creates the account with the password and the answers to the form's other fields; does not sign in. */
  register(request: RegistrationTarget & { password: string; answers: Record<string, string> }): Result<void, RegistrationError>;
  /** XEP-0077 §3.3, signed in: `current` must be the password this session signed in with. */
  changePassword(request: { current: string; password: string }): Result<void, PasswordChangeError>;
  /** XEP-0077 §3.2, signed in: removes the account from the server, then signs out and forgets it. */
  deleteAccount(request: { confirm: string }): Result<void, DeleteAccountError>;
  /** XEP-0191: blocks an address (declining its subscription request, if it made one). */
  block(request: { jid: string }): Result<void, BlockError>;
  unblock(request: { jid: string }): Result<void, BlockError>;

  /** XEP-0084 data item `hash` of `jid` (or its XEP-0054 vCard photo when that is where the hash came from), checked. */
  fetchAvatar(request: { jid: string; hash: string }): Result<AvatarPicture, AvatarError>;
  /**
   * Publishes our avatar (already resized by the page to at most 192×192, PNG or JPEG): XEP-0084
   * data then metadata, and the vCard-temp photo with a XEP-0153 presence for older clients.
   */
  setAvatar(request: { bytes: Uint8Array; width: number; height: number }): Result<{ hash: string }, ProfileError>;
  /** Empty XEP-0084 metadata, no vCard photo, an empty XEP-0153 `<photo/>`. */
  removeAvatar(request: Record<string, never>): Result<void, ProfileError>;
  /** XEP-0172 nickname in PEP; empty drops it. */
  setNickname(request: { nickname: string }): Result<void, ProfileError>;
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
 * A change to stored history: a message, a step of one of our messages, a read point, a
 * correction, a retraction, a reaction set (later also read-by entries). Each travels once from the core to the
 * renderer's history, whichever way it reached the core.
 */
export type HistoryEvent =
  | { kind: 'message'; message: WireMessage }
  | { kind: 'status'; status: StatusUpdate }
  | { kind: 'readPoint'; readPoint: ReadPoint }
  | { kind: 'correction'; correction: Correction }
  | { kind: 'retraction'; retraction: Retraction }
  | { kind: 'reaction'; reaction: ReactionSet }
  | { kind: 'roomMarker'; roomMarker: RoomMarker }
  | { kind: 'archiveProgress'; progress: ArchiveProgress };

/**
 * One slice of an archive catch-up, bounded by ids where the archive supports XEP-0313's
 * `before-id` (`before`: the stanza-id it stops before), else by time: `start` and `end` (ms since
 * the epoch, whole seconds, both inclusive, so neighbouring slices share their border instant and
 * nothing at a border is missed); and how far it got: `after`, the stanza-id its walk continues
 * after, and `done` once the archive said the slice is complete.
 */
export interface ArchiveSlice {
  start?: number;
  end?: number;
  before?: string;
  after?: string;
  done?: boolean;
}

/**
 * Where the slices of an archive catch-up stand, sent after the messages they cover (so once it is
 * stored, so are they). `archive`: as in the `syncArchive` request (absent: our own account's);
 * `from`: the stanza-id the catch-up began after.
 */
export interface ArchiveProgress {
  archive?: string;
  from: string;
  slices: ArchiveSlice[];
}

/** The history events that amend a message another event brings. */
export type MessageActionEvent = Extract<HistoryEvent, { kind: 'correction' | 'retraction' | 'reaction' }>;

/** A history event with the core's number for it: consecutive, from 1 in each run of the core. */
export type NumberedHistoryEvent = HistoryEvent & { seq: number };

/**
 * Something true right now that is never stored and never replayed to a renderer that starts
 * later (it finds the state in the snapshot): a contact's presence changed, someone is typing,
 * how far an upload has gone.
 */
export type EphemeralEvent =
  | { kind: 'presence'; jid: string; presence: ContactPresence; status?: string }
  /** XEP-0085: the other party is typing (`composing`) or stopped (paused, active, left, or sent a message); in a room `nick` names the occupant. */
  | { kind: 'typing'; conversation: ConversationRef; composing: boolean; nick?: string }
  /** Bytes of the upload `id` (sendFile) handed to the network so far, out of `total`. */
  | { kind: 'upload'; id: string; sent: number; total: number }
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
