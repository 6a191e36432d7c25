// Issue 5, "Reconnection": when the network returns (the page's `online` event; powerMonitor's
// resume and unlock-screen in the shell call the same command), or the person clicks "Try now",
// Glance reconnects at once instead of waiting out the backoff, and the banner says what is going on.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { ConnectionState } from '../../src-shared/contract';
import { e2eTest as it } from '../support/fixtures/e2e';
import { signIn } from '../support/glance-page';
import { waitFor } from '../support/wait';

/** How far ahead the next scheduled attempt must be before the network "returns". */
const AHEAD_MS = 1_500;

it('reconnects as soon as the network is back or the person asks, not at the next scheduled attempt', async ({ server, startFaultProxy, preview, glance }) => {
  const me = await server.register('commuter', 'pw');
  let proxy = await startFaultProxy(server.port);
  const port = proxy.port;
  const { page } = glance;
  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${port}` });
  const banner = page.getByRole('status').filter({ hasText: 'offline' });

  for (const how of ['online event', 'Try now'] as const) {
    // The network goes: the connection drops and every attempt is refused, each waiting longer.
    await proxy.close();
    const waiting = await waitFor(() => scheduledAhead(preview!.latest().connection), {
      timeout: 15_000,
      message: () => `a retry scheduled ${AHEAD_MS} ms ahead; ${JSON.stringify(preview!.latest().connection)}`,
    });
    await expect.poll(() => banner.textContent()).toContain('You are offline.');
    await expect.poll(() => banner.getByRole('button', { name: 'Try now' }).isVisible()).toBe(true);

    // It comes back; the page hears about it (or the person clicks).
    proxy = await startFaultProxy(server.port, '127.0.0.1', port);
    if (how === 'online event') await page.evaluate(() => window.dispatchEvent(new Event('online')));
    else await banner.getByRole('button', { name: 'Try now' }).click();
    await waitFor(() => preview!.latest().connection.status === 'online', {
      timeout: 10_000,
      message: () => `online; ${JSON.stringify(preview!.latest().connection)}`,
    });
    expect(Date.now(), `${how}: back online before the attempt scheduled for then`).toBeLessThan(waiting.nextRetryAt);
    await expectBannerGone(page);
  }
});

function scheduledAhead(connection: ConnectionState): { nextRetryAt: number } | undefined {
  if (connection.status !== 'connecting' || connection.nextRetryAt === undefined) return undefined;
  return connection.nextRetryAt - Date.now() >= AHEAD_MS ? { nextRetryAt: connection.nextRetryAt } : undefined;
}

async function expectBannerGone(page: Page): Promise<void> {
  await expect.poll(() => page.getByText('You are offline.').count()).toBe(0);
}
