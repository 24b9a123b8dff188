import type { Db } from "@/db/client";
import { getCurrentQuestionById } from "@/db/queries/content";
import { listCohortMembersByCohort, listCohortRegradesByCohort, listExamQuestionItemsByUsers, listPracticeAnswersByUsers, listSubmittedLabSessionsByUsers } from "@/db/queries/cohorts";
import { itemStatistics, type ItemObservation, type ItemOption, type ItemStatistics } from "../analytics";
import type { SessionUser } from "../auth/roles";
import { questionSchema, type Question } from "../content/schema";
import { questionRegradeSchema, type QuestionRegrade } from "../exam/regrade";
import { responseSchema } from "../exam/scoring";
import { err, ok, type Result } from "../result";
import { cohortAccess, type CohortError } from "./service";

/**
 * Item analysis over exam attempts. Discrimination needs a total to correlate with, and only an exam attempt
 * has one, so facility, discrimination and option counts come from submitted exam items (each item against its
 * attempt's score). Exams do not time single items, so the mean time comes from practice answers to the same
 * question, reported beside their own share correct.
 */

/** A cohort's learners, or — for admins — every learner (`null`). */
export type AnalysisScope = { cohortId: string } | { all: true };

export interface QuestionAnalysis {
  questionId: string;
  topic: string;
  kind: string | null;
  stats: ItemStatistics;
  practiceAnswers: number;
  practiceFacility: number | null;
}

export interface LabCheckAnalysis {
  labId: string;
  checkId: string;
  description: string;
  stats: ItemStatistics;
}

async function scopeUsers(db: Db, actor: SessionUser, scope: AnalysisScope): Promise<Result<string[] | null, CohortError>> {
  if ("all" in scope) return actor.role === "admin" ? ok(null) : err({ code: "cohort/not-found" });
  const access = await cohortAccess(db, actor, scope.cohortId);
  if (!access.ok) return access;
  return ok((await listCohortMembersByCohort(db, scope.cohortId)).map((member) => member.userId));
}

function readQuestion(body: unknown): Question | undefined {
  const parsed = questionSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The options whose choice counts matter: choice questions' keys, and true/false as two options. With a re-key in
 * force (the cohort's regrade), "correct" follows the corrected key, so the distractor and rejected-key flags judge
 * the key the attempts are now scored against rather than the one that was replaced.
 */
export function optionsOf(question: Question | undefined, regrade?: QuestionRegrade): ItemOption[] {
  if (!question) return [];
  const key = regrade?.mode === "rekey" ? regrade.key : undefined;
  if (question.kind === "single" || question.kind === "multiple") {
    const correct = key?.kind === "single" ? new Set([key.option]) : key?.kind === "multiple" ? new Set(key.options) : undefined;
    return question.options.map((option) => ({ key: option.key, correct: correct ? correct.has(option.key) : option.correct }));
  }
  if (question.kind === "truefalse") {
    const answer = key?.kind === "truefalse" ? key.answer : question.answer;
    return [{ key: "true", correct: answer }, { key: "false", correct: !answer }];
  }
  return [];
}

/** The regrades in force for the scope, by question: a cohort's own, none across all cohorts. One query. */
async function scopeRegrades(db: Db, scope: AnalysisScope): Promise<Map<string, QuestionRegrade>> {
  const regrades = new Map<string, QuestionRegrade>();
  if (!("cohortId" in scope)) return regrades;
  for (const row of await listCohortRegradesByCohort(db, scope.cohortId)) {
    const parsed = questionRegradeSchema.safeParse(row.mode === "rekey" ? { mode: "rekey", key: row.key } : { mode: row.mode });
    if (parsed.success) regrades.set(row.questionId, parsed.data);
  }
  return regrades;
}

function choicesOf(raw: unknown): string[] | undefined {
  const parsed = responseSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const response = parsed.data;
  if (response.kind === "single") return [response.choice];
  if (response.kind === "multiple") return response.choices;
  if (response.kind === "truefalse") return [String(response.value)];
  return undefined;
}

type ExamItemRow = Awaited<ReturnType<typeof listExamQuestionItemsByUsers>>[number];
type PracticeRow = Awaited<ReturnType<typeof listPracticeAnswersByUsers>>[number];

function analyse(questionId: string, examRows: readonly ExamItemRow[], practiceRows: readonly PracticeRow[], question: Question | undefined, regrade?: QuestionRegrade): QuestionAnalysis {
  const observations: ItemObservation[] = examRows.map((row) => ({
    respondentId: row.attemptId,
    total: row.total ?? 0,
    score: row.itemScore ?? 0,
    correct: row.itemCorrect ?? false,
    choices: choicesOf(row.response),
  }));
  const stats = itemStatistics(observations, optionsOf(question, regrade));
  const times = practiceRows.flatMap((row) => (row.timeTakenMs === null ? [] : [row.timeTakenMs]));
  return {
    questionId,
    topic: question?.topic ?? examRows[0]?.topic ?? "",
    kind: question?.kind ?? null,
    stats: { ...stats, meanTimeMs: times.length ? times.reduce((a, b) => a + b, 0) / times.length : null },
    practiceAnswers: practiceRows.length,
    practiceFacility: practiceRows.length ? practiceRows.filter((row) => row.score >= 1).length / practiceRows.length : null,
  };
}

const groupBy = <T>(rows: readonly T[], key: (row: T) => string) => {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
};

/** Every question the scope's learners met in an exam, flagged ones first, then by facility. */
export async function loadQuestionAnalyses(db: Db, actor: SessionUser, scope: AnalysisScope): Promise<Result<QuestionAnalysis[], CohortError>> {
  const users = await scopeUsers(db, actor, scope);
  if (!users.ok) return users;
  const [examRows, practiceRows, regrades] = await Promise.all([listExamQuestionItemsByUsers(db, users.value), listPracticeAnswersByUsers(db, users.value), scopeRegrades(db, scope)]);
  const exams = groupBy(examRows, (row) => row.questionId);
  const practice = groupBy(practiceRows, (row) => row.questionId);
  const analyses = await Promise.all(
    [...exams.entries()].map(async ([questionId, rows]) => {
      const current = await getCurrentQuestionById(db, questionId);
      return analyse(questionId, rows, practice.get(questionId) ?? [], readQuestion(current?.version.body), regrades.get(questionId));
    }),
  );
  return ok(analyses.sort((a, b) => b.stats.flags.length - a.stats.flags.length || (a.stats.facility ?? 1) - (b.stats.facility ?? 1) || a.questionId.localeCompare(b.questionId)));
}

export async function loadQuestionAnalysis(
  db: Db,
  actor: SessionUser,
  scope: AnalysisScope,
  questionId: string,
): Promise<Result<{ analysis: QuestionAnalysis; question: Question | undefined }, CohortError | { code: "cohort/question-not-found" }>> {
  const users = await scopeUsers(db, actor, scope);
  if (!users.ok) return users;
  const current = await getCurrentQuestionById(db, questionId);
  if (!current) return err({ code: "cohort/question-not-found" });
  const question = readQuestion(current.version.body);
  const [examRows, practiceRows, regrades] = await Promise.all([
    listExamQuestionItemsByUsers(db, users.value, questionId),
    listPracticeAnswersByUsers(db, users.value, questionId),
    scopeRegrades(db, scope),
  ]);
  return ok({ analysis: analyse(questionId, examRows, practiceRows, question, regrades.get(questionId)), question });
}

/** Each lab check: passed or not, against the share of the lab's checks the session passed. */
export async function loadLabCheckAnalyses(db: Db, actor: SessionUser, scope: AnalysisScope): Promise<Result<LabCheckAnalysis[], CohortError>> {
  const users = await scopeUsers(db, actor, scope);
  if (!users.ok) return users;
  const sessions = await listSubmittedLabSessionsByUsers(db, users.value);
  const byCheck = new Map<string, { labId: string; checkId: string; description: string; observations: ItemObservation[] }>();
  for (const session of sessions) {
    for (const check of session.grade?.results ?? []) {
      const key = `${session.labId}\u0000${check.id}`;
      const entry = byCheck.get(key) ?? { labId: session.labId, checkId: check.id, description: check.description, observations: [] };
      entry.observations.push({ respondentId: session.id, total: session.score ?? 0, score: check.points ? check.earned / check.points : check.passed ? 1 : 0, correct: check.passed });
      byCheck.set(key, entry);
    }
  }
  return ok(
    [...byCheck.values()]
      .map(({ observations, ...rest }) => ({ ...rest, stats: itemStatistics(observations) }))
      .sort((a, b) => a.labId.localeCompare(b.labId) || a.checkId.localeCompare(b.checkId)),
  );
}
