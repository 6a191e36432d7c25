import { describe, expect, it } from 'vitest';
import parse from '@xmpp/xml/lib/parse.js';
import type { RoomNotice } from '../../src-shared/contract';
import { translate } from '../../src-shared/i18n';
import { parseOccupantPresence } from '../../src-main/core/protocol/muc-codec';
import { presenceNotice, presenceReason, subjectNotice } from '../../src-main/core/rooms/room-notices';
import { noticeText } from '../../src-renderer/ui/rooms/notice-text';

const ROOM = 'coven@chat.shakespeare.lit';
const IN_ROOM = { joined: true, present: true, self: false };

/** An occupant presence as XEP-0045 §7.x shows it: `codes` and an optional item/destroy child. */
function presence(nick: string, options: { type?: string; codes?: number[]; item?: string; destroy?: string } = {}) {
  const stanza = parse(`<presence xmlns="jabber:client" from="${ROOM}/${nick}"${options.type ? ` type="${options.type}"` : ''}>
    <x xmlns="http://jabber.org/protocol/muc#user">
      ${options.item ?? '<item affiliation="member" role="participant"/>'}
      ${options.destroy ?? ''}
      ${(options.codes ?? []).map((code) => `<status code="${code}"/>`).join('')}
    </x></presence>`);
  return { stanza, parsed: parseOccupantPresence(stanza, false)! };
}

function noticeFor(nick: string, options: Parameters<typeof presence>[1], before = IN_ROOM): RoomNotice | undefined {
  const { stanza, parsed } = presence(nick, options);
  return presenceNotice(parsed, before, presenceReason(stanza));
}

describe('quiet lines of a room’s log', () => {
  it('a newcomer joins and leaves; a presence of someone already there (a status change) makes no line', () => {
    expect(noticeFor('wiccarocks', {}, { ...IN_ROOM, present: false })).toEqual({ what: 'joined', nick: 'wiccarocks' });
    expect(noticeFor('wiccarocks', {})).toBeUndefined();
    expect(noticeFor('wiccarocks', { type: 'unavailable' })).toEqual({ what: 'left', nick: 'wiccarocks' });
  });

  it('nothing while we are joining: the occupants the room lists first are the room as we find it', () => {
    expect(noticeFor('firstwitch', {}, { joined: false, present: false, self: false })).toBeUndefined();
    expect(noticeFor('thirdwitch', { codes: [110] }, { joined: false, present: false, self: true })).toBeUndefined();
  });

  it('nick changes (303), kicks (307) and bans (301) with the reason, removals (321), the room destroyed', () => {
    expect(noticeFor('oldhag', { type: 'unavailable', codes: [303], item: '<item nick="oldcrone" affiliation="member" role="participant"/>' })).toEqual({
      what: 'nick',
      nick: 'oldhag',
      newNick: 'oldcrone',
    });
    expect(
      noticeFor('pistol', { type: 'unavailable', codes: [307], item: '<item affiliation="none" role="none"><reason>Avaunt, you cullion!</reason></item>' }),
    ).toEqual({ what: 'kicked', nick: 'pistol', reason: 'Avaunt, you cullion!' });
    expect(noticeFor('pistol', { type: 'unavailable', codes: [301], item: '<item affiliation="outcast" role="none"/>' })).toEqual({
      what: 'banned',
      nick: 'pistol',
    });
    expect(noticeFor('pistol', { type: 'unavailable', codes: [321] })).toEqual({ what: 'removed', nick: 'pistol' });
    expect(
      noticeFor(
        'thirdwitch',
        { type: 'unavailable', codes: [110], destroy: '<destroy><reason>Macbeth doth come.</reason></destroy>' },
        { ...IN_ROOM, self: true },
      ),
    ).toEqual({ what: 'destroyed', reason: 'Macbeth doth come.' });
  });

  it('our own leaving and a shutdown of the room make no line; our own kick does', () => {
    expect(noticeFor('thirdwitch', { type: 'unavailable', codes: [110] }, { ...IN_ROOM, self: true })).toBeUndefined();
    expect(noticeFor('thirdwitch', { type: 'unavailable', codes: [110, 332] }, { ...IN_ROOM, self: true })).toBeUndefined();
    expect(noticeFor('thirdwitch', { type: 'unavailable', codes: [110, 307] }, { ...IN_ROOM, self: true })).toEqual({
      what: 'kicked',
      nick: 'thirdwitch',
      self: true,
    });
  });

  it('reads as one sentence in each language', () => {
    const en = (notice: RoomNotice) => noticeText(notice, (key, params) => translate('en', key, params));
    const zh = (notice: RoomNotice) => noticeText(notice, (key, params) => translate('zh-CN', key, params));
    expect(en({ what: 'joined', nick: 'Olive' })).toBe('Olive joined');
    expect(en({ what: 'nick', nick: 'Olive', newNick: 'Liv' })).toBe('Olive is now known as Liv');
    expect(en({ what: 'kicked', nick: 'Pistol', reason: 'spam' })).toBe('Pistol was removed from the group chat (spam)');
    expect(en(subjectNotice('Roses', 'Olive'))).toBe('Olive changed the subject to “Roses”');
    expect(en(subjectNotice('', undefined))).toBe('The subject was cleared');
    expect(en({ what: 'destroyed' })).toBe('The group chat was closed by its owner');
    expect(zh({ what: 'joined', nick: 'Olive' })).toBe('Olive 加入了群聊');
    expect(zh({ what: 'left', nick: 'Olive' })).toBe('Olive 离开了群聊');
  });
});
