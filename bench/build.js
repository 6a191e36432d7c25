// `npm run bench` first builds the renderer into dist/bench/renderer, then from vite.bench.config.ts
// the bench itself and its two page scripts (that file says what each is). One Node process builds
// all four at once: as four `vite build` commands in a row, starting Node and Vite took most of the
// time of the three small ones. Each bundle is the one its own `vite build` command writes.
import { build } from 'vite';

const quiet = { logLevel: 'warn' };

await Promise.all([
  build({ ...quiet, configFile: 'vite.renderer.config.ts', build: { outDir: '../dist/bench/renderer', emptyOutDir: true } }),
  ...['production', 'probe', 'seed'].map((mode) => build({ ...quiet, configFile: 'vite.bench.config.ts', mode })),
]);
