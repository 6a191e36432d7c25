import { describe, expect, it, vi } from 'vitest';
import type { Result, SendError } from '../../src-shared/contract';
import { chatWith } from '../../src-shared/conversation';
import type { StoredMessage } from '../../src-renderer/history';
import { Outbox, UNREACHABLE, type OutboxHistory } from '../../src-renderer/app/outbox';

const B = chatWith('b@x.org');

const row = (id: string, fields: Partial<StoredMessage> = {}): StoredMessage => ({
  key: `k-${id}`,
  conversation: B,
  direction: 'out',
  from: 'me@x.org',
  sender: { jid: 'me@x.org' },
  id,
  originId: id,
  body: `body ${id}`,
  timestamp: 1,
  order: 1,
  status: 'pending',
  read: true,
  ...fields,
});

/** A history of rows by key, and a bridge whose sendMessage answers with `answer(id)`. */
function fakes(
  answer: (id: string) => Promise<Result<void, SendError>> | Result<void, SendError> = () => ({ ok: true, value: undefined }),
  rows: StoredMessage[] = [],
) {
  const log: string[] = [];
  const stored = new Map(rows.map((r) => [r.key, { ...r }]));
  const attachments = new Map(rows.filter((r) => r.file).map((r) => [r.key, new Blob([r.file!.name ?? ''])]));
  const history: OutboxHistory = {
    addOutgoing: vi.fn(async (m) => {
      log.push(`add ${m.id}`);
      const r = row(m.id, { key: 'key1', conversation: m.conversation, body: m.body, timestamp: Date.now() });
      stored.set(r.key, r);
      return r;
    }),
    setStatus: vi.fn(async (key, status, error) => {
      log.push(`status ${key} ${status}${error ? ' ' + error : ''}`);
      const r = stored.get(key);
      if (r) stored.set(key, { ...r, status });
    }),
    pendingOutgoing: vi.fn(async (before = Infinity) => [...stored.values()].filter((r) => r.status === 'pending' && r.timestamp <= before)),
    message: vi.fn(async (key) => stored.get(key)),
    addOutgoingFile: vi.fn(async () => {
      throw new Error('not used here');
    }),
    attachment: vi.fn(async (key) => attachments.get(key)),
    fileUploaded: vi.fn(async (key, url) => void log.push(`uploaded ${key} ${url}`)),
    pruneAttachments: vi.fn(async () => undefined),
  };
  const invoke = vi.fn(async (name: string, request: { id: string }) => {
    log.push(`invoke ${name} ${JSON.stringify(request)}`);
    return answer(request.id);
  });
  return { log, history, stored, bridge: { invoke } as never };
}

/** An outbox whose session `session` has come online and had its resend (nothing was pending). */
async function onlineOutbox(bridge: never, history: OutboxHistory, session = 1): Promise<Outbox> {
  const outbox = new Outbox(bridge, () => session);
  await outbox.resend(history, session);
  return outbox;
}

const sendRequest = (body: string, id: string, session = 1) => `invoke sendMessage ${JSON.stringify({ conversation: B, body, id, session })}`;

describe('Outbox.send', () => {
  it('stores the row before the core sees it, and leaves it pending until the server acknowledges it', async () => {
    const { log, history, bridge } = fakes();
    const sent = await (await onlineOutbox(bridge, history)).send(history, { conversation: chatWith('bob@example.org'), from: 'me@example.org', body: 'hi' });
    expect(sent.id).toMatch(/^[0-9a-f-]{36}$/);
    // no 'sent' here: the core's `sent` status (the server's stream management ack) moves it on
    expect(log).toEqual([
      `add ${sent.id}`,
      `invoke sendMessage {"conversation":{"kind":"chat","jid":"bob@example.org"},"body":"hi","id":"${sent.id}","session":1}`,
    ]);
  });

  it('keeps the row pending (in the outbox) when the core is offline', async () => {
    const { log, history, bridge } = fakes(() => ({ ok: false, error: 'offline' }));
    const outbox = await onlineOutbox(bridge, history);
    await outbox.send(history, { conversation: B, from: 'me@x.org', body: 'hi' });
    expect(log.filter((l) => l.startsWith('status'))).toEqual([]);
    expect(outbox.hasWaiting).toBe(true);
    void outbox.resend(history, 1);
    expect(outbox.hasWaiting).toBe(false);
  });

  it('does not bother the core while the renderer knows it is offline: the row waits', async () => {
    const { log, history, bridge } = fakes();
    const outbox = new Outbox(bridge, () => undefined);
    await outbox.send(history, { conversation: B, from: 'me@x.org', body: 'hi' });
    expect(log.filter((l) => l.startsWith('invoke'))).toEqual([]);
    expect(outbox.hasWaiting).toBe(true);
  });

  it('holds a new message while older ones wait, and sends all in order on the next resend', async () => {
    let offline = true;
    const { log, history, bridge } = fakes(() => (offline ? { ok: false, error: 'offline' } : { ok: true, value: undefined }));
    let times = 0;
    history.addOutgoing = vi.fn(async (m) => {
      const r = row(m.id, { key: `key${++times}`, body: m.body, timestamp: times });
      stored().set(r.key, r);
      return r;
    });
    const rows = new Map<string, StoredMessage>();
    const stored = () => rows;
    history.pendingOutgoing = vi.fn(async () => [...rows.values()].filter((r) => r.status === 'pending'));
    history.message = vi.fn(async (key) => rows.get(key));
    const outbox = await onlineOutbox(bridge, history);
    await outbox.send(history, { conversation: B, from: 'me@x.org', body: 'first' });
    // the core is back before the renderer heard: the second must not overtake the first
    offline = false;
    await outbox.send(history, { conversation: B, from: 'me@x.org', body: 'second' });
    expect(log.filter((l) => l.startsWith('invoke')).map((l) => JSON.parse(l.slice('invoke sendMessage '.length)).body)).toEqual(['first']);
    await outbox.resend(history, 1);
    expect(log.filter((l) => l.startsWith('invoke')).map((l) => JSON.parse(l.slice('invoke sendMessage '.length)).body)).toEqual(['first', 'first', 'second']);
  });

  it('holds a new message in a session whose resend has not begun (its archive sync goes first)', async () => {
    let session = 1;
    const { log, history, bridge } = fakes();
    const outbox = new Outbox(bridge, () => session);
    await outbox.resend(history, 1);
    session = 2;
    await outbox.send(history, { conversation: B, from: 'me@x.org', body: 'hi' });
    expect(log.filter((l) => l.startsWith('invoke'))).toEqual([]);
    await outbox.resend(history, 2);
    expect(log.filter((l) => l.startsWith('invoke'))).toHaveLength(1);
  });

  it('marks the row failed with any other error of the core', async () => {
    const { log, history, bridge } = fakes(() => ({ ok: false, error: 'too-long' }));
    await (await onlineOutbox(bridge, history)).send(history, { conversation: B, from: 'me@x.org', body: 'hi' });
    expect(log.at(-1)).toBe('status key1 failed too-long');
  });

  it('throws (and marks failed) when the bridge call throws', async () => {
    const { log, history, bridge } = fakes(() => Promise.reject(new Error('lost')));
    await expect((await onlineOutbox(bridge, history)).send(history, { conversation: B, from: 'me@x.org', body: 'hi' })).rejects.toThrow('lost');
    expect(log.at(-1)).toBe(`status key1 failed ${UNREACHABLE}`);
  });

  it('throws without calling the core when the row cannot be stored', async () => {
    const { history, bridge } = fakes();
    history.addOutgoing = async () => {
      throw new Error('QuotaExceededError');
    };
    await expect((await onlineOutbox(bridge, history)).send(history, { conversation: B, from: 'me@x.org', body: 'hi' })).rejects.toThrow('Quota');
    expect((bridge as { invoke: ReturnType<typeof vi.fn> }).invoke).not.toHaveBeenCalled();
  });

  it('retries a failed message with its original id', async () => {
    const failed = row('orig-id-1', { key: 'k9', status: 'failed', error: 'too-long' });
    const { log, history, bridge } = fakes(undefined, [failed]);
    const outbox = new Outbox(bridge, () => 1);
    await outbox.resend(history, 1);
    await outbox.retry(history, failed);
    expect(log).toEqual(['status k9 pending', sendRequest('body orig-id-1', 'orig-id-1')]);
  });
});

describe('Outbox.resend', () => {
  it('sends every pending row again, oldest first, one at a time, with its original id', async () => {
    let inFlight = 0;
    let most = 0;
    const { log, history, bridge } = fakes(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      return { ok: true, value: undefined };
    }, [row('a-0000001'), row('b-0000002'), row('c-0000003')]);
    await new Outbox(bridge, () => 2).resend(history, 2);
    expect(log).toEqual(['a-0000001', 'b-0000002', 'c-0000003'].map((id) => sendRequest(`body ${id}`, id, 2)));
    expect(most).toBe(1);
  });

  it('sends a room message again with the mentions kept on its row (XEP-0372 references)', async () => {
    const room = { kind: 'room' as const, jid: 'porch@rooms.x.org' };
    const mentions = [{ begin: 3, end: 8, nick: 'Olive' }];
    const { log, history, bridge } = fakes(undefined, [row('a-0000001', { conversation: room, body: 'hi Olive', mentions })]);
    await new Outbox(bridge, () => 2).resend(history, 2);
    expect(log).toEqual([`invoke sendMessage ${JSON.stringify({ conversation: room, body: 'hi Olive', id: 'a-0000001', session: 2, mentions })}`]);
  });

  it('skips rows no longer pending when their turn comes (acknowledged, or brought back by the archive)', async () => {
    const { log, history, bridge, stored } = fakes(undefined, [row('a-0000001'), row('b-0000002')]);
    history.message = vi.fn(async (key) => (key === 'k-b-0000002' ? { ...stored.get(key)!, status: 'sent' as const } : stored.get(key)));
    await new Outbox(bridge, () => 2).resend(history, 2);
    expect(log).toEqual([sendRequest('body a-0000001', 'a-0000001', 2)]);
  });

  it('stops at the first offline answer and leaves the rest pending for the next session', async () => {
    const { log, history, bridge } = fakes(() => ({ ok: false, error: 'offline' }), [row('a-0000001'), row('b-0000002')]);
    await new Outbox(bridge, () => 2).resend(history, 2);
    expect(log).toEqual([sendRequest('body a-0000001', 'a-0000001', 2)]);
  });

  it('does not hand the core again what it took in the same session, but does in the next one', async () => {
    let session = 3;
    const { log, history, bridge } = fakes();
    const outbox = new Outbox(bridge, () => session);
    await outbox.resend(history, 3);
    await outbox.send(history, { conversation: B, from: 'me@x.org', body: 'hi' });
    log.length = 0;
    await outbox.resend(history, 3);
    expect(log).toEqual([]);
    session = 4;
    await outbox.resend(history, 4);
    expect(log).toHaveLength(1);
  });

  it('waits for a send of the same row in flight instead of sending it twice', async () => {
    let release: (r: Result<void, SendError>) => void = () => {};
    const answers: Promise<Result<void, SendError>>[] = [new Promise((resolve) => (release = resolve))];
    const { log, history, bridge } = fakes(() => answers.shift() ?? { ok: true, value: undefined });
    const outbox = new Outbox(bridge, () => 5);
    await outbox.resend(history, 5);
    const sending = outbox.send(history, { conversation: B, from: 'me@x.org', body: 'hi' });
    await vi.waitFor(() => expect(log.some((l) => l.startsWith('invoke'))).toBe(true));
    const resending = outbox.resend(history, 5);
    release({ ok: true, value: undefined });
    await Promise.all([sending, resending]);
    expect(log.filter((l) => l.startsWith('invoke'))).toHaveLength(1);
  });

  it('sends a new message only after the backlog, so the recipient gets them in order', async () => {
    const { log, history, bridge } = fakes(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return { ok: true, value: undefined };
    }, [row('a-0000001'), row('b-0000002')]);
    const outbox = new Outbox(bridge, () => 2);
    const resending = outbox.resend(history, 2);
    await outbox.send(history, { conversation: B, from: 'me@x.org', body: 'new' });
    await resending;
    expect(log.filter((l) => l.startsWith('invoke')).map((l) => JSON.parse(l.slice('invoke sendMessage '.length)).body)).toEqual([
      'body a-0000001',
      'body b-0000002',
      'new',
    ]);
  });

  it('sends a new message after the older ones even when a newer resend took over the one it waited for', async () => {
    const { log, history, bridge } = fakes(undefined, [row('a-0000001'), row('b-0000002')]);
    const outbox = new Outbox(bridge, () => 2);
    let synced: () => void = () => {};
    const first = outbox.resend(history, 2, new Promise<void>((resolve) => (synced = resolve)));
    const sending = outbox.send(history, { conversation: B, from: 'me@x.org', body: 'new' });
    await new Promise((resolve) => setTimeout(resolve, 1));
    const second = outbox.resend(history, 2);
    synced();
    await Promise.all([first, second, sending]);
    expect(log.filter((l) => l.startsWith('invoke')).map((l) => JSON.parse(l.slice('invoke sendMessage '.length)).body)).toEqual([
      'body a-0000001',
      'body b-0000002',
      'new',
    ]);
  });

  it('leaves the rest for the next resend when the connection went while it waited', async () => {
    let session: number | undefined = 2;
    const { log, history, bridge } = fakes(undefined, [row('a-0000001')]);
    const outbox = new Outbox(bridge, () => session);
    let synced: () => void = () => {};
    const resending = outbox.resend(history, 2, new Promise<void>((resolve) => (synced = resolve)));
    session = undefined;
    synced();
    await resending;
    expect(log.filter((l) => l.startsWith('invoke'))).toEqual([]);
    expect(outbox.hasWaiting).toBe(true);
  });

  it('holds until the sync is done; what the archive brought back as sent is not sent again', async () => {
    const { log, history, bridge, stored } = fakes(undefined, [row('a-0000001'), row('b-0000002')]);
    let synced: () => void = () => {};
    const ready = new Promise<void>((resolve) => (synced = resolve));
    const resending = new Outbox(bridge, () => 2).resend(history, 2, ready);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(log).toEqual([]);
    stored.set('k-a-0000001', { ...stored.get('k-a-0000001')!, status: 'sent' });
    synced();
    await resending;
    expect(log).toEqual([sendRequest('body b-0000002', 'b-0000002', 2)]);
  });
});

describe('outbox: files', () => {
  const fileRow = (id: string) => row(id, { key: `k-${id}`, body: 'photo.png', file: { name: 'photo.png', size: 9, mediaType: 'image/png' } });

  it('hands a file over with its bytes from history, then records its URL; it stays pending until the server has it', async () => {
    const { history, bridge, stored, log } = fakes();
    (bridge as { invoke: ReturnType<typeof vi.fn> }).invoke.mockImplementation(async (name: string, request: { id: string; bytes?: Uint8Array }) => {
      log.push(`invoke ${name} ${request.id} ${request.bytes ? new TextDecoder().decode(request.bytes) : ''}`);
      return { ok: true, value: { url: 'https://u.example/photo.png' } };
    });
    stored.set('k-f1', fileRow('f1'));
    const outbox = new Outbox(bridge, () => 1);
    await outbox.resend({ ...history, attachment: async () => new Blob(['the bytes']) }, 1);
    expect(log).toEqual(['invoke sendFile f1 the bytes', 'uploaded k-f1 https://u.example/photo.png']);
    expect(stored.get('k-f1')?.status).toBe('pending');
  });

  it.each<[string, string, string]>([
    ['no connection: it waits for the next session', 'offline', 'pending'],
    ['cancelled: not sent, shown as failed with a retry', 'cancelled', 'failed'],
    ['over the quota: failed, saying so', 'quota', 'failed'],
  ])('%s', async (_, error, status) => {
    const { history, bridge, stored } = fakes(() => ({ ok: false, error }) as never, [fileRow('f2')]);
    const outbox = new Outbox(bridge, () => 1);
    await outbox.resend(history, 1);
    expect(stored.get('k-f2')?.status).toBe(status);
  });

  it('a file whose bytes are gone fails instead of going out empty', async () => {
    const { history, bridge, stored } = fakes(undefined, [fileRow('f3')]);
    const outbox = new Outbox(bridge, () => 1);
    await outbox.resend({ ...history, attachment: async () => undefined }, 1);
    expect(stored.get('k-f3')?.status).toBe('failed');
    expect((bridge as { invoke: ReturnType<typeof vi.fn> }).invoke).not.toHaveBeenCalled();
  });
});
