/**
 * Prints one plain closing line, "tests: N passed, N failed[, N skipped]", that CI systems
 * which do not know vitest's own summary can read.
 */
import type { Reporter, RunnerTask, RunnerTestFile } from 'vitest/node';

function count(tasks: RunnerTask[], tally: { passed: number; failed: number; skipped: number }) {
  for (const t of tasks) {
    if (t.type === 'suite') count(t.tasks, tally);
    else if (t.result?.state === 'pass') tally.passed++;
    else if (t.result?.state === 'fail') tally.failed++;
    else tally.skipped++;
  }
}

export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []) {
    const tally = { passed: 0, failed: 0, skipped: 0 };
    count(files, tally);
    // A file that failed to load has no tests but is a failure all the same.
    tally.failed += files.filter((f) => f.result?.state === 'fail' && f.tasks.length === 0).length + errors.length;
    process.stdout.write(`\ntests: ${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}\n`);
  }
}
