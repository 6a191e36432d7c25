import { defineConfig } from 'vite';

// `npm run bench` (bench/build.js) builds three things from here (and the renderer, into dist/bench/renderer):
// - default mode: the bench itself (bench/main.ts drives Prosody, the core and Chromium), a Node
//   program like dist/main: dependencies stay external and load from node_modules;
// - `--mode probe`: bench/page/probe.js, put into every page before the app's own scripts
//   (observers and timestamps, no dependencies);
// - `--mode seed`: bench/page/seed.js, evaluated in a page to fill IndexedDB through the app's own
//   history module (bundled with Dexie).
const PAGE_SCRIPTS: Record<string, string> = { probe: 'bench/page/probe.js', seed: 'bench/page/seed.js' };

export default defineConfig(({ mode }) => {
  const page = PAGE_SCRIPTS[mode];
  if (page) {
    return {
      build: {
        outDir: 'dist/bench/page',
        emptyOutDir: false,
        target: 'chrome130',
        minify: false,
        copyPublicDir: false,
        lib: { entry: page, formats: ['iife' as const], name: `glanceBench_${mode}`, fileName: () => `${mode}.js` },
      },
    };
  }
  return {
    build: {
      ssr: true,
      outDir: 'dist/bench',
      emptyOutDir: false,
      target: 'node20',
      sourcemap: true,
      rollupOptions: {
        input: { main: 'bench/main.ts' },
        output: { format: 'es' as const, entryFileNames: '[name].js' },
      },
    },
  };
});
