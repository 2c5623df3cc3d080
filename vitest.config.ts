import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,store,runners,export,src,notebooks,tools,tests}/**/*.test.ts'],
    // Benchmarks and servers share two cores: one test file at a time keeps them from disturbing each other.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './tests/summary-reporter.ts'],
  },
});
