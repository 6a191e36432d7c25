import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { e2eTest as it } from '../support/fixtures/e2e';
import { expectNoProblems, fillSignIn, signIn } from '../support/glance-page';
import { CAPTCHA_IMAGE, type TestServer } from '../support/prosody';

// XEP-0077 from the sign-in screen and the settings, in Chromium through the preview, against
// Prosody servers that allow registration, offer none, throttle it, or want an invitation.

const at = (server: TestServer) => `127.0.0.1:${server.port}`;

async function createAccount(page: Page, fields: { address: string; password: string; repeat?: string; server: string }): Promise<void> {
  const form = page.getByRole('form', { name: 'Create an account' });
  if (!(await form.isVisible())) await page.getByRole('button', { name: 'Create account' }).click();
  await form.getByLabel('Address', { exact: true }).fill(fields.address);
  await form.getByLabel('Password', { exact: true }).fill(fields.password);
  await form.getByLabel('Repeat password').fill(fields.repeat ?? fields.password);
  await form.getByLabel('Server (optional)').fill(fields.server);
  await form.getByRole('button', { name: 'Create account' }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
}

async function openSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).first().click();
  return page.getByRole('dialog', { name: 'Settings' });
}

describe('creating an account', () => {
  it('creates an account from the sign-in screen, which then signs in, and again after signing out', async ({ registrationServer, glance }) => {
    const { page, problems } = glance;
    await createAccount(page, { address: 'newcomer@localhost', password: 'a good password', server: at(registrationServer) });
    await page.getByRole('list', { name: 'Conversations' }).waitFor({ timeout: 15_000 });
    await signOut(page);
    await signIn(page, { address: 'newcomer@localhost', password: 'a good password', server: at(registrationServer) });
    expectNoProblems(problems);
  });

  it('tells each refusal apart in its own words', async ({ registrationServer, server, throttledServer, inviteOnlyServer, glance, preview }) => {
    const { page } = glance;
    const alert = page.getByRole('form', { name: 'Create an account' }).getByRole('alert');
    await registrationServer.register('taken', 'whatever1');
    // One registration from this machine uses up the throttled server's allowance.
    expect(await preview.core.register({ jid: 'first@localhost', server: at(throttledServer), password: 'a good password', answers: {} })).toEqual({
      ok: true,
      value: undefined,
    });
    const cases: [fields: { address: string; password: string; server: string }, sentence: RegExp][] = [
      [{ address: 'taken@localhost', password: 'a good password', server: at(registrationServer) }, /already taken/],
      [{ address: 'weak@localhost', password: 'short', server: at(registrationServer) }, /did not accept this password/],
      [{ address: 'anyone@localhost', password: 'a good password', server: at(server) }, /does not let anyone create an account/],
      [{ address: 'uninvited@localhost', password: 'a good password', server: at(inviteOnlyServer) }, /only with an invitation/],
      [{ address: 'second@localhost', password: 'a good password', server: at(throttledServer) }, /Too many accounts/],
    ];
    const seen = new Set<string>();
    for (const [fields, sentence] of cases) {
      await createAccount(page, fields);
      await expect.poll(() => alert.innerText(), { timeout: 10_000 }).toMatch(sentence);
      seen.add(await alert.innerText());
    }
    expect(seen.size).toBe(cases.length);
    await createAccount(page, { address: 'typo@localhost', password: 'a good password', repeat: 'a good passwrod', server: at(registrationServer) });
    await expect.poll(() => alert.innerText()).toMatch(/not the same/);
    // Still on the form, and back to signing in from the keyboard.
    await page.getByRole('button', { name: 'Back to sign in' }).press('Enter');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it("shows the server's own question with its picture, and sends the answer", async ({ captchaServer, glance }) => {
    const { page, problems } = glance;
    await createAccount(page, { address: 'human@localhost', password: 'a good password', server: at(captchaServer) });
    const form = page.getByRole('form', { name: 'Create an account' });
    const question = form.getByRole('group', { name: /asks for a little more/ });
    const answer = question.getByLabel('Type the word in the picture');
    // The question has the focus, and the picture (a data: URI, which the page's CSP allows) is shown.
    await expect.poll(() => answer.evaluate((input) => input === document.activeElement)).toBe(true);
    const picture = question.getByRole('img', { name: 'Image with the text to type' });
    expect(await picture.getAttribute('src')).toBe(CAPTCHA_IMAGE);
    await expect.poll(() => picture.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
    await answer.fill('robot');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => form.getByRole('alert').innerText(), { timeout: 10_000 }).toMatch(/did not accept your answer/);
    // A refused answer asks for the form again: the question comes back, empty, for a new answer.
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => answer.evaluate((input) => input === document.activeElement), { timeout: 10_000 }).toBe(true);
    expect(await answer.inputValue()).toBe('');
    await answer.fill('glance');
    await form.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('list', { name: 'Conversations' }).waitFor({ timeout: 15_000 });
    expectNoProblems(problems);
  });
});

describe('the signed-in account', () => {
  it('changes the password: the old one no longer signs in, the new one does', async ({ registrationServer, glance }) => {
    const { page } = glance;
    await registrationServer.register('changer', 'first password');
    await signIn(page, { address: 'changer@localhost', password: 'first password', server: at(registrationServer) });
    const settings = await openSettings(page);
    await settings.getByLabel('Current password').fill('first password');
    await settings.getByLabel('New password', { exact: true }).fill('second password');
    await settings.getByLabel('Repeat new password').fill('second password');
    await settings.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => settings.getByRole('status').innerText(), { timeout: 10_000 }).toMatch(/password was changed/);
    await settings.getByRole('button', { name: 'Close' }).click();
    await signOut(page);

    await fillSignIn(page, { address: 'changer@localhost', password: 'first password', server: at(registrationServer) });
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 10_000 }).toMatch(/did not accept this address and password/);
    await signIn(page, { address: 'changer@localhost', password: 'second password', server: at(registrationServer) });
  });

  it('deletes the account after the address is typed, says so, and it cannot sign in again', async ({ registrationServer, glance }) => {
    const { page } = glance;
    await registrationServer.register('leaver', 'leaving soon');
    await signIn(page, { address: 'leaver@localhost', password: 'leaving soon', server: at(registrationServer) });
    const settings = await openSettings(page);
    await settings.getByRole('button', { name: 'Delete account' }).click();
    const confirm = settings.getByLabel('Type your address to confirm');
    await confirm.fill('someone@localhost');
    await settings.getByRole('button', { name: 'Delete my account' }).click();
    await expect.poll(() => settings.getByRole('alert').innerText(), { timeout: 10_000 }).toMatch(/not this account's address/);
    await confirm.fill('leaver@localhost');
    await settings.getByRole('button', { name: 'Delete my account' }).click();

    await expect.poll(() => page.getByRole('status').innerText(), { timeout: 10_000 }).toMatch(/leaver@localhost was deleted/);
    await fillSignIn(page, { address: 'leaver@localhost', password: 'leaving soon', server: at(registrationServer) });
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 10_000 }).toMatch(/did not accept this address and password/);
  });
});
