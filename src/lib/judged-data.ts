/** The project root for the site's <Ledger> and <Figure> (store/judged-fs.ts does the work). */
import { fileURLToPath } from 'node:url';
import type { FigureRef, FigureView } from '../../core/figures.ts';
import type { LedgerView } from '../../core/ledger-view.ts';
import type { Lang } from '../../core/ui-strings.ts';
import { judgedLedger, storedFigure } from '../../store/judged-fs.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

export const loadLedger = (chapter: string, lang: Lang): LedgerView => judgedLedger(ROOT, chapter, lang);
export const loadFigure = (ref: FigureRef, lang: Lang): FigureView => storedFigure(ROOT, ref, lang);
