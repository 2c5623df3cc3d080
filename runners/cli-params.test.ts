import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { expects, paramsRefused, parseParam, parseParams, unknownKeys } from './cli-params.ts';
import { checkParams, describeParams } from './describe.ts';
import { cell } from './sdk.ts';
import { UserError } from '../core/errors.ts';

const definition = cell({
  params: z.object({
    trials: z.number().int().min(2),
    seconds: z.number().positive().max(30),
    concurrency: z.array(z.number().int().min(1)),
    shape: z.enum(['hello', 'db']),
  }),
  presets: {
    quick: { trials: 2, seconds: 2, concurrency: [1, 8], shape: 'hello' },
    full: { trials: 5, seconds: 5, concurrency: [1, 8, 64], shape: 'hello' },
  },
  async run() {},
});
const description = describeParams(definition);

describe('parseParam', () => {
  it('reads the value as JSON when it parses, else as text', () => {
    expect(parseParam('trials=3')).toEqual(['trials', 3]);
    expect(parseParam('concurrency=[1,8]')).toEqual(['concurrency', [1, 8]]);
    expect(parseParam('on=true')).toEqual(['on', true]);
    expect(parseParam('shape=db')).toEqual(['shape', 'db']);
    expect(parseParam('shape="3"')).toEqual(['shape', '3']);
    expect(parseParam('name=a=b')).toEqual(['name', 'a=b']);
    expect(parseParam('name=')).toEqual(['name', '']);
  });

  it('refuses what is not key=value', () => {
    expect(() => parseParam('trials')).toThrow(/not key=value/);
    expect(() => parseParam('=3')).toThrow(/not key=value/);
    expect(() => parseParam('a b=3')).toThrow(/not a parameter name/);
    expect(() => parseParam('trials')).toThrow(UserError);
  });
});

describe('parseParams', () => {
  it('collects repeated --param, none as {}', () => {
    expect(parseParams(undefined)).toEqual({});
    expect(parseParams(['trials=2', 'seconds=0.5'])).toEqual({ trials: 2, seconds: 0.5 });
  });

  it('refuses a key given twice', () => {
    expect(() => parseParams(['trials=2', 'trials=3'])).toThrow(/trials is given twice/);
  });
});

describe('expects', () => {
  it("says what a parameter's JSON Schema accepts", () => {
    const props = description.schema.properties as Record<string, Parameters<typeof expects>[0]>;
    expect(expects(props.trials)).toBe('an integer ≥ 2');
    expect(expects(props.seconds)).toBe('a number > 0 ≤ 30');
    expect(expects(props.concurrency)).toBe('an array of an integer ≥ 1');
    expect(expects(props.shape)).toBe('one of "hello", "db"');
    expect(expects({ type: 'integer', minimum: 1 })).toBe('an integer ≥ 1'); // the Python SDK's shape
    expect(expects(undefined)).toBe('any value');
  });
});

describe('unknownKeys', () => {
  it('names the cell, the unknown key and the parameters it has, with what they expect', () => {
    const error = unknownKeys('servers/hello', description, { trials: 2, rows: 10 });
    expect(error).toBeInstanceOf(UserError);
    expect(error!.message).toBe('servers/hello has no parameter "rows"');
    expect(error!.hint).toMatch(/trials \(an integer ≥ 2\), seconds \(a number > 0 ≤ 30\)/);
  });

  it('passes known keys, and refuses any key for a plain script', () => {
    expect(unknownKeys('servers/hello', description, { trials: 2, shape: 'db' })).toBeUndefined();
    expect(unknownKeys('scratch.ts', undefined, { trials: 2 })!.message).toMatch(/scratch.ts is a plain script/);
  });
});

describe('paramsRefused', () => {
  const refused = (params: Record<string, unknown>) =>
    paramsRefused('servers/hello', description, 'quick', params, checkParams(definition, 'quick', params));

  it("passes values the cell's schema accepts", () => {
    expect(refused({ trials: 2, concurrency: [1] })).toBeUndefined();
  });

  it('names the cell, the key, the value given and what the key expects', () => {
    const error = refused({ trials: 1, shape: 'nope' })!;
    expect(error.message).toMatch(/^servers\/hello: --param refused/);
    expect(error.message).toMatch(/trials \(given 1\): .*; it expects an integer ≥ 2/);
    expect(error.message).toMatch(/shape \(given "nope"\): .*; it expects one of "hello", "db"/);
    expect(error.hint).toMatch(/the quick preset's values: \{"trials":2/);
  });

  it('says so when a string was given where a number is expected', () => {
    expect(refused({ seconds: 'abc' })!.message).toMatch(
      /seconds \(given "abc"\): Expected number, received string; it expects a number > 0 ≤ 30/,
    );
  });
});
