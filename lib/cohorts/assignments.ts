import type { Db } from "@/db/client";
import {
  countCohortAssignmentAttemptsByAssignmentAndUser,
  getCohortAssignmentAttemptByAttempt,
  getCohortAssignmentByIdAndMember,
  insertCohortAssignmentAttempt,
} from "@/db/queries/cohorts";
import { getOpenExamAttemptByUserAndBlueprint } from "@/db/queries/exams";
import type { CohortAssignmentRow } from "@/db/schema";
import { startExamAttempt, type ExamError } from "../exam/service";
import { err, ok, type Result } from "../result";

/**
 * Exams started from an assignment. The assignment's window and attempt limit bind only these attempts (each
 * is recorded in `cohort_assignment_attempts`); the same blueprint taken as free practice stays open.
 */

export type AssignmentStartError =
  | { code: "assignment/not-found" }
  | { code: "assignment/not-an-exam" }
  | { code: "assignment/not-open-yet"; opensAt: Date }
  | { code: "assignment/closed"; closedAt: Date }
  | { code: "assignment/no-attempts-left"; allowed: number }
  | { code: "assignment/practice-attempt-open" }
  | ExamError;

const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export function assignmentStartMessage(error: AssignmentStartError): string {
  switch (error.code) {
    case "assignment/not-found":
      return "That assignment does not exist or is not for one of your cohorts.";
    case "assignment/not-an-exam":
      return "That assignment is not an exam.";
    case "assignment/not-open-yet":
      return `This assignment opens at ${utc(error.opensAt)}.`;
    case "assignment/closed":
      return `This assignment closed at ${utc(error.closedAt)}; ask your instructor if you need more time.`;
    case "assignment/no-attempts-left":
      return `You have used all ${error.allowed} ${error.allowed === 1 ? "attempt" : "attempts"} this assignment allows.`;
    case "assignment/practice-attempt-open":
      return "You have a practice attempt at this exam running; submit it first, then start the assigned one.";
    case "exam/pool-too-small":
      return "The question bank cannot fill this exam right now; ask your instructor to check the content import.";
    default:
      return "That exam could not be found.";
  }
}

/** Whether a start is allowed now: pure, so the page can say why before the learner presses Start. */
export function checkAssignmentWindow(assignment: Pick<CohortAssignmentRow, "kind" | "opensAt" | "closesAt" | "attemptsAllowed">, attemptsUsed: number, now: Date): Result<true, AssignmentStartError> {
  if (assignment.kind !== "exam") return err({ code: "assignment/not-an-exam" });
  if (now < assignment.opensAt) return err({ code: "assignment/not-open-yet", opensAt: assignment.opensAt });
  if (now >= assignment.closesAt) return err({ code: "assignment/closed", closedAt: assignment.closesAt });
  if (assignment.attemptsAllowed !== null && attemptsUsed >= assignment.attemptsAllowed) return err({ code: "assignment/no-attempts-left", allowed: assignment.attemptsAllowed });
  return ok(true);
}

export interface AssignmentStatus {
  assignment: CohortAssignmentRow;
  attemptsUsed: number;
  /** Why a start would be refused now, or null when it would go ahead (or resume). */
  refusal: string | null;
  openAttemptId: string | null;
}

export async function loadAssignmentStatus(db: Db, userId: string, assignmentId: string, blueprintId: string, now: Date): Promise<AssignmentStatus | undefined> {
  const assignment = await getCohortAssignmentByIdAndMember(db, assignmentId, userId);
  if (!assignment || !assignment.targetIds.includes(blueprintId)) return undefined;
  const [attemptsUsed, open] = await Promise.all([countCohortAssignmentAttemptsByAssignmentAndUser(db, assignmentId, userId), getOpenExamAttemptByUserAndBlueprint(db, userId, blueprintId)]);
  const link = open ? await getCohortAssignmentAttemptByAttempt(db, open.id) : undefined;
  if (open && link?.assignmentId === assignmentId) return { assignment, attemptsUsed, refusal: null, openAttemptId: open.id };
  const allowed = checkAssignmentWindow(assignment, attemptsUsed, now);
  return { assignment, attemptsUsed, refusal: allowed.ok ? (open ? assignmentStartMessage({ code: "assignment/practice-attempt-open" }) : null) : assignmentStartMessage(allowed.error), openAttemptId: null };
}

/**
 * Starts (or resumes) the learner's attempt for an exam assignment. An attempt already running for this
 * assignment resumes even after the window closed, since its own deadline governs it; a new one needs the
 * window open and an attempt left.
 */
export async function startAssignedExam(
  db: Db,
  userId: string,
  input: { assignmentId: string; blueprintId: string },
  now: Date,
  seed: number,
): Promise<Result<{ attemptId: string; created: boolean }, AssignmentStartError>> {
  const assignment = await getCohortAssignmentByIdAndMember(db, input.assignmentId, userId);
  if (!assignment || !assignment.targetIds.includes(input.blueprintId)) return err({ code: "assignment/not-found" });
  const open = await getOpenExamAttemptByUserAndBlueprint(db, userId, input.blueprintId);
  if (open) {
    const link = await getCohortAssignmentAttemptByAttempt(db, open.id);
    if (link?.assignmentId === assignment.id) return ok({ attemptId: open.id, created: false });
  }
  const used = await countCohortAssignmentAttemptsByAssignmentAndUser(db, assignment.id, userId);
  const allowed = checkAssignmentWindow(assignment, used, now);
  if (!allowed.ok) return allowed;
  if (open) return err({ code: "assignment/practice-attempt-open" });
  const started = await startExamAttempt(db, userId, input.blueprintId, now, seed);
  if (!started.ok) return started;
  // A practice attempt opened by another tab between the check and the start comes back with created=false;
  // it stays practice rather than being counted against the assignment.
  if (!started.value.created) {
    const link = await getCohortAssignmentAttemptByAttempt(db, started.value.attemptId);
    if (link?.assignmentId !== assignment.id) return err({ code: "assignment/practice-attempt-open" });
    return started;
  }
  await insertCohortAssignmentAttempt(db, { attemptId: started.value.attemptId, assignmentId: assignment.id, userId, createdAt: now });
  return started;
}
