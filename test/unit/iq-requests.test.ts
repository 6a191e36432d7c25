import { describe, expect, it } from 'vitest';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { IqError, IqRequests, IqTimeoutError } from '../../src-main/core/session/iq-requests';
import { fetchPepItems } from '../../src-main/core/pep-items';
import { keepRunningOnUnhandledRejection } from '../../src-main/core/last-resort';

type Middleware = (ctx: { stanza: Element }, next: () => unknown) => unknown;

/** An entity whose writes complete when the test says so, and whose incoming stanzas go through the middleware. */
function fakeEntity() {
  const middleware: Middleware[] = [];
  const writes: { stanza: Element; done(error?: Error): void }[] = [];
  const passedOn: Element[] = [];
  return {
    entity: {
      middleware: { use: (fn: Middleware) => middleware.push(fn) },
      send: (stanza: Element) => new Promise<void>((resolve, reject) => writes.push({ stanza, done: (error) => (error ? reject(error) : resolve()) })),
    },
    writes,
    passedOn,
    receive(stanza: Element) {
      for (const fn of middleware) fn({ stanza }, () => passedOn.push(stanza));
    },
  };
}

const itemNotFound = (id: string) =>
  xml('iq', { type: 'error', id }, xml('error', { type: 'cancel' }, xml('item-not-found', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' })));

describe('IQ requests', () => {
  it('an error reply that arrives before the write completes reaches the caller (never an unhandled rejection)', async () => {
    const fake = fakeEntity();
    const requests = new IqRequests(fake.entity);
    // Awaited at once, as every caller does.
    const outcome = requests.request(xml('iq', { type: 'get' }, xml('query', { xmlns: 'x' })), 1000).catch((e: unknown) => e);
    const { stanza, done } = fake.writes[0]!;
    fake.receive(itemNotFound(stanza.attrs.id!));
    // A macrotask passes with the rejection settled and the write still open: Node would report it now.
    await new Promise((resolve) => setTimeout(resolve, 0));
    done();
    const error = await outcome;
    expect(error).toBeInstanceOf(IqError);
    expect(error).toMatchObject({ condition: 'item-not-found', type: 'cancel' });
  });

  it('resolves with the whole result stanza, and passes on stanzas that answer nothing of ours', async () => {
    const fake = fakeEntity();
    const requests = new IqRequests(fake.entity);
    const pending = requests.request(xml('iq', { type: 'get', id: 'q1' }), 1000);
    fake.writes[0]!.done();
    const stranger = xml('iq', { type: 'result', id: 'other' });
    fake.receive(stranger);
    const reply = xml('iq', { type: 'result', id: 'q1' }, xml('query', { xmlns: 'x' }));
    fake.receive(reply);
    expect(await pending).toBe(reply);
    expect(fake.passedOn).toEqual([stranger]);
    // A second reply with the same id is no longer ours.
    fake.receive(reply);
    expect(fake.passedOn).toEqual([stranger, reply]);
  });

  it('a failed write rejects with the write error; a missing reply times out', async () => {
    const fake = fakeEntity();
    const requests = new IqRequests(fake.entity);
    const failed = requests.request(xml('iq', { type: 'get' }), 1000);
    fake.writes[0]!.done(new Error('socket closed'));
    await expect(failed).rejects.toThrow('socket closed');

    const silent = requests.request(xml('iq', { type: 'get' }), 20);
    fake.writes[1]!.done();
    await expect(silent).rejects.toBeInstanceOf(IqTimeoutError);
  });

  it('a PEP node that does not exist yet is empty; other errors stay errors', async () => {
    const fetch = xml('iq', { type: 'get' }, xml('pubsub', { xmlns: 'http://jabber.org/protocol/pubsub' }, xml('items', { node: 'n' })));
    expect(await fetchPepItems({ request: () => Promise.reject(new IqError('item-not-found', 'cancel', undefined)) }, fetch)).toBeUndefined();
    await expect(fetchPepItems({ request: () => Promise.reject(new IqError('forbidden', 'auth', undefined)) }, fetch)).rejects.toMatchObject({
      condition: 'forbidden',
    });
    const items = xml('items', { node: 'n' }, xml('item', { id: 'a' }));
    const result = xml('iq', { type: 'result' }, xml('pubsub', { xmlns: 'http://jabber.org/protocol/pubsub' }, items));
    expect(await fetchPepItems({ request: async () => result }, fetch)).toBe(items);
  });
});

describe('last resort', () => {
  it('logs an unhandled rejection as an error instead of ending the process', () => {
    const listeners: ((reason: unknown) => void)[] = [];
    const logged: unknown[][] = [];
    const log = { debug() {}, info() {}, warn() {}, error: (...args: unknown[]) => void logged.push(args) };
    keepRunningOnUnhandledRejection({ on: (_event, listener) => listeners.push(listener) }, log);
    const reason = new IqError('item-not-found', 'cancel', undefined);
    for (const listener of listeners) listener(reason);
    expect(listeners).toHaveLength(1);
    expect(logged).toEqual([[expect.stringContaining('unhandled promise rejection'), reason]]);
  });
});
