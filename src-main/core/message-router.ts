import type { Element } from '@xmpp/xml';
import { acknowledgementEvents, shouldSendReceipt } from './acknowledgements';
import type { ArchivedMessage } from './archive/mam-codec';
import type { MarkerPolicy } from './displayed-sync';
import type { Logger } from './log';
import { bareJid } from './protocol/jid';
import { openEnvelope, readChat, type Envelope } from './protocol/message-codec';
import { parseMdsEvent } from './protocol/mds-codec';
import { buildReceipt } from './protocol/receipts-markers-codec';
import type { RendererFeed } from './renderer-feed';

export interface RouterContext {
  ownBare: string;
  feed: RendererFeed;
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
    if (id && stanza.attrs.from) ctx.feed.statuses([{ peer: bareJid(stanza.attrs.from), id, status: 'failed', at: now, error: condition }]);
    return;
  }
  const mds = parseMdsEvent(stanza, ctx.ownBare);
  if (mds.length > 0) {
    ctx.feed.readPoints(mds.filter((s) => s.by === ctx.ownBare).map((s) => ({ peer: s.peer, stanzaId: s.stanzaId, source: 'mds' as const })));
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
      peerMaySeePresence: policy.peerMaySeePresence(envelope.peer),
    })
  ) {
    ctx.send(buildReceipt(envelope.message.attrs.from ?? envelope.peer, chat!.id!)).catch((e) => ctx.log.warn('receipt not sent', e));
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
    const timestamp = archiveTimestamp(ctx, archived);
    deliver({ ...envelope, via: 'live' }, ctx, timestamp, { stanzaId: archived.stanzaId, archive: true });
  }
}

/**
 * FIX (issue 5, found by test/integration/faults.test.ts: history showed a peer's messages out of
 * order after resumptions and failed resumptions). History orders a conversation by timestamp,
 * then by arrival. Live messages get their arrival time in milliseconds, but XEP-0203 stamps have
 * whole seconds: Prosody stamps what it queues for a resumption (mod_smacks) or keeps offline with
 * the second it was queued, and its archive stamps every message with its second. So a message
 * sent at 12.6 s came back as "12 s" and sorted before one that arrived live at 12.3 s, though it
 * was sent after it; and after a failed resumption, what the archive walk brought (the gap, "12 s")
 * sorted after offline messages of the same second that arrived first, though they came later.
 * Two rules keep each sender's order:
 * - on the stream (live, carbons, offline, resent after a resumption) stanzas come in the
 *   server's order: per conversation their timestamps only move forward; a whole-second stamp
 *   counts as the end of its second; and none is later than now (a peer's own `<delay/>` cannot
 *   pin its message above newer ones);
 * - an archive walk comes in the archive's order: each result is no earlier than the message
 *   before it in the walk, the first no earlier than the one the walk starts after (when this
 *   core delivered it), so the gap sorts after what was held before it and before what arrived
 *   on the stream after it.
 */
interface OrderState {
  /** Per conversation: the timestamp of the last message that arrived on the stream. */
  onStream: Map<string, number>;
  /** Timestamps given to recent stanza-ids (first delivery wins, as in history). */
  given: Map<string, number>;
}

const GIVEN_LIMIT = 20_000;
const orderStates = new WeakMap<RendererFeed, OrderState>();

function orderState(ctx: RouterContext): OrderState {
  let state = orderStates.get(ctx.feed);
  if (!state) orderStates.set(ctx.feed, (state = { onStream: new Map(), given: new Map() }));
  return state;
}

function remember(state: OrderState, stanzaId: string | undefined, timestamp: number): void {
  if (!stanzaId || state.given.has(stanzaId)) return;
  state.given.set(stanzaId, timestamp);
  if (state.given.size > GIVEN_LIMIT) state.given.delete(state.given.keys().next().value!);
}

function streamTimestamp(ctx: RouterContext, peer: string, stamp: number | undefined, now: number): number {
  const state = orderState(ctx);
  const base = stamp === undefined ? now : Math.min(stamp % 1000 === 0 ? stamp + 999 : stamp, now);
  const timestamp = Math.max(base, state.onStream.get(peer) ?? -Infinity);
  state.onStream.set(peer, timestamp);
  return timestamp;
}

function archiveTimestamp(ctx: RouterContext, archived: ArchivedMessage): number {
  const state = orderState(ctx);
  const floor = archived.follows !== undefined ? state.given.get(archived.follows) : undefined;
  const timestamp = Math.max(archived.timestamp ?? Date.now(), floor ?? -Infinity);
  remember(state, archived.stanzaId, timestamp);
  return timestamp;
}

function deliver(envelope: Envelope, ctx: RouterContext, now: number, archive?: { stanzaId: string; archive: true }) {
  const chat = readChat(envelope, ctx.ownBare);
  if (chat) {
    const { delayedAt, ...rest } = chat;
    const timestamp = archive ? now : streamTimestamp(ctx, rest.peer, delayedAt, now);
    if (!archive) remember(orderState(ctx), rest.stanzaId, timestamp);
    ctx.feed.message({
      ...rest,
      stanzaId: archive?.stanzaId ?? rest.stanzaId,
      timestamp,
      via: archive ? 'archive' : rest.via,
    });
  }
  const { statuses, readPoints } = acknowledgementEvents(envelope, now);
  ctx.feed.statuses(statuses);
  ctx.feed.readPoints(readPoints);
  return chat;
}
