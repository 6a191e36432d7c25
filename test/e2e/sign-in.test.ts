import { describe, expect } from 'vitest';
import { e2eTest as it } from '../support/fixtures/e2e';
import { fillSignIn, signIn } from '../support/glance-page';
import { freePort } from '../support/ports';

it.beforeAll(async ({ server, tlsServer }) => {
  await Promise.all([server.register('juliet', 'balcony'), tlsServer.register('juliet', 'balcony')]);
});

describe('sign-in screen', () => {
  it('tells each failure apart, in words a person understands', async ({ server, tlsServer, glance }) => {
    const { page } = glance;
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

  it('signs in with the right password and stays signed in across a reload', async ({ server, glance }) => {
    const { page } = glance;
    await signIn(page, { address: 'juliet@localhost', password: 'balcony', server: `127.0.0.1:${server.port}` });
    await page.reload();
    await page.getByRole('list', { name: 'Conversations' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
  });
});
