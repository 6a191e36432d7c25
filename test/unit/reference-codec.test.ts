import { describe, expect, it } from 'vitest';
import parse from '@xmpp/xml/lib/parse.js';
import { buildRoomMessage } from '../../src-main/core/protocol/muc-codec';
import { mentionReferences, namesUs, readMentions, repliesToUs, xmppUri } from '../../src-main/core/protocol/reference-codec';

const ROOM = 'coven@chat.shakespeare.lit';
const US = { bare: 'hag66@shakespeare.lit', occupant: `${ROOM}/thirdwitch` };

describe('XEP-0372 mentions', () => {
  it('reads the mention references of a message (XEP-0372 Example 2), and no other kind', () => {
    const message = parse(`<message xmlns="jabber:client" from="${ROOM}/firstwitch" type="groupchat">
      <body>Thirdwitch: hail, 🌙 thirdwitch</body>
      <reference xmlns="urn:xmpp:reference:0" type="mention" begin="0" end="10" uri="xmpp:${ROOM}/thirdwitch"/>
      <reference xmlns="urn:xmpp:reference:0" type="data" uri="https://example.org/"/>
      <reference xmlns="urn:xmpp:reference:0" type="mention"/>
    </message>`);
    expect(readMentions(message)).toEqual([{ begin: 0, end: 10, uri: `xmpp:${ROOM}/thirdwitch` }]);
  });

  it('tells a reference to us: our occupant address or our own address, nobody else', () => {
    expect(namesUs(`xmpp:${ROOM}/thirdwitch`, US)).toBe(true);
    expect(namesUs('xmpp:hag66@shakespeare.lit', US)).toBe(true);
    expect(namesUs('xmpp:Hag66@Shakespeare.lit', US)).toBe(true);
    expect(namesUs(`xmpp:${ROOM}/secondwitch`, US)).toBe(false);
    expect(namesUs('xmpp:crone1@shakespeare.lit', US)).toBe(false);
    expect(namesUs('https://hag66@shakespeare.lit', US)).toBe(false);
    expect(namesUs('xmpp:hag66@shakespeare.lit/laptop', US)).toBe(false);
  });

  it('tells a reply to one of our messages (XEP-0461 names its author)', () => {
    const reply = (to: string) => parse(`<message xmlns="jabber:client" type="groupchat"><reply xmlns="urn:xmpp:reply:0" to="${to}" id="x1"/></message>`);
    expect(repliesToUs(reply(`${ROOM}/thirdwitch`), US)).toBe(true);
    expect(repliesToUs(reply(`${ROOM}/firstwitch`), US)).toBe(false);
    expect(repliesToUs(parse('<message xmlns="jabber:client"/>'), US)).toBe(false);
  });

  it('builds references in code points, only where the body holds the nickname', () => {
    const body = '🌙 Olive and Bob: hi Olive';
    const uriOf = (nick: string) => xmppUri(`${ROOM}/${nick}`);
    const refs = mentionReferences(
      body,
      [
        { begin: 2, end: 7, nick: 'Olive' },
        { begin: 20, end: 25, nick: 'Olive' },
        { begin: 12, end: 15, nick: 'Bob' },
        { begin: 3, end: 8, nick: 'Olive' },
        { begin: 30, end: 35, nick: 'Olive' },
      ],
      uriOf,
    );
    const message = buildRoomMessage(ROOM, body, 'm1');
    for (const ref of refs) message.append(ref);
    expect(readMentions(message)).toEqual([
      { begin: 2, end: 7, uri: `xmpp:${ROOM}/Olive` },
      { begin: 20, end: 25, uri: `xmpp:${ROOM}/Olive` },
      { begin: 12, end: 15, uri: `xmpp:${ROOM}/Bob` },
    ]);
    expect(refs[0]!.toString()).toBe(`<reference xmlns="urn:xmpp:reference:0" type="mention" begin="2" end="7" uri="xmpp:${ROOM}/Olive"/>`);
  });
});
