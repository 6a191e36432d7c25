import type { Element } from '@xmpp/xml';
import type { ActionError, ActionRequest, MessageActionBase, MessageActionEvent, Result } from '../../../src-shared/contract';
import { chatWith } from '../../../src-shared/conversation';
import { actionRefusal } from '../send-request';
import { buildCorrection, buildReactions, buildRetraction } from '../protocol/message-actions-codec';
import { NS } from '../protocol/namespaces';
import type { ActionType, ParsedAction } from '../protocol/message-actions-codec';
import type { CoreContext } from './context';
import type { CoreModule } from './module';
import type { InboundStanza } from './stanza-kind';

/**
 * Message actions received in chats: corrections (XEP-0308), retractions (XEP-0424) and reactions
 * (XEP-0444), live, as carbons and from the archive, each as its own history event (a room's come
 * through the rooms module, rooms/room-message.ts). Whether the
 * sender may amend the target is decided where the target is known: in history, once it is there.
 * Ours go out through the commands, after the renderer applied them to its history.
 */
export function messageActionsModule(ctx: CoreContext): CoreModule<'correctMessage' | 'retractMessage' | 'react'> {
  const { feed, order, session } = ctx;
  /**
   * Checks the request, then writes the stanza `build` makes: to the chat's address, or as
   * `groupchat` to a room we are in (the room reflects it back; history applied it already).
   */
  async function sendAction<R extends ActionRequest & { body?: string; emojis?: string[] }>(
    request: R,
    build: (to: string, type: ActionType) => Element,
  ): Promise<Result<void, ActionError>> {
    const refused = actionRefusal(request, session.connection?.connectionState);
    if (refused) return { ok: false, error: refused };
    if (request.conversation.kind === 'room') {
      const room = request.conversation.jid;
      const closed = await ctx.wiring.roomWritable(room);
      if (closed) return { ok: false, error: closed };
      return session.whileOnline((connection) => connection.send(build(room, 'groupchat')));
    }
    return session.whileOnline((connection) => connection.send(build(chatWith(request.conversation.jid).jid, 'chat')));
  }
  return {
    name: 'message actions',
    features: [NS.correction, NS.retract, NS.reactions],
    stanzas: {
      'message:chat': (inbound) => {
        const action = inbound.action;
        if (action) feed.push(actionEvent(action, inbound, (a) => order.streamTimestamp(a.conversation, a.stanzaId, a.delayedAt, Date.now())));
      },
    },
    commands: {
      correctMessage: (request) => sendAction(request, (to, type) => buildCorrection(to, request.body, request.id, request.target, type)),
      retractMessage: (request) => sendAction(request, (to, type) => buildRetraction(to, request.id, request.target, request.fallback, type)),
      react: (request) => sendAction(request, (to, type) => buildReactions(to, request.id, request.target, request.emojis, type)),
    },
  };
}

/** The history event for a parsed action; archive results keep the archive's id and time. */
export function actionEvent(
  action: ParsedAction,
  inbound: Pick<InboundStanza, 'archived' | 'ownBare'>,
  streamTime: (a: ParsedAction) => number,
): MessageActionEvent {
  const archived = inbound.archived;
  const stanzaId = archived ? archived.stanzaId : action.stanzaId;
  const base: MessageActionBase = {
    conversation: action.conversation,
    target: action.target,
    direction: action.direction,
    sender: action.sender,
    from: action.from,
    ...(action.id ? { id: action.id } : {}),
    ...(stanzaId ? { stanzaId, stanzaIdBy: archived ? inbound.ownBare : action.stanzaIdBy } : {}),
    timestamp: archived ? archived.timestamp : streamTime(action),
    via: archived ? 'archive' : action.via,
  };
  if (action.type === 'correction') return { kind: 'correction', correction: { ...base, body: action.body } };
  if (action.type === 'reaction') return { kind: 'reaction', reaction: { ...base, emojis: action.emojis } };
  return { kind: 'retraction', retraction: base };
}
