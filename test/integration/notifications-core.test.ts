import { expect } from 'vitest';
import { xml } from '@xmpp/client';
import { integrationTest } from '../support/fixtures/integration';
import { connectPeer, makeContacts, type Peer } from '../support/peer';
import { createCore, type CoreUnderTest } from '../support/core';
import { buildMdsPublish } from '../support/read-status-setup';
import { waitFor } from '../support/wait';
import { chatWith, conversationKey } from '../../src-shared/conversation';
import type { MuteSetting, Preferences } from '../../src-shared/contract';

let n = 0;

/** `setUp`: Glance's core signed in as a fresh account, its contact `friend`, and its own `phone`. */
const it = integrationTest.extend('setUp', async ({ server, peers, registerPeer, newCore }) => async () => {
  n += 1;
  const me = await server.register(`notified${n}`, 'pw');
  const friend = await registerPeer(`sender${n}`);
  const phone = await connectPeer(server, me, 'pw', { resource: 'phone' });
  peers.push(phone);
  await makeContacts(phone, friend);
  const c = newCore();
  await c.core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${server.port}`, remember: false });
  return { c, me, friend, phone };
});

/** The `mutes` preference with one chat set (a ConversationKey does not survive a computed key's typing). */
function muteChat(jid: string, setting: MuteSetting): Preferences['mutes'] {
  const mutes: Preferences['mutes'] = {};
  mutes[conversationKey(chatWith(jid))] = setting;
  return mutes;
}

const shown = (c: CoreUnderTest) => c.events.notifications.filter((e) => e.kind === 'show');
/** A message that is not notified must still reach the core first: wait for it, then look. */
async function deliveredWithoutNotification(c: CoreUnderTest, friend: Peer, me: string, body: string) {
  const before = shown(c).length;
  await friend.sendChat(me, body);
  await c.waitForMessage((m) => m.body === body);
  await new Promise((resolve) => setImmediate(resolve));
  expect(shown(c).length).toBe(before);
}

it('one notification per conversation, replaced with the count, closed when read here or elsewhere', async ({ setUp }) => {
  const { c, me, friend, phone } = await setUp();
  await waitFor(() => c.latest()?.contacts.some((x) => x.jid === friend.bare));
  await friend.sendChat(me, 'one');
  await waitFor(() => shown(c).length === 1);
  expect(shown(c)[0]).toMatchObject({ intent: { conversation: chatWith(friend.bare), count: 1, body: 'one' } });
  for (let i = 2; i <= 10; i += 1) await friend.sendChat(me, `msg ${i}`);
  await waitFor(() => shown(c).at(-1)?.kind === 'show' && (shown(c).at(-1) as { intent: { count: number } }).intent.count === 10);

  const last = await c.waitForMessage((m) => m.body === 'msg 10');
  await c.core.markDisplayed({ conversation: chatWith(friend.bare), stanzaId: last.stanzaId });
  await waitFor(() => c.events.notifications.at(-1)?.kind === 'close');
  expect(c.events.notifications.at(-1)).toEqual({ kind: 'close', conversation: chatWith(friend.bare) });

  await friend.sendChat(me, 'again');
  const again = await c.waitForMessage((m) => m.body === 'again');
  await waitFor(() => (shown(c).at(-1) as { intent: { body: string } }).intent.body === 'again');
  await phone.iq(buildMdsPublish(friend.bare, me, again.stanzaId!));
  await waitFor(() => c.events.notifications.at(-1)?.kind === 'close', { message: 'closed by MDS from the phone' });
});

it('writes notifications in the language chosen in Settings', async ({ setUp }) => {
  const { c, me, friend } = await setUp();
  await waitFor(() => c.latest()?.contacts.some((x) => x.jid === friend.bare));
  await c.core.setPreferences({ locale: 'zh-CN', notificationPrivacy: 'sender' });
  const body = () => (shown(c).at(-1) as { intent: { body: string } } | undefined)?.intent.body;
  await friend.sendChat(me, 'one');
  await waitFor(() => body() === '新消息', { message: () => `last notification: ${body()}` });
  await friend.sendChat(me, 'two');
  await waitFor(() => body() === '2 条新消息', { message: () => `last notification: ${body()}` });
});

it('nothing for a muted conversation, under Do Not Disturb, or while the person reads it', async ({ setUp }) => {
  const { c, me, friend } = await setUp();
  await waitFor(() => c.latest()?.contacts.some((x) => x.jid === friend.bare));
  await c.core.setPreferences({ mutes: muteChat(friend.bare, 'all') });
  await deliveredWithoutNotification(c, friend, me, 'muted');
  await c.core.setPreferences({ mutes: muteChat(friend.bare, 'none') });
  await c.core.setPresence({ show: 'dnd' });
  await deliveredWithoutNotification(c, friend, me, 'dnd');
  await c.core.setPresence({ show: 'available' });
  await c.core.reportReading({ conversation: chatWith(friend.bare) });
  await deliveredWithoutNotification(c, friend, me, 'reading');
  await c.core.reportReading({ conversation: null });
  await friend.sendChat(me, 'now it shows');
  await waitFor(() => shown(c).some((e) => e.kind === 'show' && e.intent.body === 'now it shows'));
});

it('after being offline, what was read on another device does not notify; the rest notifies once per conversation', async ({ setUp, server, cores }) => {
  const { c, me, friend, phone } = await setUp();
  await c.core.signOut({ forget: false });
  // While Glance is away the phone reads the first two; the third is still unread.
  await friend.sendChat(me, 'read on phone 1');
  await friend.sendChat(me, 'read on phone 2');
  const copy = await phone.waitForMessage((m) => m.getChildText('body') === 'read on phone 2');
  await phone.iq(buildMdsPublish(friend.bare, me, copy.getChild('stanza-id', 'urn:xmpp:sid:0')!.attrs.id!));
  const again = createCore();
  cores.push(again);
  await again.core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${server.port}`, remember: false });
  const sync = await again.core.syncArchive({});
  expect(sync.ok).toBe(true);
  await waitFor(() => again.messages.some((m) => m.body === 'read on phone 2'));
  await waitFor(() =>
    again.events.readPoints.some((p) => p.source === 'mds' && p.conversation.jid === friend.bare && p.conversation.kind === 'chat' && p.stanzaIdBy === me),
  );
  await new Promise((resolve) => setImmediate(resolve));
  expect(shown(again)).toEqual([]);

  await c.core.stop();
  await friend.sendChat(me, 'new one');
  await waitFor(() => shown(again).length === 1);
  expect(shown(again)[0]).toMatchObject({ intent: { body: 'new one', count: 1 } });
  void xml;
});
