import { describe, expect, it } from 'vitest';
import { chatWith, roomAt, conversationKey } from '../../src-shared/conversation';
import { stepConversation } from '../../src-renderer/app/navigation';
import { shortcutOf, SHORTCUT_SHEET } from '../../src-renderer/app/shortcuts';
import type { ConversationRow } from '../../src-renderer/history';
import { en } from '../../src-shared/i18n/en';

const press = (key: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean; code?: string } = {}) => ({
  key,
  ...(mods.code ? { code: mods.code } : {}),
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
});

describe('keyboard shortcuts', () => {
  it.each([
    [press('f', { ctrl: true }), 'search'],
    [press('F', { ctrl: true, shift: true }), 'searchAll'],
    [press('f', { meta: true }), 'search'],
    [press('k', { ctrl: true }), 'switcher'],
    [press('/', { ctrl: true }), 'sheet'],
    [press('?', { ctrl: true, shift: true, code: 'Slash' }), 'sheet'],
    [press('ArrowUp', { alt: true }), 'previous'],
    [press('ArrowDown', { alt: true }), 'next'],
    [press('ArrowUp', { alt: true, shift: true }), 'previousUnread'],
    [press('ArrowDown', { alt: true, shift: true }), 'nextUnread'],
    [press('f'), undefined],
    [press('ArrowDown'), undefined],
    [press('ArrowDown', { alt: true, ctrl: true }), undefined],
    [press('f', { ctrl: true, alt: true }), undefined],
  ])('%j is %s', (event, action) => {
    expect(shortcutOf(event)).toBe(action);
  });

  it('lists every shortcut on the sheet with a sentence', () => {
    for (const label of ['shortcuts.search', 'shortcuts.searchAll', 'shortcuts.switcher', 'shortcuts.next', 'shortcuts.nextUnread', 'shortcuts.sheet']) {
      expect(SHORTCUT_SHEET.map((row) => row.label)).toContain(label);
    }
    for (const row of SHORTCUT_SHEET) expect(en[row.label]).toBeTruthy();
  });
});

describe('stepping through conversations', () => {
  const row = (jid: string, unread = 0, room = false): ConversationRow => ({
    conversation: room ? roomAt(jid) : chatWith(jid),
    lastTimestamp: 0,
    lastPreview: '',
    lastDirection: 'in',
    unread,
    mentions: 0,
  });
  const rows = [row('a@x'), row('b@x', 2), row('c@x'), row('team@muc.x', 1, true), row('e@x')];
  const jidOf = (found: ReturnType<typeof stepConversation>) => found?.jid;

  it.each([
    [undefined, 1, false, 'a@x'],
    [undefined, -1, false, 'e@x'],
    ['a@x', 1, false, 'b@x'],
    ['c@x', -1, false, 'b@x'],
    ['e@x', 1, false, undefined],
    ['a@x', -1, false, undefined],
    ['a@x', 1, true, 'b@x'],
    ['b@x', 1, true, 'team@muc.x'],
    ['e@x', -1, true, 'team@muc.x'],
    ['team@muc.x', 1, true, undefined],
    [undefined, 1, true, 'b@x'],
  ] as const)('from %s by %i (unread only: %s) to %s', (from, step, unreadOnly, to) => {
    const open = from && conversationKey(from.includes('muc') ? roomAt(from) : chatWith(from));
    expect(jidOf(stepConversation(rows, open, step, unreadOnly))).toBe(to);
  });
});
