import { readFileSync } from 'node:fs';
import path from 'node:path';
import parse from '@xmpp/xml/lib/parse.js';
import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { buildChatMessage, parseChatMessage } from '../../src-main/core/protocol/message-codec';
import { buildOwnPresence, buildSubscriptionPresence, parsePresence } from '../../src-main/core/protocol/presence-codec';
import { buildRosterGet, buildRosterRemove, buildRosterSet, parseRosterItems, parseRosterVersion } from '../../src-main/core/protocol/roster-codec';
import { NS } from '../../src-main/core/protocol/namespaces';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures/stanzas', name), 'utf8').trim();
const stanza = (name: string) => parse(fixture(name));
const OWN = 'juliet@capulet.lit';

describe('chat message codec', () => {
  it('reads a live message, trusting only the stanza-id our own server assigned', () => {
    expect(parseChatMessage(stanza('chat-in.xml'), OWN)).toStrictEqual({
      conversation: { kind: 'chat', jid: 'romeo@montague.lit' },
      direction: 'in',
      sender: { jid: 'romeo@montague.lit' },
      from: 'romeo@montague.lit/phone',
      id: 'm-1',
      originId: 'm-1',
      stanzaId: 'sid-1',
      stanzaIdBy: OWN,
      body: 'Art thou there?',
      delayedAt: undefined,
      via: 'live',
      markable: false,
    });
  });

  it('reads a sent carbon from our own account as an outgoing message in the chat with the other party', () => {
    expect(parseChatMessage(stanza('carbon-sent.xml'), OWN)).toMatchObject({
      conversation: { kind: 'chat', jid: 'romeo@montague.lit' },
      direction: 'out',
      sender: { jid: OWN },
      from: 'juliet@capulet.lit/phone',
      id: 'm-2',
      originId: 'm-2',
      body: 'On my way',
      via: 'carbon',
    });
  });

  it('names no archive for a message without a stanza-id from our server', () => {
    expect(parseChatMessage(stanza('carbon-sent.xml'), OWN)).not.toHaveProperty('stanzaIdBy');
  });

  it('drops a carbon that does not come from our own account', () => {
    expect(parseChatMessage(stanza('carbon-forged.xml'), OWN)).toBeUndefined();
  });

  it('takes the time of a delayed message from its delay stamp', () => {
    expect(parseChatMessage(stanza('chat-delayed.xml'), OWN)?.delayedAt).toBe(Date.parse('2026-11-20T08:15:00Z'));
  });

  it('ignores messages without a body and group chat messages', () => {
    expect(
      parseChatMessage(parse('<message from="a@b.c/x" type="chat"><active xmlns="http://jabber.org/protocol/chatstates"/></message>'), OWN),
    ).toBeUndefined();
    expect(parseChatMessage(parse('<message from="room@muc.b.c/x" type="groupchat"><body>hi</body></message>'), OWN)).toBeUndefined();
  });

  it('builds an outgoing message with id and origin-id, escaping the text', () => {
    expect(buildChatMessage('romeo@montague.lit', 'Hello <b> & you', 'c0ffee-1234').toString()).toBe(fixture('chat-out.xml'));
  });

  it('reads back what it builds', () => {
    const built = parse(buildChatMessage('romeo@montague.lit', 'x\ny', 'id-12345678').toString());
    built.attrs.from = `${OWN}/glance`;
    expect(parseChatMessage(built, OWN)).toMatchObject({
      conversation: { kind: 'chat', jid: 'romeo@montague.lit' },
      direction: 'out',
      body: 'x\ny',
      originId: 'id-12345678',
    });
  });
});

describe('roster codec', () => {
  it('reads items with their groups, normalising JIDs, skipping malformed ones and reporting removals', () => {
    expect(parseRosterItems(stanza('roster-result.xml').getChild('query', NS.roster))).toEqual([
      { jid: 'romeo@montague.lit', name: 'Romeo', subscription: 'both', pending: false, groups: ['Friends', 'Verona'] },
      { jid: 'nurse@capulet.lit', name: undefined, subscription: 'none', pending: true, groups: [] },
      { jid: 'tybalt@capulet.lit', name: undefined, subscription: 'from', pending: false, groups: [] },
      { jid: 'benvolio@montague.lit', removed: true },
    ]);
  });

  it('builds roster set and remove requests', () => {
    expect(buildRosterSet('romeo@montague.lit', 'Romeo').toString()).toBe(
      '<iq type="set"><query xmlns="jabber:iq:roster"><item jid="romeo@montague.lit" name="Romeo"/></query></iq>',
    );
    expect(buildRosterSet('romeo@montague.lit', undefined, ['Family', 'Verona']).toString()).toBe(
      '<iq type="set"><query xmlns="jabber:iq:roster"><item jid="romeo@montague.lit"><group>Family</group><group>Verona</group></item></query></iq>',
    );
    expect(buildRosterRemove('romeo@montague.lit').toString()).toBe(
      '<iq type="set"><query xmlns="jabber:iq:roster"><item jid="romeo@montague.lit" subscription="remove"/></query></iq>',
    );
  });

  it('asks for the roster with the version held (RFC 6121 §2.6.2) and reads the version of a result or push', () => {
    expect(buildRosterGet().toString()).toBe('<iq type="get"><query xmlns="jabber:iq:roster"/></iq>');
    expect(buildRosterGet('').toString()).toBe('<iq type="get"><query xmlns="jabber:iq:roster" ver=""/></iq>');
    expect(buildRosterGet('ver14').toString()).toBe('<iq type="get"><query xmlns="jabber:iq:roster" ver="ver14"/></iq>');
    expect(parseRosterVersion(stanza('roster-result.xml').getChild('query', NS.roster))).toBe('v1');
    expect(parseRosterVersion(xml('query', { xmlns: NS.roster }))).toBeUndefined();
    const push = xml('iq', { type: 'set' }, xml('query', { xmlns: NS.roster, ver: 'ver15' }, xml('item', { jid: 'romeo@montague.lit' })));
    expect(parseRosterVersion(push.getChild('query', NS.roster))).toBe('ver15');
    expect(parseRosterVersion(undefined)).toBeUndefined();
  });
});

describe('presence codec', () => {
  it.each([
    ['<presence from="r@m.lit/a"/>', { kind: 'availability', from: 'r@m.lit', resource: 'a', presence: 'available', status: undefined }],
    [
      '<presence from="r@m.lit/a"><show>chat</show></presence>',
      { kind: 'availability', from: 'r@m.lit', resource: 'a', presence: 'available', status: undefined },
    ],
    ['<presence from="r@m.lit/a"><show>dnd</show></presence>', { kind: 'availability', from: 'r@m.lit', resource: 'a', presence: 'dnd', status: undefined }],
    ['<presence from="r@m.lit/a" type="unavailable"/>', { kind: 'availability', from: 'r@m.lit', resource: 'a', presence: 'offline', status: undefined }],
    ['<presence from="R@M.lit" type="subscribe"/>', { kind: 'subscribe', from: 'r@m.lit' }],
    ['<presence from="r@m.lit" type="probe"/>', undefined],
    ['<presence type="subscribe"/>', undefined],
  ])('%s', (xmlText, expected) => {
    expect(parsePresence(parse(xmlText))).toEqual(expected);
  });

  it('reads xa as away, with its status', () => {
    expect(parsePresence(stanza('presence-away.xml'))).toMatchObject({ presence: 'away', status: 'Under the balcony' });
  });

  it('builds our own presence and subscription answers', () => {
    expect(buildOwnPresence('available').toString()).toBe('<presence/>');
    expect(buildOwnPresence('dnd', 'Busy').toString()).toBe('<presence><show>dnd</show><status>Busy</status></presence>');
    expect(buildSubscriptionPresence('r@m.lit', 'subscribed').toString()).toBe('<presence to="r@m.lit" type="subscribed"/>');
  });
});
