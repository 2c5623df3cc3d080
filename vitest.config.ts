import { defineConfig } from 'vitest/config';

// Two lanes, one test file at a time in each, side by side on the two cores:
// - "cells": the files that run whole cells (chapters' quick benches, the bench CLI, the engine).
//   They pin servers and load generators to CPUs, so only one of them runs at a time.
// - "site and runner": unit tests, the built site in Chromium, the runner's API. Mostly waiting
//   (a browser, a throttled page load, a runner's answer), so they overlap the cells' lane well.
// The lanes use different pools: with one worker per pool, each lane runs its files in turn and
// the two pools run at the same time. Tests assert structure and direction, never timing, so a
// lane slowed by the other still passes.
const CELL_FILES = [
  'tests/integration/{databases,servers,sync-vs-async,threads-and-cpu,generator-overhead}*.test.ts',
  'tests/integration/{bench-cli,engine,results-kill,run-cell}.test.ts',
  'notebooks/**/*.test.ts',
];
const shared = { testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    // One worker per pool: each lane runs its files one at a time.
    maxWorkers: 1,
    minWorkers: 1,
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      {
        test: {
          ...shared,
          name: 'cells',
          include: CELL_FILES,
          pool: 'threads',
        },
      },
      {
        test: {
          ...shared,
          name: 'site and runner',
          include: ['{core,store,runners,export,src,tools,tests}/**/*.test.ts'],
          exclude: CELL_FILES,
          globalSetup: ['tests/global-build.ts'],
          pool: 'forks',
        },
      },
    ],
  },
});
