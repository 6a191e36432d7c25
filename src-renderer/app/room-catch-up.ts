import type { RoomSummary } from '../../src-shared/contract';

/**
 * Which rooms have to catch up from their archive (XEP-0313 on the room): every archived room
 * whose completed joins (`RoomSummary.joins`, counted by the core) grew since the last look. After
 * a join the room only sends what is new (we join without its replay), so whatever it said
 * meanwhile comes from its archive, once each (history dedupes by the room's stanza-id).
 */
export class RoomCatchUp {
  private readonly seen = new Map<string, number>();

  due(rooms: readonly RoomSummary[]): string[] {
    // A room the core no longer lists (signed out, or forgotten) counts its joins from scratch.
    const listed = new Set(rooms.map((room) => room.jid));
    for (const jid of [...this.seen.keys()]) if (!listed.has(jid)) this.seen.delete(jid);
    const due: string[] = [];
    for (const room of rooms) {
      if (room.state !== 'joined' || !room.archived || room.joins <= (this.seen.get(room.jid) ?? 0)) continue;
      this.seen.set(room.jid, room.joins);
      due.push(room.jid);
    }
    return due;
  }

  /** Another history (or a new core run) counts joins from scratch. */
  reset(): void {
    this.seen.clear();
  }
}
