import type { ModerationAction, Occupant, OccupantAffiliation, OccupantRole, RoomSummary } from '../../src-shared/contract';

const RANK: Record<OccupantAffiliation, number> = { outcast: 0, none: 1, member: 2, admin: 3, owner: 4 };

/** Who we are in the room (our own role and affiliation), as the snapshot or the occupant list says. */
export interface Standing {
  role: OccupantRole;
  affiliation: OccupantAffiliation;
}

const isAdmin = (standing: Standing) => standing.affiliation === 'owner' || standing.affiliation === 'admin';

/**
 * What we may do to a participant, by XEP-0045's rules, so the list offers nothing the room will
 * refuse anyway (it still decides, and a refusal is shown in words):
 * - kick (§8.2): moderators, never an owner or admin nor anyone whose affiliation is above ours;
 * - ban, membership (§9.1, §9.3, §9.4): admins and owners, for someone below our affiliation, by
 *   real address (none when the room hides it);
 * - moderator role (§9.6, §9.7): admins and owners; an owner's or admin's own moderator role
 *   comes with the affiliation and is not revoked.
 * Guarded by test/unit/room-moderation.test.ts.
 */
export function moderationActions(self: Standing | undefined, target: Occupant): ModerationAction[] {
  if (!self || target.self) return [];
  const actions: ModerationAction[] = [];
  const targetIsAdmin = target.affiliation === 'owner' || target.affiliation === 'admin';
  const below = RANK[target.affiliation] < RANK[self.affiliation];
  if (self.role === 'moderator' && !targetIsAdmin && RANK[target.affiliation] <= RANK[self.affiliation]) actions.push('kick');
  if (isAdmin(self) && below && target.jid) {
    actions.push('ban');
    if (target.affiliation === 'none') actions.push('grant-membership');
    if (target.affiliation === 'member') actions.push('revoke-membership');
  }
  if (isAdmin(self) && !targetIsAdmin) actions.push(target.role === 'moderator' ? 'revoke-moderator' : 'grant-moderator');
  return actions;
}

/**
 * What the room's header offers us: inviting while in it (in a members-only room only to admins
 * and owners, who can make the invitee a member, §9.3), the subject to moderators (§8.1), the name
 * and destruction to owners (§10).
 */
export function roomPowers(room: RoomSummary | undefined): { invite: boolean; subject: boolean; rename: boolean; destroy: boolean } {
  const joined = room?.state === 'joined';
  const owner = joined && room.affiliation === 'owner';
  const admin = owner || (joined && room.affiliation === 'admin');
  return { invite: joined && (!room.membersOnly || admin), subject: joined && room.role === 'moderator', rename: owner, destroy: owner };
}

/** Our own standing from the occupant list (the entry marked as us). */
export function standingIn(occupants: readonly Occupant[]): Standing | undefined {
  const self = occupants.find((occupant) => occupant.self);
  return self && { role: self.role, affiliation: self.affiliation };
}
