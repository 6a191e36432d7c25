import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { randomUUID } from 'node:crypto';
import type { Peer } from './peer';

/**
 * A plain XMPP client in a XEP-0045 room, sending the XEP's own example stanzas: the other
 * participants of the group chat tests.
 */

export const NS_MUC = 'http://jabber.org/protocol/muc';
export const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';
export const NS_MUC_OWNER = 'http://jabber.org/protocol/muc#owner';
export const NS_MUC_ADMIN = 'http://jabber.org/protocol/muc#admin';
const NS_SID = 'urn:xmpp:sid:0';

export interface JoinOptions {
  password?: string;
  /** `<history maxstanzas/>`; absent means whatever the room replays by default. */
  maxstanzas?: number;
}

/** Status codes of a MUC presence (`<status code/>` in muc#user). */
export function statusCodes(presence: Element): number[] {
  return (presence.getChild('x', NS_MUC_USER)?.getChildren('status') ?? []).map((s) => Number(s.attrs.code));
}

/** XEP-0045 §7.2: enters `room` as `nick`; resolves with our own presence (status 110), rejects with the error presence. */
export async function joinRoom(peer: Peer, room: string, nick: string, options: JoinOptions = {}): Promise<Element> {
  const from = peer.received.length;
  const occupant = `${room}/${nick}`;
  await peer.send(
    xml(
      'presence',
      { to: occupant },
      xml(
        'x',
        { xmlns: NS_MUC },
        options.password !== undefined ? xml('password', {}, options.password) : undefined,
        options.maxstanzas !== undefined ? xml('history', { maxstanzas: String(options.maxstanzas) }) : undefined,
      ),
    ),
  );
  const answer = await peer.waitForStanza(
    (s) => s.is('presence') && s.attrs.from === occupant && (s.attrs.type === 'error' || statusCodes(s).includes(110)),
    10_000,
    from,
  );
  if (answer.attrs.type === 'error') throw new Error(`join refused: ${answer.getChild('error')?.getChildElements()[0]?.name}`);
  return answer;
}

/** XEP-0045 §10.1.2: creates a room and submits its configuration (`fields`: muc#roomconfig_* values). */
export async function createRoom(peer: Peer, room: string, nick: string, fields: Record<string, string> = {}): Promise<void> {
  await joinRoom(peer, room, nick, { maxstanzas: 0 });
  const values = Object.entries({ 'muc#roomconfig_persistentroom': '1', ...fields });
  await peer.iq(
    xml(
      'iq',
      { type: 'set', to: room },
      xml(
        'query',
        { xmlns: NS_MUC_OWNER },
        xml(
          'x',
          { xmlns: 'jabber:x:data', type: 'submit' },
          xml('field', { var: 'FORM_TYPE' }, xml('value', {}, 'http://jabber.org/protocol/muc#roomconfig')),
          ...values.map(([name, value]) => xml('field', { var: name }, xml('value', {}, value))),
        ),
      ),
    ),
  );
}

/** XEP-0045 §9.3/§9.1: sets someone's affiliation (Prosody applies only the first item of a set). */
export async function setAffiliation(peer: Peer, room: string, jid: string, affiliation: string): Promise<void> {
  await peer.iq(xml('iq', { type: 'set', to: room }, xml('query', { xmlns: NS_MUC_ADMIN }, xml('item', { jid, affiliation }))));
}

/** XEP-0045 §7.4: a message to all occupants; resolves with its id. */
export async function sendGroupchat(peer: Peer, room: string, body: string, children: Element[] = []): Promise<string> {
  const id = randomUUID();
  await peer.send(xml('message', { to: room, type: 'groupchat', id }, xml('body', {}, body), xml('origin-id', { xmlns: NS_SID, id }), ...children));
  return id;
}

/** Waits for a groupchat message in `room` whose body is `body`. */
export function waitForGroupchat(peer: Peer, room: string, body: string, timeout?: number): Promise<Element> {
  return peer.waitForMessage((m) => m.attrs.type === 'groupchat' && m.attrs.from?.startsWith(`${room}/`) === true && m.getChildText('body') === body, timeout);
}

/** XEP-0045 §7.14: leaves the room. */
export async function leaveRoom(peer: Peer, room: string, nick: string): Promise<void> {
  await peer.send(xml('presence', { to: `${room}/${nick}`, type: 'unavailable' }));
}

/** The room's stanza-id of a message the room sent (XEP-0359, by = the room). */
export function roomStanzaId(message: Element, room: string): string | undefined {
  return message.getChildren('stanza-id', NS_SID).find((s) => s.attrs.by === room)?.attrs.id;
}
