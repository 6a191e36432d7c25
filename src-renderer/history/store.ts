import type { WireMessage } from '../../src-shared/contract';
import { updateConversations } from './conversations';
import { bareJid } from '../../src-shared/jid';
import { clientKey, messageKey } from './keys';
import { applyReadTargets, planReadPoints } from './read-point';
import { newerLastStanza } from './last-stanza';
import { LAST_STANZA, ORDER_COUNTER, type HistoryDb, type MessageRow } from './schema';
import { applyStatus } from './status';

/** Rows per write transaction, so a big archive sync never holds one giant transaction. */
export const CHUNK_SIZE = 250;
/** Rows per bulkPut, and index lookups in flight, inside one chunk's transaction. */
const PUT_SLICE = 50;
const LOOKUP_SLICE = 50;

function nonEmpty(value: string | undefined): string | undefined {
  return value ? value : undefined;
}

/** A candidate row for a message, not yet deduplicated (order 0 until it is inserted). */
export function candidateRow(m: {
  peer: string; direction: 'in' | 'out'; from: string; body: string; timestamp: number;
  id?: string; originId?: string; stanzaId?: string; via?: WireMessage['via']; markable?: boolean;
}): MessageRow {
  const incoming = m.direction === 'in';
  const row: MessageRow = {
    key: '', peer: m.peer, direction: m.direction, from: m.from, sender: bareJid(m.from),
    body: m.body, timestamp: Number.isFinite(m.timestamp) ? m.timestamp : Date.now(), order: 0,
    read: !incoming,
  };
  const id = nonEmpty(m.id);
  const originId = nonEmpty(m.originId);
  const stanzaId = nonEmpty(m.stanzaId);
  if (id) row.id = id;
  if (originId) row.originId = originId;
  if (stanzaId) row.stanzaId = stanzaId;
  const clientId = originId ?? id;
  if (clientId) row.clientId = clientId;
  if (incoming) {
    row.unreadPeer = m.peer;
    if (m.via) row.via = m.via;
    if (m.markable) row.markable = true;
  }
  row.key = messageKey(row);
  return row;
}

/** Outgoing messages that came over the wire (carbons, archive) are on the server already. */
function wireRow(m: WireMessage): MessageRow {
  const row = candidateRow(m);
  if (row.direction === 'out') applyStatus(row, 'sent');
  return row;
}

/** Rows known in one transaction, by the three ways a copy of the same message is recognised. */
class Known {
  private byStanza = new Map<string, MessageRow>();
  private byClient = new Map<string, MessageRow[]>();
  private byKey = new Map<string, MessageRow>();

  add(row: MessageRow): void {
    this.byKey.set(row.key, row);
    if (row.stanzaId) this.byStanza.set(row.stanzaId, row);
    if (row.clientId) {
      const k = clientKey(row.sender, row.clientId);
      const list = this.byClient.get(k);
      if (list) list.push(row);
      else this.byClient.set(k, [row]);
    }
  }

  /**
   * Same stanza-id; else same sender, origin-id/id and conversation, unless both have different
   * stanza-ids and the shared value is only a message@id (clients may reuse those). An origin-id
   * is unique (XEP-0359): two archive copies with one origin-id are one message sent twice, as
   * the outbox does when the server's ack was lost.
   */
  find(c: MessageRow): MessageRow | undefined {
    if (c.stanzaId) {
      const row = this.byStanza.get(c.stanzaId);
      if (row) return row;
    }
    if (c.clientId) {
      for (const row of this.byClient.get(clientKey(c.sender, c.clientId)) ?? []) {
        if (row.peer !== c.peer) continue;
        if (!row.stanzaId || !c.stanzaId || (c.originId !== undefined && row.originId === c.originId)) return row;
      }
    }
    return this.byKey.get(c.key);
  }
}

/** Fills what the existing copy lacks; returns whether the row changed. */
function merge(row: MessageRow, copy: MessageRow): boolean {
  let changed = false;
  for (const field of ['stanzaId', 'id', 'originId', 'clientId'] as const) {
    if (row[field] === undefined && copy[field] !== undefined) {
      row[field] = copy[field];
      changed = true;
    }
  }
  // The server has our pending message (it came back with a stanza-id or as a carbon): sent.
  if (row.direction === 'out' && row.status === 'pending' && copy.status === 'sent') {
    applyStatus(row, 'sent', copy.timestamp);
    changed = true;
  }
  // `via` stays as the first copy had it: a message first learnt from the archive never gets a marker.
  if (row.direction === 'in') {
    if (copy.markable && !row.markable) {
      row.markable = true;
      changed = true;
    }
  }
  return changed;
}

export interface RowsResult {
  /** For each candidate, the stored row: the new one, or the existing copy it merged into. */
  rows: MessageRow[];
  added: number;
  peers: Set<string>;
}

/**
 * Loads the stored rows that candidates may be copies of: by primary key first (one bulkGet
 * covers every repeat of an archive page), then one index lookup for each of the rest:
 * [sender+clientId] when it has an origin-id/id, else its stanza-id. That is enough: a row holding
 * stanza-id X is keyed "s:X", or was keyed by its client id when it arrived without one (our own
 * pending message, a server that stamps only the archive), and then the copy carries that id too.
 * One lookup per candidate, not two, halves the store's cost on an archive sync (issue 6, #1, #2).
 * One equality lookup per value (faster than anyOf on compound keys), LOOKUP_SLICE in flight at once.
 */
async function loadKnown(db: HistoryDb, candidates: MessageRow[]): Promise<Known> {
  const known = new Known();
  const byKey = await db.messages.bulkGet([...new Set(candidates.map((c) => c.key))]);
  const found = new Set<string>();
  for (const row of byKey) {
    if (row) {
      found.add(row.key);
      known.add(row);
    }
  }
  const stanzaIds = new Set<string>();
  const clientPairs = new Map<string, [string, string]>();
  for (const c of candidates) {
    if (found.has(c.key)) continue;
    if (c.clientId) clientPairs.set(clientKey(c.sender, c.clientId), [c.sender, c.clientId]);
    else if (c.stanzaId) stanzaIds.add(c.stanzaId);
  }
  const lookups: (() => Promise<MessageRow[]>)[] = [
    ...[...stanzaIds].map((stanzaId) => () => db.messages.where('stanzaId').equals(stanzaId).toArray()),
    ...[...clientPairs.values()].map((pair) => () => db.messages.where('[sender+clientId]').equals(pair).toArray()),
  ];
  // Issuing 250 of them in one go is itself a long task: a slice at a time, each slice in flight together.
  for (let i = 0; i < lookups.length; i += LOOKUP_SLICE) {
    const rows = await Promise.all(lookups.slice(i, i + LOOKUP_SLICE).map((lookup) => lookup()));
    for (const row of rows.flat()) {
      if (!found.has(row.key)) {
        found.add(row.key);
        known.add(row);
      }
    }
  }
  return known;
}

/**
 * Deduplicates and writes candidate rows in one transaction (call with at most CHUNK_SIZE).
 * `fromWire`: they came from the core (our own outgoing ones then move the read point).
 */
export function storeRows(db: HistoryDb, candidates: MessageRow[], fromWire = true): Promise<RowsResult> {
  return db.transaction('rw', [db.messages, db.conversations, db.meta, db.pendingReads], async () => {
    const known = await loadKnown(db, candidates);
    const [counter, lastStanza] = await db.meta.bulkGet([ORDER_COUNTER, LAST_STANZA]);
    let order = counter?.value ?? 0;
    const writes = new Map<string, MessageRow>();
    const fresh: MessageRow[] = [];
    const rows: MessageRow[] = [];
    const peers = new Set<string>();
    for (const c of candidates) {
      const existing = known.find(c);
      if (existing) {
        if (merge(existing, c)) {
          writes.set(existing.key, existing);
          peers.add(existing.peer);
        }
        rows.push(existing);
        continue;
      }
      c.order = ++order;
      if (!fromWire && c.status === 'pending' && lastStanza?.stanzaId) c.writtenAfter = lastStanza.stanzaId;
      known.add(c);
      writes.set(c.key, c);
      fresh.push(c);
      rows.push(c);
      peers.add(c.peer);
    }
    const targets = await planReadPoints(db, fresh, rows, fromWire);
    // put() clones each row on the main thread: 250 at once is one long task (issue 6, #1a), so
    // they go in slices, each awaited, within the same transaction.
    const rowsToWrite = [...writes.values()];
    for (let i = 0; i < rowsToWrite.length; i += PUT_SLICE) await db.messages.bulkPut(rowsToWrite.slice(i, i + PUT_SLICE));
    if (fresh.length) {
      await updateConversations(db, fresh);
      await db.meta.put({ name: ORDER_COUNTER, value: order });
    }
    const newest = newerLastStanza(writes.values(), lastStanza);
    if (newest) await db.meta.put(newest);
    for (const peer of await applyReadTargets(db, targets)) peers.add(peer);
    return { rows, added: fresh.length, peers };
  });
}

/** Stores wire messages in chunks of CHUNK_SIZE, one transaction each; `onChunk` runs after each commit. */
export async function storeWire(
  db: HistoryDb,
  messages: WireMessage[],
  onChunk: (peers: Set<string>) => void,
): Promise<{ added: number; peers: string[] }> {
  let added = 0;
  const peers = new Set<string>();
  for (let start = 0; start < messages.length; start += CHUNK_SIZE) {
    const chunk = messages.slice(start, start + CHUNK_SIZE).map(wireRow);
    const result = await storeRows(db, chunk);
    added += result.added;
    for (const peer of result.peers) peers.add(peer);
    if (result.peers.size) onChunk(result.peers);
    // Let input, rendering and the list's re-read run between chunks of a big archive page.
    if (start + CHUNK_SIZE < messages.length) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { added, peers: [...peers] };
}
