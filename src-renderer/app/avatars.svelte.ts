import { SvelteMap } from 'svelte/reactivity';
import type { AvatarPicture, GlanceBridge } from '../../src-shared/contract';
import type { History } from '../history';

interface AvatarHost {
  readonly history: History | undefined;
  readonly bridge: Pick<GlanceBridge, 'invoke'>;
}

/**
 * Contacts' pictures for the page: each hash is looked up in history (IndexedDB, schema 10) and
 * only when it is not there fetched through the core (`fetchAvatar`, which checks the hash and the
 * bytes), then kept; so a picture is fetched once per hash, also across reloads
 * (test/e2e/avatars.test.ts). Shown as `data:` URLs, the one image source the page's CSP allows
 * besides its own origin.
 */
export class Avatars {
  private readonly urls = new SvelteMap<string, string>();
  /** Hashes being loaded or that failed in this run (not retried until the hash changes). Not reactive. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping only, never rendered
  private readonly started = new Set<string>();

  constructor(private readonly host: AvatarHost) {}

  /** The picture `hash` of `jid` as a `data:` URL, or undefined while it loads or when it cannot be had. */
  url(jid: string, hash: string | undefined): string | undefined {
    if (!hash) return undefined;
    const url = this.urls.get(hash);
    const history = this.host.history;
    if (url === undefined && history && !this.started.has(hash)) {
      this.started.add(hash);
      queueMicrotask(() => void this.load(history, jid, hash));
    }
    return url;
  }

  /** Our own picture, just published: kept without a round trip. */
  async keep(picture: AvatarPicture): Promise<void> {
    this.urls.set(picture.hash, dataUrl(picture));
    this.started.add(picture.hash);
    await this.host.history?.storeAvatar({ ...picture, at: Date.now() });
  }

  private async load(history: History, jid: string, hash: string): Promise<void> {
    try {
      const stored = await history.avatar(hash);
      if (stored) return void this.urls.set(hash, dataUrl(stored));
      const result = await this.host.bridge.invoke('fetchAvatar', { jid, hash });
      if (!result.ok) return console.warn(`glance: avatar ${hash} of ${jid} not fetched: ${result.error}`);
      await history.storeAvatar({ ...result.value, at: Date.now() });
      this.urls.set(hash, dataUrl(result.value));
    } catch (error) {
      console.warn('glance: avatar not loaded', error);
    }
  }
}

function dataUrl(picture: Pick<AvatarPicture, 'type' | 'base64'>): string {
  return `data:${picture.type};base64,${picture.base64}`;
}
