import type { BrowserWindow } from 'electron';
import type { MessageRef } from '../core/notifications/intent';
import { EVENT_CHANNEL } from './channels';

/**
 * What the shell asks the page to open: a conversation (from a notification click, at a message;
 * or from an `xmpp:` link, maybe with a draft the person still has to send), or the add-contact
 * form for an `xmpp:…?roster` / `?subscribe` link. Meant for the contract as event `openRequest`.
 */
export type OpenRequest =
  | { kind: 'chat'; peer: string; at?: MessageRef; draft?: string }
  | { kind: 'add-contact'; peer: string; name?: string };

export const OPEN_REQUEST_EVENT = 'openRequest';

export interface OpenRequestChannel {
  /** Call for each (re)created main window. */
  attachWindow(window: BrowserWindow): void;
  /** Sends now if the page is loaded, else as soon as it is (only the latest request waits). */
  deliver(request: OpenRequest): void;
}

export function createOpenRequestChannel(): OpenRequestChannel {
  let window: BrowserWindow | undefined;
  let waiting: OpenRequest | undefined;
  const flush = () => {
    if (!waiting || !window || window.isDestroyed() || window.webContents.isLoading()) return;
    window.webContents.send(EVENT_CHANNEL, OPEN_REQUEST_EVENT, waiting);
    waiting = undefined;
  };
  return {
    attachWindow(next) {
      window = next;
      next.webContents.on('did-finish-load', flush);
    },
    deliver(request) {
      waiting = request;
      flush();
    },
  };
}
