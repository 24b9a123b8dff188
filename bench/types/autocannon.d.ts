// autocannon ships no types and @types/autocannon lags its API; bench/exam.ts uses only this much of it.
declare module "autocannon" {
  namespace autocannon {
    interface Result {
      requests: { average: number };
      latency: { p50: number; p90: number; p97_5: number; p99: number };
      errors: number;
      timeouts: number;
      non2xx: number;
    }
  }
  function autocannon(options: Record<string, unknown>): Promise<autocannon.Result>;
  export default autocannon;
}
