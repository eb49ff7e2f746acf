/**
 * Builds the renderer into dist/renderer/: one page that works from the
 * desktop app's custom protocol and from `sockscope serve` alike (relative
 * asset paths), with no inline script, so the page's CSP can say
 * script-src 'self'.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // The preload polyfill would be an inline script; the browsers and Electron in use need none.
    modulePreload: { polyfill: false },
    // AG Grid alone is over the default warning size; the app is loaded from disk or loopback.
    chunkSizeWarningLimit: 4000,
  },
});
