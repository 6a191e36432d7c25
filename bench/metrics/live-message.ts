import { accountWithFriend, localPart } from '../lib/accounts';
import type { BenchContext } from '../lib/context';
import { epochNow, probe, startGlance, type Painted } from '../lib/glance';
import { measured, type MetricResult } from '../lib/report';
import { median, sleep } from '../lib/stats';
import { profilePage } from '../lib/profile';

/**
 * #6: a peer sends a chat message → its row is painted in Glance's open conversation. The send
 * time is taken on Node's clock just before the peer's client writes the stanza; the paint is the
 * first frame showing the row in the viewport, on the page's clock, moved to Node's clock by the
 * offset measured with round trips (both are this machine's wall clock; the offset removes drift).
 */
export async function liveMessage(ctx: BenchContext): Promise<MetricResult[]> {
  const samples = ctx.quick ? 6 : 40;
  const { me, friend } = await accountWithFriend(ctx, 'live');
  ctx.log(`#6 live message → painted: ${samples} samples`);
  const glance = await startGlance(ctx, { me });
  const { page, preview } = glance;
  // When the core handed each message to the renderer feed (Node clock), for the breakdown.
  const atCore = new Map<string, number>();
  preview.core.on('history', (batch) => {
    const t = epochNow();
    for (const e of batch) if (e.kind === 'message' && !atCore.has(e.message.body)) atCore.set(e.message.body, t);
  });
  try {
    await friend.sendChat(me, 'hello');
    const name = localPart(friend.bare);
    await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name, exact: true }).click();
    await page.getByRole('log', { name }).getByText('hello').waitFor();
    const offset = await glance.clockOffset();
    const latencies: number[] = [];
    const toCore: number[] = [];
    const once = async (text: string) => {
      const watch = await probe<number>(page, 'watch', { kind: 'text', selector: '[role="log"] .message .text', text, inView: true });
      const sent = epochNow();
      await friend.sendChat(me, text);
      const painted = await probe<Painted | undefined>(page, 'result', watch);
      if (!painted) throw new Error(`${text} was never painted`);
      return { total: painted.paint - offset - sent, core: (atCore.get(text) ?? Number.NaN) - sent };
    };
    for (let i = 0; i < 3; i++) await once(`warm-up ${i}`);
    for (let i = 0; i < samples; i++) {
      const r = await once(`live ${i}`);
      latencies.push(r.total);
      toCore.push(r.core);
      await sleep(60 + (i % 5) * 20);
    }
    const notes = [
      `Breakdown (medians): peer → server → core → renderer feed ${median(toCore).toFixed(1)} ms; feed → WebSocket → renderer stores it in IndexedDB → the list re-reads and renders → painted ${(median(latencies) - median(toCore)).toFixed(1)} ms.`,
    ];
    if (ctx.profile) {
      notes.push(
        await profilePage('live messages', page, async () => {
          for (let i = 0; i < 20; i++) {
            await once(`profiled ${i}`);
            await sleep(50);
          }
        }),
      );
    }
    return [
      measured({
        id: '6',
        what: 'live message: peer sends → row painted',
        target: 'p95 ≤ 50 ms',
        unit: 'ms',
        samples: latencies,
        rule: { on: 'p95', op: '<=', value: 50 },
        notes,
      }),
    ];
  } finally {
    await glance.stop();
    await friend.stop().catch(() => undefined);
  }
}
