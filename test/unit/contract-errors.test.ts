import { afterAll, describe, expect, it } from 'vitest';
import { translate, type Locale } from '../../src-shared/i18n';
import { STANZA_ERROR_CONDITIONS } from '../../src-shared/stanza-errors';
import { serverFailure } from '../../src-main/core/server-failure';
import { IqError, IqTimeoutError } from '../../src-main/core/session/iq-requests';
import { i18n } from '../../src-renderer/i18n';
import { commandReason, isReasonCode, storedFailureReason, type ReasonCode } from '../../src-renderer/app/reasons';

const OWN_CODES = [
  'offline',
  'timeout',
  'failed',
  'unreachable',
  'malformed-address',
  'unsupported',
  'empty',
  'too-long',
  'bad-id',
  'refused',
  'wrong-password',
  'server-unreachable',
  'tls-rejected',
  'tls-unavailable',
  'address-taken',
  'registration-closed',
  'invitation-only',
  'too-many-attempts',
  'password-refused',
  'answer-missing',
  'answer-refused',
  'confirmation-mismatch',
  'bad-target',
  'no-upload-service',
  'too-large',
  'quota',
  'insecure-url',
  'upload-failed',
  'cancelled',
  'download-failed',
  'no-such-room',
  'members-only',
  'banned',
  'nickname-taken',
  'password-required',
  'password-wrong',
  'room-full',
  'room-service-unavailable',
  'not-joined',
  'no-conference-service',
  'creation-forbidden',
  'name-missing',
  'no-address',
  'not-permitted',
  'occupant-gone',
  'not-found',
  'not-a-picture',
  'hash-mismatch',
] as const;
const ALL_CODES = [...OWN_CODES, ...STANZA_ERROR_CONDITIONS] as const satisfies readonly ReasonCode[];
// This list is every code there is: a code added to the contract's unions and not here fails to compile.
const everyCodeListed: Exclude<ReasonCode, (typeof ALL_CODES)[number]> extends never ? true : false = true;

/** The RFC 6120 conditions that share "The server refused ({condition})". */
const RARE = ['conflict', 'gone', 'redirect', 'registration-required', 'subscription-required', 'undefined-condition', 'unexpected-request'];

function inLocale(locale: Locale): void {
  i18n.follow(() => ({ systemLocale: locale, preferences: { sendReadMarkers: true, notificationPrivacy: 'sender-and-text', mutes: {} } }));
}

describe('serverFailure: what a failed request is for the page', () => {
  it.each<[string, unknown, string]>([
    ['a defined condition from an error reply', new IqError('item-not-found', 'cancel', undefined), 'item-not-found'],
    ['another one, with text', new IqError('resource-constraint', 'wait', 'Too many queries'), 'resource-constraint'],
    ['a condition RFC 6120 does not define', new IqError('x-made-up', 'cancel', undefined), 'undefined-condition'],
    ['a condition that is markup', new IqError('<script>', 'cancel', undefined), 'undefined-condition'],
    ['no answer in time', new IqTimeoutError(15_000), 'timeout'],
    ['the connection went', Object.assign(new Error('Not connected'), { condition: 'offline' }), 'offline'],
    ['a plain error (its message is never a code)', new Error('Cannot read properties of undefined'), 'failed'],
    ['a condition that is not a string', { condition: 42 }, 'failed'],
    ['nothing at all', undefined, 'failed'],
  ])('%s', (_, error, code) => {
    expect(serverFailure(error)).toBe(code);
  });
});

describe('every code a command can fail with has its sentence in both languages', () => {
  afterAll(() => inLocale('en'));

  it('lists every code', () => {
    expect(everyCodeListed).toBe(true);
    expect(ALL_CODES.every(isReasonCode)).toBe(true);
  });

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`in ${locale}: a sentence, never the key, a placeholder or "the server answered"`, () => {
      inLocale(locale);
      for (const code of ALL_CODES) {
        const sentence = commandReason(code);
        expect(sentence, code).not.toMatch(/commandError|[{}]/u);
        expect(sentence, code).not.toBe(translate(locale, 'commandError.other', { error: code }));
        if (RARE.includes(code)) expect(sentence, code).toContain(code);
      }
    });
  }

  it('says the usual ones in words of their own', () => {
    inLocale('en');
    expect(commandReason('bad-id')).toBe('The message has an id the server would not take, so Glance did not send it.');
    expect(commandReason('service-unavailable')).toBe('The server or the recipient does not offer this.');
    expect(commandReason('gone')).toBe('The server refused (gone).');
    inLocale('zh-CN');
    expect(commandReason('offline')).toBe('你当前处于离线状态。');
    expect(commandReason('gone')).toBe('服务器拒绝了此请求（gone）。');
  });

  it('the two languages differ for every code', () => {
    const sentences = (locale: Locale) => {
      inLocale(locale);
      return ALL_CODES.map((code) => commandReason(code));
    };
    const english = sentences('en');
    const chinese = sentences('zh-CN');
    english.forEach((sentence, index) => expect(chinese[index], ALL_CODES[index]).not.toBe(sentence));
  });

  it("shows a failed message's stored error by its code, or as the server's own words when it is none", () => {
    inLocale('en');
    expect(storedFailureReason('too-long')).toBe('The message is too long.');
    expect(storedFailureReason(undefined)).toBe('Glance lost contact with its background process.');
    expect(storedFailureReason('No reply within 15000 ms')).toBe('The server answered: No reply within 15000 ms');
    expect(storedFailureReason('__proto__')).toBe('The server answered: __proto__');
  });

  it('does not compile a code without a sentence', () => {
    // @ts-expect-error: not a code of any command
    const unknownCode = () => commandReason('made-up');
    expect(typeof unknownCode).toBe('function');
    expect(isReasonCode('made-up')).toBe(false);
  });
});
