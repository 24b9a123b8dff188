const MS_PER_SECOND = 1_000;
const MS_PER_MINUTE = 60_000;

/** "1 h 05 min", "12 min", "40 s": durations as people say them. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / MS_PER_MINUTE);
  if (minutes < 1) return `${Math.round(ms / MS_PER_SECOND)} s`;
  const hours = Math.floor(minutes / 60);
  return hours ? `${hours} h ${String(minutes % 60).padStart(2, "0")} min` : `${minutes} min`;
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}

/** "14:02 UTC": the clock time of an instant on the same day as the date shown beside it. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" }) + " UTC";
}
