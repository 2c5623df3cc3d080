import { describe, expect, it } from 'vitest';
import type { LoadTool } from '../../lib/load.ts';
import { describeGenerators, loadShapes } from './shapes.ts';

const all = new Set<LoadTool>(['autocannon', 'ab', 'wrk']);

describe('loadShapes', () => {
  it('uses ab for the essay’s load and wrk for the rest, each with its own ceiling responder', () => {
    const shapes = loadShapes(all);
    expect(shapes.map((s) => [s.tool, s.newConnectionPerRequest, s.ceiling])).toEqual([
      ['ab', true, 'epoll-close'],
      ['wrk', true, 'epoll-close'],
      ['wrk', false, 'canned-keepalive'],
    ]);
    expect(shapes.map((s) => s.key)).toEqual(['ab', 'wrk-close', 'wrk-keep-alive']);
  });
  it('falls back to the Node responder for the new-connection shapes without Python', () => {
    expect(loadShapes(all, false).map((s) => s.ceiling)).toEqual(['canned-close', 'canned-close', 'canned-keepalive']);
  });
  it('falls back to autocannon per shape, saying so in distinct keys', () => {
    const shapes = loadShapes(new Set<LoadTool>(['autocannon']));
    expect(shapes.map((s) => s.tool)).toEqual(['autocannon', 'autocannon', 'autocannon']);
    expect(shapes.map((s) => s.key)).toEqual(['ab-autocannon', 'wrk-close-autocannon', 'wrk-keep-alive-autocannon']);
    expect(loadShapes(new Set<LoadTool>(['autocannon', 'ab'])).map((s) => s.tool)).toEqual(['ab', 'autocannon', 'autocannon']);
  });
});

describe('describeGenerators', () => {
  it('names each tool once, with the ceiling it measured per shape', () => {
    const ceilings = [19_812.4, 24_001, 163_000];
    const shapes = loadShapes(all);
    const text = describeGenerators(
      shapes,
      (s) => ({ ceiling: ceilings[shapes.indexOf(s)]!, ...(s.key === 'wrk-close' ? { outranBy: 'raw-net' } : {}) }),
      (t) => `${t} 1.0`,
    );
    expect(text).toBe(
      'ab 1.0: the essay’s load, a new connection per request, ceiling 19,812 req/s (CPython epoll responder). ' +
        'wrk 1.0: Connection: close, a new connection per request, ceiling 24,001 req/s (raw-net, faster than the CPython epoll responder); ' +
        'keep-alive, ceiling 163,000 req/s (Node canned responder).',
    );
  });
  it('says which tool was missing', () => {
    const text = describeGenerators(
      loadShapes(new Set<LoadTool>(['autocannon', 'ab'])),
      () => ({ ceiling: NaN }),
      (t) => t,
    );
    expect(text).toContain('autocannon: Connection: close, a new connection per request (wrk not installed), ceiling not measured');
  });
});
