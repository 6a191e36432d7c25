import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import { checkAvatar, ownAvatarType } from '../../src-main/core/profiles/avatar-bytes';
import { ProfileRegistry } from '../../src-main/core/profiles/profile-registry';
import {
  buildAvatarDataFetch,
  buildAvatarMetadataPublish,
  buildAvatarRemoval,
  buildNickPublish,
  parseProfileEvent,
  readAvatarData,
} from '../../src-main/core/protocol/avatar-codec';
import { buildPresencePhoto, buildVcardPhotoSet, readPresencePhoto, readVcardPhoto } from '../../src-main/core/protocol/vcard-codec';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures/stanzas', name), 'utf8').trim();
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('avatar codec (XEP-0084, XEP-0172)', () => {
  it("reads the metadata of XEP-0084's example, choosing the PNG stored at the data node over a URL", () => {
    expect(parseProfileEvent(parse(fixture('avatar-metadata-event.xml')), 'juliet@capulet.lit')).toEqual({
      from: 'juliet@capulet.lit',
      avatar: 'e279f80c38f99c1e7e53e262b440993b2f7eea57',
    });
  });

  it('reads an empty metadata element or a retraction as "no avatar", and a nickname', () => {
    const event = (items: string) => parse(`<message><event xmlns='http://jabber.org/protocol/pubsub#event'>${items}</event></message>`);
    expect(
      parseProfileEvent(event(`<items node='urn:xmpp:avatar:metadata'><item id='x'><metadata xmlns='urn:xmpp:avatar:metadata'/></item></items>`), 'a@b'),
    ).toEqual({
      from: 'a@b',
      avatar: null,
    });
    expect(parseProfileEvent(event(`<items node='urn:xmpp:avatar:metadata'><retract id='x'/></items>`), 'a@b')).toEqual({ from: 'a@b', avatar: null });
    expect(
      parseProfileEvent(
        event(`<items node='http://jabber.org/protocol/nick'><item><nick xmlns='http://jabber.org/protocol/nick'> Ada </nick></item></items>`),
        'a@b',
      ),
    ).toEqual({
      from: 'a@b',
      nickname: 'Ada',
    });
    expect(parseProfileEvent(event(`<items node='urn:xmpp:mds:displayed:0'><item id='x'/></items>`), 'a@b')).toBeUndefined();
  });

  it('asks for the one data item and reads its base64, whitespace and all', () => {
    expect(buildAvatarDataFetch('romeo@montague.lit', 'abc').toString()).toBe(
      '<iq type="get" to="romeo@montague.lit"><pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="urn:xmpp:avatar:data"><item id="abc"/></items></pubsub></iq>',
    );
    expect(readAvatarData(parse(fixture('avatar-data-result.xml')), 'HASH')).toBe('DATA');
    expect(readAvatarData(parse(fixture('avatar-data-result.xml')), 'OTHER')).toBeUndefined();
  });

  it('publishes metadata, its removal and a nickname as the XEPs show', () => {
    expect(buildAvatarMetadataPublish({ hash: 'h', bytes: 10, type: 'image/png', width: 2, height: 3 }).toString()).toBe(
      '<iq type="set"><pubsub xmlns="http://jabber.org/protocol/pubsub"><publish node="urn:xmpp:avatar:metadata"><item id="h"><metadata xmlns="urn:xmpp:avatar:metadata"><info id="h" bytes="10" type="image/png" width="2" height="3"/></metadata></item></publish></pubsub></iq>',
    );
    expect(buildAvatarRemoval().toString()).toContain('<metadata xmlns="urn:xmpp:avatar:metadata"/>');
    expect(buildNickPublish('Ada').toString()).toContain('<nick xmlns="http://jabber.org/protocol/nick">Ada</nick>');
  });
});

describe('vCard avatars (XEP-0153, XEP-0054)', () => {
  const presence = (x: string) => parse(`<presence from='a@b/r'>${x}</presence>`);

  it('reads the photo hash of a presence: a hash, none, or nothing said', () => {
    const hash = 'E279F80C38F99C1E7E53E262B440993B2F7EEA57';
    expect(readPresencePhoto(presence(`<x xmlns='vcard-temp:x:update'><photo>${hash}</photo></x>`))).toBe(hash.toLowerCase());
    expect(readPresencePhoto(presence(`<x xmlns='vcard-temp:x:update'><photo/></x>`))).toBeNull();
    expect(readPresencePhoto(presence(`<x xmlns='vcard-temp:x:update'/>`))).toBeUndefined();
    expect(readPresencePhoto(presence(`<x xmlns='vcard-temp:x:update'><photo>not-a-hash</photo></x>`))).toBeUndefined();
    expect(buildPresencePhoto(null).toString()).toBe('<x xmlns="vcard-temp:x:update"><photo/></x>');
    expect(buildPresencePhoto(undefined).toString()).toBe('<x xmlns="vcard-temp:x:update"/>');
  });

  it('replaces only PHOTO when setting our vCard, and reads a PHOTO', () => {
    const current = parse(`<iq type='result'><vCard xmlns='vcard-temp'><FN>Ada</FN><PHOTO><TYPE>image/gif</TYPE><BINVAL>old</BINVAL></PHOTO></vCard></iq>`);
    expect(buildVcardPhotoSet(current, { type: 'image/png', base64: 'bmV3' }).toString()).toBe(
      '<iq type="set"><vCard xmlns="vcard-temp"><FN>Ada</FN><PHOTO><TYPE>image/png</TYPE><BINVAL>bmV3</BINVAL></PHOTO></vCard></iq>',
    );
    expect(buildVcardPhotoSet(current, null).toString()).toBe('<iq type="set"><vCard xmlns="vcard-temp"><FN>Ada</FN></vCard></iq>');
    expect(readVcardPhoto(current)).toBe('old');
  });
});

describe('avatar bytes', () => {
  it('accepts bytes whose SHA-1 is the hash and whose first bytes prove a picture; never SVG', () => {
    expect(checkAvatar(sha1(PNG), b64(PNG))).toEqual({ ok: true, value: { hash: sha1(PNG), type: 'image/png', base64: b64(PNG) } });
    expect(checkAvatar('0'.repeat(40), b64(PNG))).toEqual({ ok: false, error: 'hash-mismatch' });
    expect(checkAvatar(sha1(SVG), b64(SVG))).toEqual({ ok: false, error: 'not-a-picture' });
    expect(checkAvatar(sha1(PNG), '')).toEqual({ ok: false, error: 'not-found' });
  });

  it('publishes only PNG or JPEG of at most 192×192', () => {
    expect(ownAvatarType(PNG, 192, 192)).toBe('image/png');
    expect(ownAvatarType(PNG, 193, 10)).toBe('too-large');
    expect(ownAvatarType(SVG, 10, 10)).toBe('not-a-picture');
  });
});

describe('profile registry', () => {
  it('prefers XEP-0084 over a vCard hash, and a PEP removal is not undone by presence', () => {
    const registry = new ProfileRegistry();
    expect(registry.setAvatar('a@b', 'v'.repeat(40), 'vcard')).toBe(true);
    expect(registry.sourceOf('a@b', 'v'.repeat(40))).toBe('vcard');
    expect(registry.setAvatar('a@b', 'p'.repeat(40), 'pep')).toBe(true);
    expect(registry.setAvatar('a@b', 'v'.repeat(40), 'vcard')).toBe(false);
    expect(registry.setAvatar('a@b', null, 'pep')).toBe(true);
    expect(registry.setAvatar('a@b', 'v'.repeat(40), 'vcard')).toBe(false);
    expect(registry.setNickname('a@b', 'Ada')).toBe(true);
    expect(registry.profiles()).toEqual({ 'a@b': { nickname: 'Ada' } });
  });
});
