import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { client as xmppClient, xml, type XmppClient } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { TestServer } from './prosody';
import { decodeUtf8AcrossReads } from './utf8-peers';

/** A plain XMPP client standing in for another person's device; not Glance's core. */
export interface Peer {
  /** Full JID once bound. */
  readonly jid: string;
  readonly bare: string;
  readonly client: XmppClient;
  /** Every stanza received, in order. */
  readonly received: Element[];
  /** Errors the client emitted (they would otherwise kill the process). */
  readonly errors: Error[];
  send(element: Element): Promise<void>;
  /** Sends a chat message and resolves with its id. */
  sendChat(to: string, body: string, extra?: { id?: string; children?: Element[] }): Promise<string>;
  /** An IQ request; resolves with the whole result stanza, rejects on an error reply. */
  iq(element: Element): Promise<Element>;
  /** Resolves with the first received stanza at index `fromIndex` or later that matches. */
  waitForStanza(predicate: (stanza: Element) => boolean, timeout?: number, fromIndex?: number): Promise<Element>;
  waitForMessage(predicate?: (message: Element) => boolean, timeout?: number, fromIndex?: number): Promise<Element>;
  presence(attrs?: PresenceAttrs, ...children: Element[]): Promise<void>;
  sendInitialPresence(): Promise<void>;
  subscribeTo(jid: string): Promise<void>;
  /** Sends `subscribed`: approves a pending request from `jid`, or pre-approves one (RFC 6121 3.4). */
  acceptSubscriptionsFrom(jid: string): Promise<void>;
  rosterSet(jid: string, item?: { name?: string; groups?: string[] }): Promise<void>;
  roster(): Promise<RosterItem[]>;
  stop(): Promise<void>;
}

export interface PeerOptions {
  resource?: string;
  /** Answer every incoming subscription request with `subscribed`. */
  autoApprove?: boolean;
  /**
   * Send initial presence after connecting (default true). Without it the server treats the
   * session as unavailable: chat messages to the bare JID go to offline storage instead.
   */
  initialPresence?: boolean;
}

export interface PresenceAttrs {
  to?: string;
  type?: 'subscribe' | 'subscribed' | 'unsubscribe' | 'unsubscribed' | 'unavailable' | 'probe';
  show?: 'away' | 'chat' | 'dnd' | 'xa';
  status?: string;
}

export interface RosterItem {
  jid: string;
  subscription: string;
  ask?: string;
  name?: string;
}

const NS_ROSTER = 'jabber:iq:roster';
const NS_SM = 'urn:xmpp:sm:3';
const NS_STREAMS = 'http://etherx.jabber.org/streams';

interface Waiter {
  predicate: (stanza: Element) => boolean;
  resolve: (stanza: Element) => void;
  reject: (error: Error) => void;
}

export async function connectPeer(server: TestServer, jid: string, password: string, options: PeerOptions = {}): Promise<Peer> {
  const bare = jid.split('/')[0]!;
  const client = xmppClient({
    service: `xmpp://${server.host}:${server.port}`,
    domain: server.domain,
    username: bare.split('@')[0]!,
    password,
    resource: options.resource ?? `peer-${randomUUID().slice(0, 8)}`,
  });
  client.reconnect.stop();
  decodeUtf8AcrossReads(client);

  const received: Element[] = [];
  const errors: Error[] = [];
  const waiters = new Set<Waiter>();
  const emitter = client as unknown as EventEmitter;

  // No stream management for peers: @xmpp/client 0.14 miscounts inbound stanzas right after
  // <enabled/> (see docs/protocol.md), which makes Prosody close the stream; a peer needs no resumption.
  emitter.prependListener('element', (element: Element) => {
    if (element.is('features', NS_STREAMS)) {
      element.children = element.children.filter((child) => typeof child === 'string' || !child.is('sm', NS_SM));
    }
  });
  client.on('connect', () => (client.socket as unknown as Socket | null)?.setNoDelay(true));
  client.on('error', (error) => errors.push(error));
  client.on('stanza', (stanza) => {
    received.push(stanza);
    for (const waiter of waiters) {
      try {
        if (waiter.predicate(stanza)) waiter.resolve(stanza);
      } catch (error) {
        waiter.reject(error as Error);
      }
    }
    try {
      if (options.autoApprove && stanza.is('presence') && stanza.attrs.type === 'subscribe' && stanza.attrs.from) {
        client.send(xml('presence', { to: stanza.attrs.from, type: 'subscribed' })).catch((e: Error) => errors.push(e));
      }
    } catch (error) {
      errors.push(error as Error);
    }
  });
  client.on('disconnect', () => {
    for (const waiter of waiters) waiter.reject(new Error(`peer ${bare} was disconnected`));
  });
  // Roster pushes need an empty result (RFC 6121 2.1.6).
  client.iqCallee.set(NS_ROSTER, 'query', () => true);

  const send = (element: Element) => client.send(element);
  const iq = (element: Element): Promise<Element> => client.iqCaller.request(element);

  const waitForStanza = (predicate: (stanza: Element) => boolean, timeout = 10_000, fromIndex = 0): Promise<Element> => {
    const seen = received.slice(fromIndex).find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const recent = received.slice(-5).map(String).join('\n  ');
        finish(() => reject(new Error(`${bare}: no matching stanza within ${timeout} ms; last received:\n  ${recent || '(none)'}`)));
      }, timeout);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(waiter);
        settle();
      };
      const waiter: Waiter = {
        predicate,
        resolve: (stanza) => finish(() => resolve(stanza)),
        reject: (error) => finish(() => reject(error)),
      };
      waiters.add(waiter);
    });
  };

  const presence = (attrs: PresenceAttrs = {}, ...children: Element[]) => {
    const { to, type, show, status } = attrs;
    return send(xml('presence', { to, type }, show ? xml('show', {}, show) : null, status ? xml('status', {}, status) : null, ...children));
  };

  const peer: Peer = {
    get jid() {
      return client.jid?.toString() ?? '';
    },
    bare,
    client,
    received,
    errors,
    send,
    async sendChat(to, body, extra = {}) {
      const id = extra.id ?? randomUUID();
      await send(xml('message', { to, type: 'chat', id }, xml('body', {}, body), ...(extra.children ?? [])));
      return id;
    },
    iq,
    waitForStanza,
    waitForMessage: (predicate = () => true, timeout, fromIndex) => waitForStanza((stanza) => stanza.is('message') && predicate(stanza), timeout, fromIndex),
    presence,
    sendInitialPresence: () => presence(),
    subscribeTo: (to) => presence({ to, type: 'subscribe' }),
    acceptSubscriptionsFrom: (from) => presence({ to: from, type: 'subscribed' }),
    async rosterSet(itemJid, { name, groups = [] } = {}) {
      await iq(xml('iq', { type: 'set' }, xml('query', { xmlns: NS_ROSTER }, xml('item', { jid: itemJid, name }, ...groups.map((g) => xml('group', {}, g))))));
    },
    async roster() {
      const reply = await iq(xml('iq', { type: 'get' }, xml('query', { xmlns: NS_ROSTER })));
      return (reply.getChild('query', NS_ROSTER)?.getChildren('item') ?? []).map((item) => ({
        jid: item.attrs.jid!,
        subscription: item.attrs.subscription ?? 'none',
        ask: item.attrs.ask,
        name: item.attrs.name,
      }));
    },
    async stop() {
      if (client.status === 'offline') return;
      await client.stop();
    },
  };

  try {
    await client.start();
    // Only sessions that fetched the roster receive roster pushes (RFC 6121 2.1.6).
    await peer.roster();
    if (options.initialPresence !== false) await peer.sendInitialPresence();
  } catch (error) {
    await client.stop().catch(() => undefined);
    throw error;
  }
  return peer;
}

/** Makes `a` and `b` subscribed to each other's presence (subscription "both" on both rosters). */
export async function makeContacts(a: Peer, b: Peer, timeout = 10_000): Promise<void> {
  const rosterPushOfBoth = (other: string) => (stanza: Element) => {
    const item = stanza.attrs.type === 'set' ? stanza.getChild('query', NS_ROSTER)?.getChild('item') : undefined;
    return item?.attrs.jid === other && item.attrs.subscription === 'both';
  };
  const aDone = a.waitForStanza(rosterPushOfBoth(b.bare), timeout, a.received.length);
  const bDone = b.waitForStanza(rosterPushOfBoth(a.bare), timeout, b.received.length);
  // Pre-approvals first, so neither side has to be online with presence to answer a request.
  await a.acceptSubscriptionsFrom(b.bare);
  await b.acceptSubscriptionsFrom(a.bare);
  await a.subscribeTo(b.bare);
  await b.subscribeTo(a.bare);
  await Promise.all([aDone, bDone]);
}

/**
 * Registers an account for Glance (`me`, password "pw") and a friend, connected, who are each
 * other's contacts (made through a short-lived device of `me`, so Glance's own sign-in comes later).
 */
export async function accountWithFriend(server: TestServer, names: { me: string; friend: string }): Promise<{ me: string; friend: Peer }> {
  const me = await server.register(names.me, 'pw');
  const friend = await connectPeer(server, await server.register(names.friend, 'pw'), 'pw');
  const setup = await connectPeer(server, me, 'pw', { resource: 'setup' });
  try {
    await makeContacts(setup, friend);
  } catch (error) {
    await friend.stop().catch(() => undefined);
    throw error;
  } finally {
    await setup.stop();
  }
  return { me, friend };
}
