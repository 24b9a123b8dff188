import { z } from "zod";
import { err, ok, type Result } from "../result";
import { responseSchema, type Response } from "./scoring";

/**
 * The life of an attempt, decided by the server's clock alone: `answering` until the deadline, then a short
 * `grace` in which answers already on their way are still accepted (a save sent a second before the deadline
 * arrives after it), then `overdue` until someone — the learner's browser, the next read, or the sweep —
 * finalizes it as `submitted`. Nothing the browser sends (a deadline, a score, a clock) enters these rules.
 */

/**
 * How long after the deadline a save is still accepted: enough for a request sent at the last second over a
 * slow mobile link, far too little to be worth cheating for. Moodle calls the same idea "last submission grace".
 */
export const LATE_ANSWER_GRACE_MS = 15_000;

/** Accommodation bounds: from a quarter of the time (drills) to four times it (the most any policy grants). */
export const MIN_TIME_MULTIPLIER = 0.25;
export const MAX_TIME_MULTIPLIER = 4;

/**
 * A sequence number is the (skew-corrected) time of the change in milliseconds. One further ahead of the
 * server's clock than this is a broken client, and accepting it would lock the item against every later save.
 */
export const MAX_SEQUENCE_AHEAD_MS = 5 * 60_000;

const MS_PER_MINUTE = 60_000;

export type AttemptStatus = "open" | "submitted";
export type AttemptPhase = "answering" | "grace" | "overdue" | "submitted";
/**
 * Who closed an attempt: the learner's Submit, the deadline (the browser's auto-submit or the server's sweep), or
 * an instructor's "close now" in the live monitor (lib/cohorts/monitor), which the learner's result then names.
 */
export type FinishedBy = "learner" | "deadline" | "instructor";

export interface AttemptTiming {
  status: AttemptStatus;
  startedAt: Date;
  deadlineAt: Date;
  submittedAt: Date | null;
}

export function clampTimeMultiplier(multiplier: number | null | undefined): number {
  if (multiplier === null || multiplier === undefined || !Number.isFinite(multiplier)) return 1;
  return Math.min(MAX_TIME_MULTIPLIER, Math.max(MIN_TIME_MULTIPLIER, multiplier));
}

/** The deadline of an attempt starting now: the blueprint's duration stretched by the learner's multiplier. */
export function deadlineFor(startedAt: Date, durationMinutes: number, timeMultiplier: number): Date {
  return new Date(startedAt.getTime() + Math.round(durationMinutes * MS_PER_MINUTE * clampTimeMultiplier(timeMultiplier)));
}

export function attemptPhase(attempt: AttemptTiming, now: Date): AttemptPhase {
  if (attempt.status === "submitted") return "submitted";
  const time = now.getTime();
  if (time < attempt.deadlineAt.getTime()) return "answering";
  if (time <= attempt.deadlineAt.getTime() + LATE_ANSWER_GRACE_MS) return "grace";
  return "overdue";
}

/** Whether the server must finalize the attempt now, without waiting for the learner. */
export const needsFinalizing = (attempt: AttemptTiming, now: Date) => attemptPhase(attempt, now) === "overdue";

/**
 * The earliest deadline an attempt may have for a save received at `now` to count. The save query compares
 * the attempt's stored deadline against this, so the check and the write happen in one statement.
 */
export const earliestOpenDeadline = (now: Date) => new Date(now.getTime() - LATE_ANSWER_GRACE_MS);

export function remainingMs(attempt: AttemptTiming, now: Date): number {
  if (attempt.status === "submitted") return 0;
  return Math.max(0, attempt.deadlineAt.getTime() - now.getTime());
}

/**
 * Who closed an attempt finalized at `now`: a learner pressing Submit, or an instructor pressing "close now", after
 * the deadline is the deadline's doing (time had already run out; nobody cut the learner short).
 */
export function finishedByAt(attempt: AttemptTiming, now: Date, requestedBy: FinishedBy): FinishedBy {
  return requestedBy !== "deadline" && now.getTime() < attempt.deadlineAt.getTime() ? requestedBy : "deadline";
}

/** Time the learner had the exam open: never more than the allowed time, whatever the sweep's timing. */
export function timeUsedMs(attempt: AttemptTiming, finishedAt: Date): number {
  const end = Math.min(finishedAt.getTime(), attempt.deadlineAt.getTime());
  return Math.max(0, end - attempt.startedAt.getTime());
}

// ---------------------------------------------------------------------------------------------------------------
// Saves

/**
 * One save: the whole state of one item (the response, or null when cleared, and the flag), with its sequence
 * number. Unknown keys — a deadline, a score — are dropped by the parse and never reach the database.
 */
export const answerSaveSchema = z.object({
  position: z.number().int().min(0).max(10_000),
  response: responseSchema.nullable(),
  flagged: z.boolean(),
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});
export type AnswerSave = z.infer<typeof answerSaveSchema>;

export interface StoredAnswer {
  position: number;
  response: Response | null;
  flagged: boolean;
  seq: number;
  savedAt: Date;
}

export type SaveError =
  | { code: "exam/invalid-save" }
  | { code: "exam/not-found" }
  | { code: "exam/closed"; phase: AttemptPhase }
  | { code: "exam/stale"; current: StoredAnswer }
  | { code: "exam/bad-sequence" };

/** Checks a save's shape before it goes anywhere near the database (whether the item takes that kind is the query's job). */
export function checkSave(input: unknown, now: Date): Result<AnswerSave, SaveError> {
  const parsed = answerSaveSchema.safeParse(input);
  if (!parsed.success) return err({ code: "exam/invalid-save" });
  if (parsed.data.seq > now.getTime() + MAX_SEQUENCE_AHEAD_MS) return err({ code: "exam/bad-sequence" });
  return ok(parsed.data);
}

/**
 * Why a save that the guarded upsert did not apply was refused, from the attempt, the item and the stored answer
 * as they are now. An `undefined` attempt means it does not exist or is someone else's (one answer for both, on
 * purpose: a learner cannot probe other people's attempt ids).
 */
export function explainRefusedSave(
  attempt: AttemptTiming | undefined,
  item: { answerKind: string | null } | undefined,
  stored: StoredAnswer | undefined,
  save: AnswerSave,
  now: Date,
): SaveError {
  if (!attempt || !item) return { code: "exam/not-found" };
  const phase = attemptPhase(attempt, now);
  if (phase === "submitted" || phase === "overdue") return { code: "exam/closed", phase };
  if (save.response && save.response.kind !== item.answerKind) return { code: "exam/invalid-save" };
  if (stored && stored.seq >= save.seq) return { code: "exam/stale", current: stored };
  return { code: "exam/not-found" };
}

/**
 * The next sequence number a client should use: the change's time on the server's clock (the client's clock
 * plus the measured skew), and always above the last number it knows of for the item, so two changes within
 * one millisecond — or a device whose clock runs behind — still count up.
 */
export function nextSequence(lastKnownSeq: number, clientNowMs: number, skewMs: number): number {
  return Math.max(lastKnownSeq + 1, Math.round(clientNowMs + skewMs));
}

/**
 * Merges answers kept in the browser while offline with the server's copy: the browser's wins only when its
 * sequence number is higher (it is newer); otherwise the server's copy stands and the local one is dropped.
 */
export function mergePending<T extends { seq: number }>(server: T | undefined, pending: T | undefined): { value: T | undefined; resend: boolean } {
  if (!pending) return { value: server, resend: false };
  if (!server || pending.seq > server.seq) return { value: pending, resend: true };
  return { value: server, resend: false };
}
