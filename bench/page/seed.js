// Fills a page's IndexedDB through the app's own history module, as the app itself would store
// messages from the core (storeWireMessages: deduplicated, chunked, counters maintained). Used
// before the app opens the database (the bench reloads the page afterwards), so the app sees it
// as history from earlier days. Also: the "limit" half of the archive metric, a raw IndexedDB
// bulk write in chunks, and a raw count for the duplicate check.
import { openHistory } from '../../src-renderer/history/index.ts';
import { chatWith, conversationKey } from '../../src-shared/conversation.ts';

const MINUTE = 60_000;
const WORDS = 'the a to and of you it is for on that in this have with be not are at but we can was just so'.split(' ');

/** A body of varied length, deterministic in `i` (some one-liners, some paragraphs, a few lines). */
function body(prefix, i) {
  const n = 3 + ((i * 7919) % 37);
  const words = [];
  for (let w = 0; w < n; w++) words.push(WORDS[(i * 31 + w * 17) % WORDS.length]);
  const text = words.join(' ');
  return i % 23 === 0 ? `${text}\n${text}` : text;
}

/**
 * One chat of `count` messages with `peer` (a bare JID), oldest first, one minute apart and ending at
 * `end`: every third message is ours, the newest included (ours read everything before them, as
 * in the app), the rest are the peer's. Without `ids` the messages carry no id nor stanza-id (as
 * from a client that sends none): history keys them by a hash and has nothing to look up. Message `i` (1-based) has the body `${label(i)}` when `labelled(i)`, so
 * the bench can find the ends; the others have ordinary text. Returns the time spent.
 */
async function conversation({ database, own, peer, count, end, label, ids = true, batch = 5000 }) {
  const started = performance.now();
  const history = await openHistory({ account: own, name: database });
  try {
    const conversation = chatWith(peer);
    for (let from = 1; from <= count; from += batch) {
      const messages = [];
      for (let i = from; i < Math.min(count + 1, from + batch); i++) {
        // Ours every third, counted from the end: the newest is ours, so everything is read.
        const out = (count - i) % 3 === 0;
        const labelled = i === 1 || i === count || i % 1000 === 0;
        const id = `${peer.split('@')[0]}-${i}`;
        messages.push({
          conversation,
          direction: out ? 'out' : 'in',
          from: out ? `${own}/glance` : `${peer}/phone`,
          sender: { jid: out ? own : peer },
          ...(ids ? { id, stanzaId: `sid-${id}`, stanzaIdBy: own, ...(out ? { originId: id } : {}) } : {}),
          body: labelled ? `${label} ${String(i).padStart(6, '0')}` : body(label, i),
          timestamp: end - (count - i) * MINUTE,
          via: 'live',
          ...(out ? {} : { markable: true }),
        });
      }
      await history.storeWireMessages(messages);
    }
  } finally {
    history.close();
  }
  return performance.now() - started;
}

/** `peers` chats of `perPeer` messages each, the newest of each unread (incoming). */
async function manyConversations({ database, own, peers, perPeer, end }) {
  const started = performance.now();
  const history = await openHistory({ account: own, name: database });
  try {
    const messages = [];
    for (let p = 0; p < peers; p++) {
      const peer = `contact${String(p + 1).padStart(3, '0')}@localhost`;
      // Unread: 1 to 12 incoming messages at the end of each conversation.
      const unread = 1 + (p % 12);
      for (let i = 1; i <= perPeer + unread; i++) {
        const out = i === perPeer;
        const id = `c${p}-${i}`;
        messages.push({
          conversation: chatWith(peer),
          direction: out ? 'out' : 'in',
          from: out ? `${own}/glance` : `${peer}/phone`,
          sender: { jid: out ? own : peer },
          id,
          ...(out ? { originId: id } : {}),
          stanzaId: `sid-${id}`,
          stanzaIdBy: own,
          body: body('c', p * 31 + i),
          timestamp: end - (peers - p) * 3 * MINUTE - (perPeer + unread - i) * 1000,
          via: 'live',
          ...(out ? {} : { markable: true }),
        });
      }
    }
    await history.storeWireMessages(messages);
    return { ms: performance.now() - started, conversations: (await history.conversations()).length };
  } finally {
    history.close();
  }
}

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openRaw(name, upgrade) {
  const req = indexedDB.open(name, 1);
  req.onupgradeneeded = () => upgrade(req.result);
  return request(req);
}

/** Rows for the next rawBulkWrite, handed over beforehand so that copying them in is not timed. */
let keptRows = [];
function keepRows(rows) {
  keptRows = rows;
}

const rawDatabases = [];
async function dropRawDatabases() {
  for (const name of rawDatabases.splice(0)) await request(indexedDB.deleteDatabase(name)).catch(() => undefined);
}

/**
 * The limit for storing `rows` (by default the kept ones): one chunked bulk write (CHUNK rows per
 * transaction, puts issued back to back) into a fresh store keyed like the app's, with the one
 * index a history is paged by. The database stays until dropRawDatabases, out of the timing.
 */
async function rawBulkWrite({ rows = keptRows, chunk = 250 }) {
  const name = `bench-limit-${Math.random().toString(36).slice(2)}`;
  rawDatabases.push(name);
  const db = await openRaw(name, (d) => {
    const store = d.createObjectStore('messages', { keyPath: 'key' });
    store.createIndex('byPeerTime', ['peer', 'timestamp', 'order']);
  });
  const started = performance.now();
  for (let at = 0; at < rows.length; at += chunk) {
    const tx = db.transaction('messages', 'readwrite');
    const store = tx.objectStore('messages');
    for (const row of rows.slice(at, at + chunk)) store.put(row);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }
  const ms = performance.now() - started;
  db.close();
  return { ms };
}

/** Rows in the app's messages store of the chat with `peer`, and how many distinct (scoped) stanza-ids they carry. */
async function countMessages({ database, peer }) {
  const db = await request(indexedDB.open(database));
  try {
    const tx = db.transaction('messages', 'readonly');
    const rows = await request(tx.objectStore('messages').getAll());
    const chat = conversationKey(chatWith(peer));
    const mine = rows.filter((row) => row.conversation === chat);
    return { rows: mine.length, stanzaIds: new Set(mine.map((row) => row.stanzaKey).filter(Boolean)).size };
  } finally {
    db.close();
  }
}

const HAN = '我们明天在公司见面吧今天的会议改到下午三点请大家准时参加谢谢';

/**
 * Issue 14's indexing cost: `count` archive-like messages (ids and stanza-ids, English text and
 * every fourth one Chinese) stored through storeWireMessages, in pages of 50 as an archive sync
 * delivers them, into a new database `database`, with or without the search index. Returns ms.
 */
async function storeCost({ database, own, peer, count, indexesSearch }) {
  const history = await openHistory({ account: own, name: database, ...(indexesSearch ? {} : { indexesSearch: false }) });
  const started = performance.now();
  try {
    const conversation = chatWith(peer);
    for (let from = 1; from <= count; from += 50) {
      const page = [];
      for (let i = from; i < Math.min(count + 1, from + 50); i++) {
        const id = `cost-${i}`;
        const start = (i * 13) % (HAN.length - 12);
        page.push({
          conversation,
          direction: 'in',
          from: `${peer}/phone`,
          sender: { jid: peer },
          id,
          stanzaId: `sid-${id}`,
          stanzaIdBy: own,
          body: i % 4 === 0 ? HAN.slice(start, start + 12) : body('cost', i),
          timestamp: 1_700_000_000_000 + i * MINUTE,
          via: 'archive',
        });
      }
      await history.storeWireMessages(page);
    }
    return performance.now() - started;
  } finally {
    history.close();
  }
}

globalThis.__glanceSeed = { conversation, manyConversations, keepRows, rawBulkWrite, dropRawDatabases, countMessages, storeCost };
