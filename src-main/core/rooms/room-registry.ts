import type { Occupant, RoomExit, RoomState, RoomSummary } from '../../../src-shared/contract';
import type { OccupantPresence, RoomInfo } from '../protocol/muc-codec';

/** What happened to us in a room, read from one presence (XEP-0045 §7.2.3, §8.2, §9.1, §10.9). */
export type SelfChange = { kind: 'joined' } | { kind: 'nick'; nick: string } | { kind: 'exit'; exit: RoomExit } | { kind: 'none' };

/** XEP-0045 status codes of an unavailable self-presence, as why we are out. 333 wins over 307 (XEP-0045 §9.2 note; rejoin). */
export function exitOf(presence: OccupantPresence): RoomExit {
  if (presence.destroyed) return 'destroyed';
  const codes = presence.codes;
  if (codes.has(332) || codes.has(333)) return 'shutdown';
  if (codes.has(301)) return 'banned';
  if (codes.has(307)) return 'kicked';
  if (codes.has(321) || codes.has(322)) return 'removed';
  return 'left';
}

/** One room we are in, or trying to be in. */
export class RoomRecord {
  state: RoomState = 'joining';
  exit?: RoomExit;
  subject?: string;
  /** The room's occupant-id for us (XEP-0421), from our own presence. */
  ownOccupantId?: string;
  joins = 0;
  /** Present occupants by nickname. */
  readonly occupants = new Map<string, Occupant>();
  /** A private group's members by real bare JID, us left out (read-by's "of M"); set by modules/room-reading.ts. */
  members?: Set<string>;
  /** Our joined state is being confirmed, for a self-ping after a resumption or silence. */
  lastTraffic = Date.now();

  constructor(
    readonly jid: string,
    public nick: string,
    public info: RoomInfo,
    public password?: string,
  ) {}

  get isPrivate(): boolean {
    return this.info.membersOnly && this.info.nonAnonymous;
  }

  summary(): RoomSummary {
    const self = this.state === 'joined' ? this.occupants.get(this.nick) : undefined;
    return {
      jid: this.jid,
      ...(this.info.name ? { name: this.info.name } : {}),
      nick: this.nick,
      state: this.state,
      ...(this.exit ? { exit: this.exit } : {}),
      ...(this.subject ? { subject: this.subject } : {}),
      participants: this.occupants.size,
      private: this.isPrivate,
      archived: this.info.archived,
      joins: this.joins,
      ...(self ? { role: self.role, affiliation: self.affiliation } : {}),
      ...(this.info.membersOnly ? { membersOnly: true } : {}),
      ...(this.members ? { members: this.members.size } : {}),
    };
  }

  /**
   * Applies an occupant's presence; for our own (status 110, or our nick) says what it did to us.
   * Our own presence ends the list of occupants sent on joining (§7.2.3).
   */
  apply(presence: OccupantPresence): SelfChange {
    this.lastTraffic = Date.now();
    const self = presence.codes.has(110) || presence.nick === this.nick;
    if (presence.unavailable) {
      this.occupants.delete(presence.nick);
      if (presence.codes.has(303) && presence.newNick) {
        const before = this.occupants.get(presence.nick);
        this.occupants.set(presence.newNick, { ...(before ?? occupantFrom(presence, self)), nick: presence.newNick });
        if (self) {
          this.nick = presence.newNick;
          return { kind: 'nick', nick: presence.newNick };
        }
        return { kind: 'none' };
      }
      if (!self) return { kind: 'none' };
      this.occupants.clear();
      this.state = 'out';
      this.exit = exitOf(presence);
      return { kind: 'exit', exit: this.exit };
    }
    this.occupants.set(presence.nick, occupantFrom(presence, self));
    if (!self) return { kind: 'none' };
    if (presence.occupantId) this.ownOccupantId = presence.occupantId;
    // §7.2.3 210: the service chose our nick.
    if (presence.nick !== this.nick) this.nick = presence.nick;
    if (this.state === 'joined') return { kind: 'none' };
    this.state = 'joined';
    this.exit = undefined;
    this.joins += 1;
    return { kind: 'joined' };
  }

  /** Whether an occupant (by nick, occupant-id or real JID) is us. */
  isUs(sender: { nick?: string; occupantId?: string; jid?: string }, ownBare: string): boolean {
    if (sender.jid) return sender.jid === ownBare;
    if (this.info.occupantIds && sender.occupantId && this.ownOccupantId) return sender.occupantId === this.ownOccupantId;
    return sender.nick === this.nick;
  }

  occupantList(): Occupant[] {
    return [...this.occupants.values()];
  }
}

function occupantFrom(presence: OccupantPresence, self: boolean): Occupant {
  return {
    nick: presence.nick,
    role: presence.role,
    affiliation: presence.affiliation,
    presence: presence.presence,
    ...(presence.jid ? { jid: presence.jid } : {}),
    ...(presence.occupantId ? { occupantId: presence.occupantId } : {}),
    self,
  };
}

/** Every room of the signed-in account, by bare JID. Written by the rooms module, read by others. */
export class RoomRegistry {
  private readonly rooms = new Map<string, RoomRecord>();

  get(jid: string): RoomRecord | undefined {
    return this.rooms.get(jid);
  }

  set(record: RoomRecord): void {
    this.rooms.set(record.jid, record);
  }

  delete(jid: string): void {
    this.rooms.delete(jid);
  }

  all(): RoomRecord[] {
    return [...this.rooms.values()];
  }

  clear(): void {
    this.rooms.clear();
  }

  summaries(): RoomSummary[] {
    return this.all().map((room) => room.summary());
  }
}
