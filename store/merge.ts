/**
 * Whether a results file from elsewhere (another machine, a CI job's artifact, a contributor's
 * pull request) may join `public/results/machines/<id>/`, and where: the pure rules of
 * `npm run merge`, apart from the files (merge-fs.ts). A file is refused, with the reason, when it
 * is not this project's results schema, names a cell or runtime the project does not have, was
 * measured from sources other than the cell's current ones (its stale hash differs: other code,
 * or a hand-edited file), was an experiment or a dirty checkout's run, or sits in a folder that
 * is not its machine's (the id recomputed from its provenance, core/machine.ts).
 *
 * Results measure what they measure only with the sources they name, so a contribution is judged
 * against this checkout's sources, as `npm run bench -- --list` judges staleness.
 */
import { RESULTS_SCHEMA_VERSION, ResultsFile } from '../core/protocol.ts';
import { resultsRel } from '../core/results.ts';
import { runtimeIdOf, RUNTIME_IDS, type RuntimeId } from '../core/runtimes.ts';
import { machineDir, machineId, parseMachineLabel } from '../core/machine.ts';
import { isSmallerPreset } from '../core/preset-rank.ts';
import { checkDigest } from './digest.ts';

export interface MergeContext {
  /** Whether the project has this cell (notebooks/<chapter>/<cell>.ts). */
  hasCell(cellId: string): boolean;
  /**
   * The stale hash the results should carry, and what it was computed from ("generator-overhead/calls's
   * sources now"; "the sources of commit abc123"), or undefined when it cannot be known here.
   */
  expectedHash(results: ResultsFile): { value: string; from: string } | undefined;
}

export type Checked =
  | {
      ok: true;
      results: ResultsFile;
      machine: string;
      runtime: RuntimeId;
      /** Where it goes, relative to the results root: machines/<id>/<chapter>/<cell>[/<runtime>].json. */
      dest: string;
    }
  | { ok: false; reason: string };

const refuse = (reason: string): Checked => ({ ok: false, reason });

/**
 * The machine folder a path names, and the path inside it: ".../machines/<id>/servers/hello.json"
 * → { folder: "<id>", inside: "servers/hello.json" }; undefined when the path has no machines/ folder.
 */
export function machineFolderOf(path: string): { folder: string; inside: string } | undefined {
  const parts = path.split(/[\\/]+/);
  const at = parts.lastIndexOf('machines');
  if (at < 0 || at + 2 >= parts.length) return undefined;
  return { folder: parts[at + 1], inside: parts.slice(at + 2).join('/') };
}

/** Checks one results file's text; `path` is where it was found (for its machine folder). */
export function checkContribution(text: string, path: string, context: MergeContext): Checked {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return refuse(`it is not valid JSON (${(error as Error).message})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return refuse('it is not a results file (not a JSON object)');
  const schema = (raw as { schema?: unknown }).schema;
  if (schema !== RESULTS_SCHEMA_VERSION)
    return refuse(
      `it is not this project's results schema (schema ${JSON.stringify(schema)}, this project reads ${RESULTS_SCHEMA_VERSION})`,
    );
  const parsed = ResultsFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(`it does not match the results schema: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  const digest = checkDigest(raw as Record<string, unknown>);
  if (digest === 'missing') return refuse('it has no content digest (written by an older runner, or by hand): re-measure it');
  if (digest === 'mismatch') return refuse('its content digest does not match its content: it was edited after the runner wrote it');
  const results = parsed.data;
  if (results.origin) return refuse(`it is an experiment (${results.origin}), not a run of the saved cell`);
  if (results.preset === 'custom') return refuse('it was not run with a preset (quick or full)');
  if (results.rows.length === 0) return refuse('it has no rows');
  if (results.provenance.dirty) return refuse('it was measured in a checkout with uncommitted changes (provenance.dirty)');

  const { provenance, hash } = results;
  const runtime = runtimeIdOf({ name: provenance.runtime, version: provenance.runtimeVersion });
  if (!runtime)
    return refuse(
      `its runtime, ${provenance.runtime} ${provenance.runtimeVersion}, is not one this project runs on (${RUNTIME_IDS.join(', ')})`,
    );
  if (!hash.runtime) return refuse('its stale hash names no runtime (results older than runtimes as a parameter): re-measure it');
  if (!hash.runtime.startsWith(`${provenance.runtime} ${provenance.runtimeVersion}`))
    return refuse(`its stale hash was made on ${hash.runtime}, but its provenance says ${provenance.runtime} ${provenance.runtimeVersion}`);
  if (provenance.machine !== undefined && !parseMachineLabel(provenance.machine).ok)
    return refuse(`its machine label "${provenance.machine}" has no letters or digits`);

  if (!context.hasCell(results.cell)) return refuse(`the project has no cell "${results.cell}" (notebooks/${results.cell}.ts)`);
  const expected = context.expectedHash(results);
  if (expected && expected.value !== hash.value)
    return refuse(
      `its source hash does not match ${expected.from}: it was measured from other sources` +
        `${provenance.commit ? ` (commit ${provenance.commit})` : ''} or edited by hand; re-measure it from this checkout`,
    );

  const machine = machineId(provenance);
  const rel = resultsRel(results.cell, runtime);
  const folder = machineFolderOf(path);
  if (folder && folder.folder !== machine)
    return refuse(`it sits in machines/${folder.folder}/, but its provenance names machine ${machine}`);
  if (folder && folder.inside !== rel)
    return refuse(`it sits at ${folder.inside} in its machine's folder, but results of ${results.cell} on ${runtime} go to ${rel}`);
  return { ok: true, results, machine, runtime, dest: `${machineDir(machine)}/${rel}` };
}

/** What merging does with a valid file, given what is stored at its place. */
export type Placement = { action: 'add' | 'replace' | 'unchanged' } | { action: 'keep'; reason: string };

/**
 * Pure: whether valid results replace the stored ones. A smaller preset never replaces a larger
 * one's (quick never replaces full, as in `npm run bench`), and older results never replace newer
 * ones of the same preset.
 */
export function placement(incoming: ResultsFile, stored: ResultsFile | undefined, identical: boolean): Placement {
  if (!stored) return { action: 'add' };
  if (identical) return { action: 'unchanged' };
  if (isSmallerPreset(incoming.preset, stored.preset))
    return { action: 'keep', reason: `the stored ${stored.preset} results stay: a ${incoming.preset} run never replaces them` };
  if (incoming.preset === stored.preset && incoming.provenance.date < stored.provenance.date)
    return { action: 'keep', reason: `the stored results are newer (${stored.provenance.date})` };
  return { action: 'replace' };
}
