import type { NotificationEffect, NotificationIntent } from '../../src-shared/contract';
import { conversationKey, type ConversationKey } from '../../src-shared/conversation';

/** One shown or closed notification, as the preview records it for end-to-end tests. */
export interface NotificationRecord {
  kind: 'show' | 'close';
  conversation: ConversationKey;
  title?: string;
  body?: string;
  count?: number;
}

type Shown = Pick<Notification, 'close' | 'onclick' | 'onclose'>;

/** The part of the web Notification API used here (a fake in unit tests). */
export interface NotificationApi {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options: NotificationOptions): Shown;
}

export interface WebNotificationOptions {
  /** The web Notification API, when the browser has one. */
  api: NotificationApi | undefined;
  /** Clicked: the page focuses the window and opens the conversation at the message. */
  onClick(intent: NotificationIntent): void;
  /** Every effect is appended here, whether or not the browser may show it (see the test hook in App start). */
  record?: NotificationRecord[];
  /** The picture of the conversation's contact as a `data:` URL, when the page has it (history's avatars). */
  iconFor?: (conversation: NotificationIntent['conversation']) => string | undefined;
}

/**
 * The core's notification effects shown with the web Notification API: the preview's stand-in
 * for the shell's OS notifications (Electron shows its own; this is never used there). At most one
 * per conversation: a new one closes the conversation's previous one.
 */
export class WebNotifications {
  private readonly showing = new Map<ConversationKey, Shown>();
  private asked = false;

  constructor(private readonly options: WebNotificationOptions) {}

  apply(effect: NotificationEffect): void {
    if (effect.kind === 'close') {
      const conversation = conversationKey(effect.conversation);
      this.options.record?.push({ kind: 'close', conversation });
      this.close(conversation);
      return;
    }
    const { intent } = effect;
    const conversation = conversationKey(intent.conversation);
    this.options.record?.push({ kind: 'show', conversation, title: intent.title, body: intent.body, count: intent.count });
    this.close(conversation);
    const api = this.options.api;
    if (!api || api.permission !== 'granted') return;
    try {
      const icon = this.options.iconFor?.(intent.conversation);
      const notification = new api(intent.title, { body: intent.body, tag: conversation, silent: intent.silent, ...(icon ? { icon } : {}) });
      notification.onclick = () => {
        this.forget(conversation, notification);
        notification.close();
        this.options.onClick(intent);
      };
      notification.onclose = () => this.forget(conversation, notification);
      this.showing.set(conversation, notification);
    } catch (error) {
      console.warn('glance: notification not shown', error);
    }
  }

  /** Asks once whether the page may show notifications; never waits for the answer. */
  requestPermission(): void {
    const api = this.options.api;
    if (this.asked || !api || api.permission !== 'default') return;
    this.asked = true;
    api.requestPermission().catch((error: unknown) => console.warn('glance: notification permission', error));
  }

  closeAll(): void {
    for (const conversation of [...this.showing.keys()]) this.close(conversation);
  }

  private close(conversation: ConversationKey): void {
    const notification = this.showing.get(conversation);
    if (!notification) return;
    this.showing.delete(conversation);
    notification.close();
  }

  private forget(conversation: ConversationKey, notification: Shown): void {
    if (this.showing.get(conversation) === notification) this.showing.delete(conversation);
  }
}
