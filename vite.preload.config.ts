import { defineConfig } from 'vite';

// A sandboxed preload cannot load ES modules or anything but `electron` itself, so it is one
// CommonJS file with the contract bundled in.
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'dist/preload',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: {
      input: { preload: 'src-main/electron/preload.ts' },
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: '[name].cjs' },
    },
  },
  ssr: { noExternal: true },
});
