import type { Db } from "@/db/client";
import {
  getActiveLabSessionByUserAndLab,
  getCurrentLabVersionByLabId,
  getLabVersionById,
  getLatestSubmittedLabSessionByUserAndLab,
  insertLabSession,
  updateLabSessionByIdAndUser,
} from "@/db/queries/labs";
import type { LabSessionRow } from "@/db/schema";
import { grade, type Grade } from "../checker";
import { labSchema, type Lab } from "../content/labs";
import { err, ok, type Result } from "../result";
import { openSession, runLine, snapshotOf, startLab, type LabSnapshot, type TranscriptEntry } from "./runtime";

/**
 * A learner's lab sessions: one active session per learner and lab, kept in the database so a reload or
 * another device resumes it. Every function takes the signed-in user's id and touches only that user's rows.
 */

export type LabError =
  | { code: "labs/not-found" }
  | { code: "labs/setup-failed"; message: string }
  | { code: "labs/conflict" }
  | { code: "labs/no-more-hints" };

/** What the browser may see of a lab before submission: no checks, no solution, no hints not asked for. */
export interface LabView {
  id: string;
  title: string;
  topic: string;
  difficulty: string;
  points: number;
  estimateMinutes: number;
  user: string;
  task: string;
  hintCount: number;
}

/** Who the terminal is signed in to the cloud as: the `OS_*` variables of the shell, which `source` may change. */
export interface CloudIdentity {
  user: string;
  project: string;
}

export interface SessionView {
  prompt: string;
  identity: CloudIdentity;
  transcript: TranscriptEntry[];
  history: string[];
  hints: string[];
  startedAt: string;
}

export function presentLab(lab: Lab): LabView {
  return {
    id: lab.id,
    title: lab.title,
    topic: lab.topic,
    difficulty: lab.difficulty,
    points: lab.points,
    estimateMinutes: lab.estimateMinutes,
    user: lab.user,
    task: lab.task,
    hintCount: lab.hints.length,
  };
}

const MAX_TRANSCRIPT_ENTRIES = 500;
/** A terminal shows recent output; very long outputs are cut in the stored transcript, not in the live reply. */
const MAX_STORED_OUTPUT = 20_000;

async function loadCurrentLab(db: Db, labId: string): Promise<{ versionId: string; lab: Lab } | undefined> {
  const row = await getCurrentLabVersionByLabId(db, labId);
  if (!row) return undefined;
  const lab = labSchema.safeParse(row.body);
  return lab.success && !lab.data.draft ? { versionId: row.versionId, lab: lab.data } : undefined;
}

async function loadSessionLab(db: Db, session: LabSessionRow): Promise<Lab | undefined> {
  const version = await getLabVersionById(db, session.labVersionId);
  const lab = version ? labSchema.safeParse(version.body) : undefined;
  return lab?.success ? lab.data : undefined;
}

function freshContents(lab: Lab): Result<{ snapshot: LabSnapshot; transcript: TranscriptEntry[]; commandLog: string[]; hintsShown: number }, LabError> {
  const start = startLab(lab);
  if (!start.ok) return err({ code: "labs/setup-failed", message: start.error.output });
  return ok({ snapshot: start.value, transcript: [], commandLog: [], hintsShown: 0 });
}

export function identityOf(env: Readonly<Record<string, string>>): CloudIdentity {
  return { user: env.OS_USERNAME ?? "", project: env.OS_PROJECT_NAME ?? "" };
}

function sessionView(lab: Lab, session: LabSessionRow): SessionView {
  const snapshot = session.snapshot as LabSnapshot;
  return {
    prompt: openSession(snapshot).prompt(),
    identity: identityOf(snapshot.env),
    transcript: session.transcript,
    history: session.commandLog,
    hints: lab.hints.slice(0, session.hintsShown),
    startedAt: session.startedAt.toISOString(),
  };
}

/** The learner's active session in a lab, started (setup run) on first visit. */
export async function openLabSession(
  db: Db,
  userId: string,
  labId: string,
): Promise<Result<{ lab: LabView; session: SessionView; lastGrade: Grade | null }, LabError>> {
  const current = await loadCurrentLab(db, labId);
  if (!current) return err({ code: "labs/not-found" });
  let session = await getActiveLabSessionByUserAndLab(db, userId, labId);
  let lab = current.lab;
  if (session) {
    lab = (await loadSessionLab(db, session)) ?? current.lab;
  } else {
    const contents = freshContents(current.lab);
    if (!contents.ok) return contents;
    session = await insertLabSession(db, { userId, labId, labVersionId: current.versionId, status: "active", ...contents.value });
    if (!session) return err({ code: "labs/conflict" });
  }
  const last = await getLatestSubmittedLabSessionByUserAndLab(db, userId, labId);
  return ok({ lab: presentLab(lab), session: sessionView(lab, session), lastGrade: (last?.grade as Grade | null) ?? null });
}

const MAX_ATTEMPTS = 3;

/** Runs one command line in the learner's session and stores the new state, log and transcript together. */
export async function runLabCommand(
  db: Db,
  userId: string,
  labId: string,
  line: string,
  terminalWidth?: number,
): Promise<Result<{ entry: TranscriptEntry; prompt: string; identity: CloudIdentity; clear: boolean }, LabError>> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const session = await getActiveLabSessionByUserAndLab(db, userId, labId);
    if (!session) return err({ code: "labs/not-found" });
    const shell = openSession(session.snapshot as LabSnapshot, terminalWidth);
    const prompt = shell.prompt();
    const result = shell.run(line);
    const entry: TranscriptEntry = { prompt, input: line, stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
    const stored: TranscriptEntry = { ...entry, stdout: entry.stdout.slice(-MAX_STORED_OUTPUT), stderr: entry.stderr.slice(-MAX_STORED_OUTPUT) };
    const transcript = result.clear ? [] : [...session.transcript, stored].slice(-MAX_TRANSCRIPT_ENTRIES);
    const updated = await updateLabSessionByIdAndUser(db, session.id, userId, session.revision, {
      snapshot: snapshotOf(shell),
      commandLog: line.trim() === "" ? session.commandLog : [...session.commandLog, line],
      transcript,
    });
    if (updated) return ok({ entry, prompt: shell.prompt(), identity: identityOf(shell.env), clear: result.clear });
  }
  return err({ code: "labs/conflict" });
}

/** Throws the session's work away and starts the lab again from its setup (on the lab's current version). */
export async function resetLabSession(db: Db, userId: string, labId: string): Promise<Result<SessionView, LabError>> {
  const current = await loadCurrentLab(db, labId);
  if (!current) return err({ code: "labs/not-found" });
  const session = await getActiveLabSessionByUserAndLab(db, userId, labId);
  if (!session) return err({ code: "labs/not-found" });
  const contents = freshContents(current.lab);
  if (!contents.ok) return contents;
  const updated = await updateLabSessionByIdAndUser(db, session.id, userId, session.revision, {
    ...contents.value,
    labVersionId: current.versionId,
    startedAt: new Date(),
  });
  if (!updated) return err({ code: "labs/conflict" });
  return ok(sessionView(current.lab, updated));
}

/** Reveals the next hint (practice only: exams never call this) and returns every hint shown so far. */
export async function revealNextHint(db: Db, userId: string, labId: string): Promise<Result<string[], LabError>> {
  const session = await getActiveLabSessionByUserAndLab(db, userId, labId);
  if (!session) return err({ code: "labs/not-found" });
  const lab = await loadSessionLab(db, session);
  if (!lab) return err({ code: "labs/not-found" });
  if (session.hintsShown >= lab.hints.length) return err({ code: "labs/no-more-hints" });
  const updated = await updateLabSessionByIdAndUser(db, session.id, userId, session.revision, { hintsShown: session.hintsShown + 1 });
  if (!updated) return err({ code: "labs/conflict" });
  return ok(lab.hints.slice(0, updated.hintsShown));
}

/** Grades the session's end state and closes it; the next visit starts a fresh session. */
export async function submitLabSession(db: Db, userId: string, labId: string, now: Date): Promise<Result<{ grade: Grade; transcript: TranscriptEntry[]; topic: string }, LabError>> {
  const session = await getActiveLabSessionByUserAndLab(db, userId, labId);
  if (!session) return err({ code: "labs/not-found" });
  const lab = await loadSessionLab(db, session);
  if (!lab) return err({ code: "labs/not-found" });
  const result = grade((session.snapshot as LabSnapshot).state, lab.checks);
  const updated = await updateLabSessionByIdAndUser(db, session.id, userId, session.revision, {
    status: "submitted",
    grade: result,
    score: result.total === 0 ? 0 : result.score / result.total,
    submittedAt: now,
  });
  if (!updated) return err({ code: "labs/conflict" });
  return ok({ grade: result, transcript: session.transcript, topic: lab.topic });
}
