import { xml } from '@xmpp/client';
import { expect } from 'vitest';
import type { Snapshot } from '../../src-shared/contract';
import { memoryRosterCache, type RosterCache } from '../../src-main/core/roster-cache';
import { createCore } from '../support/core';
import { integrationTest as it } from '../support/fixtures/integration';
import { connectPeer } from '../support/peer';
import { waitFor } from '../support/wait';

// RFC 6121 §2.6 roster versioning against Prosody (mod_roster offers it): the core keeps each
// account's roster with its version, and a sign-in whose roster did not change gets an empty
// answer; whatever changed meanwhile (another device, while we were away) still arrives.

const ROSTER = 'jabber:iq:roster';
const namesOf = (s: Snapshot) => Object.fromEntries(s.contacts.map((c) => [c.jid, c.name]));

it('a second sign-in uses the cached roster; changes made while away and pushes while online are picked up', async ({ server, cores }) => {
  await server.register('keeper', 'pw');
  const me = 'keeper@localhost';
  const phone = await connectPeer(server, me, 'pw', { resource: 'phone' });
  const setItem = (jid: string, attrs: Record<string, string>) =>
    phone.iq(xml('iq', { type: 'set' }, xml('query', { xmlns: ROSTER }, xml('item', { jid, ...attrs }))));
  try {
    await setItem('ann@localhost', { name: 'Ann' });
    await setItem('bob@localhost', { name: 'Bob' });
    await setItem('cy@localhost', { name: 'Cy' });

    const cache = memoryRosterCache();
    const c = createCore({ rosterCache: cache });
    cores.push(c);
    const signIn = async () => {
      const before = c.snapshots.length;
      expect(await c.core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${server.port}`, remember: false })).toMatchObject({ ok: true });
      // The snapshot that has the roster after this sign-in (the session starts with none).
      return c.waitForSnapshot((s) => c.snapshots.indexOf(s) >= before && s.connection.status === 'online' && s.contacts.length > 0);
    };

    const first = await signIn();
    expect(namesOf(first)).toEqual({ 'ann@localhost': 'Ann', 'bob@localhost': 'Bob', 'cy@localhost': 'Cy' });
    const cached = await waitForCache(cache, me, 3);
    expect(cached.ver).toBeTruthy();
    await c.core.signOut({ forget: false });

    // Only a roster taken from the cache can show this name: the server never had it.
    await cache.save(me, { ver: cached.ver, items: cached.items.map((item) => (item.jid === 'ann@localhost' ? { ...item, name: 'Ann (cached)' } : item)) });
    const second = await signIn();
    expect(namesOf(second)).toEqual({ 'ann@localhost': 'Ann (cached)', 'bob@localhost': 'Bob', 'cy@localhost': 'Cy' });
    await c.core.signOut({ forget: false });

    // While we are away, the phone adds, renames and removes contacts: the version moves on, so
    // the next sign-in gets the server's roster, not the cached one.
    await setItem('dee@localhost', { name: 'Dee' });
    await setItem('bob@localhost', { name: 'Robert' });
    await setItem('cy@localhost', { subscription: 'remove' });
    const third = await signIn();
    expect(namesOf(third)).toEqual({ 'ann@localhost': 'Ann', 'bob@localhost': 'Robert', 'dee@localhost': 'Dee' });

    // A push while online updates the contacts and the cache: the next sign-in, answered from the
    // cache, still has the contact gone.
    await setItem('dee@localhost', { subscription: 'remove' });
    await c.waitForSnapshot((s) => s.contacts.length === 2);
    await waitForCache(cache, me, 2);
    await c.core.signOut({ forget: false });
    const fourth = await signIn();
    expect(namesOf(fourth)).toEqual({ 'ann@localhost': 'Ann', 'bob@localhost': 'Robert' });

    // Forgetting the account forgets its contacts too.
    await c.core.signOut({ forget: true });
    expect(await cache.load(me)).toBeUndefined();
  } finally {
    await phone.stop();
  }
});

it('an emptied roster stays empty on the next sign-in', async ({ server, cores }) => {
  await server.register('emptier', 'pw');
  const me = 'emptier@localhost';
  const phone = await connectPeer(server, me, 'pw', { resource: 'phone' });
  try {
    await phone.iq(xml('iq', { type: 'set' }, xml('query', { xmlns: ROSTER }, xml('item', { jid: 'only@localhost', name: 'Only' }))));
    const cache = memoryRosterCache();
    const c = createCore({ rosterCache: cache });
    cores.push(c);
    await c.core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${server.port}`, remember: false });
    await c.waitForSnapshot((s) => s.contacts.length === 1);
    const { ver } = await waitForCache(cache, me, 1);
    await c.core.signOut({ forget: false });
    await phone.iq(xml('iq', { type: 'set' }, xml('query', { xmlns: ROSTER }, xml('item', { jid: 'only@localhost', subscription: 'remove' }))));

    await c.core.signIn({ jid: me, password: 'pw', server: `127.0.0.1:${server.port}`, remember: false });
    // An answer with no items is an empty roster, not "keep the cached one".
    const emptied = await waitFor(async () => {
      const roster = await cache.load(me);
      return roster?.ver !== ver && roster;
    });
    expect(emptied.items).toEqual([]);
    await c.waitForSnapshot((s) => s.connection.status === 'online');
    expect(c.latest().contacts).toEqual([]);
  } finally {
    await phone.stop();
  }
});

function waitForCache(cache: RosterCache, account: string, count: number) {
  return waitFor(
    async () => {
      const roster = await cache.load(account);
      return roster?.items.length === count && roster;
    },
    { message: `the cache holding ${count} contacts` },
  );
}
