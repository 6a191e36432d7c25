import { describe, expect, it } from 'vitest';
import { applyNewMessage, emptyConversation, preview, PREVIEW_LENGTH } from '../../src-renderer/history/conversations';
import { bareJid } from '../../src-shared/jid';
import { messageKey } from '../../src-renderer/history/keys';
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

  it('prefers the stanza-id, then origin-id/id with sender and peer, then a hash', () => {
    const base = { peer: 'a@x', sender: 'a@x', timestamp: 1, body: 'b' };
    expect(messageKey({ ...base, stanzaId: 'S', clientId: 'c' })).toBe('s:S');
    expect(messageKey({ ...base, clientId: 'c' })).toBe('c:a@x:a@x:c');
    const hashed = messageKey(base);
    expect(hashed).toMatch(/^h:a@x:[0-9a-z]+$/);
    expect(messageKey({ ...base })).toBe(hashed);
    expect(messageKey({ ...base, body: 'other' })).not.toBe(hashed);
    expect(messageKey({ ...base, timestamp: 2 })).not.toBe(hashed);
  });
});

describe('conversation fields', () => {
  const row = (fields: Partial<MessageRow>): MessageRow => ({
    key: 'k', peer: 'a@x', direction: 'in', from: 'a@x', sender: 'a@x', body: 'hi', timestamp: 10, order: 1, read: false, ...fields,
  });

  it('preview flattens whitespace and truncates', () => {
    expect(preview(' a\n\n b\tc ')).toBe('a b c');
    const long = preview('x'.repeat(1000));
    expect(long).toHaveLength(PREVIEW_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });

  it('newer or equal timestamps replace the preview, older ones only count', () => {
    const c = emptyConversation('a@x', 999);
    applyNewMessage(c, row({ timestamp: 5, body: 'older than the empty row' }));
    expect(c).toEqual({ peer: 'a@x', lastTimestamp: 5, lastPreview: 'older than the empty row', lastDirection: 'in', unread: 1 });
    applyNewMessage(c, row({ timestamp: 4, body: 'older' }));
    expect(c).toMatchObject({ lastTimestamp: 5, lastPreview: 'older than the empty row', unread: 2 });
    applyNewMessage(c, row({ timestamp: 5, body: 'same time', direction: 'out', read: true }));
    expect(c).toMatchObject({ lastTimestamp: 5, lastPreview: 'same time', lastDirection: 'out', unread: 2 });
    applyNewMessage(c, row({ timestamp: 6, read: true }));
    expect(c.unread).toBe(2);
  });
});
