import type { Db } from "@/db/client";
import type { Clock } from "../clock";
import { finalizeOverdueAttempts } from "./service";

/**
 * How often the server looks for attempts whose time ran out. An attempt is also finalized whenever anyone reads
 * it, so this only decides how soon a learner who never comes back gets a result — a minute is plenty, and
 * the query is one index scan over open attempts.
 */
export const SWEEP_INTERVAL_MS = 60_000;

export interface SweepOptions {
  getDb: () => Promise<Db>;
  clock: Clock;
  intervalMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/** Starts the periodic finalization of expired attempts; returns a function that stops it. One run at a time. */
export function startExamSweep({ getDb, clock, intervalMs = SWEEP_INTERVAL_MS, log = () => {} }: SweepOptions): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const closed = await finalizeOverdueAttempts(await getDb(), clock.now());
      if (closed) log(`exam sweep: finalized ${closed} expired ${closed === 1 ? "attempt" : "attempts"}`);
    } catch (error) {
      // The database may be restarting; the next run tries again, and reads finalize attempts meanwhile.
      log("exam sweep failed; retrying at the next interval", error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref?.();
  void run();
  return () => clearInterval(timer);
}
