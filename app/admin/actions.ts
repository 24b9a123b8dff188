"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { changeRoleMessages, changeUserRole } from "@/lib/auth/admin";
import { requireArea } from "@/lib/auth/guards";

export interface ChangeRoleState {
  message?: string;
  error?: string;
}

export async function changeRoleAction(_previous: ChangeRoleState, formData: FormData): Promise<ChangeRoleState> {
  const actor = await requireArea("admin");
  const result = await changeUserRole(await getDb(), actor, { userId: formData.get("userId"), role: formData.get("role") });
  if (!result.ok) return { error: changeRoleMessages[result.error.code] };
  revalidatePath("/admin");
  return { message: `${result.value.email} is now ${result.value.role === "admin" ? "an" : "a"} ${result.value.role}.` };
}
