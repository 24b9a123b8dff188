"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import { renderMarkdown } from "@/lib/content/render";
import { resurfaceCardsForFailedLab } from "@/lib/exam/flashcards";
import { resetLabSession, revealNextHint, submitLabSession, type LabError, type SessionView } from "@/lib/labs/sessions";
import type { Grade } from "@/lib/checker";
import type { TranscriptEntry } from "@/lib/labs/runtime";

const labInput = z.object({ labId: z.string().regex(/^[a-z0-9-]{1,100}$/) });

const messages: Record<LabError["code"], string> = {
  "labs/not-found": "This lab session no longer exists; reload the page.",
  "labs/setup-failed": "The lab could not be prepared; tell your instructor.",
  "labs/conflict": "Another tab changed this lab at the same moment; reload the page.",
  "labs/no-more-hints": "There are no more hints for this lab.",
};

export async function resetLab(input: unknown): Promise<{ error?: string; session?: SessionView }> {
  const user = await requireArea("learn");
  const parsed = labInput.safeParse(input);
  if (!parsed.success) return { error: "Unknown lab." };
  const result = await resetLabSession(await getDb(), user.id, parsed.data.labId);
  return result.ok ? { session: result.value } : { error: messages[result.error.code] };
}

/** Hints one at a time, only when asked; the page never receives a hint before this call. */
export async function showNextHint(input: unknown): Promise<{ error?: string; hintsHtml?: string[] }> {
  const user = await requireArea("learn");
  const parsed = labInput.safeParse(input);
  if (!parsed.success) return { error: "Unknown lab." };
  const result = await revealNextHint(await getDb(), user.id, parsed.data.labId);
  return result.ok ? { hintsHtml: result.value.map((hint) => renderMarkdown(hint).html) } : { error: messages[result.error.code] };
}

/** Grades the lab; a failed check brings the flashcards of the lab's topic back into today's review, and says so. */
export async function submitLab(input: unknown): Promise<{ error?: string; grade?: Grade; transcript?: TranscriptEntry[]; cardsNotice?: string }> {
  const user = await requireArea("learn");
  const parsed = labInput.safeParse(input);
  if (!parsed.success) return { error: "Unknown lab." };
  const db = await getDb();
  const now = systemClock.now();
  const result = await submitLabSession(db, user.id, parsed.data.labId, now);
  if (!result.ok) return { error: messages[result.error.code] };
  const resurfaced = await resurfaceCardsForFailedLab(db, user.id, { topic: result.value.topic }, result.value.grade, now);
  const cardsNotice = resurfaced
    ? `${resurfaced.count} ${resurfaced.count === 1 ? "card" : "cards"} about ${resurfaced.about} ${resurfaced.count === 1 ? "is" : "are"} due again in your flashcards.`
    : undefined;
  return { grade: result.value.grade, transcript: result.value.transcript, cardsNotice };
}
