/**
 * CPU pinning for benchmarks that run a server and a load generator on one machine. The two must
 * not share a core, or each steals the other's time and the numbers measure the scheduler. With
 * `taskset` (util-linux) a child is started pinned: the load generator on the last core, servers on
 * the others. Without taskset, or on one core, nothing is pinned and the plan says so (record
 * `plan.describe` with ctx.provenance({ pinned })).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface PinningPlan {
  /** Whether children are really pinned. */
  pinned: boolean;
  /** taskset CPU lists, or null when not pinned. */
  server: string | null;
  generator: string | null;
  /** Every core: for a server that uses them all (cluster), and so competes with the generator. */
  all: string | null;
  cores: number;
  /** One line for provenance, e.g. "taskset: server on CPU 0, load generator on CPU 1 (2 cores)". */
  describe: string;
}

const list = (from: number, to: number) => (from === to ? `${from}` : `${from}-${to}`);

/** Pure: which cores go to whom, given the core count and whether taskset exists. */
export function planPinning(cores: number, hasTaskset: boolean): PinningPlan {
  if (!hasTaskset || cores < 2) {
    const why = hasTaskset ? 'one core only' : 'taskset not found';
    return {
      pinned: false,
      server: null,
      generator: null,
      all: null,
      cores,
      describe: `not pinned (${why}; ${cores} core${cores === 1 ? '' : 's'})`,
    };
  }
  const server = list(0, cores - 2);
  const generator = `${cores - 1}`;
  return {
    pinned: true,
    server,
    generator,
    all: list(0, cores - 1),
    cores,
    describe: `taskset: server on CPU ${server}, load generator on CPU ${generator} (${cores} cores; a server using every core shares them with the generator)`,
  };
}

/** Pure: the command line that runs `command args` on `cpus` (unchanged when cpus is null). */
export function pinnedCommand(cpus: string | null, command: string, args: string[]): [string, string[]] {
  return cpus ? ['taskset', ['-c', cpus, command, ...args]] : [command, args];
}

/** Whether a program is on PATH (`which`). */
export function hasProgram(name: string): boolean {
  return spawnSync('which', [name], { stdio: 'ignore' }).status === 0;
}

/** This machine's plan. */
export function detectPinning(): PinningPlan {
  return planPinning(availableParallelism(), hasProgram('taskset'));
}
