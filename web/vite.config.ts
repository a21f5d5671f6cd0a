// The web client's build (`npm run build:web`) and dev server (`npm run dev:web`).
// The dev server forwards the API to a running `npm start`, as the production
// server (web/server/serve.ts) does, so the browser sees one origin either way.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const host = process.env.CHORUS_HOST || '127.0.0.1';
const gateway = `http://${host}:${process.env.CHORUS_GATEWAY_PORT || 4000}`;
const media = `http://${host}:${process.env.CHORUS_MEDIA_PORT || 4005}`;

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    host,
    port: Number(process.env.CHORUS_WEB_PORT || 3000),
    proxy: {
      '/graphql': { target: gateway, ws: true },
      '/uploads': { target: media },
    },
  },
});
