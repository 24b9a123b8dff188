import { defineConfig } from "drizzle-kit";

// Migrations are generated from the schema and committed; `db/migrate.ts` applies them on PGlite and Postgres alike.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
