import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import { parseChatMessage } from '../../src-main/core/protocol/message-codec';
import { quoteFallback, readReply, replyParts } from '../../src-main/core/protocol/reply-codec';

const OWN = 'anna@example.com';

/** XEP-0461 §3 Example 1 (with a `from` and escaped newlines as a server delivers it). */
const XEP_0461_REPLY = `<message to='anna@example.com' from='frank@example.com/phone' id='message-id2' type='chat'>
  <body>&gt; Anna wrote:
&gt; We should bake a cake
Great idea!</body>
  <reply to='anna@example.com/tablet' id='message-id1' xmlns='urn:xmpp:reply:0' />
  <fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'>
    <body start="0" end="38" />
  </fallback>
</message>`;

describe('reply codec (XEP-0461 with the XEP-0428 fallback)', () => {
  it('reads the reply and strips the fallback quote from the body', () => {
    expect(parseChatMessage(parse(XEP_0461_REPLY), OWN)).toMatchObject({
      body: 'Great idea!',
      reply: { target: 'message-id1', to: 'anna@example.com/tablet' },
    });
  });

  it('keeps the body whole without a fallback for replies, or with a range that does not fit', () => {
    expect(readReply(parse(`<message><reply xmlns='urn:xmpp:reply:0' id='m1'/></message>`), '> x\nhi')).toEqual({ reply: { target: 'm1' }, body: '> x\nhi' });
    expect(
      readReply(
        parse(
          `<message><reply xmlns='urn:xmpp:reply:0' id='m1'/><fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='99'/></fallback></message>`,
        ),
        'hi',
      ),
    ).toEqual({ reply: { target: 'm1' }, body: 'hi' });
    expect(readReply(parse(`<message><body>hi</body></message>`), 'hi')).toEqual({ body: 'hi' });
  });

  it('counts the range in code points, so an emoji in the quote does not shift it', () => {
    const { body, elements } = replyParts({ target: 'm1', to: 'frank@example.com', quoted: 'cake 🎂\nnow' }, 'yes');
    expect(body).toBe('> cake 🎂\n> now\nyes');
    expect(elements.map(String)).toEqual([
      `<reply xmlns="urn:xmpp:reply:0" to="frank@example.com" id="m1"/>`,
      `<fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:reply:0"><body start="0" end="15"/></fallback>`,
    ]);
    const message = parse(`<message from='frank@example.com/x' type='chat'><body>${body}</body>${elements.map(String).join('')}</message>`);
    expect(parseChatMessage(message, OWN)).toMatchObject({ body: 'yes', reply: { target: 'm1' } });
  });

  it('quotes at most a short start of a long message', () => {
    expect([...quoteFallback('x'.repeat(500))].length).toBe(2 + 200 + 1);
  });
});
