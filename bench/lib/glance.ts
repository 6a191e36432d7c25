import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createCore, type CoreUnderTest } from '../../test/support/core';
import { silentLogger } from '../../src-main/core/log';
import { startPreviewServer, type PreviewServer } from '../../src-main/preview/server';
import { PASSWORD, type BenchContext } from './context';

/** Epoch milliseconds on Node's clock, sub-millisecond (comparable with the probe's `epoch()`). */
export const epochNow = () => performance.timeOrigin + performance.now();

/** The read rule's windows with the dwell taken out (the metric excludes it). */
export const NO_DWELL = { dwellMs: 0, focusDwellMs: 0, activityMs: 30_000 };

export interface GlanceSession {
  me: string;
  preview: CoreUnderTest & { server: PreviewServer };
  context: BrowserContext;
  page: Page;
  /** Page clock minus Node clock (ms), from the round trip with the least delay. */
  clockOffset(): Promise<number>;
  /** Signs out (keeping this profile's history) and signs in as `me` through the form. */
  switchAccount(me: string): Promise<void>;
  stop(): Promise<void>;
}

export interface GlanceOptions {
  /** Account to sign in as (registered with PASSWORD). */
  me: string;
  /** localStorage['glance.reading'] for every page of this context. */
  reading?: object;
  /** Runs in the first page before the app has ever opened history; the page reloads after it. */
  seed?: (page: Page) => Promise<void>;
}

/**
 * The preview as `npm run preview` runs it (the real core, the built renderer, the loopback
 * WebSocket), a fresh Chromium profile with the bench's probe in every page, signed in through the
 * sign-in form.
 */
export async function startGlance(ctx: BenchContext, options: GlanceOptions): Promise<GlanceSession> {
  const server = await ctx.server();
  const browser = await ctx.browser();
  const setUp = setUpSteps();
  const rendererDir = path.join(ctx.root, 'dist/bench/renderer');
  if (!existsSync(path.join(rendererDir, 'index.html'))) throw new Error(`${rendererDir} is missing: run \`npm run bench\``);
  const harness = createCore();
  const previewServer = await startPreviewServer({ core: harness.core, rendererDir, log: silentLogger });
  const context = await browser.newContext();
  await context.addInitScript({ content: ctx.scripts.probe });
  if (options.reading) {
    await context.addInitScript({ content: `localStorage.setItem('glance.reading', ${JSON.stringify(JSON.stringify(options.reading))});` });
  }
  const page = await context.newPage();
  page.on('pageerror', (error) => ctx.log(`page error: ${error.message}`));
  setUp.step('page');
  await page.goto(previewServer.url);
  setUp.step('load');
  if (options.seed) {
    await page.evaluate(ctx.scripts.seed);
    await options.seed(page);
    await page.reload();
    setUp.step('seed');
  }
  await signInThroughForm(page, options.me, server.port);
  setUp.step('sign-in');
  ctx.log(`session for ${options.me} ready in ${setUp.summary()}`);

  const session: GlanceSession = {
    me: options.me,
    preview: { ...harness, server: previewServer },
    context,
    page,
    clockOffset: () => clockOffset(page),
    async switchAccount(me) {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await signInThroughForm(page, me, server.port);
      session.me = me;
    },
    async stop() {
      await context.close().catch(() => undefined);
      await harness.core.stop().catch(() => undefined);
      await previewServer.close().catch(() => undefined);
    },
  };
  return session;
}

/** Where a session's set-up time goes, for the log (a quick run is mostly set-up). */
function setUpSteps(): { step(name: string): void; summary(): string } {
  const started = performance.now();
  let last = started;
  const steps: string[] = [];
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  return {
    step(name) {
      const at = performance.now();
      steps.push(`${name} ${seconds(at - last)}`);
      last = at;
    },
    summary: () => `${seconds(last - started)} s (${steps.join(', ')})`,
  };
}

/** Fills the sign-in form as `me` (registered with PASSWORD) and waits for the conversation list. */
async function signInThroughForm(page: Page, me: string, port: number): Promise<void> {
  await page.getByLabel('Address', { exact: true }).fill(me);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Server (optional)').fill(`127.0.0.1:${port}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('list', { name: 'Conversations' }).waitFor({ timeout: 30_000 });
}

export async function clockOffset(page: Page, rounds = 15): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < rounds; i++) {
    const t0 = epochNow();
    const pageTime = await page.evaluate(() => performance.timeOrigin + performance.now());
    const t1 = epochNow();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: pageTime - (t0 + t1) / 2 };
  }
  return best.offset;
}

/** Evaluates `window.__glanceBench[fn](arg)` (the probe) in the page. */
export function probe<T>(page: Page, fn: string, arg?: unknown): Promise<T> {
  return page.evaluate(([name, a]) => (globalThis as unknown as Record<string, Record<string, (x: unknown) => unknown>>).__glanceBench![name as string]!(a), [
    fn,
    arg,
  ] as const) as Promise<T>;
}

/** Evaluates `window.__glanceSeed[fn](arg)` (the seed script, once evaluated in that page). */
export function seed<T>(page: Page, fn: string, arg?: unknown): Promise<T> {
  return page.evaluate(([name, a]) => (globalThis as unknown as Record<string, Record<string, (x: unknown) => unknown>>).__glanceSeed![name as string]!(a), [
    fn,
    arg,
  ] as const) as Promise<T>;
}

/** The app's IndexedDB database for an account (src-renderer/app/app.svelte.ts). */
export const databaseOf = (account: string) => `glance-${account}`;

export type PaintSpec = { kind: 'text'; selector: string; text: string; inView?: boolean } | { kind: 'count'; all: [string, number][] };

export interface Painted {
  /** The frame callback that first saw it (epoch ms, page clock). */
  seen: number;
  /** The task right after that frame: it is on screen (epoch ms, page clock). */
  paint: number;
}

/** An empty page on loopback: an http origin for IndexedDB work outside the app. */
export async function blankOrigin(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>bench</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
