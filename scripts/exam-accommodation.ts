// npx tsx scripts/exam-accommodation.ts --email ana@example.com --multiplier 1.5 [--note "25 % extra time, letter of 3 March"]
// Grants a learner a time multiplier for mock exams (1 = standard time). It applies to attempts started from
// now on; an attempt already running keeps the deadline it started with.
import { parseArgs } from "node:util";
import { z } from "zod";
import { createDb } from "../db/client";
import { upsertExamAccommodationByUser } from "../db/queries/exams";
import { getUserByEmail } from "../db/queries/users";
import { emailSchema } from "../lib/auth/schema";
import { systemClock } from "../lib/clock";
import { readEnv } from "../lib/env";
import { MAX_TIME_MULTIPLIER, MIN_TIME_MULTIPLIER } from "../lib/exam/attempt";

function fail(message: string): never {
  console.error(`exam-accommodation: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({ options: { email: { type: "string" }, multiplier: { type: "string" }, note: { type: "string" } } });
const email = emailSchema.safeParse(values.email);
if (!email.success) fail("give the learner's account with --email");
const multiplier = z.coerce.number().min(MIN_TIME_MULTIPLIER).max(MAX_TIME_MULTIPLIER).safeParse(values.multiplier);
if (!multiplier.success) fail(`give --multiplier between ${MIN_TIME_MULTIPLIER} and ${MAX_TIME_MULTIPLIER} (1.5 = half as much time again)`);

const env = readEnv();
const handle = await createDb({ url: env.DATABASE_URL });
try {
  const user = await getUserByEmail(handle.db, email.data);
  if (!user) fail(`no account has the email ${email.data}`);
  await upsertExamAccommodationByUser(handle.db, user.id, multiplier.data, values.note ?? null, systemClock.now());
  console.log(`${user.email} now gets ${multiplier.data} × the standard time in mock exams started from now on.`);
} finally {
  await handle.close();
}
