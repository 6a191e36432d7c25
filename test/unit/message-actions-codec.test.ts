import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import { buildCorrection, buildReactions, buildRetraction, readAction, readActionContent } from '../../src-main/core/protocol/message-actions-codec';
import { openEnvelope, parseChatMessage } from '../../src-main/core/protocol/message-codec';

const OWN = 'juliet@capulet.lit';

/** The XEPs' own examples, with a `from` as our server delivers them. */
const XEP_0308_CORRECTION = `<message to='juliet@capulet.lit/balcony' from='romeo@montague.lit/home' id='good1' type='chat'>
  <body>But soft, what light through yonder window breaks?</body>
  <replace id='bad1' xmlns='urn:xmpp:message-correct:0'/>
</message>`;
const XEP_0424_RETRACTION = `<message type='chat' from='romeo@montague.lit/home' to='juliet@capulet.lit' id='retract-message-1'>
  <retract id='origin-id-1' xmlns='urn:xmpp:message-retract:1'/>
  <fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:message-retract:1'/>
  <body>/me retracted a previous message, but it's unsupported by your client.</body>
  <store xmlns='urn:xmpp:hints'/>
</message>`;
const XEP_0424_LEGACY_RETRACTION = `<message type='chat' from='romeo@montague.lit/home' to='juliet@capulet.lit' id='retract-message-1'>
  <apply-to id='origin-id-1' xmlns='urn:xmpp:fasten:0'>
    <retract xmlns='urn:xmpp:message-retract:0'/>
  </apply-to>
  <fallback xmlns='urn:xmpp:fallback:0'/>
  <body>This person attempted to retract a previous message, but it's unsupported by your client.</body>
</message>`;
const XEP_0444_REACTIONS = `<message from='romeo@montague.lit/orchard' to='juliet@capulet.lit' id='96d73204-a57a-11e9-88b8-4889e7820c76' type='chat'>
  <reactions id='744f6e18-a57a-11e9-a656-4889e7820c76' xmlns='urn:xmpp:reactions:0'>
    <reaction>👋</reaction>
    <reaction>🐢</reaction>
  </reactions>
  <store xmlns='urn:xmpp:hints'/>
</message>`;
const XEP_0444_REMOVE_ALL = `<message from='romeo@montague.lit/orchard' to='juliet@capulet.lit' id='a2' type='chat'>
  <reactions id='744f6e18-a57a-11e9-a656-4889e7820c76' xmlns='urn:xmpp:reactions:0'/>
  <store xmlns='urn:xmpp:hints'/>
</message>`;

const read = (xml: string) => readAction(openEnvelope(parse(xml), OWN)!, OWN);

describe('message actions codec', () => {
  it('reads a XEP-0308 correction: the original id, the whole new text, its own id', () => {
    expect(read(XEP_0308_CORRECTION)).toStrictEqual({
      type: 'correction',
      target: 'bad1',
      body: 'But soft, what light through yonder window breaks?',
      conversation: { kind: 'chat', jid: 'romeo@montague.lit' },
      direction: 'in',
      sender: { jid: 'romeo@montague.lit' },
      from: 'romeo@montague.lit/home',
      id: 'good1',
      via: 'live',
    });
  });

  it('reads a XEP-0424 retraction and the older fastening form alike', () => {
    expect(read(XEP_0424_RETRACTION)).toMatchObject({ type: 'retraction', target: 'origin-id-1', id: 'retract-message-1', direction: 'in' });
    expect(read(XEP_0424_LEGACY_RETRACTION)).toMatchObject({ type: 'retraction', target: 'origin-id-1', direction: 'in' });
  });

  it('reads a XEP-0444 reaction set, and an empty one that removes all', () => {
    expect(read(XEP_0444_REACTIONS)).toMatchObject({ type: 'reaction', target: '744f6e18-a57a-11e9-a656-4889e7820c76', emojis: ['👋', '🐢'] });
    expect(read(XEP_0444_REMOVE_ALL)).toMatchObject({ type: 'reaction', emojis: [] });
  });

  it('never stores an action as a chat message: neither the new text nor a fallback body', () => {
    for (const xml of [XEP_0308_CORRECTION, XEP_0424_RETRACTION, XEP_0424_LEGACY_RETRACTION, XEP_0444_REACTIONS])
      expect(parseChatMessage(parse(xml), OWN)).toBeUndefined();
  });

  it('ignores actions without a target, and a correction without text', () => {
    expect(readActionContent(parse(`<message><retract xmlns='urn:xmpp:message-retract:1'/></message>`))).toBeUndefined();
    expect(readActionContent(parse(`<message><replace xmlns='urn:xmpp:message-correct:0' id='x'/></message>`))).toBeUndefined();
  });

  it('keeps distinct, short reactions only', () => {
    const many = Array.from({ length: 30 }, (_, i) => `<reaction>${String.fromCodePoint(0x1f600 + i)}</reaction>`).join('');
    const content = readActionContent(
      parse(
        `<message><reactions xmlns='urn:xmpp:reactions:0' id='t'><reaction>👍</reaction><reaction>👍</reaction><reaction> </reaction><reaction>${'x'.repeat(40)}</reaction>${many}</reactions></message>`,
      ),
    );
    expect(content).toMatchObject({ type: 'reaction' });
    const emojis = content?.type === 'reaction' ? content.emojis : [];
    expect(emojis[0]).toBe('👍');
    expect(emojis).toHaveLength(20);
  });

  it('reads our own action from a sent carbon as outgoing', () => {
    const carbon = `<message from='${OWN}' to='${OWN}/glance' type='chat'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message from='${OWN}/phone' to='romeo@montague.lit' type='chat' id='r9'><reactions xmlns='urn:xmpp:reactions:0' id='m1'><reaction>❤️</reaction></reactions></message></forwarded></sent></message>`;
    expect(read(carbon)).toMatchObject({
      type: 'reaction',
      direction: 'out',
      conversation: { jid: 'romeo@montague.lit' },
      sender: { jid: OWN },
      via: 'carbon',
    });
  });

  it('builds the correction, retraction and reaction set as the XEPs show them', () => {
    expect(buildCorrection('romeo@montague.lit', 'fixed', 'c2', 'o1').toString()).toBe(
      `<message type="chat" to="romeo@montague.lit" id="c2"><body>fixed</body><replace xmlns="urn:xmpp:message-correct:0" id="o1"/><origin-id xmlns="urn:xmpp:sid:0" id="c2"/><request xmlns="urn:xmpp:receipts"/><markable xmlns="urn:xmpp:chat-markers:0"/></message>`,
    );
    expect(buildRetraction('romeo@montague.lit', 'x1', 'o1', 'deleted').toString()).toBe(
      `<message type="chat" to="romeo@montague.lit" id="x1"><retract xmlns="urn:xmpp:message-retract:1" id="o1"/><fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:message-retract:1"/><body>deleted</body><origin-id xmlns="urn:xmpp:sid:0" id="x1"/><store xmlns="urn:xmpp:hints"/></message>`,
    );
    expect(buildReactions('romeo@montague.lit', 'r1', 'm1', ['👍', '❤️']).toString()).toBe(
      `<message type="chat" to="romeo@montague.lit" id="r1"><reactions xmlns="urn:xmpp:reactions:0" id="m1"><reaction>👍</reaction><reaction>❤️</reaction></reactions><origin-id xmlns="urn:xmpp:sid:0" id="r1"/><store xmlns="urn:xmpp:hints"/></message>`,
    );
    expect(buildReactions('romeo@montague.lit', 'r2', 'm1', []).toString()).toContain(`<reactions xmlns="urn:xmpp:reactions:0" id="m1"/>`);
  });
});
