// The virtual clock. Time is a number of milliseconds kept in CloudState.meta.now; nothing in lib/cloud
// reads the host's clock. The shell advances it a little per command so status lifecycles (BUILD → ACTIVE)
// settle "by the next command", as a script against a real cloud would after waiting.

/** DevStack-looking start time: a fixed Monday morning, so transcripts are stable. */
export const DEFAULT_EPOCH_MS = Date.UTC(2025, 0, 6, 9, 0, 0);
export const COMMAND_TICK_MS = 1_000;
export const TOKEN_LIFETIME_MS = 60 * 60 * 1_000; // keystone [token] expiration default: 3600 s

/** `2025-01-06T09:00:00Z` — keystone, neutron and heat style. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `2025-01-06T09:00:00.000000Z` — keystone token `expires`. */
export function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** `2025-01-06T09:00:00.000000` — nova/cinder `created_at` (no zone suffix). */
export function isoMicrosNoZone(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000");
}
