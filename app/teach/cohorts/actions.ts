"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { MAX_TIME_MULTIPLIER, MIN_TIME_MULTIPLIER } from "@/lib/exam/attempt";
import { closeAttempt, extendAttempt, monitorErrorMessage, setTimeMultiplier } from "@/lib/cohorts/monitor";
import { regradeErrorMessage, regradeQuestion, restoreQuestionKey } from "@/lib/cohorts/regrade";
import { answerKeyFromForm } from "@/lib/cohorts/regrade-form";
import { addCoInstructor, cohortErrorMessage, createAssignment, createCohort, createInvite, deleteAssignment, removeCoInstructor, removeLearner, revokeInvite } from "@/lib/cohorts/service";

export interface CohortActionState {
  message?: string;
  error?: string;
}

const invalid: CohortActionState = { error: "Some fields are missing or not valid." };
const fields = (form: FormData) => Object.fromEntries(form.entries());
const id = z.string().uuid();

const createSchema = z.object({ name: z.string().trim().min(1).max(120), description: z.string().trim().max(1_000).default("") });

export async function createCohortAction(_previous: CohortActionState, form: FormData): Promise<CohortActionState> {
  const actor = await requireArea("teach");
  const input = createSchema.safeParse(fields(form));
  if (!input.success) return { error: "Give the cohort a name (up to 120 characters)." };
  const cohort = await createCohort(await getDb(), actor, input.data, new Date());
  redirect(`/teach/cohorts/${cohort.id}`);
}

const inviteSchema = z.object({ cohortId: id, validDays: z.coerce.number().int().min(1).max(365) });

export async function createInviteAction(_previous: CohortActionState, form: FormData): Promise<CohortActionState> {
  const actor = await requireArea("teach");
  const input = inviteSchema.safeParse(fields(form));
  if (!input.success) return { error: "A code can last from 1 to 365 days." };
  const result = await createInvite(await getDb(), actor, input.data, new Date());
  if (!result.ok) return { error: cohortErrorMessage(result.error) };
  revalidatePath(`/teach/cohorts/${input.data.cohortId}`);
  return { message: `New join code ${result.value.code}.` };
}

const revokeSchema = z.object({ cohortId: id, inviteId: id });

export async function revokeInviteAction(_previous: CohortActionState, form: FormData): Promise<CohortActionState> {
  const actor = await requireArea("teach");
  const input = revokeSchema.safeParse(fields(form));
  if (!input.success) return invalid;
  const result = await revokeInvite(await getDb(), actor, input.data, new Date());
  if (!result.ok) return { error: cohortErrorMessage(result.error) };
  revalidatePath(`/teach/cohorts/${input.data.cohortId}`);
  return { message: "Code withdrawn." };
}

const memberSchema = z.object({ cohortId: id, userId: id });

export async function removeLearnerAction(_previous: CohortActionState, form: FormData): Promise<CohortActionState> {
  const actor = await requireArea("teach");
  const input = memberSchema.safeParse(fields(form));
  if (!input.success) return invalid;
  const result = await removeLearner(await getDb(), actor, input.data);
  if (!result.ok) return { error: cohortErrorMessage(result.error) };
  revalidatePath(`/teach/cohorts/${input.data.cohortId}`);
  return { message: "Learner removed." };
}

const coInstructorSchema = z.object({ cohortId: id, email: z.string().trim().email().max(320) });

export async function addCoInstructorAction(_previous: CohortActionState, form: FormData): Promise<CohortActionState> {
  const actor = await requireArea("teach");
  const input = coInstructorSchema.safeParse(fields(form));
  if (!input.success) return { error: "Enter the co-instructor's email address." };
  const result = await addCoInstructor(await getDb(), actor, input.data, new Date());
  if (!result.ok) return { error: cohortErrorMessage(result.error) };
  revalidatePath(`/teach/cohorts/${input.data.cohortId}`);
  return { message: `${result.value.name} now co-teaches this cohort.` };
}

export async function removeCoInstructorAction(_previous: CohortActionState, form: FormData): Promise<CohortActionState> {
  const actor = await requireArea("teach");
  const input = memberSchema.safeParse(fields(form));
  if (!input.success) return invalid;
  const result = await removeCoInstructor(await getDb(), actor, input.data);
  if (!result.ok) return { error: cohortErrorMessage(result.error) };
  revalidatePath(`/teach/cohorts/${input.data.cohortId}`);
  return { message: "Co-instructor removed." };
}

const assignmentSchema = z.object({
  cohortId: id,
  kind: z.enum(["exam", "labs", "decks"]),
  targetIds: z.string().transform((text) => text.split(/[\s,]+/).filter(Boolean)).pipe(z.array(z.string().max(200)).min(1).max(50)),
  title: z.string().trim().min(1).max(200),
  opensAt: z.coerce.date(),
  closesAt: z.coerce.date(),
  attemptsAllowed: z.union([z.literal("").transform(() => null), z.coerce.number().int().min(1).max(50)]),
});

export async function createAssignmentAction(_previous: CohortActionState, form: FormData): Promise<CohortActionState> {
  const actor = await requireArea("teach");
  const input = assignmentSchema.safeParse(fields(form));
  if (!input.success) return { error: "Fill in a title, what to assign, and both times." };
  const result = await createAssignment(await getDb(), actor, input.data, new Date());
  if (!result.ok) return { error: cohortErrorMessage(result.error) };
  revalidatePath(`/teach/cohorts/${input.data.cohortId}`);
  return { message: `Assigned “${result.value.title}”.` };
}

const assignmentIdSchema = z.object({ cohortId: id, assignmentId: id });

export async function deleteAssignmentAction(_previous: CohortActionState, form: FormData): Promise<CohortActionState> {
  const actor = await requireArea("teach");
  const input = assignmentIdSchema.safeParse(fields(form));
  if (!input.success) return invalid;
  const result = await deleteAssignment(await getDb(), actor, input.data);
  if (!result.ok) return { error: cohortErrorMessage(result.error) };
  revalidatePath(`/teach/cohorts/${input.data.cohortId}`);
  return { message: "Assignment removed." };
}

const extendSchema = z.object({ cohortId: id, attemptId: id, minutes: z.coerce.number().int().min(1).max(240) });

export async function extendAttemptAction(_previous: CohortActionState, form: FormData): Promise<CohortActionState> {
  const actor = await requireArea("teach");
  const input = extendSchema.safeParse(fields(form));
  if (!input.success) return { error: "Extend by 1 to 240 minutes." };
  const result = await extendAttempt(await getDb(), actor, input.data, new Date());
  if (!result.ok) return { error: monitorErrorMessage(result.error) };
  revalidatePath("/teach/cohorts/monitor");
  return { message: `Extended by ${input.data.minutes} min; new deadline ${result.value.deadlineAt.toISOString().slice(11, 16)} UTC.` };
}

const closeSchema = z.object({ cohortId: id, attemptId: id });

export async function closeAttemptAction(_previous: CohortActionState, form: FormData): Promise<CohortActionState> {
  const actor = await requireArea("teach");
  const input = closeSchema.safeParse(fields(form));
  if (!input.success) return invalid;
  const result = await closeAttempt(await getDb(), actor, input.data, new Date());
  if (!result.ok) return { error: monitorErrorMessage(result.error) };
  revalidatePath("/teach/cohorts/monitor");
  return { message: "Attempt closed and scored." };
}

const multiplierSchema = z.object({ cohortId: id, userId: id, multiplier: z.coerce.number().min(MIN_TIME_MULTIPLIER).max(MAX_TIME_MULTIPLIER) });

export async function setTimeMultiplierAction(_previous: CohortActionState, form: FormData): Promise<CohortActionState> {
  const actor = await requireArea("teach");
  const input = multiplierSchema.safeParse(fields(form));
  if (!input.success) return { error: `A time multiplier is between ${MIN_TIME_MULTIPLIER} and ${MAX_TIME_MULTIPLIER} (1.5 = half as much time again).` };
  const result = await setTimeMultiplier(await getDb(), actor, input.data, new Date());
  if (!result.ok) return { error: cohortErrorMessage(result.error) };
  revalidatePath(`/teach/cohorts/${input.data.cohortId}`);
  return { message: `Time multiplier ${input.data.multiplier}× applies to exams started from now on.` };
}

const regradeSchema = z.object({ cohortId: id, questionId: z.string().min(1).max(200), mode: z.enum(["neutralize", "rekey"]) });

const rescoredMessage = (attempts: number, changed: number) =>
  `Rescored ${attempts} submitted ${attempts === 1 ? "attempt" : "attempts"}; ${changed} changed score. Attempts still open or started later are scored the same way.`;

export async function regradeQuestionAction(_previous: CohortActionState, form: FormData): Promise<CohortActionState> {
  const actor = await requireArea("teach");
  const input = regradeSchema.safeParse(fields(form));
  if (!input.success) return invalid;
  const { cohortId, questionId, mode } = input.data;
  const key = mode === "rekey" ? answerKeyFromForm((name) => form.getAll(name).filter((value): value is string => typeof value === "string")) : undefined;
  if (key && !key.ok) return { error: key.error };
  const regrade = key?.ok ? ({ mode: "rekey", key: key.value } as const) : ({ mode: "neutralize" } as const);
  const result = await regradeQuestion(await getDb(), actor, { cohortId, questionId, regrade }, new Date());
  if (!result.ok) return { error: regradeErrorMessage(result.error) };
  revalidatePath(`/teach/cohorts/${cohortId}`, "layout");
  return { message: rescoredMessage(result.value.attempts, result.value.changed.length) };
}

const restoreSchema = z.object({ cohortId: id, questionId: z.string().min(1).max(200) });

export async function restoreQuestionKeyAction(_previous: CohortActionState, form: FormData): Promise<CohortActionState> {
  const actor = await requireArea("teach");
  const input = restoreSchema.safeParse(fields(form));
  if (!input.success) return invalid;
  const result = await restoreQuestionKey(await getDb(), actor, input.data, new Date());
  if (!result.ok) return { error: regradeErrorMessage(result.error) };
  revalidatePath(`/teach/cohorts/${input.data.cohortId}`, "layout");
  return { message: `Original key restored. ${rescoredMessage(result.value.attempts, result.value.changed.length)}` };
}
