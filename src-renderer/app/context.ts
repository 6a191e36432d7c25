import { getContext, setContext } from 'svelte';
import type { GlanceApp } from './app.svelte';

const KEY = Symbol('glance-app');

export function provideApp(app: GlanceApp): void {
  setContext(KEY, app);
}

/** The app state, from any component under App.svelte. */
export function useApp(): GlanceApp {
  const app = getContext<GlanceApp | undefined>(KEY);
  if (!app) throw new Error('useApp() outside App.svelte');
  return app;
}
