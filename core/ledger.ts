/**
 * A chapter's claim ledger, declared as data and judged from stored results: each claim names the
 * essay's assertion, the cell whose trials test it, the two variants (A and B, as row keys), the
 * measure, and the order the essay expects; the verdict comes from core/verdict.ts, so a verdict the
 * data does not support cannot be published, and a reader who re-measures sees the verdict for
 * their own machine. Claims the site cannot test say why instead (`untested`).
 *
 *   content/ledgers/<chapter>.json         { "claims": [Claim, ...] }  (words in English)
 *   content/ledgers/<lang>/<chapter>.json  { "<claim id>": { claim, essay, note, untested } }
 */
import { z } from 'zod';
import type { ResultsFile, RowData } from './protocol.ts';
import { measuredValues } from './measured-values.ts';
import { estimate, ratioEstimate, type Estimate } from './stats.ts';
import { matches } from './trials.ts';
import { combineVerdicts, compare, conditionVerdict, MIN_TRIALS, nearRatio, type ClaimVerdict, type Order } from './verdict.ts';

const Where = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export const Claim = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    /** The essay's assertion, in our words. */
    claim: z.string().min(1),
    /** Where and how the essay makes it (its figures, its section). */
    essay: z.string().min(1),
    /** Context a reader needs beside the verdict (never the verdict itself). */
    note: z.string().optional(),
    /** Why the site cannot test it; a claim has either this or a test. */
    untested: z.string().optional(),
    test: z
      .object({
        cell: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/),
        measure: z.string(),
        /** "higher" when a larger value is better (requests/s), "lower" for times and latencies. */
        better: z.enum(['higher', 'lower']),
        a: Where,
        /** The variant A is compared with; absent for a bound claim. */
        b: Where.optional(),
        /** The essay says A is better than B ("better"), or worse ("worse"). */
        expect: z.enum(['better', 'worse']).optional(),
        /** A bound claim ("under 1 ms"): A's interval wholly on the right side holds, wholly on the wrong side does not. */
        bound: z.number().optional(),
        /** One condition per value of these fields (a load shape, a concurrency...); absent: one condition. */
        across: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
        /** A ratio claim: the measure's A ÷ B near this target, give or take `tolerance`, instead of an order. */
        ratio: z.object({ target: z.number().positive(), tolerance: z.number().positive() }).optional(),
      })
      .strict()
      .refine((t) => (t.b !== undefined && t.expect !== undefined) !== (t.bound !== undefined), {
        message: 'a test compares A with B (b and expect) or checks A against a bound, not both',
      })
      .optional(),
  })
  .strict()
  .refine((c) => (c.test === undefined) !== (c.untested === undefined), {
    message: 'a claim has either a test or says why it is untested',
  });
export type Claim = z.infer<typeof Claim>;

export const Ledger = z.object({ claims: z.array(Claim).min(1) }).strict();
export type Ledger = z.infer<typeof Ledger>;

export const ClaimWords = z.object({ claim: z.string(), essay: z.string(), note: z.string(), untested: z.string() }).partial().strict();
export const LedgerWords = z.record(z.string(), ClaimWords);
export type LedgerWords = z.infer<typeof LedgerWords>;

export interface ConditionResult {
  /** The values of the `across` fields, or undefined for a single condition. */
  condition?: RowData;
  a: Estimate;
  /** Absent for a bound claim. */
  b?: Estimate;
  /** A / B, oriented so that above 1 means A is better. */
  advantage: Estimate;
  order: Order;
  generatorLimited: boolean;
  verdict: ClaimVerdict;
}

export interface ClaimResult {
  claim: Claim;
  conditions: ConditionResult[];
  verdict: ClaimVerdict;
}

/** Pure: one claim judged against its cell's results (undefined: the cell has none). */
export function judgeClaim(claim: Claim, results: ResultsFile | undefined): ClaimResult {
  const test = claim.test;
  if (!test || !results) return { claim, conditions: [], verdict: 'untested' };
  const across = test.across === undefined ? [] : [test.across].flat();
  const seen = new Set<string>();
  const conditions: (RowData | undefined)[] = across.length
    ? results.rows
        .filter((r) => matches(r, test.a))
        .map((r) => Object.fromEntries(across.map((k) => [k, r[k] ?? null])) as RowData)
        .filter((c) => !seen.has(JSON.stringify(c)) && !!seen.add(JSON.stringify(c)))
    : [undefined];
  const out = conditions.map((condition): ConditionResult => {
    const at = (w: RowData) => ({ ...w, ...condition });
    const a = measuredValues(results, at(test.a), test.measure);
    if (test.bound !== undefined) return boundCondition(test.bound, test.better, a, condition);
    const b = measuredValues(results, at(test.b!), test.measure);
    // Times: lower is better, so B / A is A's advantage; rates: A / B.
    const c = test.better === 'higher' ? compare(a, b) : compare(b, a);
    const cappedA = results.rows.some((r) => matches(r, at(test.a)) && r.generatorLimited === true);
    const cappedB = results.rows.some((r) => matches(r, at(test.b!)) && r.generatorLimited === true);
    const capped = cappedA || cappedB;
    const expected = test.expect === 'better' ? 'greater' : 'less';
    const verdict = test.ratio
      ? capped
        ? 'unmeasurable'
        : nearRatio(ratioEstimate(a, b), test.ratio.target, test.ratio.tolerance) // the measure's own A ÷ B, whichever way is better
      : conditionVerdict(expected, c, capped && !orderStandsCapped(test.better, c.order, cappedA, cappedB));
    return {
      ...(condition ? { condition } : {}),
      a: estimate(a),
      b: estimate(b),
      advantage: c.ratio,
      order: c.order,
      generatorLimited: capped,
      verdict,
    };
  });
  return { claim, conditions: out, verdict: combineVerdicts(out.map((c) => c.verdict)) };
}

/**
 * Pure: whether an order found between two variants stands although the generator capped one of
 * them. A capped rate is a lower bound (the server may be faster still), so the variant that won
 * on a rate may be the capped one: its lead can only be larger. A capped loser, a capped tie, or a
 * capped time (latency under a capped generator bounds nothing) cannot be told.
 */
export function orderStandsCapped(better: 'higher' | 'lower', order: Order, cappedA: boolean, cappedB: boolean): boolean {
  if (better !== 'higher') return false;
  if (order === 'greater') return !cappedB; // A ahead: only A may be capped
  if (order === 'less') return !cappedA; // B ahead: only B may be capped
  return false;
}

/** Pure: A against a bound: "better" means below it for a time, above it for a rate. */
function boundCondition(bound: number, better: 'higher' | 'lower', values: number[], condition: RowData | undefined): ConditionResult {
  const a = estimate(values);
  const verdict = boundVerdict(a, bound, better);
  return { ...(condition ? { condition } : {}), a, advantage: a, order: 'within noise', generatorLimited: false, verdict };
}

/** Pure: the written rule for a bound: the whole interval on the good side holds, on the bad side does not. */
export function boundVerdict(a: Estimate, bound: number, better: 'higher' | 'lower'): ClaimVerdict {
  if (a.n < MIN_TRIALS) return 'too few trials';
  const good = better === 'lower' ? a.hi < bound : a.lo > bound;
  const bad = better === 'lower' ? a.lo > bound : a.hi < bound;
  return good ? 'holds' : bad ? 'does not hold' : 'within noise';
}

/** Pure: a claim in one language: the translated words over the English ones. */
export function localizeClaim(claim: Claim, words: LedgerWords | undefined): Claim {
  const w = words?.[claim.id];
  return w ? { ...claim, ...w } : claim;
}

/**
 * Pure: on how many machines a claim's verdict is the one the reference machine's results give:
 * `others` are the other machines' results of the claim's cell (undefined: none, or not like with
 * like). Undefined when only the reference machine could judge it, or it is untested there.
 */
export function machineAgreement(
  claim: Claim,
  verdict: ClaimVerdict,
  others: (ResultsFile | undefined)[],
): { n: number; of: number } | undefined {
  if (verdict === 'untested') return undefined;
  const judged = others.flatMap((r) => (r ? [judgeClaim(claim, r).verdict] : []));
  if (judged.length === 0) return undefined;
  return { n: 1 + judged.filter((v) => v === verdict).length, of: 1 + judged.length };
}
