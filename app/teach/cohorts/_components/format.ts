/** Formatting shared by the cohort pages and kept out of client modules, so server components can import it. */
export const inputClass = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

export const percent = (share: number | null | undefined) => (share === null || share === undefined ? "—" : `${Math.round(share * 100)} %`);
export const score = (value: number | null | undefined) => (value === null || value === undefined ? "—" : `${Math.round(value)} %`);

export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function sinceText(at: Date | null, now: Date): string {
  if (!at) return "never";
  const days = Math.floor((now.getTime() - at.getTime()) / (24 * 60 * 60 * 1000));
  if (days <= 0) return "today";
  if (days === 1) return "yesterday";
  return `${days} days ago`;
}
