import type { Result, SendError, SendRequest, WireMessage } from '../../../src-shared/contract';
import { chatWith } from '../../../src-shared/conversation';
import { activeState } from '../protocol/chat-states-codec';
import { buildChatMessage, buildEnableCarbons, type ParsedChat } from '../protocol/message-codec';
import { replyParts } from '../protocol/reply-codec';
import { NS } from '../protocol/namespaces';
import { sendRefusal } from '../send-request';
import type { CoreContext } from './context';
import type { CoreModule } from './module';
import type { ArchiveOrigin } from './stanza-kind';

/**
 * One-to-one chat messages, live and as XEP-0280 carbons, sent and received, with their steps
 * *sent* (XEP-0198 acknowledgement) and *failed* (an error bounced back).
 */
export function chatModule(ctx: CoreContext): CoreModule<'sendMessage'> {
  const { feed, session, notifier, order } = ctx;
  /** Message ids written in XMPP session number `sentIn` (a resumption keeps it, a new session clears it). */
  let sentThisSession = new Set<string>();
  let sentIn = 0;
  return {
    name: 'chat messages',
    features: [NS.sid],
    stanzas: {
      'message:chat': (inbound) => {
        const chat = inbound.chat;
        if (!chat) return;
        const archived = inbound.archived;
        // Archive results come with theirs (ArrivalOrder keeps each sender's order).
        const timestamp = archived ? archived.timestamp : order.streamTimestamp(chat.conversation, chat.stanzaId, chat.delayedAt, Date.now());
        feed.message(wireMessage(chat, timestamp, archived, inbound.ownBare));
      },
      'message:error': ({ stanza }) => {
        const id = stanza.attrs.id;
        const condition = stanza.getChild('error')?.getChildElements()[0]?.name ?? 'error';
        if (id && stanza.attrs.from) feed.statuses([{ conversation: chatWith(stanza.attrs.from), id, status: 'failed', at: Date.now(), error: condition }]);
      },
    },
    attach(connection) {
      connection.client.streamManagement.on('ack', (stanza) => {
        // A room message is *sent* when the room reflects it (rooms module), not when our server has it.
        const id = stanza.is('message') && stanza.attrs.type !== 'groupchat' && stanza.getChild('body') ? stanza.attrs.id : undefined;
        if (id && stanza.attrs.to) feed.statuses([{ conversation: chatWith(stanza.attrs.to), id, status: 'sent', at: Date.now() }]);
      });
      // A message the server never acknowledged before a failed resume stays *pending*: the
      // renderer's outbox sends it again, with the same id, in the next session.
    },
    async sessionFetch(connection) {
      await connection.request(buildEnableCarbons()).catch((e) => ctx.log.warn('carbons not enabled', e));
    },
    commands: {
      async sendMessage(request: SendRequest): Promise<Result<void, SendError>> {
        if (request?.conversation?.kind === 'room') return ctx.wiring.sendToRoom(request);
        const refused = sendRefusal(request, session.connection?.connectionState);
        if (refused) return { ok: false, error: refused };
        return session.whileOnline(async (connection) => {
          // A renderer that reloads resends its pending rows; within one session XEP-0198 already
          // guarantees delivery of what was sent, so the same id is not written twice.
          const state = connection.connectionState;
          const sessionNow = state.status === 'online' ? state.session : 0;
          if (sessionNow !== sentIn) [sentThisSession, sentIn] = [new Set(), sessionNow];
          if (sentThisSession.has(request.id)) return;
          sentThisSession.add(request.id);
          const conversation = chatWith(request.conversation.jid);
          const states = ctx.chatStatesAllowed(conversation, false) ? [activeState()] : [];
          const reply = request.reply ? replyParts(request.reply, request.body) : undefined;
          await connection.send(buildChatMessage(conversation.jid, reply?.body ?? request.body, request.id, ...(reply?.elements ?? []), ...states));
          notifier.ownMessage(conversation, Date.now(), request.id);
          // Without XEP-0198 there is no server acknowledgement to wait for: the write is all we get.
          if (!connection.client.streamManagement.enabled) {
            feed.statuses([{ conversation, id: request.id, status: 'sent', at: Date.now() }]);
          }
        });
      },
    },
  };
}

/** The fields of ParsedChat that wireMessage copies. */
type CarriedField =
  'conversation' | 'direction' | 'sender' | 'from' | 'id' | 'originId' | 'stanzaId' | 'stanzaIdBy' | 'body' | 'via' | 'markable' | 'reply' | 'file';
type NoneLeft<T extends never> = T;
/** Stops compiling when ParsedChat gains a field wireMessage neither copies nor leaves out on purpose (`delayedAt`). */
export type EveryParsedChatFieldCarried = NoneLeft<Exclude<keyof ParsedChat, CarriedField | 'delayedAt'>>;

/**
 * The history message for a parsed chat message: everything but its delay stamp, with its
 * timestamp. Written out field by field: an object rest (`{ delayedAt, ...rest }`) spread into a
 * new object got a hidden class of its own for every message, kept as long as the message is.
 */
function wireMessage(chat: ParsedChat, timestamp: number, archived: ArchiveOrigin | undefined, ownBare: string): WireMessage {
  const message: WireMessage = {
    conversation: chat.conversation,
    direction: chat.direction,
    sender: chat.sender,
    from: chat.from,
    id: chat.id,
    originId: chat.originId,
    stanzaId: archived ? archived.stanzaId : chat.stanzaId,
    body: chat.body,
    via: archived ? 'archive' : chat.via,
    markable: chat.markable,
    timestamp,
  };
  // The archive walked is our own account's: its result ids are our server's stanza-ids.
  if (archived) message.stanzaIdBy = ownBare;
  else if (chat.stanzaIdBy !== undefined) message.stanzaIdBy = chat.stanzaIdBy;
  if (chat.reply) message.reply = chat.reply;
  if (chat.file) message.file = chat.file;
  return message;
}
