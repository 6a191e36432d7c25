// DisplayedSync: what goes on the wire for a read step, by connection and room state. A room's
// marker waits while we are out of the room and goes once we are back in it; a resumed stream
// sends what was read while offline. End to end: test/e2e/room-read-status.test.ts.
import { describe, expect, it } from 'vitest';
import type { Element } from '@xmpp/xml';
import { DisplayedSync, type MarkerPolicy } from '../../src-main/core/displayed-sync';
import { silentLogger } from '../../src-main/core/log';
import type { Connection } from '../../src-main/core/session/connection';

const ROOM = 'nook@conference.example.org';
const MARKERS = 'urn:xmpp:chat-markers:0';

/** A connection that records what it is given to send; every request is answered with an empty result. */
function wire(status: 'online' | 'connecting' = 'online') {
  const sent: Element[] = [];
  const connection = {
    bare: 'gwen@example.org',
    connectionState: { status },
    send: async (element: Element) => void sent.push(element),
    request: async (element: Element) => {
      sent.push(element);
      return element;
    },
  } as unknown as Connection;
  const markers = () => sent.filter((s) => s.is('message')).map((s) => s.getChild('displayed', MARKERS)!.attrs.id);
  const mdsPublished = () => sent.flatMap((s) => s.getChild('pubsub')?.getChild('publish')?.getChild('item')?.attrs.id ?? []);
  return { connection, markers, mdsPublished };
}

function policy(room: 'now' | 'after-join' | 'never'): MarkerPolicy {
  return { sendReadMarkers: true, contactMaySeePresence: () => true, roomMarkers: () => room };
}

const readStep = (id: string) => ({ conversation: { kind: 'room' as const, jid: ROOM }, markerFor: id, stanzaId: id });

describe('DisplayedSync in rooms', () => {
  it('sends the marker at once while we are in the room', async () => {
    const sync = new DisplayedSync(silentLogger);
    const { connection, markers, mdsPublished } = wire();
    await sync.markDisplayed(connection, readStep('s1'), policy('now'));
    expect(markers()).toEqual(['s1']);
    expect(mdsPublished()).toEqual([ROOM]);
  });

  it('out of the room: MDS now, the marker (the newest only) once we are back in', async () => {
    const sync = new DisplayedSync(silentLogger);
    const { connection, markers, mdsPublished } = wire();
    await sync.markDisplayed(connection, readStep('s1'), policy('after-join'));
    await sync.markDisplayed(connection, readStep('s2'), policy('after-join'));
    expect(markers()).toEqual([]);
    expect(mdsPublished()).toEqual([ROOM, ROOM]);
    await sync.roomEntered(connection, ROOM, policy('now'));
    expect(markers()).toEqual(['s2']);
    // Once only; entering again (a nick change, a self-ping's rejoin) sends nothing more.
    await sync.roomEntered(connection, ROOM, policy('now'));
    expect(markers()).toEqual(['s2']);
    expect(mdsPublished()).toEqual([ROOM, ROOM]);
  });

  it('a newer step sent in the room drops the waiting older marker', async () => {
    const sync = new DisplayedSync(silentLogger);
    const { connection, markers } = wire();
    await sync.markDisplayed(connection, readStep('s1'), policy('after-join'));
    await sync.markDisplayed(connection, readStep('s2'), policy('now'));
    await sync.roomEntered(connection, ROOM, policy('now'));
    expect(markers()).toEqual(['s2']);
  });

  it('a room found to be a public channel on entering gets no marker', async () => {
    const sync = new DisplayedSync(silentLogger);
    const { connection, markers } = wire();
    await sync.markDisplayed(connection, readStep('s1'), policy('after-join'));
    await sync.roomEntered(connection, ROOM, policy('never'));
    expect(markers()).toEqual([]);
  });

  it('offline, then a new session before the room is entered again: MDS at the session, the marker after the join', async () => {
    const sync = new DisplayedSync(silentLogger);
    const offline = wire('connecting');
    await sync.markDisplayed(offline.connection, readStep('s1'), policy('after-join'));
    expect(offline.markers()).toEqual([]);
    expect(offline.mdsPublished()).toEqual([]);
    const online = wire();
    await sync.startSession(online.connection, () => undefined, policy('after-join'));
    expect(online.markers()).toEqual([]);
    expect(online.mdsPublished()).toEqual([ROOM]);
    await sync.roomEntered(online.connection, ROOM, policy('now'));
    expect(online.markers()).toEqual(['s1']);
  });

  it('offline, then the stream resumed (still in the room): both go at once', async () => {
    const sync = new DisplayedSync(silentLogger);
    await sync.markDisplayed(wire('connecting').connection, readStep('s1'), policy('now'));
    const resumed = wire();
    await sync.sendUnsent(resumed.connection, policy('now'));
    expect(resumed.markers()).toEqual(['s1']);
    expect(resumed.mdsPublished()).toEqual([ROOM]);
  });

  it('signing out forgets what waited: nothing of it goes out for the next account', async () => {
    const sync = new DisplayedSync(silentLogger);
    await sync.markDisplayed(wire('connecting').connection, readStep('s1'), policy('now'));
    await sync.markDisplayed(wire().connection, readStep('s2'), policy('after-join'));
    sync.reset();
    const next = wire();
    await sync.sendUnsent(next.connection, policy('now'));
    await sync.roomEntered(next.connection, ROOM, policy('now'));
    expect(next.markers()).toEqual([]);
    expect(next.mdsPublished()).toEqual([]);
  });
});
