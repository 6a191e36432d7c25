import { describe, expect, it } from 'vitest';
import type { Occupant, OccupantAffiliation, OccupantRole, RoomSummary } from '../../src-shared/contract';
import { moderationActions, roomPowers, standingIn } from '../../src-renderer/app/room-moderation';

const occupant = (role: OccupantRole, affiliation: OccupantAffiliation, jid: string | null = 'peer@example.org'): Occupant => ({
  nick: 'peer',
  role,
  affiliation,
  presence: 'available',
  ...(jid ? { jid } : {}),
  self: false,
});
const me = (role: OccupantRole, affiliation: OccupantAffiliation) => ({ role, affiliation });

describe('what the participants list offers (XEP-0045 §8, §9)', () => {
  it.each<[string, ReturnType<typeof me> | undefined, Occupant, string[]]>([
    [
      'an owner, to a visitor with no affiliation',
      me('moderator', 'owner'),
      occupant('participant', 'none'),
      ['kick', 'ban', 'grant-membership', 'grant-moderator'],
    ],
    ['an owner, to a member', me('moderator', 'owner'), occupant('participant', 'member'), ['kick', 'ban', 'revoke-membership', 'grant-moderator']],
    [
      'an owner, to a member who moderates',
      me('moderator', 'owner'),
      occupant('moderator', 'member'),
      ['kick', 'ban', 'revoke-membership', 'revoke-moderator'],
    ],
    ['an owner, to an admin: ban only (admins are moderators by affiliation)', me('moderator', 'owner'), occupant('moderator', 'admin'), ['ban']],
    ['an admin, to another admin', me('moderator', 'admin'), occupant('moderator', 'admin'), []],
    ['an admin, to the owner', me('moderator', 'admin'), occupant('moderator', 'owner'), []],
    ['a moderator with no affiliation, to a participant', me('moderator', 'none'), occupant('participant', 'none'), ['kick']],
    ['a moderator with no affiliation, to a member (higher)', me('moderator', 'none'), occupant('participant', 'member'), []],
    ['a plain participant', me('participant', 'member'), occupant('participant', 'none'), []],
    ['an owner, to someone whose address the room hides', me('moderator', 'owner'), occupant('participant', 'none', null), ['kick', 'grant-moderator']],
    ['anyone, before our own presence', undefined, occupant('participant', 'none'), []],
  ])('%s', (_, self, target, actions) => {
    expect(moderationActions(self, target)).toEqual(actions);
  });

  it('offers nothing about ourselves', () => {
    expect(moderationActions(me('moderator', 'owner'), { ...occupant('moderator', 'owner'), self: true })).toEqual([]);
  });

  it('finds our standing among the occupants', () => {
    expect(standingIn([occupant('participant', 'none'), { ...occupant('moderator', 'owner'), self: true }])).toEqual({
      role: 'moderator',
      affiliation: 'owner',
    });
    expect(standingIn([occupant('participant', 'none')])).toBeUndefined();
  });
});

describe('what the room header offers', () => {
  const room = (extra: Partial<RoomSummary>): RoomSummary => ({
    jid: 'r@c.example.org',
    nick: 'me',
    state: 'joined',
    participants: 2,
    private: true,
    archived: true,
    joins: 1,
    ...extra,
  });
  it.each<[string, RoomSummary | undefined, ReturnType<typeof roomPowers>]>([
    ['an owner', room({ role: 'moderator', affiliation: 'owner' }), { invite: true, subject: true, rename: true, destroy: true }],
    ['an admin', room({ role: 'moderator', affiliation: 'admin' }), { invite: true, subject: true, rename: false, destroy: false }],
    ['a member', room({ role: 'participant', affiliation: 'member' }), { invite: true, subject: false, rename: false, destroy: false }],
    [
      'a member of a members-only room (who cannot make anyone a member)',
      room({ role: 'participant', affiliation: 'member', membersOnly: true }),
      { invite: false, subject: false, rename: false, destroy: false },
    ],
    [
      'an admin of a members-only room',
      room({ role: 'moderator', affiliation: 'admin', membersOnly: true }),
      { invite: true, subject: true, rename: false, destroy: false },
    ],
    ['out of the room', room({ state: 'out', role: 'moderator', affiliation: 'owner' }), { invite: false, subject: false, rename: false, destroy: false }],
    ['an unknown room', undefined, { invite: false, subject: false, rename: false, destroy: false }],
  ])('%s', (_, summary, powers) => {
    expect(roomPowers(summary)).toEqual(powers);
  });
});
