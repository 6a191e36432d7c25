import { expect } from 'vitest';
import { xml } from '@xmpp/client';
import type { CoreUnderTest } from '../support/core';
import { integrationTest } from '../support/fixtures/integration';
import { connectPeer, makeContacts } from '../support/peer';
import { chatWith } from '../../src-shared/conversation';
import type { ArchiveProgress } from '../../src-shared/contract';
import { waitFor } from '../support/wait';

/** `signIn(me)`: Glance's core signed in as `me` on the SQL server (the file's `server`). */
const it = integrationTest.extend('signIn', async ({ sqlServer, newCore }) => async (me: string): Promise<CoreUnderTest> => {
  const c = newCore();
  expect(await c.core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${sqlServer.port}`, remember: false })).toMatchObject({ ok: true });
  return c;
});

it('fetches recent history on first sign-in, then exactly what it missed, in order, and never answers replays', async ({
  sqlServer: server,
  signIn,
  peers,
}) => {
  const me = await server.register('archivist', 'pw');
  const friendJid = await server.register('pen-pal', 'pw');
  const friend = await connectPeer(server, friendJid, 'pw');
  const phone = await connectPeer(server, me, 'pw', { resource: 'phone' });
  peers.push(friend, phone);
  await makeContacts(phone, friend);

  // While Glance is not running, the phone is online: nothing waits in offline storage, all is archived.
  const send = async (from: number, to: number) => {
    const ids: string[] = [];
    for (let i = from; i <= to; i += 1) {
      ids.push(
        await friend.sendChat(me, `note ${i}`, {
          children: [xml('request', { xmlns: 'urn:xmpp:receipts' }), xml('markable', { xmlns: 'urn:xmpp:chat-markers:0' })],
        }),
      );
    }
    await phone.waitForMessage((m) => m.getChildText('body') === `note ${to}`);
    return ids;
  };
  await send(1, 120);

  const first = await signIn(me);
  const result = await first.core.syncArchive({});
  // The walk's events went out before the answer, and `through` is the number of its last one.
  const seqOf = (c: CoreUnderTest, body: string) => c.history.find((e) => e.kind === 'message' && e.message.body === body)?.seq;
  expect(result).toEqual({ ok: true, value: { count: 120, through: seqOf(first, 'note 120') } });
  expect(first.history.at(-1)).toMatchObject({ kind: 'message', message: { body: 'note 120' } });
  expect(first.messages).toHaveLength(120);
  expect(first.messages.map((m) => m.body)).toEqual(Array.from({ length: 120 }, (_, i) => `note ${i + 1}`));
  expect(first.messages.every((m) => m.via === 'archive' && m.direction === 'in' && m.stanzaId && m.markable)).toBe(true);
  // Each from the chat with the friend, its stanza-id assigned by our own account's archive.
  expect(
    first.messages.filter((m) => m.conversation.kind !== 'chat' || m.conversation.jid !== friendJid || m.sender.jid !== friendJid || m.stanzaIdBy !== me),
  ).toEqual([]);
  const last = first.messages.at(-1)!.stanzaId!;
  await first.core.signOut({ forget: false });

  await send(121, 190);
  const second = await signIn(me);
  // The walk ends with where its slices stand: every one done.
  expect(await second.core.syncArchive({ after: last })).toEqual({ ok: true, value: { count: 70, through: second.history.at(-1)!.seq } });
  expect(second.history.at(-1)).toMatchObject({ kind: 'archiveProgress', progress: { from: last } });
  const final = second.history.at(-1)!;
  expect(final.kind === 'archiveProgress' && final.progress.slices.every((slice) => slice.done)).toBe(true);
  expect(seqOf(second, 'note 190')!).toBeLessThan(final.seq);
  expect(second.messages).toHaveLength(70);
  expect(second.messages.map((m) => m.body)).toEqual(Array.from({ length: 70 }, (_, i) => `note ${i + 121}`));
  expect(new Set(second.messages.map((m) => m.stanzaId)).size).toBe(70);
  // Naming our own archive is the same walk; another's is not walked (yet).
  expect(await second.core.syncArchive({ archive: me, after: second.messages.at(-1)!.stanzaId })).toEqual({ ok: true, value: { count: 0, through: 0 } });
  expect(await second.core.syncArchive({ archive: friendJid, after: last })).toEqual({ ok: false, error: 'unsupported' });

  // Replays are never answered: a later live message is the fence for anything sent before it.
  await second.core.sendMessage({ conversation: chatWith(friendJid), body: 'fence', id: crypto.randomUUID() });
  await friend.waitForMessage((m) => m.getChildText('body') === 'fence');
  expect(friend.received.filter((s) => s.getChild('received', 'urn:xmpp:receipts') || s.getChild('displayed', 'urn:xmpp:chat-markers:0'))).toEqual([]);
});

it('ignores archive results that do not come from our own server', async ({ sqlServer: server, signIn, peers }) => {
  const me = await server.register('target', 'pw');
  const mallory = await server.register('mallory', 'pw');
  const evil = await connectPeer(server, mallory, 'pw');
  peers.push(evil);
  const c = await signIn(me);
  await evil.send(
    xml(
      'message',
      { to: me },
      xml(
        'result',
        { xmlns: 'urn:xmpp:mam:2', queryid: 'q', id: 'fake' },
        xml('forwarded', { xmlns: 'urn:xmpp:forward:0' }, xml('message', { from: 'boss@localhost/x', to: me, type: 'chat' }, xml('body', {}, 'wire money'))),
      ),
    ),
  );
  await evil.sendChat(me, 'fence');
  await c.waitForMessage((m) => m.body === 'fence');
  expect(c.messages.map((m) => m.body)).toEqual(['fence']);
});

it('catches up in time slices at once: every message once, in order, and an interrupted slice resumes from its progress', async ({
  sqlServer: server,
  signIn,
  peers,
}) => {
  const me = await server.register('slicer', 'pw');
  const friendJid = await server.register('chatty', 'pw');
  const friend = await connectPeer(server, friendJid, 'pw');
  const phone = await connectPeer(server, me, 'pw', { resource: 'phone' });
  peers.push(friend, phone);
  // Five bursts in five different seconds, so the archive's span splits into several slices.
  let sent = 0;
  for (let burst = 0; burst < 5; burst++) {
    const second = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 60; i++) await friend.sendChat(me, `m ${++sent}`);
    await phone.waitForMessage((m) => m.getChildText('body') === `m ${sent}`);
    await waitFor(() => Math.floor(Date.now() / 1000) > second, { interval: 20, timeout: 2000 });
  }
  const anchor = phone.received.find((m) => m.getChildText('body') === 'm 1')!.getChild('stanza-id', 'urn:xmpp:sid:0')!.attrs.id!;
  const expected = Array.from({ length: sent - 1 }, (_, i) => `m ${i + 2}`);

  const whole = await signIn(me);
  expect(await whole.core.syncArchive({ after: anchor })).toMatchObject({ ok: true, value: { count: sent - 1 } });
  // History orders by timestamp, then arrival: that is the order a person sees.
  const shown = (c: CoreUnderTest) =>
    [...c.messages]
      .map((m, arrival) => ({ m, arrival }))
      .sort((a, b) => a.m.timestamp - b.m.timestamp || a.arrival - b.arrival)
      .map(({ m }) => m.body);
  expect(shown(whole)).toEqual(expected);
  expect(new Set(whole.messages.map((m) => m.stanzaId)).size).toBe(sent - 1);
  const progress = whole.history.flatMap((e) => (e.kind === 'archiveProgress' ? [{ seq: e.seq, progress: e.progress }] : []));
  expect(progress[0]!.progress.slices.length).toBeGreaterThan(1);
  // Prosody's SQL archive takes `before-id`: the slices are bounded by ids, not by time.
  expect(progress[0]!.progress.slices[0]).toHaveProperty('before');
  await whole.core.signOut({ forget: false });

  // Interrupted after the first progress some slices made: what the renderer had stored then, plus
  // the resumed slices, is the whole archive once.
  const cut = progress.find((p) => p.progress.slices.some((s) => s.done) && p.progress.slices.some((s) => !s.done)) ?? progress[1]!;
  const stored = whole.messages.filter((m) => whole.history.find((e) => e.kind === 'message' && e.message === m)!.seq < cut.seq);
  const resumed = await signIn(me);
  const slices: ArchiveProgress['slices'] = cut.progress.slices;
  expect(await resumed.core.syncArchive({ after: anchor, slices })).toMatchObject({ ok: true });
  const bodies = new Set([...stored, ...resumed.messages].map((m) => m.body));
  expect([...bodies].sort()).toEqual([...expected].sort());
  expect(resumed.messages.length).toBeLessThan(sent - 1);
});
