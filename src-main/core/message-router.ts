import type { Element } from '@xmpp/xml';
import { acknowledgementEvents, shouldSendReceipt } from './acknowledgements';
import type { ArchivedMessage } from './archive/mam-codec';
import type { MarkerPolicy } from './displayed-sync';
import type { Logger } from './log';
import { chatWith } from '../../src-shared/conversation';
import { openEnvelope, readChat, type Envelope } from './protocol/message-codec';
import { parseMdsEvent } from './protocol/mds-codec';
import { buildReceipt } from './protocol/receipts-markers-codec';
import type { RendererFeed } from './renderer-feed';
import type { ArrivalOrder } from './arrival-order';

export interface RouterContext {
  ownBare: string;
  feed: RendererFeed;
  order: ArrivalOrder;
  policy: () => MarkerPolicy;
  send: (element: Element) => Promise<void>;
  log: Logger;
  now?: () => number;
}

/**
 * Everything a live `<message/>` can mean to Glance: an error for one of ours, an MDS event from
 * our other devices, a chat message (live or carbon), receipts and markers — and the receipt we
 * owe for it. Every branch is guarded by its codec: malformed input is dropped, never thrown.
 */
export function routeLiveMessage(stanza: Element, ctx: RouterContext): void {
  const now = ctx.now?.() ?? Date.now();
  if (stanza.attrs.type === 'error') {
    const id = stanza.attrs.id;
    const condition = stanza.getChild('error')?.getChildElements()[0]?.name ?? 'error';
    if (id && stanza.attrs.from) ctx.feed.statuses([{ conversation: chatWith(stanza.attrs.from), id, status: 'failed', at: now, error: condition }]);
    return;
  }
  const mds = parseMdsEvent(stanza, ctx.ownBare);
  if (mds.length > 0) {
    // Rooms later: only chats' read points are kept.
    const chats = mds.filter((s) => s.conversation.kind === 'chat');
    ctx.feed.readPoints(chats.map((s) => ({ conversation: s.conversation, stanzaId: s.stanzaId, stanzaIdBy: s.by, source: 'mds' as const })));
    return;
  }
  const envelope = openEnvelope(stanza, ctx.ownBare);
  if (!envelope) return;
  const chat = deliver(envelope, ctx, now);
  const policy = ctx.policy();
  if (
    shouldSendReceipt({
      envelope,
      hasBody: chat !== undefined,
      messageId: chat?.id,
      sendReadMarkers: policy.sendReadMarkers,
      contactMaySeePresence: policy.contactMaySeePresence(envelope.conversation),
    })
  ) {
    ctx.send(buildReceipt(envelope.message.attrs.from ?? envelope.conversation.jid, chat!.id!)).catch((e) => ctx.log.warn('receipt not sent', e));
  }
}

/**
 * Archive (XEP-0313) results: stored like any message and their receipts and markers applied,
 * but never answered — no receipt, no marker, no notification for a replay.
 */
export function routeArchivedMessages(messages: ArchivedMessage[], ctx: RouterContext): void {
  for (const archived of messages) {
    const envelope = openEnvelope(archived.message, ctx.ownBare);
    if (!envelope) continue;
    const timestamp = ctx.order.archiveTimestamp(archived, ctx.now?.() ?? Date.now());
    deliver({ ...envelope, via: 'live' }, ctx, timestamp, { stanzaId: archived.stanzaId, archive: true });
  }
}

function deliver(envelope: Envelope, ctx: RouterContext, now: number, archive?: { stanzaId: string; archive: true }) {
  const chat = readChat(envelope, ctx.ownBare);
  if (chat) {
    const { delayedAt, ...rest } = chat;
    // Archive results come with theirs (ArrivalOrder keeps each sender's order).
    const timestamp = archive ? now : ctx.order.streamTimestamp(rest.conversation, rest.stanzaId, delayedAt, now);
    ctx.feed.message({
      ...rest,
      // The archive walked is our own account's: its result ids are our server's stanza-ids.
      ...(archive ? { stanzaId: archive.stanzaId, stanzaIdBy: ctx.ownBare } : {}),
      timestamp,
      via: archive ? 'archive' : rest.via,
    });
  }
  const { statuses, readPoints } = acknowledgementEvents(envelope, now);
  ctx.feed.statuses(statuses);
  ctx.feed.readPoints(readPoints);
  return chat;
}
