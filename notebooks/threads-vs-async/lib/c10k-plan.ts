/**
 * Which connection counts the thread-per-connection server is measured at, and what is
 * extrapolated: a Node worker thread costs megabytes, so beyond a cap (a parameter, lowered
 * further to fit a quarter of the free memory) the figures are projected from the largest
 * measured step and labelled as such.
 */

/** Pure: the most threads that fit in `budgetBytes` at `bytesPerThread`, never above `cap`. */
export function threadCap(cap: number, budgetBytes: number, bytesPerThread: number): number {
  return Math.max(1, Math.min(cap, Math.floor(budgetBytes / Math.max(1, bytesPerThread))));
}

/** Pure: steps at or below the cap are measured (plus the cap itself when steps go beyond it). */
export function planSteps(steps: number[], cap: number): { measured: number[]; extrapolated: number[] } {
  const sorted = [...new Set(steps)].sort((a, b) => a - b);
  const measured = sorted.filter((n) => n <= cap);
  const extrapolated = sorted.filter((n) => n > cap);
  if (extrapolated.length > 0 && !measured.includes(cap)) measured.push(cap);
  return { measured, extrapolated };
}

/** Pure: a linear projection to n connections from one measured step at m connections. */
export function extrapolate(m: { n: number; seconds: number; rssPerConnection: number }, n: number) {
  return { seconds: (m.seconds / m.n) * n, rssPerConnection: m.rssPerConnection };
}
