/**
 * `node --import tsx tests/helpers/typecheck-cells.ts`: type-checks every chapter cell of the
 * checkout once, with one TypeScript program, into its type-check cache (.runs/typecheck.json).
 * Started beside the tests by tests/global-typecheck.ts.
 */
import { listCells } from '../../store/cells-fs.ts';
import { currentHash } from '../../store/stale-fs.ts';
import { typecheckCell } from '../../runners/typecheck-fs.ts';
import { ROOT } from './sandbox.ts';

for (const cell of listCells(ROOT)) {
  try {
    await typecheckCell(ROOT, cell.file, await currentHash(ROOT, cell.file));
  } catch {
    // The test that runs this cell reports what is wrong with it.
  }
}
