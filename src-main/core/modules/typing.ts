import { conversationInCommand } from '../conversation-input';
import { buildChatState, readChatState } from '../protocol/chat-states-codec';
import { NS } from '../protocol/namespaces';
import type { CoreContext } from './context';
import type { CoreModule } from './module';

/**
 * XEP-0085 chat states. In: the other party's typing, as an ephemeral event; states replayed by
 * the archive, kept by offline storage (`<delay/>`) or sent by our own other devices (carbons)
 * are ignored, and a message from them ends their typing. Out: the composer's states, as
 * standalone messages with `<no-store/>`, only where chatStatesAllowed says so (docs/protocol.md).
 */
export function typingModule(ctx: CoreContext): CoreModule<'sendChatState'> {
  const { feed, session } = ctx;
  return {
    name: 'typing',
    features: [NS.chatStates],
    stanzas: {
      'message:chat': (inbound) => {
        const envelope = inbound.envelope;
        if (!envelope || inbound.archived || envelope.sentByUs || envelope.message.getChild('delay', NS.delay)) return;
        if (ctx.state.preferences.typingNotices === false) return;
        const state = readChatState(envelope.message);
        const hasBody = envelope.message.getChild('body') !== undefined;
        if (!state && !hasBody) return;
        feed.ephemeral({ kind: 'typing', conversation: envelope.conversation, composing: state === 'composing' && !hasBody });
      },
    },
    commands: {
      async sendChatState(request) {
        const conversation = conversationInCommand(request?.conversation);
        if (!conversation || !ctx.chatStatesAllowed(conversation, true)) return;
        await session.whileOnline((connection) => connection.send(buildChatState(conversation.jid, request.state)));
      },
    },
  };
}
