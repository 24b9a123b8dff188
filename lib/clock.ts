/** The one place that reads the wall clock; domain code takes a `Clock` so tests can fix time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date | string): Clock & { advance(ms: number): void; set(at: Date | string): void } {
  let current = new Date(at).getTime();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
    set(next: Date | string) {
      current = new Date(next).getTime();
    },
  };
}
