import { readFileSync } from 'node:fs';
import path from 'node:path';
import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import { buildMamQuery, parseFin, parseMamResult } from '../../src-main/core/archive/mam-codec';
import { acknowledgementEvents, shouldSendReceipt } from '../../src-main/core/acknowledgements';
import { buildDiscoInfo, capsVersion } from '../../src-main/core/protocol/caps-codec';
import { buildMdsPublish, parseMdsEvent } from '../../src-main/core/protocol/mds-codec';
import { openEnvelope, type Envelope } from '../../src-main/core/protocol/message-codec';
import { buildDisplayedMarker, buildReceipt, readAcknowledgements } from '../../src-main/core/protocol/receipts-markers-codec';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures/stanzas', name), 'utf8').trim();
const OWN = 'juliet@capulet.lit';
const ROMEO = { kind: 'chat', jid: 'romeo@montague.lit' } as const;

describe('receipts and displayed markers (XEP-0184, XEP-0333)', () => {
  it('reads a receipt and a marker from the other party as delivered and read', () => {
    const stanza = parse(fixture('receipt-and-marker-in.xml'));
    expect(readAcknowledgements(stanza)).toEqual({ receivedId: 'm-7', displayedId: 'm-6', receiptRequested: false, markable: false });
    expect(acknowledgementEvents(openEnvelope(stanza, OWN)!, 5)).toEqual({
      statuses: [
        { conversation: ROMEO, id: 'm-7', status: 'delivered', at: 5 },
        { conversation: ROMEO, id: 'm-6', status: 'read', at: 5 },
      ],
      readPoints: [],
    });
  });

  it('reads our own marker, carbon-copied from another device, as a read point', () => {
    const carbon = parse(
      `<message xmlns="jabber:client" from="${OWN}" to="${OWN}/glance"><sent xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0">${fixture('displayed-out.xml').replace('<message ', `<message xmlns="jabber:client" from="${OWN}/phone" `)}</forwarded></sent></message>`,
    );
    expect(acknowledgementEvents(openEnvelope(carbon, OWN)!, 5)).toEqual({
      statuses: [],
      readPoints: [{ conversation: ROMEO, messageId: 'm-1', source: 'carbon-marker' }],
    });
  });

  it('builds the receipt and the marker exactly', () => {
    expect(buildReceipt('romeo@montague.lit/phone', 'm-1').toString()).toBe(fixture('receipt-out.xml'));
    expect(buildDisplayedMarker('romeo@montague.lit', 'm-1', 'mk-1').toString()).toBe(fixture('displayed-out.xml'));
    expect(readAcknowledgements(parse(fixture('displayed-out.xml'))).displayedId).toBe('m-1');
  });
});

describe('shouldSendReceipt (XEP-0184 §5.4)', () => {
  const asked = parse(
    `<message xmlns="jabber:client" from="romeo@montague.lit/phone" to="${OWN}/glance" type="chat" id="m-9"><body>hi</body><request xmlns="urn:xmpp:receipts"/></message>`,
  );
  const envelope = openEnvelope(asked, OWN)!;
  const base = { envelope, hasBody: true, messageId: 'm-9', sendReadMarkers: true, contactMaySeePresence: true };
  it.each<[string, Partial<typeof base>, boolean]>([
    ['a live chat message that asks for one', {}, true],
    ['the same in a room', { envelope: { ...envelope, conversation: { kind: 'room', jid: 'hall@rooms.capulet.lit' } } }, false],
    ['a carbon', { envelope: { ...envelope, via: 'carbon' } satisfies Envelope }, false],
    ['from someone who may not see our presence', { contactMaySeePresence: false }, false],
    ['with read markers off', { sendReadMarkers: false }, false],
    ['without a body', { hasBody: false }, false],
  ])('%s → %s', (_, change, expected) => {
    expect(shouldSendReceipt({ ...base, ...change })).toBe(expected);
  });
});

describe('MDS (XEP-0490)', () => {
  it('builds the publish with its options exactly', () => {
    expect(buildMdsPublish({ conversation: ROMEO, stanzaId: 'sid-9', by: OWN }).toString()).toBe(fixture('mds-publish.xml'));
  });

  it('reads a +notify event from our own account, skipping malformed items', () => {
    expect(parseMdsEvent(parse(fixture('mds-event.xml')), OWN)).toEqual([{ conversation: ROMEO, stanzaId: 'sid-9', by: OWN }]);
  });

  it('ignores an MDS event from anyone else', () => {
    expect(parseMdsEvent(parse(fixture('mds-event.xml').replace(`from="${OWN}"`, 'from="mallory@evil.lit"')), OWN)).toEqual([]);
  });

  it('reads back what it publishes', () => {
    const published = parse(fixture('mds-publish.xml'));
    const item = published.getChild('pubsub', 'http://jabber.org/protocol/pubsub')!.getChild('publish')!;
    const asEvent = parse(
      `<message xmlns="jabber:client" from="${OWN}"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="urn:xmpp:mds:displayed:0">${item.getChild('item')!.toString()}</items></event></message>`,
    );
    expect(parseMdsEvent(asEvent, OWN)).toEqual([{ conversation: ROMEO, stanzaId: 'sid-9', by: OWN }]);
  });

  it('tells a chat (stanza-id by our account) from a room (by the room itself), and keeps nothing else', () => {
    const item = (id: string, by: string) =>
      `<item id="${id}"><displayed xmlns="urn:xmpp:mds:displayed:0"><stanza-id xmlns="urn:xmpp:sid:0" by="${by}" id="sid-${id}"/></displayed></item>`;
    const event = parse(
      `<message xmlns="jabber:client" from="${OWN}"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="urn:xmpp:mds:displayed:0">${item('romeo@montague.lit', OWN)}${item('hall@rooms.capulet.lit', 'hall@rooms.capulet.lit')}${item('nurse@capulet.lit', 'mallory@evil.lit')}</items></event></message>`,
    );
    expect(parseMdsEvent(event, OWN)).toEqual([
      { conversation: ROMEO, stanzaId: 'sid-romeo@montague.lit', by: OWN },
      { conversation: { kind: 'room', jid: 'hall@rooms.capulet.lit' }, stanzaId: 'sid-hall@rooms.capulet.lit', by: 'hall@rooms.capulet.lit' },
    ]);
  });
});

describe('archive (XEP-0313)', () => {
  it('builds a forward page query exactly', () => {
    expect(buildMamQuery({ queryId: 'q1', max: 50, after: 'sid-41' }).toString()).toBe(fixture('mam-query.xml'));
  });

  it('builds a time slice query exactly: a XEP-0004 form with start and end in whole seconds', () => {
    const start = Date.parse('2026-11-20T10:00:00Z');
    const end = Date.parse('2026-11-20T10:05:00Z');
    expect(buildMamQuery({ queryId: 'q2', max: 50, after: 'sid-41', start, end }).toString()).toBe(fixture('mam-query-slice.xml'));
  });

  it('reads a result of our own query with its stanza-id and archive time', () => {
    const result = parseMamResult(parse(fixture('mam-result.xml')), OWN, 'q1');
    expect(result?.stanzaId).toBe('sid-42');
    expect(result?.timestamp).toBe(Date.parse('2026-11-20T10:00:00Z'));
    expect(result?.message.getChildText('body')).toBe('From the archive');
    expect(parseMamResult(parse(fixture('mam-result.xml')), OWN, 'other-query')).toBeUndefined();
    expect(
      parseMamResult(
        parse(fixture('mam-result.xml').replace('<message xmlns="jabber:client" to=', '<message xmlns="jabber:client" from="mallory@evil.lit" to=')),
        OWN,
        'q1',
      ),
    ).toBeUndefined();
  });

  it('reads the end of a page', () => {
    expect(
      parseFin(
        parse(
          '<iq type="result"><fin xmlns="urn:xmpp:mam:2" complete="true"><set xmlns="http://jabber.org/protocol/rsm"><first>a</first><last>b</last></set></fin></iq>',
        ),
      ),
    ).toEqual({ complete: true, first: 'a', last: 'b' });
  });
});

describe('entity capabilities (XEP-0115)', () => {
  it('its hash matches the disco#info it answers', () => {
    const advertised = ['urn:xmpp:receipts', 'urn:xmpp:mds:displayed:0+notify', 'http://jabber.org/protocol/caps'];
    const info = buildDiscoInfo('https://glance.example/caps#x', advertised);
    expect(info.attrs.node).toBe('https://glance.example/caps#x');
    const features = info.getChildren('feature').map((f) => f.attrs.var!);
    expect(features).toEqual(advertised);
    expect(capsVersion(features)).toBe(capsVersion([...advertised].reverse()));
  });

  it('computes the XEP-0115 example hash', () => {
    // XEP-0115 §5.2 simple example: client/pc//Exodus 0.9.1 with four features.
    const features = [
      'http://jabber.org/protocol/caps',
      'http://jabber.org/protocol/disco#info',
      'http://jabber.org/protocol/disco#items',
      'http://jabber.org/protocol/muc',
    ];
    expect(capsVersion(features, { category: 'client', type: 'pc', name: 'Exodus 0.9.1' })).toBe('QgayPKawpkPSDYmwT/WM94uAlu0=');
  });
});
