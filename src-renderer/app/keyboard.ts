import type { GlanceApp } from './app.svelte';
import { stepConversation } from './navigation';
import type { ShortcutAction } from './shortcuts';

/** Carries out a shortcut on the main screen (shortcuts.ts says which key press is which). */
export function runShortcut(app: GlanceApp, action: ShortcutAction): void {
  switch (action) {
    case 'search':
      return app.panels.openSearch(app.openConversation ? 'conversation' : 'all');
    case 'searchAll':
      return app.panels.openSearch('all');
    case 'switcher':
      app.panels.switcher = true;
      return;
    case 'sheet':
      app.panels.shortcuts = true;
      return;
    default: {
      const step = action === 'previous' || action === 'previousUnread' ? -1 : 1;
      const next = stepConversation(app.conversations, app.openKey, step, action.endsWith('Unread'));
      if (next) void app.showConversation(next);
    }
  }
}
