import { xml } from '@xmpp/client';
import type { Page } from 'playwright-core';
import { connectPeer, type Peer } from '../../test/support/peer';
import { MUC_DOMAIN } from '../../test/support/prosody';
import { createRoom, joinRoom, roomStanzaId, sendGroupchat, setAffiliation } from '../../test/support/room-peer';
import { waitFor } from '../../test/support/wait';
import { PASSWORD, type BenchContext } from '../lib/context';
import { epochNow, NO_DWELL, probe, startGlance, type Painted } from '../lib/glance';
import { measured, type MetricResult } from '../lib/report';

const MARKERS = 'urn:xmpp:chat-markers:0';
const WHAT = 'read-by in a 50-member room after a 1,000-message archive sync: sync end → ready';

/**
 * #12: read-by after a room's archive sync. A private group of 50 members (Glance and 49 plain
 * clients). Glance joins, reads one message (its cursor), leaves; meanwhile 1,000 messages are
 * said, one in ten by Glance's account from another device, and after every 50 the members but
 * one mark the newest (XEP-0333, archived); at the end all 49 mark the last message, ours. Then
 * "Join again": the catch-up walks the room's archive (1,000 messages and about 1,000 markers).
 * Measured: from the core handing the page the walk's last history batch (Node clock; the sync
 * has ended at the core; the final markers, in the newest of the walk's slices, may have left
 * earlier and waited behind older slices' pages, which the page writes in order) to the frame
 * whose newest message of ours says "Read by 49 · everyone" (page clock, offset measured by round
 * trips; no message can say so before the last member's marker is stored): transport, storing,
 * read-by and paint.
 */
export async function roomReadBy(ctx: BenchContext): Promise<MetricResult[]> {
  const others = ctx.quick ? 5 : 49;
  const total = ctx.quick ? 100 : 1000;
  const server = await ctx.server();
  const peers: Peer[] = [];
  const connect = async (prefix: string) => {
    const peer = await connectPeer(server, await ctx.account(prefix), PASSWORD);
    peers.push(peer);
    return peer;
  };
  ctx.log(`#12 read-by: ${others} members besides Glance, ${total} messages`);
  const me = await ctx.account('readby-me');
  const owner = await connect('readby-owner');
  const room = `readby${Date.now()}@${MUC_DOMAIN}`;
  await createRoom(owner, room, 'Owner', {
    'muc#roomconfig_roomname': 'Read-by bench',
    'muc#roomconfig_membersonly': '1',
    'muc#roomconfig_whois': 'anyone',
    'muc#roomconfig_enablearchiving': '1',
  });
  // The members' set-up is independent of one another: all at once.
  const members = [owner, ...(await Promise.all(Array.from({ length: others - 1 }, (_, i) => connect(`readby-m${i + 1}-`))))];
  // Prosody 0.12 applies only the first item of a muc#admin set: one IQ each.
  await Promise.all([me, ...members.slice(1).map((m) => m.bare)].map((jid) => setAffiliation(owner, room, jid, 'member')));
  await Promise.all(members.slice(1).map((member, i) => joinRoom(member, room, `M${i + 1}`, { maxstanzas: 0 })));

  const glance = await startGlance(ctx, { me, reading: NO_DWELL });
  const { page } = glance;
  try {
    await joinAndRead(page, owner, room);
    await page.getByRole('button', { name: 'Leave group chat' }).click();
    await page.getByRole('button', { name: 'Join again' }).waitFor();

    const phone = await connectPeer(server, me, PASSWORD, { resource: 'phone' });
    peers.push(phone);
    await joinRoom(phone, room, 'Me-phone', { maxstanzas: 0 });
    const late = members.at(-1)!;
    let last = '';
    for (let i = 0; i < total; i++) {
      const body = `message ${i}`;
      await sendGroupchat(i % 10 === 9 ? phone : members[i % members.length]!, room, body);
      if ((i + 1) % 50 !== 0) continue;
      const stanzaId = await stanzaIdOf(owner, room, body);
      if (i === total - 1) last = stanzaId;
      else for (const member of members) if (member !== late) await mark(member, room, stanzaId);
    }
    for (const member of members) await mark(member, room, last);
    await waitFor(() => owner.received.filter((s) => s.getChild('displayed', MARKERS)?.attrs.id === last).length >= members.length, {
      timeout: 30_000,
      message: 'the final markers reflected',
    });

    const batches: number[] = [];
    glance.preview.core.on('history', () => batches.push(epochNow()));
    const offset = await glance.clockOffset();
    const lastPainted = await probe<number>(page, 'watch', { kind: 'text', selector: '[role="log"] .message .text', text: `message ${total - 1}` });
    const ready = await probe<number>(page, 'watch', {
      kind: 'text',
      selector: '[role="log"] .message.out .read-by .control',
      text: `Read by ${others} · everyone`,
    });
    const started = epochNow();
    await page.getByRole('button', { name: 'Join again' }).click();
    const [walked, readBy] = await Promise.all([result(page, lastPainted), result(page, ready)]);
    ctx.log(`#12 catch-up and read-by in ${Math.round(epochNow() - started)} ms`);
    const readyAt = readBy.paint - offset;
    const syncEnd = batches.filter((t) => t <= readyAt).at(-1) ?? Number.NaN;
    return [
      measured({
        id: '12',
        what: WHAT,
        target: '≤ 100 ms',
        unit: 'ms',
        samples: [readyAt - syncEnd],
        rule: { on: 'p95', op: '<=', value: 100 },
        notes: [
          `One run: ${total} messages and ${others} readers per marked message. From "Join again": the walk's last message painted after ${Math.round(walked.paint - offset - started)} ms, its last batch left the core after ${Math.round(syncEnd - started)} ms.`,
        ],
      }),
    ];
  } finally {
    await glance.stop();
    await Promise.all(peers.map((peer) => peer.stop().catch(() => undefined)));
  }
}

/** Glance joins through the dialog and reads the owner's first message: history then has the room's cursor. */
async function joinAndRead(page: Page, owner: Peer, room: string): Promise<void> {
  await page.getByRole('button', { name: 'Join group chat' }).click();
  const dialog = page.getByRole('dialog', { name: 'Join group chat' });
  await dialog.getByLabel('Room address').fill(room);
  await dialog.getByRole('button', { name: 'Join', exact: true }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: 'Read-by bench', exact: true }).click();
  await sendGroupchat(owner, room, 'before');
  await page.getByRole('log').getByText('before').waitFor();
}

async function stanzaIdOf(peer: Peer, room: string, body: string): Promise<string> {
  const copy = await peer.waitForMessage((m) => m.attrs.type === 'groupchat' && m.getChildText('body') === body, 30_000);
  const id = roomStanzaId(copy, room);
  if (!id) throw new Error(`no stanza-id on ${body}`);
  return id;
}

function mark(peer: Peer, room: string, stanzaId: string): Promise<void> {
  return peer.send(
    xml('message', { to: room, type: 'groupchat' }, xml('displayed', { xmlns: MARKERS, id: stanzaId }), xml('store', { xmlns: 'urn:xmpp:hints' })),
  );
}

function result(page: Page, watch: number): Promise<Painted> {
  return page.evaluate(
    ([id]) => (globalThis as unknown as { __glanceBench: { result(id: number, timeout: number): Promise<Painted> } }).__glanceBench.result(id!, 180_000),
    [watch],
  );
}
