import { defineConfig } from 'vitest/config';

// Real Chromium against the built app (run `vite build` first): one file at a time, generous timeouts.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    retry: 0,
    // the page updates a moment after IndexedDB commits; on a busy machine that moment can be long
    expect: { poll: { timeout: 15_000, interval: 50 } },
  },
});
