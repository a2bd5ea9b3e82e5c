import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Every PDF the run builds is measured against the 版心 at the end (tests/helpers/test-run.ts).
    globalSetup: ['./tests/helpers/test-run.ts'],
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    testTimeout: 30_000,
  },
});
