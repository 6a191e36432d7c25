import type { EphemeralEvent, GlanceBridge, MuteSetting, OpenRequest, PreferencesChange, Snapshot } from '../../src-shared/contract';
import { conversationKey, sameConversation, type ConversationKey, type ConversationRef } from '../../src-shared/conversation';
import { inShell } from '../bridge/bridge';
import { openHistory, type ConversationRow, type History, type StoredMessage } from '../history';
import { i18n, migrateStoredLocale } from '../i18n';
import { createReadTracker, feedReadTracker } from '../reading/connect';
import type { ReadTracker } from '../reading/read-tracker';
import { coalesce } from './coalesce';
import { CoreCommands } from './commands';
import { ComposeState } from './compose-state.svelte';
import { TypingState } from './typing-state.svelte';
import { ErrorLog } from './errors.svelte';
import { HistoryWork } from './history-work';
import { parseOpenRequest } from './open-request';
import { MessageActions } from './message-actions';
import type { NewMessage } from './outbox';
import { isMuted, muteOf, savePreferences, sendsReadMarkers } from './preferences';
import { showPreviewNotifications } from './preview-notifications';
import { withEphemeral } from './presence';
import { OccupantChanges } from './room-occupants.svelte';
import { Panels } from './panels.svelte';
import { OpenTargets } from './targets.svelte';
import { UnreadReporter, unreadTotal } from './unread-report';
import { Uploads } from './uploads.svelte';
import { attachRefusal, mediaTypeOf } from './attach';
import { Avatars } from './avatars.svelte';
import { t } from '../i18n';

export type { AppError } from './errors.svelte';
export type Screen = 'loading' | 'sign-in' | 'main';
export type View = 'chats' | 'contacts';

/**
 * The renderer's state and its glue to the bridge and history. Components read the fields (all
 * reactive) and call the methods; nothing else talks to the bridge or history for writes.
 */
export class GlanceApp {
  snapshot = $state.raw<Snapshot | undefined>();
  history = $state.raw<History | undefined>();
  /** From history.conversations(), newest activity first; replaced whole on every change. */
  conversations = $state.raw<ConversationRow[]>([]);
  openConversation = $state.raw<ConversationRef | undefined>();
  /** The key of the open conversation (the list's selection, `{#key}` blocks). */
  openKey: ConversationKey | undefined = $derived(this.openConversation && conversationKey(this.openConversation));
  view = $state<View>('chats');
  settingsOpen = $state(false);
  /** The address of the account just deleted here, for the sign-in screen to say so. */
  deletedAccount = $state<string>();
  /** The alert area. */
  readonly alerts = new ErrorLog();
  readonly commands: CoreCommands;
  /** Unsent composer text per conversation (not reactive: the composer owns the live copy). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- deliberately not reactive (above)
  readonly drafts = new Map<ConversationKey, string>();
  /** Asks from notification clicks and `xmpp:` links to the list, composer and add-contact form. */
  readonly targets = new OpenTargets();
  /** Editing one of our messages in the composer. */
  readonly compose = new ComposeState();
  /** Who is typing (XEP-0085). */
  readonly typing = new TypingState();
  /** Our corrections, retractions and reactions. */
  readonly actions: MessageActions;
  /** Which rooms' participants changed (the participants list fetches them again). */
  readonly occupantChanges = new OccupantChanges();
  /** The read rule (docs/architecture.md): the open list feeds it the rows in view; it marks read and tells the core. */
  readonly reading: ReadTracker;
  /** Uploads in progress in this run (the core's progress events). */
  readonly uploads: Uploads;
  /** Search, quick switcher and shortcuts sheet. */
  readonly panels = new Panels();
  /** Contacts' pictures, fetched once per hash and kept in history. */
  readonly avatars: Avatars;
  /** Signed in at least once since the last sign-out: reconnecting keeps the main screen. */
  private everOnline = $state(false);

  screen: Screen = $derived.by(() => {
    const connection = this.snapshot?.connection;
    if (!connection) return 'loading';
    if (connection.status === 'online') return 'main';
    if (connection.status === 'connecting' && this.everOnline) return 'main';
    return 'sign-in';
  });

  private historyAccount: string | undefined;
  private stopHistory: (() => void) | undefined;
  private readonly unread: UnreadReporter;
  private readonly work: HistoryWork;
  private readonly reloadConversations = coalesce(
    () => this.readConversations(),
    (error) => this.alerts.report('error.historyRead', error),
  );
  /** An open request that came before history was open. */
  private waitingOpen: OpenRequest | undefined;
  private askNotifications: (() => void) | undefined;

  constructor(readonly bridge: GlanceBridge) {
    const report = this.alerts.report.bind(this.alerts);
    this.commands = new CoreCommands(bridge, report);
    this.uploads = new Uploads(bridge);
    this.work = new HistoryWork(bridge, this.alerts);
    this.avatars = new Avatars(this);
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the host reads the app's current history and account
    const app = this;
    this.actions = new MessageActions({
      get history() {
        return app.history;
      },
      get account() {
        return app.snapshot?.account;
      },
      bridge,
      report,
    });
    this.work.useActionQueue(this.actions.queue);
    this.reading = createReadTracker(
      bridge,
      () => this.history,
      (error) => report('error.markRead', error),
    );
    this.unread = new UnreadReporter((total) => this.bridge.invoke('reportUnread', { total }));
    i18n.follow(() => this.snapshot);
  }

  /** Subscribes to the bridge and loads the first snapshot; returns the function that undoes it. */
  start(): () => void {
    const stops = [
      this.bridge.on('snapshot', (snapshot) => this.applySnapshot(snapshot)),
      this.work.start(),
      this.bridge.on('ephemeral', (events) => this.applyEphemeral(events)),
      this.bridge.on('openRequest', (request) => this.open(request)),
      feedReadTracker(this.reading, this.bridge),
    ];
    if (!inShell()) {
      // The preview has no shell to show OS notifications: the page shows them itself.
      const notifications = showPreviewNotifications(
        this.bridge,
        ({ conversation, at }) => this.open({ kind: 'conversation', conversation, ...(at ? { at } : {}) }),
        (conversation) => (conversation.kind === 'chat' ? this.avatars.url(conversation.jid, this.snapshot?.profiles?.[conversation.jid]?.avatar) : undefined),
      );
      this.askNotifications = notifications.requestPermission;
      stops.push(notifications.stop);
    }
    this.updateUnread();
    this.bridge.invoke('getSnapshot', undefined).then(
      (snapshot) => {
        this.work.begin();
        // A snapshot event that arrived meanwhile is newer than this reply.
        if (!this.snapshot) this.applySnapshot(snapshot);
      },
      (error: unknown) => this.alerts.report('error.bridge', error),
    );
    return () => {
      for (const stop of stops) stop();
      this.unread.dispose();
      this.closeHistory();
    };
  }

  private applySnapshot(snapshot: Snapshot): void {
    const first = !this.snapshot;
    this.snapshot = snapshot;
    // Older versions kept the language in the page; the core's preferences hold it now.
    if (first)
      void migrateStoredLocale(
        snapshot.preferences?.locale,
        () => localStorage,
        (locale) => this.setPreferences({ locale }),
      );
    const status = snapshot.connection.status;
    if (status === 'online') {
      this.everOnline = true;
      this.askNotifications?.();
    } else if (status === 'signed-out' || status === 'failed') this.everOnline = false;
    if (snapshot.account && snapshot.account !== this.historyAccount) void this.useAccount(snapshot.account);
    this.updateUnread();
    this.work.setConnection(snapshot.connection);
    this.work.setRooms(snapshot.rooms);
  }

  /** Presence changes show at once; the next snapshot, if any, is the truth again. */
  private applyEphemeral(events: EphemeralEvent[]): void {
    this.typing.apply(events);
    if (this.snapshot) this.snapshot = withEphemeral(this.snapshot, events);
    this.uploads.apply(events);
    this.occupantChanges.changed(events);
  }

  /** One history database per account, opened once the account is known. */
  private async useAccount(account: string): Promise<void> {
    this.closeHistory();
    this.historyAccount = account;
    try {
      // Until it opens, what the core delivers waits in the ingest (and unacknowledged in the core).
      const history = await openHistory({ account, name: `glance-${account}`, onBlocked: () => this.alerts.report('error.historyBlocked', undefined) });
      this.alerts.clear('error.historyBlocked');
      if (this.historyAccount !== account) return history.close();
      this.history = history;
      this.reading.reset();
      this.stopHistory = history.onChange(() => void this.reloadConversations());
      await this.actions.restore(history);
      this.work.useHistory(history);
      await this.reloadConversations();
      void this.buildSearchIndex(history);
      const waiting = this.waitingOpen;
      this.waitingOpen = undefined;
      if (waiting) this.open(waiting);
    } catch (error) {
      this.alerts.report('error.historyOpen', error);
    }
  }

  /** Indexes history stored before search existed, in the background (history/search/build.ts). */
  private async buildSearchIndex(history: History): Promise<void> {
    this.panels.indexing = true;
    try {
      await history.buildSearchIndex(() => this.history !== history);
    } catch (error) {
      this.alerts.report('error.search', error);
    } finally {
      if (this.history === history) this.panels.indexing = false;
    }
  }

  /** Opens a search result's conversation at its message, which stays highlighted. */
  showFound(message: StoredMessage): void {
    this.targets.highlight = message.key;
    this.targets.focus = { conversation: conversationKey(message.conversation), at: { key: message.key, timestamp: message.timestamp } };
    void this.showConversation(message.conversation);
  }

  private closeHistory(): void {
    this.actions.queue.restore([]);
    this.work.useHistory(undefined);
    this.stopHistory?.();
    this.stopHistory = undefined;
    this.history?.close();
    this.history = undefined;
    this.historyAccount = undefined;
    this.setConversations([]);
    this.setOpenConversation(undefined);
    this.reading.reset();
  }

  private async readConversations(): Promise<void> {
    const history = this.history;
    if (!history) return;
    const rows = await history.conversations();
    if (history === this.history) this.setConversations(rows);
  }

  private setConversations(rows: ConversationRow[]): void {
    this.conversations = rows;
    this.updateUnread();
  }

  /** Whether the conversation is muted (it then neither notifies nor counts toward the badge). */
  isMuted(conversation: ConversationRef): boolean {
    return isMuted(this.snapshot?.preferences?.mutes, conversation, this.snapshot?.rooms);
  }

  /** The conversation's notification setting: the person's choice, else its default (preferences.ts muteOf). */
  muteOf(conversation: ConversationRef): MuteSetting {
    return muteOf(this.snapshot?.preferences?.mutes, conversation, this.snapshot?.rooms);
  }

  private updateUnread(): void {
    this.unread.update(unreadTotal(this.conversations, (conversation) => this.muteOf(conversation)));
  }

  private setOpenConversation(conversation: ConversationRef | undefined): void {
    this.openConversation = conversation;
    this.reading.setOpenConversation(conversation);
  }

  async showConversation(conversation: ConversationRef): Promise<void> {
    this.view = 'chats';
    if (!sameConversation(this.openConversation, conversation)) this.setOpenConversation(conversation);
    try {
      await this.history?.ensureConversation(conversation);
    } catch (error) {
      this.alerts.report('error.historyRead', error);
    }
  }

  /** Pins or unpins, archives or brings back a conversation (kept on its history row). */
  async organise(conversation: ConversationRef, change: { pinned?: boolean; archived?: boolean }): Promise<void> {
    try {
      await this.history?.organise(conversation, change);
    } catch (error) {
      this.alerts.report('error.historyRead', error);
    }
  }

  closeConversation(): void {
    this.setOpenConversation(undefined);
  }

  /**
   * What the shell (a notification click, an `xmpp:` link) or a web notification asks to open: a
   * conversation, at a message and with a draft for the composer, or the filled-in add-contact form.
   */
  open(value: OpenRequest): void {
    const request = parseOpenRequest(value);
    if (!request) return console.warn('glance: open request dropped', value);
    if (!this.history) {
      this.waitingOpen = request;
      return;
    }
    const conversation = this.targets.ask(request);
    if (conversation) void this.showConversation(conversation);
    else if (request.kind === 'add-contact') this.view = 'contacts';
    else this.view = 'chats';
  }

  /**
   * Sends a message: resolves as soon as it is stored as pending, so the composer can take the
   * text at once; the outbox hands it to the core in order, which may wait for a new session's
   * archive sync (test/e2e/composer.test.ts). Throws when it could not be stored, so the composer
   * keeps its text. A hand-over that fails shows on the message itself (failed, with a retry).
   */
  async send(conversation: ConversationRef, body: string, reply?: NewMessage['reply'], mentions?: NewMessage['mentions']): Promise<void> {
    const from = this.snapshot?.account;
    if (!from) throw new Error('No account is signed in');
    await this.work.send({ conversation, from, body, ...(reply ? { reply } : {}), ...(mentions?.length ? { mentions } : {}) });
  }

  /**
   * Queues files to send, one message each, in the order given: each is stored with its bytes
   * before this resolves, and the outbox uploads them in turn. Resolves with a sentence for each
   * file refused at once (over the server's limit, no upload service) or that could not be stored.
   */
  async sendFiles(conversation: ConversationRef, files: readonly File[]): Promise<string[]> {
    const from = this.snapshot?.account;
    if (!from) throw new Error('No account is signed in');
    const problems: string[] = [];
    for (const file of files) {
      const refusal = attachRefusal(file, this.snapshot?.upload, this.snapshot?.connection.status === 'online');
      if (refusal) {
        problems.push(t(refusal.key, refusal.params));
        continue;
      }
      try {
        await this.work.sendFile({ conversation, from, file: { name: file.name, size: file.size, mediaType: mediaTypeOf(file), bytes: file } });
      } catch (error) {
        problems.push(t('file.notStored', { name: file.name, reason: error instanceof Error ? error.message : String(error) }));
      }
    }
    return problems;
  }

  retry(message: StoredMessage): Promise<void> {
    return this.work.retry(message);
  }

  async signOut(): Promise<void> {
    this.closeConversation();
    this.view = 'chats';
    await this.bridge.invoke('signOut', { forget: false }).catch((error: unknown) => this.alerts.report('error.bridge', error));
  }

  /** The core deleted the account and signed out: back to the sign-in screen, which says so. */
  accountDeleted(jid: string): void {
    this.closeConversation();
    this.view = 'chats';
    this.settingsOpen = false;
    this.deletedAccount = jid;
  }

  /** The "Send read markers" setting (XEP-0333 markers and XEP-0184 receipts to the other side). */
  get sendReadMarkers(): boolean {
    return sendsReadMarkers(this.snapshot);
  }

  /** Changes only the given preferences (shown at once; put back if the core cannot take them). */
  setPreferences(change: PreferencesChange): Promise<void> {
    return savePreferences(this, this.bridge, change, (error) => this.alerts.report('error.preferences', error));
  }
}
