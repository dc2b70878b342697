import { defineConfig } from 'vitest/config';

// The page's tests in headless Chromium against the real `stepster ui` server
// (`npm run test:browser`); kept out of `npm test`, which needs no browser.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    setupFiles: ['test/setup/polyfills.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One browser at a time: CI machines have few cores.
    fileParallelism: false,
  },
});
