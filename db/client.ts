// Server-side only: scripts (migrate, import, start) use it too, so it cannot carry the "server-only" marker,
// which throws outside a React Server bundle; a client component importing it fails the build on `node:fs` anyway.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

/**
 * The one way to reach the database. With `DATABASE_URL` it is a real Postgres through postgres.js; without,
 * an embedded Postgres (PGlite) whose files live in `.data/` — so the app runs with no server installed.
 * Both drivers share one drizzle type, so queries never know which one they run on.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbDriver = "postgres" | "pglite";

export interface DbHandle {
  db: Db;
  driver: DbDriver;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** A postgres:// URL; when absent, PGlite is used. */
  url?: string;
  /** PGlite's data folder; `memory://` for a throwaway in-memory database. */
  dataDir?: string;
}

export const defaultDataDir = process.env.EXAMSTACK_DATA_DIR || path.join(process.cwd(), ".data", "pglite");

export async function createDb(options: CreateDbOptions = {}): Promise<DbHandle> {
  if (options.url) {
    // One connection per process is plenty for PGlite parity in tests; the app keeps a small pool.
    const client = postgres(options.url, { max: 10, onnotice: () => {} });
    const db = drizzlePostgres({ client, schema, casing: "snake_case" }) as unknown as Db;
    return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const dataDir = options.dataDir ?? defaultDataDir;
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Db;
  return { db, driver: "pglite", close: () => client.close() };
}

// The app's shared handle, cached on globalThis so that Next's dev reloads do not open a second PGlite on the
// same folder (PGlite allows one process per data directory).
const globalForDb = globalThis as typeof globalThis & { examstackDb?: Promise<DbHandle> };

export function getDbHandle(): Promise<DbHandle> {
  globalForDb.examstackDb ??= createDb({ url: process.env.DATABASE_URL || undefined });
  return globalForDb.examstackDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}
