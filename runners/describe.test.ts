import { describe, expect, it } from 'vitest';
import { cell, z } from './sdk.ts';
import { checkParams, describeParams } from './describe.ts';

const definition = cell({
  title: 'demo',
  params: z.object({
    n: z.number().int().min(1).max(100),
    sizes: z.array(z.number().positive()),
    mode: z.enum(['fast', 'slow']),
  }),
  presets: { quick: { n: 2, sizes: [1], mode: 'fast' }, full: { n: 50, sizes: [1, 10], mode: 'slow' } },
  run() {},
});

describe('describeParams', () => {
  it('turns the zod schema into JSON Schema a form can be built from', () => {
    const d = describeParams(definition);
    expect(d.title).toBe('demo');
    const props = (d.schema as { properties: Record<string, Record<string, unknown>> }).properties;
    expect(props.n).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    expect(props.sizes).toMatchObject({ type: 'array', items: { type: 'number', exclusiveMinimum: 0 } });
    expect(props.mode).toMatchObject({ type: 'string', enum: ['fast', 'slow'] });
    expect(d.presets.full).toEqual({ n: 50, sizes: [1, 10], mode: 'slow' });
  });
});

describe('checkParams', () => {
  it('accepts edits the schema accepts, on top of the preset', () => {
    expect(checkParams(definition, 'quick', { n: 7 })).toEqual([]);
  });

  it('names each bad field with the schema’s own message', () => {
    const issues = checkParams(definition, 'quick', { n: 0, mode: 'medium' });
    expect(issues.map((i) => i.path)).toEqual(['n', 'mode']);
    expect(issues[0].message).toMatch(/greater than or equal to 1/);
    expect(issues[1].message).toMatch(/fast.*slow/);
  });
});
