import { describe, expect } from 'vitest';
import { xml } from '@xmpp/client';
import type { BrowserContext, Page } from 'playwright-core';
import { e2eTest } from '../support/fixtures/e2e';
import { expectNoProblems, messageTexts, openGlance, signIn } from '../support/glance-page';
import type { Peer } from '../support/peer';
import type { RunningPreview } from '../support/preview';
import { MUC_DOMAIN, type TestServer } from '../support/prosody';
import { buildMdsPublish, connectOwnDevice, FAST_READING, fetchMds, MARKERS, MDS, setWindowFocus, wiggle } from '../support/read-status-setup';
import { createRoom, joinRoom, roomStanzaId, sendGroupchat, setAffiliation, waitForGroupchat } from '../support/room-peer';

/** The file's Prosody has the conference service. */
const it = e2eTest.override('serverOptions', { muc: true });

let n = 0;
const MARKABLE = () => [xml('markable', { xmlns: MARKERS })];
const conversationItem = (page: Page, name: string) => page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name, exact: true });
const readByControl = (page: Page) =>
  page
    .getByRole('log')
    .locator('.message.out')
    .getByRole('button', { name: /^Read by / });
/** The names in the open "Read by" list, alphabetically (two markers sent at once reach the room in either order). */
const readerNames = (page: Page) =>
  page
    .getByRole('list', { name: 'Read by' })
    .locator('.name')
    .evaluateAll((names) => names.map((name) => name.textContent).sort());

/** Glance signed in as `me` with short reading windows (`port`: the server's, or a proxy's in front of it). */
async function glanceAs(server: TestServer, context: BrowserContext, preview: RunningPreview, me: string, port = server.port) {
  await context.addInitScript((settings) => localStorage.setItem('glance.reading', JSON.stringify(settings)), FAST_READING);
  const opened = await openGlance(context, preview);
  await signIn(opened.page, { address: me, password: 'pw', server: `127.0.0.1:${port}` });
  return opened;
}

/** Joins through the "Join group chat" dialog and waits for the room's conversation. */
async function joinThroughDialog(page: Page, room: string, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Join group chat' }).click();
  const dialog = page.getByRole('dialog', { name: 'Join group chat' });
  await dialog.getByLabel('Room address').fill(room);
  await dialog.getByRole('button', { name: 'Join', exact: true }).click();
  await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(false);
  await conversationItem(page, name).click();
  await page.getByRole('log', { name }).waitFor();
}

/** A private group (members-only, real JIDs visible, persistent, archived) owned by `owner`, with `members` granted membership. */
async function privateGroup(owner: Peer, room: string, name: string, members: string[]): Promise<void> {
  await createRoom(owner, room, 'Olive', {
    'muc#roomconfig_roomname': name,
    'muc#roomconfig_membersonly': '1',
    'muc#roomconfig_whois': 'anyone',
    'muc#roomconfig_enablearchiving': '1',
  });
  // Prosody 0.12 applies only the first item of a muc#admin set: one IQ each.
  for (const member of members) await setAffiliation(owner, room, member, 'member');
}

/** Our displayed markers as a participant received them from the room. */
const markersFromUs = (peer: Peer, room: string, nick: string) =>
  peer.received
    .filter((s) => s.is('message') && s.attrs.from === `${room}/${nick}` && s.getChild('displayed', MARKERS))
    .map((s) => s.getChild('displayed', MARKERS)!.attrs.id);

/** Glance writes through the composer; once `peer` has it from the room, everything Glance sent to the room before has arrived. */
async function fence(page: Page, peer: Peer, room: string, text: string): Promise<void> {
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill(text);
  await composer.press('Enter');
  await waitForGroupchat(peer, room, text);
}

/** XEP-0333 §5 in a room: `peer` read everything up to the room's message `stanzaId`. */
function sendMarker(peer: Peer, room: string, stanzaId: string): Promise<void> {
  return peer.send(
    xml(
      'message',
      { to: room, type: 'groupchat', id: `mk-${stanzaId}-${Math.random()}` },
      xml('displayed', { xmlns: MARKERS, id: stanzaId }),
      xml('store', { xmlns: 'urn:xmpp:hints' }),
    ),
  );
}

describe('read status in group chats', () => {
  it('sends no marker while the window is blurred, exactly one with the room’s stanza-id once seen, and none ever in a public channel (MDS in both)', async ({
    server,
    registerPeer,
    context,
    preview,
    peers,
  }) => {
    n += 1;
    const olive = await registerPeer(`olive${n}`);
    const me = await server.register(`gwen${n}`, 'pw');
    const room = `circle${n}@${MUC_DOMAIN}`;
    await privateGroup(olive, room, 'Circle', [me]);
    const { page, problems } = await glanceAs(server, context, preview, me);
    await joinThroughDialog(page, room, 'Circle');

    await setWindowFocus(page, false);
    await sendGroupchat(olive, room, 'Anyone here?', MARKABLE());
    const copy = await waitForGroupchat(olive, room, 'Anyone here?');
    const stanzaId = roomStanzaId(copy, room)!;
    await page.getByRole('log').getByText('Anyone here?').waitFor();
    // The read rule's own window, several dwell times long, passes without a marker while blurred.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(markersFromUs(olive, room, `gwen${n}`)).toEqual([]);

    await setWindowFocus(page, true);
    await wiggle(page);
    await expect.poll(() => markersFromUs(olive, room, `gwen${n}`), { timeout: 10_000 }).toEqual([stanzaId]);
    await fence(page, olive, room, 'fence');
    expect(markersFromUs(olive, room, `gwen${n}`)).toEqual([stanzaId]);

    // Our other devices learn it through MDS: item id = the room, `by` = the room.
    const phone = await connectOwnDevice(server, me);
    peers.push(phone);
    const mdsOf = async (jid: string) =>
      (await fetchMds(phone))
        .find((item) => item.attrs.id === jid)
        ?.getChild('displayed', MDS)
        ?.getChild('stanza-id', 'urn:xmpp:sid:0')?.attrs;
    expect(await mdsOf(room)).toMatchObject({ by: room, id: stanzaId });

    // A public channel (open, semi-anonymous): read here, MDS updated, no marker ever.
    const open = `square${n}@${MUC_DOMAIN}`;
    await createRoom(olive, open, 'Olive', { 'muc#roomconfig_roomname': 'Square', 'muc#roomconfig_enablearchiving': '1' });
    await joinThroughDialog(page, open, 'Square');
    await wiggle(page);
    await sendGroupchat(olive, open, 'Hello, square', MARKABLE());
    const publicCopy = await waitForGroupchat(olive, open, 'Hello, square');
    await page.getByRole('log').getByText('Hello, square').waitFor();
    await wiggle(page);
    await expect.poll(() => mdsOf(open), { timeout: 10_000 }).toMatchObject({ by: open, id: roomStanzaId(publicCopy, open) });
    await fence(page, olive, open, 'fence in the square');
    expect(markersFromUs(olive, open, `gwen${n}`)).toEqual([]);
    expectNoProblems(problems);
  });

  it('a room read while offline: the marker reaches the room as soon as the stream is resumed, once, and MDS agrees', async ({
    server,
    registerPeer,
    context,
    preview,
    peers,
    startFaultProxy,
  }) => {
    n += 1;
    const olive = await registerPeer(`olive${n}`);
    const me = await server.register(`gwen${n}`, 'pw');
    const nick = `gwen${n}`;
    const room = `nook${n}@${MUC_DOMAIN}`;
    await privateGroup(olive, room, 'Nook', [me]);
    const proxy = await startFaultProxy(server.port);
    const { page, problems } = await glanceAs(server, context, preview, me, proxy.port);
    await joinThroughDialog(page, room, 'Nook');
    await setWindowFocus(page, false);
    await sendGroupchat(olive, room, 'Tea at five?', MARKABLE());
    const stanzaId = roomStanzaId(await waitForGroupchat(olive, room, 'Tea at five?'), room)!;
    const item = conversationItem(page, 'Nook');
    await expect.poll(() => item.locator('.unread').innerText(), { timeout: 10_000 }).toBe('1');

    // The network goes; the person reads the message meanwhile.
    const listenPort = proxy.port;
    await proxy.close();
    await expect.poll(() => preview.latest()?.connection.status, { timeout: 10_000 }).toBe('connecting');
    await setWindowFocus(page, true);
    await wiggle(page);
    await expect.poll(() => item.locator('.unread').count(), { timeout: 10_000 }).toBe(0);
    expect(markersFromUs(olive, room, nick)).toEqual([]);

    // Back, the stream resumed (still in the room): the marker goes, once.
    await startFaultProxy(server.port, '127.0.0.1', listenPort);
    await expect.poll(() => markersFromUs(olive, room, nick), { timeout: 15_000 }).toEqual([stanzaId]);
    await fence(page, olive, room, 'back online');
    expect(markersFromUs(olive, room, nick)).toEqual([stanzaId]);
    const phone = await connectOwnDevice(server, me);
    peers.push(phone);
    const mds = (await fetchMds(phone)).find((entry) => entry.attrs.id === room);
    expect(mds?.getChild('displayed', MDS)?.getChild('stanza-id', 'urn:xmpp:sid:0')?.attrs).toMatchObject({ by: room, id: stanzaId });
    expectNoProblems(problems);
  });

  it('shows "Read by 2" with both names, kept over a nick change, a reload and a fresh sign-in from the room’s archive', async ({
    server,
    registerPeer,
    context,
    preview,
    browser,
    startPreview,
  }) => {
    n += 1;
    const olive = await registerPeer(`olive${n}`);
    const paul = await registerPeer(`paul${n}`);
    const quinn = await registerPeer(`quinn${n}`);
    const me = await server.register(`gwen${n}`, 'pw');
    const room = `club${n}@${MUC_DOMAIN}`;
    await privateGroup(olive, room, 'Club', [me, paul.bare, quinn.bare]);
    await joinRoom(paul, room, 'Paul', { maxstanzas: 0 });
    const { page, problems } = await glanceAs(server, context, preview, me);
    await joinThroughDialog(page, room, 'Club');

    await fence(page, olive, room, 'Who has read this?');
    const ours = roomStanzaId(await waitForGroupchat(paul, room, 'Who has read this?'), room)!;
    await sendMarker(olive, room, ours);
    await sendMarker(paul, room, ours);
    // Olive, Paul and Quinn are the members besides us.
    await expect.poll(() => readByControl(page).innerText(), { timeout: 10_000 }).toBe('Read by 2 of 3');
    await readByControl(page).click();
    await expect.poll(() => readerNames(page), { timeout: 10_000 }).toEqual(['Olive', 'Paul']);

    // Paul becomes Pauline and marks a later message: still two readers, under the new name.
    await paul.send(xml('presence', { to: `${room}/Pauline` }));
    await paul.waitForStanza((s) => s.is('presence') && s.attrs.from === `${room}/Pauline`);
    await sendGroupchat(olive, room, 'Later news', MARKABLE());
    const later = roomStanzaId(await waitForGroupchat(paul, room, 'Later news'), room)!;
    await sendMarker(paul, room, later);
    await expect.poll(() => readerNames(page), { timeout: 10_000 }).toEqual(['Olive', 'Pauline']);
    expect(await readByControl(page).innerText()).toBe('Read by 2 of 3');

    await page.reload();
    await conversationItem(page, 'Club').click();
    await expect.poll(() => readByControl(page).innerText(), { timeout: 10_000 }).toBe('Read by 2 of 3');

    // A fresh profile and core: history rebuilt from the room's archive, markers included.
    const fresh = await browser.newContext();
    try {
      const rebuilt = await glanceAs(server, fresh, await startPreview(), me);
      await conversationItem(rebuilt.page, 'Club').click();
      await expect.poll(() => messageTexts(rebuilt.page), { timeout: 15_000 }).toEqual(['Who has read this?', 'Later news']);
      await expect.poll(() => readByControl(rebuilt.page).innerText(), { timeout: 10_000 }).toBe('Read by 2 of 3');
      await readByControl(rebuilt.page).click();
      await expect.poll(() => readerNames(rebuilt.page), { timeout: 10_000 }).toEqual(['Olive', 'Pauline']);

      // The last member reads it: everyone has.
      await joinRoom(quinn, room, 'Quinn', { maxstanzas: 0 });
      await sendMarker(quinn, room, later);
      await expect.poll(() => readByControl(rebuilt.page).innerText(), { timeout: 10_000 }).toBe('Read by 3 · everyone');
      expectNoProblems(rebuilt.problems);
    } finally {
      await fresh.close();
    }
    expectNoProblems(problems);
  });

  it('read elsewhere — MDS for the room, our marker reflected from another device, our message from it — clears the unread count and closes the notification', async ({
    server,
    registerPeer,
    context,
    preview,
    peers,
  }) => {
    n += 1;
    const olive = await registerPeer(`olive${n}`);
    const me = await server.register(`gwen${n}`, 'pw');
    const room = `den${n}@${MUC_DOMAIN}`;
    await privateGroup(olive, room, 'Den', [me]);
    await context.grantPermissions(['notifications']);
    const { page, problems } = await glanceAs(server, context, preview, me);
    await joinThroughDialog(page, room, 'Den');
    await setWindowFocus(page, false);
    await sendGroupchat(olive, room, 'Read me on the phone', MARKABLE());
    const stanzaId = roomStanzaId(await waitForGroupchat(olive, room, 'Read me on the phone'), room)!;
    const item = conversationItem(page, 'Den');
    await expect.poll(() => item.locator('.unread').innerText(), { timeout: 10_000 }).toBe('1');
    const showing = async () => {
      const now = new Set<string>();
      const events = await page.evaluate(() => [
        ...((window as unknown as { __glanceNotifications?: { kind: string; conversation: string }[] }).__glanceNotifications ?? []),
      ]);
      for (const event of events) {
        if (event.kind === 'show') now.add(event.conversation);
        else now.delete(event.conversation);
      }
      return now;
    };
    await expect.poll(async () => (await showing()).has(`room:${room}`), { timeout: 10_000 }).toBe(true);

    const phone = await connectOwnDevice(server, me);
    peers.push(phone);
    await phone.iq(buildMdsPublish(room, room, stanzaId));
    await expect.poll(() => item.locator('.unread').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(async () => (await showing()).has(`room:${room}`), { timeout: 10_000 }).toBe(false);

    // The phone in the room too (the same person: the same occupant-id): its marker, reflected by the room, reads here.
    await joinRoom(phone, room, 'gwen-phone', { maxstanzas: 0 });
    await sendGroupchat(olive, room, 'And this one', MARKABLE());
    const next = roomStanzaId(await waitForGroupchat(phone, room, 'And this one'), room)!;
    await expect.poll(() => item.locator('.unread').innerText(), { timeout: 10_000 }).toBe('1');
    await expect.poll(async () => (await showing()).has(`room:${room}`), { timeout: 10_000 }).toBe(true);
    await sendMarker(phone, room, next);
    await expect.poll(() => item.locator('.unread').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(async () => (await showing()).has(`room:${room}`), { timeout: 10_000 }).toBe(false);

    // Our own message written on the phone reads everything before it.
    await sendGroupchat(olive, room, 'One more', MARKABLE());
    await expect.poll(() => item.locator('.unread').innerText(), { timeout: 10_000 }).toBe('1');
    await expect.poll(async () => (await showing()).has(`room:${room}`), { timeout: 10_000 }).toBe(true);
    await sendGroupchat(phone, room, 'Answered from the phone');
    await expect.poll(() => item.locator('.unread').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(async () => (await showing()).has(`room:${room}`), { timeout: 10_000 }).toBe(false);
    expectNoProblems(problems);
  });
});
