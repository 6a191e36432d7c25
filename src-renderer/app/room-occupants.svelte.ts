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

/**
 * The participants' rows, keeping the last order while the same people are in the same groups: a
 * flood of presence changes (someone away, back, busy) changes how they are, not who is there, so
 * the rows are rebuilt from the order already sorted instead of collating thousands of nicknames
 * per batch. A join, a leave, a nick or affiliation change, or another language sorts afresh.
 * Guarded by test/unit/room-occupants-order.test.ts.
 */
export class OccupantOrder {
  private locale = '';
  /** Position of each nickname in the last sorted rows, with its section. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache: nothing renders from it
  private positions = new Map<string, { section: OccupantSection; index: number }>();
  private shape: OccupantRow[] = [];

  rows(occupants: readonly Occupant[], locale: string): OccupantRow[] {
    if (locale === this.locale && occupants.length === this.positions.size) {
      const rows = this.shape.slice();
      let same = true;
      for (const occupant of occupants) {
        const at = this.positions.get(occupant.nick);
        if (!at || at.section !== sectionOf(occupant)) {
          same = false;
          break;
        }
        rows[at.index] = { kind: 'occupant', occupant };
      }
      if (same) return (this.shape = rows);
    }
    const rows = occupantRows(occupants, locale);
    this.locale = locale;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache: nothing renders from it
    this.positions = new Map();
    let section: OccupantSection = 'admins';
    rows.forEach((row, index) => {
      if (row.kind === 'section') section = row.section;
      else this.positions.set(row.occupant.nick, { section, index });
    });
    return (this.shape = rows);
  }
}
