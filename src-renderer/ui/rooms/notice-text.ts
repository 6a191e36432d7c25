import type { RoomNotice } from '../../../src-shared/contract';
import type { MessageKey } from '../../i18n';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * The sentence of a room's quiet line (someone joined, left, changed nickname, …), with the
 * room's reason when it gave one. Guarded by test/unit/room-notices.test.ts.
 */
export function noticeText(notice: RoomNotice, t: Translate): string {
  const nick = notice.nick ?? '';
  const line = sentence(notice, nick, t);
  return notice.reason ? t('roomNotice.reason', { line, reason: notice.reason }) : line;
}

function sentence(notice: RoomNotice, nick: string, t: Translate): string {
  switch (notice.what) {
    case 'joined':
      return t('roomNotice.joined', { nick });
    case 'left':
      return t('roomNotice.left', { nick });
    case 'nick':
      return notice.self ? t('roomNotice.nickSelf', { newNick: notice.newNick ?? '' }) : t('roomNotice.nick', { nick, newNick: notice.newNick ?? '' });
    case 'kicked':
      return notice.self ? t('roomNotice.kickedSelf') : t('roomNotice.kicked', { nick });
    case 'banned':
      return notice.self ? t('roomNotice.bannedSelf') : t('roomNotice.banned', { nick });
    case 'removed':
      return notice.self ? t('roomNotice.removedSelf') : t('roomNotice.removed', { nick });
    case 'destroyed':
      return t('roomNotice.destroyed');
    case 'subject': {
      const subject = notice.subject ?? '';
      if (!subject) return nick ? t('roomNotice.subjectCleared', { nick }) : t('roomNotice.subjectClearedAnonymous');
      return nick ? t('roomNotice.subject', { nick, subject }) : t('roomNotice.subjectAnonymous', { subject });
    }
  }
}
