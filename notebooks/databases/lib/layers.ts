/**
 * Layers between an application and its driver, as an ORM or a service stack puts them there:
 * `depth` functions, each calling the next and doing no work of its own, so all a layer costs is
 * being one. Async layers each `await` the next, as a coroutine stack awaits (or, in the essay's
 * Python, `yield from`s) all the way down to the socket; sync layers each return the next one's
 * value. Pure: no I/O of its own, whatever the innermost call does.
 */

/** `depth` async functions around `call`, each awaiting the next. */
export function asyncLayers<A extends unknown[], R>(call: (...args: A) => Promise<R>, depth: number): (...args: A) => Promise<R> {
  let outer = call;
  for (let i = 0; i < depth; i++) {
    const inner = outer;
    outer = async (...args: A) => await inner(...args);
  }
  return outer;
}

/** `depth` plain functions around `call`, each returning the next one's value. */
export function syncLayers<A extends unknown[], R>(call: (...args: A) => R, depth: number): (...args: A) => R {
  let outer = call;
  for (let i = 0; i < depth; i++) {
    const inner = outer;
    outer = (...args: A) => inner(...args);
  }
  return outer;
}

export interface LayerCost {
  /** What one layer added to a query, in nanoseconds. */
  nsPerLayer: number;
  /** The same in per cent of a query with no layers around it. */
  layerPercent: number;
}

/** What each of `depth` layers added, from a query's time through them and its time through none (same unit). */
export function layerCost(withLayers: number, withoutLayers: number, depth: number, unitNs = 1000): LayerCost {
  if (depth <= 0) throw new Error('layerCost needs at least one layer');
  const added = (withLayers - withoutLayers) / depth;
  return { nsPerLayer: added * unitNs, layerPercent: (100 * added) / withoutLayers };
}
