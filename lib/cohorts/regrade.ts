import type { Db } from "@/db/client";
import { listSubmittedAttemptsWithQuestionByCohort, updateRescoredExamAttempts } from "@/db/queries/cohorts";
import type { SessionUser } from "../auth/roles";
import { questionSchema, type Question } from "../content/schema";
import { scoreItem, summarizeAttempt, type AttemptResult, type ItemResult } from "../exam/result";
import { err, ok, type Result } from "../result";
import { cohortAccess, type CohortError } from "./service";

/**
 * Regrading a bad question after the fact, for the attempts of one cohort's learners. Neutralizing gives every
 * attempt full marks on the item (answered or not: nobody should lose points to a broken question); re-keying
 * scores the stored response again against the corrected key. The item is rescored with lib/exam's own
 * `scoreItem` and the attempt re-summed with `summarizeAttempt`, so totals, breakdowns and pass/fail agree with
 * a fresh score. All attempts and the log entry are written in one transaction.
 */

export type Regrade = { mode: "neutralize" } | { mode: "rekey"; correctKeys: string[] };

export type RegradeError = CohortError | { code: "regrade/no-attempts" } | { code: "regrade/cannot-rekey"; reason: string };

export function regradeErrorMessage(error: RegradeError): string {
  switch (error.code) {
    case "regrade/no-attempts":
      return "No submitted attempt in this cohort contains that question.";
    case "regrade/cannot-rekey":
      return error.reason;
    default:
      return "That cohort does not exist or is not one of yours.";
  }
}

/** The question with its key replaced; only choice questions can be re-keyed (others are neutralized). */
export function rekeyQuestion(question: Question, correctKeys: readonly string[]): Result<Question, RegradeError> {
  if (question.kind !== "single" && question.kind !== "multiple") return err({ code: "regrade/cannot-rekey", reason: "Only single- and multiple-choice questions can be re-keyed; neutralize this one instead." });
  const keys = new Set(correctKeys.map((key) => key.trim().toLowerCase()).filter(Boolean));
  const known = new Set(question.options.map((option) => option.key));
  const unknown = [...keys].filter((key) => !known.has(key));
  if (unknown.length) return err({ code: "regrade/cannot-rekey", reason: `The question has no option ${unknown.join(", ")}; its options are ${[...known].join(", ")}.` });
  if (keys.size === 0 || (question.kind === "single" && keys.size !== 1)) {
    return err({ code: "regrade/cannot-rekey", reason: question.kind === "single" ? "A single-choice question needs exactly one correct option." : "Mark at least one option correct." });
  }
  return ok({ ...question, options: question.options.map((option) => ({ ...option, correct: keys.has(option.key) })) });
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

export async function regradeQuestion(db: Db, actor: SessionUser, input: { cohortId: string; questionId: string; regrade: Regrade }, now: Date): Promise<Result<RegradeSummary, RegradeError>> {
  const access = await cohortAccess(db, actor, input.cohortId);
  if (!access.ok) return access;
  const found = await listSubmittedAttemptsWithQuestionByCohort(db, input.cohortId, input.questionId);
  if (found.length === 0) return err({ code: "regrade/no-attempts" });
  const rescored: { attemptId: string; scorePercent: number; passed: boolean; result: Record<string, unknown> }[] = [];
  const changed: RegradeSummary["changed"] = [];
  for (const { attempt, items } of found) {
    const before = attempt.result as unknown as AttemptResult;
    const byPosition = new Map<number, ItemResult>();
    for (const row of items) {
      const stored = before.items.find((item) => item.position === row.position);
      if (!stored) continue;
      if (input.regrade.mode === "neutralize") {
        byPosition.set(row.position, { ...stored, score: 1, correct: true, earned: stored.points });
        continue;
      }
      const parsed = questionSchema.safeParse(row.body);
      if (!parsed.success) continue;
      const rekeyed = rekeyQuestion(parsed.data, input.regrade.correctKeys);
      if (!rekeyed.ok) return rekeyed;
      byPosition.set(row.position, scoreItem({ kind: "question", position: stored.position, sectionId: stored.sectionId, topic: stored.topic, points: stored.points, question: rekeyed.value, response: row.response }));
    }
    const after = rescoreResult(before, attempt.blueprint.sections, (item) => byPosition.get(item.position) ?? item);
    rescored.push({ attemptId: attempt.id, scorePercent: after.scorePercent, passed: after.passed, result: after as unknown as Record<string, unknown> });
    if (after.scorePercent !== before.scorePercent) changed.push({ attemptId: attempt.id, userId: attempt.userId, from: before.scorePercent, to: after.scorePercent });
  }
  await updateRescoredExamAttempts(db, rescored, {
    cohortId: input.cohortId,
    actorId: actor.id,
    action: input.regrade.mode === "neutralize" ? "question/neutralize" : "question/rekey",
    subject: input.questionId,
    details: { attempts: rescored.length, changed, ...(input.regrade.mode === "rekey" ? { correctKeys: input.regrade.correctKeys } : {}) },
    at: now,
  });
  return ok({ attempts: rescored.length, changed });
}
