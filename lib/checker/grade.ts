import { settledState, type CloudState } from "../cloud";
import type { Check } from "./checks";
import type { Ctx, NumberExpectation } from "./fields";
import { resourceKinds, type ResourceKind } from "./kinds";

/**
 * Grading: the end state against the lab's checks, never the commands typed (a learner may reach the state
 * any way the real cloud allows). Each check earns all its points or none; the lab's score is their sum.
 */

export interface CheckResult {
  id: string;
  description: string;
  points: number;
  earned: number;
  passed: boolean;
  /** What was found, in the learner's words: "Server web1 is SHUTOFF; the task wants it ACTIVE". */
  reason: string;
}

export interface Grade {
  score: number;
  total: number;
  results: CheckResult[];
}

function describeWhere(kind: ResourceKind, where: Record<string, unknown>): string {
  const parts = Object.entries(where).map(([key, value]) => {
    if (key === "name") return `named ${String(value)}`;
    const field = kind.fields[key];
    return field ? `with ${field.describe(value)}` : `${key} ${String(value)}`;
  });
  return parts.length ? ` ${parts.join(", ")}` : "";
}

function matchesWhere(ctx: Ctx, kind: ResourceKind, record: unknown, where: Record<string, unknown>): boolean {
  for (const [key, expected] of Object.entries(where)) {
    const field = kind.fields[key];
    if (!field || field.test(ctx, record, expected) !== null) return false;
  }
  return true;
}

function fitsCount(n: number, e: NumberExpectation): boolean {
  return typeof e === "number" ? n === e : (e.min === undefined || n >= e.min) && (e.max === undefined || n <= e.max);
}

function sayCount(e: NumberExpectation): string {
  if (typeof e === "number") return String(e);
  return [e.min !== undefined ? `at least ${e.min}` : "", e.max !== undefined ? `at most ${e.max}` : ""].filter(Boolean).join(" and ");
}

export function gradeCheck(state: CloudState, check: Check): CheckResult {
  const ctx: Ctx = { state };
  const kind = resourceKinds[check.resource] as ResourceKind;
  const where = kind.defaults ? { ...kind.defaults, ...check.where } : check.where;
  const candidates = kind.records(ctx).filter((record) => matchesWhere(ctx, kind, record, where));
  const result = (passed: boolean, reason: string): CheckResult => ({
    id: check.id,
    description: check.description,
    points: check.points,
    earned: passed ? check.points : 0,
    passed,
    reason,
  });
  const what = `${kind.noun}${describeWhere(kind, check.where)}`;
  switch (check.check) {
    case "absent": {
      const found = candidates[0];
      return found === undefined ? result(true, `No ${what} exists.`) : result(false, `${kind.subject(ctx, found)} still exists; the task wants it gone.`);
    }
    case "count": {
      const expected = check.count ?? 0;
      const n = candidates.length;
      return fitsCount(n, expected)
        ? result(true, `Found ${n} ${what}.`)
        : result(false, `Found ${n} ${what}; the task wants ${sayCount(expected)}.`);
    }
    case "exists": {
      if (candidates.length === 0) return result(false, `No ${what} exists.`);
      let firstFailure: string | undefined;
      for (const record of candidates) {
        let failure: string | null = null;
        for (const [key, expected] of Object.entries(check.expect)) {
          const field = kind.fields[key];
          failure = field ? field.test(ctx, record, expected) : `has no field ${key}`;
          if (failure !== null) break;
        }
        if (failure === null) {
          const said = Object.entries(check.expect).map(([key, value]) => kind.fields[key]?.describe(value) ?? key);
          return result(true, `${kind.subject(ctx, record)}${said.length ? `: ${said.join(", ")}` : " exists"}.`);
        }
        firstFailure ??= `${kind.subject(ctx, record)} ${failure}.`;
      }
      return result(false, firstFailure ?? `No ${what} exists.`);
    }
  }
}

/**
 * How long the learner is taken to wait before the grade looks: longer than any status change in flight
 * (a server build, a volume attach, a stack's resources), short enough that an object set to expire in an
 * hour is still there and still "expires within an hour".
 */
export const SETTLE_BEFORE_GRADING_MS = 60_000;

/** Grades the cloud as it will be after the learner waited a moment (see `settledState`), never a half-built one. */
export function grade(state: CloudState, checks: readonly Check[]): Grade {
  const settled = settledState(state, SETTLE_BEFORE_GRADING_MS);
  const results = checks.map((check) => gradeCheck(settled, check));
  return {
    score: results.reduce((sum, r) => sum + r.earned, 0),
    total: results.reduce((sum, r) => sum + r.points, 0),
    results,
  };
}
