import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Many tests spawn the CLI from its .ts sources; Node's compile cache (inherited by every
// child) spares each child compiling them again, which halves a child's start-up.
process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), 'milgram-sim-compile-cache');

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
    // Test files share each worker's module graph instead of importing the engine, zod and
    // XState afresh per file (a third of the suite's time). Files keep no state between them:
    // environment stubs, globals and mocks are restored after every test.
    isolate: false,
    unstubEnvs: true,
    unstubGlobals: true,
    restoreMocks: true,
  },
});
