import type { Snapshot } from '../../src-shared/contract';
import { effectiveLocale, translate, type Locale } from '../../src-shared/i18n';

/** What the tray icon, its menu and the Windows taskbar overlay say. Pure data for the shell. */
export interface TrayLabels {
  show: string;
  doNotDisturb: string;
  quit: string;
  tooltip(unread: number): string;
  /** Screen-reader text of the taskbar overlay. */
  overlay(unread: number): string;
}

function labelsFor(locale: Locale): TrayLabels {
  return {
    show: translate(locale, 'tray.show'),
    doNotDisturb: translate(locale, 'tray.doNotDisturb'),
    quit: translate(locale, 'tray.quit'),
    tooltip: (unread) => (unread === 0 ? translate(locale, 'tray.tooltip') : translate(locale, 'tray.tooltipUnread', { count: unread })),
    overlay: (unread) => translate(locale, 'tray.overlay', { count: unread }),
  };
}

// One object per locale, so the shell can tell "same language" by identity and leave the menu be
// (test/unit/shell-badge-tray.test.ts, "leaves the menu alone").
const byLocale: Record<Locale, TrayLabels> = { en: labelsFor('en'), 'zh-CN': labelsFor('zh-CN') };

/** The tray's words in `locale`, from the catalogue. */
export function trayLabels(locale: Locale): TrayLabels {
  return byLocale[locale];
}

/** The tray's words in the language a snapshot says: the person's choice, else the system's. */
export function trayLabelsFor(snapshot: Pick<Snapshot, 'preferences' | 'systemLocale'>): TrayLabels {
  return trayLabels(effectiveLocale(snapshot.preferences.locale, snapshot.systemLocale));
}
