import { Notification } from 'electron';
import type { NotificationEffect, NotificationIntent } from '../core/notifications/intent';

/** Shows the core's notification intents as OS notifications: at most one per conversation. */
export interface NotificationPresenter {
  /** Replaces the conversation's notification (closes the previous one, then shows this). */
  show(intent: NotificationIntent): void;
  /** The conversation was read (here, MDS, carbons): its notification goes away. */
  closeFor(peer: string): void;
  closeAll(): void;
}

export interface PresenterOptions {
  /** Clicked: show, restore and focus the window, and open the conversation at `intent.at`. */
  onClick(intent: NotificationIntent): void;
  /** Icon where the OS takes it from the notification (Linux). */
  iconPath?: string;
}

export function createNotificationPresenter(options: PresenterOptions): NotificationPresenter {
  // Held here as well so that a shown notification (and its click handler) is never garbage-collected.
  const showing = new Map<string, Notification>();
  const forget = (peer: string, notification: Notification) => {
    if (showing.get(peer) === notification) showing.delete(peer);
  };
  const closeFor = (peer: string) => {
    const notification = showing.get(peer);
    if (!notification) return;
    showing.delete(peer);
    notification.close();
  };
  return {
    show(intent) {
      if (!Notification.isSupported()) return;
      closeFor(intent.peer);
      const notification = new Notification({
        title: intent.title,
        body: intent.body,
        silent: intent.silent,
        ...(options.iconPath ? { icon: options.iconPath } : {}),
      });
      showing.set(intent.peer, notification);
      notification.on('click', () => {
        forget(intent.peer, notification);
        options.onClick(intent);
      });
      notification.on('close', () => forget(intent.peer, notification));
      notification.show();
    },
    closeFor,
    closeAll() {
      for (const peer of [...showing.keys()]) closeFor(peer);
    },
  };
}

/** Where notification effects come from: the core, once it emits them (see the report to the lead). */
export interface NotificationSource {
  on(event: 'notification', listener: (effect: NotificationEffect) => void): unknown;
}

/** Presents every effect; `onShown` runs for each new notification (the frame flashes, for one). */
export function presentNotifications(source: NotificationSource, presenter: NotificationPresenter, onShown: (intent: NotificationIntent) => void): void {
  source.on('notification', (effect) => {
    if (effect.kind === 'close') {
      presenter.closeFor(effect.peer);
      return;
    }
    presenter.show(effect.intent);
    if (!effect.intent.silent) onShown(effect.intent);
  });
}
