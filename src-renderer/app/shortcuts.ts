import type { MessageKey } from '../i18n';

/**
 * The app's keyboard shortcuts: which key press means what (a pure function of the event, tested
 * by test/unit/shortcuts.test.ts), and the list the shortcuts sheet shows, which also names the
 * keys that work only inside one control (the composer, the tabs, the list).
 */
export type ShortcutAction = 'search' | 'searchAll' | 'switcher' | 'sheet' | 'previous' | 'next' | 'previousUnread' | 'nextUnread';

export interface KeyPress {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Ctrl (Cmd on a Mac) with F, Shift+F, K or /; Alt with the arrows (and Shift for unread ones). */
export function shortcutOf(press: KeyPress): ShortcutAction | undefined {
  const command = press.ctrlKey || press.metaKey;
  if (command && !press.altKey) {
    const key = press.key.toLowerCase();
    if (key === 'f') return press.shiftKey ? 'searchAll' : 'search';
    if (key === 'k' && !press.shiftKey) return 'switcher';
    // Some layouts type "/" with Shift; the physical key is the same.
    if (key === '/' || press.code === 'Slash') return 'sheet';
    return undefined;
  }
  if (press.altKey && !command) {
    if (press.key === 'ArrowUp') return press.shiftKey ? 'previousUnread' : 'previous';
    if (press.key === 'ArrowDown') return press.shiftKey ? 'nextUnread' : 'next';
  }
  return undefined;
}

/** The rows of the shortcuts sheet: the keys to press (joined by "+"), and what they do. */
export const SHORTCUT_SHEET: readonly { keys: string[]; label: MessageKey }[] = [
  { keys: ['Ctrl+F'], label: 'shortcuts.search' },
  { keys: ['Ctrl+Shift+F'], label: 'shortcuts.searchAll' },
  { keys: ['Ctrl+K'], label: 'shortcuts.switcher' },
  { keys: ['Alt+↑'], label: 'shortcuts.previous' },
  { keys: ['Alt+↓'], label: 'shortcuts.next' },
  { keys: ['Alt+Shift+↑'], label: 'shortcuts.previousUnread' },
  { keys: ['Alt+Shift+↓'], label: 'shortcuts.nextUnread' },
  { keys: ['Ctrl+/'], label: 'shortcuts.sheet' },
  { keys: ['Enter'], label: 'shortcuts.send' },
  { keys: ['Shift+Enter'], label: 'shortcuts.newLine' },
  { keys: ['↑'], label: 'shortcuts.editLast' },
  { keys: ['Esc'], label: 'shortcuts.cancel' },
  { keys: ['←', '→'], label: 'shortcuts.tabs' },
  { keys: ['↑', '↓', 'Home', 'End'], label: 'shortcuts.list' },
];
