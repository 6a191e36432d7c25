import parse from '@xmpp/xml/lib/parse.js';
import { describe, expect, it } from 'vitest';
import type { EphemeralEvent, Events, NumberedHistoryEvent } from '../../src-shared/contract';
import { roomAt } from '../../src-shared/conversation';
import { memoryAccountStore, memoryPreferencesStore } from '../../src-main/core/account-store';
import { composeCore } from '../../src-main/core/glance-core';
import { silentLogger } from '../../src-main/core/log';
import { createCoreContext } from '../../src-main/core/modules/context';
import { routeStanza } from '../../src-main/core/modules/routing';
import { buildChatState } from '../../src-main/core/protocol/chat-states-codec';
import { buildFileMessage } from '../../src-main/core/protocol/file-share-codec';
import { buildCorrection, buildReactions, buildRetraction } from '../../src-main/core/protocol/message-actions-codec';
import { buildRoomMessage, parseRoomMessage, type RoomInfo } from '../../src-main/core/protocol/muc-codec';
import { replyParts } from '../../src-main/core/protocol/reply-codec';
import { RoomRecord } from '../../src-main/core/rooms/room-registry';

/**
 * Message actions, replies, files and typing in a room (XEP-0308, XEP-0424, XEP-0444, XEP-0461,
 * XEP-0066, XEP-0085 in groupchats): the stanzas we build, and what the core makes of the XEPs'
 * example stanzas as a room delivers them.
 */

const OWN = 'hag66@shakespeare.lit';
const ROOM = 'coven@chat.shakespeare.lit';
const INFO: RoomInfo = {
  membersOnly: true,
  nonAnonymous: true,
  passwordProtected: false,
  persistent: true,
  archived: true,
  stanzaIds: true,
  occupantIds: true,
  selfPingOptimized: false,
};
const SID = (id: string) => `<stanza-id xmlns="urn:xmpp:sid:0" by="${ROOM}" id="${id}"/>`;
const OCCUPANT = (id: string) => `<occupant-id xmlns="urn:xmpp:occupant-id:0" id="${id}"/>`;

describe('what we send to a room', () => {
  it('sends corrections, retractions and reactions as groupchat, naming the room’s stanza-id, without a receipt request', () => {
    expect(buildCorrection(ROOM, 'fixed', 'c-1', 'room-sid-1', 'groupchat').toString()).toBe(
      `<message type="groupchat" to="${ROOM}" id="c-1"><body>fixed</body><replace xmlns="urn:xmpp:message-correct:0" id="room-sid-1"/><origin-id xmlns="urn:xmpp:sid:0" id="c-1"/><markable xmlns="urn:xmpp:chat-markers:0"/></message>`,
    );
    expect(buildRetraction(ROOM, 'r-1', 'room-sid-1', 'deleted', 'groupchat').toString()).toBe(
      `<message type="groupchat" to="${ROOM}" id="r-1"><retract xmlns="urn:xmpp:message-retract:1" id="room-sid-1"/><fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:message-retract:1"/><body>deleted</body><origin-id xmlns="urn:xmpp:sid:0" id="r-1"/><store xmlns="urn:xmpp:hints"/></message>`,
    );
    expect(buildReactions(ROOM, 'x-1', 'room-sid-1', ['👍'], 'groupchat').toString()).toBe(
      `<message type="groupchat" to="${ROOM}" id="x-1"><reactions xmlns="urn:xmpp:reactions:0" id="room-sid-1"><reaction>👍</reaction></reactions><origin-id xmlns="urn:xmpp:sid:0" id="x-1"/><store xmlns="urn:xmpp:hints"/></message>`,
    );
  });

  it('sends a reply naming the occupant and the stanza-id, a file with body = OOB URL, and standalone chat states, all as groupchat', () => {
    const reply = replyParts({ target: 'room-sid-1', to: `${ROOM}/firstwitch`, quoted: 'Thrice' }, 'Aye');
    expect(buildRoomMessage(ROOM, reply.body, 'm-1', ...reply.elements).toString()).toBe(
      `<message type="groupchat" to="${ROOM}" id="m-1"><body>&gt; Thrice\nAye</body><origin-id xmlns="urn:xmpp:sid:0" id="m-1"/><markable xmlns="urn:xmpp:chat-markers:0"/><reply xmlns="urn:xmpp:reply:0" to="${ROOM}/firstwitch" id="room-sid-1"/><fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:reply:0"><body start="0" end="9"/></fallback></message>`,
    );
    expect(buildFileMessage(ROOM, 'https://up.lit/a.png', 'f-1', 'groupchat').toString()).toBe(
      `<message type="groupchat" to="${ROOM}" id="f-1"><body>https://up.lit/a.png</body><x xmlns="jabber:x:oob"><url>https://up.lit/a.png</url></x><origin-id xmlns="urn:xmpp:sid:0" id="f-1"/><markable xmlns="urn:xmpp:chat-markers:0"/></message>`,
    );
    expect(buildChatState(ROOM, 'composing', 'groupchat').toString()).toBe(
      `<message type="groupchat" to="${ROOM}"><composing xmlns="http://jabber.org/protocol/chatstates"/><no-store xmlns="urn:xmpp:hints"/></message>`,
    );
  });
});

describe('what a room delivers', () => {
  it('reads a reply (its fallback quote stripped) and a shared file from a room message', () => {
    // XEP-0461 Example 2 in a room, with Prosody's stanza-id.
    const parsed = parseRoomMessage(
      parse(
        `<message from="${ROOM}/secondwitch" type="groupchat" id="m2"><body>&gt; Thrice the brinded cat hath mew'd.\nThrice and once</body><reply xmlns="urn:xmpp:reply:0" to="${ROOM}/firstwitch" id="room-sid-1"/><fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:reply:0"><body start="0" end="37"/></fallback>${SID('room-sid-2')}</message>`,
      ),
      INFO,
    );
    expect(parsed).toMatchObject({ body: 'Thrice and once', reply: { target: 'room-sid-1', to: `${ROOM}/firstwitch` }, stanzaId: 'room-sid-2' });
    const file = parseRoomMessage(
      parse(
        `<message from="${ROOM}/secondwitch" type="groupchat" id="m3"><body>https://up.lit/cat.png</body><x xmlns="jabber:x:oob"><url>https://up.lit/cat.png</url></x></message>`,
      ),
      INFO,
    );
    expect(file).toMatchObject({ body: 'https://up.lit/cat.png', file: { url: 'https://up.lit/cat.png' } });
  });
});

function core() {
  const history: NumberedHistoryEvent[] = [];
  const ephemeral: EphemeralEvent[] = [];
  const ctx = createCoreContext(
    { accounts: memoryAccountStore(), preferences: memoryPreferencesStore(), log: silentLogger, systemLocale: () => 'en', openExternal: async () => undefined },
    <K extends keyof Events>(name: K, payload: Events[K]) => {
      if (name === 'history') history.push(...(payload as NumberedHistoryEvent[]));
      if (name === 'ephemeral') ephemeral.push(...(payload as EphemeralEvent[]));
    },
  );
  const { table } = composeCore(ctx);
  const room = new RoomRecord(ROOM, 'thirdwitch', INFO);
  room.state = 'joined';
  room.ownOccupantId = 'oid-me';
  ctx.rooms.set(room);
  const link = { bare: OWN, send: async () => undefined };
  return { ctx, room, history, ephemeral, route: (xml: string) => routeStanza(table, parse(xml), link, silentLogger) };
}

describe('message actions in a room, through the routing table', () => {
  it('turns an occupant’s reaction, correction and retraction into events naming the stanza-id, with the occupant as sender, never rows', async () => {
    const c = core();
    const from = `from="${ROOM}/firstwitch" to="${OWN}/glance" type="groupchat"`;
    // XEP-0444 §4 in a groupchat, XEP-0308 and XEP-0424 likewise.
    c.route(
      `<message xmlns="jabber:client" ${from} id="e1"><reactions xmlns="urn:xmpp:reactions:0" id="room-sid-1"><reaction>👍</reaction></reactions><store xmlns="urn:xmpp:hints"/>${SID('s-e1')}${OCCUPANT('oid-1')}</message>`,
    );
    c.route(
      `<message xmlns="jabber:client" ${from} id="e2"><body>fixed</body><replace xmlns="urn:xmpp:message-correct:0" id="room-sid-1"/>${SID('s-e2')}${OCCUPANT('oid-1')}</message>`,
    );
    c.route(
      `<message xmlns="jabber:client" ${from} id="e3"><retract xmlns="urn:xmpp:message-retract:1" id="room-sid-1"/><fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:message-retract:1"/><body>/me retracted a message</body>${SID('s-e3')}${OCCUPANT('oid-1')}</message>`,
    );
    await c.ctx.feed.flushed();
    const sender = { nick: 'firstwitch', occupantId: 'oid-1' };
    const base = { conversation: roomAt(ROOM), target: 'room-sid-1', direction: 'in', sender, stanzaIdBy: ROOM, via: 'live' };
    expect(c.history.map(({ seq: _seq, ...event }) => event)).toEqual([
      { kind: 'reaction', reaction: expect.objectContaining({ ...base, id: 'e1', stanzaId: 's-e1', emojis: ['👍'] }) },
      { kind: 'correction', correction: expect.objectContaining({ ...base, id: 'e2', stanzaId: 's-e2', body: 'fixed' }) },
      { kind: 'retraction', retraction: expect.objectContaining({ ...base, id: 'e3', stanzaId: 's-e3' }) },
    ]);
  });

  it('takes our own reflected action as ours (by occupant-id), with our origin-id as its id, so history already has it', async () => {
    const c = core();
    c.route(
      `<message xmlns="jabber:client" from="${ROOM}/thirdwitch" type="groupchat" id="x-1"><reactions xmlns="urn:xmpp:reactions:0" id="room-sid-1"><reaction>🐢</reaction></reactions><origin-id xmlns="urn:xmpp:sid:0" id="x-1"/>${SID('s-x1')}${OCCUPANT('oid-me')}</message>`,
    );
    await c.ctx.feed.flushed();
    expect(c.history).toEqual([
      expect.objectContaining({
        kind: 'reaction',
        reaction: expect.objectContaining({ direction: 'out', id: 'x-1', sender: { jid: OWN, nick: 'thirdwitch', occupantId: 'oid-me' } }),
      }),
    ]);
  });

  it('shows who is typing by nickname, ends it with their message, and ignores our own reflected states and delayed ones', async () => {
    const c = core();
    const state = (nick: string, name: string, extra = '') =>
      `<message xmlns="jabber:client" from="${ROOM}/${nick}" type="groupchat"><${name} xmlns="http://jabber.org/protocol/chatstates"/>${extra}</message>`;
    c.route(state('firstwitch', 'composing', OCCUPANT('oid-1')));
    c.route(state('thirdwitch', 'composing', OCCUPANT('oid-me')));
    c.route(state('secondwitch', 'composing', '<delay xmlns="urn:xmpp:delay" stamp="2020-01-01T00:00:00Z"/>'));
    await c.ctx.feed.flushed();
    c.route(
      `<message xmlns="jabber:client" from="${ROOM}/firstwitch" type="groupchat" id="m9"><body>When shall we three meet again</body>${OCCUPANT('oid-1')}</message>`,
    );
    await c.ctx.feed.flushed();
    expect(c.ephemeral).toEqual([
      { kind: 'typing', conversation: roomAt(ROOM), composing: true, nick: 'firstwitch' },
      { kind: 'typing', conversation: roomAt(ROOM), composing: false, nick: 'firstwitch' },
    ]);
  });

  it('lets chat states go only to rooms we are in of at most 50 occupants', () => {
    const c = core();
    expect(c.ctx.chatStatesAllowed(roomAt(ROOM), true)).toBe(true);
    for (let i = 0; i < 51; i++)
      c.room.occupants.set(`n${i}`, { nick: `n${i}`, role: 'participant', affiliation: 'member', presence: 'available', self: false });
    expect(c.ctx.chatStatesAllowed(roomAt(ROOM), true)).toBe(false);
    c.room.occupants.clear();
    c.room.state = 'out';
    expect(c.ctx.chatStatesAllowed(roomAt(ROOM), true)).toBe(false);
    expect(c.ctx.chatStatesAllowed(roomAt('elsewhere@chat.shakespeare.lit'), false)).toBe(false);
  });
});
