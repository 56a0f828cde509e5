import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import legacy from '@vitejs/plugin-legacy';
import { MODERN_POLYFILLS, SUPPORTED_BROWSERS } from './scripts/browserLine';
import type { Plugin } from 'vite';

/** The dev server injects an inline script (React refresh) that the CSP refuses: drop the CSP in dev only. */
const devWithoutCsp: Plugin = {
  name: 'dev-without-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s, ''),
};

export default defineConfig({
  // Relative base: the built folder works from any path of an intranet server or a USB stick's web root.
  base: './',
  plugins: [
    react(),
    devWithoutCsp,
    // One build for every supported browser (scripts/browserLine.ts): syntax lowered to the oldest supported
    // kernel, and the core-js polyfills it lacks in one external script (no inline script, so the CSP holds)
    // that a current browser loads and finds nothing to do in. No nomodule/SystemJS copy of the app: a
    // browser below the line is told so by public/browser-check.js instead.
    legacy({ renderLegacyChunks: false, modernPolyfills: MODERN_POLYFILLS, modernTargets: SUPPORTED_BROWSERS }),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      // public/registerSW.js, loaded by <script src> in index.html (allowed by the page's CSP, script-src
      // 'self'), registers the worker once the app's first screen is drawn
      injectRegister: false,
      // the glob below already precaches every icon once
      includeManifestIcons: false,
      manifest: {
        name: '政务公开年度考核',
        short_name: '政务公开考核',
        description: '政务公开年度考核评分、排名与通报',
        lang: 'zh-CN',
        dir: 'ltr',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#f4f5f7',
        theme_color: '#b3261e',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // The app shell, every lazy chunk (rule sets included) and the demo bundle: after one visit the
        // app starts, and a newcomer's first start can load the demo, with the network off.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}', 'demo/*.json'],
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      },
    }),
  ],
  // build.target follows modernTargets above (plugin-legacy sets it)
  build: { sourcemap: false, chunkSizeWarningLimit: 1500 },
});
