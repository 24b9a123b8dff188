// Shared by the database benchmarks: nearest-rank percentiles and a warmed-up timing loop.

/** The nearest-rank percentile (p in 0–100) of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Runs `run` `warmUp` times unmeasured, then `runs` times measured; returns p50 and p95 in milliseconds. */
export async function timeRuns(run: () => Promise<unknown>, runs: number, warmUp: number): Promise<{ p50: number; p95: number }> {
  for (let index = 0; index < warmUp; index += 1) await run();
  const samples: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}
