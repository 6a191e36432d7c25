import { EventEmitter } from 'node:events';
import type { Element } from '@xmpp/xml';
import type { Commands, ConnectionState, Events, OwnPresence, Preferences, PreferencesChange, Result, SavedAccount, SendRequest, Snapshot } from '../../src-shared/contract';
import type { OpenLinkError, RosterError, SendError, ServerFailure, SignInErrorCode, SyncError } from '../../src-shared/contract';
import { effectiveLocale } from '../../src-shared/i18n';
import type { AccountStore, PreferencesStore } from './account-store';
import { ArchiveSync } from './archive/archive-sync';
import { DisplayedSync, type MarkerPolicy } from './displayed-sync';
import { NotificationTracker } from './notifications/tracker';
import { DEFAULT_PREFERENCES, mergePreferences, migrateStoredPreferences, newlyMuted } from './preferences';
import { safeExternalUrl } from './external-links';
import type { Logger } from './log';
import { buildCapsElement, buildDiscoInfo } from './protocol/caps-codec';
import { bareJid, isContactJid, parseAccountAddress } from '../../src-shared/jid';
import { chatWith, conversationKey, sameConversation, type ConversationRef } from '../../src-shared/conversation';
import { conversationInCommand } from './conversation-input';
import { buildChatMessage, buildEnableCarbons } from './protocol/message-codec';
import { NS } from './protocol/namespaces';
import { buildOwnPresence, buildSubscriptionPresence, parsePresence } from './protocol/presence-codec';
import { buildRosterGet, buildRosterRemove, buildRosterSet, parseRosterItems } from './protocol/roster-codec';
import { routeArchivedMessages, routeLiveMessage, type RouterContext } from './message-router';
import { ArrivalOrder } from './arrival-order';
import { sendRefusal } from './send-request';
import { serverFailure } from './server-failure';
import { RendererFeed } from './renderer-feed';
import { RosterState } from './roster-state';
import { Connection } from './session/connection';
import { parseServerInput } from './session/server-address';
import { SignInFailure } from './session/sign-in-errors';

export interface CoreDependencies {
  accounts: AccountStore;
  preferences: PreferencesStore;
  log: Logger;
  systemLocale: () => string;
  /** Opens an already-vetted URL outside the app. */
  openExternal: (url: string) => Promise<void>;
  /** The platform's choice for preferences the person has not set (the shell's close-to-tray). */
  platformDefaults?: Pick<Preferences, 'closeToTray'>;
}

type CoreEvents = { [K in keyof Events]: [Events[K]] };
export type CommandHandlers = { [K in keyof Commands]: (request: Parameters<Commands[K]>[0]) => Promise<ReturnType<Commands[K]>> };

/** The Electron-free core: one account's session, exposed as the contract's commands and events. */
export class GlanceCore extends EventEmitter<CoreEvents> implements CommandHandlers {
  private connection: Connection | undefined;
  private roster = new RosterState();
  private readonly feed = new RendererFeed(
    (name, payload) => (this.emit as (n: string, p: unknown) => boolean)(name, payload),
    (name, payload) => this.notifier.observeFeed(name, payload),
  );
  private readonly displayed: DisplayedSync;
  private readonly archive: ArchiveSync;
  private readonly order = new ArrivalOrder();
  private ownPresence: OwnPresence = 'available';
  private preferences: Preferences = DEFAULT_PREFERENCES;
  private readingNow: ConversationRef | null = null;
  /** Message ids written in the current XMPP session (a resumption keeps it, a new session clears it). */
  private sentThisSession = new Set<string>();
  private readonly notifier: NotificationTracker;
  private savedAccount: SavedAccount | undefined;
  private signedOutState: ConnectionState = { status: 'signed-out' };
  private snapshotScheduled = false;
  private unreadTotal = 0;

  constructor(private readonly deps: CoreDependencies) {
    super();
    this.displayed = new DisplayedSync(deps.log);
    this.archive = new ArchiveSync(deps.log);
    this.notifier = new NotificationTracker(
      {
        mute: (conversation) => this.preferences.mutes[conversationKey(conversation)] ?? 'none',
        readingNow: (conversation) => sameConversation(this.readingNow, conversation),
        presence: () => this.ownPresence,
        privacy: () => this.preferences.notificationPrivacy,
        displayName: ({ jid }) => this.roster.contacts().find((c) => c.jid === jid)?.name ?? jid,
        locale: () => effectiveLocale(this.preferences.locale, deps.systemLocale()),
      },
      (effect) => this.emit('notification', effect),
    );
  }

  /** Unread messages across unmuted conversations, as the renderer last reported. */
  get unread(): number {
    return this.unreadTotal;
  }

  /** Loads preferences and the remembered account and, when its password was kept, signs in. */
  async start(): Promise<void> {
    this.preferences = mergePreferences(this.preferences, migrateStoredPreferences(await this.deps.preferences.load()));
    this.scheduleSnapshot(); // The shell's tray language and close-to-tray come from snapshots (core-preferences.test.ts).
    const stored = await this.deps.accounts.load();
    if (!stored) return;
    this.savedAccount = { jid: stored.jid, server: stored.server, hasPassword: Boolean(stored.password) };
    this.scheduleSnapshot();
    if (stored.password) {
      await this.signIn({ jid: stored.jid, password: stored.password, server: stored.server, remember: true }).catch((error) =>
        this.deps.log.warn('automatic sign-in failed', error),
      );
    }
  }

  async stop(): Promise<void> {
    await this.connection?.signOut();
  }

  async getSnapshot(): Promise<Snapshot> {
    // A renderer asking for the snapshot has (re)started: hand it what it has not stored yet.
    setImmediate(() => this.feed.replay());
    return this.snapshot();
  }

  async signIn(request: { jid: string; password: string; server?: string; remember: boolean }): Promise<Result<void, SignInErrorCode>> {
    const address = typeof request?.jid === 'string' ? parseAccountAddress(request.jid) : undefined;
    if (!address) return this.failSignIn('malformed-address', 'Not an address of the form name@example.org');
    if (typeof request.password !== 'string' || request.password.length === 0) return this.failSignIn('wrong-password', 'No password given');
    let server;
    try {
      server = parseServerInput(request.server);
    } catch (error) {
      return this.failSignIn('unreachable', (error as Error).message);
    }
    await this.connection?.signOut();
    this.roster = new RosterState();
    const connection = new Connection({ ...address, password: request.password, server }, this.deps.log);
    this.attach(connection);
    try {
      await connection.signIn();
    } catch (error) {
      if (this.connection === connection) this.connection = undefined;
      if (error instanceof SignInFailure) {
        this.signedOutState = { status: 'failed', error: error.signInError };
        this.scheduleSnapshot();
        return { ok: false, error: error.signInError.code };
      }
      throw error;
    }
    const jid = connection.bare;
    const keepPassword = request.remember && this.deps.accounts.canKeepPasswords();
    await this.deps.accounts.save({ jid, server: request.server?.trim() || undefined, password: keepPassword ? request.password : undefined });
    this.savedAccount = { jid, server: request.server?.trim() || undefined, hasPassword: keepPassword };
    this.scheduleSnapshot();
    return { ok: true, value: undefined };
  }

  async signOut(request: { forget: boolean }): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    await connection?.signOut();
    this.notifier.reset();
    this.signedOutState = { status: 'signed-out' };
    this.roster = new RosterState();
    if (request?.forget) {
      await this.deps.accounts.clear();
      this.savedAccount = undefined;
    } else if (this.savedAccount) {
      await this.deps.accounts.save({ jid: this.savedAccount.jid, server: this.savedAccount.server });
      this.savedAccount = { ...this.savedAccount, hasPassword: false };
    }
    this.scheduleSnapshot();
  }

  async setPresence(request: { show: OwnPresence; status?: string }): Promise<void> {
    if (!['available', 'away', 'dnd'].includes(request?.show)) return;
    this.ownPresence = request.show;
    if (this.online) await this.connection?.send(buildOwnPresence(request.show, request.status)).catch((e) => this.deps.log.warn('presence not sent', e));
    this.scheduleSnapshot();
  }

  async addContact(request: { jid: string; name?: string }): Promise<Result<void, RosterError>> {
    const jid = typeof request?.jid === 'string' ? request.jid.trim().toLowerCase() : '';
    if (!isContactJid(jid)) return { ok: false, error: 'malformed-address' };
    return this.whileOnline(async (connection) => {
      await connection.request(buildRosterSet(jid, request.name?.trim() || undefined));
      await connection.send(buildSubscriptionPresence(jid, 'subscribe'));
    });
  }

  async removeContact(request: { jid: string }): Promise<Result<void, RosterError>> {
    if (!isContactJid(request?.jid)) return { ok: false, error: 'malformed-address' };
    return this.whileOnline((connection) => connection.request(buildRosterRemove(request.jid)).then(() => undefined));
  }

  async answerSubscription(request: { jid: string; accept: boolean }): Promise<Result<void, RosterError>> {
    const jid = request?.jid;
    if (!isContactJid(jid)) return { ok: false, error: 'malformed-address' };
    return this.whileOnline(async (connection) => {
      await connection.send(buildSubscriptionPresence(jid, request.accept ? 'subscribed' : 'unsubscribed'));
      this.roster.resolveRequest(jid);
      const item = this.roster.get(jid);
      // Accepting someone also asks to see them, as people expect of a messenger contact.
      if (request.accept && item?.subscription !== 'to' && item?.subscription !== 'both' && !item?.pending) {
        await connection.send(buildSubscriptionPresence(jid, 'subscribe'));
      }
      this.scheduleSnapshot();
    });
  }

  async sendMessage(request: SendRequest): Promise<Result<void, SendError>> {
    const refused = sendRefusal(request, this.connection?.connectionState);
    if (refused) return { ok: false, error: refused };
    return this.whileOnline(async (connection) => {
      // A renderer that reloads resends its pending rows; within one session XEP-0198 already
      // guarantees delivery of what was sent, so the same id is not written twice.
      if (this.sentThisSession.has(request.id)) return;
      this.sentThisSession.add(request.id);
      const conversation = chatWith(request.conversation.jid);
      await connection.send(buildChatMessage(conversation.jid, request.body, request.id));
      this.notifier.ownMessage(conversation, Date.now());
      // Without XEP-0198 there is no server acknowledgement to wait for: the write is all we get.
      if (!connection.client.streamManagement.enabled) {
        this.feed.statuses([{ conversation, id: request.id, status: 'sent', at: Date.now() }]);
      }
    });
  }

  async ackMessages(request: { seqs: number[] }): Promise<void> {
    if (Array.isArray(request?.seqs)) this.feed.acknowledge(request.seqs.filter((s) => Number.isInteger(s)));
  }

  async markDisplayed(request: { conversation: ConversationRef; markerFor?: string; stanzaId?: string }): Promise<void> {
    const conversation = conversationInCommand(request?.conversation);
    // Rooms later: their markers and MDS items follow the room's own stanza-ids.
    if (conversation?.kind !== 'chat') return;
    const markerFor = typeof request.markerFor === 'string' && request.markerFor ? request.markerFor : undefined;
    const stanzaId = typeof request.stanzaId === 'string' && request.stanzaId ? request.stanzaId : undefined;
    this.notifier.readPoints([{ conversation, stanzaId, messageId: markerFor }]);
    await this.displayed.markDisplayed(this.online ? this.connection : undefined, { conversation, markerFor, stanzaId }, this.markerPolicy());
  }

  async syncArchive(request: { archive?: string; after?: string }): Promise<Result<{ count: number }, SyncError>> {
    const after = typeof request?.after === 'string' && request.after ? request.after : undefined;
    const connection = this.connection;
    if (!connection || !this.online) return { ok: false, error: 'offline' };
    // Only our own account's archive for now (rooms later).
    if (request?.archive !== undefined && request.archive !== connection.bare) return { ok: false, error: 'unsupported' };
    this.notifier.holdForCatchUp();
    try {
      const { count } = await this.archive.sync(connection, after, (messages) => routeArchivedMessages(messages, this.routerContext(connection)));
      // The last page goes out on the feed's next turn: let it leave before the reply does.
      await new Promise((resolve) => setImmediate(resolve));
      return { ok: true, value: { count } };
    } catch (error) {
      return { ok: false, error: serverFailure(error) };
    } finally {
      // The feed hands messages over on the next turn: release once they have reached the notifier.
      setImmediate(() => this.notifier.releaseCatchUp());
    }
  }

  async setPreferences(request: PreferencesChange): Promise<void> {
    const before = this.preferences;
    this.preferences = mergePreferences(before, request);
    for (const conversation of newlyMuted(before, this.preferences)) this.notifier.dismiss(conversation);
    await this.deps.preferences.save(this.preferences);
    this.scheduleSnapshot();
  }

  async reportReading(request: { conversation: ConversationRef | null }): Promise<void> {
    this.readingNow = conversationInCommand(request?.conversation) ?? null;
  }

  async checkConnection(): Promise<void> {
    this.connection?.checkNow();
  }

  async reportUnread(request: { total: number }): Promise<void> {
    if (Number.isInteger(request?.total) && request.total >= 0) this.unreadTotal = request.total;
  }

  async openExternal(request: { url: string }): Promise<Result<void, OpenLinkError>> {
    const url = safeExternalUrl(request?.url);
    if (!url) return { ok: false, error: 'refused' };
    await this.deps.openExternal(url);
    return { ok: true, value: undefined };
  }

  /** Messages delivered to a renderer and not yet acknowledged. */
  get unstoredCount(): number {
    return this.feed.unstoredCount;
  }

  private markerPolicy(): MarkerPolicy {
    return {
      sendReadMarkers: this.preferences.sendReadMarkers,
      contactMaySeePresence: (conversation) => {
        const subscription = conversation.kind === 'chat' ? this.roster.get(conversation.jid)?.subscription : undefined;
        return subscription === 'from' || subscription === 'both';
      },
    };
  }

  private get online(): boolean {
    return this.connection?.connectionState.status === 'online';
  }

  private async whileOnline(work: (connection: Connection) => Promise<void>): Promise<Result<void, ServerFailure>> {
    const connection = this.connection;
    if (!connection || !this.online) return { ok: false, error: 'offline' };
    try {
      await work(connection);
      return { ok: true, value: undefined };
    } catch (error) {
      this.deps.log.warn('command failed', error);
      return { ok: false, error: serverFailure(error) };
    }
  }

  private failSignIn(code: 'malformed-address' | 'wrong-password' | 'unreachable', detail: string): Result<void, SignInErrorCode> {
    this.signedOutState = { status: 'failed', error: { code, detail } };
    this.scheduleSnapshot();
    return { ok: false, error: code };
  }

  private attach(connection: Connection): void {
    this.connection = connection;
    connection.on('state', () => this.scheduleSnapshot());
    connection.on('online', ({ resumed }) => {
      if (!resumed) void this.startSession(connection);
    });
    connection.on('stanza', (stanza) => this.route(stanza, connection));
    connection.client.iqCallee.set(NS.roster, 'query', ({ stanza }) => {
      // RFC 6121 §2.1.6: a roster push is only valid from our own account.
      if (stanza.attrs.from && bareJid(stanza.attrs.from) !== connection.bare) throw new Error('roster push from a stranger');
      this.roster.apply(parseRosterItems(stanza.getChild('query', NS.roster)));
      this.scheduleSnapshot();
      return true;
    });
    connection.client.iqCallee.get(NS.discoInfo, 'query', ({ element }) => buildDiscoInfo(element.attrs.node));
    connection.client.streamManagement.on('ack', (stanza) => {
      const id = stanza.is('message') && stanza.getChild('body') ? stanza.attrs.id : undefined;
      if (id && stanza.attrs.to) this.feed.statuses([{ conversation: chatWith(stanza.attrs.to), id, status: 'sent', at: Date.now() }]);
    });
    // A message the server never acknowledged before a failed resume stays *pending*: the renderer's
    // outbox sends it again, with the same id, in the next session.
  }

  /** After binding a new session (not a resumed one): roster, carbons, then presence (RFC 6121 §2.2). */
  private async startSession(connection: Connection): Promise<void> {
    this.notifier.sessionStarted();
    this.sentThisSession = new Set();
    try {
      this.roster.clearPresence();
      const result = await connection.request(buildRosterGet());
      this.roster.replace(parseRosterItems(result.getChild('query', NS.roster)));
      this.scheduleSnapshot();
      await connection.request(buildEnableCarbons()).catch((e) => this.deps.log.warn('carbons not enabled', e));
      // Caps in our presence announce mds+notify, so the server pushes our other devices' MDS.
      await connection.send(buildOwnPresence(this.ownPresence, undefined, buildCapsElement()));
      await this.displayed.startSession(connection, (points) => this.feed.readPoints(points), this.markerPolicy());
    } catch (error) {
      this.deps.log.warn('session set-up incomplete', error);
    } finally {
      // Catch-up notifications wait for MDS, so what was read on another device never notifies.
      // The feed hands the fetched read points over on the next turn: release after that.
      setImmediate(() => this.notifier.mdsFetched());
    }
  }

  private route(stanza: Element, connection: Connection): void {
    if (stanza.is('presence')) {
      const event = parsePresence(stanza);
      if (event && event.from !== connection.bare && this.roster.applyPresence(event)) this.scheduleSnapshot();
    } else if (stanza.is('message')) {
      if (this.archive.accept(stanza, connection.bare)) return;
      routeLiveMessage(stanza, this.routerContext(connection));
    }
  }

  private routerContext(connection: Connection): RouterContext {
    return {
      ownBare: connection.bare,
      feed: this.feed,
      order: this.order,
      policy: () => this.markerPolicy(),
      send: (element) => connection.send(element),
      log: this.deps.log,
    };
  }

  private snapshot(): Snapshot {
    return {
      connection: this.connection?.connectionState ?? this.signedOutState,
      account: this.connection?.bare ?? this.savedAccount?.jid,
      ownPresence: this.ownPresence,
      contacts: this.roster.contacts(),
      requests: this.roster.requests(),
      savedAccount: this.savedAccount,
      systemLocale: this.deps.systemLocale(),
      // The effective value, so Settings shows what closing the window will do.
      preferences: { ...this.deps.platformDefaults, ...this.preferences },
    };
  }

  private scheduleSnapshot(): void {
    if (this.snapshotScheduled) return;
    this.snapshotScheduled = true;
    setImmediate(() => {
      this.snapshotScheduled = false;
      this.emit('snapshot', this.snapshot());
    });
  }
}

