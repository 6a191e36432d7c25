import { randomBytes } from 'node:crypto';
import type { Element } from '@xmpp/xml';
import { buildDiscoInfo, buildDiscoItems, isConferenceService, parseDiscoItems, type RoomInfo } from '../protocol/muc-codec';

/** What a room we just created is until it is configured and asked again. */
export const NEW_ROOM_INFO: RoomInfo = {
  membersOnly: false,
  nonAnonymous: false,
  passwordProtected: false,
  persistent: false,
  archived: true,
  stanzaIds: true,
  occupantIds: false,
  selfPingOptimized: false,
};

/** Our server's XEP-0045 service: the first item of its disco#items whose disco#info says conference (XEP-0045 §6.1). */
export async function findConferenceService(connection: { bare: string; request(iq: Element): Promise<Element> }): Promise<string | undefined> {
  const domain = connection.bare.slice(connection.bare.indexOf('@') + 1);
  const items = parseDiscoItems(await connection.request(buildDiscoItems(domain)));
  for (const item of items) {
    const info = await connection.request(buildDiscoInfo(item)).catch(() => undefined);
    if (info && isConferenceService(info)) return item;
  }
  return undefined;
}

/**
 * A fresh room address on `service`: the name's letters and digits, and a random suffix so that
 * two groups with one name never meet (the name itself is the room's configured name).
 */
export function newRoomAddress(service: string, name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24);
  const suffix = randomBytes(4).toString('hex');
  return `${slug ? `${slug}-` : ''}${suffix}@${service}`;
}
