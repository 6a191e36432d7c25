import type { EphemeralEvent, Occupant } from '../../src-shared/contract';

/**
 * A counter per room that goes up when the core says its participants changed. The core sends
 * one event per room per batch however many presences arrived (a join's flood is a few events),
 * so a list showing the participants fetches them at most once per batch.
 */
export class OccupantChanges {
  versions = $state.raw<Readonly<Record<string, number>>>({});

  changed(events: readonly EphemeralEvent[]): void {
    const rooms = events.flatMap((event) => (event.kind === 'occupants' ? [event.jid] : []));
    if (rooms.length === 0) return;
    const next = { ...this.versions };
    for (const room of rooms) next[room] = (next[room] ?? 0) + 1;
    this.versions = next;
  }

  version(room: string): number {
    return this.versions[room] ?? 0;
  }
}

export type OccupantSection = 'admins' | 'members' | 'others';

/** A row of the participants list: a section heading, or a participant. */
export type OccupantRow = { kind: 'section'; section: OccupantSection; count: number } | { kind: 'occupant'; occupant: Occupant };

function sectionOf(occupant: Occupant): OccupantSection {
  if (occupant.affiliation === 'owner' || occupant.affiliation === 'admin') return 'admins';
  return occupant.affiliation === 'member' ? 'members' : 'others';
}

/** The participants grouped (owners and admins, members, others), each group by nickname; empty groups are left out. */
export function occupantRows(occupants: readonly Occupant[], locale: string): OccupantRow[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  const sections: Record<OccupantSection, Occupant[]> = { admins: [], members: [], others: [] };
  for (const occupant of occupants) sections[sectionOf(occupant)].push(occupant);
  const rows: OccupantRow[] = [];
  for (const section of ['admins', 'members', 'others'] as const) {
    const list = sections[section].sort((a, b) => collator.compare(a.nick, b.nick));
    if (list.length === 0) continue;
    rows.push({ kind: 'section', section, count: list.length });
    for (const occupant of list) rows.push({ kind: 'occupant', occupant });
  }
  return rows;
}
