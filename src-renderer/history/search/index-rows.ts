import type { ConversationKey } from '../../../src-shared/conversation';
import type { HistoryDb, MessageRow, SearchBlock } from '../schema';
import { indexTerms } from './terms';

/**
 * Keeping the search index in step with message rows, inside the transaction that writes them: a
 * new message is indexed by its text, an edited one by its newest text only, a retracted one (or
 * a file, whose body is a URL) not at all (test/unit/search-history.test.ts). Messages are indexed
 * in blocks (schema.ts SearchBlock): a block writes one index entry per distinct term of its
 * messages, and words and bigrams repeat from message to message, so storing a page of messages
 * writes far fewer entries than indexing each message alone would.
 */

/** Most messages in one block: a search reads a whole block to pick its candidates. */
export const BLOCK_SIZE = 50;

type BlockKey = [number, ConversationKey, string];

function keyOf(block: SearchBlock): BlockKey {
  return [block.at, block.conversation, block.key];
}

/** The terms a message is found by, or undefined when it has no searchable text. */
export function searchTermsOf(row: MessageRow): string[] | undefined {
  if (row.retracted || row.file || !row.body) return undefined;
  const terms = indexTerms(row.body);
  return terms.length ? terms : undefined;
}

/**
 * A message's terms as kept in its block: one string, each term between spaces (a term never
 * holds white space), so reading a block parses one string per message rather than one per term.
 */
function packed(terms: readonly string[]): string {
  return ` ${terms.join(' ')} `;
}

/** Whether a message's packed terms hold `term`. */
export function hasTerm(itemTerms: string, term: string): boolean {
  return itemTerms.includes(` ${term} `);
}

function unionOf(itemTerms: readonly string[]): string[] {
  const union = new Set<string>();
  for (const terms of itemTerms) for (const term of terms.split(' ')) if (term) union.add(term);
  return [...union];
}

/** One block of messages of `conversation`, each with its terms; keyed by the newest. */
function blockOf(conversation: ConversationKey, items: readonly { row: MessageRow; terms: string[] }[]): SearchBlock {
  let newest = items[0]!.row;
  for (const { row } of items) if (row.timestamp > newest.timestamp) newest = row;
  const union = new Set<string>();
  for (const item of items) for (const term of item.terms) union.add(term);
  return {
    at: newest.timestamp,
    conversation,
    key: newest.key,
    terms: [...union],
    keys: items.map((item) => item.row.key),
    itemTerms: items.map((item) => packed(item.terms)),
  };
}

/**
 * The blocks that index `rows` (messages in no block yet): per conversation, in time order, so a
 * block covers a stretch of time and a search can stop at the first block older than its hits.
 */
export function blocksOf(rows: readonly MessageRow[]): SearchBlock[] {
  const byConversation = new Map<ConversationKey, { row: MessageRow; terms: string[] }[]>();
  for (const row of rows) {
    const terms = searchTermsOf(row);
    if (!terms) continue;
    const items = byConversation.get(row.conversation);
    if (items) items.push({ row, terms });
    else byConversation.set(row.conversation, [{ row, terms }]);
  }
  const blocks: SearchBlock[] = [];
  for (const [conversation, items] of byConversation) {
    items.sort((a, b) => a.row.timestamp - b.row.timestamp || a.row.order - b.row.order);
    for (let i = 0; i < items.length; i += BLOCK_SIZE) blocks.push(blockOf(conversation, items.slice(i, i + BLOCK_SIZE)));
  }
  return blocks;
}

/** Indexes new rows, in no block yet (call in a transaction that includes `searchBlocks`). */
export async function indexNewRows(db: HistoryDb, rows: readonly MessageRow[]): Promise<void> {
  const blocks = blocksOf(rows);
  if (blocks.length) await db.searchBlocks.bulkPut(blocks);
}

/**
 * Re-indexes a row whose text changed (edited: its newest text in its block; retracted: out of
 * its block), or indexes a row in no block as a block of its own. A message is in at most one
 * block; a block keyed by a message it no longer holds takes that message back, so two blocks
 * never share a key.
 */
export async function reindexRow(db: HistoryDb, row: MessageRow): Promise<void> {
  const terms = searchTermsOf(row);
  const block =
    (await db.searchBlocks.where('keys').equals(row.key).first()) ??
    (terms ? await db.searchBlocks.get([row.timestamp, row.conversation, row.key]) : undefined);
  if (!block) {
    if (terms) await db.searchBlocks.put(blockOf(row.conversation, [{ row, terms }]));
    return;
  }
  const at = block.keys.indexOf(row.key);
  if (terms) {
    const item = packed(terms);
    if (at >= 0 && block.itemTerms[at] === item) return;
    if (at >= 0) block.itemTerms[at] = item;
    else {
      block.keys.push(row.key);
      block.itemTerms.push(item);
    }
  } else {
    if (at < 0) return;
    block.keys.splice(at, 1);
    block.itemTerms.splice(at, 1);
  }
  if (block.keys.length === 0) await db.searchBlocks.delete(keyOf(block));
  else await db.searchBlocks.put({ ...block, terms: unionOf(block.itemTerms) });
}
