import { expect } from 'vitest';
import { xml } from '@xmpp/client';
import type { Page } from 'playwright-core';
import { conversationKey, roomAt } from '../../src-shared/conversation';
import { readingTest } from '../support/fixtures/e2e';
import { expectNoProblems, messageTexts } from '../support/glance-page';
import { MUC_DOMAIN } from '../support/prosody';
import { setWindowFocus, wiggle } from '../support/read-status-setup';
import { createRoom, joinRoom, leaveRoom, sendGroupchat, setAffiliation, waitForGroupchat } from '../support/room-peer';

/** The file's Prosody has the conference service. */
const it = readingTest.override('serverOptions', { muc: true });

interface Recorded {
  kind: 'show' | 'close';
  conversation: string;
  body?: string;
  count?: number;
}

/** What the preview page recorded of the web notifications it showed and closed (its test hook). */
const recorded = (page: Page) => page.evaluate(() => [...((window as unknown as { __glanceNotifications?: Recorded[] }).__glanceNotifications ?? [])]);

const NS_REFERENCE = 'urn:xmpp:reference:0';
let n = 0;

it('a room set to "Mentions only": a plain message notifies nothing, a mention once; quiet lines in the log; @ offers the participants', async ({
  session,
  registerPeer,
}) => {
  n += 1;
  const { page, context } = session;
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await context.grantPermissions(['notifications']);
  const olive = await registerPeer(`olive-m${n}`);
  const bob = await registerPeer(`bob-m${n}`);
  const room = `porch${n}@${MUC_DOMAIN}`;
  const key = conversationKey(roomAt(room));
  // A private group: it would notify for every message unless the person chooses otherwise.
  await createRoom(olive, room, 'Olive', { 'muc#roomconfig_roomname': 'The Porch', 'muc#roomconfig_whois': 'anyone', 'muc#roomconfig_membersonly': '1' });
  await setAffiliation(olive, room, session.me, 'member');
  await setAffiliation(olive, room, bob.bare, 'member');

  await page.getByRole('button', { name: 'Join group chat' }).click();
  const dialog = page.getByRole('dialog', { name: 'Join group chat' });
  await dialog.getByLabel('Room address').fill(room);
  await dialog.getByLabel('Nickname').fill('Hazel');
  await dialog.getByRole('button', { name: 'Join', exact: true }).click();
  await expect.poll(() => page.getByTestId('participant-count').innerText(), { timeout: 10_000 }).toBe('2 participants');

  // The room's settings: a radio group named "Notifications", "All messages" by default in a private group.
  await page.getByRole('button', { name: 'Group chat settings' }).click();
  const notify = page.getByRole('radiogroup', { name: 'Notifications' });
  await expect.poll(() => notify.getByRole('radio', { name: 'All messages' }).isChecked()).toBe(true);
  await notify.getByRole('radio', { name: 'Mentions only' }).check();
  await expect.poll(() => notify.getByRole('radio', { name: 'Mentions only' }).isChecked()).toBe(true);

  // Someone joining makes a quiet line, never a notification.
  await joinRoom(bob, room, 'Bob', { maxstanzas: 0 });
  await expect.poll(() => page.getByRole('log').locator('[data-notice]').allInnerTexts()).toEqual([expect.stringContaining('Bob joined')]);

  await setWindowFocus(page, false);
  await sendGroupchat(olive, room, 'plain words for all');
  await expect.poll(() => messageTexts(page), { timeout: 10_000 }).toContain('plain words for all');
  // A mention by XEP-0372 reference, the nickname in the body.
  await sendGroupchat(olive, room, 'Hazel, the tea is ready', [
    xml('reference', { xmlns: NS_REFERENCE, type: 'mention', begin: '0', end: '5', uri: `xmpp:${session.me}` }),
  ]);
  await expect.poll(async () => (await recorded(page)).filter((e) => e.kind === 'show' && e.conversation === key), { timeout: 10_000 }).toHaveLength(1);
  const [shown] = (await recorded(page)).filter((e) => e.kind === 'show');
  expect(shown).toMatchObject({ conversation: key, count: 1, body: expect.stringContaining('the tea is ready') });
  // The list marks the mention apart from the unread count.
  const item = page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: 'The Porch', exact: true });
  await expect.poll(() => item.getByTestId('mention').count()).toBe(1);
  expect(await item.getByTestId('unread').innerText()).toBe('2');
  await leaveRoom(bob, room, 'Bob');
  await expect.poll(() => page.getByRole('log').locator('[data-notice]').count()).toBe(2);
  expect((await recorded(page)).filter((e) => e.kind === 'show')).toHaveLength(1);

  // Read here: the marker goes, the notification closes.
  await setWindowFocus(page, true);
  await wiggle(page);
  await expect.poll(() => item.getByTestId('mention').count(), { timeout: 10_000 }).toBe(0);
  await expect.poll(async () => (await recorded(page)).at(-1)).toMatchObject({ kind: 'close', conversation: key });

  // "@" offers the participants' nicknames; arrows, Enter takes one; the message carries the reference.
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.click();
  await composer.pressSequentially('thanks @ol');
  const suggestions = page.getByRole('listbox', { name: 'Participants to mention' });
  await expect.poll(() => suggestions.getByRole('option').allInnerTexts()).toEqual(['Olive']);
  await composer.press('Escape');
  await expect.poll(() => suggestions.count()).toBe(0);
  await composer.press('Backspace');
  await composer.press('l');
  await expect.poll(() => suggestions.count()).toBe(0);
  await composer.press(' ');
  await composer.pressSequentially('@');
  await expect.poll(() => suggestions.getByRole('option').allInnerTexts()).toEqual(['Olive']);
  await composer.press('Tab');
  await expect.poll(() => composer.inputValue()).toBe('thanks @ol Olive ');
  await composer.fill('');
  await composer.pressSequentially('🌿 @O');
  await expect.poll(() => suggestions.getByRole('option', { selected: true }).innerText()).toBe('Olive');
  await composer.press('Enter');
  await expect.poll(() => composer.inputValue()).toBe('🌿 Olive ');
  await composer.pressSequentially('come in');
  await composer.press('Enter');
  const received = await waitForGroupchat(olive, room, '🌿 Olive come in');
  expect(received.getChildren('reference', NS_REFERENCE).map((r) => r.attrs)).toEqual([
    { xmlns: NS_REFERENCE, type: 'mention', begin: '2', end: '7', uri: `xmpp:${olive.bare}` },
  ]);
  expectNoProblems(problems);
});
