import type { Contact, FetchedFile, FetchError, GlanceBridge, Result } from '../../src-shared/contract';
import type { StoredMessage } from '../history';

/** Where the page finds a file the core fetched: the app's own origin (glance://app or the preview's server). */
export function fetchedFileUrl(file: FetchedFile, download = false): string {
  return `/files/${file.key}${download ? '?download' : ''}`;
}

/**
 * Whether a picture in this message may be fetched without the person asking: our own, or from
 * someone in the roster. A stranger's waits for "Show picture" (fetching tells the sender's server
 * we looked). Guarded by test/unit/attach.test.ts.
 */
export function fetchesOnItsOwn(message: Pick<StoredMessage, 'direction' | 'sender'>, contacts: readonly Contact[]): boolean {
  if (message.direction === 'out') return true;
  const jid = message.sender.jid;
  return jid !== undefined && contacts.some((contact) => contact.jid === jid);
}

/** Asks the core to fetch a shared file (the page never fetches a remote URL itself). */
export function fetchFile(bridge: Pick<GlanceBridge, 'invoke'>, url: string): Promise<Result<FetchedFile, FetchError>> {
  return bridge.invoke('fetchFile', { url });
}
