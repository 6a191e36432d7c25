import { describe, expect, it } from 'vitest';
import { chatWith } from '../../src-shared/conversation';
import type { Cursor, StoredMessage } from '../../src-renderer/history';
import { around, CONTEXT_ROWS, keepUnchanged, newer, newest, older, opening, refreshed, type WindowSource } from '../../src-renderer/ui/message-window';

const ALICE = 'alice@example.org';
const WITH_ALICE = chatWith(ALICE);
const LIMITS = { page: 3, max: 7 };

function message(i: number): StoredMessage {
  return {
    key: `k${i}`,
    conversation: chatWith(ALICE),
    direction: 'in',
    from: ALICE,
    sender: { jid: ALICE },
    body: `m${i}`,
    timestamp: 1000 + i * 10,
    order: i + 1,
    read: false,
  };
}

/** An in-memory History with the same paging contract (ascending results, exclusive cursors). */
function source(rows: StoredMessage[]): WindowSource & { rows: StoredMessage[] } {
  const cmp = (m: StoredMessage, c: Cursor) => m.timestamp - c.timestamp || m.order - c.order;
  const sorted = () => [...rows].sort((a, b) => a.timestamp - b.timestamp || a.order - b.order);
  return {
    rows,
    latest: async (_conversation, limit) => sorted().slice(-limit),
    before: async (_conversation, cursor, limit) =>
      sorted()
        .filter((m) => cmp(m, cursor) < 0)
        .slice(-limit),
    after: async (_conversation, cursor, limit) =>
      sorted()
        .filter((m) => cmp(m, cursor) > 0)
        .slice(0, limit),
  };
}

const keys = (w: { rows: StoredMessage[] }) => w.rows.map((r) => r.key).join(' ');
const all = (n: number) => Array.from({ length: n }, (_, i) => message(i));

describe('message window', () => {
  it('opens on the newest page', async () => {
    const w = await newest(source(all(10)), WITH_ALICE, LIMITS);
    expect(keys(w)).toBe('k7 k8 k9');
    expect(w).toMatchObject({ hasOlder: true, hasNewer: false });
    expect(await newest(source(all(2)), WITH_ALICE, LIMITS)).toMatchObject({ hasOlder: false, hasNewer: false });
  });

  it('opens around the first unread message: a little context above, a page from it on', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => message(i));
    const w = await around(source(rows), WITH_ALICE, rows[20]!, LIMITS);
    expect(w.rows.map((r) => r.key)).toEqual([...rows.slice(20 - CONTEXT_ROWS, 20), ...rows.slice(20, 20 + LIMITS.page)].map((r) => r.key));
    expect(w).toMatchObject({ hasOlder: true, hasNewer: true });
    const start = await around(source(rows.slice(0, 22)), WITH_ALICE, rows[1]!, LIMITS);
    expect(keys(start)).toBe('k0 k1 k2 k3');
    expect(start).toMatchObject({ hasOlder: false, hasNewer: true });
    const end = await around(source(rows.slice(0, 22)), WITH_ALICE, rows[20]!, LIMITS);
    expect(end.rows.at(-1)!.key).toBe('k21');
    expect(end.hasNewer).toBe(false);
  });

  it('prepends older pages and trims the newer end beyond max', async () => {
    const src = source(all(12));
    let w = await newest(src, WITH_ALICE, LIMITS);
    w = await older(src, WITH_ALICE, w, LIMITS);
    expect(keys(w)).toBe('k6 k7 k8 k9 k10 k11');
    w = await older(src, WITH_ALICE, w, LIMITS);
    expect(keys(w)).toBe('k3 k4 k5 k6 k7 k8 k9');
    expect(w).toMatchObject({ hasOlder: true, hasNewer: true });
    w = await older(src, WITH_ALICE, w, LIMITS);
    expect(keys(w)).toBe('k0 k1 k2 k3 k4 k5 k6');
    expect(w.hasOlder).toBe(true);
    w = await older(src, WITH_ALICE, w, LIMITS);
    expect(keys(w)).toBe('k0 k1 k2 k3 k4 k5 k6');
    expect(w.hasOlder).toBe(false);
  });

  it('appends newer pages after trimming and trims the older end', async () => {
    const src = source(all(12));
    let w = { rows: all(7), hasOlder: false, hasNewer: true };
    w = await newer(src, WITH_ALICE, w, LIMITS);
    expect(keys(w)).toBe('k3 k4 k5 k6 k7 k8 k9');
    expect(w).toMatchObject({ hasOlder: true, hasNewer: true });
    w = await newer(src, WITH_ALICE, w, LIMITS);
    expect(keys(w)).toBe('k5 k6 k7 k8 k9 k10 k11');
    w = await newer(src, WITH_ALICE, w, LIMITS);
    expect(w.hasNewer).toBe(false);
  });

  it('refresh at the newest end appends new messages and picks up changed rows', async () => {
    const src = source(all(5));
    let w = await newest(src, WITH_ALICE, LIMITS);
    src.rows.push(message(5));
    src.rows[3] = { ...src.rows[3], body: 'edited status' };
    w = await refreshed(src, WITH_ALICE, w, false, LIMITS);
    expect(keys(w)).toBe('k2 k3 k4 k5');
    expect(w.rows[1].body).toBe('edited status');
    expect(w).toMatchObject({ hasOlder: true, hasNewer: false });
  });

  it('refresh on overflow keeps the newest rows when pinned, else the reader’s rows', async () => {
    const src = source(all(4));
    const start = await newest(src, WITH_ALICE, LIMITS);
    for (let i = 4; i < 14; i++) src.rows.push(message(i));
    const pinned = await refreshed(src, WITH_ALICE, start, true, LIMITS);
    expect(keys(pinned)).toBe('k7 k8 k9 k10 k11 k12 k13');
    expect(pinned).toMatchObject({ hasOlder: true, hasNewer: false });
    const reading = await refreshed(src, WITH_ALICE, start, false, LIMITS);
    expect(keys(reading)).toBe('k1 k2 k3 k4 k5 k6 k7');
    expect(reading).toMatchObject({ hasOlder: true, hasNewer: true });
  });

  it('refresh away from the newest end keeps the same span and sees archive backfill', async () => {
    const src = source(all(12));
    const w = { rows: all(12).slice(2, 9), hasOlder: true, hasNewer: true };
    src.rows.push({ ...message(50), key: 'backfill', timestamp: message(4).timestamp + 1, order: 99 });
    const next = await refreshed(src, WITH_ALICE, w, false, LIMITS);
    expect(keys(next)).toBe('k2 k3 k4 backfill k5 k6 k7');
    expect(next).toMatchObject({ hasOlder: true, hasNewer: true });
  });

  it('refresh notices older messages arriving before the first row', async () => {
    const src = source(all(3).slice(1));
    const w = await newest(src, WITH_ALICE, LIMITS);
    expect(w.hasOlder).toBe(false);
    src.rows.push(message(0));
    expect((await refreshed(src, WITH_ALICE, w, true, LIMITS)).hasOlder).toBe(true);
  });

  it('opens at a named message, else the first unread under the divider, else the newest', async () => {
    const rows = all(40).map((m, i) => ({ ...m, read: i < 30 }));
    const src = {
      ...source(rows),
      firstUnread: async () => rows.find((m) => !m.read),
      findMessage: async (_conversation: unknown, ref: { clientId?: string }) => rows.find((m) => m.key === ref.clientId),
    };
    const at = await opening(src, WITH_ALICE, { clientId: 'k12', timestamp: 0 }, LIMITS);
    expect(at).toMatchObject({ unreadKey: 'k30', pin: { key: 'k12' }, direction: 'down' });
    expect(at.window.rows.map((r) => r.key)).toContain('k12');
    expect(await opening(src, WITH_ALICE, { clientId: 'k30', timestamp: 0 }, LIMITS)).toMatchObject({ unreadKey: 'k30', pin: 'divider' });
    expect(await opening(src, WITH_ALICE, { clientId: 'gone', timestamp: 0 }, LIMITS)).toMatchObject({ unreadKey: 'k30', pin: 'divider' });
    expect(await opening(src, WITH_ALICE, undefined, LIMITS)).toMatchObject({ unreadKey: 'k30', pin: 'divider' });
    const allRead = { ...src, firstUnread: async () => undefined };
    const latest = await opening(allRead, WITH_ALICE, undefined, LIMITS);
    expect(latest).toMatchObject({ pin: true, direction: 'up' });
    expect(latest).not.toHaveProperty('unreadKey');
    expect(await opening(allRead, WITH_ALICE, { clientId: 'k12', timestamp: 0 }, LIMITS)).toMatchObject({ pin: { key: 'k12' } });
  });
});

describe('keepUnchanged', () => {
  it('keeps the objects on screen for rows that did not change, so only new and changed rows render', () => {
    const shown = [message(1), { ...message(2), direction: 'out' as const, status: 'sent' as const, statusTimes: { sent: 5 } }];
    const reread = [message(1), { ...message(2), direction: 'out' as const, status: 'sent' as const, statusTimes: { sent: 5 } }, message(3)];
    const kept = keepUnchanged(shown, reread);
    expect(kept[0]).toBe(shown[0]);
    expect(kept[1]).toBe(shown[1]);
    expect(kept[2]).toBe(reread[2]);
    const delivered = { ...shown[1]!, status: 'delivered' as const, statusTimes: { sent: 5, delivered: 9 } };
    expect(keepUnchanged(shown, [shown[0]!, delivered])[1]).toBe(delivered);
    expect(keepUnchanged(shown, [{ ...message(1), read: true }])[0]).not.toBe(shown[0]);
  });
});
