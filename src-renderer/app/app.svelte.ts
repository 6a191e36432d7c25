import type { CommandRequest, GlanceBridge, OwnPresence, Preferences, Result, Snapshot } from '../../src-shared/contract';
import { openHistory, type ConversationRow, type History, type StoredMessage } from '../history';
import { i18n, type MessageKey } from '../i18n';
import { createReadTracker, feedReadTracker } from '../reading/connect';
import type { ReadTracker } from '../reading/read-tracker';
import { MessageIngest } from './ingest';
import { retryMessage, sendMessage, UNREACHABLE } from './outbox';
import { savePreferences, sendsReadMarkers } from './preferences';
import { thrownReason } from './reasons';
import { UnreadReporter, unreadTotal } from './unread-report';

export type Screen = 'loading' | 'sign-in' | 'main';
export type View = 'chats' | 'contacts';

/** A problem shown in the app's alert area until dismissed; translated when rendered. */
export interface AppError {
  id: number;
  key: MessageKey;
  /** What was thrown, as text (technical; shown after the sentence). */
  reason: string;
  /** An error code from a command Result, translated when shown. */
  code?: string;
}

/**
 * The renderer's state and its glue to the bridge and history. Components read the fields (all
 * reactive) and call the methods; nothing else talks to the bridge or history for writes.
 */
export class GlanceApp {
  snapshot = $state.raw<Snapshot | undefined>();
  history = $state.raw<History | undefined>();
  /** From history.conversations(), newest activity first; replaced whole on every change. */
  conversations = $state.raw<ConversationRow[]>([]);
  openPeer = $state<string | undefined>();
  view = $state<View>('chats');
  errors = $state.raw<AppError[]>([]);
  settingsOpen = $state(false);
  /** Unsent composer text per conversation (not reactive: the composer owns the live copy). */
  readonly drafts = new Map<string, string>();
  /** The read rule (DESIGN.md): the open list feeds it the rows in view; it marks read and tells the core. */
  readonly reading: ReadTracker;
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
  private reloading = false;
  private reloadAgain = false;
  private nextErrorId = 1;
  private readonly ingest: MessageIngest;
  private readonly unread: UnreadReporter;

  constructor(readonly bridge: GlanceBridge) {
    this.ingest = new MessageIngest({
      ack: (seqs) => this.bridge.invoke('ackMessages', { seqs }),
      onError: (error) => this.report('error.store', error),
      onRecovered: () => (this.errors = this.errors.filter((e) => e.key !== 'error.store')),
    });
    this.reading = createReadTracker(bridge, () => this.history, (error) => this.report('error.markRead', error));
    this.unread = new UnreadReporter((total) => this.bridge.invoke('reportUnread', { total }));
  }

  /** Subscribes to the bridge and loads the first snapshot; returns the function that undoes it. */
  start(): () => void {
    const stops = [
      this.bridge.on('snapshot', (snapshot) => this.applySnapshot(snapshot)),
      this.bridge.on('messages', (messages) => this.ingest.push(messages)),
      this.bridge.on('statuses', (updates) => this.ingest.pushStatuses(updates)),
      this.bridge.on('readPoints', (points) => this.ingest.pushReadPoints(points)),
      feedReadTracker(this.reading, this.bridge),
    ];
    this.unread.update(unreadTotal(this.conversations));
    this.bridge.invoke('getSnapshot', undefined).then(
      // A snapshot event that arrived meanwhile is newer than this reply.
      (snapshot) => this.snapshot ?? this.applySnapshot(snapshot),
      (error: unknown) => this.report('error.bridge', error),
    );
    return () => {
      for (const stop of stops) stop();
      this.ingest.dispose();
      this.unread.dispose();
      this.closeHistory();
    };
  }

  /** Shows a problem; a newer one of the same kind replaces the older (retries do not pile up). */
  report(key: MessageKey, error: unknown, code?: string): void {
    console.error(`glance: ${key}`, code ?? error);
    const entry = { id: this.nextErrorId++, key, reason: code ? '' : thrownReason(error), code };
    this.errors = [...this.errors.filter((e) => e.key !== key), entry];
  }

  dismissError(id: number): void {
    this.errors = this.errors.filter((e) => e.id !== id);
  }

  private applySnapshot(snapshot: Snapshot): void {
    this.snapshot = snapshot;
    i18n.systemTag = snapshot.systemLocale || i18n.systemTag;
    const status = snapshot.connection.status;
    if (status === 'online') this.everOnline = true;
    else if (status === 'signed-out' || status === 'failed') this.everOnline = false;
    if (snapshot.account && snapshot.account !== this.historyAccount) void this.useAccount(snapshot.account);
  }

  /** One history database per account, opened once the account is known. */
  private async useAccount(account: string): Promise<void> {
    this.closeHistory();
    this.historyAccount = account;
    try {
      const history = await openHistory({ name: `glance-${account}` });
      if (this.historyAccount !== account) return history.close();
      this.history = history;
      this.reading.reset();
      this.stopHistory = history.onChange((change) => this.onHistoryChange(change.peers));
      this.ingest.setStore(history);
      await this.reloadConversations();
    } catch (error) {
      this.report('error.historyOpen', error);
    }
  }

  private closeHistory(): void {
    this.ingest.setStore(undefined);
    this.stopHistory?.();
    this.stopHistory = undefined;
    this.history?.close();
    this.history = undefined;
    this.historyAccount = undefined;
    this.setConversations([]);
    this.setOpenPeer(undefined);
    this.reading.reset();
  }

  private setConversations(rows: ConversationRow[]): void {
    this.conversations = rows;
    this.unread.update(unreadTotal(rows));
  }

  private setOpenPeer(peer: string | undefined): void {
    this.openPeer = peer;
    this.reading.setOpenPeer(peer);
  }

  private onHistoryChange(_peers: string[]): void {
    void this.reloadConversations();
  }

  /** Re-reads the conversation list; changes that arrive meanwhile cause one more read, not many. */
  private async reloadConversations(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return;
    }
    this.reloading = true;
    try {
      do {
        this.reloadAgain = false;
        const history = this.history;
        if (!history) break;
        const rows = await history.conversations();
        if (history === this.history) this.setConversations(rows);
      } while (this.reloadAgain);
    } catch (error) {
      this.report('error.historyRead', error);
    } finally {
      this.reloading = false;
    }
  }

  async openConversation(peer: string): Promise<void> {
    this.view = 'chats';
    if (this.openPeer !== peer) this.setOpenPeer(peer);
    try {
      await this.history?.ensureConversation(peer);
    } catch (error) {
      this.report('error.historyRead', error);
    }
  }

  closeConversation(): void {
    this.setOpenPeer(undefined);
  }

  /** Sends a message (stored as pending first); throws so the composer keeps its text. */
  async send(peer: string, body: string): Promise<void> {
    const history = this.history;
    const from = this.snapshot?.account;
    if (!history || !from) throw new Error('No history is open');
    await sendMessage(this.bridge, history, { peer, from, body });
  }

  async retry(message: StoredMessage): Promise<void> {
    if (!this.history) return;
    await retryMessage(this.bridge, this.history, message).catch((error: unknown) => console.warn('glance: retry failed', error));
  }

  signIn(request: { jid: string; password: string; server?: string; remember: boolean }): Promise<Result> {
    return this.bridge.invoke('signIn', request);
  }

  async signOut(): Promise<void> {
    this.closeConversation();
    this.view = 'chats';
    await this.bridge.invoke('signOut', { forget: false }).catch((error: unknown) => this.report('error.bridge', error));
  }

  /** The "Send read markers" setting (XEP-0333 markers and XEP-0184 receipts to peers). */
  get sendReadMarkers(): boolean {
    return sendsReadMarkers(this.snapshot);
  }

  /** Changes only the given preferences. */
  setPreferences(change: Partial<Preferences>): Promise<void> {
    return savePreferences(this, this.bridge, change, (error) => this.report('error.preferences', error));
  }

  setPresence(show: OwnPresence): void {
    this.bridge.invoke('setPresence', { show }).catch((error: unknown) => this.report('error.bridge', error));
  }

  /** Runs a command that answers with a Result; a thrown bridge error becomes { ok: false }. */
  async command<K extends 'addContact' | 'removeContact' | 'answerSubscription'>(name: K, request: CommandRequest<K>): Promise<Result> {
    try {
      return (await this.bridge.invoke(name, request)) as Result;
    } catch {
      return { ok: false, error: UNREACHABLE };
    }
  }

  openExternal(url: string): void {
    this.bridge.invoke('openExternal', { url }).then(
      (result) => {
        if (!result.ok) this.report('error.openLink', undefined, result.error);
      },
      (error: unknown) => this.report('error.openLink', error),
    );
  }
}
