"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { cohortErrorMessage, joinWithCode } from "@/lib/cohorts/service";

export interface JoinState {
  message?: string;
  error?: string;
}

const joinSchema = z.object({ code: z.string().trim().min(4).max(300) });

export async function joinCohortAction(_previous: JoinState, form: FormData): Promise<JoinState> {
  const learner = await requireArea("learn");
  const input = joinSchema.safeParse({ code: form.get("code") });
  if (!input.success) return { error: "Enter the join code your instructor gave you." };
  const result = await joinWithCode(await getDb(), learner, input.data.code, new Date());
  if (!result.ok) return { error: cohortErrorMessage(result.error) };
  revalidatePath("/learn/join");
  return { message: result.value.alreadyMember ? `You are already in ${result.value.cohortName}.` : `You joined ${result.value.cohortName}.` };
}
