import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { expectNoProblems, openGlance, signIn } from '../support/glance-page';
import { startPreview, type RunningPreview } from '../support/preview';
import { startProsody, type TestServer } from '../support/prosody';

let server: TestServer;
let browser: TestBrowser;
let preview: RunningPreview;
let context: BrowserContext;

beforeAll(async () => {
  [server, browser] = await Promise.all([startProsody(), launchBrowser()]);
  await server.register('juliet', 'balcony');
});

afterEach(async () => {
  await context?.close();
  await preview?.stop();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open() {
  // The preview's core reports the system locale as en-US.
  preview = await startPreview();
  context = await browser.newContext();
  return openGlance(context, preview);
}

const storedChoice = (page: Awaited<ReturnType<typeof open>>['page']) => page.evaluate(() => localStorage.getItem('glance.locale'));

it('moves a language choice kept in the page into the core’s preferences, once', async () => {
  const { page, problems } = await open();
  await page.getByRole('heading', { name: 'Sign in to Glance' }).waitFor();
  await page.evaluate(() => localStorage.setItem('glance.locale', 'zh-CN'));
  await page.reload();
  await page.getByRole('heading', { name: '登录 Glance' }).waitFor();
  await preview.waitForSnapshot((s) => s.preferences.locale === 'zh-CN');
  await expect.poll(() => storedChoice(page)).toBeNull();
  await page.reload();
  await page.getByRole('heading', { name: '登录 Glance' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  expectNoProblems(problems);
});

it('Settings changes the language for the page and the core, and "System" follows the system again', async () => {
  const { page, problems } = await open();
  await signIn(page, { address: 'juliet@localhost', password: 'balcony', server: `127.0.0.1:${server.port}` });
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Language').selectOption('zh-CN');
  await page.getByRole('heading', { name: '设置' }).waitFor();
  await preview.waitForSnapshot((s) => s.preferences.locale === 'zh-CN');
  expect(await storedChoice(page)).toBeNull();

  await page.reload();
  await page.getByRole('list', { name: '会话' }).waitFor();
  await page.getByRole('button', { name: '设置' }).click();
  await page.getByLabel('语言').selectOption('system');
  await page.getByRole('heading', { name: 'Settings' }).waitFor();
  await preview.waitForSnapshot((s) => !('locale' in s.preferences));
  expectNoProblems(problems);
});
