import { describe, expect, it } from 'vitest';
import { isBareJid, normaliseAddress } from '../../src-renderer/ui/address';

describe('isBareJid', () => {
  it.each([
    'alice@example.org',
    'Alice@Example.ORG',
    '  bob@localhost  ',
    'a.b-c_d+e@sub.example.co.uk',
    'user@127.0.0.1',
    'user@[::1]',
    'user@xn--bcher-kva.example',
    'lǐ@例子.中国',
    'user@example.org.',
  ])('accepts %j', (input) => {
    expect(isBareJid(input)).toBe(true);
  });

  it.each([
    '',
    'alice',
    '@example.org',
    'alice@',
    'alice@@example.org',
    'a@b@example.org',
    'alice@example.org/phone',
    'ali ce@example.org',
    'alice@exa mple.org',
    'alice@example..org',
    'alice@-example.org',
    'alice@.example.org',
    'al"ice@example.org',
    "al'ice@example.org",
    'al<ice@example.org',
    'alice:x@example.org',
    'alice@999.1.1.1',
  ])('rejects %j', (input) => {
    expect(isBareJid(input)).toBe(false);
  });
});

describe('normaliseAddress', () => {
  it('trims and lower-cases the domain only', () => {
    expect(normaliseAddress('  Alice@Example.ORG ')).toBe('Alice@example.org');
    expect(normaliseAddress('nobody')).toBe('nobody');
  });
});
