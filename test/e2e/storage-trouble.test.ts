// Issue 5, "Storage trouble": when IndexedDB refuses writes (a full disk) or its upgrade is blocked
// (an older Glance window keeps the database open), Glance says so, keeps what arrived in memory
// (and the core keeps it unacknowledged), keeps what the person typed in the composer, and once
// writes work again stores everything, nothing lost.
//
// How the disk fills: the page's IndexedDB itself refuses, with the QuotaExceededError Chromium
// raises, through an init script (diskFull below). The real quota cannot be squeezed here: the
// DevTools protocol's Storage.overrideQuotaForOrigin is accepted by Debian's Chromium but changes
// nothing (navigator.storage.estimate() still reports 10 GB and writes succeed), and a test cannot
// fill the machine's disk.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eTest as it } from '../support/fixtures/e2e';
import { fillSignIn, messageTexts, openGlance, signIn } from '../support/glance-page';
import { accountWithFriend } from '../support/peer';

it('says so when history cannot be written, loses nothing, and stores it all once it can', async ({ server, peers, preview, context }) => {
  const { me, friend } = await accountWithFriend(server, { me: 'hoarder', friend: 'sender' });
  peers.push(friend);

  await context.addInitScript(installDiskFullSwitch);
  const { page } = await openGlance(context, preview);
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });
  await page.getByRole('tab', { name: 'Contacts' }).click();
  await page.getByRole('list', { name: 'Contact list' }).getByRole('button', { name: 'sender', exact: true }).click();
  await friend.sendChat(me, 'before the disk filled up');
  await expect.poll(() => messageTexts(page)).toEqual(['before the disk filled up']);

  // The disk is full.
  await diskFull(page, true);

  await friend.sendChat(me, 'while full 1');
  await friend.sendChat(me, 'while full 2');
  const alert = page.getByRole('alert').filter({ hasText: 'Incoming messages could not be saved' });
  await alert.waitFor({ timeout: 10_000 });
  // Not written, so not acknowledged: the core still holds both for this page (or a reload).
  await expect.poll(() => preview!.core.unstoredCount).toBe(2);

  // What the person types is not lost either: the composer keeps it and says why.
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill('typed while full');
  await composer.press('Enter');
  await expect.poll(() => page.getByText('The message could not be sent.').count()).toBe(1);
  expect(await composer.inputValue()).toBe('typed while full');

  // Space again: the retry stores both (in order, once each), the alert goes, the core forgets them.
  await diskFull(page, false);
  await expect.poll(() => messageTexts(page), { timeout: 40_000 }).toEqual(['before the disk filled up', 'while full 1', 'while full 2']);
  await expect.poll(() => alert.count()).toBe(0);
  await expect.poll(() => preview!.core.unstoredCount).toBe(0);
  await composer.press('Enter');
  await friend.waitForMessage((m) => m.getChildText('body') === 'typed while full');
  await expect.poll(() => messageTexts(page)).toEqual(['before the disk filled up', 'while full 1', 'while full 2', 'typed while full']);
});

it('an older Glance window holding history open: says so, keeps what arrives, and goes on once it closes', async ({
  server,
  peers,
  preview: older,
  context: olderContext,
}) => {
  const { me, friend } = await accountWithFriend(server, { me: 'twowindows', friend: 'writer' });
  peers.push(friend);

  // The "older window": the first schema (what release 1 created), opened with raw IndexedDB at
  // Dexie's version 1 (IndexedDB version 10), and never closed when a newer version asks.
  // The page at that origin, without the app's script: the app would share the preview's core,
  // sign in along with the new window and queue its own upgrade first (and only the first upgrade
  // in the queue is told it is blocked).
  const olderPage = await olderContext.newPage();
  await olderPage.route('**/*.js', (route) => route.abort());
  await olderPage.goto(older.server.url);
  const name = `glance-${me}`;
  await olderPage.evaluate(holdVersionOne, name);

  // The new window is the same origin (same IndexedDB): the same preview, in the same context.
  const { page } = await openGlance(olderContext, older);
  await fillSignIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });
  const alert = page.getByRole('alert').filter({ hasText: 'keeps the message history open' });
  await alert.waitFor({ timeout: 15_000 });
  await friend.sendChat(me, 'while blocked');
  await expect.poll(() => older.core.unstoredCount, { timeout: 10_000 }).toBe(1);

  // The older window closes: the upgrade runs, the message is stored and shown, the alert goes.
  await olderPage.close();
  await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: 'writer', exact: true }).click({ timeout: 15_000 });
  await expect.poll(() => messageTexts(page)).toEqual(['while blocked']);
  await expect.poll(() => alert.count()).toBe(0);
  await expect.poll(() => older.core.unstoredCount).toBe(0);
});

/** In the page: creates the first schema's database and keeps it open, ignoring `versionchange`. */
async function holdVersionOne(name: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.open(name, 10);
    request.onupgradeneeded = () => {
      const db = request.result;
      const conversations = db.createObjectStore('conversations', { keyPath: 'peer' });
      conversations.createIndex('lastTimestamp', 'lastTimestamp');
      const messages = db.createObjectStore('messages', { keyPath: 'key' });
      messages.createIndex('[peer+timestamp]', ['peer', 'timestamp']);
      messages.createIndex('stanzaId', 'stanzaId');
      messages.createIndex('[from+originId]', ['from', 'originId']);
    };
    request.onsuccess = () => {
      (window as unknown as { __held?: IDBDatabase }).__held = request.result;
      resolve();
    };
    request.onerror = () => reject(request.error);
  });
}

/** Runs in the page before its scripts: while `__glanceDiskFull` is set, every IndexedDB write throws as on a full disk. */
function installDiskFullSwitch(): void {
  const flag = window as unknown as { __glanceDiskFull?: boolean };
  const store = IDBObjectStore.prototype as unknown as Record<'put' | 'add', (...args: unknown[]) => IDBRequest>;
  for (const method of ['put', 'add'] as const) {
    const original = store[method];
    store[method] = function (this: IDBObjectStore, ...args: unknown[]) {
      if (flag.__glanceDiskFull) throw new DOMException('The disk is full (test)', 'QuotaExceededError');
      return original.apply(this, args);
    };
  }
}

async function diskFull(page: Page, full: boolean): Promise<void> {
  await page.evaluate((on) => ((window as unknown as { __glanceDiskFull?: boolean }).__glanceDiskFull = on), full);
}
