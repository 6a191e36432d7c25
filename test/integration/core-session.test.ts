import { EventEmitter } from 'node:events';
import { describe, expect, vi } from 'vitest';
import { xml } from '@xmpp/client';
import type { CoreUnderTest } from '../support/core';
import { integrationTest } from '../support/fixtures/integration';
import { connectPeer, type Peer } from '../support/peer';
import { freePort } from '../support/ports';
import { waitFor } from '../support/wait';
import { chatWith } from '../../src-shared/conversation';
import { StreamParser } from '../../src-main/core/xml/stream-parser';

const EventEmitterEmit = EventEmitter.prototype.emit;

const it = integrationTest
  /** `local()`: the plain server's address for the sign-in form. */
  .extend(
    'local',
    async ({ server }) =>
      () =>
        `127.0.0.1:${server.port}`,
  )
  /** `peer(user, password, resource?)`: a plain client, online, stopped after the test. */
  .extend('peer', async ({ server, peers }) => async (user: string, password: string, resource?: string): Promise<Peer> => {
    const p = await connectPeer(server, `${user}@localhost`, password, { resource });
    peers.push(p);
    // Without initial presence the server delivers neither chats to the bare JID nor subscription requests.
    await p.sendInitialPresence();
    return p;
  })
  /** `signedIn()`: a core signed in as juliet on the plain server. */
  .extend('signedIn', async ({ newCore: core, local }) => async (): Promise<CoreUnderTest> => {
    const c = core();
    const result = await c.core.signIn({ jid: 'juliet@localhost', password: 'balcony', server: local(), remember: false });
    expect(result.ok).toBe(true);
    return c;
  });

it.beforeAll(async ({ server, tlsServer }) => {
  await Promise.all([
    server.register('juliet', 'balcony'),
    server.register('romeo', 'montague'),
    server.register('nurse', 'nurse'),
    tlsServer.register('juliet', 'balcony'),
  ]);
});

describe('sign-in', () => {
  it('says the address is malformed', async ({ newCore: core }) => {
    const c = core();
    expect(await c.core.signIn({ jid: 'juliet', password: 'x', remember: false })).toEqual({ ok: false, error: 'malformed-address' });
  });

  it('says the password is wrong', async ({ newCore: core, local }) => {
    const c = core();
    expect(await c.core.signIn({ jid: 'juliet@localhost', password: 'wrong', server: local(), remember: false })).toEqual({
      ok: false,
      error: 'wrong-password',
    });
    await c.waitForSnapshot((s) => s.connection.status === 'failed' && s.connection.error.code === 'wrong-password');
  });

  it('says the server is unreachable', async ({ newCore: core }) => {
    const c = core();
    const port = await freePort();
    expect(await c.core.signIn({ jid: 'juliet@localhost', password: 'balcony', server: `127.0.0.1:${port}`, remember: false })).toEqual({
      ok: false,
      error: 'unreachable',
    });
  });

  it('rejects a certificate it cannot verify, even on loopback', async ({ newCore: core, tlsServer }) => {
    const c = core();
    expect(await c.core.signIn({ jid: 'juliet@localhost', password: 'balcony', server: `127.0.0.1:${tlsServer.port}`, remember: false })).toEqual({
      ok: false,
      error: 'tls-rejected',
    });
  });

  it('signs in and out, remembering the address', async ({ newCore: core, local }) => {
    const c = core();
    expect(await c.core.signIn({ jid: 'Juliet@localhost', password: 'balcony', server: local(), remember: true })).toEqual({ ok: true, value: undefined });
    await c.waitForSnapshot((s) => s.connection.status === 'online' && s.account === 'juliet@localhost');
    await c.core.signOut({ forget: false });
    const after = await c.waitForSnapshot((s) => s.connection.status === 'signed-out');
    expect(after.savedAccount).toEqual({ jid: 'juliet@localhost', server: local(), hasPassword: false });
  });
});

describe('signed in', () => {
  it('sends with id and origin-id, and receives', async ({ peer, signedIn }) => {
    const c = await signedIn();
    const romeo = await peer('romeo', 'montague');
    const id = crypto.randomUUID();
    expect(await c.core.sendMessage({ conversation: chatWith(romeo.bare), body: 'Wherefore art thou?', id })).toEqual({ ok: true, value: undefined });
    const got = await romeo.waitForMessage((m) => m.getChildText('body') === 'Wherefore art thou?');
    expect(got.attrs.id).toBe(id);
    expect(got.getChild('origin-id', 'urn:xmpp:sid:0')?.attrs.id).toBe(id);

    const replyId = await romeo.sendChat('juliet@localhost', 'Here, under the balcony');
    const received = await c.waitForMessage((m) => m.body === 'Here, under the balcony');
    expect(received).toMatchObject({
      conversation: chatWith('romeo@localhost'),
      sender: { jid: 'romeo@localhost' },
      direction: 'in',
      id: replyId,
      via: 'live',
    });
    expect(received.stanzaId).toBeTruthy();
    expect(received.stanzaIdBy).toBe('juliet@localhost');
  });

  it('parses the stream with StreamParser', async ({ peer, signedIn }) => {
    const parsed: string[] = [];
    const emit = vi.spyOn(StreamParser.prototype, 'emit').mockImplementation(function (this: StreamParser, event, ...args) {
      if (event === 'element') parsed.push(String(args[0]));
      return EventEmitterEmit.call(this, event, ...args);
    });
    try {
      const c = await signedIn();
      const romeo = await peer('romeo', 'montague');
      const body = `Parsed by ours: <&> 中文 😀 ${crypto.randomUUID()}`;
      await romeo.sendChat('juliet@localhost', body);
      expect(await c.waitForMessage((m) => m.body === body)).toMatchObject({ sender: { jid: 'romeo@localhost' }, via: 'live' });
      expect(parsed.some((stanza) => stanza.includes('Parsed by ours: &lt;&amp;&gt; 中文 😀'))).toBe(true);
    } finally {
      emit.mockRestore();
    }
  });

  it('shows messages sent from our other devices (carbons)', async ({ peer, signedIn }) => {
    const c = await signedIn();
    await c.waitForSnapshot((s) => s.connection.status === 'online');
    // Carbons are enabled after the roster; wait until the server has our presence too.
    const phone = await peer('juliet', 'balcony', 'phone');
    await waitFor(
      async () => {
        await phone.sendChat('romeo@localhost', 'probe');
        return c.messages.some((m) => m.body === 'probe');
      },
      { timeout: 10_000, interval: 300 },
    );
    await phone.sendChat('romeo@localhost', 'Sent from my phone');
    const carbon = await c.waitForMessage((m) => m.body === 'Sent from my phone');
    expect(carbon).toMatchObject({ conversation: chatWith('romeo@localhost'), sender: { jid: 'juliet@localhost' }, direction: 'out', via: 'carbon' });
  });

  it('handles a subscription request, roster and presence', async ({ peer, signedIn }) => {
    const c = await signedIn();
    const nurse = await peer('nurse', 'nurse');
    await nurse.sendInitialPresence();
    await nurse.subscribeTo('juliet@localhost');
    await c.waitForSnapshot((s) => s.requests.includes('nurse@localhost'));
    expect(await c.core.answerSubscription({ jid: 'nurse@localhost', accept: true })).toMatchObject({ ok: true });
    await nurse.waitForStanza((s) => s.is('presence') && s.attrs.type === 'subscribed');
    // We asked back; the nurse accepts, and her presence shows.
    await nurse.waitForStanza((s) => s.is('presence') && s.attrs.type === 'subscribe');
    await nurse.acceptSubscriptionsFrom('juliet@localhost');
    const seen = await c.waitForSnapshot((s) => s.contacts.some((x) => x.jid === 'nurse@localhost' && x.subscription === 'both'));
    expect(seen.requests).not.toContain('nurse@localhost');
    // Presence changes are ephemeral events, not snapshots; a renderer that starts finds them in its snapshot.
    await waitFor(() => c.ephemeral.some((e) => e.kind === 'presence' && e.jid === 'nurse@localhost' && e.presence === 'available'), {
      message: 'the nurse available',
    });
    const snapshotsBefore = c.snapshots.length;
    await nurse.presence({ show: 'dnd', status: 'on rounds' });
    await waitFor(() => (c.ephemeral.findLast((e) => e.kind === 'presence') as { presence?: string } | undefined)?.presence === 'dnd', {
      message: () => `the nurse busy; got ${JSON.stringify(c.ephemeral)}`,
    });
    expect(c.ephemeral.findLast((e) => e.kind === 'presence')).toEqual({ kind: 'presence', jid: 'nurse@localhost', presence: 'dnd', status: 'on rounds' });
    expect(c.snapshots.length, 'no snapshot for a presence change').toBe(snapshotsBefore);
    const secondRenderer = await c.core.getSnapshot();
    expect(secondRenderer.contacts.find((x) => x.jid === 'nurse@localhost')).toMatchObject({ presence: 'dnd', status: 'on rounds' });

    expect(await c.core.removeContact({ jid: 'nurse@localhost' })).toMatchObject({ ok: true });
    await c.waitForSnapshot((s) => !s.contacts.some((x) => x.jid === 'nurse@localhost'));
  });

  it('adds a contact with a name and asks to see their presence', async ({ peer, signedIn }) => {
    const c = await signedIn();
    const romeo = await peer('romeo', 'montague');
    expect(await c.core.addContact({ jid: 'romeo@localhost', name: 'Romeo Montague' })).toMatchObject({ ok: true });
    await romeo.waitForStanza((s) => s.is('presence') && s.attrs.type === 'subscribe' && s.attrs.from === 'juliet@localhost');
    await c.waitForSnapshot((s) => s.contacts.some((x) => x.jid === 'romeo@localhost' && x.name === 'Romeo Montague' && x.pending));
    expect(await c.core.addContact({ jid: 'not an address' })).toEqual({ ok: false, error: 'malformed-address' });
  });

  it('adding someone already in the roster keeps the name and groups given elsewhere (a roster set replaces the whole item)', async ({ peer, signedIn }) => {
    const c = await signedIn();
    // Juliet's phone files the nurse under two groups (RFC 6121 §2.1.2.3, a roster set as its examples send it).
    const phone = await peer('juliet', 'balcony', 'phone');
    await phone.iq(
      xml(
        'iq',
        { type: 'set' },
        xml(
          'query',
          { xmlns: 'jabber:iq:roster' },
          xml('item', { jid: 'nurse@localhost', name: 'Nurse' }, xml('group', {}, 'Household'), xml('group', {}, 'Verona')),
        ),
      ),
    );
    await c.waitForSnapshot((s) => s.contacts.some((x) => x.jid === 'nurse@localhost' && x.groups.length === 2));
    expect(await c.core.addContact({ jid: 'nurse@localhost' })).toMatchObject({ ok: true });
    const item = (await phone.iq(xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' }))))
      .getChild('query', 'jabber:iq:roster')!
      .getChildren('item')
      .find((i) => i.attrs.jid === 'nurse@localhost')!;
    expect(item.attrs.name).toBe('Nurse');
    // Groups are a set (RFC 6121 §2.1.2.2): the server may list them in any order.
    expect(
      item
        .getChildren('group')
        .map((g) => g.text())
        .sort(),
    ).toEqual(['Household', 'Verona']);
    expect(await c.core.removeContact({ jid: 'nurse@localhost' })).toMatchObject({ ok: true });
  });

  it("answers a server's refusal with its defined condition, a code the page has a sentence for", async ({ signedIn }) => {
    const c = await signedIn();
    // RFC 6121 §2.5.3: removing an item the roster does not hold is `item-not-found`.
    expect(await c.core.removeContact({ jid: 'stranger@localhost' })).toEqual({ ok: false, error: 'item-not-found' });
  });

  it('reconnects with backoff after the server goes away and comes back', async ({ peer, signedIn, server }) => {
    const c = await signedIn();
    const before = c.snapshots.length;
    await server.restart();
    const dropped = await waitFor(() => c.snapshots.slice(before).find((s) => s.connection.status === 'connecting'));
    expect(dropped.connection).toMatchObject({ attempt: 1, lastError: { code: 'unreachable' } });
    await waitFor(
      () =>
        c.snapshots.slice(before).some((s, i, all) => s.connection.status === 'online' && all.slice(0, i).some((x) => x.connection.status === 'connecting')),
      {
        timeout: 20_000,
        message: 'back online',
      },
    );
    const romeo = await peer('romeo', 'montague');
    await romeo.sendChat('juliet@localhost', 'Back again');
    await c.waitForMessage((m) => m.body === 'Back again');
  });

  it('refuses unknown commands and links outside the allow-list', async ({ signedIn }) => {
    const c = await signedIn();
    const { dispatchCommand } = await import('../../src-main/core/dispatch');
    await expect(dispatchCommand(c.core, 'constructor', {})).rejects.toThrow(/Unknown command/);
    await expect(dispatchCommand(c.core, 'route', {})).rejects.toThrow(/Unknown command/);
    expect(await c.core.openExternal({ url: 'javascript:alert(1)' })).toEqual({ ok: false, error: 'refused' });
    expect(await c.core.openExternal({ url: 'https://example.org/' })).toMatchObject({ ok: true });
    expect(c.opened).toEqual(['https://example.org/']);
    void xml;
  });
});
