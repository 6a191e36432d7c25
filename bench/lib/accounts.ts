import { connectPeer, makeContacts, type Peer } from '../../test/support/peer';
import { PASSWORD, type BenchContext } from './context';

/**
 * A fresh account for Glance and a friend (a plain client, online) subscribed to each other both
 * ways, set up before Glance signs in (so receipts and markers are allowed).
 */
export async function accountWithFriend(ctx: BenchContext, prefix: string): Promise<{ me: string; friend: Peer }> {
  const server = await ctx.server();
  const [me, friendJid] = await Promise.all([ctx.account(`${prefix}-me`), ctx.account(`${prefix}-friend`)]);
  const [friend, setup] = await Promise.all([
    connectPeer(server, friendJid, PASSWORD, { resource: 'phone' }),
    connectPeer(server, me, PASSWORD, { resource: 'setup' }),
  ]);
  try {
    await makeContacts(setup, friend);
  } finally {
    await setup.stop();
  }
  return { me, friend };
}

export const localPart = (jid: string) => jid.split('@')[0]!;
