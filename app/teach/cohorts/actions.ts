"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
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
