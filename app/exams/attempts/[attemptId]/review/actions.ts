"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import { addWrongAnswersToFlashcards } from "@/lib/exam/flashcards";

const inputSchema = z.object({ attemptId: z.uuid() });

/** Adds the attempt's wrongly answered questions to the learner's flashcards; a second call adds nothing. */
export async function addWrongToFlashcardsAction(input: unknown): Promise<{ added?: number; alreadyAdded?: number; error?: string }> {
  const user = await requireArea("learn");
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) return { error: "That exam attempt could not be found." };
  const result = await addWrongAnswersToFlashcards(await getDb(), user.id, parsed.data.attemptId, systemClock.now());
  if (!result.ok) return { error: result.error.code === "exam/still-open" ? "Submit the exam first." : "That exam attempt could not be found." };
  revalidatePath("/review");
  return result.value;
}
