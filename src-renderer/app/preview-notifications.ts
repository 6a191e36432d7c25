import type { GlanceBridge, NotificationIntent } from '../../src-shared/contract';
import { WebNotifications, type NotificationApi, type NotificationRecord } from './web-notifications';

declare global {
  interface Window {
    /** Test hook of the preview only: every notification shown or closed (see showPreviewNotifications). */
    __glanceNotifications?: NotificationRecord[];
  }
}

/**
 * In the browser preview (there is no Electron shell to show OS notifications) the core's
 * notification effects are shown with the web Notification API. Clicking one focuses the window
 * and calls `onClick` (which opens the conversation at the message).
 *
 * TEST HOOK: every effect, shown or closed, is also appended to `window.__glanceNotifications` as
 * `{ kind, conversation, title?, body?, count? }` (conversation: its ConversationKey), whether or not the browser may display it, so
 * end-to-end tests can observe notifications in headless Chromium. Only the preview sets it; the
 * Electron renderer never does (the shell shows notifications there).
 */
export function showPreviewNotifications(
  bridge: Pick<GlanceBridge, 'on'>,
  onClick: (intent: NotificationIntent) => void,
  iconFor?: (conversation: NotificationIntent['conversation']) => string | undefined,
): { requestPermission(): void; stop(): void } {
  const record: NotificationRecord[] = [];
  window.__glanceNotifications = record;
  const api = typeof Notification === 'undefined' ? undefined : (Notification as unknown as NotificationApi);
  const notifications = new WebNotifications({
    api,
    record,
    ...(iconFor ? { iconFor } : {}),
    onClick: (intent) => {
      window.focus();
      onClick(intent);
    },
  });
  const stop = bridge.on('notification', (effect) => notifications.apply(effect));
  return {
    requestPermission: () => notifications.requestPermission(),
    stop: () => {
      stop();
      notifications.closeAll();
    },
  };
}
