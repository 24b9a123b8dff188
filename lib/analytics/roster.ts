import type { RiskReason } from "./risk";

/** One learner's line on the cohort dashboard; the page sorts and filters these, the CSV export prints them. */
export interface RosterRow {
  userId: string;
  name: string;
  email: string;
  joinedAt: Date;
  lastActiveAt: Date | null;
  notesRead: number;
  /** Share of reviews in the last 30 days not answered Again; null with no such reviews. */
  retention: number | null;
  dueNow: number;
  examBest: number | null;
  examLast: number | null;
  examAttempts: number;
  /** Share of submitted lab sessions with every check passed; null with no submitted session. */
  labPassRate: number | null;
  labSessions: number;
  timeSpentMs: number;
  risks: RiskReason[];
}

export const rosterSortKeys = ["name", "lastActive", "notesRead", "retention", "due", "examBest", "examLast", "labPassRate", "timeSpent", "risk"] as const;
export type RosterSortKey = (typeof rosterSortKeys)[number];

const sortValue: Record<RosterSortKey, (row: RosterRow) => number | string | null> = {
  name: (row) => row.name.toLowerCase(),
  lastActive: (row) => row.lastActiveAt?.getTime() ?? null,
  notesRead: (row) => row.notesRead,
  retention: (row) => row.retention,
  due: (row) => row.dueNow,
  examBest: (row) => row.examBest,
  examLast: (row) => row.examLast,
  labPassRate: (row) => row.labPassRate,
  timeSpent: (row) => row.timeSpentMs,
  risk: (row) => row.risks.length,
};

/** Sorts a copy; learners with no value for the column always go last, whichever the direction. */
export function sortRoster(rows: readonly RosterRow[], key: RosterSortKey, direction: "asc" | "desc"): RosterRow[] {
  const value = sortValue[key];
  const sign = direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null && vb === null) return a.name.localeCompare(b.name);
    if (va === null) return 1;
    if (vb === null) return -1;
    const order = typeof va === "string" || typeof vb === "string" ? String(va).localeCompare(String(vb)) : va - vb;
    return order === 0 ? a.name.localeCompare(b.name) : sign * order;
  });
}

export interface RosterFilter {
  /** Matched case-insensitively against name and email. */
  query?: string;
  atRiskOnly?: boolean;
}

export function filterRoster(rows: readonly RosterRow[], filter: RosterFilter): RosterRow[] {
  const query = filter.query?.trim().toLowerCase() ?? "";
  return rows.filter(
    (row) => (!filter.atRiskOnly || row.risks.length > 0) && (!query || row.name.toLowerCase().includes(query) || row.email.toLowerCase().includes(query)),
  );
}
