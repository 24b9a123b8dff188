import { cache } from "react";
import { getDb } from "@/db/client";
import { getUserById } from "@/db/queries/users";
import { auth } from "./index";
import type { SessionUser } from "./roles";

/**
 * The signed-in user as the database knows them now (role included), or null. Cached per request, so a page,
 * its layout and its actions share one lookup.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await getUserById(await getDb(), id);
  if (!user) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});
