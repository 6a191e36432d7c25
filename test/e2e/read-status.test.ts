import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { xml } from '@xmpp/client';
import { readingTest as it } from '../support/fixtures/e2e';
import { messageTexts } from '../support/glance-page';
import { connectPeer } from '../support/peer';
import { buildMdsPublish, fetchMds, markable, markerIds, MARKERS, RECEIPTS, setWindowFocus, wiggle, type ReadingSession } from '../support/read-status-setup';
import { waitFor } from '../support/wait';

const nameOf = (jid: string) => jid.split('@')[0];
const conversationItem = (page: Page, name: string) => page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name, exact: true });

async function openChat(s: ReadingSession): Promise<void> {
  await s.page.getByRole('tab', { name: 'Contacts' }).click();
  await s.page
    .getByRole('list', { name: 'Contact list' })
    .getByRole('button', { name: nameOf(s.friend.bare), exact: true })
    .click();
  await s.page.getByRole('log', { name: nameOf(s.friend.bare) }).waitFor();
}

/** Glance sends a message through the composer; once the friend has it, everything Glance sent before has arrived. */
async function fence(s: ReadingSession, text: string): Promise<void> {
  const composer = s.page.getByRole('textbox', { name: 'Message' });
  await composer.fill(text);
  await composer.press('Enter');
  await s.friend.waitForMessage((m) => m.getChildText('body') === text);
}

/**
 * A round trip to Glance's own connection (XEP-0199 ping): everything Glance sent before its
 * answer has reached the friend. Unlike `fence`, it leaves the page alone.
 */
async function pingFence(s: ReadingSession): Promise<void> {
  const glance = s.friend.received.find((st) => st.is('presence') && st.attrs.from?.startsWith(`${s.me}/glance`))?.attrs.from;
  if (!glance) throw new Error('the friend has not seen Glance online');
  await s.friend.iq(xml('iq', { type: 'get', to: glance }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
}

describe('a message becomes read only when seen', () => {
  it('unfocused: receipt but no marker; focus and activity with it visible: exactly one marker', async ({ session }) => {
    const { page, friend, me } = session;
    await openChat(session);
    await setWindowFocus(page, false);
    const id = await friend.sendChat(me, 'Are you there?', { children: markable() });
    await friend.waitForStanza((st) => st.getChild('received', RECEIPTS)?.attrs.id === id);
    await page.getByRole('log').getByText('Are you there?').waitFor();
    // The rule's own window: three seconds without a marker while the window has no focus.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(markerIds(friend)).toEqual([]);

    await setWindowFocus(page, true);
    await wiggle(page);
    await waitFor(() => markerIds(friend).includes(id), { message: 'displayed marker after focus' });
    await fence(session, 'fence');
    expect(markerIds(friend)).toEqual([id]);
  });

  it('a burst of 20 messages on screen together sends one marker, for the last', async ({ session }) => {
    const { page, friend, me } = session;
    await openChat(session);
    // The whole burst is painted before anyone can read it, so the dwell runs for all twenty at
    // once. Arriving while the person reads, rows painted more than a dwell apart are seen apart,
    // and each such step may rightly send its own marker: that is the read rule, not a burst.
    await setWindowFocus(page, false);
    const ids: string[] = [];
    for (let i = 1; i <= 20; i += 1) ids.push(await friend.sendChat(me, `burst ${i}`, { children: markable() }));
    await page.getByRole('log').getByText('burst 20', { exact: true }).waitFor();
    await setWindowFocus(page, true);
    await wiggle(page);
    await waitFor(() => markerIds(friend).includes(ids[19]), { message: 'marker for the last of the burst' });
    await fence(session, 'fence');
    expect(markerIds(friend)).toEqual([ids[19]]);
  });

  it('no marker while the new message is scrolled out of view; scrolling down sends it', async ({ session }) => {
    const { page, friend, me } = session;
    await openChat(session);
    await wiggle(page);
    const earlier: string[] = [];
    for (let i = 1; i <= 40; i += 1) earlier.push(await friend.sendChat(me, `line ${i}\nwith a second line`, { children: markable() }));
    await waitFor(() => markerIds(friend).includes(earlier[39]));
    const log = page.getByRole('log');
    await log.evaluate((el) => el.scrollTo({ top: 0 }));
    await wiggle(page);
    const id = await friend.sendChat(me, 'out of view', { children: markable() });
    await log.locator('.message .text', { hasText: 'out of view' }).waitFor({ state: 'attached' });
    // Well past the dwell time with the person active: still no marker while it is out of view.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await wiggle(page);
    await pingFence(session);
    expect(markerIds(friend)).not.toContain(id);

    await log.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await wiggle(page);
    await waitFor(() => markerIds(friend).includes(id), { message: 'marker after scrolling down' });
  });

  it('no marker when another conversation is open, nor while the person is idle', async ({ startReadingSession, server, peers: extraPeers }) => {
    const session = await startReadingSession({ dwellMs: 150, focusDwellMs: 250, activityMs: 1500 });
    const { page, friend, me } = session;
    const other = await server.register(`other${Date.now()}`, 'pw');
    const otherPeer = await connectPeer(server, other, 'pw');
    extraPeers.push(otherPeer);
    await otherPeer.sendChat(me, 'hello from elsewhere');
    await conversationItem(page, nameOf(other)).click();
    await wiggle(page);
    const id = await friend.sendChat(me, 'for the closed conversation', { children: markable() });
    await expect.poll(() => conversationItem(page, nameOf(friend.bare)).locator('.unread').innerText()).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(markerIds(friend)).toEqual([]);

    await openChat(session);
    await waitFor(() => markerIds(friend).includes(id), { message: 'marker once the conversation is open' });
    // Idle past the activity window: a visible message is not read until the person moves.
    await new Promise((resolve) => setTimeout(resolve, 1800));
    const idleId = await friend.sendChat(me, 'while you were idle', { children: markable() });
    await page.getByRole('log').getByText('while you were idle').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(markerIds(friend)).not.toContain(idleId);
    await wiggle(page);
    await waitFor(() => markerIds(friend).includes(idleId), { message: 'marker after the person moved the mouse' });
  });

  it('a message without <markable/> is read locally and sends no marker', async ({ session }) => {
    const { page, friend, me } = session;
    await friend.sendChat(me, 'plain message');
    const item = conversationItem(page, nameOf(friend.bare));
    await expect.poll(() => item.locator('.unread').innerText()).toBe('1');
    await item.click();
    await wiggle(page);
    await expect.poll(() => item.locator('.unread').count()).toBe(0);
    await fence(session, 'fence');
    expect(markerIds(friend)).toEqual([]);
  });
});

describe('privacy and other devices', () => {
  it('"Send read markers" off: no marker or receipt reaches the peer; MDS is still updated', async ({ session, phoneOf }) => {
    const { page, friend, me } = session;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('checkbox', { name: 'Send read markers' }).uncheck();
    await page.getByRole('button', { name: 'Close' }).click();
    await openChat(session);
    await wiggle(page);
    const phone = await phoneOf(session);
    const id = await friend.sendChat(me, 'quietly read', { children: markable() });
    const copy = await phone.waitForMessage((m) => m.attrs.id === id);
    const stanzaId = copy.getChild('stanza-id', 'urn:xmpp:sid:0')?.attrs.id;
    await waitFor(
      async () =>
        (await fetchMds(phone)).some(
          (i) =>
            i.attrs.id === friend.bare && i.getChild('displayed', 'urn:xmpp:mds:displayed:0')?.getChild('stanza-id', 'urn:xmpp:sid:0')?.attrs.id === stanzaId,
        ),
      {
        message: 'MDS updated with the read message',
      },
    );
    await fence(session, 'fence');
    expect(friend.received.filter((st) => st.getChild('displayed', MARKERS) || st.getChild('received', RECEIPTS))).toEqual([]);
  });

  it('another device of ours publishing MDS clears the unread count', async ({ session, phoneOf }) => {
    const { page, friend, me } = session;
    const phone = await phoneOf(session);
    await friend.sendChat(me, 'first');
    const id = await friend.sendChat(me, 'second', { children: markable() });
    const copy = await phone.waitForMessage((m) => m.attrs.id === id);
    const item = conversationItem(page, nameOf(friend.bare));
    await expect.poll(() => item.locator('.unread').innerText()).toBe('2');
    await phone.iq(buildMdsPublish(friend.bare, me, copy.getChild('stanza-id', 'urn:xmpp:sid:0')!.attrs.id!));
    await expect.poll(() => item.locator('.unread').count(), { timeout: 10_000 }).toBe(0);
  });

  it('a carbon of our own displayed marker from another device clears the unread count', async ({ session, phoneOf }) => {
    const { page, friend, me } = session;
    const phone = await phoneOf(session);
    await phone.iq(xml('iq', { type: 'set' }, xml('enable', { xmlns: 'urn:xmpp:carbons:2' })));
    const id = await friend.sendChat(me, 'read me on the phone', { children: markable() });
    const item = conversationItem(page, nameOf(friend.bare));
    await expect.poll(() => item.locator('.unread').innerText()).toBe('1');
    await phone.send(xml('message', { to: friend.bare, type: 'chat', id: 'phone-marker' }, xml('displayed', { xmlns: MARKERS, id })));
    await expect.poll(() => item.locator('.unread').count(), { timeout: 10_000 }).toBe(0);
  });
});

describe('ticks on our messages', () => {
  it('go Pending → Sent → Delivered → Read; a marker covers earlier messages; unknown or older markers change nothing', async ({ session }) => {
    const { page, friend, me } = session;
    await openChat(session);
    // Record every label each status icon shows, so even a short-lived step is seen.
    await page.evaluate(() => {
      const seen: Record<string, string[]> = {};
      (window as unknown as { __ticks: typeof seen }).__ticks = seen;
      new MutationObserver(() => {
        for (const row of document.querySelectorAll('.message.out')) {
          const text = row.querySelector('.text')?.textContent ?? '';
          const label = row.querySelector('[role="img"]')?.getAttribute('aria-label');
          if (!label) continue;
          const list = (seen[text] ??= []);
          if (list.at(-1) !== label) list.push(label);
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label'] });
    });
    const ticks = (text: string) => page.evaluate((t) => (window as unknown as { __ticks: Record<string, string[]> }).__ticks[t] ?? [], text);
    const label = (text: string) => page.getByRole('log').locator('.message.out', { hasText: text }).getByRole('img').getAttribute('aria-label');

    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('first of mine');
    await composer.press('Enter');
    await composer.fill('second of mine');
    await composer.press('Enter');
    const first = await friend.waitForMessage((m) => m.getChildText('body') === 'first of mine');
    const second = await friend.waitForMessage((m) => m.getChildText('body') === 'second of mine');
    await expect.poll(() => label('second of mine')).toBe('Sent');

    await friend.send(xml('message', { to: me, id: 'rcpt-1' }, xml('received', { xmlns: RECEIPTS, id: second.attrs.id })));
    await expect.poll(() => label('second of mine')).toBe('Delivered');
    // A marker for an id we never sent changes nothing.
    await friend.send(xml('message', { to: me, type: 'chat', id: 'bogus' }, xml('displayed', { xmlns: MARKERS, id: 'no-such-message' })));
    await friend.send(xml('message', { to: me, type: 'chat', id: 'mk-2' }, xml('displayed', { xmlns: MARKERS, id: second.attrs.id })));
    await expect.poll(() => label('second of mine')).toBe('Read');
    await expect.poll(() => label('first of mine')).toBe('Read');
    expect(await ticks('second of mine')).toEqual(['Pending', 'Sent', 'Delivered', 'Read']);

    // An older marker (for the first message) after the newer one moves nothing backwards.
    await friend.send(xml('message', { to: me, type: 'chat', id: 'mk-1' }, xml('displayed', { xmlns: MARKERS, id: first.attrs.id })));
    await friend.send(xml('message', { to: me, id: 'rcpt-2' }, xml('received', { xmlns: RECEIPTS, id: second.attrs.id })));
    await friend.sendChat(me, 'after the old markers');
    await page.getByRole('log').getByText('after the old markers').waitFor();
    expect(await label('second of mine')).toBe('Read');
    expect(await label('first of mine')).toBe('Read');
    expect(await messageTexts(page)).toEqual(['first of mine', 'second of mine', 'after the old markers']);
  });
});
