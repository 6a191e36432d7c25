import type { BrowserContext, Page } from 'playwright-core';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { openGlance, signIn } from './glance-page';
import type { RunningPreview } from './preview';
import type { TestServer } from './prosody';

/** The namespaces of the message actions, as a peer writes them. */
export const NS_CORRECT = 'urn:xmpp:message-correct:0';
export const NS_RETRACT = 'urn:xmpp:message-retract:1';
export const NS_REACTIONS = 'urn:xmpp:reactions:0';
export const NS_FALLBACK = 'urn:xmpp:fallback:0';
export const NS_HINTS = 'urn:xmpp:hints';

/** XEP-0308 §4 Example 2: the whole new text and the original's id. */
export function correction(to: string, id: string, original: string, body: string): Element {
  return xml('message', { to, id, type: 'chat' }, xml('body', {}, body), xml('replace', { id: original, xmlns: NS_CORRECT }));
}

/** XEP-0424 §4 Example 2 (version 0.4): the retraction, its fallback and a store hint. */
export function retraction(to: string, id: string, original: string): Element {
  return xml(
    'message',
    { type: 'chat', to, id },
    xml('retract', { id: original, xmlns: NS_RETRACT }),
    xml('fallback', { xmlns: NS_FALLBACK, for: NS_RETRACT }),
    xml('body', {}, "/me retracted a previous message, but it's unsupported by your client."),
    xml('store', { xmlns: NS_HINTS }),
  );
}

/** XEP-0424 before 0.4: the retraction in a XEP-0422 fastening. */
export function legacyRetraction(to: string, id: string, original: string): Element {
  return xml(
    'message',
    { type: 'chat', to, id },
    xml('apply-to', { id: original, xmlns: 'urn:xmpp:fasten:0' }, xml('retract', { xmlns: 'urn:xmpp:message-retract:0' })),
    xml('fallback', { xmlns: NS_FALLBACK }),
    xml('body', {}, "This person attempted to retract a previous message, but it's unsupported by your client."),
  );
}

/** XEP-0444 §3 Example 3: the sender's whole set (empty removes all). */
export function reactions(to: string, id: string, target: string, emojis: string[]): Element {
  return xml(
    'message',
    { to, id, type: 'chat' },
    xml('reactions', { id: target, xmlns: NS_REACTIONS }, ...emojis.map((emoji) => xml('reaction', {}, emoji))),
    xml('store', { xmlns: NS_HINTS }),
  );
}

/** Every value in the page's history database, as text. */
export function historyText(page: Page, account: string): Promise<string> {
  return page.evaluate(async (name) => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const texts: string[] = [];
    for (const store of Array.from(db.objectStoreNames)) {
      const values = await new Promise<unknown[]>((resolve) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as unknown[]);
      });
      texts.push(JSON.stringify(values));
    }
    db.close();
    return texts.join('\n');
  }, `glance-${account}`);
}

/** A row of the open conversation by its text (or its tombstone's). */
export const row = (page: Page, text: string) => page.getByRole('log').locator('.message', { hasText: text });

/** Glance signed in as `me` in a new profile on a new preview: history rebuilt from the archive alone. */
export async function freshSignIn(
  server: TestServer,
  me: string,
  context: BrowserContext,
  preview: RunningPreview,
): Promise<{ page: Page; problems: string[] }> {
  const opened = await openGlance(context, preview);
  await signIn(opened.page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });
  return opened;
}

/** A web notification the preview page showed or closed (its test hook). */
export interface Recorded {
  kind: 'show' | 'close';
  conversation: string;
  body?: string;
  count?: number;
}
export const recorded = (page: Page) => page.evaluate(() => [...((window as unknown as { __glanceNotifications?: Recorded[] }).__glanceNotifications ?? [])]);
export const nameOf = (jid: string) => jid.split('@')[0]!;
export const listItem = (page: Page, jid: string) => page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: nameOf(jid), exact: true });

export async function openChat(page: Page, jid: string): Promise<void> {
  await listItem(page, jid).click();
  await page.getByRole('log', { name: nameOf(jid) }).waitFor();
}
