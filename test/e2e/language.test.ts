import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eTest as it } from '../support/fixtures/e2e';
import { expectNoProblems, signIn } from '../support/glance-page';

// The preview's core reports the system locale as en-US.

it.beforeAll(async ({ server }) => {
  await server.register('juliet', 'balcony');
});

const storedChoice = (page: Page) => page.evaluate(() => localStorage.getItem('glance.locale'));

it('moves a language choice kept in the page into the core’s preferences, once', async ({ preview, glance }) => {
  const { page, problems } = glance;
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

it('Settings changes the language for the page and the core, and "System" follows the system again', async ({ server, preview, glance }) => {
  const { page, problems } = glance;
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
