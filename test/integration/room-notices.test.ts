import { describe, expect } from 'vitest';
import { xml } from '@xmpp/client';
import type { Preferences } from '../../src-shared/contract';
import { conversationKey, roomAt } from '../../src-shared/conversation';
import type { CoreUnderTest } from '../support/core';
import { integrationTest } from '../support/fixtures/integration';
import { MUC_DOMAIN } from '../support/prosody';
import { createRoom, joinRoom, leaveRoom, NS_MUC_ADMIN, sendGroupchat, waitForGroupchat } from '../support/room-peer';
import { waitFor } from '../support/wait';

/** The file's Prosody has the conference service; `signIn(me)` is Glance's core signed in as `me`. */
const it = integrationTest
  .override('serverOptions', { muc: true })
  .extend('signIn', async ({ server, newCore }) => async (me: string): Promise<CoreUnderTest> => {
    const c = newCore();
    expect(await c.core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${server.port}`, remember: false })).toMatchObject({ ok: true });
    await c.waitForSnapshot((s) => s.connection.status === 'online');
    return c;
  });

const NS_REFERENCE = 'urn:xmpp:reference:0';
let rooms = 0;
const freshRoom = (name: string) => `${name}-${++rooms}@${MUC_DOMAIN}`;

describe('a room’s quiet lines and mentions against Prosody', () => {
  it('makes a quiet line of each join, nick change, kick, leave and subject change after ours, none before', async ({ server, registerPeer, signIn }) => {
    const owner = await registerPeer('olive');
    const bob = await registerPeer('bob');
    const room = freshRoom('porch');
    await createRoom(owner, room, 'Olive', { 'muc#roomconfig_whois': 'anyone' });
    await owner.send(xml('message', { to: room, type: 'groupchat' }, xml('subject', {}, 'Before you came')));
    const glance = await signIn(await server.register('gwen', 'pw'));
    expect(await glance.core.joinRoom({ room, nick: 'Gwen' })).toMatchObject({ ok: true });
    await glance.waitForSnapshot((s) => s.rooms?.find((r) => r.jid === room)?.subject === 'Before you came');

    const notices = () => glance.messages.filter((m) => m.notice).map((m) => m.notice);
    const lineCount = (count: number) => waitFor(() => notices().length >= count || undefined, { message: () => JSON.stringify(notices()) });
    await joinRoom(bob, room, 'Bob', { maxstanzas: 0 });
    await bob.send(xml('presence', { to: `${room}/Bob` }, xml('show', {}, 'away')));
    await bob.send(xml('presence', { to: `${room}/Robert` }));
    await lineCount(2);
    await owner.iq(
      xml('iq', { type: 'set', to: room }, xml('query', { xmlns: NS_MUC_ADMIN }, xml('item', { nick: 'Robert', role: 'none' }, xml('reason', {}, 'too loud')))),
    );
    await joinRoom(bob, room, 'Bob', { maxstanzas: 0 });
    await leaveRoom(bob, room, 'Bob');
    await lineCount(5);
    await owner.send(xml('message', { to: room, type: 'groupchat' }, xml('subject', {}, 'Tea at five')));

    await lineCount(6);
    expect(notices()).toEqual([
      { what: 'joined', nick: 'Bob' },
      { what: 'nick', nick: 'Bob', newNick: 'Robert' },
      { what: 'kicked', nick: 'Robert', reason: 'too loud' },
      { what: 'joined', nick: 'Bob' },
      { what: 'left', nick: 'Bob' },
      { what: 'subject', subject: 'Tea at five', nick: 'Olive' },
    ]);
    const lines = glance.messages.filter((m) => m.notice);
    expect(lines.every((m) => m.conversation.jid === room && m.body === '' && m.direction === 'in')).toBe(true);
    expect(glance.events.notifications.filter((e) => e.kind === 'show')).toEqual([]);
  });

  it('reads a reference to us as a mention, sends ours as references, and a room set to mentions only notifies only for them', async ({
    server,
    registerPeer,
    signIn,
  }) => {
    const owner = await registerPeer('ivy');
    const room = freshRoom('hall');
    await createRoom(owner, room, 'Ivy', { 'muc#roomconfig_whois': 'anyone' });
    const me = await server.register('hazel', 'pw');
    const glance = await signIn(me);
    expect(await glance.core.joinRoom({ room, nick: 'Hazel' })).toMatchObject({ ok: true });
    const mutes: Preferences['mutes'] = {};
    mutes[conversationKey(roomAt(room))] = 'mentions';
    await glance.core.setPreferences({ mutes });

    await sendGroupchat(owner, room, 'nothing for you');
    // A reference by real address (the room is non-anonymous), the nickname in the body spelled otherwise.
    await sendGroupchat(owner, room, 'look, H.', [xml('reference', { xmlns: NS_REFERENCE, type: 'mention', begin: '6', end: '8', uri: `xmpp:${me}` })]);
    await sendGroupchat(owner, room, 'and Ivy talks to herself', [
      xml('reference', { xmlns: NS_REFERENCE, type: 'mention', begin: '4', end: '7', uri: `xmpp:${room}/Ivy` }),
    ]);
    const mention = await glance.waitForMessage((m) => m.body === 'look, H.');
    expect(mention.mentionsMe).toBe(true);
    expect((await glance.waitForMessage((m) => m.body === 'nothing for you')).mentionsMe).toBeUndefined();
    expect((await glance.waitForMessage((m) => m.body === 'and Ivy talks to herself')).mentionsMe).toBeUndefined();
    const shown = await waitFor(() => glance.events.notifications.find((e) => e.kind === 'show'));
    expect(shown).toMatchObject({ kind: 'show', intent: { conversation: roomAt(room), count: 1, body: expect.stringContaining('look, H.') } });
    expect(glance.events.notifications.filter((e) => e.kind === 'show')).toHaveLength(1);

    const body = 'thanks Ivy 🌿 Ivy';
    const result = await glance.core.sendMessage({
      conversation: roomAt(room),
      body,
      id: 'glance-mention-1',
      mentions: [
        { begin: 7, end: 10, nick: 'Ivy' },
        { begin: 13, end: 16, nick: 'Ivy' },
      ],
    });
    expect(result).toEqual({ ok: true, value: undefined });
    const received = await waitForGroupchat(owner, room, body);
    expect(received.getChildren('reference', NS_REFERENCE).map((r) => r.attrs)).toEqual([
      { xmlns: NS_REFERENCE, type: 'mention', begin: '7', end: '10', uri: `xmpp:${owner.bare}` },
      { xmlns: NS_REFERENCE, type: 'mention', begin: '13', end: '16', uri: `xmpp:${owner.bare}` },
    ]);
  });
});
