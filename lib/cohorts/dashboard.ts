import type { Db } from "@/db/client";
import {
  getCohortMemberByCohortAndUser,
  listCardBacklogByUsers,
  listCohortMembersByCohort,
  listActivityTotalsByUsers,
  listLabTotalsByUsers,
  listNoteReadTotalsByUsers,
  listSubmittedExamAttemptsByUsers,
  listTopicScoresByUsers,
  listWeeklyActivityByUsers,
  type LearnerScope,
} from "@/db/queries/cohorts";
import { assessRisk, defaultRiskRules, fillWeeks, weekStartOf, type MasteryInput, type RiskRules, type RosterRow, type WeekRow } from "../analytics";
import type { SessionUser } from "../auth/roles";
import { err, ok, type Result } from "../result";
import { cohortAccess, type CohortAccess, type CohortError } from "./service";

/** How many weeks the progress charts cover. */
export const PROGRESS_WEEKS = 12;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface CohortDashboard extends CohortAccess {
  roster: RosterRow[];
  mastery: MasteryInput[];
  weeks: WeekRow[];
}

const latest = (...dates: (Date | null | undefined)[]) =>
  dates.reduce<Date | null>((best, candidate) => (candidate && (!best || candidate.getTime() > best.getTime()) ? candidate : best), null);

/** The first week the progress charts show (a Monday, UTC): the current week and the eleven before it. */
const firstChartWeek = (now: Date) => new Date(weekStartOf(now).getTime() - (PROGRESS_WEEKS - 1) * WEEK_MS);

/**
 * Per-learner rows for these members: a few grouped queries over the cohort (never one per learner), run
 * together, merged here. `scope` names the same learners for the database: the cohort, or the member ids.
 */
export async function buildRoster(
  db: Db,
  members: readonly { userId: string; name: string; email: string; joinedAt: Date }[],
  now: Date,
  rules: RiskRules = defaultRiskRules,
  scope: LearnerScope = members.map((member) => member.userId),
): Promise<RosterRow[]> {
  const [activity, backlog, exams, labs, notes] = await Promise.all([
    listActivityTotalsByUsers(db, scope, now),
    listCardBacklogByUsers(db, scope, now),
    listSubmittedExamAttemptsByUsers(db, scope),
    listLabTotalsByUsers(db, scope),
    listNoteReadTotalsByUsers(db, scope),
  ]);
  const index = <T extends { userId: string }>(rows: readonly T[]) => new Map(rows.map((row) => [row.userId, row]));
  const activityBy = index(activity);
  const backlogBy = index(backlog);
  const labsBy = index(labs);
  const notesBy = index(notes);
  const examsBy = new Map<string, typeof exams>();
  for (const attempt of exams) examsBy.set(attempt.userId, [...(examsBy.get(attempt.userId) ?? []), attempt]);

  return members.map((member) => {
    const a = activityBy.get(member.userId);
    const p = a && a.answers > 0 ? { lastAt: a.lastAnswerAt, timeMs: a.answerTimeMs } : undefined;
    const r = a && a.reviews > 0 ? { lastAt: a.lastReviewAt, timeMs: a.reviewTimeMs, recentReviews: a.recentReviews, recentPassed: a.recentPassed, lastWeek: a.lastWeek } : undefined;
    const b = backlogBy.get(member.userId);
    const l = labsBy.get(member.userId);
    const n = notesBy.get(member.userId);
    const attempts = examsBy.get(member.userId) ?? [];
    const scores = attempts.map((attempt) => ({ at: attempt.submittedAt ?? attempt.startedAt, percent: attempt.scorePercent ?? 0 }));
    const examTimeMs = attempts.reduce((sum, attempt) => sum + Math.max(0, (attempt.submittedAt ?? attempt.startedAt).getTime() - attempt.startedAt.getTime()), 0);
    const lastExam = attempts.at(-1);
    const lastActiveAt = latest(p?.lastAt, r?.lastAt, l?.lastAt, n?.lastAt, lastExam?.submittedAt);
    const dueNow = b ? Number(b.dueNow) : 0;
    return {
      userId: member.userId,
      name: member.name,
      email: member.email,
      joinedAt: member.joinedAt,
      lastActiveAt,
      notesRead: n ? Number(n.notes) : 0,
      retention: r && r.recentReviews > 0 ? r.recentPassed / r.recentReviews : null,
      dueNow,
      examBest: scores.length ? Math.max(...scores.map((score) => score.percent)) : null,
      examLast: lastExam?.scorePercent ?? null,
      examAttempts: attempts.length,
      labPassRate: l && l.submitted > 0 ? l.passed / l.submitted : null,
      labSessions: l?.submitted ?? 0,
      timeSpentMs: (p?.timeMs ?? 0) + (r?.timeMs ?? 0) + (l?.timeMs ?? 0) + examTimeMs,
      risks: assessRisk(
        { joinedAt: member.joinedAt, lastActiveAt, examScores: scores, dueNow, becameDueLastWeek: b?.becameDueLastWeek ?? 0, reviewedLastWeek: r?.lastWeek ?? 0 },
        now,
        rules,
      ),
    };
  });
}

export async function loadCohortDashboard(db: Db, actor: SessionUser, cohortId: string, now: Date): Promise<Result<CohortDashboard, CohortError>> {
  const access = await cohortAccess(db, actor, cohortId);
  if (!access.ok) return access;
  const members = await listCohortMembersByCohort(db, cohortId);
  const scope = { cohortId };
  const [roster, mastery, weekly] = await Promise.all([
    buildRoster(db, members, now, defaultRiskRules, scope),
    listTopicScoresByUsers(db, scope),
    listWeeklyActivityByUsers(db, scope, firstChartWeek(now)),
  ]);
  return ok({ ...access.value, roster, mastery, weeks: fillWeeks(weekly, now, PROGRESS_WEEKS) });
}

export interface LearnerDrillDown extends CohortAccess {
  row: RosterRow;
  mastery: MasteryInput[];
  attempts: Awaited<ReturnType<typeof listSubmittedExamAttemptsByUsers>>;
  weeks: WeekRow[];
}

/** One learner, only through a cohort the actor runs and the learner is in: no other path reaches their data. */
export async function loadLearnerDrillDown(db: Db, actor: SessionUser, cohortId: string, userId: string, now: Date): Promise<Result<LearnerDrillDown, CohortError>> {
  const access = await cohortAccess(db, actor, cohortId);
  if (!access.ok) return access;
  const member = await getCohortMemberByCohortAndUser(db, cohortId, userId);
  if (!member) return err({ code: "cohort/member-not-found" });
  const [[row], mastery, attempts, weekly] = await Promise.all([
    buildRoster(db, [member], now),
    listTopicScoresByUsers(db, [userId]),
    listSubmittedExamAttemptsByUsers(db, [userId]),
    listWeeklyActivityByUsers(db, [userId], firstChartWeek(now)),
  ]);
  if (!row) return err({ code: "cohort/member-not-found" });
  return ok({ ...access.value, row, mastery, attempts: [...attempts].reverse(), weeks: fillWeeks(weekly, now, PROGRESS_WEEKS) });
}
