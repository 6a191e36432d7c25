import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { fillSignIn, openGlance, signIn } from '../support/glance-page';
import { freePort } from '../support/ports';
import { startPreview, type RunningPreview } from '../support/preview';
import { startProsody, type TestServer } from '../support/prosody';

let server: TestServer;
let tlsServer: TestServer;
let browser: TestBrowser;
let preview: RunningPreview;
let context: BrowserContext;

beforeAll(async () => {
  [server, tlsServer, browser] = await Promise.all([startProsody(), startProsody({ tls: true }), launchBrowser()]);
  await Promise.all([server.register('juliet', 'balcony'), tlsServer.register('juliet', 'balcony')]);
});

afterEach(async () => {
  await context?.close();
  await preview?.stop();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([server?.stop(), tlsServer?.stop()]);
});

async function open() {
  preview = await startPreview();
  context = await browser.newContext();
  return openGlance(context, preview);
}

describe('sign-in screen', () => {
  it('tells each failure apart, in words a person understands', async () => {
    const { page } = await open();
    const alert = page.getByRole('alert');
    const seen = new Map<string, string>();

    await fillSignIn(page, { address: 'juliet', password: 'balcony', server: `127.0.0.1:${server.port}` });
    await expect.poll(() => alert.innerText()).toMatch(/not a valid address/i);
    seen.set('malformed', await alert.innerText());

    await fillSignIn(page, { address: 'juliet@localhost', password: 'wrong', server: `127.0.0.1:${server.port}` });
    await expect.poll(() => alert.innerText(), { timeout: 10_000 }).toMatch(/did not accept this address and password/i);
    seen.set('password', await alert.innerText());

    const closedPort = await freePort();
    await fillSignIn(page, { address: 'juliet@localhost', password: 'balcony', server: `127.0.0.1:${closedPort}` });
    await expect.poll(() => alert.innerText(), { timeout: 10_000 }).toMatch(/could not be reached/i);
    seen.set('unreachable', await alert.innerText());

    await fillSignIn(page, { address: 'juliet@localhost', password: 'balcony', server: `127.0.0.1:${tlsServer.port}` });
    await expect.poll(() => alert.innerText(), { timeout: 10_000 }).toMatch(/certificate could not be verified/i);
    seen.set('tls', await alert.innerText());

    expect(new Set(seen.values()).size).toBe(4);
    // Still on the sign-in screen after every failure.
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
  });

  it('signs in with the right password and stays signed in across a reload', async () => {
    const { page } = await open();
    await signIn(page, { address: 'juliet@localhost', password: 'balcony', server: `127.0.0.1:${server.port}` });
    await page.reload();
    await page.getByRole('list', { name: 'Conversations' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
  });
});
