/** What the search panel searches: the open conversation (Ctrl+F) or all of them (Ctrl+Shift+F). */
export type SearchScope = 'conversation' | 'all';

/** The search panel, the quick switcher and the shortcuts sheet: which are open. */
export class Panels {
  /** Open when set; `asked` counts the times it was asked for, so asking again focuses its box. */
  search = $state<{ scope: SearchScope; asked: number } | undefined>();
  switcher = $state(false);
  shortcuts = $state(false);
  /** The search index of older history is being built in the background. */
  indexing = $state(false);

  openSearch(scope: SearchScope): void {
    this.search = { scope, asked: (this.search?.asked ?? 0) + 1 };
  }

  closeSearch(): void {
    this.search = undefined;
  }
}
