// The only source of randomness in lib/cloud. mulberry32 keeps its whole state in one uint32, so the
// generator's position can live inside CloudState.meta and rolls back with a failed command's draft.
export function nextUint32(state: number): { value: number; state: number } {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { value: (t ^ (t >>> 14)) >>> 0, state: next };
}

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
