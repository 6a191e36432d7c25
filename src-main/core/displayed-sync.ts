import { randomUUID } from 'node:crypto';
import type { ReadPoint } from '../../src-shared/contract';
import { conversationKey, type ConversationKey, type ConversationRef } from '../../src-shared/conversation';
import type { Logger } from './log';
import { buildDiscoInfoRequest, discoFeatures } from './protocol/caps-codec';
import { buildMdsFetch, buildMdsPublish, displayedElement, parseMdsItems } from './protocol/mds-codec';
import { NS } from './protocol/namespaces';
import { buildDisplayedMarker } from './protocol/receipts-markers-codec';
import type { Connection } from './session/connection';
import { fetchPepItems } from './pep-items';

export interface DisplayedRequest {
  conversation: ConversationRef;
  markerFor?: string;
  stanzaId?: string;
}

/**
 * Tells the other party (XEP-0333) and our other devices (XEP-0490) how far the person has read.
 * A read point reached while offline is kept, newest per conversation, and sent once connected
 * again: after the next session's MDS fetch, or as soon as XEP-0198 resumed the stream.
 * A room's marker can only go while we are in the room, which a new session enters again after
 * it starts: one that finds us out of a room that takes markers waits, newest per room, until
 * we are back in (`roomEntered`; test/e2e/room-read-status.test.ts, "a room read while offline").
 */
export class DisplayedSync {
  private serverAssist = false;
  private readonly unsent = new Map<ConversationKey, DisplayedRequest>();
  /** By room: the marker of the newest read step taken while we were out of the room. */
  private readonly roomMarkers = new Map<string, DisplayedRequest>();

  constructor(private readonly log: Logger) {}

  /** After a new session: learn what the server offers, fetch every MDS item, send what waited. */
  async startSession(connection: Connection, onReadPoints: (points: ReadPoint[]) => void, policy: MarkerPolicy): Promise<void> {
    try {
      const info = await connection.request(buildDiscoInfoRequest(connection.bare.split('@')[1]));
      this.serverAssist = discoFeatures(info).has(NS.mdsServerAssist);
    } catch (error) {
      this.log.debug('server disco#info failed', error);
    }
    try {
      const items = await fetchPepItems(connection, buildMdsFetch());
      const states = parseMdsItems(items, connection.bare);
      const points = states.map((s): ReadPoint => ({ conversation: s.conversation, stanzaId: s.stanzaId, stanzaIdBy: s.by, source: 'mds' }));
      if (points.length > 0) onReadPoints(points);
    } catch (error) {
      this.log.warn('MDS fetch failed', error);
    }
    await this.sendUnsent(connection, policy);
  }

  /** What waited for a connection: after a new session's MDS fetch, or as soon as XEP-0198 resumed the stream. */
  async sendUnsent(connection: Connection, policy: MarkerPolicy): Promise<void> {
    const waiting = [...this.unsent.values()];
    this.unsent.clear();
    for (const request of waiting) await this.markDisplayed(connection, request, policy);
  }

  async markDisplayed(connection: Connection | undefined, request: DisplayedRequest, policy: MarkerPolicy): Promise<void> {
    if (!connection || connection.connectionState.status !== 'online') {
      const key = conversationKey(request.conversation);
      const earlier = this.unsent.get(key);
      this.unsent.set(key, {
        conversation: request.conversation,
        markerFor: request.markerFor ?? earlier?.markerFor,
        stanzaId: request.stanzaId ?? earlier?.stanzaId,
      });
      return;
    }
    const { conversation } = request;
    const room = conversation.kind === 'room';
    // XEP-0490 §4: a room's stanza-ids are assigned by the room, a chat's by our own account.
    const by = room ? conversation.jid : connection.bare;
    const roomMarkers = room ? policy.roomMarkers(conversation.jid) : undefined;
    const mayMark = room ? roomMarkers === 'now' : policy.contactMaySeePresence(conversation);
    const wantsMarker = request.markerFor !== undefined && policy.sendReadMarkers;
    const sendMarker = wantsMarker && mayMark;
    if (room) {
      // A newer read step supersedes a waiting marker: an older one must never follow it.
      if (wantsMarker) this.roomMarkers.delete(conversation.jid);
      if (wantsMarker && roomMarkers === 'after-join') this.roomMarkers.set(conversation.jid, { conversation, markerFor: request.markerFor });
    }
    let mdsCarried = false;
    try {
      if (sendMarker) {
        const marker = buildDisplayedMarker(conversation.jid, request.markerFor!, randomUUID(), room ? 'groupchat' : 'chat');
        // XEP-0490 §5: a server that assists publishes the MDS element carried in a marker to a bare JID (chats only).
        if (!room && this.serverAssist && request.stanzaId) {
          marker.append(displayedElement({ stanzaId: request.stanzaId, by }));
          mdsCarried = true;
        }
        await connection.send(marker);
      }
      if (request.stanzaId && !mdsCarried) {
        await connection.request(buildMdsPublish({ conversation, stanzaId: request.stanzaId, by }));
      }
    } catch (error) {
      this.log.warn('read point not synchronised', error);
    }
  }

  /** Signed out: what waited belongs to that account. */
  reset(): void {
    this.unsent.clear();
    this.roomMarkers.clear();
  }

  /** We are in `room` (again): its waiting marker goes now, if the room still takes markers. */
  async roomEntered(connection: Connection, room: string, policy: MarkerPolicy): Promise<void> {
    const waiting = this.roomMarkers.get(room);
    if (!waiting || policy.roomMarkers(room) !== 'now') return;
    this.roomMarkers.delete(room);
    await this.markDisplayed(connection, waiting, policy);
  }
}

export interface MarkerPolicy {
  sendReadMarkers: boolean;
  /** Markers and receipts only go to a chat whose contact may see our presence (a `from` or `both` subscription; docs/protocol.md). */
  contactMaySeePresence(conversation: ConversationRef): boolean;
  /**
   * Markers go to a room only when it is a private group (members-only and non-anonymous) that
   * stamps stanza-ids, `now` when we are in it, `after-join` when we are not (yet); `never` to a
   * public channel (docs/protocol.md).
   */
  roomMarkers(room: string): 'now' | 'after-join' | 'never';
}
