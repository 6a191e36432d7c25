import { defineConfig } from 'vite';

// The main process (Electron shell) and the preview server: Node targets, dependencies stay
// external and are loaded from node_modules at run time.
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'dist/main',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rollupOptions: {
      input: {
        'electron-main': 'src-main/electron/main.ts',
        preview: 'src-main/preview/main.ts',
      },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
