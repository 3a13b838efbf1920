// `npm run test:consumer`: the package packed, installed into a temporary project and used
// there (test/consumer/). Slow (npm pack and npm install), so apart from `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/consumer/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 240_000,
    hookTimeout: 400_000,
  },
});
