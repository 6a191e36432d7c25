import { randomUUID } from 'node:crypto';
import type { Element } from '@xmpp/xml';
import type { ArchiveSlice } from '../../../src-shared/contract';
import type { Logger } from '../log';
import type { Connection } from '../session/connection';
import { idSlices, openSlices, planSlices } from './archive-slices';
import { buildDiscoInfoRequest, discoFeatures } from '../protocol/caps-codec';
import { buildMamQuery, parseFin, parseMamResult, type ArchivedMessage, type MamQuery } from './mam-codec';

/**
 * The page size asked for. Servers cut a larger ask to their own cap (XEP-0059 §2.1; Prosody's
 * `max_archive_query_results`, 50 by default) and say where the page ended, so asking for more
 * costs nothing and takes bigger pages where a server allows them: fewer queries, each with its
 * own lookups on the server (bench #2). Not more: every slice has up to two pages on the way
 * (walkSlices), and all of them stay unacknowledged in the server's XEP-0198 queue until we ack,
 * which Prosody keeps resumable only up to 500 stanzas (`smacks_max_queue_size`): SLICE_COUNT
 * (archive-slices.ts) × 2 × 100 stays below. test/integration/archive-sync.test.ts walks its
 * archive in pages cut to 50.
 */
export const PAGE_SIZE = 100;
/** On a first sign-in, how much recent history to fetch instead of the whole archive. */
export const FIRST_SYNC_MESSAGES = 200;
/** XEP-0313: the archive takes `before-id`, `after-id` and `ids` in its form. */
const NS_MAM_EXTENDED = 'urn:xmpp:mam:2#extended';

export interface SyncRequest {
  /** Catch up after this stanza-id; absent: a first sign-in (recent history only). */
  after?: string;
  /** A room's archive; our own when absent. */
  archive?: string;
  /** Resume these slices of an interrupted catch-up after `after` instead of planning anew. */
  slices?: readonly ArchiveSlice[];
}

export interface SyncListener {
  /** Messages to hand on, in the archive's order within their slice, each stanza-id once per sync. */
  page(messages: ArchivedMessage[]): void;
  /** Where the slices stand, after the messages they cover were handed on. */
  progress?(slices: ArchiveSlice[]): void;
}

/**
 * Walks an XEP-0313 archive, handing each page's messages on as it completes. The results arrive
 * as separate messages before the query's IQ result, so they are collected by query id as the
 * connection routes them here. A catch-up fetches its first page, then splits the rest into time
 * slices (archive-slices.ts) walked at the same time, so the server works on one page while we
 * read another (bench #2); each slice reports how far it got, so an interrupted catch-up resumes
 * every slice where it stopped (test/integration/archive-sync.test.ts).
 */
export class ArchiveSync {
  private readonly collecting = new Map<string, { archive?: string; page: ArchivedMessage[] }>();
  /** Per archive JID: whether it supports `before-id` (asked once per run of the core). */
  private readonly idRange = new Map<string, Promise<boolean>>();

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

  /** Catches up after `request.after` (in slices), or fetches recent history on a first sign-in. */
  async sync(connection: Connection, request: SyncRequest, listener: SyncListener): Promise<{ count: number }> {
    // FIX (issue 5): query only once our presence is out, or Prosody withholds offline messages
    // that the walk does not cover (Connection.whenAvailable).
    await connection.whenAvailable();
    if (request.after === undefined) return this.recent(connection, request.archive, listener);
    const handed = new HandedOn(listener);
    const slices = request.slices ? openSlices(request.slices) : await this.plan(connection, request.after, request.archive, handed);
    if (slices.length > 0) {
      listener.progress?.(slices);
      await this.walkSlices(connection, slices, request.archive, handed, () => listener.progress?.(slices));
    }
    return { count: handed.count };
  }

  /** The first page after `after`; when there is more, the slices for the rest. */
  private async plan(connection: Connection, after: string, archive: string | undefined, handed: HandedOn): Promise<ArchiveSlice[]> {
    const to = archive ? { to: archive } : {};
    const { messages, page } = await this.query(connection, { queryId: randomUUID(), max: PAGE_SIZE, after, ...to });
    handed.page(messages, after);
    if (page.complete || !page.last || messages.length === 0) return [];
    // Only its time matters: the last slice brings it, and whatever comes after it.
    const [newest, byId] = await Promise.all([
      this.query(connection, { queryId: randomUUID(), max: 1, before: true, ...to }),
      this.supportsIdRange(connection, archive ?? connection.bare),
    ]);
    const byTime = planSlices(page.last, messages.at(-1)!.timestamp, newest.messages[0]?.timestamp);
    if (!byId || byTime.length < 2) return byTime;
    // The first message at each time border, handed on here; the slices run between them by id.
    const firsts = await Promise.all(byTime.slice(1).map((slice) => this.query(connection, { queryId: randomUUID(), max: 1, start: slice.start!, ...to })));
    for (const first of firsts) handed.page(first.messages, undefined);
    return idSlices(
      page.last,
      firsts.map((first) => first.messages[0]?.stanzaId),
    );
  }

  private supportsIdRange(connection: Connection, jid: string): Promise<boolean> {
    let known = this.idRange.get(jid);
    if (!known) {
      known = connection.request(buildDiscoInfoRequest(jid), 15_000).then(
        (result) => discoFeatures(result).has(NS_MAM_EXTENDED),
        () => false,
      );
      this.idRange.set(jid, known);
    }
    return known;
  }

  /**
   * Walks every slice at once; after a failure the others stop at their next page, then it is thrown.
   * Each slice asks for its next page as soon as a page's <fin/> names where it ended, before that
   * page is handed on: the server prepares one page while the core routes the one before (bench #2).
   */
  private async walkSlices(
    connection: Connection,
    slices: ArchiveSlice[],
    archive: string | undefined,
    handed: HandedOn,
    progressed: () => void,
  ): Promise<void> {
    let failure: { error: unknown } | undefined;
    const pageAfter = (slice: ArchiveSlice, after: string | undefined) => {
      const query: MamQuery = { queryId: randomUUID(), max: PAGE_SIZE };
      if (after !== undefined) query.after = after;
      if (slice.start !== undefined) query.start = slice.start;
      if (slice.end !== undefined) query.end = slice.end;
      if (slice.before !== undefined) query.beforeId = slice.before;
      if (archive) query.to = archive;
      return this.query(connection, query);
    };
    const walk = async (slice: ArchiveSlice) => {
      let follows = slice.after;
      let next = slice.done ? undefined : pageAfter(slice, slice.after);
      try {
        while (next && !failure) {
          const { messages, page } = await next;
          const done = page.complete || !page.last || messages.length === 0;
          next = done || failure ? undefined : pageAfter(slice, page.last);
          follows = handed.page(messages, follows);
          if (page.last) slice.after = page.last;
          if (done) slice.done = true;
          progressed();
        }
      } finally {
        // Another slice failed while this one's next page was on its way: nobody waits for it.
        next?.catch(() => undefined);
      }
    };
    await Promise.all(slices.map((slice) => walk(slice).catch((error: unknown) => void (failure ??= { error }))));
    if (failure) throw failure.error;
  }

  /** A first sign-in: pages back from the newest until FIRST_SYNC_MESSAGES, handed on oldest first. */
  private async recent(connection: Connection, archive: string | undefined, listener: SyncListener): Promise<{ count: number }> {
    const pages: ArchivedMessage[][] = [];
    let count = 0;
    let before: string | true = true;
    while (count < FIRST_SYNC_MESSAGES) {
      const max = Math.min(PAGE_SIZE, FIRST_SYNC_MESSAGES - count);
      const { messages, page } = await this.query(connection, { queryId: randomUUID(), max, before, ...(archive ? { to: archive } : {}) });
      pages.unshift(messages);
      count += messages.length;
      if (page.complete || !page.first || messages.length === 0) break;
      before = page.first;
    }
    const handed = new HandedOn(listener);
    let follows: string | undefined;
    for (const messages of pages) follows = handed.page(messages, follows);
    return { count: handed.count };
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

/** Hands pages on, each stanza-id once per sync: neighbouring slices both fetch their border instant. */
class HandedOn {
  private readonly seen = new Set<string>();
  count = 0;

  constructor(private readonly listener: SyncListener) {}

  /**
   * Each result names the one before it in its walk (`follows`: the router keeps their order,
   * arrival-order.ts); returns the stanza-id the next page of that walk follows.
   */
  page(messages: ArchivedMessage[], follows: string | undefined): string | undefined {
    const fresh: ArchivedMessage[] = [];
    for (const message of messages) {
      message.follows = follows;
      follows = message.stanzaId;
      if (this.seen.has(message.stanzaId)) continue;
      this.seen.add(message.stanzaId);
      fresh.push(message);
    }
    if (fresh.length > 0) {
      this.count += fresh.length;
      this.listener.page(fresh);
    }
    return follows;
  }
}
