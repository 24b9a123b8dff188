import { and, asc, count, eq, gte, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { signInFailures, users, type Role, type User } from "../schema";

export async function getUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return user;
}

export async function getUserById(db: Db, id: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user;
}

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string | null;
  role: Role;
}

/** Inserts unless the email is taken; returns the new user, or undefined when it already existed. */
export async function insertUserUnlessEmailExists(db: Db, user: NewUser): Promise<User | undefined> {
  const [created] = await db.insert(users).values(user).onConflictDoNothing({ target: users.email }).returning();
  return created;
}

export async function listUsersByEmail(db: Db): Promise<User[]> {
  return db.select().from(users).orderBy(asc(users.email));
}

export async function updateUserRoleById(db: Db, id: string, role: Role): Promise<User | undefined> {
  const [updated] = await db.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, id)).returning();
  return updated;
}

export async function updateUserPasswordById(db: Db, id: string, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, id));
}

export async function countSignInFailuresByKeySince(db: Db, keys: string[], since: Date): Promise<Map<string, number>> {
  const rows = await db
    .select({ key: signInFailures.key, failures: count() })
    .from(signInFailures)
    .where(and(inArray(signInFailures.key, keys), gte(signInFailures.failedAt, since)))
    .groupBy(signInFailures.key);
  return new Map(rows.map((row) => [row.key, Number(row.failures)]));
}

export async function insertSignInFailures(db: Db, keys: string[], at: Date): Promise<void> {
  if (keys.length === 0) return;
  await db.insert(signInFailures).values(keys.map((key) => ({ key, failedAt: at })));
}
