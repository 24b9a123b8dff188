import type { Db } from "../client";
import { getUserByEmail } from "../queries/users";
import type { Role } from "../schema";

/** The accounts `npm start` creates so a new visitor can look around at once; printed with their passwords. */
export const demoAccounts: { name: string; email: string; password: string; role: Role }[] = [
  { name: "Dana Learner", email: "learner@examstack.local", password: "learn-openstack-1", role: "learner" },
  { name: "Ivo Instructor", email: "instructor@examstack.local", password: "teach-openstack-1", role: "instructor" },
  { name: "Ada Admin", email: "admin@examstack.local", password: "admin-openstack-1", role: "admin" },
];

/**
 * Creates the demo accounts that are missing. `create` is the account service (lib/auth), passed in because
 * db/ never imports lib/ — it hashes the password and validates like any sign-up.
 */
export async function ensureDemoAccounts(
  db: Db,
  create: (db: Db, input: { name: string; email: string; password: string }, role: Role) => Promise<unknown>,
): Promise<{ created: number }> {
  let created = 0;
  for (const account of demoAccounts) {
    if (await getUserByEmail(db, account.email)) continue;
    await create(db, account, account.role);
    created += 1;
  }
  return { created };
}
