import {
  arrayOf,
  boolean,
  byConversation,
  bytes,
  conversationRef,
  count,
  nothing,
  nullable,
  object,
  oneOf,
  optional,
  string,
  stringRecord,
  type Check,
  type CheckResult,
} from './checks';
import type { CommandName, CommandRequest, EventName } from './contract';
import { LOCALES } from './i18n/locale';

/**
 * The registry of the contract: every command with the check of its request, every event with
 * where it comes from. Both tables are typed by the contract's interfaces, so a command or an
 * event that is declared and not registered here (or a check that does not produce exactly the
 * request's type) does not compile; the name lists are derived from them.
 * Guarded by test/unit/contract-registry.test.ts (type tests) and contract-checks.test.ts.
 */

export type RequestChecks = { readonly [K in CommandName]: Check<CommandRequest<K>> };

export const COMMAND_CHECKS: RequestChecks = {
  getSnapshot: nothing(),
  signIn: object({ jid: string(), password: string(), server: optional(string()), remember: boolean() }),
  signOut: object({ forget: boolean() }),
  setPresence: object({ show: oneOf('available', 'away', 'dnd'), status: optional(string()) }),
  addContact: object({ jid: string(), name: optional(string()) }),
  removeContact: object({ jid: string() }),
  answerSubscription: object({ jid: string(), accept: boolean() }),
  sendMessage: object({
    conversation: conversationRef(),
    body: string(),
    id: string(),
    session: optional(count()),
    reply: optional(object({ target: string(), to: string(), quoted: string() })),
    mentions: optional(arrayOf(object({ begin: count(), end: count(), nick: string() }))),
  }),
  correctMessage: object({ conversation: conversationRef(), id: string(), target: string(), body: string() }),
  retractMessage: object({ conversation: conversationRef(), id: string(), target: string(), fallback: string() }),
  react: object({ conversation: conversationRef(), id: string(), target: string(), emojis: arrayOf(string()) }),
  sendChatState: object({ conversation: conversationRef(), state: oneOf('active', 'composing', 'paused', 'inactive') }),
  sendFile: object({ conversation: conversationRef(), id: string(), name: string(), mediaType: string(), bytes: bytes(), session: optional(count()) }),
  cancelUpload: object({ id: string() }),
  fetchFile: object({ url: string() }),
  ackHistory: object({ through: count() }),
  openExternal: object({ url: string() }),
  markDisplayed: object({ conversation: conversationRef(), markerFor: optional(string()), stanzaId: optional(string()) }),
  setPreferences: object({
    sendReadMarkers: optional(boolean()),
    notificationPrivacy: optional(oneOf('sender-and-text', 'sender', 'nothing')),
    closeToTray: optional(boolean()),
    notifyReactions: optional(boolean()),
    roomPictures: optional(boolean()),
    typingNotices: optional(boolean()),
    mutes: optional(byConversation(oneOf('none', 'all', 'mentions'))),
    locale: optional(oneOf(...LOCALES, 'system')),
  }),
  reportReading: object({ conversation: nullable(conversationRef()) }),
  syncArchive: object({
    archive: optional(string()),
    after: optional(string()),
    slices: optional(
      arrayOf(object({ start: optional(count()), end: optional(count()), before: optional(string()), after: optional(string()), done: optional(boolean()) })),
    ),
  }),
  reportUnread: object({ total: count() }),
  checkConnection: object({}),
  registrationForm: object({ jid: string(), server: optional(string()) }),
  register: object({ jid: string(), server: optional(string()), password: string(), answers: stringRecord() }),
  changePassword: object({ current: string(), password: string() }),
  deleteAccount: object({ confirm: string() }),
  block: object({ jid: string() }),
  unblock: object({ jid: string() }),
  joinRoom: object({ room: string(), nick: string(), password: optional(string()) }),
  leaveRoom: object({ room: string() }),
  createRoom: object({ name: string(), nick: string() }),
  getOccupants: object({ room: string() }),
  inviteToRoom: object({ room: string(), jids: arrayOf(string()), reason: optional(string()) }),
  declineInvitation: object({ room: string() }),
  moderateOccupant: object({
    room: string(),
    nick: string(),
    action: oneOf('kick', 'ban', 'grant-membership', 'revoke-membership', 'grant-moderator', 'revoke-moderator'),
    reason: optional(string()),
  }),
  setRoomSubject: object({ room: string(), subject: string() }),
  renameRoom: object({ room: string(), name: string() }),
  destroyRoom: object({ room: string(), reason: optional(string()) }),
  fetchAvatar: object({ jid: string(), hash: string() }),
  setAvatar: object({ bytes: bytes(), width: count(), height: count() }),
  removeAvatar: object({}),
  setNickname: object({ nickname: string() }),
};

export const COMMAND_NAMES = Object.keys(COMMAND_CHECKS) as readonly CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(COMMAND_CHECKS, name);
}

/** A command's request checked against the registry: the request as its handler may use it, or where it fails. */
export function checkCommandRequest<K extends CommandName>(name: K, request: unknown): CheckResult<CommandRequest<K>> {
  return (COMMAND_CHECKS[name] as Check<CommandRequest<K>>)(request, 'request');
}

/**
 * Who raises an event, and so which transport carries it to the page:
 * - `core`: GlanceCore emits it, and both transports forward it;
 * - `core-for-page-notifications`: GlanceCore emits it; the Electron shell shows OS notifications
 *   from it itself, while the preview forwards it (the page shows web notifications);
 * - `shell`: the Electron shell raises it (window focus, notification clicks, `xmpp:` links); in
 *   the preview the page stands in for it (its own focus and blur) or it never happens.
 * The page trusts events (they come from our own main process): they are not checked.
 */
export type EventOrigin = 'core' | 'core-for-page-notifications' | 'shell';

export const EVENT_ORIGINS: { readonly [K in EventName]: EventOrigin } = {
  snapshot: 'core',
  history: 'core',
  ephemeral: 'core',
  notification: 'core-for-page-notifications',
  openRequest: 'shell',
  windowFocus: 'shell',
};

export const EVENT_NAMES = Object.keys(EVENT_ORIGINS) as readonly EventName[];

/** The core's events that the Electron shell forwards to its window. */
export const ELECTRON_FORWARDED_EVENTS: readonly EventName[] = EVENT_NAMES.filter((name) => EVENT_ORIGINS[name] === 'core');

/** The core's events that the preview forwards to its page. */
export const PREVIEW_FORWARDED_EVENTS: readonly EventName[] = EVENT_NAMES.filter((name) => EVENT_ORIGINS[name] !== 'shell');
