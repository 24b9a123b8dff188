import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { DbHandle } from "./client";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/** Applies every committed migration not yet applied; the same files on both drivers. */
export async function migrate(handle: DbHandle): Promise<void> {
  const config = { migrationsFolder };
  // The migrators are typed per driver, but only read the session; the handle says which one is underneath.
  if (handle.driver === "pglite") await migratePglite(handle.db as never, config);
  else await migratePostgres(handle.db as never, config);
}
