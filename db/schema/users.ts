import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const roleEnum = pgEnum("role", ["learner", "instructor", "admin"]);

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** Stored lower-cased, so that `Ana@Example.com` and `ana@example.com` are one account. */
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  /** An argon2id hash (PHC string with its own salt and cost); null for accounts that sign in only through OIDC/GitHub. */
  passwordHash: text("password_hash"),
  role: roleEnum("role").notNull().default("learner"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Failed sign-ins, one row per failure, keyed by `account:<email>` and `address:<ip>`. A window count over this
 * table is the rate limit; kept in the database rather than in memory so that it holds across restarts and
 * across several server processes.
 */
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: text("key").notNull(),
    failedAt: timestamp("failed_at", { withTimezone: true }).notNull().default(sql`now()`),
  },
  (table) => [index("sign_in_failures_key_failed_at_idx").on(table.key, table.failedAt)],
);

export type User = typeof users.$inferSelect;
export type Role = (typeof roleEnum.enumValues)[number];
