import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { migrate } from "@/db/migrate";
import { createTestDb } from "../../helpers/db";

describe("migrations", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb();
  });
  afterAll(async () => handle.close());

  it("create the users table on this driver", async () => {
    const rows = await handle.db.execute(sql`select count(*)::int as n from users`);
    expect(rows).toBeDefined();
  });

  it("are idempotent: running them again changes nothing", async () => {
    await migrate(handle);
    const result = await handle.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { n: number }[];
    expect(rows[0]?.n).toBeGreaterThan(0);
  });
});
