import { describe, expect, it } from 'vitest';
import { cell, isCell, ParamsError, resolveParams, z } from './sdk.ts';

const def = cell({
  params: z.object({ n: z.number().int().positive(), label: z.string().default('x') }),
  presets: { quick: { n: 10 }, full: { n: 1000 } },
  run() {},
});

describe('sdk', () => {
  it('marks cells so the host can tell them from plain scripts', () => {
    expect(isCell(def)).toBe(true);
    expect(isCell({ run() {} })).toBe(false);
    expect(isCell(undefined)).toBe(false);
  });

  it('resolves a preset with overrides and schema defaults', () => {
    expect(resolveParams(def, 'quick')).toEqual({ n: 10, label: 'x' });
    expect(resolveParams(def, 'full', { label: 'y' })).toEqual({ n: 1000, label: 'y' });
  });

  it('refuses parameters that fail the schema, naming the field', () => {
    expect(() => resolveParams(def, 'quick', { n: -1 })).toThrow(ParamsError);
    expect(() => resolveParams(def, 'quick', { n: -1 })).toThrow(/n: Number must be greater than 0/);
  });
});
