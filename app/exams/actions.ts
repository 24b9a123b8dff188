"use server";

import { randomInt } from "node:crypto";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import { assignmentStartMessage, startAssignedExam } from "@/lib/cohorts/assignments";
import { startExamAttempt, submitExamAttempt } from "@/lib/exam/service";

/** Largest seed: the draw's PRNG takes an unsigned 32-bit state. */
const SEED_LIMIT = 2 ** 32;

const startSchema = z.object({ blueprintId: z.string().min(1).max(100), assignmentId: z.uuid().optional() });
const submitSchema = z.object({ attemptId: z.uuid() });

export interface ExamActionResult {
  attemptId?: string;
  error?: string;
}

/** Starts an exam (or finds the learner's open attempt at it) and returns the attempt to open. */
export async function startExamAction(input: unknown): Promise<ExamActionResult> {
  const user = await requireArea("learn");
  const parsed = startSchema.safeParse(input);
  if (!parsed.success) return { error: "That exam could not be found." };
  // An attempt for a cohort assignment is held to the assignment's window and attempt limit (lib/cohorts).
  if (parsed.data.assignmentId) {
    const assigned = await startAssignedExam(await getDb(), user.id, { assignmentId: parsed.data.assignmentId, blueprintId: parsed.data.blueprintId }, systemClock.now(), randomInt(SEED_LIMIT));
    if (!assigned.ok) return { error: assignmentStartMessage(assigned.error) };
    revalidatePath("/exams");
    return { attemptId: assigned.value.attemptId };
  }
  const started = await startExamAttempt(await getDb(), user.id, parsed.data.blueprintId, systemClock.now(), randomInt(SEED_LIMIT));
  if (!started.ok) {
    return {
      error:
        started.error.code === "exam/pool-too-small"
          ? "The question bank cannot fill this exam right now; ask your instructor to check the content import."
          : started.error.code === "exam/labs-clash"
            ? "The hands-on tasks drawn for this exam could not be set up in one cloud; press Start again for another draw, and tell your instructor."
            : "That exam could not be found.",
    };
  }
  revalidatePath("/exams");
  return { attemptId: started.value.attemptId };
}

/**
 * Submits an attempt. Only the attempt id is read: a score, a deadline or a time sent beside it is dropped by
 * the parse. Submitting twice is harmless; the second call finds the attempt closed and returns it.
 */
export async function submitExamAction(input: unknown): Promise<ExamActionResult> {
  const user = await requireArea("learn");
  const parsed = submitSchema.safeParse(input);
  if (!parsed.success) return { error: "This exam attempt does not exist." };
  const submitted = await submitExamAttempt(await getDb(), user.id, parsed.data.attemptId, systemClock.now());
  if (!submitted.ok) return { error: "This exam attempt does not exist." };
  revalidatePath("/exams");
  return { attemptId: submitted.value.attemptId };
}
