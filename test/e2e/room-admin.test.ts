import { describe, expect } from 'vitest';
import { xml } from '@xmpp/client';
import type { Page } from 'playwright-core';
import { e2eTest } from '../support/fixtures/e2e';
import { expectNoProblems, signIn } from '../support/glance-page';
import { accountWithFriend, connectPeer, makeContacts } from '../support/peer';
import { MUC_DOMAIN } from '../support/prosody';
import { createRoom, joinRoom, NS_MUC_USER, setAffiliation, statusCodes } from '../support/room-peer';

/** The file's Prosody has the conference service; other participants are plain clients sending XEP-0045's and XEP-0249's stanzas. */
const it = e2eTest.override('serverOptions', { muc: true });

let n = 0;
const conversations = (page: Page) => page.getByRole('list', { name: 'Conversations' });
const participantNames = (page: Page) =>
  page
    .getByRole('list', { name: 'Participants' })
    .getByRole('listitem')
    .evaluateAll((items) => items.map((i) => i.getAttribute('aria-label')));

describe('group chat invitations and moderation', () => {
  it('“New group” creates a members-only, non-anonymous, persistent room and invites the picked contact, who can join', async ({
    server,
    peers,
    registerPeer,
    glance,
  }) => {
    n += 1;
    const { me, friend } = await accountWithFriend(server, { me: `host${n}`, friend: `guest${n}` });
    peers.push(friend);
    // A second contact, invited later from the room's header.
    const late = await registerPeer(`late${n}`);
    const setup = await connectPeer(server, me, 'pw', { resource: 'setup2' });
    try {
      await makeContacts(setup, late);
    } finally {
      await setup.stop();
    }
    const { page, problems } = glance;
    await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });

    await page.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Group name').fill('Book club');
    await dialog
      .getByRole('group', { name: 'Invite contacts' })
      .getByRole('checkbox', { name: `guest${n}` })
      .check();
    const seen = friend.received.length;
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await conversations(page).getByRole('button', { name: 'Book club', exact: true }).waitFor({ timeout: 10_000 });
    await expect.poll(() => dialog.isVisible()).toBe(false);

    // The contact receives a XEP-0249 invitation to the new room.
    const invitation = await friend.waitForMessage((m) => m.getChild('x', 'jabber:x:conference') !== undefined, 10_000, seen);
    const room = invitation.getChild('x', 'jabber:x:conference')!.attrs.jid as string;
    expect(invitation.attrs.from?.startsWith(`${me}/`)).toBe(true);
    expect(room.endsWith(`@${MUC_DOMAIN}`)).toBe(true);

    // What the room says it is, to anyone asking.
    const info = await friend.iq(xml('iq', { type: 'get', to: room }, xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' })));
    const features = info
      .getChild('query')!
      .getChildren('feature')
      .map((f) => f.attrs.var);
    expect(features).toEqual(expect.arrayContaining(['muc_membersonly', 'muc_nonanonymous', 'muc_persistent']));

    // Members only, and the invitee was made a member: they get in.
    await joinRoom(friend, room, 'Guest');
    await expect.poll(() => page.getByTestId('participant-count').innerText(), { timeout: 10_000 }).toBe('2 participants');

    // "Invite" in the header offers the contacts not in the room yet, and makes the one picked a member too.
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const invite = page.getByRole('dialog', { name: 'Invite to group' });
    const offered = invite.getByRole('group', { name: 'Invite contacts' }).getByRole('checkbox');
    await expect.poll(() => offered.evaluateAll((boxes) => boxes.map((b) => b.closest('label')?.textContent?.trim()))).toEqual([`late${n}`]);
    await offered.first().check();
    const lateSeen = late.received.length;
    await invite.getByRole('button', { name: 'Send invitations' }).click();
    await expect.poll(() => invite.isVisible()).toBe(false);
    const lateInvitation = await late.waitForMessage((m) => m.getChild('x', 'jabber:x:conference') !== undefined, 10_000, lateSeen);
    expect(lateInvitation.getChild('x', 'jabber:x:conference')!.attrs.jid).toBe(room);
    await joinRoom(late, room, 'Late');
    await expect.poll(() => page.getByTestId('participant-count').innerText(), { timeout: 10_000 }).toBe('3 participants');
    expectNoProblems(problems);
  });

  it('shows an incoming invitation as a request: Decline tells the room, Join enters the room', async ({ server, registerPeer, glance }) => {
    n += 1;
    const olive = await registerPeer(`olive${n}`);
    const garden = `garden${n}@${MUC_DOMAIN}`;
    await createRoom(olive, garden, 'Olive', { 'muc#roomconfig_roomname': 'The Garden', 'muc#roomconfig_whois': 'anyone' });
    const shed = `shed${n}@${MUC_DOMAIN}`;
    await createRoom(olive, shed, 'Olive', { 'muc#roomconfig_whois': 'anyone' });
    const me = await server.register(`gwen${n}`, 'pw');
    const { page, problems } = glance;
    await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });

    // XEP-0249 direct, and XEP-0045 §7.8.2 mediated (through the room).
    await olive.send(xml('message', { to: me }, xml('x', { xmlns: 'jabber:x:conference', jid: garden, reason: 'Come see the roses' })));
    await olive.send(xml('message', { to: shed }, xml('x', { xmlns: NS_MUC_USER }, xml('invite', { to: me }))));
    const requests = page.getByRole('region', { name: 'Invitations to group chats' });
    const items = requests.getByRole('listitem');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(2);
    const gardenItem = items.filter({ hasText: `${olive.bare} invites you to ${garden}` });
    expect(await gardenItem.innerText()).toContain('Come see the roses');
    // Nothing was joined without the person.
    expect(await conversations(page).getByRole('button', { name: 'The Garden', exact: true }).count()).toBe(0);

    const before = olive.received.length;
    await items.filter({ hasText: shed }).getByRole('button', { name: 'Decline' }).click();
    const decline = await olive.waitForMessage((m) => m.getChild('x', NS_MUC_USER)?.getChild('decline') !== undefined, 10_000, before);
    expect(decline.attrs.from).toBe(shed);
    await expect.poll(() => items.count()).toBe(1);

    await gardenItem.getByRole('button', { name: 'Join' }).click();
    await conversations(page).getByRole('button', { name: 'The Garden', exact: true }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().innerText()).toBe('The Garden');
    await expect.poll(() => page.getByTestId('participant-count').innerText(), { timeout: 10_000 }).toBe('2 participants');
    await expect.poll(() => requests.count()).toBe(0);
    // The invitations never became chats (live, or replayed by the archive that keeps them).
    expect(
      await conversations(page)
        .getByRole('button')
        .evaluateAll((items) => items.map((i) => i.getAttribute('aria-label'))),
    ).toEqual(['The Garden']);
    expectNoProblems(problems);
  });

  it('kicks and bans from the participants list (the peer gets 307, then 301), changes the subject, and closes the group after confirming', async ({
    server,
    registerPeer,
    glance,
  }) => {
    n += 1;
    const olive = await registerPeer(`founder${n}`);
    const pest = await registerPeer(`pest${n}`);
    const room = `hall${n}@${MUC_DOMAIN}`;
    await createRoom(olive, room, 'Olive', { 'muc#roomconfig_roomname': 'The Hall', 'muc#roomconfig_whois': 'anyone' });
    const me = await server.register(`keeper${n}`, 'pw');
    await setAffiliation(olive, room, me, 'owner');
    await joinRoom(pest, room, 'Pest');
    const { page, problems } = glance;
    await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });
    await page.getByRole('button', { name: 'Join group chat' }).click();
    const join = page.getByRole('dialog', { name: 'Join group chat' });
    await join.getByLabel('Room address').fill(room);
    await join.getByLabel('Nickname').fill('Kay');
    await join.getByRole('button', { name: 'Join', exact: true }).click();
    await expect.poll(() => page.getByTestId('participant-count').innerText(), { timeout: 10_000 }).toBe('3 participants');

    await page.getByRole('button', { name: 'Participants' }).click();
    await expect.poll(() => participantNames(page)).toEqual(['Kay (you)', 'Olive', 'Pest']);
    // Another owner is beyond what an owner may moderate here; a participant is not.
    expect(await page.getByRole('button', { name: 'Manage Olive' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Manage Pest' }).click();
    const manage = page.getByRole('dialog', { name: 'Manage Pest' });
    const mark = pest.received.length;
    await manage.getByRole('button', { name: 'Kick' }).click();
    const kicked = await pest.waitForStanza((s) => s.is('presence') && s.attrs.from === `${room}/Pest` && s.attrs.type === 'unavailable', 10_000, mark);
    expect(statusCodes(kicked)).toContain(307);
    await expect.poll(() => participantNames(page)).toEqual(['Kay (you)', 'Olive']);
    await expect.poll(() => manage.isVisible()).toBe(false);

    // A kick is not a ban: they come back. A ban asks first, then the peer gets 301.
    await joinRoom(pest, room, 'Pest');
    await expect.poll(() => participantNames(page)).toEqual(['Kay (you)', 'Olive', 'Pest']);
    await page.getByRole('button', { name: 'Manage Pest' }).click();
    await manage.getByRole('button', { name: 'Ban', exact: true }).click();
    const banMark = pest.received.length;
    await manage
      .getByRole('group', { name: /Ban Pest\?/ })
      .getByRole('button', { name: 'Ban', exact: true })
      .click();
    const banned = await pest.waitForStanza((s) => s.is('presence') && s.attrs.from === `${room}/Pest` && s.attrs.type === 'unavailable', 10_000, banMark);
    expect(statusCodes(banned)).toContain(301);
    await expect.poll(() => participantNames(page)).toEqual(['Kay (you)', 'Olive']);

    // The subject, from "Manage group".
    await page.getByRole('button', { name: 'Manage group' }).click();
    const settings = page.getByRole('dialog', { name: 'Manage group' });
    await settings.getByLabel('Subject').fill('Quiet hours');
    await settings.getByRole('button', { name: 'Change subject' }).click();
    await expect.poll(() => settings.getByRole('status').innerText()).toBe('Subject changed.');
    await expect.poll(() => page.locator('header .subject').innerText()).toBe('Quiet hours');

    // Closing the group asks first; then everyone in it is told.
    await settings.getByRole('button', { name: 'Close group for everyone' }).click();
    const confirm = settings.getByRole('group', { name: /Close “The Hall” for everyone\?/ });
    const before = olive.received.length;
    await confirm.getByRole('button', { name: 'Close group', exact: true }).click();
    const destroyed = await olive.waitForStanza(
      (s) => s.is('presence') && s.attrs.from === `${room}/Olive` && s.getChild('x', NS_MUC_USER)?.getChild('destroy') !== undefined,
      10_000,
      before,
    );
    expect(destroyed.attrs.type).toBe('unavailable');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'This group chat was closed by its owner.' }).count(), { timeout: 10_000 }).toBe(1);
    expectNoProblems(problems);
  });
});
