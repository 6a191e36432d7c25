import { describe, expect, it } from 'vitest';
import { parseXmppUri, xmppLinkRequest, type XmppUri } from '../../src-main/core/xmpp-uri';

describe('parseXmppUri (RFC 5122)', () => {
  it.each<[string, XmppUri]>([
    ['xmpp:romeo@montague.lit', { jid: 'romeo@montague.lit', params: {} }],
    ['xmpp:romeo@montague.lit?message', { jid: 'romeo@montague.lit', action: 'message', params: {} }],
    ['xmpp:romeo@montague.lit?message;body=Hi', { jid: 'romeo@montague.lit', action: 'message', params: { body: 'Hi' } }],
    [
      'xmpp:romeo@montague.lit?message;subject=Test%20Message;body=Here%27s%20a%20test%20message',
      { jid: 'romeo@montague.lit', action: 'message', params: { subject: 'Test Message', body: "Here's a test message" } },
    ],
    ['xmpp:romeo@montague.lit?message;body=1+1%3D2', { jid: 'romeo@montague.lit', action: 'message', params: { body: '1+1=2' } }],
    [
      'xmpp:romeo@montague.lit?message;body=see%20https://x.example/?a=1',
      { jid: 'romeo@montague.lit', action: 'message', params: { body: 'see https://x.example/?a=1' } },
    ],
    ['xmpp:romeo@montague.lit?message;body=%E4%BD%A0%E5%A5%BD', { jid: 'romeo@montague.lit', action: 'message', params: { body: '你好' } }],
    ['xmpp:romeo@montague.lit?message;body=first;body=second', { jid: 'romeo@montague.lit', action: 'message', params: { body: 'first' } }],
    ['xmpp:romeo@montague.lit?message;body', { jid: 'romeo@montague.lit', action: 'message', params: {} }],
    ['xmpp:romeo@montague.lit?roster', { jid: 'romeo@montague.lit', action: 'roster', params: {} }],
    [
      'xmpp:romeo@montague.lit?roster;name=Romeo%20Montague;group=Friends',
      { jid: 'romeo@montague.lit', action: 'roster', params: { name: 'Romeo Montague', group: 'Friends' } },
    ],
    ['xmpp:romeo@montague.lit?subscribe', { jid: 'romeo@montague.lit', action: 'subscribe', params: {} }],
    ['xmpp:romeo@montague.lit?', { jid: 'romeo@montague.lit', params: {} }],
    ['xmpp:romeo@montague.lit#fragment', { jid: 'romeo@montague.lit', params: {} }],
    ['xmpp:romeo@montague.lit/orchard', { jid: 'romeo@montague.lit', resource: 'orchard', params: {} }],
    [
      'xmpp:romeo@montague.lit/walk%20in%20the%20orchard?message',
      { jid: 'romeo@montague.lit', resource: 'walk in the orchard', action: 'message', params: {} },
    ],
    ['XMPP:Romeo@Montague.LIT?MESSAGE', { jid: 'romeo@montague.lit', action: 'message', params: {} }],
    ['  xmpp:romeo@montague.lit  ', { jid: 'romeo@montague.lit', params: {} }],
    ['xmpp:nasty!%23$%25()*+,;=%5B%5D%5E%60%7B%7C%7D@example.com', { jid: 'nasty!#$%()*+,;=[]^`{|}@example.com', params: {} }],
    ['xmpp:juliet@m%C3%BCnchen.example', { jid: 'juliet@münchen.example', params: {} }],
    ['xmpp:juliet@münchen.example', { jid: 'juliet@münchen.example', params: {} }],
    ['xmpp:%E5%BC%A0%E4%B8%89@example.cn', { jid: '张三@example.cn', params: {} }],
    ['xmpp:romeo@[::1]', { jid: 'romeo@[::1]', params: {} }],
  ])('%s', (input, uri) => {
    expect(parseXmppUri(input)).toEqual({ ok: true, uri });
  });

  it.each([
    ['https://montague.lit/romeo', 'not-xmpp'],
    ['mailto:romeo@montague.lit', 'not-xmpp'],
    ['javascript:alert(1)', 'not-xmpp'],
    ['xmppx:romeo@montague.lit', 'not-xmpp'],
    ['romeo@montague.lit', 'not-xmpp'],
    ['', 'not-xmpp'],
    [`xmpp:romeo@montague.lit?message;body=${'a'.repeat(9000)}`, 'too-long'],
    ['xmpp://guest@example.com', 'authority-form'],
    ['xmpp://guest@example.com/support@example.com?message', 'authority-form'],
    ['xmpp:montague.lit', 'not-a-contact'],
    ['xmpp:', 'malformed'],
    ['xmpp:@montague.lit', 'malformed'],
    ['xmpp:romeo@', 'malformed'],
    ['xmpp:romeo@montague.lit@evil.example', 'malformed'],
    ['xmpp:romeo montague@montague.lit', 'malformed'],
    ['xmpp:romeo@montague.lit/', 'malformed'],
    ['xmpp:romeo@montague.lit/a b', 'malformed'],
    ['xmpp:<script>@montague.lit', 'malformed'],
    ['xmpp:romeo%ZZ@montague.lit', 'malformed'],
    ['xmpp:romeo%C3@montague.lit', 'malformed'],
    ['xmpp:romeo@montague.lit?message;body=%E0%A4%A', 'malformed'],
    ['xmpp:romeo@montague.lit?message;body=a b', 'malformed'],
    ['xmpp:romeo@montague.lit?mess age', 'malformed'],
    ['xmpp:romeo%40evil@montague.lit', 'invalid-jid'],
    ['xmpp:romeo%2Fx@montague.lit', 'invalid-jid'],
    ['xmpp:romeo@montague..lit', 'invalid-jid'],
    ['xmpp:romeo@-montague.lit', 'invalid-jid'],
    ['xmpp:ro%E2%80%AEmeo@montague.lit', 'invalid-jid'],
    ['xmpp:ro%00meo@montague.lit', 'invalid-jid'],
  ])('refuses %s (%s)', (input, error) => {
    expect(parseXmppUri(input)).toEqual({ ok: false, error });
  });

  it.each([undefined, null, 42, {}])('refuses a non-string %j', (input) => {
    expect(parseXmppUri(input)).toEqual({ ok: false, error: 'not-xmpp' });
  });

  it('keeps a key named __proto__ as plain data', () => {
    const result = parseXmppUri('xmpp:romeo@montague.lit?message;__proto__=x');
    expect(result.ok && Object.getPrototypeOf(result.uri.params)).toBe(Object.prototype);
    expect(result.ok && Object.hasOwn(result.uri.params, '__proto__')).toBe(true);
  });
});

describe('xmppLinkRequest', () => {
  const request = (input: string) => {
    const parsed = parseXmppUri(input);
    if (!parsed.ok) throw new Error(parsed.error);
    return xmppLinkRequest(parsed.uri);
  };
  it.each([
    ['xmpp:romeo@montague.lit', { kind: 'conversation', conversation: { kind: 'chat', jid: 'romeo@montague.lit' } }],
    ['xmpp:romeo@montague.lit/orchard', { kind: 'conversation', conversation: { kind: 'chat', jid: 'romeo@montague.lit' } }],
    ['xmpp:romeo@montague.lit?message', { kind: 'conversation', conversation: { kind: 'chat', jid: 'romeo@montague.lit' } }],
    ['xmpp:romeo@montague.lit?message;body=Hi', { kind: 'conversation', conversation: { kind: 'chat', jid: 'romeo@montague.lit' }, draft: 'Hi' }],
    ['xmpp:romeo@montague.lit?message;body=', { kind: 'conversation', conversation: { kind: 'chat', jid: 'romeo@montague.lit' } }],
    ['xmpp:romeo@montague.lit?roster', { kind: 'add-contact', peer: 'romeo@montague.lit' }],
    ['xmpp:romeo@montague.lit?roster;name=Romeo', { kind: 'add-contact', peer: 'romeo@montague.lit', name: 'Romeo' }],
    ['xmpp:romeo@montague.lit?subscribe', { kind: 'add-contact', peer: 'romeo@montague.lit' }],
    ['xmpp:room@conference.montague.lit?join', { kind: 'join-room', room: 'room@conference.montague.lit' }],
    ['xmpp:room@conference.montague.lit?join;password=sesame', { kind: 'join-room', room: 'room@conference.montague.lit', password: 'sesame' }],
    ['xmpp:romeo@montague.lit?message;constructor=x', { kind: 'conversation', conversation: { kind: 'chat', jid: 'romeo@montague.lit' } }],
    ['xmpp:romeo@montague.lit?roster;toString=x', { kind: 'add-contact', peer: 'romeo@montague.lit' }],
  ])('%s', (input, expected) => {
    expect(request(input)).toEqual(expected);
  });
});
