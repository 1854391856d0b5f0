// The web application's build. `npm run build` writes ../build/web/dist, which CMake embeds in
// the cartwise binary; `npm run dev` serves the sources with hot reload and sends /api and
// /healthz to a running `cartwise serve` (CARTWISE_API, default http://127.0.0.1:8080).
import { defineConfig } from 'vite';

declare const process: { env: Record<string, string | undefined> };
const api = process.env.CARTWISE_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  build: {
    outDir: '../build/web/dist',
    emptyOutDir: true,
    // Hashed names under /assets/ let the server mark them immutable (src/http/web_assets.cpp).
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': api, '/healthz': api },
  },
});
