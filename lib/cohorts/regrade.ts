import type { Db } from "@/db/client";
import { getCohortRegradeByCohortAndQuestion, replaceCohortRegrade, type RegradeTarget } from "@/db/queries/cohorts";
import { getCurrentQuestionById } from "@/db/queries/content";
import type { SessionUser } from "../auth/roles";
import { questionSchema, type Question } from "../content/schema";
import { checkAnswerKey, describeRegrade, pickRegrades, questionRegradeSchema, type AnswerKey, type QuestionRegrade } from "../exam/regrade";
import { scoreItem, summarizeAttempt, type AttemptResult, type ItemResult } from "../exam/result";
import { err, ok, type Result } from "../result";
import { cohortAccess, type CohortError } from "./service";

/**
 * Regrading a bad question for one cohort, as a standing decision. Neutralizing gives every attempt full marks on
 * the item (answered or not: nobody should lose points to a broken question); re-keying scores each stored
 * response against a corrected key (any question kind; see lib/exam/regrade). The decision is stored
 * (`cohort_regrades`, one per cohort and question: a later one replaces it) and holds from then on:
 *
 * - submitted attempts are rescored at once, in the same transaction that stores it;
 * - attempts still open, or started later, are scored with it when they close (lib/exam/service's finalize looks
 *   it up, whether the learner, the deadline sweep or an instructor's "close now" closes them);
 * - "restore the original key" deletes it and rescores the same attempts without it.
 *
 * Which cohort's regrade an attempt gets (a learner may be in several cohorts): an attempt started from an
 * assignment gets only that assignment's cohort's regrades; a free attempt gets those of every cohort the learner
 * belongs to, and if two of them regraded the same question the most recent decision wins. So an instructor's
 * regrade never reaches an exam another cohort assigned, and undoing it falls back to whatever other decision
 * still applies (or to the original key). Items are rescored from the question version the attempt drew and the
 * stored response with lib/exam's own `scoreItem`, and the attempt re-summed with `summarizeAttempt`, so totals,
 * breakdowns and pass/fail agree with a fresh score. Every change is written to the cohort's audit log.
 */

export type { AnswerKey, QuestionRegrade };

export type RegradeError =
  | CohortError
  | { code: "regrade/question-not-found" }
  | { code: "regrade/cannot-rekey"; reason: string }
  | { code: "regrade/nothing-to-restore" };

export function regradeErrorMessage(error: RegradeError): string {
  switch (error.code) {
    case "regrade/question-not-found":
      return "There is no such question.";
    case "regrade/cannot-rekey":
      return error.reason;
    case "regrade/nothing-to-restore":
      return "This question has no regrade in this cohort; it is already scored with its original key.";
    default:
      return "That cohort does not exist or is not one of yours.";
  }
}

/** One attempt's result with the given items replaced, summed again. Pure. */
export function rescoreResult(result: AttemptResult, sections: readonly { id: string; title: string }[], replace: (item: ItemResult) => ItemResult): AttemptResult {
  const titles = new Map(result.topics.map((topic) => [topic.id, topic.title]));
  return summarizeAttempt(result.items.map(replace), {
    sections,
    topicTitle: (id) => titles.get(id) ?? id,
    topicOrder: result.topics.map((topic) => topic.id),
    passMark: result.passMark,
    timeUsedMs: result.timeUsedMs,
    allowedMs: result.allowedMs,
    finishedBy: result.finishedBy,
  });
}

export interface RegradeSummary {
  attempts: number;
  changed: { attemptId: string; userId: string; from: number; to: number }[];
}

function readQuestion(body: unknown): Question | undefined {
  const parsed = questionSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Rescores the question's items in each target attempt under the regrade that now applies to it (none after an
 * undo, unless another cohort's still does). Pure: the same targets always give the same scores.
 */
export function rescoreTargets(targets: readonly RegradeTarget[], questionId: string): { rows: { attemptId: string; scorePercent: number; passed: boolean; result: Record<string, unknown> }[]; summary: RegradeSummary } {
  const rows: { attemptId: string; scorePercent: number; passed: boolean; result: Record<string, unknown> }[] = [];
  const changed: RegradeSummary["changed"] = [];
  for (const { attempt, items, regrades } of targets) {
    const before = attempt.result as unknown as AttemptResult;
    const regrade = pickRegrades(regrades.map((row) => ({ ...row, source: row.cohortId }))).get(questionId);
    const byPosition = new Map<number, ItemResult>();
    for (const row of items) {
      const stored = before.items.find((item) => item.position === row.position);
      const question = readQuestion(row.body);
      if (!stored || !question) continue;
      byPosition.set(row.position, scoreItem({ kind: "question", position: stored.position, sectionId: stored.sectionId, topic: stored.topic, points: stored.points, question, response: row.response, regrade }));
    }
    const after = rescoreResult(before, attempt.blueprint.sections, (item) => byPosition.get(item.position) ?? item);
    rows.push({ attemptId: attempt.id, scorePercent: after.scorePercent, passed: after.passed, result: after as unknown as Record<string, unknown> });
    if (after.scorePercent !== before.scorePercent) changed.push({ attemptId: attempt.id, userId: attempt.userId, from: before.scorePercent, to: after.scorePercent });
  }
  return { rows, summary: { attempts: rows.length, changed } };
}

/** Neutralizes or re-keys a question for the cohort, replacing any earlier regrade of it, and rescores. */
export async function regradeQuestion(db: Db, actor: SessionUser, input: { cohortId: string; questionId: string; regrade: QuestionRegrade }, now: Date): Promise<Result<RegradeSummary, RegradeError>> {
  const access = await cohortAccess(db, actor, input.cohortId);
  if (!access.ok) return access;
  const current = await getCurrentQuestionById(db, input.questionId);
  const question = readQuestion(current?.version.body);
  if (!current || !question) return err({ code: "regrade/question-not-found" });
  let regrade: QuestionRegrade = { mode: "neutralize" };
  if (input.regrade.mode === "rekey") {
    const checked = checkAnswerKey(question, input.regrade.key);
    if (!checked.ok) return err({ code: "regrade/cannot-rekey", reason: checked.error });
    regrade = { mode: "rekey", key: checked.value };
  }
  let summary: RegradeSummary = { attempts: 0, changed: [] };
  await replaceCohortRegrade(
    db,
    { cohortId: input.cohortId, questionId: input.questionId, regrade: { mode: regrade.mode, key: regrade.mode === "rekey" ? regrade.key : null }, actorId: actor.id, now },
    (targets) => {
      const rescored = rescoreTargets(targets, input.questionId);
      summary = rescored.summary;
      return {
        rows: rescored.rows,
        audit: {
          action: regrade.mode === "neutralize" ? "question/neutralize" : "question/rekey",
          subject: input.questionId,
          details: { attempts: summary.attempts, changed: summary.changed, ...(regrade.mode === "rekey" ? { key: regrade.key } : {}), description: describeRegrade(question, regrade) },
        },
      };
    },
  );
  return ok(summary);
}

/** "Restore the original key": removes the cohort's regrade of the question and rescores the same attempts without it. */
export async function restoreQuestionKey(db: Db, actor: SessionUser, input: { cohortId: string; questionId: string }, now: Date): Promise<Result<RegradeSummary, RegradeError>> {
  const access = await cohortAccess(db, actor, input.cohortId);
  if (!access.ok) return access;
  if (!(await getCohortRegradeByCohortAndQuestion(db, input.cohortId, input.questionId))) return err({ code: "regrade/nothing-to-restore" });
  let summary: RegradeSummary = { attempts: 0, changed: [] };
  const { previous } = await replaceCohortRegrade(db, { cohortId: input.cohortId, questionId: input.questionId, regrade: null, actorId: actor.id, now }, (targets) => {
    const rescored = rescoreTargets(targets, input.questionId);
    summary = rescored.summary;
    return { rows: rescored.rows, audit: { action: "question/restore", subject: input.questionId, details: { attempts: summary.attempts, changed: summary.changed } } };
  });
  if (!previous) return err({ code: "regrade/nothing-to-restore" });
  return ok(summary);
}

export interface StandingRegrade {
  regrade: QuestionRegrade;
  description: string;
  by: string;
  at: Date;
}

/** The cohort's current regrade of a question, for the item page. */
export async function loadStandingRegrade(db: Db, actor: SessionUser, input: { cohortId: string; questionId: string }): Promise<Result<StandingRegrade | null, RegradeError>> {
  const access = await cohortAccess(db, actor, input.cohortId);
  if (!access.ok) return access;
  const row = await getCohortRegradeByCohortAndQuestion(db, input.cohortId, input.questionId);
  if (!row) return ok(null);
  const parsed = questionRegradeSchema.safeParse(row.regrade.mode === "neutralize" ? { mode: "neutralize" } : { mode: "rekey", key: row.regrade.key });
  if (!parsed.success) return ok(null);
  const current = await getCurrentQuestionById(db, input.questionId);
  return ok({ regrade: parsed.data, description: describeRegrade(readQuestion(current?.version.body), parsed.data), by: row.actorName, at: row.regrade.createdAt });
}
