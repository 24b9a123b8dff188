import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createDb, type DbHandle } from "@/db/client";
import { migrate } from "@/db/migrate";

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or — when `DATABASE_URL` is set — a new
 * database created on that server and dropped again by `close()`. Integration tests therefore run the same
 * way against both engines (`.ci/run` runs them twice).
 */
export async function createTestDb(): Promise<DbHandle> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await createDb({ dataDir: "memory://" });
    await migrate(handle);
    return handle;
  }
  const name = `examstack_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({ url: url.toString() });
  await migrate(handle);
  return {
    ...handle,
    async close() {
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end({ timeout: 5 });
    },
  };
}
