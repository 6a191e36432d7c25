import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eTest } from '../support/fixtures/e2e';
import { expectNoProblems, messageTexts, signIn } from '../support/glance-page';

let n = 0;

/** `start`: a fresh Glance account signed in through the UI, and fresh peer accounts. */
const it = e2eTest.extend('start', async ({ server, glance, registerPeer }) => async (peerNames: string[], options: { autoApprove?: boolean } = {}) => {
  n += 1;
  const me = await server.register(`alice${n}`, 'pw');
  const others = await Promise.all(peerNames.map((name) => registerPeer(`${name}${n}`, { autoApprove: options.autoApprove })));
  const { page, problems } = glance;
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });
  return { me, page, problems, peers: others };
});

const conversations = (page: Page) => page.getByRole('list', { name: 'Conversations' });
const conversationItem = (page: Page, name: string) => conversations(page).getByRole('button', { name, exact: true });

describe('chatting', () => {
  it('adds a contact, chats both ways, and after a reload finds the whole conversation in order', async ({ start }) => {
    const {
      me,
      page,
      problems,
      peers: [bob],
    } = await start(['bob'], { autoApprove: true });
    await page.getByRole('tab', { name: 'Contacts' }).click();
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.getByLabel('Address', { exact: true }).fill(bob.bare);
    await page.getByLabel('Name (optional)').fill('Bob');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    // Bob's client approves; Glance shows him with a subscription to his presence.
    const bobContact = page.getByRole('list', { name: 'Contact list' }).getByRole('button', { name: 'Bob', exact: true });
    const bobDetails = () => bobContact.locator('.details').innerText();
    await expect.poll(bobDetails, { timeout: 10_000 }).toContain('Available');
    // A change of his presence shows at once.
    await bob.presence({ show: 'away', status: 'Out for lunch' });
    await expect.poll(bobDetails, { timeout: 10_000 }).toContain('Away');
    await bobContact.click();

    const log = page.getByRole('log', { name: 'Bob' });
    await log.waitFor();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Hello Bob');
    await composer.press('Shift+Enter');
    await composer.pressSequentially('second line');
    await composer.press('Enter');
    const sent = await bob.waitForMessage((m) => m.getChildText('body') === 'Hello Bob\nsecond line');
    expect(sent.attrs.id).toBeTruthy();
    expect(sent.getChild('origin-id', 'urn:xmpp:sid:0')?.attrs.id).toBe(sent.attrs.id);
    await expect.poll(() => composer.inputValue()).toBe('');

    for (const body of ['Hi Alice', 'How are you?', 'Fine, thanks']) await bob.sendChat(me, body);
    const expected = ['Hello Bob\nsecond line', 'Hi Alice', 'How are you?', 'Fine, thanks'];
    await expect.poll(() => messageTexts(page), { timeout: 10_000 }).toEqual(expected);

    await page.reload();
    await conversationItem(page, 'Bob').click();
    await log.waitFor();
    await expect.poll(() => messageTexts(page), { timeout: 10_000 }).toEqual(expected);
    expect(await log.locator('[data-key]').count()).toBe(4);
    expectNoProblems(problems);
  });

  it('lists conversations newest first with unread counts, and reading clears the count', async ({ start, preview }) => {
    const {
      me,
      page,
      problems,
      peers: [carol, dave],
    } = await start(['carol', 'dave']);
    await carol.sendChat(me, 'From Carol');
    await expect.poll(() => conversations(page).getByRole('button').allInnerTexts()).toEqual([expect.stringContaining(carol.bare.split('@')[0])]);
    await dave.sendChat(me, 'From Dave 1');
    await dave.sendChat(me, 'From Dave 2');
    const names = () =>
      conversations(page)
        .locator('li')
        .evaluateAll((items) => items.map((li) => li.querySelector('button')?.getAttribute('aria-label') ?? li.textContent));
    const carolName = carol.bare.split('@')[0];
    const daveName = dave.bare.split('@')[0];
    await expect.poll(names).toEqual([daveName, carolName]);
    await expect.poll(() => conversationItem(page, daveName).locator('.unread').innerText()).toBe('2');
    expect(await conversationItem(page, carolName).locator('.unread').innerText()).toBe('1');

    await carol.sendChat(me, 'Carol again');
    await expect.poll(names).toEqual([carolName, daveName]);
    await expect.poll(() => conversationItem(page, carolName).locator('.unread').innerText()).toBe('2');
    // The main process hears the total, for the badge and tray.
    await expect.poll(() => preview.core.unread).toBe(4);

    await conversationItem(page, carolName).click();
    await page.mouse.move(600, 400);
    await page.mouse.move(610, 410);
    await expect.poll(() => conversationItem(page, carolName).locator('.unread').count(), { timeout: 10_000 }).toBe(0);
    expect(await conversationItem(page, daveName).locator('.unread').innerText()).toBe('2');
    await expect.poll(() => preview.core.unread).toBe(2);
    expectNoProblems(problems);
  });

  it('accepts a subscription request from the contacts view', async ({ start }) => {
    const {
      me,
      page,
      peers: [erin],
    } = await start(['erin']);
    await erin.subscribeTo(me);
    await page.getByRole('tab', { name: 'Contacts' }).click();
    await page.getByRole('button', { name: 'Accept' }).click();
    await erin.waitForStanza((s) => s.is('presence') && s.attrs.type === 'subscribed' && s.attrs.from === me);
    // Glance asks back, as a messenger contact is mutual.
    await erin.waitForStanza((s) => s.is('presence') && s.attrs.type === 'subscribe' && s.attrs.from === me);
    await expect.poll(() => page.getByRole('button', { name: 'Accept' }).count()).toBe(0);
  });

  it('shows text as text and opens links outside the app, never navigating the window', async ({ start, preview, context }) => {
    const {
      me,
      page,
      problems,
      peers: [frank],
    } = await start(['frank']);
    await frank.sendChat(me, '<img src=x onerror="window.__pwned=1"> see https://example.org/page?q=1');
    const name = frank.bare.split('@')[0];
    await conversationItem(page, name).click();
    const log = page.getByRole('log', { name });
    await expect.poll(() => messageTexts(page)).toEqual(['<img src=x onerror="window.__pwned=1"> see https://example.org/page?q=1']);
    expect(await log.locator('img').count()).toBe(0);
    const url = page.url();
    await log.getByRole('link', { name: 'https://example.org/page?q=1' }).click();
    await expect.poll(() => preview.opened).toEqual(['https://example.org/page?q=1']);
    expect(page.url()).toBe(url);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(context.pages()).toHaveLength(1);
    expectNoProblems(problems);
  });
});
