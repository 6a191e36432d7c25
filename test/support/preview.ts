import { existsSync } from 'node:fs';
import path from 'node:path';
import { startPreviewServer, type PreviewServer } from '../../src-main/preview/server';
import { createCore, type CoreUnderTest } from './core';
import { silentLogger } from '../../src-main/core/log';

const RENDERER_DIR = path.resolve(__dirname, '../../dist/renderer');

export interface RunningPreview extends CoreUnderTest {
  server: PreviewServer;
  stop(): Promise<void>;
}

/** The preview as `npm run preview` runs it: the real core plus the built renderer on loopback. */
export async function startPreview(options: { port?: number } = {}): Promise<RunningPreview> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error('dist/renderer is missing: run `npm run build` first (npm test does)');
  }
  const harness = createCore();
  const server = await startPreviewServer({ core: harness.core, rendererDir: RENDERER_DIR, log: silentLogger, port: options.port });
  return {
    ...harness,
    server,
    async stop() {
      await harness.core.stop().catch(() => undefined);
      await server.close();
    },
  };
}
