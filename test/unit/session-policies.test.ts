import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src-main/core/session/backoff';
import { isLoopbackAddress, parseServerInput, serviceFor } from '../../src-main/core/session/server-address';
import { classifySignInError, TlsRequiredError } from '../../src-main/core/session/sign-in-errors';
import { parseAccountAddress } from '../../src-shared/jid';
import { safeExternalUrl } from '../../src-main/core/external-links';

describe('reconnect backoff', () => {
  it.each([
    [1, 0, 500],
    [1, 1, 1000],
    [2, 0, 1000],
    [3, 1, 4000],
    [7, 1, 60_000],
    [12, 0, 30_000],
    [12, 1, 60_000],
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, undefined, () => random)).toBe(expected);
  });
});

describe('server field', () => {
  it.each([
    ['', undefined],
    ['  ', undefined],
    ['xmpp.example.org', { host: 'xmpp.example.org', port: 5222 }],
    ['127.0.0.1:15222', { host: '127.0.0.1', port: 15222 }],
    ['[::1]:5223', { host: '::1', port: 5223 }],
  ])('%j', (input, expected) => {
    expect(parseServerInput(input)).toEqual(expected);
  });

  it.each(['host:0', 'host:99999', 'a b', 'http://x'])('refuses %j', (input) => {
    expect(() => parseServerInput(input)).toThrow();
  });

  it('dials an explicit server, and leaves SRV resolution to the domain otherwise', () => {
    expect(serviceFor('example.org', undefined)).toBe('example.org');
    expect(serviceFor('example.org', { host: '::1', port: 5222 })).toBe('xmpp://[::1]:5222');
    expect(serviceFor('example.org', { host: 'x.org', port: 5223 })).toBe('xmpps://x.org:5223');
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.0.1', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    [undefined, false],
  ])('loopback(%s) is %s', (address, expected) => expect(isLoopbackAddress(address)).toBe(expected));
});

describe('sign-in error classification', () => {
  const saslError = (condition: string) => Object.assign(new Error(condition), { name: 'SASLError', condition });
  it.each([
    [saslError('not-authorized'), 'wrong-password'],
    [Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'unreachable'],
    [Object.assign(new Error('x'), { code: 'ENOTFOUND' }), 'unreachable'],
    [new Error("Couldn't connect"), 'unreachable'],
    [Object.assign(new Error('self-signed'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'tls-rejected'],
    [Object.assign(new Error('x'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), 'tls-rejected'],
    [Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' }), 'tls-rejected'],
    [new TlsRequiredError(), 'tls-unavailable'],
    [Object.assign(new Error('late'), { name: 'TimeoutError' }), 'timeout'],
    [new Error('surprise'), 'other'],
  ])('%s → %s', (error, code) => {
    expect(classifySignInError(error).code).toBe(code);
  });
});

describe('account address', () => {
  it.each([
    ['juliet@capulet.lit', { local: 'juliet', domain: 'capulet.lit' }],
    [' Juliet@Capulet.LIT ', { local: 'juliet', domain: 'capulet.lit' }],
    ['me@localhost', { local: 'me', domain: 'localhost' }],
    ['juliet', undefined],
    ['@capulet.lit', undefined],
    ['juliet@', undefined],
    ['a@b@c', undefined],
    ['jul iet@capulet.lit', undefined],
    ['juliet@capulet.lit/phone', undefined],
    ['juliet@-bad-.lit', undefined],
  ])('%j', (input, expected) => expect(parseAccountAddress(input)).toEqual(expected));
});

describe('external links', () => {
  it.each([
    ['https://example.org/a?b#c', 'https://example.org/a?b#c'],
    ['http://example.org', 'http://example.org/'],
    ['mailto:romeo@montague.lit', 'mailto:romeo@montague.lit'],
    ['javascript:alert(1)', undefined],
    ['file:///etc/passwd', undefined],
    ['xmpp:romeo@montague.lit', undefined],
    ['https://user:pw@example.org', undefined],
    ['not a url', undefined],
    [42, undefined],
  ])('%j → %j', (input, expected) => expect(safeExternalUrl(input)).toBe(expected));
});
