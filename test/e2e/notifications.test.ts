import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { readingTest as it } from '../support/fixtures/e2e';
import { signIn } from '../support/glance-page';
import { buildMdsPublish, setWindowFocus, wiggle } from '../support/read-status-setup';
import type { MuteSetting, Preferences } from '../../src-shared/contract';
import { chatWith, conversationKey } from '../../src-shared/conversation';

interface Recorded {
  kind: 'show' | 'close';
  /** Its ConversationKey. */
  conversation: string;
  title?: string;
  body?: string;
  count?: number;
}

/** The key the preview records a chat's notifications by. */

/** What the preview page recorded of the web notifications it showed and closed (its test hook). */
const recorded = (page: Page) => page.evaluate(() => [...((window as unknown as { __glanceNotifications?: Recorded[] }).__glanceNotifications ?? [])]);

/** The notifications showing now, replaying shows (which replace) and closes. */
async function showing(page: Page): Promise<Map<string, Recorded>> {
  const now = new Map<string, Recorded>();
  for (const event of await recorded(page)) {
    if (event.kind === 'show') now.set(event.conversation, event);
    else now.delete(event.conversation);
  }
  return now;
}

/** The `mutes` preference with one chat set (a ConversationKey does not survive a computed key's typing). */
const chat = (jid: string) => conversationKey(chatWith(jid));

function muteChat(jid: string, setting: MuteSetting): Preferences['mutes'] {
  const mutes: Preferences['mutes'] = {};
  mutes[conversationKey(chatWith(jid))] = setting;
  return mutes;
}

const nameOf = (jid: string) => jid.split('@')[0];

it('one notification per conversation, counting, closed by reading here or on another device', async ({ session, phoneOf }) => {
  const { page, friend, me } = session;
  await session.context.grantPermissions(['notifications']);
  await setWindowFocus(page, false);
  await friend.sendChat(me, 'first words');
  await expect.poll(async () => (await showing(page)).get(chat(friend.bare))?.body, { timeout: 10_000 }).toContain('first words');
  expect(
    (await recorded(page)).filter((e) => e.kind === 'show'),
    JSON.stringify(await recorded(page)),
  ).toHaveLength(1);

  for (let i = 2; i <= 10; i += 1) await friend.sendChat(me, `more ${i}`);
  await expect.poll(async () => (await showing(page)).get(chat(friend.bare))?.count, { timeout: 10_000 }).toBe(10);
  expect((await showing(page)).size).toBe(1);

  // Reading it here closes it.
  await setWindowFocus(page, true);
  await page
    .getByRole('list', { name: 'Conversations' })
    .getByRole('button', { name: nameOf(friend.bare), exact: true })
    .click();
  // The conversation opens at the first unread message; the newest may be below the fold.
  const jump = page.getByRole('button', { name: 'Jump to the newest messages' });
  if (await jump.isVisible()) await jump.click();
  await wiggle(page);
  await expect.poll(async () => (await showing(page)).has(chat(friend.bare)), { timeout: 10_000 }).toBe(false);

  // Read on the phone: closed here too.
  await page.getByRole('tab', { name: 'Contacts' }).click();
  await setWindowFocus(page, false);
  const phone = await phoneOf(session);
  const id = await friend.sendChat(me, 'read me on the phone');
  const copy = await phone.waitForMessage((m) => m.attrs.id === id);
  await expect.poll(async () => (await showing(page)).get(chat(friend.bare))?.body, { timeout: 10_000 }).toContain('read me on the phone');
  await phone.iq(buildMdsPublish(friend.bare, me, copy.getChild('stanza-id', 'urn:xmpp:sid:0')!.attrs.id!));
  await expect.poll(async () => (await showing(page)).has(chat(friend.bare)), { timeout: 10_000 }).toBe(false);
});

it('none for a muted conversation, none under Do Not Disturb, none for what was read elsewhere while offline', async ({ session, server, phoneOf }) => {
  const { page, friend, me } = session;
  await session.context.grantPermissions(['notifications']);
  const before = async () => (await recorded(page)).filter((e) => e.kind === 'show').length;

  await page.getByRole('combobox', { name: 'Your status' }).selectOption({ label: 'Do not disturb' });
  await expect.poll(() => session!.preview.latest()?.ownPresence).toBe('dnd');
  await setWindowFocus(page, false);
  await friend.sendChat(me, 'during dnd');
  await page
    .getByRole('list', { name: 'Conversations' })
    .getByRole('button', { name: nameOf(friend.bare), exact: true })
    .waitFor();
  await expect.poll(() => session!.preview.messages.some((m) => m.body === 'during dnd')).toBe(true);
  expect(await before()).toBe(0);
  await page.getByRole('combobox', { name: 'Your status' }).selectOption({ label: 'Available' });
  await expect.poll(() => session!.preview.latest()?.ownPresence).toBe('available');

  await session.preview.core.setPreferences({ mutes: muteChat(friend.bare, 'all') });
  await friend.sendChat(me, 'while muted');
  await expect.poll(() => session!.preview.messages.some((m) => m.body === 'while muted')).toBe(true);
  await session.preview.core.setPreferences({ mutes: muteChat(friend.bare, 'none') });
  expect(await before()).toBe(0);

  // Offline: the phone reads two messages; signing in again notifies none of them.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  const phone = await phoneOf(session);
  await friend.sendChat(me, 'offline one');
  const id = await friend.sendChat(me, 'offline two');
  const copy = await phone.waitForMessage((m) => m.attrs.id === id);
  await phone.iq(buildMdsPublish(friend.bare, me, copy.getChild('stanza-id', 'urn:xmpp:sid:0')!.attrs.id!));
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });
  await expect.poll(() => session!.preview.messages.some((m) => m.body === 'offline two'), { timeout: 10_000 }).toBe(true);
  await friend.sendChat(me, 'fresh');
  await expect.poll(async () => (await showing(page)).get(chat(friend.bare))?.body, { timeout: 10_000 }).toContain('fresh');
  expect(
    (await recorded(page)).filter((e) => e.kind === 'show'),
    JSON.stringify(await recorded(page)),
  ).toHaveLength(1);
});
