import type { Db } from "@/db/client";
import { getUserById, updateUserRoleById } from "@/db/queries/users";
import { err, ok, type Result } from "../result";
import type { Role, SessionUser } from "./roles";
import { roleSchema } from "./schema";

export type ChangeRoleError =
  | { code: "auth/not-admin" }
  | { code: "auth/invalid-role" }
  | { code: "auth/user-not-found" }
  | { code: "auth/own-role" };

export const changeRoleMessages: Record<ChangeRoleError["code"], string> = {
  "auth/not-admin": "Only an administrator can change roles.",
  "auth/invalid-role": "Choose learner, instructor or admin.",
  "auth/user-not-found": "That account no longer exists.",
  "auth/own-role": "You cannot change your own role; ask another administrator, so that the site always keeps one.",
};

export async function changeUserRole(
  db: Db,
  actor: SessionUser,
  input: { userId: unknown; role: unknown },
): Promise<Result<{ id: string; email: string; role: Role }, ChangeRoleError>> {
  if (actor.role !== "admin") return err({ code: "auth/not-admin" });
  const role = roleSchema.safeParse(input.role);
  if (!role.success) return err({ code: "auth/invalid-role" });
  if (typeof input.userId !== "string" || !/^[0-9a-f-]{36}$/i.test(input.userId)) return err({ code: "auth/user-not-found" });
  if (input.userId === actor.id) return err({ code: "auth/own-role" });
  const target = await getUserById(db, input.userId);
  if (!target) return err({ code: "auth/user-not-found" });
  const updated = await updateUserRoleById(db, target.id, role.data);
  if (!updated) return err({ code: "auth/user-not-found" });
  return ok({ id: updated.id, email: updated.email, role: updated.role });
}
