import type { Contact, FetchedFile, FetchError, GlanceBridge, Result } from '../../src-shared/contract';
import type { StoredMessage } from '../history';

/** Where the page finds a file the core fetched: the app's own origin (glance://app or the preview's server). */
export function fetchedFileUrl(file: FetchedFile, download = false): string {
  return `/files/${file.key}${download ? '?download' : ''}`;
}

/**
 * Whether a picture in this message may be fetched without the person asking: our own, or in a
 * chat from someone in the roster, or in a group chat when the person allowed it
 * (`Preferences.roomPictures`). Anything else waits for "Show picture" (fetching tells the sender's
 * server we looked). Guarded by test/unit/file-transfer.test.ts.
 */
export function fetchesOnItsOwn(
  message: Pick<StoredMessage, 'direction' | 'sender' | 'conversation'>,
  contacts: readonly Contact[],
  roomPictures = false,
): boolean {
  if (message.direction === 'out') return true;
  if (message.conversation.kind === 'room') return roomPictures;
  const jid = message.sender.jid;
  return jid !== undefined && contacts.some((contact) => contact.jid === jid);
}

/** Asks the core to fetch a shared file (the page never fetches a remote URL itself). */
export function fetchFile(bridge: Pick<GlanceBridge, 'invoke'>, url: string): Promise<Result<FetchedFile, FetchError>> {
  return bridge.invoke('fetchFile', { url });
}
