import xml, { type Element } from '@xmpp/xml';
import { isAvatarHash } from './avatar-codec';

/** XEP-0054 vCard-temp and XEP-0153 vCard-based avatars, the fallback for older clients. */
export const NS_VCARD = 'vcard-temp';
export const NS_VCARD_UPDATE = 'vcard-temp:x:update';

/**
 * XEP-0153 §3.2 in a contact's presence: a hash (its avatar), null (`<photo/>` empty: none), or
 * undefined (no `<photo/>`: the client does not say, so nothing changes).
 */
export function readPresencePhoto(presence: Element): string | null | undefined {
  const photo = presence.getChild('x', NS_VCARD_UPDATE)?.getChild('photo');
  if (!photo) return undefined;
  const hash = photo.getText().trim().toLowerCase();
  if (hash === '') return null;
  return isAvatarHash(hash) ? hash : undefined;
}

/** XEP-0153 §4.1: our presence says our photo's hash (empty `<photo/>` for none; no `<photo/>` while unknown). */
export function buildPresencePhoto(hash: string | null | undefined): Element {
  return xml('x', { xmlns: NS_VCARD_UPDATE }, hash === undefined ? undefined : xml('photo', {}, hash ?? undefined));
}

/** XEP-0054 §3.1 / §3.2: a vCard request to a contact, or ours without `to`. */
export function buildVcardFetch(jid?: string): Element {
  return xml('iq', { type: 'get', ...(jid ? { to: jid } : {}) }, xml('vCard', { xmlns: NS_VCARD }));
}

/** The base64 PHOTO of a vCard result, or undefined. */
export function readVcardPhoto(result: Element): string | undefined {
  return result.getChild('vCard', NS_VCARD)?.getChild('PHOTO')?.getChildText('BINVAL')?.replace(/\s+/g, '') || undefined;
}

/**
 * XEP-0054 §3.2: our vCard again with PHOTO replaced (or removed when `photo` is null); every
 * other field stays as it was, since a set replaces the whole vCard.
 */
export function buildVcardPhotoSet(current: Element | undefined, photo: { type: string; base64: string } | null): Element {
  const kept = (current?.getChild('vCard', NS_VCARD)?.children ?? []).filter(
    (child): child is Element => typeof child !== 'string' && !(child as Element).is('PHOTO'),
  );
  const photoElement = photo ? xml('PHOTO', {}, xml('TYPE', {}, photo.type), xml('BINVAL', {}, photo.base64)) : undefined;
  return xml('iq', { type: 'set' }, xml('vCard', { xmlns: NS_VCARD }, ...kept, photoElement));
}
