import { Notification } from 'electron';
import type { NotificationEffect, NotificationIntent } from '../core/notifications/intent';
import { conversationKey, type ConversationKey, type ConversationRef } from '../../src-shared/conversation';

/** Shows the core's notification intents as OS notifications: at most one per conversation. */
export interface NotificationPresenter {
  /** Replaces the conversation's notification (closes the previous one, then shows this). */
  show(intent: NotificationIntent): void;
  /** The conversation was read (here, MDS, carbons): its notification goes away. */
  closeFor(conversation: ConversationRef): void;
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
  const showing = new Map<ConversationKey, Notification>();
  const forget = (key: ConversationKey, notification: Notification) => {
    if (showing.get(key) === notification) showing.delete(key);
  };
  const close = (key: ConversationKey) => {
    const notification = showing.get(key);
    if (!notification) return;
    showing.delete(key);
    notification.close();
  };
  return {
    show(intent) {
      if (!Notification.isSupported()) return;
      const key = conversationKey(intent.conversation);
      close(key);
      const notification = new Notification({
        title: intent.title,
        body: intent.body,
        silent: intent.silent,
        ...(options.iconPath ? { icon: options.iconPath } : {}),
      });
      showing.set(key, notification);
      notification.on('click', () => {
        forget(key, notification);
        options.onClick(intent);
      });
      notification.on('close', () => forget(key, notification));
      notification.show();
    },
    closeFor: (conversation) => close(conversationKey(conversation)),
    closeAll() {
      for (const key of [...showing.keys()]) close(key);
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
      presenter.closeFor(effect.conversation);
      return;
    }
    presenter.show(effect.intent);
    if (!effect.intent.silent) onShown(effect.intent);
  });
}
