import type { Db } from "@/db/client";
import { getExamLabCloudByAttemptAndUser, updateExamLabCloudByAttempt, type DbOrTx } from "@/db/queries/exams";
import { listCurrentLabVersions, listLabVersionsByIds } from "@/db/queries/labs";
import type { ExamLabCloudRow, ExamTranscriptEntryRow } from "@/db/schema";
import { grade, type Grade } from "../checker";
import { labSchema, type Lab } from "../content/labs";
import { err, ok, type Result } from "../result";
import { openSession, snapshotOf, type LabSnapshot } from "../labs/runtime";
import { identityOf, type SessionView } from "../labs/sessions";
import { composeSharedCloud, labsFitTogether, type ComposeError, type SharedLabSpec } from "../labs/shared-cloud";
import { earliestOpenDeadline } from "./attempt";
import type { LabDraw } from "./blueprint";
import type { LabOutcome } from "./result";

/**
 * Labs inside mock exams: the pool a blueprint draws them from, the attempt's one shared cloud, the terminal's
 * commands against it, and grading at submission. Nothing here hands the browser a check, a hint or a solution:
 * the terminal view is prompt, identity and transcript; checks run only in `gradeExamLabs`, at finalization.
 */

const MAX_TRANSCRIPT_ENTRIES = 1_000;
/** As in practice labs: long outputs are cut in the stored transcript, never in the live reply. */
const MAX_STORED_OUTPUT = 20_000;
const MAX_ATTEMPTS = 3;

function readLab(body: unknown): Lab | undefined {
  const parsed = labSchema.safeParse(body);
  return parsed.success && !parsed.data.draft ? parsed.data : undefined;
}

const sharedSpec = (lab: Lab): SharedLabSpec => lab;

/** The labs a draw may pick, with a judge that replays setups and solutions to keep clashing labs apart. */
export async function loadLabDraw(db: Db): Promise<{ draw: LabDraw; labs: Map<string, { versionId: string; lab: Lab }> }> {
  const labs = new Map<string, { versionId: string; lab: Lab }>();
  for (const row of await listCurrentLabVersions(db)) {
    const lab = readLab(row.body);
    if (lab) labs.set(lab.id, { versionId: row.versionId, lab });
  }
  const pool = [...labs.values()].map(({ versionId, lab }) => ({ versionId, lab: { id: lab.id, topic: lab.topic, difficulty: lab.difficulty, tags: lab.tags } }));
  const fitTogether = (ids: readonly string[]) => labsFitTogether(ids.flatMap((id) => (labs.has(id) ? [sharedSpec((labs.get(id) as { lab: Lab }).lab)] : [])));
  return { draw: { pool, fitTogether }, labs };
}

/** The starting cloud for an attempt's labs, in the attempt's item order. */
export function composeAttemptCloud(labs: readonly Lab[]): Result<LabSnapshot, ComposeError> {
  return composeSharedCloud(labs);
}

/** What the exam's terminal starts from: no hints in an exam, ever. */
export function terminalView(cloud: ExamLabCloudRow): SessionView {
  const snapshot = cloud.snapshot as LabSnapshot;
  return {
    prompt: openSession(snapshot).prompt(),
    identity: identityOf(snapshot.env),
    transcript: cloud.transcript.map(({ prompt, input, stdout, stderr, exitCode }) => ({ prompt, input, stdout, stderr, exitCode })),
    history: cloud.commandLog,
    hints: [],
    startedAt: cloud.updatedAt.toISOString(),
  };
}

export type ExamCommandError = { code: "exam/not-found" } | { code: "exam/closed" } | { code: "exam/conflict" };

export interface ExamCommandReply {
  entry: { prompt: string; input: string; stdout: string; stderr: string; exitCode: number };
  prompt: string;
  identity: { user: string; project: string };
  clear: boolean;
}

/**
 * Runs one line in the attempt's shared cloud and stores the result, tagged with the item on screen (the review
 * shows each lab the commands typed while it was open). Refused once the attempt is closed or past its grace.
 */
export async function runExamCommand(
  db: Db,
  userId: string,
  attemptId: string,
  input: { line: string; position: number; cols?: number },
  now: Date,
): Promise<Result<ExamCommandReply, ExamCommandError>> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const cloud = await getExamLabCloudByAttemptAndUser(db, attemptId, userId);
    if (!cloud) return err({ code: "exam/not-found" });
    const shell = openSession(cloud.snapshot as LabSnapshot, input.cols);
    const prompt = shell.prompt();
    const result = shell.run(input.line);
    const entry = { prompt, input: input.line, stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
    const stored: ExamTranscriptEntryRow = { ...entry, stdout: entry.stdout.slice(-MAX_STORED_OUTPUT), stderr: entry.stderr.slice(-MAX_STORED_OUTPUT), position: input.position };
    const updated = await updateExamLabCloudByAttempt(db, {
      attemptId,
      userId,
      revision: cloud.revision,
      snapshot: snapshotOf(shell),
      commandLog: input.line.trim() === "" ? cloud.commandLog : [...cloud.commandLog, input.line],
      // `clear` empties the screen, not the record: the review still shows what was typed.
      transcript: [...cloud.transcript, stored].slice(-MAX_TRANSCRIPT_ENTRIES),
      now,
      earliestDeadline: earliestOpenDeadline(now),
    });
    if (updated) return ok({ entry, prompt: shell.prompt(), identity: identityOf(shell.env), clear: result.clear });
    const after = await getExamLabCloudByAttemptAndUser(db, attemptId, userId);
    // The revision still matches, so the attempt itself refused: closed, past its grace, or not this learner's.
    if (!after || after.revision === cloud.revision) return err({ code: "exam/closed" });
  }
  return err({ code: "exam/conflict" });
}

const transcriptText = (entries: readonly ExamTranscriptEntryRow[]) => entries.map((entry) => `${entry.prompt}${entry.input}\n${entry.stdout}${entry.stderr}`).join("");

/** A lab item as the review (after submission) shows it: every check with its reason, and what was typed. */
export interface LabReview {
  grade: Grade;
  /** Commands typed while this lab was on screen. */
  transcript: string;
  /** The whole terminal session of the attempt (the cloud is shared, so other items' commands may matter too). */
  fullTranscript: string;
}

/** Grades each lab item against the attempt's cloud as the learner left it. */
export async function gradeExamLabs(
  db: DbOrTx,
  labItems: readonly { position: number; labVersionId: string | null }[],
  cloud: ExamLabCloudRow | undefined,
): Promise<Map<number, LabReview & { lab: Lab }>> {
  const out = new Map<number, LabReview & { lab: Lab }>();
  if (!cloud || labItems.length === 0) return out;
  const versions = new Map((await listLabVersionsByIds(db, labItems.flatMap((item) => (item.labVersionId ? [item.labVersionId] : [])))).map((row) => [row.id, row.body]));
  const state = (cloud.snapshot as LabSnapshot).state;
  for (const item of labItems) {
    const parsed = item.labVersionId ? labSchema.safeParse(versions.get(item.labVersionId)) : undefined;
    if (!parsed?.success) continue;
    out.set(item.position, {
      lab: parsed.data,
      grade: grade(state, parsed.data.checks),
      transcript: transcriptText(cloud.transcript.filter((entry) => entry.position === item.position)),
      fullTranscript: transcriptText(cloud.transcript),
    });
  }
  return out;
}

export function labOutcome(review: LabReview): LabOutcome {
  return {
    score: review.grade.total === 0 ? 0 : review.grade.score / review.grade.total,
    checks: review.grade.results.map(({ id, passed, reason }) => ({ id, passed, reason })),
    transcript: review.transcript,
  };
}
