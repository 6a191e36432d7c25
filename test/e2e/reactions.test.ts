import { expect } from 'vitest';
import { actionsTest as it } from '../support/fixtures/e2e';
import { messageTexts } from '../support/glance-page';
import { listItem, NS_HINTS, NS_REACTIONS, openChat, reactions, recorded, row } from '../support/message-actions-page';
import { markable, markerIds, setWindowFocus } from '../support/read-status-setup';

/** XEP-0444 reactions from a plain client sending the XEP's own stanzas, and from Glance. */

it('the peer reacts 👍, then 👍❤️, then nothing: chips follow and end empty, live and rebuilt from the archive; unread and markers untouched', async ({
  session,
  rebuilt,
}) => {
  const { page, friend, me } = session;
  // Unfocused throughout: nothing is read, so the unread count is what the messages alone make it.
  await setWindowFocus(page, false);
  await friend.sendChat(me, 'hello');
  await openChat(page, friend.bare);
  const target = await friend.sendChat(me, 'react to this', { children: markable() });
  await expect.poll(() => messageTexts(page), { timeout: 10_000 }).toEqual(['hello', 'react to this']);
  const chips = () => row(page, 'react to this').locator('.chip').allInnerTexts();

  await friend.send(reactions(me, 'r-1', target, ['👍']));
  await expect.poll(chips, { timeout: 10_000 }).toEqual(['👍 1']);
  expect(
    await row(page, 'react to this')
      .getByRole('button', { name: `👍: ${friend.bare.split('@')[0]}` })
      .count(),
  ).toBe(1);
  await friend.send(reactions(me, 'r-2', target, ['👍', '❤️']));
  await expect.poll(chips, { timeout: 10_000 }).toEqual(['👍 1', '❤️ 1']);
  await friend.send(reactions(me, 'r-3', target, []));
  await expect.poll(chips, { timeout: 10_000 }).toEqual([]);

  await expect.poll(() => listItem(page, friend.bare).locator('.unread').innerText()).toBe('2');
  expect(markerIds(friend)).toEqual([]);

  const fresh = await rebuilt(me);
  await openChat(fresh.page, friend.bare);
  await expect.poll(() => messageTexts(fresh.page), { timeout: 15_000 }).toEqual(['hello', 'react to this']);
  expect(await fresh.page.getByRole('log').locator('.chip').count()).toBe(0);
});

it('our reaction reaches the peer as our whole set; a reaction to our message notifies', async ({ session }) => {
  const { page, friend, me } = session;
  await session.context.grantPermissions(['notifications']);
  const theirs = await friend.sendChat(me, 'lunch?');
  await openChat(page, friend.bare);
  const message = row(page, 'lunch?');
  await message.hover();
  await message.getByRole('button', { name: 'React' }).click();
  await message.getByRole('group', { name: 'Choose a reaction' }).getByRole('button', { name: '👍' }).click();
  const sent = await friend.waitForMessage((m) => m.getChild('reactions', NS_REACTIONS) !== undefined);
  const set = sent.getChild('reactions', NS_REACTIONS)!;
  expect(set.attrs.id).toBe(theirs);
  expect(set.getChildren('reaction').map((r) => r.getText())).toEqual(['👍']);
  expect(sent.getChild('store', NS_HINTS)).toBeDefined();

  const count = friend.received.length;
  await message.getByRole('button', { name: '👍: you' }).click();
  const cleared = await friend.waitForMessage((m) => m.getChild('reactions', NS_REACTIONS) !== undefined, 10_000, count);
  expect(cleared.getChild('reactions', NS_REACTIONS)!.getChildren('reaction')).toEqual([]);
  await expect.poll(() => message.locator('.chip').count()).toBe(0);

  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill('yes, at noon');
  await composer.press('Enter');
  const mine = await friend.waitForMessage((m) => m.getChildText('body') === 'yes, at noon');
  await setWindowFocus(page, false);
  await friend.send(reactions(me, 'r-9', mine.attrs.id!, ['🎉']));
  await expect.poll(async () => (await recorded(page)).at(-1)?.body, { timeout: 10_000 }).toBe('Reacted 🎉 to your message');
});
