import type { BrowserWindow } from 'electron';
import { EVENT_CHANNEL } from './channels';

export type { OpenRequest } from '../../src-shared/contract';
import type { OpenRequest } from '../../src-shared/contract';

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
