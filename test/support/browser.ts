import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface TestBrowser {
  browser: Browser;
  /** A fresh profile (its own IndexedDB) for one test. */
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Debian's Chromium, headless; the flags keep it off this machine's closed network. */
export async function launchBrowser(): Promise<TestBrowser> {
  const profileRoot = await mkdtemp(path.join(tmpdir(), 'glance-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async newContext() {
      const context = await browser.newContext({ viewport: { width: 1100, height: 720 }, locale: 'en-US' });
      contexts.push(context);
      return context;
    },
    async close() {
      await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
      await browser.close().catch(() => undefined);
      await rm(profileRoot, { recursive: true, force: true });
    },
  };
}
