import { describe, expect, it } from 'vitest';
import { applyNewMessage, emptyConversation, preview, PREVIEW_LENGTH } from '../../src-renderer/history/conversations';
import { bareJid } from '../../src-shared/jid';
import { archiveOf, messageKey, senderKey, stanzaKey } from '../../src-renderer/history/keys';
import { chatWith, roomAt } from '../../src-shared/conversation';
import type { MessageRow } from '../../src-renderer/history/schema';
import { canMoveStatus } from '../../src-renderer/history/status';
import type { MessageStatus } from '../../src-renderer/history';

describe('canMoveStatus', () => {
  const cases: [MessageStatus | undefined, MessageStatus, boolean][] = [
    [undefined, 'pending', true],
    ['pending', 'sent', true],
    ['pending', 'delivered', true],
    ['pending', 'read', true],
    ['sent', 'delivered', true],
    ['delivered', 'read', true],
    ['sent', 'pending', false],
    ['delivered', 'sent', false],
    ['read', 'delivered', false],
    ['read', 'read', false],
    ['pending', 'failed', true],
    ['sent', 'failed', true],
    ['delivered', 'failed', false],
    ['read', 'failed', false],
    ['failed', 'failed', false],
    ['failed', 'pending', true], // retry
    ['failed', 'delivered', true], // a receipt proves it got through
    ['failed', 'read', true],
  ];
  it.each(cases)('%s -> %s: %s', (from, to, allowed) => {
    expect(canMoveStatus(from, to)).toBe(allowed);
  });
});

describe('keys', () => {
  it('bareJid drops the resource and case', () => {
    expect(bareJid('Alice@Example.org/Phone')).toBe('alice@example.org');
    expect(bareJid('alice@example.org')).toBe('alice@example.org');
    expect(bareJid('example.org/res/with/slash')).toBe('example.org');
  });

  it('prefers the stanza-id (scoped by its archive), then origin-id/id with sender and conversation, then a hash', () => {
    const ME = 'me@x';
    const base = { conversation: 'chat:a@x', senderKey: 'a@x', timestamp: 1, body: 'b' } as const;
    expect(messageKey({ ...base, stanzaId: 'S', stanzaIdBy: ME, clientId: 'c' }, ME)).toBe('s:S');
    expect(messageKey({ ...base, stanzaId: 'S', stanzaIdBy: 'room@muc.x', clientId: 'c' }, ME)).toBe('a:room@muc.x S');
    expect(messageKey({ ...base, clientId: 'c' }, ME)).toBe('c:chat:a@x:a@x:c');
    const hashed = messageKey(base, ME);
    expect(hashed).toMatch(/^h:chat:a@x:[0-9a-z]+$/);
    expect(messageKey({ ...base }, ME)).toBe(hashed);
    expect(messageKey({ ...base, body: 'other' }, ME)).not.toBe(hashed);
    expect(messageKey({ ...base, timestamp: 2 }, ME)).not.toBe(hashed);
    expect(messageKey({ ...base, conversation: 'room:a@x' }, ME)).not.toBe(hashed);
  });

  it('scopes stanza-ids and senders', () => {
    expect(stanzaKey('me@x', 'S1')).not.toBe(stanzaKey('room@muc.x', 'S1'));
    expect(archiveOf(chatWith('a@x'), 'me@x')).toBe('me@x');
    expect(archiveOf(roomAt('room@muc.x'), 'me@x')).toBe('room@muc.x');
    expect(senderKey({ jid: 'A@x' }, 'a@x/phone', chatWith('a@x'))).toBe('a@x');
    expect(senderKey({}, 'A@x/phone', chatWith('a@x'))).toBe('a@x');
    expect(senderKey({ nick: 'carol', occupantId: 'occ' }, 'room@muc.x/carol', roomAt('room@muc.x'))).toBe('occupant:occ');
    expect(senderKey({ nick: 'carol' }, 'room@muc.x/carol', roomAt('room@muc.x'))).toBe('room@muc.x/carol');
  });
});

describe('conversation fields', () => {
  const row = (fields: Partial<MessageRow>): MessageRow => ({
    key: 'k',
    conversation: 'chat:a@x',
    direction: 'in',
    from: 'a@x',
    sender: { jid: 'a@x' },
    senderKey: 'a@x',
    body: 'hi',
    timestamp: 10,
    order: 1,
    read: false,
    ...fields,
  });

  it('preview flattens whitespace and truncates', () => {
    expect(preview(' a\n\n b\tc ')).toBe('a b c');
    const long = preview('x'.repeat(1000));
    expect(long).toHaveLength(PREVIEW_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });

  it('newer or equal timestamps replace the preview, older ones only count', () => {
    const c = emptyConversation('chat:a@x', 999);
    applyNewMessage(c, row({ timestamp: 5, body: 'older than the empty row' }));
    expect(c).toEqual({ conversation: 'chat:a@x', lastTimestamp: 5, lastPreview: 'older than the empty row', lastDirection: 'in', unread: 1, mentions: 0 });
    applyNewMessage(c, row({ timestamp: 4, body: 'older' }));
    expect(c).toMatchObject({ lastTimestamp: 5, lastPreview: 'older than the empty row', unread: 2 });
    applyNewMessage(c, row({ timestamp: 5, body: 'same time', direction: 'out', read: true }));
    expect(c).toMatchObject({ lastTimestamp: 5, lastPreview: 'same time', lastDirection: 'out', unread: 2 });
    applyNewMessage(c, row({ timestamp: 6, read: true }));
    expect(c.unread).toBe(2);
  });
});
