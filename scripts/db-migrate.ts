// npm run db:migrate — applies the committed migrations to DATABASE_URL's Postgres, or to the embedded database.
import { createDb } from "../db/client";
import { migrate } from "../db/migrate";
import { readEnv } from "../lib/env";

const env = readEnv();
const handle = await createDb({ url: env.DATABASE_URL });
try {
  await migrate(handle);
  console.log(`Migrations applied (${handle.driver === "postgres" ? "PostgreSQL at DATABASE_URL" : "embedded database in .data/"}).`);
} finally {
  await handle.close();
}
