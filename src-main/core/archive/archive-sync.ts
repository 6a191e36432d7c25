import { randomUUID } from 'node:crypto';
import type { Element } from '@xmpp/xml';
import type { Logger } from '../log';
import type { Connection } from '../session/connection';
import { buildMamQuery, parseFin, parseMamResult, type ArchivedMessage, type MamQuery } from './mam-codec';

/** Prosody's default cap on a page (`max_archive_query_results`); larger asks are cut to it. */
export const PAGE_SIZE = 50;
/** On a first sign-in, how much recent history to fetch instead of the whole archive. */
export const FIRST_SYNC_MESSAGES = 200;

/**
 * Walks our XEP-0313 archive page by page, handing each page's messages on as it completes. The
 * results arrive as separate messages before the query's IQ result, so they are collected by
 * query id as the connection routes them here.
 */
export class ArchiveSync {
  private readonly collecting = new Map<string, { archive?: string; page: ArchivedMessage[] }>();

  constructor(private readonly log: Logger) {}

  /** Returns true when the stanza was a result of one of our queries (consumed here). */
  accept(stanza: Element, ownBare: string): boolean {
    for (const [queryId, { archive, page }] of this.collecting) {
      const result = parseMamResult(stanza, ownBare, queryId, archive);
      if (result) {
        page.push(result);
        return true;
      }
    }
    return false;
  }

  /**
   * Pages forward from `after` to the newest message; without `after` (first sign-in) pages back
   * from the newest until FIRST_SYNC_MESSAGES are fetched, and hands them on oldest first.
   */
  async sync(connection: Connection, after: string | undefined, onPage: (messages: ArchivedMessage[]) => void, archive?: string): Promise<{ count: number }> {
    // FIX (issue 5): query only once our presence is out, or Prosody withholds offline messages
    // that the walk does not cover (Connection.whenAvailable).
    await connection.whenAvailable();
    let count = 0;
    if (after !== undefined) {
      let cursor = after;
      let follows = after;
      for (;;) {
        const { messages, page } = await this.query(connection, { queryId: randomUUID(), max: PAGE_SIZE, after: cursor, ...(archive ? { to: archive } : {}) });
        // Each result names the one before it in the walk: the router keeps their order (message-router.ts).
        for (const message of messages) {
          message.follows = follows;
          follows = message.stanzaId;
        }
        if (messages.length > 0) onPage(messages);
        count += messages.length;
        if (page.complete || !page.last || messages.length === 0) break;
        cursor = page.last;
      }
      return { count };
    }
    const pages: ArchivedMessage[][] = [];
    let before: string | true = true;
    while (count < FIRST_SYNC_MESSAGES) {
      const { messages, page } = await this.query(connection, { queryId: randomUUID(), max: PAGE_SIZE, before, ...(archive ? { to: archive } : {}) });
      pages.unshift(messages);
      count += messages.length;
      if (page.complete || !page.first || messages.length === 0) break;
      before = page.first;
    }
    let follows: string | undefined;
    for (const messages of pages) {
      for (const message of messages) {
        message.follows = follows;
        follows = message.stanzaId;
      }
      if (messages.length > 0) onPage(messages);
    }
    return { count };
  }

  private async query(connection: Connection, query: MamQuery): Promise<{ messages: ArchivedMessage[]; page: ReturnType<typeof parseFin> }> {
    const messages: ArchivedMessage[] = [];
    this.collecting.set(query.queryId, { ...(query.to ? { archive: query.to } : {}), page: messages });
    try {
      const result = await connection.request(buildMamQuery(query), 30_000);
      return { messages, page: parseFin(result) };
    } catch (error) {
      this.log.warn('archive query failed', error);
      throw error;
    } finally {
      this.collecting.delete(query.queryId);
    }
  }
}
