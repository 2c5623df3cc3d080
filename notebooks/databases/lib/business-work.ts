/**
 * The CPU part of one request's business logic in the front-end cell: rank the rows it read, the
 * kind of JSON and array work an ordinary CRUD handler does between its queries (copy the rows
 * through JSON, score them, sort them). A fixed amount of work (`iterations` rounds), calibrated
 * once by the cell to about the wanted milliseconds on this machine, and then the same in every
 * form: a time-based loop would do less work where processes or threads share a core. Pure.
 */

/** A row of the `item` table, as the SELECT returns it. */
export interface Item {
  id: number;
  category: number;
  name: string;
  price_cents: number;
  stock: number;
  sold: number;
}

export interface Ranked {
  /** Item ids, best first. */
  ids: number[];
  /** Folds every round's result, so the JIT cannot drop the work. */
  checksum: number;
}

const score = (item: Item) => (item.price_cents * (item.stock % 97)) / (item.sold + 1) + item.name.length;

/** `iterations` rounds of: copy the rows through JSON, score each, sort best first. */
export function rankItems(rows: readonly Item[], iterations: number): Ranked {
  let checksum = 0;
  let ids: number[] = rows.map((r) => r.id);
  for (let i = 0; i < iterations; i++) {
    const copy = JSON.parse(JSON.stringify(rows)) as Item[];
    const scored = copy.map((item) => ({ id: item.id, score: score(item) }));
    scored.sort((a, b) => b.score - a.score || a.id - b.id);
    ids = scored.map((s) => s.id);
    checksum = (checksum * 31 + (ids[0] ?? 0) + Math.round(scored[0]?.score ?? 0)) | 0;
  }
  return { ids, checksum };
}

/** Rows like the table's, for calibrating without a database (ids from `first`). */
export function sampleItems(count: number, first = 1): Item[] {
  return Array.from({ length: count }, (_, k) => {
    const id = first + k;
    return {
      id,
      category: 0,
      name: `item ${id}`,
      price_cents: 100 + ((id * 7919) % 10_000),
      stock: 1_000_000 - (id % 1000),
      sold: id % 13,
    };
  });
}

/** How many rounds of rankItems over `rows` take about `ms` here (best of a few timings, after a warm-up). */
export function calibrateRounds(ms: number, rows: readonly Item[], clock: () => number = () => performance.now()): number {
  rankItems(rows, 2_000);
  const probe = 500;
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = clock();
    rankItems(rows, probe);
    best = Math.min(best, clock() - t0);
  }
  return Math.max(1, Math.round((probe / Math.max(best, 1e-6)) * ms));
}
