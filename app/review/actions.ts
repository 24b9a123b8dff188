"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import { customStudySchema, ratingNames } from "@/lib/srs";
import {
  addQuestionAsCard,
  answerReview,
  changeCard,
  importAnkiDeck,
  loadReviewView,
  optimizeForLearner,
  saveSrsSettings,
  studyNoteCards,
  undoLastReview,
  type ReviewView,
} from "@/lib/srs/service";

/** Where the review screen is: a topic's deck, a custom-study session, or the whole day's queue. */
const sessionSchema = z.object({
  topic: z.string().min(1).max(100).optional(),
  custom: customStudySchema.nullable().optional(),
  answeredIds: z.array(z.string().max(200)).max(500).optional(),
});

const answerSchema = sessionSchema.extend({
  cardId: z.string().min(1).max(200),
  rating: z.enum(ratingNames as [string, ...string[]]),
  durationMs: z.number().int().min(0).max(86_400_000),
});

const cardActionSchema = sessionSchema.extend({
  cardId: z.string().min(1).max(200),
  action: z.enum(["bury", "suspend", "unsuspend", "reset"]),
});

export type ReviewActionResult = ReviewView & { error?: string };

const unreadable = "That request could not be read; reload the page and try again.";

async function viewAfter(userId: string, session: z.infer<typeof sessionSchema>, extra: Partial<ReviewActionResult> = {}): Promise<ReviewActionResult> {
  const view = await loadReviewView(await getDb(), userId, systemClock.now(), { scope: { topic: session.topic }, custom: session.custom, answeredIds: session.answeredIds });
  return { ...view, ...extra };
}

/** Grades the card on screen and returns the next one. */
export async function answerCardAction(input: unknown): Promise<ReviewActionResult> {
  const user = await requireArea("learn");
  const parsed = answerSchema.safeParse(input);
  if (!parsed.success) return { ...(await viewAfter(user.id, {})), error: unreadable };
  const { cardId, rating, durationMs, ...session } = parsed.data;
  const result = await answerReview(await getDb(), user.id, { cardId, rating: rating as (typeof ratingNames)[number], durationMs, custom: session.custom }, systemClock.now());
  if (!result.ok) return viewAfter(user.id, session, { error: "That card is no longer in your collection; here is the next one." });
  const answeredIds = session.custom ? [...(session.answeredIds ?? []), cardId] : session.answeredIds;
  return viewAfter(user.id, { ...session, answeredIds }, result.value.leech ? { leechNotice: "You have forgotten this card 8 times, so it is now a leech: it is suspended and tagged. Rewrite it in your own words or read its note again, then unsuspend it under Decks." } : {});
}

/** Takes back the last answer of today; the card comes back on screen as it was. */
export async function undoReviewAction(input: unknown): Promise<ReviewActionResult> {
  const user = await requireArea("learn");
  const parsed = sessionSchema.safeParse(input);
  if (!parsed.success) return { ...(await viewAfter(user.id, {})), error: unreadable };
  const result = await undoLastReview(await getDb(), user.id, systemClock.now());
  if (!result.ok) return viewAfter(user.id, parsed.data, { error: "There is nothing to undo today." });
  const answeredIds = (parsed.data.answeredIds ?? []).filter((id) => id !== result.value.cardId);
  return viewAfter(user.id, { ...parsed.data, answeredIds });
}

/** Bury, suspend, unsuspend or reset a card. */
export async function changeCardAction(input: unknown): Promise<ReviewActionResult> {
  const user = await requireArea("learn");
  const parsed = cardActionSchema.safeParse(input);
  if (!parsed.success) return { ...(await viewAfter(user.id, {})), error: unreadable };
  const { cardId, action, ...session } = parsed.data;
  const result = await changeCard(await getDb(), user.id, cardId, action, systemClock.now());
  revalidatePath("/review/decks");
  const answeredIds = session.custom ? [...(session.answeredIds ?? []), cardId] : session.answeredIds;
  return viewAfter(user.id, { ...session, answeredIds }, result.ok ? {} : { error: "That card is no longer in your collection." });
}

/** From the decks page: unsuspend a leech after fixing it. */
export async function unsuspendCardAction(input: unknown): Promise<{ ok: boolean }> {
  const user = await requireArea("learn");
  const parsed = z.object({ cardId: z.string().min(1).max(200) }).safeParse(input);
  if (!parsed.success) return { ok: false };
  const result = await changeCard(await getDb(), user.id, parsed.data.cardId, "unsuspend", systemClock.now());
  revalidatePath("/review/decks");
  return { ok: result.ok };
}

export interface SettingsFormState {
  message?: string;
  error?: string;
}

const settingsFormSchema = z.object({
  desiredRetention: z.coerce.number(),
  newPerDay: z.coerce.number().int(),
  reviewsPerDay: z.coerce.number().int(),
  learningSteps: z.string().max(200),
  relearningSteps: z.string().max(200),
  maximumIntervalDays: z.coerce.number().int(),
  leechThreshold: z.coerce.number().int(),
  timeZone: z.string().max(100),
  dayStartHour: z.coerce.number().int(),
  examDate: z.string().max(10),
  enableFuzz: z.string().optional(),
  burySiblings: z.string().optional(),
  paceToExam: z.string().optional(),
});

export async function saveSettingsAction(_previous: SettingsFormState, form: FormData): Promise<SettingsFormState> {
  const user = await requireArea("learn");
  const parsed = settingsFormSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: "Some values could not be read; check each field." };
  const steps = (text: string) => text.split(/[\s,]+/).filter(Boolean);
  const { learningSteps, relearningSteps, examDate, enableFuzz, burySiblings, paceToExam, ...numbers } = parsed.data;
  const result = await saveSrsSettings(
    await getDb(),
    user.id,
    { ...numbers, learningSteps: steps(learningSteps), relearningSteps: steps(relearningSteps), examDate: examDate || null, enableFuzz: enableFuzz === "on", burySiblings: burySiblings === "on", paceToExam: paceToExam === "on" },
    systemClock.now(),
  );
  if (!result.ok) return { error: result.error.code === "srs/invalid-settings" ? result.error.message : "The settings were not saved." };
  revalidatePath("/review", "layout");
  revalidatePath("/learn");
  return { message: "Saved. New intervals apply from your next answer; nothing already scheduled moves." };
}

export async function optimizeParametersAction(_previous: SettingsFormState, _form?: FormData): Promise<SettingsFormState> {
  const user = await requireArea("learn");
  const result = await optimizeForLearner(await getDb(), user.id, systemClock.now());
  if (result.ok) {
    revalidatePath("/review/settings");
    return { message: `Optimized from ${result.value.items} of your review histories. Your next answers use your own parameters.` };
  }
  switch (result.error.code) {
    case "srs/too-few-reviews":
      return { error: `Optimizing needs at least ${result.error.needed} answers; you have ${result.error.reviews}. Until then the FSRS defaults, fitted on millions of Anki reviews, serve you well.` };
    case "srs/optimizer-unavailable":
      return { error: "The FSRS optimizer is not installed on this server, so the default parameters stay in use." };
    case "srs/optimizer-failed":
      return { error: "The optimizer could not fit parameters to this history; the previous ones stay in use." };
  }
}

export interface ImportFormState {
  message?: string;
  error?: string;
  problems?: { line: number; message: string }[];
}

const IMPORT_MAX_BYTES = 2_000_000;

export async function importDeckAction(input: unknown): Promise<ImportFormState> {
  const user = await requireArea("learn");
  const parsed = z.object({ title: z.string().trim().min(1).max(120), text: z.string().min(1).max(IMPORT_MAX_BYTES) }).safeParse(input);
  if (!parsed.success) return { error: "Give the deck a name and choose a text file under 2 MB." };
  const result = await importAnkiDeck(await getDb(), user.id, parsed.data, systemClock.now());
  if (!result.ok) {
    return { error: "No card could be read from that file: each line needs a front and a back separated by a tab.", problems: result.error.code === "srs/empty-import" ? result.error.problems.slice(0, 20) : [] };
  }
  revalidatePath("/review", "layout");
  return { message: `Imported ${result.value.imported} card${result.value.imported === 1 ? "" : "s"} into “${parsed.data.title}”.`, problems: result.value.problems.slice(0, 20) };
}

/** From practice feedback: study this question as a flashcard. */
export async function addQuestionCardAction(input: unknown): Promise<{ message: string; ok: boolean }> {
  const user = await requireArea("learn");
  const parsed = z.object({ questionId: z.string().min(1).max(200) }).safeParse(input);
  if (!parsed.success) return { ok: false, message: "That question could not be found." };
  const result = await addQuestionAsCard(await getDb(), user.id, parsed.data.questionId, systemClock.now());
  if (!result.ok) return { ok: false, message: "That question could not be found." };
  revalidatePath("/review", "layout");
  return { ok: true, message: result.value.alreadyAdded ? "Already in your flashcards." : "Added: it comes up among your next new cards." };
}

/** From a note: study its cards next. */
export async function studyNoteCardsAction(input: unknown): Promise<{ message: string; ok: boolean }> {
  const user = await requireArea("learn");
  const parsed = z.object({ noteId: z.string().min(1).max(200) }).safeParse(input);
  if (!parsed.success) return { ok: false, message: "That note could not be found." };
  const result = await studyNoteCards(await getDb(), user.id, [parsed.data.noteId], systemClock.now());
  if (!result.ok) return { ok: false, message: "This note has no flashcards." };
  revalidatePath("/review", "layout");
  const { queued, resurfaced, total } = result.value;
  if (queued + resurfaced === 0) return { ok: true, message: `All ${total} cards of this note are already in your reviews.` };
  return { ok: true, message: `${queued + resurfaced} of this note's ${total} cards will come up in your next review.` };
}

/** From the review home: adopt the time zone the browser reports, so days end at the learner's own midnight-ish. */
export async function adoptDeviceTimeZoneAction(input: unknown): Promise<{ ok: boolean }> {
  const user = await requireArea("learn");
  const parsed = z.object({ timeZone: z.string().min(1).max(100) }).safeParse(input);
  if (!parsed.success) return { ok: false };
  const result = await saveSrsSettings(await getDb(), user.id, { timeZone: parsed.data.timeZone }, systemClock.now());
  revalidatePath("/review", "layout");
  return { ok: result.ok };
}
