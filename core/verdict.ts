/**
 * The written rules that turn measurements into words. Nothing on the site says "faster",
 * "holds" or "within noise" unless one of these functions said it from stored trials.
 *
 * Comparing A with B on one measure (see `compare`):
 * - fewer than MIN_TRIALS trials on either side: "too few trials" (nothing is ranked on one run);
 * - the 95 % interval of the ratio A / B lies wholly above 1: A is "greater";
 *   wholly below 1: "less"; it contains 1: "within noise".
 * A claim is one expected order ("greater" or "less") tested in one or more conditions (a load
 * shape, a row count...). Per condition: the expected order "holds", the opposite order "does not
 * hold", an interval across 1 is "within noise", a condition whose figures the load generator
 * capped is "unmeasurable". Over conditions: one word when all agree (unmeasurable conditions left
 * out when others were measured); "depends" when some hold and others do not.
 * A claim about a ratio ("about 3×, give or take 20 %") holds when the ratio's interval overlaps the
 * target band, and does not hold when it lies wholly outside it.
 */
import { ratioEstimate, type Estimate } from './stats.ts';

export const MIN_TRIALS = 3;

export type Order = 'greater' | 'less' | 'within noise' | 'too few trials';
export type ClaimVerdict = 'holds' | 'does not hold' | 'within noise' | 'depends' | 'unmeasurable' | 'too few trials' | 'untested';

export interface Comparison {
  ratio: Estimate;
  order: Order;
}

/** Pure: A against B over their trials (paired by position when the counts match). */
export function compare(a: number[], b: number[]): Comparison {
  const ratio = ratioEstimate(a, b);
  if (Math.min(a.length, b.length) < MIN_TRIALS || ratio.n < MIN_TRIALS) return { ratio, order: 'too few trials' };
  if (ratio.lo > 1) return { ratio, order: 'greater' };
  if (ratio.hi < 1) return { ratio, order: 'less' };
  return { ratio, order: 'within noise' };
}

/** Pure: what one condition says about a claim that expects `expected`. */
export function conditionVerdict(expected: 'greater' | 'less', comparison: Comparison, generatorLimited = false): ClaimVerdict {
  if (generatorLimited) return 'unmeasurable';
  switch (comparison.order) {
    case 'too few trials':
      return 'too few trials';
    case 'within noise':
      return 'within noise';
    default:
      return comparison.order === expected ? 'holds' : 'does not hold';
  }
}

/** Pure: the claim's verdict over all its conditions. */
export function combineVerdicts(verdicts: ClaimVerdict[]): ClaimVerdict {
  if (verdicts.length === 0) return 'untested';
  const measured = verdicts.filter((v) => v !== 'unmeasurable');
  if (measured.length === 0) return 'unmeasurable';
  const distinct = [...new Set(measured)];
  if (distinct.length === 1) return distinct[0]!;
  if (distinct.includes('too few trials')) return 'too few trials';
  return 'depends';
}

/** Pure: whether a measured ratio agrees with a target ratio give or take `tolerance` (0.2 = ±20 %). */
export function nearRatio(ratio: Estimate, target: number, tolerance: number): ClaimVerdict {
  if (ratio.n < MIN_TRIALS) return 'too few trials';
  const low = target / (1 + tolerance);
  const high = target * (1 + tolerance);
  return ratio.hi >= low && ratio.lo <= high ? 'holds' : 'does not hold';
}
