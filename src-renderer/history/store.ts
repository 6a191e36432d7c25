import { conversationKey, type ConversationKey, type ConversationRef, type Sender } from '../../src-shared/conversation';
import type { MentionRequest, WireMessage } from '../../src-shared/contract';
import { bareJid } from '../../src-shared/jid';
import { applyKeptActions } from './actions';
import { updateConversations } from './conversations';
import { archiveOf, archiveOfKey, clientKey, messageKey, senderKey, stanzaKey } from './keys';
import { newerLastStanzas } from './last-stanza';
import { lastStanzaName, ORDER_COUNTER } from './meta-names';
import { applyReadTargets, planReadPoints } from './read-point';
import type { HistoryDb, MessageRow, MetaRow } from './schema';
import { indexNewRows } from './search/index-rows';
import { applyStatus } from './status';

/** Rows per write transaction, so a big archive sync never holds one giant transaction. */
export const CHUNK_SIZE = 250;
/** Rows per bulkPut, and index lookups in flight, inside one chunk's transaction. */
const PUT_SLICE = 50;
const LOOKUP_SLICE = 50;

function nonEmpty(value: string | undefined): string | undefined {
  return value ? value : undefined;
}

/**
 * A candidate row for a message, not yet deduplicated (order 0 until it is inserted). A stanza-id
 * without `stanzaIdBy` was assigned by the conversation's archive (keys.ts archiveOf); `account` is
 * our own bare JID.
 */
export function candidateRow(
  m: {
    conversation: ConversationRef;
    direction: 'in' | 'out';
    from: string;
    sender?: Sender;
    body: string;
    timestamp: number;
    id?: string;
    originId?: string;
    stanzaId?: string;
    stanzaIdBy?: string;
    via?: WireMessage['via'];
    markable?: boolean;
    reply?: WireMessage['reply'];
    file?: WireMessage['file'];
    mentionsMe?: boolean;
    mentions?: MentionRequest[];
    notice?: WireMessage['notice'];
  },
  account: string,
): MessageRow {
  const incoming = m.direction === 'in';
  const conversation = conversationKey(m.conversation);
  const sender = senderOf(m.sender, m.from);
  const row: MessageRow = {
    key: '',
    conversation,
    direction: m.direction,
    from: m.from,
    sender,
    senderKey: senderKey(sender, m.from, m.conversation),
    body: m.body,
    timestamp: Number.isFinite(m.timestamp) ? m.timestamp : Date.now(),
    order: 0,
    read: !incoming,
  };
  const id = nonEmpty(m.id);
  const originId = nonEmpty(m.originId);
  const stanzaId = nonEmpty(m.stanzaId);
  if (id) row.id = id;
  if (originId) row.originId = originId;
  if (stanzaId) {
    row.stanzaId = stanzaId;
    row.stanzaIdBy = m.stanzaIdBy ? bareJid(m.stanzaIdBy) : archiveOf(m.conversation, account);
    row.stanzaKey = stanzaKey(row.stanzaIdBy, stanzaId);
  }
  if (m.reply) row.reply = { ...m.reply };
  const clientId = originId ?? id;
  if (clientId) row.clientId = clientId;
  if (m.file) row.file = { ...m.file };
  if (m.mentions?.length) row.mentions = m.mentions.map((mention) => ({ ...mention }));
  if (m.notice) {
    row.notice = { ...m.notice };
    row.read = true;
  } else if (incoming) {
    if (m.mentionsMe) row.mentionsMe = true;
    row.unreadConversation = conversation;
    if (m.via) row.via = m.via;
    if (m.markable) row.markable = true;
  }
  row.key = messageKey(row, account);
  return row;
}

/** The Sender fields a row keeps; without any, the bare JID of `from` (a chat). */
function senderOf(given: Sender | undefined, from: string): Sender {
  const sender: Sender = {};
  if (given?.jid) sender.jid = bareJid(given.jid);
  if (given?.nick) sender.nick = given.nick;
  if (given?.occupantId) sender.occupantId = given.occupantId;
  return sender.jid || sender.nick || sender.occupantId ? sender : { jid: bareJid(from) };
}

/** Outgoing messages that came over the wire (carbons, archive) are on the server already. */
function wireRow(m: WireMessage, account: string): MessageRow {
  const row = candidateRow(m, account);
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
    if (row.stanzaKey) this.byStanza.set(row.stanzaKey, row);
    if (row.clientId) {
      const k = clientKey(row.senderKey, row.clientId);
      const list = this.byClient.get(k);
      if (list) list.push(row);
      else this.byClient.set(k, [row]);
    }
  }

  /**
   * Same stanza-id from the same archive; else same sender, origin-id/id and conversation, unless
   * both have different stanza-ids and the shared value is only a message@id (clients may reuse
   * those). An origin-id is unique (XEP-0359): two archive copies with one origin-id are one
   * message sent twice, as the outbox does when the server's ack was lost.
   */
  find(c: MessageRow): MessageRow | undefined {
    if (c.stanzaKey) {
      const row = this.byStanza.get(c.stanzaKey);
      if (row) return row;
    }
    if (c.clientId) {
      for (const row of this.byClient.get(clientKey(c.senderKey, c.clientId)) ?? []) {
        if (row.conversation !== c.conversation) continue;
        if (!row.stanzaId || !c.stanzaId || (c.originId !== undefined && row.originId === c.originId)) return row;
      }
    }
    return this.byKey.get(c.key);
  }
}

/** Fills what the existing copy lacks; returns whether the row changed. */
function merge(row: MessageRow, copy: MessageRow): boolean {
  let changed = false;
  // A stanza-id comes with the archive that assigned it.
  if (row.stanzaId === undefined && copy.stanzaId !== undefined) {
    row.stanzaId = copy.stanzaId;
    row.stanzaIdBy = copy.stanzaIdBy!;
    row.stanzaKey = copy.stanzaKey!;
    changed = true;
  }
  for (const field of ['id', 'originId', 'clientId'] as const) {
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
  // A copy that knows the file's URL (our own file message coming back) completes the row's file.
  if (copy.file?.url && !row.file?.url) {
    row.file = { ...copy.file, ...row.file, url: copy.file.url };
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
  conversations: Set<ConversationKey>;
}

/**
 * Loads the stored rows that candidates may be copies of, with one lookup per candidate:
 * - a chat's candidate with an origin-id/id: [senderKey+clientId]. Every row of the same stanza
 *   carries its sender and client id, whatever key it got (keys.ts), so this finds it as well as
 *   the copies of a message sent twice (test/unit/history.test.ts, "dedupe");
 * - any other: its primary key (one bulkGet covers every repeat of an archive page), then for the
 *   ones not found [senderKey+clientId] when it has an origin-id/id (a room's copies may name their
 *   sender differently), else its scoped stanza-id. A row holding stanza-id X of archive A is keyed
 *   by them, or was keyed by its client id when it arrived without one (our own pending message, a
 *   server that stamps only the archive), and then the copy carries that id too.
 * One lookup per candidate, not two, halves the store's cost on an archive sync (issue 6, #1, #2).
 * One equality lookup per value (faster than anyOf on compound keys), LOOKUP_SLICE in flight at once.
 */
async function loadKnown(db: HistoryDb, candidates: MessageRow[]): Promise<Known> {
  const known = new Known();
  const found = new Set<string>();
  const keep = (row: MessageRow) => {
    if (found.has(row.key)) return;
    found.add(row.key);
    known.add(row);
  };
  const byClient = (c: MessageRow) => c.clientId !== undefined && c.conversation.startsWith('chat:');
  const keys = new Set<string>();
  for (const c of candidates) if (!byClient(c)) keys.add(c.key);
  if (keys.size > 0) for (const row of await db.messages.bulkGet([...keys])) if (row) keep(row);
  const stanzaKeys = new Set<string>();
  const clientPairs = new Map<string, [string, string]>();
  for (const c of candidates) {
    if (found.has(c.key)) continue;
    if (c.clientId) clientPairs.set(clientKey(c.senderKey, c.clientId), [c.senderKey, c.clientId]);
    else if (c.stanzaKey) stanzaKeys.add(c.stanzaKey);
  }
  const lookups: (() => Promise<MessageRow[]>)[] = [
    ...[...stanzaKeys].map((scoped) => () => db.messages.where('stanzaKey').equals(scoped).toArray()),
    ...[...clientPairs.values()].map((pair) => () => db.messages.where('[senderKey+clientId]').equals(pair).toArray()),
  ];
  // Issuing 250 of them in one go is itself a long task: a slice at a time, each slice in flight together.
  for (let i = 0; i < lookups.length; i += LOOKUP_SLICE) {
    const rows = await Promise.all(lookups.slice(i, i + LOOKUP_SLICE).map((lookup) => lookup()));
    for (const row of rows.flat()) keep(row);
  }
  return known;
}

/** The tables storeRows writes: a transaction that calls it must include them all. */
export function storeRowsTables(db: HistoryDb) {
  return [db.messages, db.conversationRows, db.meta, db.pendingReads, db.pendingActions, db.searchBlocks];
}

/**
 * Deduplicates and writes candidate rows in one transaction (call with at most CHUNK_SIZE).
 * `fromWire`: they came from the core (our own outgoing ones then move the read point).
 */
export function storeRows(db: HistoryDb, candidates: MessageRow[], fromWire = true): Promise<RowsResult> {
  return db.transaction('rw', storeRowsTables(db), async () => {
    const [known, { counter, lastStanzas }] = await Promise.all([loadKnown(db, candidates), loadMeta(db, candidates, fromWire)]);
    let order = counter?.value ?? 0;
    const writes = new Map<string, MessageRow>();
    const fresh: MessageRow[] = [];
    const rows: MessageRow[] = [];
    const conversations = new Set<ConversationKey>();
    for (const c of candidates) {
      const existing = known.find(c);
      if (existing) {
        if (merge(existing, c)) {
          writes.set(existing.key, existing);
          conversations.add(existing.conversation);
        }
        rows.push(existing);
        continue;
      }
      c.order = ++order;
      if (!fromWire && c.status === 'pending') {
        const writtenAfter = lastStanzas.get(archiveOfKey(c.conversation, db.account))?.stanzaId;
        if (writtenAfter) c.writtenAfter = writtenAfter;
      }
      known.add(c);
      writes.set(c.key, c);
      fresh.push(c);
      rows.push(c);
      conversations.add(c.conversation);
    }
    await applyKeptActions(db, fresh);
    const targets = await planReadPoints(db, fresh, rows, fromWire);
    // put() clones each row on the main thread: 250 at once is one long task (issue 6, #1a), so
    // they go in slices, each awaited, within the same transaction.
    const rowsToWrite = [...writes.values()];
    for (let i = 0; i < rowsToWrite.length; i += PUT_SLICE) await db.messages.bulkPut(rowsToWrite.slice(i, i + PUT_SLICE));
    if (fresh.length) {
      // After the kept actions: an edited message is indexed by its newest text, a retracted one not at all.
      if (db.indexesSearch) await indexNewRows(db, fresh);
      await updateConversations(db, fresh);
      await db.meta.put({ name: ORDER_COUNTER, value: order });
    }
    const newest = newerLastStanzas(writes.values(), lastStanzas);
    if (newest.length) await db.meta.bulkPut(newest);
    for (const conversation of await applyReadTargets(db, targets)) conversations.add(conversation);
    return { rows, added: fresh.length, conversations };
  });
}

/**
 * In one read: the order counter, and the lastStanza rows of the archives the candidates may move
 * (the archives of their stanza-ids) and, for our own new messages, of their conversations'
 * archives (MessageRow.writtenAfter).
 */
async function loadMeta(
  db: HistoryDb,
  candidates: readonly MessageRow[],
  fromWire: boolean,
): Promise<{ counter: MetaRow | undefined; lastStanzas: Map<string, MetaRow | undefined> }> {
  const archives = new Set<string>();
  for (const c of candidates) {
    if (c.stanzaIdBy) archives.add(c.stanzaIdBy);
    if (!fromWire && c.status === 'pending') archives.add(archiveOfKey(c.conversation, db.account));
  }
  const list = [...archives];
  const [counter, ...rows] = await db.meta.bulkGet([ORDER_COUNTER, ...list.map(lastStanzaName)]);
  return { counter, lastStanzas: new Map(list.map((archive, i) => [archive, rows[i]])) };
}

/** Stores wire messages in chunks of CHUNK_SIZE, one transaction each; `onChunk` runs after each commit. */
export async function storeWire(
  db: HistoryDb,
  messages: WireMessage[],
  onChunk: (conversations: Set<ConversationKey>) => void,
): Promise<{ added: number; conversations: ConversationKey[] }> {
  let added = 0;
  const conversations = new Set<ConversationKey>();
  for (let start = 0; start < messages.length; start += CHUNK_SIZE) {
    const chunk = messages.slice(start, start + CHUNK_SIZE).map((m) => wireRow(m, db.account));
    const result = await storeRows(db, chunk);
    added += result.added;
    for (const conversation of result.conversations) conversations.add(conversation);
    if (result.conversations.size) onChunk(result.conversations);
    // Let input, rendering and the list's re-read run between chunks of a big archive page.
    if (start + CHUNK_SIZE < messages.length) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { added, conversations: [...conversations] };
}
