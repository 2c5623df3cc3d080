import { describe, expect, it } from 'vitest';
import { asyncLayers, layerCost, syncLayers } from './layers.ts';

describe('asyncLayers', () => {
  it('is the call itself with no layers', () => {
    const call = async (n: number) => n;
    expect(asyncLayers(call, 0)).toBe(call);
  });

  it('passes the arguments down and the value back up through every layer', async () => {
    let calls = 0;
    const call = async (a: number, b: string) => (calls++, `${b}${a}`);
    expect(await asyncLayers(call, 30)(7, 'x')).toBe('x7');
    expect(calls).toBe(1);
  });

  it('awaits once per layer: 30 layers resolve many microtask turns after the call', async () => {
    const order: string[] = [];
    const layered = asyncLayers(async () => order.push('call'), 30);
    const done = layered().then(() => order.push('layered'));
    // A promise chain 5 turns long finishes first: the value climbs 30 awaits.
    let p = Promise.resolve();
    for (let i = 0; i < 5; i++) p = p.then(() => {});
    await p.then(() => order.push('5 turns'));
    await done;
    expect(order).toEqual(['call', '5 turns', 'layered']);
  });

  it('passes a rejection up', async () => {
    const layered = asyncLayers(async () => Promise.reject(new Error('no')), 10);
    await expect(layered()).rejects.toThrow('no');
  });
});

describe('syncLayers', () => {
  it('returns the call’s value through every layer, in the same turn', () => {
    expect(syncLayers((n: number) => n * 2, 30)(21)).toBe(42);
    const call = (n: number) => n;
    expect(syncLayers(call, 0)).toBe(call);
  });
});

describe('layerCost', () => {
  it('divides what the layers added among them, in ns and as a share of a bare query', () => {
    // 50 µs bare, 53 µs through 30 layers: 100 ns a layer, 0.2 % of a query each.
    const cost = layerCost(53, 50, 30);
    expect(cost.nsPerLayer).toBeCloseTo(100);
    expect(cost.layerPercent).toBeCloseTo(0.2);
  });

  it('can come out negative: noise, not a layer that saves time', () => {
    expect(layerCost(49, 50, 10).nsPerLayer).toBeCloseTo(-100);
  });

  it('needs a layer to divide by', () => {
    expect(() => layerCost(50, 50, 0)).toThrow();
  });
});
