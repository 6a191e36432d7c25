import { readFileSync } from 'node:fs';
import path from 'node:path';
import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import type { EphemeralEvent, Events, NumberedHistoryEvent } from '../../src-shared/contract';
import { chatWith } from '../../src-shared/conversation';
import { memoryAccountStore, memoryPreferencesStore } from '../../src-main/core/account-store';
import { composeCore } from '../../src-main/core/glance-core';
import { silentLogger } from '../../src-main/core/log';
import { createCoreContext } from '../../src-main/core/modules/context';
import type { CoreModule } from '../../src-main/core/modules/module';
import { advertisedFeatures, commandTable, routeStanza } from '../../src-main/core/modules/routing';
import { stanzaKind, STANZA_KINDS, type StanzaKind } from '../../src-main/core/modules/stanza-kind';

const fixture = (name: string) => parse(readFileSync(path.join(__dirname, '../fixtures/stanzas', name), 'utf8').trim());
const OWN = 'juliet@capulet.lit';

function core() {
  const history: NumberedHistoryEvent[] = [];
  const ephemeral: EphemeralEvent[] = [];
  const sent: string[] = [];
  const ctx = createCoreContext(
    { accounts: memoryAccountStore(), preferences: memoryPreferencesStore(), log: silentLogger, systemLocale: () => 'en', openExternal: async () => undefined },
    <K extends keyof Events>(name: K, payload: Events[K]) => {
      if (name === 'history') history.push(...(payload as NumberedHistoryEvent[]));
      if (name === 'ephemeral') ephemeral.push(...(payload as EphemeralEvent[]));
    },
  );
  ctx.roster.replace([{ jid: 'romeo@montague.lit', subscription: 'both', pending: false, groups: [] }]);
  const { modules, table } = composeCore(ctx);
  const link = { bare: OWN, send: async (element: { toString(): string }) => void sent.push(element.toString()) };
  return { ctx, modules, table, history, ephemeral, sent, route: (xml: string) => routeStanza(table, parse(xml), link, silentLogger) };
}

const handledBy = (modules: readonly CoreModule<never>[], kind: StanzaKind) => modules.filter((m) => m.stanzas?.[kind]).map((m) => m.name);

describe('the routing table', () => {
  it.each<[string, string, StanzaKind | undefined, string[]]>([
    ['a chat message', fixture('chat-in.xml').toString(), 'message:chat', ['chat messages', 'message actions', 'typing', 'receipts and markers']],
    ['a sent carbon', fixture('carbon-sent.xml').toString(), 'message:chat', ['chat messages', 'message actions', 'typing', 'receipts and markers']],
    [
      'a receipt and a marker',
      fixture('receipt-and-marker-in.xml').toString(),
      'message:chat',
      ['chat messages', 'message actions', 'typing', 'receipts and markers'],
    ],
    ['an archive result', fixture('mam-result.xml').toString(), 'message:archive-result', ['archive (MAM)']],
    ['an MDS push', fixture('mds-event.xml').toString(), 'message:pubsub-event', ['profiles', 'displayed sync (MDS)', 'bookmarks']],
    [
      'a contact’s presence (or a room’s refusal of our join)',
      fixture('presence-away.xml').toString(),
      'presence',
      ['presence', 'profiles', 'group chats (MUC)'],
    ],
    [
      'an occupant’s presence in a room',
      `<presence xmlns="jabber:client" from="hall@rooms.capulet.lit/tybalt"><x xmlns="http://jabber.org/protocol/muc#user"><item affiliation="member" role="participant"/></x></presence>`,
      'presence:room',
      ['group chats (MUC)', 'read status in rooms'],
    ],
    ['a subscription request', `<presence xmlns="jabber:client" from="nurse@capulet.lit" type="subscribe"/>`, 'presence:subscription', ['roster']],
    [
      'an error for one of ours',
      `<message xmlns="jabber:client" type="error" from="romeo@montague.lit" id="m-1"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></message>`,
      'message:error',
      ['chat messages', 'group chats (MUC)', 'group chat invitations and moderation'],
    ],
    [
      'a group chat message',
      `<message xmlns="jabber:client" type="groupchat" from="hall@rooms.capulet.lit/tybalt"><body>hi</body></message>`,
      'message:groupchat',
      ['typing', 'group chats (MUC)', 'read status in rooms', 'group chat invitations and moderation'],
    ],
    [
      'a direct invitation (XEP-0249), never a chat message',
      `<message xmlns="jabber:client" from="crone1@shakespeare.lit/desktop" to="hecate@shakespeare.lit"><x xmlns="jabber:x:conference" jid="darkcave@macbeth.shakespeare.lit"/></message>`,
      'message:invitation',
      ['group chat invitations and moderation'],
    ],
    [
      'a mediated invitation (XEP-0045 §7.8.2), with the room’s body',
      `<message xmlns="jabber:client" from="coven@chat.shakespeare.lit" to="hecate@shakespeare.lit"><x xmlns="http://jabber.org/protocol/muc#user"><invite from="crone1@shakespeare.lit/desktop"/></x><body>You have been invited</body></message>`,
      'message:invitation',
      ['group chat invitations and moderation'],
    ],
    ['an IQ (iqCallee routes those)', `<iq xmlns="jabber:client" type="get" id="1"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`, undefined, []],
  ])('%s → %s', (_, xml, kind, modules) => {
    const { modules: list } = core();
    expect(stanzaKind(parse(xml))).toBe(kind);
    expect(kind ? handledBy(list, kind) : []).toEqual(modules);
  });

  it('holds, for each kind, exactly the handlers the modules declare, in module order', () => {
    const { modules, table } = core();
    for (const kind of STANZA_KINDS) {
      expect(table.get(kind) ?? []).toEqual(modules.flatMap((m) => (m.stanzas?.[kind] ? [m.stanzas[kind]] : [])));
    }
  });

  it('routes message actions and chat states: a correction is an event of its own and gets its receipt; states from our own devices, offline storage or the archive show no typing', async () => {
    const c = core();
    const romeo = `from="romeo@montague.lit/phone" to="${OWN}/glance"`;
    c.route(
      `<message xmlns="jabber:client" type="chat" ${romeo} id="c-1"><body>fixed</body><replace xmlns="urn:xmpp:message-correct:0" id="m-1"/><request xmlns="urn:xmpp:receipts"/></message>`,
    );
    c.route(`<message xmlns="jabber:client" type="chat" ${romeo}><composing xmlns="http://jabber.org/protocol/chatstates"/></message>`);
    c.route(
      `<message xmlns="jabber:client" from="${OWN}" to="${OWN}/glance"><sent xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0"><message xmlns="jabber:client" type="chat" from="${OWN}/phone" to="romeo@montague.lit"><composing xmlns="http://jabber.org/protocol/chatstates"/></message></forwarded></sent></message>`,
    );
    c.route(
      `<message xmlns="jabber:client" type="chat" ${romeo}><paused xmlns="http://jabber.org/protocol/chatstates"/><delay xmlns="urn:xmpp:delay" stamp="2020-01-01T00:00:00Z"/></message>`,
    );
    await c.ctx.feed.flushed();
    expect(c.history).toEqual([
      expect.objectContaining({ kind: 'correction', correction: expect.objectContaining({ target: 'm-1', id: 'c-1', body: 'fixed', direction: 'in' }) }),
    ]);
    expect(c.sent).toEqual([`<message to="romeo@montague.lit/phone" id="receipt-c-1"><received xmlns="urn:xmpp:receipts" id="c-1"/></message>`]);
    // the correction (a message) ends typing, the composing starts it; our carbon and the delayed paused change nothing
    expect(c.ephemeral).toEqual([{ kind: 'typing', conversation: chatWith('romeo@montague.lit'), composing: true }]);
  });

  it('delivers what each kind means: a message, then what it acknowledges, the receipt owed, read points, presence', async () => {
    const c = core();
    c.route(
      `<message xmlns="jabber:client" type="chat" from="romeo@montague.lit/phone" to="${OWN}/glance" id="m-9"><body>hi</body><request xmlns="urn:xmpp:receipts"/><received xmlns="urn:xmpp:receipts" id="m-7"/></message>`,
    );
    c.route(fixture('mds-event.xml').toString());
    c.route(fixture('presence-away.xml').toString());
    await c.ctx.feed.flushed();
    expect(c.history.map((e) => [e.seq, e.kind])).toEqual([
      [1, 'message'],
      [2, 'status'],
      [3, 'readPoint'],
    ]);
    expect(c.history[1]).toMatchObject({ status: { conversation: chatWith('romeo@montague.lit'), id: 'm-7', status: 'delivered' } });
    expect(c.history[2]).toMatchObject({ readPoint: { stanzaId: 'sid-9', source: 'mds' } });
    expect(c.sent).toEqual([`<message to="romeo@montague.lit/phone" id="receipt-m-9"><received xmlns="urn:xmpp:receipts" id="m-9"/></message>`]);
    // the message ends Romeo's typing, if any showed
    expect(c.ephemeral).toEqual([
      { kind: 'typing', conversation: { kind: 'chat', jid: 'romeo@montague.lit' }, composing: false },
      { kind: 'presence', jid: 'romeo@montague.lit', presence: 'away', status: 'Under the balcony' },
    ]);
  });
});

describe('the blocklist gate (XEP-0191)', () => {
  it('keeps everything from a blocked address from every module: messages, receipts, presence, requests', async () => {
    const c = core();
    c.ctx.blocklist.replace(['romeo@montague.lit', 'nurse@capulet.lit']);
    c.route(
      `<message xmlns="jabber:client" type="chat" from="romeo@montague.lit/phone" to="${OWN}/glance" id="m-9"><body>hi</body><request xmlns="urn:xmpp:receipts"/><received xmlns="urn:xmpp:receipts" id="m-7"/></message>`,
    );
    c.route(fixture('presence-away.xml').toString());
    c.route(`<presence xmlns="jabber:client" from="nurse@capulet.lit" type="subscribe"/>`);
    // Our own message to them (a sent carbon) is ours, not theirs: it is kept.
    c.route(fixture('carbon-sent.xml').toString());
    await c.ctx.feed.flushed();
    expect(c.history.map((e) => (e.kind === 'message' ? [e.message.direction, e.message.body] : e.kind))).toEqual([['out', expect.any(String)]]);
    expect(c.sent).toEqual([]);
    expect(c.ephemeral).toEqual([]);
    expect(c.ctx.roster.requests()).toEqual([]);
  });
});

describe('the modules together', () => {
  it('advertise the union of their features, each once', () => {
    const { modules } = core();
    const features = advertisedFeatures(modules);
    expect(new Set(features)).toEqual(new Set(modules.flatMap((m) => m.features ?? [])));
    expect(features).toHaveLength(new Set(features).size);
    expect([...features].sort()).toEqual(
      [
        'http://jabber.org/protocol/caps',
        'http://jabber.org/protocol/disco#info',
        'http://jabber.org/protocol/muc',
        'jabber:x:conference',
        'urn:xmpp:bookmarks:1+notify',
        'urn:xmpp:chat-markers:0',
        'urn:xmpp:mds:displayed:0+notify',
        'urn:xmpp:ping',
        'urn:xmpp:receipts',
        'urn:xmpp:sid:0',
        'urn:xmpp:message-correct:0',
        'urn:xmpp:message-retract:1',
        'urn:xmpp:reactions:0',
        'http://jabber.org/protocol/chatstates',
        'urn:xmpp:avatar:metadata+notify',
        'http://jabber.org/protocol/nick+notify',
      ].sort(),
    );
    const extra: CoreModule = { name: 'extra', features: ['urn:example:extra', 'urn:xmpp:receipts'] };
    expect(advertisedFeatures([...modules, extra])).toEqual([...features, 'urn:example:extra']);
  });

  it('answer disco#info with exactly those features', () => {
    const { modules } = core();
    const [discoInfo] = modules.flatMap((m) => m.iqs ?? []).filter((iq) => iq.xmlns === 'http://jabber.org/protocol/disco#info');
    const answer = discoInfo.handle({ stanza: parse('<iq/>'), element: parse('<query node="n#v"/>') }, undefined as never) as ReturnType<typeof parse>;
    expect(answer.getChildren('feature').map((f) => f.attrs.var)).toEqual(advertisedFeatures(modules));
  });

  it('make the whole snapshot together, each part from the module that owns it', () => {
    const { ctx } = core();
    const snapshot = ctx.wiring.snapshot();
    expect(Object.keys(snapshot).sort()).toEqual([
      'account',
      'blocked',
      'connection',
      'contacts',
      'invitations',
      'ownPresence',
      'ownProfile',
      'preferences',
      'profiles',
      'requests',
      'rooms',
      'savedAccount',
      'systemLocale',
      'upload',
    ]);
    expect(snapshot).toMatchObject({ connection: { status: 'signed-out' }, ownPresence: 'available', systemLocale: 'en', requests: [], upload: null });
    expect(snapshot.contacts).toEqual([
      { jid: 'romeo@montague.lit', name: 'romeo', subscription: 'both', pending: false, groups: [], presence: 'offline', status: undefined },
    ]);
  });

  it('serve every command once; a command served twice is refused', () => {
    const { modules } = core();
    expect(Object.keys(commandTable(modules)).sort()).toEqual(modules.flatMap((m) => Object.keys(m.commands ?? {})).sort());
    const twice = [...modules, { name: 'again', commands: { ackHistory: async () => undefined } } satisfies CoreModule<'ackHistory'>] as const;
    // @ts-expect-error -- the command table's type refuses a command served twice
    expect(() => commandTable(twice)).toThrow('command ackHistory served twice (again)');
  });
});
