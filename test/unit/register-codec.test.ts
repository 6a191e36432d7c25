import { readFileSync } from 'node:fs';
import path from 'node:path';
import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import { blockedItems, buildBlock, buildUnblock, parseBlockPush } from '../../src-main/core/protocol/blocking-codec';
import { NS } from '../../src-main/core/protocol/namespaces';
import { buildAccountRemoval, buildPasswordChange, buildRegistration, parseRegistrationForm } from '../../src-main/core/protocol/register-codec';
import { passwordChangeRefusal, registrationRefusal } from '../../src-main/core/registration/refusals';
import { IqError } from '../../src-main/core/session/iq-requests';

const stanza = (name: string) => parse(readFileSync(path.join(__dirname, '../fixtures/stanzas', name), 'utf8').trim());
const compact = (text: string) => text.replace(/>\s+</g, '><').trim();

describe('registration form (XEP-0077, XEP-0004, XEP-0158)', () => {
  it('reads a data form with a CAPTCHA: its questions, the image as a data: URI from the bit of binary, never a web address', () => {
    const parsed = parseRegistrationForm(stanza('register-form-captcha.xml'));
    expect(parsed).toStrictEqual({
      shape: 'data-form',
      form: {
        instructions: 'Please choose a username and password, and solve the CAPTCHA.',
        fields: [
          { name: 'FORM_TYPE', kind: 'hidden', required: false, value: 'jabber:iq:register' },
          { name: 'challenge', kind: 'hidden', required: false, value: 'F3A6292C' },
          { name: 'email', kind: 'text', required: false, label: 'Email Address' },
          { name: 'ocr', kind: 'text', required: true, label: 'Enter the text you see', image: 'data:image/png;base64,iVBORw0KGgo=' },
        ],
      },
    });
  });

  it('answers a data form: username and password, hidden values as given, the answers', () => {
    const form = parseRegistrationForm(stanza('register-form-captcha.xml'))!;
    const iq = buildRegistration(form, 'romeo', 's3cret', { ocr: 'x7k2', email: 'r@m.lit', FORM_TYPE: 'forged' });
    expect(iq.toString()).toBe(
      compact(`<iq type="set"><query xmlns="jabber:iq:register"><x xmlns="jabber:x:data" type="submit">
        <field var="username"><value>romeo</value></field>
        <field var="password"><value>s3cret</value></field>
        <field var="FORM_TYPE"><value>jabber:iq:register</value></field>
        <field var="challenge"><value>F3A6292C</value></field>
        <field var="email"><value>r@m.lit</value></field>
        <field var="ocr"><value>x7k2</value></field>
      </x></query></iq>`),
    );
  });

  it('reads and answers the plain fields', () => {
    const form = parseRegistrationForm(stanza('register-form-plain.xml'))!;
    expect(form).toStrictEqual({
      shape: 'plain',
      form: {
        instructions: 'Choose a username and password for use with this service. Please also provide your email address.',
        fields: [{ name: 'email', kind: 'text', required: true }],
      },
    });
    expect(buildRegistration(form, 'juliet', 'pw', { email: 'j@c.lit' }).toString()).toBe(
      '<iq type="set"><query xmlns="jabber:iq:register"><username>juliet</username><password>pw</password><email>j@c.lit</email></query></iq>',
    );
  });

  it('builds the password change and the removal', () => {
    expect(buildPasswordChange('juliet', 'new').toString()).toBe(
      '<iq type="set"><query xmlns="jabber:iq:register"><username>juliet</username><password>new</password></query></iq>',
    );
    expect(buildAccountRemoval().toString()).toBe('<iq type="set"><query xmlns="jabber:iq:register"><remove/></query></iq>');
  });
});

describe('registration refusals', () => {
  const refusal = (condition: string, type?: string, text?: string) => new IqError(condition, type, text);
  it.each([
    [refusal('conflict', 'cancel', 'The requested username already exists.'), 'address-taken'],
    [refusal('not-allowed', 'cancel'), 'registration-closed'],
    [refusal('forbidden', 'auth', 'Your IP address is blocklisted'), 'registration-closed'],
    [refusal('registration-required', 'auth'), 'registration-closed'],
    [refusal('forbidden', 'cancel', 'The invite token is invalid or expired'), 'invitation-only'],
    [refusal('not-acceptable', 'modify', 'Registration on this server is through invitation only'), 'invitation-only'],
    [refusal('policy-violation', 'wait', 'Too many registrations from this IP address recently'), 'too-many-attempts'],
    [refusal('resource-constraint', 'wait'), 'too-many-attempts'],
    [refusal('policy-violation', 'modify', 'Your password must be at least 8 characters long'), 'password-refused'],
    [refusal('not-acceptable', 'modify'), 'password-refused'],
    [refusal('not-acceptable', 'modify', 'Password: Required value missing'), 'answer-missing'],
    [refusal('not-acceptable', 'modify', 'The requested username is invalid.'), 'malformed-address'],
    [refusal('not-acceptable', 'modify', 'The CAPTCHA verification has failed'), 'answer-refused'],
    [refusal('bad-request', 'modify', 'Wrong answer'), 'answer-refused'],
    [refusal('bad-request', 'modify'), 'bad-request'],
    [refusal('internal-server-error', 'wait'), 'internal-server-error'],
    [refusal('made-up', 'cancel'), 'undefined-condition'],
    [Object.assign(new Error('late'), { condition: 'timeout' }), 'timeout'],
  ])('%s → %s', (error, code) => {
    expect(registrationRefusal(error)).toBe(code);
  });

  it('tells a refused new password apart from other failures of a password change', () => {
    expect(passwordChangeRefusal(refusal('policy-violation', 'modify', 'too short'))).toBe('password-refused');
    expect(passwordChangeRefusal(refusal('not-acceptable', 'modify'))).toBe('password-refused');
    expect(passwordChangeRefusal(refusal('bad-request', 'modify'))).toBe('bad-request');
  });
});

describe('blocking command (XEP-0191)', () => {
  it('reads the list as bare addresses, once each, skipping what is no address', () => {
    expect(blockedItems(stanza('blocklist-result.xml').getChild('blocklist', NS.blocking))).toEqual(['romeo@montague.lit', 'montague.lit']);
  });

  it('builds block and unblock, and reads pushes (an unblock without items unblocks everyone)', () => {
    expect(buildBlock('iago@shakespeare.lit').toString()).toBe(
      '<iq type="set"><block xmlns="urn:xmpp:blocking"><item jid="iago@shakespeare.lit"/></block></iq>',
    );
    expect(buildUnblock('iago@shakespeare.lit').toString()).toBe(
      '<iq type="set"><unblock xmlns="urn:xmpp:blocking"><item jid="iago@shakespeare.lit"/></unblock></iq>',
    );
    expect(parseBlockPush(parse("<block xmlns='urn:xmpp:blocking'><item jid='a@b.lit'/></block>"))).toEqual({ kind: 'block', jids: ['a@b.lit'] });
    expect(parseBlockPush(parse("<unblock xmlns='urn:xmpp:blocking'><item jid='a@b.lit'/></unblock>"))).toEqual({ kind: 'unblock', jids: ['a@b.lit'] });
    expect(parseBlockPush(parse("<unblock xmlns='urn:xmpp:blocking'/>"))).toEqual({ kind: 'unblock-all' });
    expect(parseBlockPush(parse("<block xmlns='urn:xmpp:other'/>"))).toBeUndefined();
  });
});
