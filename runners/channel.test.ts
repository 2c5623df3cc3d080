import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, type CellRecord } from './channel.ts';

describe('record lines', () => {
  it('round-trips every record type', () => {
    const records: CellRecord[] = [
      { type: 'meta', preset: 'quick', params: { n: 1 }, title: 't', timeoutMs: 10 },
      { type: 'row', data: { variant: 'a', ns: 1.5, ok: true, none: null } },
      { type: 'reference', data: { variant: 'b', ns: 2 } },
      { type: 'log', stream: 'stdout', text: 'hi' },
      { type: 'progress', done: 1, total: 2, label: 'x' },
      { type: 'error', kind: 'exception', message: 'boom', at: { file: '/a.ts', line: 3, column: 1 } },
      { type: 'truncated', stream: 'stderr' },
      { type: 'done', environment: { loadGenerator: 'autocannon' } },
    ];
    for (const r of records) {
      const line = encodeRecord(r);
      expect(line.endsWith('\n')).toBe(true);
      expect(decodeRecord(line.trim())).toEqual(r);
    }
  });

  it('turns a non-JSON line into a protocol error instead of throwing', () => {
    const r = decodeRecord('hello {');
    expect(r).toMatchObject({ type: 'error', kind: 'protocol' });
    expect((r as { message: string }).message).toContain('not JSON');
  });

  it('names the bad field of a schema-invalid record', () => {
    expect(decodeRecord('{"type":"row","data":{"x":[1,2]}}')).toMatchObject({
      type: 'error',
      kind: 'protocol',
      message: expect.stringContaining('data.x'),
    });
    expect(decodeRecord('{"type":"progress","done":1,"total":0}')).toMatchObject({
      kind: 'protocol',
      message: expect.stringContaining('total'),
    });
    expect(decodeRecord('{"type":"teleport"}')).toMatchObject({ kind: 'protocol' });
  });

  it('shortens long malformed lines in the message', () => {
    const r = decodeRecord('x'.repeat(5000)) as { message: string };
    expect(r.message.length).toBeLessThan(200);
  });
});
