import type { BrowserContext, Page } from 'playwright-core';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { openGlance, signIn } from './glance-page';
import { accountWithFriend, connectPeer, type Peer } from './peer';
import type { RunningPreview } from './preview';
import type { TestServer } from './prosody';

export const MARKERS = 'urn:xmpp:chat-markers:0';
export const RECEIPTS = 'urn:xmpp:receipts';
export const MDS = 'urn:xmpp:mds:displayed:0';
export const PUBSUB = 'http://jabber.org/protocol/pubsub';

/** Short dwell and activity windows so tests need not wait for the real ones. */
export const FAST_READING = { dwellMs: 150, focusDwellMs: 250, activityMs: 2000 };

export interface ReadingSession {
  me: string;
  page: Page;
  context: BrowserContext;
  preview: RunningPreview;
  friend: Peer;
}

let n = 0;

/**
 * Glance, in `context` on `preview`, signed in as a fresh account whose contact `friend` (a plain
 * client, pushed to `peers` to be stopped with them) is subscribed both ways, set up before Glance
 * connects (so markers and receipts are allowed).
 */
export async function startReadingSession(
  server: TestServer,
  { context, preview, peers }: { context: BrowserContext; preview: RunningPreview; peers: Peer[] },
  reading = FAST_READING,
): Promise<ReadingSession> {
  n += 1;
  const { me, friend } = await accountWithFriend(server, { me: `reader${n}`, friend: `friend${n}` });
  peers.push(friend);
  await context.addInitScript((settings) => localStorage.setItem('glance.reading', JSON.stringify(settings)), reading);
  const { page } = await openGlance(context, preview);
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });
  return { me, page, context, preview, friend };
}

/**
 * Another device of the same account. Chats to the bare JID reach it only once the server has its
 * presence, which the server reflects back to it: wait for that.
 */
export async function connectOwnDevice(server: TestServer, me: string, resource = 'phone'): Promise<Peer> {
  const device = await connectPeer(server, me, 'pw', { resource });
  await device.waitForStanza((st) => st.is('presence') && st.attrs.from === device.jid && !st.attrs.type);
  return device;
}

export function markable(): Element[] {
  return [xml('markable', { xmlns: MARKERS }), xml('request', { xmlns: RECEIPTS })];
}

export const displayedMarkers = (peer: Peer) => peer.received.filter((s) => s.is('message') && s.getChild('displayed', MARKERS));
export const markerIds = (peer: Peer) => displayedMarkers(peer).map((s) => s.getChild('displayed', MARKERS)!.attrs.id);

/** The page loses (or gains) window focus as the preview sees it: the page's own blur/focus. */
export async function setWindowFocus(page: Page, focused: boolean): Promise<void> {
  await page.evaluate((f) => window.dispatchEvent(new Event(f ? 'focus' : 'blur')), focused);
}

/** A person touching the mouse: activity for the read rule. */
export async function wiggle(page: Page): Promise<void> {
  const x = 500 + Math.floor(Math.random() * 100);
  await page.mouse.move(x, 300);
  await page.mouse.move(x + 5, 305);
}

export async function fetchMds(peer: Peer): Promise<Element[]> {
  const result = await peer.iq(xml('iq', { type: 'get' }, xml('pubsub', { xmlns: PUBSUB }, xml('items', { node: MDS }))));
  return result.getChild('pubsub', PUBSUB)?.getChild('items')?.getChildren('item') ?? [];
}

export function buildMdsPublish(conversationJid: string, by: string, stanzaId: string): Element {
  const field = (name: string, value: string, type?: string) => xml('field', { var: name, type }, xml('value', {}, value));
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'pubsub',
      { xmlns: PUBSUB },
      xml(
        'publish',
        { node: MDS },
        xml('item', { id: conversationJid }, xml('displayed', { xmlns: MDS }, xml('stanza-id', { xmlns: 'urn:xmpp:sid:0', by, id: stanzaId }))),
      ),
      xml(
        'publish-options',
        {},
        xml(
          'x',
          { xmlns: 'jabber:x:data', type: 'submit' },
          field('FORM_TYPE', 'http://jabber.org/protocol/pubsub#publish-options', 'hidden'),
          field('pubsub#access_model', 'whitelist'),
          field('pubsub#max_items', 'max'),
          field('pubsub#persist_items', 'true'),
          field('pubsub#send_last_published_item', 'never'),
        ),
      ),
    ),
  );
}
