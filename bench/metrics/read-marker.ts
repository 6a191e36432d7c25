import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { Peer } from '../../test/support/peer';
import { createCore } from '../../test/support/core';
import { chatWith } from '../../src-shared/conversation';
import { waitFor } from '../../test/support/wait';
import { accountWithFriend, localPart } from '../lib/accounts';
import { PASSWORD, type BenchContext } from '../lib/context';
import { epochNow, NO_DWELL, probe, startGlance, type Painted } from '../lib/glance';
import { measured, unmeasured, type MetricResult } from '../lib/report';
import { sleep } from '../lib/stats';

const MARKERS = 'urn:xmpp:chat-markers:0';
const RECEIPTS = 'urn:xmpp:receipts';

const markable = () => [xml('markable', { xmlns: MARKERS }), xml('request', { xmlns: RECEIPTS })];

/** When (Node clock, epoch ms) the peer's client handed each `<displayed id=…/>` it received. */
function markerTimes(peer: Peer): Map<string, number> {
  const times = new Map<string, number>();
  peer.client.on('stanza', (stanza: Element) => {
    const id = stanza.is('message') ? stanza.getChild('displayed', MARKERS)?.attrs.id : undefined;
    if (id && !times.has(id)) times.set(id, epochNow());
  });
  return times;
}

/**
 * #5: read marker latency.
 * 5a, the core: from `core.markDisplayed(…)` (what the renderer invokes once its read rule fires)
 *     to the peer's client receiving the `<displayed/>`.
 * 5b, end to end through the renderer, dwell excluded (dwellMs 0): the message painted in view
 *     in the open conversation of a focused, active page → the peer receives the marker.
 */
export async function readMarker(ctx: BenchContext): Promise<MetricResult[]> {
  const samples = ctx.quick ? 6 : 25;
  return [await throughCore(ctx, samples), await throughRenderer(ctx, samples)];
}

async function throughCore(ctx: BenchContext, samples: number): Promise<MetricResult> {
  const server = await ctx.server();
  const { me, friend } = await accountWithFriend(ctx, 'marker-core');
  const times = markerTimes(friend);
  const harness = createCore();
  ctx.log(`#5a read marker via core.markDisplayed: ${samples} samples`);
  try {
    const signIn = await harness.core.signIn({ jid: me, password: PASSWORD, server: `127.0.0.1:${server.port}`, remember: false });
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.error}`);
    await harness.waitForSnapshot((s) => s.contacts.some((c) => c.jid === friend.bare && c.subscription === 'both'));
    const latencies: number[] = [];
    for (let i = 0; i <= samples; i++) {
      const id = await friend.sendChat(me, `marker ${i}`, { children: markable() });
      const message = await harness.waitForMessage((m) => m.id === id);
      await sleep(30);
      const started = epochNow();
      await harness.core.markDisplayed({ conversation: chatWith(friend.bare), markerFor: id, stanzaId: message.stanzaId });
      await waitFor(() => times.has(id), { interval: 1, timeout: 5000, message: `marker ${id} at the peer` });
      // The first is a warm-up (first MDS publish creates the node).
      if (i > 0) latencies.push(times.get(id)! - started);
    }
    return measured({
      id: '5a',
      what: 'read marker: core.markDisplayed → peer gets the marker',
      target: 'p95 ≤ 100 ms',
      unit: 'ms',
      samples: latencies,
      rule: { on: 'p95', op: '<=', value: 100 },
      notes: ['The core half of #5: the renderer invokes markDisplayed once its read rule fires; the marker goes first, the XEP-0490 publish after it.'],
    });
  } finally {
    await harness.core.stop().catch(() => undefined);
    await friend.stop().catch(() => undefined);
  }
}

async function throughRenderer(ctx: BenchContext, samples: number): Promise<MetricResult> {
  const what = 'read marker: message visible (dwell 0) → peer gets the marker';
  const { me, friend } = await accountWithFriend(ctx, 'marker-ui');
  const times = markerTimes(friend);
  ctx.log(`#5b read marker through the renderer: ${samples} samples`);
  const glance = await startGlance(ctx, { me, reading: NO_DWELL });
  const { page } = glance;
  try {
    await friend.sendChat(me, 'hello');
    const item = page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: localPart(friend.bare), exact: true });
    await item.click();
    await page
      .getByRole('log', { name: localPart(friend.bare) })
      .getByText('hello')
      .waitFor();
    await page.evaluate("window.dispatchEvent(new Event('focus'))");
    const offset = await glance.clockOffset();
    const latencies: number[] = [];
    for (let i = 0; i <= samples; i++) {
      // A person moving the mouse: activity for the read rule.
      await page.mouse.move(400 + (i % 7) * 10, 300);
      await page.mouse.move(405 + (i % 7) * 10, 305);
      const text = `seen ${i}`;
      const watch = await probe<number>(page, 'watch', { kind: 'text', selector: '[role="log"] .message .text', text, inView: true });
      const id = await friend.sendChat(me, text, { children: markable() });
      const painted = await probe<Painted | undefined>(page, 'result', watch);
      if (!painted) throw new Error(`${text} was never painted`);
      const arrived = await waitFor(() => times.get(id), { interval: 1, timeout: 5000 }).catch(() => undefined);
      if (arrived === undefined) {
        if (latencies.length === 0) {
          return unmeasured({
            id: '5b',
            what,
            target: 'p95 ≤ 100 ms',
            unit: 'ms',
            why: 'no <displayed/> reached the peer within 5 s of a markable message painted in view of the open conversation (focused, active, dwell 0): this build of the renderer sends no displayed markers.',
          });
        }
        throw new Error(`no marker for ${text}`);
      }
      const visibleAt = painted.paint - offset;
      if (i > 0) latencies.push(arrived - visibleAt);
      await sleep(50);
    }
    return measured({
      id: '5b',
      what,
      target: 'p95 ≤ 100 ms',
      unit: 'ms',
      samples: latencies,
      rule: { on: 'p95', op: '<=', value: 100 },
      notes: ['Visible = the first frame that shows the row in the viewport (page clock, offset to Node measured by round trips).'],
    });
  } finally {
    await glance.stop();
    await friend.stop().catch(() => undefined);
  }
}
