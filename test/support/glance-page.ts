import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { RunningPreview } from './preview';

/** Opens the preview in a fresh page, with console errors and page crashes recorded. */
export async function openGlance(context: BrowserContext, preview: RunningPreview): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.goto(preview.server.url);
  return { page, problems };
}

export async function fillSignIn(page: Page, fields: { address: string; password: string; server?: string }): Promise<void> {
  await page.getByLabel('Address', { exact: true }).fill(fields.address);
  await page.getByLabel('Password', { exact: true }).fill(fields.password);
  await page.getByLabel('Server (optional)').fill(fields.server ?? '');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in and waits for the conversation list, as a person would see it. */
export async function signIn(page: Page, fields: { address: string; password: string; server: string }): Promise<void> {
  await fillSignIn(page, fields);
  await page.getByRole('list', { name: 'Conversations' }).waitFor({ timeout: 15_000 });
}

/** Text of every message row in the open conversation's log, oldest first. */
export async function messageTexts(page: Page): Promise<string[]> {
  return page.getByRole('log').locator('.message .text').allInnerTexts();
}

export function expectNoProblems(problems: string[]): void {
  expect(problems.filter((p) => !p.includes('favicon'))).toEqual([]);
}
