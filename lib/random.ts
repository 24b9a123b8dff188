/**
 * Seeded randomness for the domain (draws, shuffles): the same seed gives the same sequence, so an attempt or a
 * drill shows the same order every time it is rendered. mulberry32: small, fast, good enough for shuffling.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    const step = nextUint32(state);
    state = step.state;
    return step.value / 4_294_967_296;
  };
}

/**
 * One mulberry32 step as a pure function of its uint32 state, for callers that keep the state themselves
 * (the simulated cloud stores it in its JSON state so a failed command's draft rolls it back).
 */
export function nextUint32(state: number): { value: number; state: number } {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { value: (t ^ (t >>> 14)) >>> 0, state: next };
}

/** A seed from any string (an attempt id, a user id plus a question id), by FNV-1a. */
export function seedFrom(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Fisher–Yates on a copy. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}
