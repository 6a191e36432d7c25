import type { NotificationEffect, NotificationIntent } from '../../src-shared/contract';

/** One shown or closed notification, as the preview records it for end-to-end tests. */
export interface NotificationRecord {
  kind: 'show' | 'close';
  peer: string;
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
}

/**
 * The core's notification effects shown with the web Notification API: the preview's stand-in
 * for the shell's OS notifications (Electron shows its own; this is never used there). At most one
 * per conversation: a new one closes the peer's previous one.
 */
export class WebNotifications {
  private readonly showing = new Map<string, Shown>();
  private asked = false;

  constructor(private readonly options: WebNotificationOptions) {}

  apply(effect: NotificationEffect): void {
    if (effect.kind === 'close') {
      this.options.record?.push({ kind: 'close', peer: effect.peer });
      this.close(effect.peer);
      return;
    }
    const { intent } = effect;
    this.options.record?.push({ kind: 'show', peer: intent.peer, title: intent.title, body: intent.body, count: intent.count });
    this.close(intent.peer);
    const api = this.options.api;
    if (!api || api.permission !== 'granted') return;
    try {
      const notification = new api(intent.title, { body: intent.body, tag: intent.peer, silent: intent.silent });
      notification.onclick = () => {
        this.forget(intent.peer, notification);
        notification.close();
        this.options.onClick(intent);
      };
      notification.onclose = () => this.forget(intent.peer, notification);
      this.showing.set(intent.peer, notification);
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
    for (const peer of [...this.showing.keys()]) this.close(peer);
  }

  private close(peer: string): void {
    const notification = this.showing.get(peer);
    if (!notification) return;
    this.showing.delete(peer);
    notification.close();
  }

  private forget(peer: string, notification: Shown): void {
    if (this.showing.get(peer) === notification) this.showing.delete(peer);
  }
}
