import { createHash, randomBytes } from 'node:crypto';
import { describe, expect } from 'vitest';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { BrowserContext, Page } from 'playwright-core';
import { e2eTest } from '../support/fixtures/e2e';
import { FILE_SHARE_LIMIT } from '../support/fixtures/xmpp';
import { expectNoProblems, messageTexts, openGlance, signIn } from '../support/glance-page';
import {
  correction,
  historyText,
  NS_CORRECT,
  NS_FALLBACK,
  NS_HINTS,
  NS_REACTIONS,
  NS_RETRACT,
  reactions,
  retraction,
  row,
} from '../support/message-actions-page';
import type { Peer } from '../support/peer';
import { freePort } from '../support/ports';
import type { RunningPreview } from '../support/preview';
import { MUC_DOMAIN, type TestServer } from '../support/prosody';
import { createRoom, joinRoom, roomStanzaId, sendGroupchat, waitForGroupchat } from '../support/room-peer';

/**
 * Message actions, replies, typing and files in a group chat (XEP-0308, XEP-0424, XEP-0444,
 * XEP-0461, XEP-0085, XEP-0363 in rooms), both ways, with a plain client in a real Prosody room
 * sending the XEPs' own stanzas as `groupchat`. References are the room's stanza-ids.
 */

/** The file's Prosody has the conference service and an upload service. */
const it = e2eTest.override('serverOptions', { muc: true, fileShare: { sizeLimit: FILE_SHARE_LIMIT } });

const NS_REPLY = 'urn:xmpp:reply:0';
const NS_STATES = 'http://jabber.org/protocol/chatstates';
const OOB = 'jabber:x:oob';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A peer's action stanza sent to the room instead of to a person. */
const toRoom = (stanza: Element, room: string): Element => {
  stanza.attrs.to = room;
  stanza.attrs.type = 'groupchat';
  return stanza;
};

/** What the room relays to Olive from Glance's occupant (`room/Gwen`) that has `child`. */
const fromGwen = (olive: Peer, room: string, child: [string, string], from?: number) =>
  olive.waitForStanza(
    (s) => s.is('message') && s.attrs.type === 'groupchat' && s.attrs.from === `${room}/Gwen` && s.getChild(child[0], child[1]) !== undefined,
    15_000,
    from,
  );

let n = 0;

/** Olive's room, with Glance (a fresh account) in it as "Gwen", the room open. */
async function inRoom(
  server: TestServer,
  registerPeer: (user: string) => Promise<Peer>,
  context: BrowserContext,
  preview: RunningPreview,
  /** Where Glance connects (a proxy in front of the server), when not straight to it. */
  via = server.port,
): Promise<{ page: Page; problems: string[]; olive: Peer; room: string; me: string }> {
  n += 1;
  const olive = await registerPeer(`olive-ra${n}`);
  const room = `orchard${n}@${MUC_DOMAIN}`;
  await createRoom(olive, room, 'Olive', { 'muc#roomconfig_roomname': 'The Orchard', 'muc#roomconfig_whois': 'anyone' });
  const me = await server.register(`gwen-ra${n}`, 'pw');
  const { page, problems } = await openGlance(context, preview);
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${via}` });
  await page.getByRole('button', { name: 'Join group chat' }).click();
  const dialog = page.getByRole('dialog', { name: 'Join group chat' });
  await dialog.getByLabel('Room address').fill(room);
  await dialog.getByLabel('Nickname').fill('Gwen');
  await dialog.getByRole('button', { name: 'Join', exact: true }).click();
  await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(false);
  await expect.poll(() => page.getByRole('heading', { level: 2 }).first().innerText()).toBe('The Orchard');
  return { page, problems, olive, room, me };
}

/** Olive says `body`; resolves with the room's stanza-id for it, from her own copy. */
async function oliveSays(olive: Peer, room: string, body: string, children: Element[] = []): Promise<string> {
  const from = olive.received.length;
  await sendGroupchat(olive, room, body, children);
  const copy = await olive.waitForStanza((s) => s.is('message') && s.attrs.from === `${room}/Olive` && s.getChildText('body') === body, 10_000, from);
  return roomStanzaId(copy, room)!;
}

describe('message actions in a room', () => {
  it('a participant’s reaction, edit, deletion, reply and typing show, live and rebuilt from the room’s archive; a correction from someone else changes nothing', async ({
    server,
    registerPeer,
    context,
    preview,
    browser,
    startPreview,
  }) => {
    const { page, problems, olive, room, me } = await inRoom(server, registerPeer, context, preview);
    const first = await oliveSays(olive, room, 'Apples are ripe');
    const second = await oliveSays(olive, room, 'Pears too');
    await expect.poll(() => messageTexts(page), { timeout: 10_000 }).toEqual(['Apples are ripe', 'Pears too']);

    // XEP-0444: the set, then a bigger one, each naming the room's stanza-id.
    const chips = () => row(page, 'Apples are ripe').locator('.chip').allInnerTexts();
    await olive.send(toRoom(reactions(room, 'r-1', first, ['👍']), room));
    await expect.poll(chips, { timeout: 10_000 }).toEqual(['👍 1']);
    expect(await row(page, 'Apples are ripe').getByRole('button', { name: '👍: Olive' }).count()).toBe(1);
    await olive.send(toRoom(reactions(room, 'r-2', first, ['👍', '❤️']), room));
    await expect.poll(chips, { timeout: 10_000 }).toEqual(['👍 1', '❤️ 1']);

    // XEP-0308: one row, the newest text, "edited"; another occupant's correction of it changes nothing.
    const rowan = await registerPeer(`rowan-ra${n}`);
    await joinRoom(rowan, room, 'Rowan', { maxstanzas: 0 });
    await rowan.send(toRoom(correction(room, 'c-0', first, 'Apples are rotten'), room));
    await olive.send(toRoom(correction(room, 'c-1', first, 'Apples are very ripe'), room));
    await expect.poll(() => messageTexts(page), { timeout: 10_000 }).toEqual(['Apples are very ripe', 'Pears too']);
    await row(page, 'Apples are very ripe').getByText('edited', { exact: true }).waitFor();

    // XEP-0424: a tombstone by her nickname; the fallback body never shows.
    await olive.send(toRoom(retraction(room, 'd-1', second), room));
    await page.getByRole('log').getByText('Olive deleted a message').waitFor({ timeout: 10_000 });
    expect(await messageTexts(page)).toEqual(['Apples are very ripe']);

    // XEP-0461: her reply to our message shows the quote with us as its author, without the fallback.
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Shall we pick them?');
    await composer.press('Enter');
    const ours = await waitForGroupchat(olive, room, 'Shall we pick them?');
    const quote = '> Shall we pick them?\n';
    await oliveSays(olive, room, `${quote}Tomorrow`, [
      xml('reply', { xmlns: NS_REPLY, to: `${room}/Gwen`, id: roomStanzaId(ours, room)! }),
      xml('fallback', { xmlns: NS_FALLBACK, for: NS_REPLY }, xml('body', { start: '0', end: String([...quote].length) })),
    ]);
    await expect.poll(() => messageTexts(page), { timeout: 10_000 }).toEqual(['Apples are very ripe', 'Shall we pick them?', 'Tomorrow']);
    await row(page, 'Tomorrow').getByRole('button', { name: 'Show the message from You: Shall we pick them?' }).waitFor({ timeout: 10_000 });

    // XEP-0085: "Olive is typing…" by her nickname, cleared by paused.
    const status = page.getByRole('status').filter({ hasText: 'is typing' });
    await olive.send(xml('message', { to: room, type: 'groupchat' }, xml('composing', { xmlns: NS_STATES }), xml('no-store', { xmlns: NS_HINTS })));
    await expect.poll(() => status.allInnerTexts(), { timeout: 10_000 }).toEqual(['Olive is typing…']);
    await olive.send(xml('message', { to: room, type: 'groupchat' }, xml('paused', { xmlns: NS_STATES }), xml('no-store', { xmlns: NS_HINTS })));
    await expect.poll(() => status.count(), { timeout: 10_000 }).toBe(0);
    expectNoProblems(problems);

    // A new profile rebuilds the room from its archive alone (actions before their targets included): the same rows.
    const freshProfile = await browser.newContext();
    const fresh = await openGlance(freshProfile, await startPreview());
    await signIn(fresh.page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });
    await fresh.page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: 'The Orchard', exact: true }).click({ timeout: 15_000 });
    await expect.poll(() => messageTexts(fresh.page), { timeout: 15_000 }).toEqual(['Apples are very ripe', 'Shall we pick them?', 'Tomorrow']);
    await row(fresh.page, 'Apples are very ripe').getByText('edited', { exact: true }).waitFor();
    await fresh.page.getByRole('log').getByText('Olive deleted a message').waitFor();
    expect(await row(fresh.page, 'Apples are very ripe').locator('.chip').allInnerTexts()).toEqual(['👍 1', '❤️ 1']);
    expect(await historyText(fresh.page, me)).not.toContain('Pears too');
    expectNoProblems(fresh.problems);
    await freshProfile.close();
  });

  it('our reaction, reply, edit (Up arrow) and deletion reach the room naming its stanza-ids; each reflection changes nothing twice; typing and a file reach it too', async ({
    server,
    registerPeer,
    context,
    preview,
  }) => {
    const { page, problems, olive, room } = await inRoom(server, registerPeer, context, preview);
    const theirs = await oliveSays(olive, room, 'Cider tonight?');
    await expect.poll(() => messageTexts(page), { timeout: 10_000 }).toEqual(['Cider tonight?']);
    const message = row(page, 'Cider tonight?');

    // Reaction: our whole set, as groupchat, naming her message's stanza-id; one chip after the reflection.
    let mark = olive.received.length;
    await message.hover();
    await message.getByRole('button', { name: 'React' }).click();
    await message.getByRole('group', { name: 'Choose a reaction' }).getByRole('button', { name: '👍' }).click();
    const reacted = await fromGwen(olive, room, ['reactions', NS_REACTIONS], mark);
    expect(reacted.getChild('reactions', NS_REACTIONS)!.attrs.id).toBe(theirs);
    expect(
      reacted
        .getChild('reactions', NS_REACTIONS)!
        .getChildren('reaction')
        .map((r) => r.getText()),
    ).toEqual(['👍']);
    expect(reacted.getChild('store', NS_HINTS)).toBeDefined();
    await expect.poll(() => message.locator('.chip').allInnerTexts(), { timeout: 10_000 }).toEqual(['👍 1']);

    // Reply: to her occupant JID and the stanza-id, with the fallback range.
    mark = olive.received.length;
    await page.mouse.move(0, 0);
    await message.hover();
    await message.getByRole('button', { name: 'Reply' }).click();
    await page.getByText('Replying to Olive: Cider tonight?').waitFor();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Gladly');
    await composer.press('Enter');
    const reply = await fromGwen(olive, room, ['reply', NS_REPLY], mark);
    expect(reply.getChild('reply', NS_REPLY)!.attrs).toMatchObject({ to: `${room}/Olive`, id: theirs });
    expect(reply.getChild('fallback', NS_FALLBACK)?.attrs.for).toBe(NS_REPLY);
    expect(reply.getChildText('body')).toBe('> Cider tonight?\nGladly');
    const replyId = roomStanzaId(reply, room)!;

    // Edit with the Up arrow once the room has reflected our reply: the correction names its stanza-id.
    await expect.poll(() => row(page, 'Gladly').locator('.status').getAttribute('aria-label'), { timeout: 10_000 }).toBe('Sent');
    mark = olive.received.length;
    await composer.press('ArrowUp');
    await expect.poll(() => composer.inputValue()).toBe('Gladly');
    await composer.fill('Gladly, at eight');
    await composer.press('Enter');
    const fixed = await fromGwen(olive, room, ['replace', NS_CORRECT], mark);
    expect(fixed.getChild('replace', NS_CORRECT)!.attrs.id).toBe(replyId);
    expect(fixed.getChildText('body')).toBe('Gladly, at eight');
    await row(page, 'Gladly, at eight').getByText('edited', { exact: true }).waitFor();

    // Delete, after the confirmation: the retraction names the stanza-id; our tombstone, once.
    mark = olive.received.length;
    const ownRow = row(page, 'Gladly, at eight');
    await ownRow.hover();
    await ownRow.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete this message for everyone?' }).getByRole('button', { name: 'Delete' }).click();
    const retracted = await fromGwen(olive, room, ['retract', NS_RETRACT], mark);
    expect(retracted.getChild('retract', NS_RETRACT)!.attrs.id).toBe(replyId);
    expect(retracted.getChild('fallback', NS_FALLBACK)?.attrs.for).toBe(NS_RETRACT);
    await page.getByRole('log').getByText('You deleted a message').waitFor();

    // Typing goes to the room (a small one), as a standalone groupchat state that is not archived.
    mark = olive.received.length;
    await composer.pressSequentially('On my way');
    const typing = await fromGwen(olive, room, ['composing', NS_STATES], mark);
    expect(typing.getChild('body')).toBeUndefined();
    await composer.fill('');

    // A file: body = the OOB URL, the same bytes at that URL, and *sent* once the room reflects it.
    mark = olive.received.length;
    const bytes = new Uint8Array(randomBytes(50_000));
    await page.getByLabel('Attach file').setInputFiles({ name: 'map.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
    const shared = await fromGwen(olive, room, ['x', OOB], mark);
    const url = shared.getChild('x', OOB)!.getChildText('url')!;
    expect(shared.getChildText('body')).toBe(url);
    expect(sha256(new Uint8Array(await (await fetch(url)).arrayBuffer()))).toBe(sha256(bytes));
    await expect.poll(() => page.getByRole('log').getByText('map.bin').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => row(page, 'map.bin').locator('.status').getAttribute('aria-label'), { timeout: 10_000 }).toBe('Sent');

    // Every reflection came back: still one row each, one chip, no row made of an action.
    await expect.poll(() => page.getByRole('log').locator('.message').count(), { timeout: 10_000 }).toBe(3);
    expect(await messageTexts(page)).toEqual(['Cider tonight?']);
    expect(await message.locator('.chip').allInnerTexts()).toEqual(['👍 1']);
    expectNoProblems(problems);
  });

  it('our reaction, edit and deletion made while offline are kept, also over closing the app, and reach the room in order once Glance is back in it', async ({
    server,
    registerPeer,
    context,
    startPreview,
    startFaultProxy,
  }) => {
    const proxy = await startFaultProxy(server.port);
    const port = await freePort();
    const preview = await startPreview({ port });
    const { page, problems, olive, room, me } = await inRoom(server, registerPeer, context, preview, proxy.port);
    const theirs = await oliveSays(olive, room, 'Picnic on Sunday');
    await expect.poll(() => messageTexts(page), { timeout: 10_000 }).toEqual(['Picnic on Sunday']);
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('I bring brad');
    await composer.press('Enter');
    const ours = await waitForGroupchat(olive, room, 'I bring brad');
    await expect.poll(() => row(page, 'I bring brad').locator('.status').getAttribute('aria-label'), { timeout: 10_000 }).toBe('Sent');

    // The connection goes; both actions show here at once and wait.
    const listenPort = proxy.port;
    await proxy.close();
    await expect.poll(() => preview.latest()?.connection.status, { timeout: 10_000 }).toBe('connecting');
    const mark = olive.received.length;
    const message = row(page, 'Picnic on Sunday');
    await message.hover();
    await message.getByRole('button', { name: 'React' }).click();
    await message.getByRole('group', { name: 'Choose a reaction' }).getByRole('button', { name: '🙏' }).click();
    await expect.poll(() => message.locator('.chip').allInnerTexts()).toEqual(['🙏 1']);
    await composer.click();
    await composer.press('ArrowUp');
    await expect.poll(() => composer.inputValue()).toBe('I bring brad');
    await composer.fill('I bring bread');
    await composer.press('Enter');
    await expect.poll(() => messageTexts(page)).toEqual(['Picnic on Sunday', 'I bring bread']);

    // Back: the reaction, then the correction, each once, naming the room's stanza-ids.
    const back = await startFaultProxy(server.port, '127.0.0.1', listenPort);
    const reacted = await fromGwen(olive, room, ['reactions', NS_REACTIONS], mark);
    const fixed = await fromGwen(olive, room, ['replace', NS_CORRECT], mark);
    expect(reacted.getChild('reactions', NS_REACTIONS)!.attrs.id).toBe(theirs);
    expect(fixed.getChild('replace', NS_CORRECT)!.attrs.id).toBe(roomStanzaId(ours, room));
    expect(fixed.getChildText('body')).toBe('I bring bread');
    const actions = olive.received
      .slice(mark)
      .filter((s) => s.attrs.from === `${room}/Gwen` && (s.getChild('reactions', NS_REACTIONS) || s.getChild('replace', NS_CORRECT)));
    expect(actions.map((s) => (s.getChild('reactions', NS_REACTIONS) ? 'reaction' : 'correction'))).toEqual(['reaction', 'correction']);
    expect(await page.getByRole('alert').filter({ hasText: 'did not reach' }).count()).toBe(0);
    expectNoProblems(problems);

    // Offline again, a deletion; then the app closes (page and core) before the connection returns.
    await back.close();
    await expect.poll(() => preview.latest()?.connection.status, { timeout: 10_000 }).toBe('connecting');
    const before = olive.received.length;
    const ownRow = row(page, 'I bring bread');
    await ownRow.hover();
    await ownRow.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete this message for everyone?' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('log').getByText('You deleted a message').waitFor();
    await page.close();
    await preview.stop();

    // Opened again (same origin, same IndexedDB), signed in straight to the server: the room is
    // rejoined from the bookmark and the deletion goes out, once; nothing earlier goes again.
    const reopened = await openGlance(context, await startPreview({ port }));
    await signIn(reopened.page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });
    const retracted = await fromGwen(olive, room, ['retract', NS_RETRACT], before);
    expect(retracted.getChild('retract', NS_RETRACT)!.attrs.id).toBe(roomStanzaId(ours, room));
    const fromUs = (s: Element) => s.attrs.from === `${room}/Gwen`;
    expect(olive.received.filter((s) => fromUs(s) && (s.getChild('reactions', NS_REACTIONS) || s.getChild('replace', NS_CORRECT)))).toHaveLength(2);
    expect(olive.received.filter((s) => fromUs(s) && s.getChild('retract', NS_RETRACT))).toHaveLength(1);
    expectNoProblems(reopened.problems);
  });
});
