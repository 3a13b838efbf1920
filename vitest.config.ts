import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // The suite imports the package by name from its .ts sources, never from a stale dist/.
  resolve: {
    alias: [
      { find: /^milgram-sim$/, replacement: source('./index.ts') },
      { find: /^milgram-sim\/vitest$/, replacement: source('./evals/vitest.ts') },
      { find: /^milgram-sim\/promptfoo$/, replacement: source('./providers/promptfoo.ts') },
      { find: /^milgram-sim\/assertions$/, replacement: source('./evals/assertions.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The packed-tarball check takes minutes: `npm run test:consumer` (vitest.consumer.config.ts).
    exclude: ['test/consumer/**', '**/node_modules/**'],
    globalSetup: ['./test/support/chromium-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
