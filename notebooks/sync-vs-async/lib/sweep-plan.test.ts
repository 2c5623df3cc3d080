import { describe, expect, it } from 'vitest';
import { modelledRate, runSeconds } from './sweep-plan.ts';

const t = { ioMs: 20, cpuMs: 5, rounds: 3, minSeconds: 1 };

describe('the load sweep run length', () => {
  it('models a sync server by its workers and an event loop by its connections', () => {
    expect(modelledRate({ deployment: 'sync', handler: 'io', concurrency: 256 }, t, 4, 1)).toBe(200);
    expect(modelledRate({ deployment: 'async', handler: 'io', concurrency: 256 }, t, 1, 1)).toBe(12_800);
    expect(modelledRate({ deployment: 'sync', handler: 'io', concurrency: 2 }, t, 4, 1)).toBe(100);
  });

  it('caps the CPU-bound route by the cores a deployment may use', () => {
    expect(modelledRate({ deployment: 'hybrid', handler: 'cpu', concurrency: 64 }, t, 2, 1)).toBe(200);
    expect(modelledRate({ deployment: 'hybrid', handler: 'cpu', concurrency: 64 }, t, 2, 2)).toBe(400);
    expect(modelledRate({ deployment: 'async', handler: 'cpu', concurrency: 64 }, t, 1, 2)).toBe(200);
  });

  it('runs long enough for every connection to be answered `rounds` times, in whole seconds', () => {
    // 256 connections on 4 blocking workers: 1.28 s a round, three rounds.
    expect(runSeconds({ deployment: 'sync', handler: 'io', concurrency: 256 }, t, 4, 1)).toBe(4);
    expect(runSeconds({ deployment: 'async', handler: 'io', concurrency: 256 }, t, 1, 1)).toBe(1);
    expect(runSeconds({ deployment: 'sync', handler: 'io', concurrency: 1 }, t, 4, 1)).toBe(1);
  });
});
