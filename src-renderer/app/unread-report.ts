import type { MuteSetting } from '../../src-shared/contract';
import type { ConversationRef } from '../../src-shared/conversation';

/** How long (ms) the total must hold still before it is reported (an archive sync changes it a lot). */
export const UNREAD_REPORT_DELAY_MS = 250;

/**
 * Reports the unread total to the main process (badge, tray): debounced, only when it changed
 * since the last report, and once after start whatever it is. A failed report is retried with
 * the next change.
 */
export class UnreadReporter {
  private latest = 0;
  private reported: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly send: (total: number) => Promise<unknown>,
    private readonly delayMs = UNREAD_REPORT_DELAY_MS,
  ) {}

  update(total: number): void {
    this.latest = total;
    if (this.timer !== undefined) return;
    if (total === this.reported) return;
    this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    this.timer = undefined;
    const total = this.latest;
    if (total === this.reported) return;
    this.reported = total;
    this.send(total).catch((error: unknown) => {
      console.warn('glance: reportUnread failed', error);
      if (this.reported === total) this.reported = undefined;
    });
  }
}

/**
 * The badge's total, from the counters kept as fields on the conversation rows (never counted):
 * every unread message of a conversation set to all messages, only the unread mentions of one set
 * to mentions only, nothing of a muted one (test/unit/unread-report.test.ts).
 */
export function unreadTotal(
  conversations: readonly { conversation?: ConversationRef; unread: number; mentions?: number }[],
  muteOf: (conversation: ConversationRef) => MuteSetting = () => 'none',
): number {
  return conversations.reduce((sum, c) => sum + countedUnread(c, c.conversation === undefined ? 'none' : muteOf(c.conversation)), 0);
}

/** What one conversation adds to the badge under its notification setting. */
export function countedUnread(row: { unread: number; mentions?: number }, mute: MuteSetting): number {
  if (mute === 'all') return 0;
  return mute === 'mentions' ? Math.min(row.mentions ?? 0, row.unread) : row.unread;
}
