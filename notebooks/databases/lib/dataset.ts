/**
 * The input of the bulk load, made from a seed so every variant, thread and process sees the same
 * lines: census-shaped, as in the essay. A segment's values are described by the dictionary items of
 * its matrices; each input line carries one geo record's values for one segment.
 */
import { seededRandom } from '../../lib/random.ts';

export interface Segment {
  id: number;
  /** Item counts of the segment's matrices, in sortkey order. */
  matrices: number[];
}

export interface Line {
  fileid: string;
  logrecno: number;
  /** The segment (the essay's cifsn): which dictionary items the values belong to, in order. */
  segment: number;
  values: number[];
}

export interface Dataset {
  segments: Segment[];
  geos: Array<{ fileid: string; logrecno: number }>;
  lines: Line[];
  /** Data elements in all lines: what a full load inserts. */
  rows: number;
}

const SEGMENTS = 12;
const FILES = 4;

/** At least `rows` data elements' worth of lines, geo-record by geo-record, segment by segment. */
export function makeDataset(rows: number, seed = 2015): Dataset {
  const random = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + random(hi - lo + 1);
  const segments: Segment[] = Array.from({ length: SEGMENTS }, (_, i) => ({
    id: i + 1,
    matrices: Array.from({ length: int(1, 4) }, () => int(2, 12)),
  }));
  const perGeo = segments.reduce((n, s) => n + s.matrices.reduce((a, b) => a + b, 0), 0);
  const geos = Array.from({ length: Math.ceil(rows / perGeo) }, (_, i) => ({
    fileid: `f${(i % FILES) + 1}`,
    logrecno: Math.floor(i / FILES) + 1,
  }));
  const lines: Line[] = [];
  for (const geo of geos) {
    for (const s of segments) {
      const n = s.matrices.reduce((a, b) => a + b, 0);
      lines.push({ ...geo, segment: s.id, values: Array.from({ length: n }, () => int(0, 99_999)) });
    }
  }
  return { segments, geos, lines, rows: geos.length * perGeo };
}
