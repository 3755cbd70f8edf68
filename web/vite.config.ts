import { defineConfig } from 'vite';

// The dashboard is plain static files served by `nghe serve` at `/`; JSX compiles to Preact
// without a plugin.
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: './',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 900,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
