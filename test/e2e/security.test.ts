import { expect } from 'vitest';
import WebSocket from 'ws';
import { e2eTest as it } from '../support/fixtures/e2e';
import { messageTexts, signIn } from '../support/glance-page';

it('runs under a CSP that refuses inline script, and shows markup in a message as text', async ({ server, registerPeer, glance }) => {
  const me = await server.register('careful', 'pw');
  const peer = await registerPeer('mallory');
  const { page } = glance;
  const violations: string[] = [];
  await page.exposeFunction('__reportViolation', (directive: string) => violations.push(directive));
  await page.evaluate(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __reportViolation(d: string): void }).__reportViolation(e.effectiveDirective),
    ),
  );
  const ran = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan ?? false;
  });
  expect(ran).toBe(false);
  await expect.poll(() => violations).toContain('script-src-elem');

  await signIn(page, { address: me, password: 'pw', server: `127.0.0.1:${server.port}` });
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const hostile = '<img src=x onerror=alert(1)>';
  await peer.sendChat(me, hostile);
  await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: 'mallory', exact: true }).click();
  await expect.poll(() => messageTexts(page)).toEqual([hostile]);
  expect(await page.getByRole('log').locator('img').count()).toBe(0);
  expect(dialogs).toEqual([]);
});

it('lets only the page with the token, from its own origin, drive the core', async ({ preview }) => {
  const url = new URL(preview.server.url);
  const token = url.searchParams.get('token')!;
  const attempt = (query: string, origin?: string) =>
    new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://${url.host}/bridge?${query}`, origin ? { origin } : {});
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
      ws.on('error', () => resolve('refused'));
    });
  expect(await attempt('token=wrong')).toBe('refused');
  expect(await attempt('')).toBe('refused');
  expect(await attempt(`token=${token}`, 'http://evil.example')).toBe('refused');
  expect(await attempt(`token=${token}`, `http://${url.host}`)).toBe('open');
});
