import { defineConfig } from 'vitest/config';

// Two lanes side by side on the two cores:
// - "cells": the files that run chapters' cells on pinned CPUs (servers and load generators on CPU 0
//   and 1, PostgreSQL): one file at a time, so no two of them pin the same CPUs at once.
// - "site and runner": the other unit tests, the built site in Chromium, the runner's API, the bench CLI and
//   the engine on fixture cells, the exported notebook in Jupyter. Mostly waiting (a browser, a
//   throttled page load, a runner's or a kernel's answer), so two of its files run at a time and
//   overlap the cells' lane well. Their CPU-heavy steps (astro builds) are not repeated: the built
//   site is shared (tests/helpers/build.ts's sharedDist, one build however many files ask at once).
// The lanes use different pools (threads: one worker; forks: two), so each pool keeps its own
// limit and the two run at the same time. Tests assert structure and direction, never timing, and
// wait on state, never on time, so a lane slowed by the other still passes.
const CELL_FILES = [
  'tests/integration/{servers,sync-vs-async,threads-and-cpu}*.test.ts',
  // databases.test.ts's cells pin nothing, but it is the longest file: here it balances the lanes.
  'tests/integration/databases{,-front-end-pool,-remote-db}.test.ts',
  // Unit tests that start pinned processes or load generators; the chapters' other unit tests are pure.
  'notebooks/lib/{load,cpus,plumbing,child-json}.test.ts',
];
// Time limits catch hangs, never speeds: a cell's quick preset through the CLI takes half a minute
// on a quiet runner and several on a busy one (runBench gives a run ten minutes). Tests with a
// limit of their own keep it.
const shared = { hookTimeout: 5 * 60_000 };

export default defineConfig({
  test: {
    maxWorkers: 1,
    minWorkers: 1,
    poolOptions: {
      threads: { maxThreads: 1, minThreads: 1 },
      forks: { maxForks: 2, minForks: 1 },
    },
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      {
        test: {
          ...shared,
          testTimeout: 10 * 60_000,
          name: 'cells',
          include: CELL_FILES,
          // Every chapter cell type-checked once, up front, into the cache sandboxes share.
          globalSetup: ['tests/global-typecheck.ts'],
          pool: 'threads',
        },
      },
      {
        test: {
          ...shared,
          testTimeout: 3 * 60_000,
          name: 'site and runner',
          include: ['{core,store,runners,export,src,tools,tests,notebooks}/**/*.test.ts'],
          exclude: CELL_FILES,
          globalSetup: ['tests/global-build.ts'],
          pool: 'forks',
        },
      },
    ],
  },
});
