import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app is built into dist/web, which `eventwire serve` serves at `/`. In development (`npm run dev:web`)
// Vite serves it and passes the API through to an `eventwire serve` running on its default port.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8787', '/openapi.json': 'http://127.0.0.1:8787' } },
});
