import { roomAt } from '../../../src-shared/conversation';
import { bareJid } from '../../../src-shared/jid';
import { conversationInCommand } from '../conversation-input';
import { parseRoomMessage } from '../protocol/muc-codec';
import { roomSender } from '../rooms/room-message';
import { buildChatState, readChatState } from '../protocol/chat-states-codec';
import { NS } from '../protocol/namespaces';
import type { CoreContext } from './context';
import type { CoreModule } from './module';
import { firstChildren, type ChildName } from '../xml/first-children';

const DELAY_AND_BODY: readonly ChildName[] = [
  ['delay', NS.delay],
  ['body', undefined],
];

/**
 * XEP-0085 chat states. In: the other party's typing, as an ephemeral event; states replayed by
 * the archive, kept by offline storage (`<delay/>`) or sent by our own other devices (carbons)
 * are ignored, and a message from them ends their typing. In a room, each occupant's states by
 * nickname, never our own reflected ones. Out: the composer's states, as standalone messages with
 * `<no-store/>`, only where chatStatesAllowed says so (docs/protocol.md; in rooms `groupchat`,
 * only to small rooms, never `gone`). Guarded by test/unit/typing.test.ts and test/e2e/room-actions.test.ts.
 */
export function typingModule(ctx: CoreContext): CoreModule<'sendChatState'> {
  const { feed, session } = ctx;
  return {
    name: 'typing',
    features: [NS.chatStates],
    stanzas: {
      'message:chat': (inbound) => {
        const envelope = inbound.envelope;
        if (!envelope || inbound.archived || envelope.sentByUs || ctx.state.preferences.typingNotices === false) return;
        const [delay, body] = firstChildren(envelope.message, DELAY_AND_BODY);
        if (delay) return;
        const state = readChatState(envelope.message);
        const hasBody = body !== undefined;
        if (!state && !hasBody) return;
        feed.ephemeral({ kind: 'typing', conversation: envelope.conversation, composing: state === 'composing' && !hasBody });
      },
      'message:groupchat': ({ stanza, archived, ownBare }) => {
        if (archived || stanza.getChild('delay', NS.delay) || ctx.state.preferences.typingNotices === false) return;
        const record = ctx.rooms.get(stanza.attrs.from ? bareJid(stanza.attrs.from) : '');
        const parsed = record && parseRoomMessage(stanza, record.info);
        if (!record || !parsed?.nick) return;
        const state = readChatState(stanza);
        const hasBody = stanza.getChild('body') !== undefined;
        if ((!state && !hasBody) || roomSender(parsed, record, ownBare).ours) return;
        feed.ephemeral({ kind: 'typing', conversation: roomAt(record.jid), composing: state === 'composing' && !hasBody, nick: parsed.nick });
      },
    },
    commands: {
      async sendChatState(request) {
        const conversation = conversationInCommand(request?.conversation);
        if (!conversation || !ctx.chatStatesAllowed(conversation, true)) return;
        const type = conversation.kind === 'room' ? 'groupchat' : 'chat';
        await session.whileOnline((connection) => connection.send(buildChatState(conversation.jid, request.state, type)));
      },
    },
  };
}
