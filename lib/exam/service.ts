import type { Db } from "@/db/client";
import { getBlueprintById, listBlueprintsByTitle, listCurrentQuestionsByTopic } from "@/db/queries/content";
import {
  finalizeExamAttemptById,
  getExamAccommodationByUser,
  getExamAnswerByPosition,
  getExamAttemptByIdAndUser,
  getExamAttemptItemByPosition,
  insertExamAttemptWithItems,
  listExamAnswersByAttempt,
  getExamLabCloudByAttemptAndUser,
  listExamAttemptItemsByAttempt,
  listExamAttemptsByUser,
  listOpenExamAttemptsByUser,
  listOverdueExamAttemptsByDeadline,
  upsertExamAnswerByAttempt,
  type AttemptItemWithQuestion,
  type Finalization,
} from "@/db/queries/exams";
import { listApplicableRegradesByAttempts } from "@/db/queries/cohorts";
import { getNoteTitlesByIds } from "@/db/queries/reading";
import { listLabVersionsByIds } from "@/db/queries/labs";
import type { ExamAnswerRow, ExamAttemptRow, ExamLabCloudRow } from "@/db/schema";
import type { CheckResult } from "../checker";
import { labSchema, type Lab } from "../content/labs";
import type { SessionView } from "../labs/sessions";
import { blueprintSchema, questionSchema, type Blueprint, type Question } from "../content/schema";
import { renderMarkdown } from "../content/render";
import { topics } from "../content/topics";
import { err, ok, type Result } from "../result";
import {
  attemptPhase,
  checkSave,
  clampTimeMultiplier,
  deadlineFor,
  earliestOpenDeadline,
  explainRefusedSave,
  finishedByAt,
  LATE_ANSWER_GRACE_MS,
  needsFinalizing,
  timeUsedMs,
  type AttemptPhase,
  type FinishedBy,
  type SaveError,
  type StoredAnswer,
} from "./attempt";
import { drawAttempt, type DrawError, type PoolQuestion } from "./blueprint";
import { presentExamQuestion, revealQuestion, type ExamItemView, type QuestionFeedback } from "./redact";
import { composeAttemptCloud, gradeExamLabs, labOutcome, loadLabDraw, terminalView } from "./labs";
import { describeRegrade, pickRegrades, regradedFeedback, regradedScore } from "./regrade";
import { scoreAttempt, type AttemptResult, type ScorableItem } from "./result";
import { responseSchema, type Response } from "./scoring";

/**
 * Mock exams against the database: each function loads what it needs, asks the pure modules (blueprint,
 * attempt, result, redact) what to do, and writes through db/queries/exams. The learner's id always comes from
 * the session and `now` from the server's clock; nothing the browser sends decides time or score.
 */

export type ExamError = { code: "exam/blueprint-not-found" } | { code: "exam/not-found" } | { code: "exam/still-open" } | { code: "exam/labs-clash"; labId: string } | DrawError;

const topicTitle = (id: string) => topics.find((topic) => topic.id === id)?.title ?? id;
const html = (markdown: string) => renderMarkdown(markdown).html;

function readQuestion(body: unknown): Question | undefined {
  const parsed = questionSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}

function readResponse(raw: unknown): Response | null {
  const parsed = responseSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

const storedAnswer = (row: ExamAnswerRow): StoredAnswer => ({
  position: row.position,
  response: readResponse(row.response),
  flagged: row.flagged,
  seq: row.seq,
  savedAt: row.savedAt,
});

// ---------------------------------------------------------------------------------------------------------------
// Catalogue and start

export interface CatalogueEntry {
  id: string;
  title: string;
  durationMinutes: number;
  /** The duration this learner gets, their accommodation applied. */
  yourMinutes: number;
  passMark: number;
  /** Knowledge questions, and hands-on tasks in the exam's shared cloud. */
  questionCount: number;
  taskCount: number;
  sections: { id: string; title: string; weight: number; count: number }[];
  introHtml: string;
  openAttemptId: string | null;
  attempts: number;
  bestPercent: number | null;
}

/** How many items of a kind a blueprint's draw rules take. */
function drawCount(blueprint: Blueprint, kind: "question" | "lab"): number {
  return blueprint.sections.reduce((sum, section) => sum + section.draw.reduce((inner, rule) => inner + ((rule.kind === "lab") === (kind === "lab") ? rule.count : 0), 0), 0);
}

export async function loadExamCatalogue(db: Db, userId: string, now: Date): Promise<CatalogueEntry[]> {
  await finalizeOverdueAttemptsOfUser(db, userId, now);
  const [rows, attempts, accommodation] = await Promise.all([listBlueprintsByTitle(db), listExamAttemptsByUser(db, userId), getExamAccommodationByUser(db, userId)]);
  const multiplier = clampTimeMultiplier(accommodation?.timeMultiplier);
  return rows.flatMap((row) => {
    const parsed = blueprintSchema.safeParse(row);
    if (!parsed.success) return [];
    const blueprint = parsed.data;
    const mine = attempts.filter((attempt) => attempt.blueprintId === blueprint.id);
    const scores = mine.flatMap((attempt) => (attempt.scorePercent === null ? [] : [attempt.scorePercent]));
    const sections = blueprint.sections.map((section) => ({
      id: section.id,
      title: section.title,
      weight: section.weight,
      count: section.draw.reduce((sum, rule) => sum + rule.count, 0),
    }));
    return [
      {
        id: blueprint.id,
        title: blueprint.title,
        durationMinutes: blueprint.durationMinutes,
        yourMinutes: Math.round(blueprint.durationMinutes * multiplier),
        passMark: blueprint.passMark,
        questionCount: drawCount(blueprint, "question"),
        taskCount: drawCount(blueprint, "lab"),
        sections,
        introHtml: html(blueprint.intro),
        openAttemptId: mine.find((attempt) => attempt.status === "open")?.id ?? null,
        attempts: mine.filter((attempt) => attempt.status === "submitted").length,
        bestPercent: scores.length ? Math.max(...scores) : null,
      },
    ];
  });
}

/**
 * Starts an attempt — or returns the learner's open one for this exam, so Start pressed twice, or on a second
 * device, resumes instead of drawing again. `seed` is recorded: with the pool it reproduces the draw.
 */
export async function startExamAttempt(db: Db, userId: string, blueprintId: string, now: Date, seed: number): Promise<Result<{ attemptId: string; created: boolean }, ExamError>> {
  const row = await getBlueprintById(db, blueprintId);
  const parsed = row ? blueprintSchema.safeParse(row) : undefined;
  if (!row || !parsed?.success) return err({ code: "exam/blueprint-not-found" });
  const blueprint = parsed.data;
  await finalizeOverdueAttemptsOfUser(db, userId, now);
  const pool: PoolQuestion[] = (await listCurrentQuestionsByTopic(db)).flatMap(({ version }) => {
    const question = readQuestion(version.body);
    return question ? [{ versionId: version.id, question }] : [];
  });
  const wantsLabs = blueprint.sections.some((section) => section.draw.some((rule) => rule.kind === "lab"));
  const labPool = wantsLabs ? await loadLabDraw(db) : undefined;
  const drawn = drawAttempt(blueprint, pool, seed, labPool?.draw);
  if (!drawn.ok) return drawn;
  // The real exam gives one environment for every task: all drawn labs' setups go into one cloud, in item order.
  const drawnLabs = drawn.value.flatMap((item) => (item.kind === "lab" ? [labPool?.labs.get(item.labId)?.lab] : [])).filter((lab): lab is Lab => !!lab);
  const cloud = drawnLabs.length ? composeAttemptCloud(drawnLabs) : undefined;
  if (cloud && !cloud.ok) return err({ code: "exam/labs-clash", labId: cloud.error.labId });
  const multiplier = clampTimeMultiplier((await getExamAccommodationByUser(db, userId))?.timeMultiplier);
  const { attempt, created } = await insertExamAttemptWithItems(
    db,
    {
      userId,
      blueprintId: blueprint.id,
      blueprint: {
        id: blueprint.id,
        title: blueprint.title,
        durationMinutes: blueprint.durationMinutes,
        passMark: blueprint.passMark,
        sections: blueprint.sections.map(({ id, title, weight }) => ({ id, title, weight })),
      },
      seed,
      timeMultiplier: multiplier,
      startedAt: now,
      deadlineAt: deadlineFor(now, blueprint.durationMinutes, multiplier),
    },
    drawn.value.map((item) =>
      item.kind === "question"
        ? {
            position: item.position,
            kind: "question" as const,
            sectionId: item.sectionId,
            topic: item.topic,
            points: item.points,
            questionVersionId: item.questionVersionId,
            answerKind: item.answerKind,
            displayOrder: item.displayOrder,
          }
        : { position: item.position, kind: "lab" as const, sectionId: item.sectionId, topic: item.topic, points: item.points, labId: item.labId, labVersionId: item.labVersionId },
    ),
    cloud?.value,
  );
  return ok({ attemptId: attempt.id, created });
}

// ---------------------------------------------------------------------------------------------------------------
// Finalization

/**
 * Closes an attempt: every question scored, and every lab graded by its checks against the attempt's shared cloud
 * as the learner left it (read inside the finalizing transaction, so a command in flight is graded or refused).
 * Questions an instructor regraded for the learner's cohort (lib/cohorts/regrade says whose regrades apply) are
 * scored with the regrade, so a decision made while the attempt was open, or before it started, holds.
 */
async function finalize(db: Db, attemptId: string, now: Date, requestedBy: FinishedBy) {
  return finalizeExamAttemptById(db, attemptId, async (attempt, items, answers, cloud, tx): Promise<Finalization> => {
    const byPosition = new Map(answers.map((answer) => [answer.position, answer]));
    const regrades = pickRegrades((await listApplicableRegradesByAttempts(tx, [attempt.id])).map((row) => ({ ...row, source: row.cohortId })));
    const graded = await gradeExamLabs(
      tx,
      items.flatMap(({ item }) => (item.kind === "lab" ? [{ position: item.position, labVersionId: item.labVersionId }] : [])),
      cloud,
    );
    const labOutcomes = new Map([...graded].map(([position, review]) => [position, labOutcome(review)]));
    const scorable: ScorableItem[] = items.flatMap(({ item, questionBody }): ScorableItem[] => {
      const base = { position: item.position, sectionId: item.sectionId, topic: item.topic, points: item.points };
      if (item.kind === "lab") return [{ ...base, kind: "lab", labId: item.labId ?? "", outcome: labOutcomes.get(item.position) }];
      const question = readQuestion(questionBody);
      return question ? [{ ...base, kind: "question", question, response: byPosition.get(item.position)?.response ?? null, regrade: regrades.get(question.id) }] : [];
    });
    const finishedBy = finishedByAt(attempt, now, requestedBy);
    const result = scoreAttempt({
      items: scorable,
      sections: attempt.blueprint.sections,
      topicTitle,
      topicOrder: topics.map((topic) => topic.id),
      passMark: attempt.blueprint.passMark,
      timeUsedMs: timeUsedMs(attempt, now),
      allowedMs: attempt.deadlineAt.getTime() - attempt.startedAt.getTime(),
      finishedBy,
    });
    return {
      finishedBy,
      // A sweep running late must not make an attempt look as if it ran past its deadline.
      submittedAt: finishedBy === "deadline" && now > attempt.deadlineAt ? attempt.deadlineAt : now,
      scorePercent: result.scorePercent,
      passed: result.passed,
      result: result as unknown as Record<string, unknown>,
    };
  });
}

/** The learner's Submit (or the browser's auto-submit at the deadline). Submitting twice returns the same result. */
export async function submitExamAttempt(db: Db, userId: string, attemptId: string, now: Date): Promise<Result<{ attemptId: string; closedNow: boolean }, ExamError>> {
  const attempt = await getExamAttemptByIdAndUser(db, attemptId, userId);
  if (!attempt) return err({ code: "exam/not-found" });
  const closed = await finalize(db, attempt.id, now, "learner");
  if (!closed) return err({ code: "exam/not-found" });
  return ok({ attemptId: attempt.id, closedNow: closed.closedNow });
}

/**
 * An instructor's "close now" from the live monitor (lib/cohorts/monitor checks who may): scored like a submit, but
 * recorded as closed by the instructor, so the learner's result says so instead of claiming they submitted.
 */
export async function closeExamAttemptByInstructor(db: Db, attemptId: string, now: Date): Promise<Result<{ attemptId: string; closedNow: boolean }, ExamError>> {
  const closed = await finalize(db, attemptId, now, "instructor");
  if (!closed) return err({ code: "exam/not-found" });
  return ok({ attemptId, closedNow: closed.closedNow });
}

async function finalizeOverdueAttemptsOfUser(db: Db, userId: string, now: Date): Promise<void> {
  for (const attempt of await listOpenExamAttemptsByUser(db, userId)) {
    if (needsFinalizing(attempt, now)) await finalize(db, attempt.id, now, "deadline");
  }
}

/**
 * Finalizes every attempt whose deadline and grace have passed, whoever owns it: the server's half of
 * auto-submit, for learners who closed the browser. Returns how many it closed.
 */
export async function finalizeOverdueAttempts(db: Db, now: Date, batch = 100): Promise<number> {
  let closed = 0;
  for (;;) {
    const overdue = await listOverdueExamAttemptsByDeadline(db, earliestOpenDeadline(now), batch);
    for (const { id } of overdue) if ((await finalize(db, id, now, "deadline"))?.closedNow) closed += 1;
    if (overdue.length < batch) return closed;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The open attempt, as the browser sees it

export type QuestionItemView = Extract<ExamItemView, { kind: "question" }>;

/** A question with its Markdown rendered, and nothing that gives the answer away. */
export type RenderedQuestion =
  | { kind: "single" | "multiple"; stemHtml: string; options: { key: string; html: string }[] }
  | { kind: "truefalse" | "short" | "command"; stemHtml: string }
  | { kind: "ordering"; stemHtml: string; items: { position: number; html: string }[] };

export type AttemptItemDto =
  | { kind: "question"; position: number; sectionId: string; topic: string; difficulty: string; question: RenderedQuestion }
  | {
      kind: "lab";
      position: number;
      sectionId: string;
      topic: string;
      labId: string;
      title: string;
      difficulty: string;
      estimateMinutes: number;
      /** Whose credentials the task is done with: `~/<user>-openrc` is in the home folder. */
      user: string;
      project: string;
      /** The task only: never its checks, hints or solution. */
      taskHtml: string;
    };

export interface AttemptDto {
  attemptId: string;
  title: string;
  startedAt: string;
  deadlineAt: string;
  /** The server's clock when the page was built: the browser measures its skew against it. */
  serverNow: string;
  graceMs: number;
  sections: { id: string; title: string }[];
  items: AttemptItemDto[];
  /** The learner's own saved answers (named so a key scan can tell them from answer keys). */
  savedAnswers: { position: number; response: Response | null; flagged: boolean; seq: number }[];
  /** The shared cloud's terminal (prompt and what it showed so far), when the attempt has labs. */
  terminal: SessionView | null;
}

function renderQuestionView(view: ReturnType<typeof presentExamQuestion>): RenderedQuestion {
  switch (view.kind) {
    case "single":
    case "multiple":
      return { kind: view.kind, stemHtml: html(view.stem), options: view.options.map((option) => ({ key: option.key, html: html(option.text) })) };
    case "ordering":
      return { kind: "ordering", stemHtml: html(view.stem), items: view.items.map((item) => ({ position: item.position, html: html(item.text) })) };
    case "truefalse":
    case "short":
    case "command":
      return { kind: view.kind, stemHtml: html(view.stem) };
  }
}

async function loadLabsOf(db: Db, items: readonly AttemptItemWithQuestion[]): Promise<Map<string, Lab>> {
  const ids = items.flatMap(({ item }) => (item.kind === "lab" && item.labVersionId ? [item.labVersionId] : []));
  const rows = await listLabVersionsByIds(db, ids);
  return new Map(rows.flatMap((row) => {
    const parsed = labSchema.safeParse(row.body);
    return parsed.success ? [[row.id, parsed.data] as const] : [];
  }));
}

function itemDto({ item, questionBody }: AttemptItemWithQuestion, labs: ReadonlyMap<string, Lab>): AttemptItemDto | undefined {
  if (item.kind === "lab") {
    const lab = item.labVersionId ? labs.get(item.labVersionId) : undefined;
    if (!lab) return undefined;
    return {
      kind: "lab",
      position: item.position,
      sectionId: item.sectionId,
      topic: item.topic,
      labId: lab.id,
      title: lab.title,
      difficulty: lab.difficulty,
      estimateMinutes: lab.estimateMinutes,
      user: lab.user,
      project: lab.project,
      taskHtml: html(lab.task),
    };
  }
  const question = readQuestion(questionBody);
  if (!question) return undefined;
  return {
    kind: "question",
    position: item.position,
    sectionId: item.sectionId,
    topic: item.topic,
    difficulty: question.difficulty,
    question: renderQuestionView(presentExamQuestion(question, item.displayOrder ?? null)),
  };
}

export type AttemptState = { state: "open"; attempt: AttemptDto } | { state: "submitted"; attemptId: string };

/**
 * Reads an attempt for its learner. An attempt whose time (and grace) ran out is finalized here first, so a
 * learner coming back after the deadline lands on the result — nobody has to wait for the sweep.
 */
export async function loadAttempt(db: Db, userId: string, attemptId: string, now: Date): Promise<Result<AttemptState, ExamError>> {
  let attempt = await getExamAttemptByIdAndUser(db, attemptId, userId);
  if (!attempt) return err({ code: "exam/not-found" });
  if (needsFinalizing(attempt, now)) attempt = (await finalize(db, attempt.id, now, "deadline"))?.attempt ?? attempt;
  if (attempt.status !== "open") return ok({ state: "submitted", attemptId: attempt.id });
  const [items, answers, cloud] = await Promise.all([
    listExamAttemptItemsByAttempt(db, attempt.id),
    listExamAnswersByAttempt(db, attempt.id),
    getExamLabCloudByAttemptAndUser(db, attempt.id, userId),
  ]);
  const labs = await loadLabsOf(db, items);
  return ok({
    state: "open",
    attempt: {
      attemptId: attempt.id,
      title: attempt.blueprint.title,
      startedAt: attempt.startedAt.toISOString(),
      deadlineAt: attempt.deadlineAt.toISOString(),
      serverNow: now.toISOString(),
      graceMs: LATE_ANSWER_GRACE_MS,
      sections: attempt.blueprint.sections.map(({ id, title }) => ({ id, title })),
      items: items.flatMap((row) => itemDto(row, labs) ?? []),
      savedAnswers: answers.map((answer) => ({ position: answer.position, response: readResponse(answer.response), flagged: answer.flagged, seq: answer.seq })),
      terminal: cloud ? terminalView(cloud) : null,
    },
  });
}

/** The small state a reconnecting page asks for: where the attempt stands and the server's copy of each answer. */
export interface AttemptSync {
  phase: AttemptPhase;
  deadlineAt: string;
  serverNow: string;
  /** The learner's own saved answers (named so a key scan can tell them from answer keys). */
  savedAnswers: { position: number; response: Response | null; flagged: boolean; seq: number }[];
}

export async function loadAttemptSync(db: Db, userId: string, attemptId: string, now: Date): Promise<Result<AttemptSync, ExamError>> {
  let attempt = await getExamAttemptByIdAndUser(db, attemptId, userId);
  if (!attempt) return err({ code: "exam/not-found" });
  if (needsFinalizing(attempt, now)) attempt = (await finalize(db, attempt.id, now, "deadline"))?.attempt ?? attempt;
  const answers = await listExamAnswersByAttempt(db, attempt.id);
  return ok({
    phase: attemptPhase(attempt, now),
    deadlineAt: attempt.deadlineAt.toISOString(),
    serverNow: now.toISOString(),
    savedAnswers: answers.map((answer) => ({ position: answer.position, response: readResponse(answer.response), flagged: answer.flagged, seq: answer.seq })),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Saves

export interface SaveAck {
  position: number;
  seq: number;
  savedAt: string;
  serverNow: string;
}

/**
 * Saves one item's answer. The hot path is a single guarded upsert; only a refused save pays for the reads
 * that explain why (closed, stale — with the server's newer copy — or not found).
 */
export async function saveExamAnswer(db: Db, userId: string, attemptId: string, input: unknown, now: Date): Promise<Result<SaveAck, SaveError>> {
  const checked = checkSave(input, now);
  if (!checked.ok) return checked;
  const save = checked.value;
  const written = await upsertExamAnswerByAttempt(db, {
    attemptId,
    userId,
    position: save.position,
    response: save.response,
    flagged: save.flagged,
    seq: save.seq,
    now,
    earliestDeadline: earliestOpenDeadline(now),
  });
  if (written) return ok({ position: save.position, seq: written.seq, savedAt: written.savedAt.toISOString(), serverNow: now.toISOString() });
  const attempt = await getExamAttemptByIdAndUser(db, attemptId, userId);
  const [item, stored] = attempt
    ? await Promise.all([getExamAttemptItemByPosition(db, attempt.id, save.position), getExamAnswerByPosition(db, attempt.id, save.position)])
    : [undefined, undefined];
  return err(explainRefusedSave(attempt, item, stored ? storedAnswer(stored) : undefined, save, now));
}

// ---------------------------------------------------------------------------------------------------------------
// Result, review, history

export interface ResultDto {
  attemptId: string;
  title: string;
  startedAt: string;
  submittedAt: string;
  result: AttemptResult;
}

async function loadClosedAttempt(db: Db, userId: string, attemptId: string, now: Date): Promise<Result<ExamAttemptRow, ExamError>> {
  let attempt = await getExamAttemptByIdAndUser(db, attemptId, userId);
  if (!attempt) return err({ code: "exam/not-found" });
  if (needsFinalizing(attempt, now)) attempt = (await finalize(db, attempt.id, now, "deadline"))?.attempt ?? attempt;
  if (attempt.status !== "submitted" || !attempt.result || !attempt.submittedAt) return err({ code: "exam/still-open" });
  return ok(attempt);
}

export async function loadAttemptResult(db: Db, userId: string, attemptId: string, now: Date): Promise<Result<ResultDto, ExamError>> {
  const loaded = await loadClosedAttempt(db, userId, attemptId, now);
  if (!loaded.ok) return loaded;
  const attempt = loaded.value;
  return ok({
    attemptId: attempt.id,
    title: attempt.blueprint.title,
    startedAt: attempt.startedAt.toISOString(),
    submittedAt: (attempt.submittedAt as Date).toISOString(),
    result: attempt.result as unknown as AttemptResult,
  });
}

export interface ReviewItemDto {
  position: number;
  kind: "question";
  questionId: string;
  sectionTitle: string;
  topicTitle: string;
  points: number;
  earned: number;
  answered: boolean;
  question: RenderedQuestion;
  /** What the learner answered, in display terms. */
  response: Response | null;
  flagged: boolean;
  feedback: QuestionFeedback & { explanationHtml: string; correctAnswerHtml?: string; correctOrderHtml?: string[]; optionFeedbackHtml?: { key: string; html: string }[] };
  notes: { id: string; title: string }[];
  /** Set when an instructor regraded the question after it was written: what changed, for the learner to read. */
  regradeNote?: string;
}

/** A lab item after submission: each check with the reason it passed or failed, and what the learner typed. */
export interface LabReviewItemDto {
  position: number;
  kind: "lab";
  labId: string;
  title: string;
  sectionTitle: string;
  topicTitle: string;
  points: number;
  earned: number;
  taskHtml: string;
  checks: CheckResult[];
  /** Commands typed while this lab was on screen. */
  transcript: string;
}

export interface ReviewDto extends ResultDto {
  items: ReviewItemDto[];
  labs: LabReviewItemDto[];
  /** The attempt's whole terminal session (labs share one cloud), or null when it had no labs. */
  terminalTranscript: string | null;
  /**
   * Questions scored below full marks. This is the seam for the flashcards feature (lib/srs): an "add the ones I
   * got wrong to my flashcards" button hands these ids to it; the review page shows the list until then.
   */
  wrongQuestionIds: string[];
}

/** Every item after submission: the learner's answer beside the key, the explanation and the notes that teach it. */
export async function loadAttemptReview(db: Db, userId: string, attemptId: string, now: Date): Promise<Result<ReviewDto, ExamError>> {
  const loaded = await loadAttemptResult(db, userId, attemptId, now);
  if (!loaded.ok) return loaded;
  const [items, answers, cloud] = await Promise.all([
    listExamAttemptItemsByAttempt(db, attemptId),
    listExamAnswersByAttempt(db, attemptId),
    getExamLabCloudByAttemptAndUser(db, attemptId, userId),
  ]);
  const byPosition = new Map(answers.map((answer) => [answer.position, answer]));
  const attemptResult = loaded.value.result;
  const labItems = await reviewLabs(db, items, cloud, attemptResult);
  const sectionTitles = new Map(attemptResult.sections.map((section) => [section.id, section.title]));
  const noteIds = new Set<string>();
  const questions = items.flatMap(({ item, questionBody }) => {
    const question = item.kind === "question" ? readQuestion(questionBody) : undefined;
    if (question) question.noteIds.forEach((id) => noteIds.add(id));
    return question ? [{ item, question }] : [];
  });
  const noteTitles = new Map((await getNoteTitlesByIds(db, [...noteIds])).map((note) => [note.id, note.title]));
  const reviewItems: ReviewItemDto[] = questions.map(({ item, question }) => {
    const answer = byPosition.get(item.position);
    const response = answer ? readResponse(answer.response) : null;
    const scored = attemptResult.items.find((entry) => entry.position === item.position);
    // The regrade stored with the item is the one it was scored under: the review shows that key, never a newer one.
    const regrade = scored?.regrade;
    const score = regradedScore(question, response, regrade);
    const feedback = regradedFeedback(question, revealQuestion(question, response ?? { kind: "multiple", choices: [] }, score), regrade);
    return {
      position: item.position,
      kind: "question",
      questionId: question.id,
      sectionTitle: sectionTitles.get(item.sectionId) ?? item.sectionId,
      topicTitle: topicTitle(item.topic),
      points: item.points,
      earned: scored?.earned ?? 0,
      answered: !!response,
      question: renderQuestionView(presentExamQuestion(question, item.displayOrder ?? null)),
      response,
      flagged: answer?.flagged ?? false,
      feedback: {
        ...feedback,
        explanationHtml: html(feedback.explanation),
        correctAnswerHtml: feedback.correctAnswer ? html(question.kind === "short" || question.kind === "command" ? `\`${feedback.correctAnswer}\`` : feedback.correctAnswer) : undefined,
        correctOrderHtml: feedback.correctOrder?.map(html),
        optionFeedbackHtml: feedback.optionFeedback?.map((entry) => ({ key: entry.key, html: html(entry.feedback) })),
      },
      notes: question.noteIds.flatMap((id) => {
        const title = noteTitles.get(id);
        return title ? [{ id, title }] : [];
      }),
      ...(regrade ? { regradeNote: `Your instructor ${describeRegrade(question, regrade)}.` } : {}),
    };
  });
  return ok({
    ...loaded.value,
    items: reviewItems,
    labs: labItems,
    terminalTranscript: cloud ? cloud.transcript.map((entry) => `${entry.prompt}${entry.input}\n${entry.stdout}${entry.stderr}`).join("") : null,
    wrongQuestionIds: reviewItems.filter((item) => !item.feedback.correct).map((item) => item.questionId),
  });
}

/**
 * Regrades each lab from the stored cloud: the cloud no longer changes after submission and grading is pure, so
 * this shows exactly the checks that were scored, without storing them twice.
 */
async function reviewLabs(db: Db, items: readonly AttemptItemWithQuestion[], cloud: ExamLabCloudRow | undefined, result: AttemptResult): Promise<LabReviewItemDto[]> {
  const labItems = items.flatMap(({ item }) => (item.kind === "lab" ? [item] : []));
  const graded = await gradeExamLabs(db, labItems.map((item) => ({ position: item.position, labVersionId: item.labVersionId })), cloud);
  const sectionTitles = new Map(result.sections.map((section) => [section.id, section.title]));
  return labItems.flatMap((item) => {
    const review = graded.get(item.position);
    if (!review) return [];
    return [
      {
        position: item.position,
        kind: "lab" as const,
        labId: review.lab.id,
        title: review.lab.title,
        sectionTitle: sectionTitles.get(item.sectionId) ?? item.sectionId,
        topicTitle: topicTitle(item.topic),
        points: item.points,
        earned: result.items.find((entry) => entry.position === item.position)?.earned ?? 0,
        taskHtml: html(review.lab.task),
        checks: review.grade.results,
        transcript: review.transcript,
      },
    ];
  });
}

export interface HistoryEntry {
  attemptId: string;
  blueprintId: string;
  title: string;
  status: "open" | "submitted";
  startedAt: string;
  submittedAt: string | null;
  finishedBy: FinishedBy | null;
  scorePercent: number | null;
  passMark: number;
  passed: boolean | null;
  timeUsedMs: number | null;
}

export interface TopicSeries {
  topic: string;
  title: string;
  /** One point per submitted attempt that had items of this topic, oldest first. */
  points: { at: string; percent: number; attemptId: string }[];
}

export interface HistoryDto {
  attempts: HistoryEntry[];
  topics: TopicSeries[];
}

export async function loadExamHistory(db: Db, userId: string, now: Date): Promise<HistoryDto> {
  await finalizeOverdueAttemptsOfUser(db, userId, now);
  const rows = await listExamAttemptsByUser(db, userId);
  const attempts: HistoryEntry[] = rows.map((row) => {
    const result = row.result as unknown as AttemptResult | null;
    return {
      attemptId: row.id,
      blueprintId: row.blueprintId,
      title: row.blueprint.title,
      status: row.status,
      startedAt: row.startedAt.toISOString(),
      submittedAt: row.submittedAt?.toISOString() ?? null,
      finishedBy: row.finishedBy ?? null,
      scorePercent: row.scorePercent,
      passMark: row.blueprint.passMark,
      passed: row.passed,
      timeUsedMs: result?.timeUsedMs ?? null,
    };
  });
  const series = new Map<string, TopicSeries>();
  for (const row of [...rows].reverse()) {
    const result = row.result as unknown as AttemptResult | null;
    if (row.status !== "submitted" || !result || !row.submittedAt) continue;
    for (const topic of result.topics) {
      const entry = series.get(topic.id) ?? { topic: topic.id, title: topic.title, points: [] };
      entry.points.push({ at: row.submittedAt.toISOString(), percent: topic.percent, attemptId: row.id });
      series.set(topic.id, entry);
    }
  }
  const order = topics.map((topic) => topic.id as string);
  return { attempts, topics: [...series.values()].sort((a, b) => order.indexOf(a.topic) - order.indexOf(b.topic)) };
}

/** For the accommodations the learner's instructor granted (1 = standard time). */
export async function loadTimeMultiplier(db: Db, userId: string): Promise<number> {
  return clampTimeMultiplier((await getExamAccommodationByUser(db, userId))?.timeMultiplier);
}

export type { SaveError };
