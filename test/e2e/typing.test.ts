import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { expect } from 'vitest';
import { actionsTest as it } from '../support/fixtures/e2e';
import { walkArchive } from '../support/archive-walk';
import { listItem, nameOf, NS_HINTS, openChat } from '../support/message-actions-page';

/** XEP-0085 chat states between Glance and a plain client. */

const NS_STATES = 'http://jabber.org/protocol/chatstates';
const stateOf = (stanza: Element) => stanza.getChildElements().find((child) => child.attrs.xmlns === NS_STATES)?.name;
const standalone = (stanza: Element) => stanza.is('message') && !stanza.getChild('body') && stateOf(stanza) !== undefined;

it('the peer sees one composing for a burst of typing, then paused, then active with the message; nothing of it is archived', async ({ session }) => {
  const { page, friend, me } = session;
  await friend.sendChat(me, 'there?');
  await openChat(page, friend.bare);
  const from = friend.received.length;
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.pressSequentially('yes, here', { delay: 20 });
  await friend.waitForStanza((s) => standalone(s) && stateOf(s) === 'paused', 15_000, from);
  const states = () => friend.received.slice(from).filter(standalone);
  expect(states().map(stateOf)).toEqual(['composing', 'paused']);
  expect(states().every((s) => s.getChild('no-store', NS_HINTS) !== undefined)).toBe(true);
  await composer.press('Enter');
  const message = await friend.waitForMessage((m) => m.getChildText('body') === 'yes, here', 10_000, from);
  expect(stateOf(message)).toBe('active');
  expect(states().map(stateOf)).toEqual(['composing', 'paused']);

  const archived = await walkArchive(friend, { with: me });
  expect(archived.map((entry) => entry.body)).toEqual(['there?', 'yes, here']);
});

it('shows "… is typing" in a status element and clears it on paused and on a message, and ignores a state kept by offline storage', async ({ session }) => {
  const { page, friend, me } = session;
  await friend.sendChat(me, 'hi');
  await openChat(page, friend.bare);
  const status = page.getByRole('status').filter({ hasText: 'is typing' });
  const typing = `${nameOf(friend.bare)} is typing…`;
  const send = (state: string) => friend.send(xml('message', { to: me, type: 'chat' }, xml(state, { xmlns: NS_STATES })));
  await send('composing');
  await expect.poll(() => status.allInnerTexts(), { timeout: 10_000 }).toEqual([typing]);
  await send('paused');
  await expect.poll(() => status.count(), { timeout: 10_000 }).toBe(0);
  await send('composing');
  await expect.poll(() => status.count(), { timeout: 10_000 }).toBe(1);
  await friend.sendChat(me, 'done typing', { children: [xml('active', { xmlns: NS_STATES })] });
  await expect.poll(() => status.count(), { timeout: 10_000 }).toBe(0);
  // A state kept by offline storage comes with a delay: it is old news.
  await friend.send(
    xml('message', { to: me, type: 'chat' }, xml('composing', { xmlns: NS_STATES }), xml('delay', { xmlns: 'urn:xmpp:delay', stamp: '2020-01-01T00:00:00Z' })),
  );
  await friend.sendChat(me, 'after the stale state');
  await page.getByRole('log').getByText('after the stale state').waitFor();
  expect(await status.count()).toBe(0);
});

it('sends nothing of it to a contact without a subscription', async ({ session, registerOnSession }) => {
  const { page, me } = session;
  const stranger = await registerOnSession(`stranger-${nameOf(me)}`);
  await stranger.sendChat(me, 'hello, we have not met');
  await listItem(page, stranger.bare).waitFor({ timeout: 10_000 });
  await openChat(page, stranger.bare);
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.pressSequentially('who are you?', { delay: 20 });
  await composer.press('Enter');
  const message = await stranger.waitForMessage((m) => m.getChildText('body') === 'who are you?');
  expect(stateOf(message)).toBeUndefined();
  expect(stranger.received.filter((s) => stateOf(s) !== undefined)).toEqual([]);
});
