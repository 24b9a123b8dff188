// The only source of randomness in lib/cloud. mulberry32 keeps its whole state in one uint32, so the
// generator's position can live inside CloudState.meta and rolls back with a failed command's draft.
import { nextUint32 } from "../random";

export { nextUint32 };

/** A small stateful wrapper for code that is not part of a cloud draft (fuzz generators, benches). */
export function createRandom(seed: number): { next(): number; int(maxExclusive: number): number; pick<T>(xs: readonly T[]): T } {
  let state = seed >>> 0;
  const next = (): number => {
    const r = nextUint32(state);
    state = r.state;
    return r.value / 0x1_0000_0000;
  };
  return {
    next,
    int: (maxExclusive) => Math.floor(next() * maxExclusive),
    pick: <T>(xs: readonly T[]): T => {
      const x = xs[Math.floor(next() * xs.length)];
      if (x === undefined) throw new Error("pick from an empty list");
      return x;
    },
  };
}
