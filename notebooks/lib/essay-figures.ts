/**
 * The essays' own published figures, quoted as reference data from
 * content/reference/seed-figures.csv (one row per figure, with the conditions it was measured in).
 */
import { readFileSync } from 'node:fs';
import { csvParse } from 'd3-dsv';

export interface EssayFigure {
  seed: string;
  article: string;
  experiment: string;
  variant: string;
  metric: string;
  value: number;
  unit: string;
  conditions: string;
}

const CSV = new URL('../../content/reference/seed-figures.csv', import.meta.url);

/** Every figure an essay published for one experiment. */
export function essayFigures(experiment: string): EssayFigure[] {
  return csvParse(readFileSync(CSV, 'utf8'))
    .filter((r) => r.experiment === experiment)
    .map((r) => ({
      seed: r.seed!,
      article: r.article!,
      experiment: r.experiment!,
      variant: r.variant!,
      metric: r.metric!,
      value: Number(r.value),
      unit: r.unit!,
      conditions: r.conditions ?? '',
    }));
}

/** One figure by its variant and metric; throws naming the CSV if it is not there. */
export function essayFigure(experiment: string, variant: string, metric: string): EssayFigure {
  const found = essayFigures(experiment).find((f) => f.variant === variant && f.metric === metric);
  if (!found) throw new Error(`no essay figure ${experiment}/${variant}/${metric} in ${CSV.pathname}`);
  return found;
}
