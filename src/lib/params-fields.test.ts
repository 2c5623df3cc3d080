import { describe, expect, it } from 'vitest';
import { editsOf, fieldsOf, formatField, parseField } from './params-fields.ts';

const schema = {
  type: 'object',
  properties: {
    n: { type: 'integer', minimum: 1, maximum: 100 },
    sizes: { type: 'array', items: { type: 'number', exclusiveMinimum: 0 } },
    mode: { type: 'string', enum: ['fast', 'slow'] },
    verbose: { type: 'boolean' },
    shape: { type: 'object', properties: {} },
  },
};

describe('params fields', () => {
  it('builds one field per parameter, with a kind a form can show', () => {
    expect(fieldsOf(schema)).toEqual([
      { name: 'n', kind: 'integer', hint: '≥ 1, ≤ 100' },
      { name: 'sizes', kind: 'numbers', hint: 'numbers separated by commas' },
      { name: 'mode', kind: 'enum', options: ['fast', 'slow'] },
      { name: 'verbose', kind: 'boolean' },
      { name: 'shape', kind: 'json', hint: 'JSON' },
    ]);
  });

  it('round-trips values through their text', () => {
    const [n, sizes, , , shape] = fieldsOf(schema);
    expect(parseField(sizes, formatField(sizes, [1, 2.5, 10]))).toEqual({ value: [1, 2.5, 10] });
    expect(parseField(n, formatField(n, 7))).toEqual({ value: 7 });
    expect(parseField(shape, formatField(shape, { a: [1] }))).toEqual({ value: { a: [1] } });
  });

  it('says what is wrong with text that is not a value', () => {
    const [n, sizes] = fieldsOf(schema);
    expect(parseField(n, 'ten')).toEqual({ error: 'Expected a number' });
    expect(parseField(n, '')).toEqual({ error: 'Expected a number' });
    expect(parseField(sizes, '1, x')).toEqual({ error: 'Expected numbers separated by commas' });
  });

  it('keeps only the values that differ from the preset', () => {
    expect(editsOf({ n: 2, sizes: [1, 2], mode: 'fast' }, { n: 2, sizes: [1, 3], mode: 'fast' })).toEqual({ sizes: [1, 2] });
  });
});
