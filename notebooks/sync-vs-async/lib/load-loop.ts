/**
 * notebooks/lib/bridge.ts's answer-and-exit verbs (`pinning`, `load-tool`, `describe-load`, `load`)
 * in one long-lived process, for a Python cell that drives many short load runs: one question per
 * stdin line (`{"verb": …, "arg": …}`), one JSON line answered on stdout per question, in order
 * (`{"ok": value}` or `{"error": message}`). Starting Node with tsx takes about a second here, a
 * second per load run when every run starts a bridge; this way the load sweep pays it once. The
 * same runLoad, detectPinning and tool choice as every TypeScript cell. Ends when stdin closes (the
 * Python side finished or died). Used by ../load_loop.py.
 */
import { createInterface } from 'node:readline';
import { detectPinning } from '../../lib/cpus.ts';
import { describeLoadTool, installedLoadTools, type LoadOptions, type LoadTool, runLoad, toolOrFallback } from '../../lib/load.ts';

async function answer(verb: string, arg: unknown): Promise<unknown> {
  switch (verb) {
    case 'pinning':
      return detectPinning();
    case 'load-tool':
      return toolOrFallback((arg ?? 'wrk') as LoadTool, installedLoadTools());
    case 'describe-load':
      return describeLoadTool((arg ?? 'autocannon') as LoadTool);
    case 'load':
      return runLoad(arg as LoadOptions);
    default:
      throw new Error(`unknown verb "${verb}": pinning, load-tool, describe-load or load`);
  }
}

const say = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  try {
    const { verb, arg } = JSON.parse(line) as { verb: string; arg?: unknown };
    say({ ok: await answer(verb, arg) });
  } catch (error) {
    say({ error: error instanceof Error ? error.message : String(error) });
  }
}
process.exit(0);
