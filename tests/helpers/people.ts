import type { Db } from "@/db/client";
import { createAccount } from "@/lib/auth/accounts";
import type { Role, SessionUser } from "@/lib/auth/roles";

/**
 * Accounts for a test's cast, by short name (`ivo` the instructor, `lea` the learner, …): each gets the e-mail
 * `<name>@example.com` and the role given, and comes back as the session user the services expect.
 */
export async function createPeople(db: Db, cast: readonly (readonly [string, Role])[]): Promise<Record<string, SessionUser>> {
  const people: Record<string, SessionUser> = {};
  for (const [key, role] of cast) {
    const account = await createAccount(db, { name: key, email: `${key}@example.com`, password: `${key}-password-123` }, role);
    if (!account.ok) throw new Error(`account ${key}`);
    people[key] = { id: account.value.id, email: `${key}@example.com`, name: key, role };
  }
  return people;
}
