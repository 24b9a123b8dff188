import type { Db } from "@/db/client";
import {
  getCohortMemberByCohortAndUser,
  getOpenExamAttemptByIdAndCohort,
  insertCohortAuditEntry,
  listCohortMembersByCohort,
  listExamAttemptFinishersByUsers,
  listOpenExamAttemptsByInstructor,
  updateOpenExamAttemptDeadlineById,
} from "@/db/queries/cohorts";
import { upsertExamAccommodationByUser } from "@/db/queries/exams";
import { remainingMs, type FinishedBy } from "../exam/attempt";
import { closeExamAttemptByInstructor } from "../exam/service";
import type { SessionUser } from "../auth/roles";
import { err, ok, type Result } from "../result";
import { cohortAccess, type CohortError } from "./service";

/**
 * The instructor's live view of exams in progress, and the two things they can do to one: give more time or
 * close it now. Every change goes through `cohortAccess` for the cohort named, checks the attempt belongs to a
 * learner of that cohort, and is written to the cohort's audit log with who and when.
 */

export interface LiveAttempt {
  attemptId: string;
  userId: string;
  learnerName: string;
  cohortId: string;
  cohortName: string;
  title: string;
  startedAt: Date;
  deadlineAt: Date;
  /** Milliseconds left on the attempt's own clock (0 once the deadline passed). */
  remainingMs: number;
}

/** Open attempts in the actor's cohorts (every cohort for an admin), soonest deadline first. */
export async function listLiveAttempts(db: Db, actor: SessionUser, now: Date): Promise<LiveAttempt[]> {
  const rows = await listOpenExamAttemptsByInstructor(db, actor.role === "admin" ? null : actor.id);
  return rows.map((row) => ({ ...row, remainingMs: remainingMs({ status: "open", startedAt: row.startedAt, deadlineAt: row.deadlineAt, submittedAt: null }, now) }));
}

export type MonitorError = CohortError | { code: "monitor/attempt-closed" };

export function monitorErrorMessage(error: MonitorError): string {
  return error.code === "monitor/attempt-closed" ? "That attempt has already been submitted." : "That cohort does not exist or is not one of yours.";
}

export async function extendAttempt(db: Db, actor: SessionUser, input: { cohortId: string; attemptId: string; minutes: number }, now: Date): Promise<Result<{ deadlineAt: Date }, MonitorError>> {
  const access = await cohortAccess(db, actor, input.cohortId);
  if (!access.ok) return access;
  const attempt = await getOpenExamAttemptByIdAndCohort(db, input.attemptId, input.cohortId);
  if (!attempt) return err({ code: "monitor/attempt-closed" });
  const deadlineAt = new Date(attempt.deadlineAt.getTime() + input.minutes * 60_000);
  if (!(await updateOpenExamAttemptDeadlineById(db, attempt.id, deadlineAt))) return err({ code: "monitor/attempt-closed" });
  await insertCohortAuditEntry(db, {
    cohortId: input.cohortId,
    actorId: actor.id,
    action: "attempt/extend",
    subject: attempt.id,
    details: { learnerId: attempt.userId, minutes: input.minutes, from: attempt.deadlineAt.toISOString(), to: deadlineAt.toISOString() },
    at: now,
  });
  return ok({ deadlineAt });
}

/**
 * Submits the attempt as it stands, scored like a learner's own submit but recorded as closed by an instructor
 * (`finishedBy: "instructor"`), so the learner's result and the exports say who ended it.
 */
export async function closeAttempt(db: Db, actor: SessionUser, input: { cohortId: string; attemptId: string }, now: Date): Promise<Result<true, MonitorError>> {
  const access = await cohortAccess(db, actor, input.cohortId);
  if (!access.ok) return access;
  const attempt = await getOpenExamAttemptByIdAndCohort(db, input.attemptId, input.cohortId);
  if (!attempt) return err({ code: "monitor/attempt-closed" });
  const closed = await closeExamAttemptByInstructor(db, attempt.id, now);
  if (!closed.ok || !closed.value.closedNow) return err({ code: "monitor/attempt-closed" });
  await insertCohortAuditEntry(db, {
    cohortId: input.cohortId,
    actorId: actor.id,
    action: "attempt/close",
    subject: attempt.id,
    details: { learnerId: attempt.userId, deadlineAt: attempt.deadlineAt.toISOString() },
    at: now,
  });
  return ok(true);
}

/** Extra (or less) time for one learner's future attempts; an attempt already running keeps its deadline. */
export async function setTimeMultiplier(db: Db, actor: SessionUser, input: { cohortId: string; userId: string; multiplier: number }, now: Date): Promise<Result<true, CohortError>> {
  const access = await cohortAccess(db, actor, input.cohortId);
  if (!access.ok) return access;
  if (!(await getCohortMemberByCohortAndUser(db, input.cohortId, input.userId))) return err({ code: "cohort/member-not-found" });
  await upsertExamAccommodationByUser(db, input.userId, input.multiplier, `set by ${actor.name} for cohort ${access.value.cohort.name}`, now);
  await insertCohortAuditEntry(db, { cohortId: input.cohortId, actorId: actor.id, action: "learner/time-multiplier", subject: input.userId, details: { multiplier: input.multiplier }, at: now });
  return ok(true);
}

/** How each submitted attempt of the cohort's learners ended (learner, deadline or instructor), by attempt id. */
export async function loadAttemptFinishers(db: Db, actor: SessionUser, cohortId: string): Promise<Result<Map<string, FinishedBy>, CohortError>> {
  const access = await cohortAccess(db, actor, cohortId);
  if (!access.ok) return access;
  const members = await listCohortMembersByCohort(db, cohortId);
  const rows = await listExamAttemptFinishersByUsers(db, members.map((member) => member.userId));
  return ok(new Map(rows.flatMap((row) => (row.finishedBy ? [[row.attemptId, row.finishedBy] as const] : []))));
}

/** The words the instructor's views and exports use for who ended an attempt. */
export const finishedByLabel: Record<FinishedBy, string> = { learner: "submitted by learner", deadline: "time ran out", instructor: "closed by instructor" };
