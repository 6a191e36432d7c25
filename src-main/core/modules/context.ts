import type { Element } from '@xmpp/xml';
import type { ConversationRef, Events, OwnPresence, Preferences, Result, SendError, SendRequest, Snapshot } from '../../../src-shared/contract';
import { conversationKey, sameConversation } from '../../../src-shared/conversation';
import { effectiveLocale } from '../../../src-shared/i18n';
import type { AccountStore, PreferencesStore } from '../account-store';
import { ArrivalOrder } from '../arrival-order';
import { Blocklist } from '../blocklist';
import { DisplayedSync, type MarkerPolicy } from '../displayed-sync';
import type { Logger } from '../log';
import { NotificationTracker } from '../notifications/tracker';
import { FileCache } from '../files/file-cache';
import { DEFAULT_PREFERENCES } from '../preferences';
import { RendererFeed } from '../renderer-feed';
import { RoomRegistry } from '../rooms/room-registry';
import { RosterState } from '../roster-state';
import { memoryRosterCache, type RosterCache } from '../roster-cache';
import type { StanzaLink } from './module';
import type { ArchiveOrigin } from './stanza-kind';
import { CurrentSession } from './current-session';

export interface CoreDependencies {
  accounts: AccountStore;
  preferences: PreferencesStore;
  log: Logger;
  systemLocale: () => string;
  /** Opens an already-vetted URL outside the app. */
  openExternal: (url: string) => Promise<void>;
  /** The platform's choice for preferences the person has not set (the shell's close-to-tray). */
  platformDefaults?: Pick<Preferences, 'closeToTray'>;
  /** Where fetched files are cached; a fresh temporary directory when absent. */
  fileCacheDir?: string;
  /** Where each account's roster is kept between sessions; in memory for the life of the process when absent. */
  rosterCache?: RosterCache;
}

/** The state several modules read: each is written by one module (named). */
export interface SharedState {
  /** preferences module */
  preferences: Preferences;
  /** presence module */
  ownPresence: OwnPresence;
  /** notifications module: the renderer's last report */
  readingNow: ConversationRef | null;
  /** notifications module: unread messages across unmuted conversations, as the renderer last reported */
  unreadTotal: number;
  /** profiles module: our avatar's hash for XEP-0153 presence (null: none; undefined: not known yet) */
  ownPhoto?: string | null;
}

/** What the modules share: the services the composition root made, and the wiring it completes. */
export interface CoreContext {
  readonly deps: CoreDependencies;
  readonly log: Logger;
  readonly session: CurrentSession;
  readonly feed: RendererFeed;
  readonly notifier: NotificationTracker;
  readonly roster: RosterState;
  /** roster module: each account's roster between sessions (session set-up forgets a forgotten account's) */
  readonly rosterCache: RosterCache;
  /** blocking module: the addresses the account blocks */
  readonly blocklist: Blocklist;
  /** Remote files fetched for the page (files module); the shells serve them as `/files/<key>`. */
  readonly files: FileCache;
  /** The group chats (written by the rooms module). */
  readonly rooms: RoomRegistry;
  /** Timestamps that keep each sender's order across the stream and archive walks. */
  readonly order: ArrivalOrder;
  readonly state: SharedState;
  /** How far the person has read, told to others (displayed module; room-reading module on entering a room). */
  readonly displayed: DisplayedSync;
  markerPolicy(): MarkerPolicy;
  /**
   * XEP-0085: whether chat states may go to the conversation: the setting is on and the contact
   * may see our presence (a subscription); `online` also asks that they are online now (for
   * standalone states).
   */
  chatStatesAllowed(conversation: ConversationRef, online: boolean): boolean;
  /** Filled in by the composition root once the modules exist. */
  readonly wiring: {
    snapshot(): Snapshot;
    /** The disco features we advertise (the modules' union). */
    features(): readonly string[];
    /** An archived message through the same handlers as a live one. */
    routeArchived(message: Element, origin: ArchiveOrigin, link: StanzaLink): void;
    /** Every module forgets the signed-out account's session. */
    signedOut(): void;
    /** The signOut command (session set-up), for a module that ends the session itself. */
    signOut(request: { forget: boolean }): Promise<void>;
    /** A message written to a room (the rooms module sends it). */
    sendToRoom(request: SendRequest): Promise<Result<void, SendError>>;
    /** Whether a room may be written to now (the rooms module's RoomsControl.writable). */
    roomWritable(room: string): Promise<'offline' | 'not-joined' | undefined>;
  };
}

/** Chat states go to a room of at most this many occupants (Conversations and Gajim use the same bound). */
export const MAX_TYPING_ROOM_OCCUPANTS = 50;

/** How the core emits the contract's events. */
export type CoreEmit = <K extends keyof Events>(name: K, payload: Events[K]) => void;

export function createCoreContext(deps: CoreDependencies, emit: CoreEmit): CoreContext {
  const unwired = () => {
    throw new Error('the core is not wired yet');
  };
  const state: SharedState = { preferences: DEFAULT_PREFERENCES, ownPresence: 'available', readingNow: null, unreadTotal: 0 };
  const roster = new RosterState();
  const rooms = new RoomRegistry();
  // One policy that reads the settings, roster and rooms when asked (a receipt asks it per message).
  const markerPolicy: MarkerPolicy = {
    get sendReadMarkers() {
      return state.preferences.sendReadMarkers;
    },
    contactMaySeePresence: (conversation) => {
      const subscription = conversation.kind === 'chat' ? roster.get(conversation.jid)?.subscription : undefined;
      return subscription === 'from' || subscription === 'both';
    },
    roomMarkers: (room) => {
      const record = rooms.get(room);
      // A room we do not know yet (a new session before its bookmarks) may be a private group.
      if (!record) return 'after-join';
      if (!record.isPrivate || !record.info.stanzaIds) return 'never';
      return record.state === 'joined' ? 'now' : 'after-join';
    },
  };
  const wiring: CoreContext['wiring'] = {
    snapshot: unwired,
    features: unwired,
    routeArchived: unwired,
    signedOut: unwired,
    signOut: unwired,
    sendToRoom: unwired,
    roomWritable: unwired,
  };
  const notifier = new NotificationTracker(
    {
      // Private groups notify for every message by default, public channels only for mentions (docs/architecture.md).
      mute: (conversation) =>
        state.preferences.mutes[conversationKey(conversation)] ??
        (conversation.kind === 'room' && !rooms.get(conversation.jid)?.isPrivate ? 'mentions' : 'none'),
      readingNow: (conversation) => sameConversation(state.readingNow, conversation),
      presence: () => state.ownPresence,
      privacy: () => state.preferences.notificationPrivacy,
      notifyReactions: () => state.preferences.notifyReactions !== false,
      displayName: ({ kind, jid }) => (kind === 'room' ? (rooms.get(jid)?.info.name ?? jid) : (roster.nameOf(jid) ?? jid)),
      locale: () => effectiveLocale(state.preferences.locale, deps.systemLocale()),
    },
    (effect) => emit('notification', effect),
  );
  return {
    deps,
    log: deps.log,
    session: new CurrentSession(deps.log),
    feed: new RendererFeed(emit, () => wiring.snapshot(), deps.log),
    notifier,
    roster,
    rosterCache: deps.rosterCache ?? memoryRosterCache(),
    blocklist: new Blocklist(),
    files: new FileCache(deps.fileCacheDir),
    rooms,
    order: new ArrivalOrder(),
    state,
    displayed: new DisplayedSync(deps.log),
    markerPolicy: () => markerPolicy,
    chatStatesAllowed(conversation, online) {
      if (state.preferences.typingNotices === false) return false;
      if (conversation.kind === 'room') {
        // XEP-0085 §5.6: only to rooms small enough that states are not noise; `online`: we are in it.
        const room = rooms.get(conversation.jid);
        return !!room && room.occupants.size <= MAX_TYPING_ROOM_OCCUPANTS && (!online || room.state === 'joined');
      }
      const subscription = roster.get(conversation.jid)?.subscription;
      if (subscription !== 'from' && subscription !== 'both') return false;
      return !online || roster.presenceOf(conversation.jid).presence !== 'offline';
    },
    wiring,
  };
}
