import { describe, expect } from 'vitest';
import { xml } from '@xmpp/client';
import type { Page } from 'playwright-core';
import { e2eTest } from '../support/fixtures/e2e';
import { expectNoProblems, messageTexts, openGlance, signIn } from '../support/glance-page';
import { freePort } from '../support/ports';
import { MUC_DOMAIN } from '../support/prosody';
import { createRoom, roomStanzaId, sendGroupchat, waitForGroupchat } from '../support/room-peer';

/** The file's Prosody has the conference service. */
const it = e2eTest.override('serverOptions', { muc: true });

let n = 0;
const conversations = (page: Page) => page.getByRole('list', { name: 'Conversations' });
const statusLabels = (page: Page) =>
  page
    .getByRole('log')
    .locator('.message.out [role="img"]')
    .evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label')));

/** Joins through the "Join group chat" dialog; resolves once the dialog has closed. */
async function joinThroughDialog(page: Page, room: string, nick?: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Join group chat' });
  if (!(await dialog.isVisible())) await page.getByRole('button', { name: 'Join group chat' }).click();
  await dialog.getByLabel('Room address').fill(room);
  if (nick !== undefined) await dialog.getByLabel('Nickname').fill(nick);
  await dialog.getByRole('button', { name: 'Join', exact: true }).click();
}

describe('group chats', () => {
  it('joins through the dialog (each refusal in words), shows and sends messages, lists participants, and keeps it all over a reload and a restart', async ({
    server,
    registerPeer,
    context,
    startPreview,
  }) => {
    n += 1;
    const olive = await registerPeer(`olive${n}`);
    const room = `garden${n}@${MUC_DOMAIN}`;
    await createRoom(olive, room, 'Olive', { 'muc#roomconfig_roomname': 'The Garden', 'muc#roomconfig_whois': 'anyone' });
    const me = await server.register(`gwen${n}`, 'pw');
    const port = await freePort();
    const first = await startPreview({ port });
    const { page, problems } = await openGlance(context, first);
    await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });

    // Refusals, each in its own words: no such room, then the nickname taken (another one offered).
    await page.getByRole('button', { name: 'Join group chat' }).click();
    const dialog = page.getByRole('dialog', { name: 'Join group chat' });
    await expect.poll(() => dialog.getByLabel('Nickname').inputValue()).toBe(`gwen${n}`);
    await joinThroughDialog(page, `nowhere${n}@${MUC_DOMAIN}`);
    await expect.poll(() => dialog.getByRole('alert').innerText()).toContain('There is no group chat at that address.');
    await joinThroughDialog(page, room, 'Olive');
    await expect.poll(() => dialog.getByRole('alert').innerText()).toContain('Someone in this group chat already uses that nickname.');
    expect(await dialog.getByLabel('Nickname').inputValue()).toBe('Olive2');
    await dialog.getByRole('button', { name: 'Join', exact: true }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);

    // The room is a conversation named by the room's name, with its header.
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().innerText()).toBe('The Garden');
    await conversations(page).getByRole('button', { name: 'The Garden', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('participant-count').innerText()).toBe('2 participants');

    // The subject shows in the header.
    await olive.send(xml('message', { to: room, type: 'groupchat' }, xml('subject', {}, 'Roses in bloom')));
    await expect.poll(() => page.locator('header .subject').innerText()).toBe('Roses in bloom');

    // A participant's message shows, with who wrote it.
    await sendGroupchat(olive, room, 'Welcome to the garden');
    await expect.poll(() => messageTexts(page), { timeout: 10_000 }).toEqual(['Welcome to the garden']);
    expect(await page.getByRole('log').locator('.message.in .sender').innerText()).toBe('Olive');

    // Ours reaches the participant, from our nickname, and shows as sent once the room reflects it.
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Thank you, Olive');
    await composer.press('Enter');
    const received = await waitForGroupchat(olive, room, 'Thank you, Olive');
    expect(received.attrs.from).toBe(`${room}/Olive2`);
    expect(roomStanzaId(received, room)).toBeTruthy();
    await expect.poll(() => statusLabels(page), { timeout: 10_000 }).toEqual(['Sent']);

    // The participants, grouped, by nickname.
    await page.getByRole('button', { name: 'Participants' }).click();
    const participants = page.getByRole('list', { name: 'Participants' });
    await expect
      .poll(() => participants.getByRole('listitem').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label'))))
      .toEqual(['Olive', 'Olive2 (you)']);
    expect(await participants.getByRole('listitem', { name: 'Olive', exact: true }).innerText()).toContain('owner');

    // A reload keeps everything: the list, the messages once each, the status.
    await page.reload();
    await conversations(page).getByRole('button', { name: 'The Garden', exact: true }).click();
    await expect.poll(() => messageTexts(page), { timeout: 10_000 }).toEqual(['Welcome to the garden', 'Thank you, Olive']);
    await expect.poll(() => statusLabels(page)).toEqual(['Sent']);

    // Closed, the room goes on without us; opened again, the bookmark rejoins it and its archive
    // brings what was said meanwhile, once each.
    await page.close();
    await first.stop();
    await sendGroupchat(olive, room, 'While you were away');
    const second = await startPreview({ port });
    const reopened = await openGlance(context, second);
    await signIn(reopened.page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });
    await conversations(reopened.page).getByRole('button', { name: 'The Garden', exact: true }).click();
    await expect.poll(() => messageTexts(reopened.page), { timeout: 15_000 }).toEqual(['Welcome to the garden', 'Thank you, Olive', 'While you were away']);
    await expect.poll(() => reopened.page.getByTestId('participant-count').innerText()).toBe('2 participants');
    expectNoProblems(problems);
    expectNoProblems(reopened.problems);
  });

  it('opens a members-only room’s refusal, and creates a private group with New group', async ({ server, registerPeer, glance }) => {
    n += 1;
    const owner = await registerPeer(`owner${n}`);
    const closed = `closed${n}@${MUC_DOMAIN}`;
    await createRoom(owner, closed, 'Own', { 'muc#roomconfig_membersonly': '1' });
    const me = await server.register(`founder${n}`, 'pw');
    const { page, problems } = glance;
    await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });
    await joinThroughDialog(page, closed);
    const dialog = page.getByRole('dialog', { name: 'Join group chat' });
    await expect.poll(() => dialog.getByRole('alert').innerText()).toContain('This group chat is for members only.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'New group' }).click();
    const create = page.getByRole('dialog', { name: 'New group' });
    await create.getByLabel('Group name').fill('Book club');
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    await conversations(page).getByRole('button', { name: 'Book club', exact: true }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('participant-count').innerText()).toBe('1 participant');

    // Leaving says so, and offers to join again.
    await page.getByRole('button', { name: 'Leave group chat' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'You left this group chat.' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Join again' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Leave group chat' }).count()).toBe(1);
    expectNoProblems(problems);
  });
});
