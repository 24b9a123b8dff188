// Cohort dashboard benchmark (issue 8): a cohort of 1,000 learners with 200,000 practice answers, 500,000 review
// logs and 50,000 card states. Times loadCohortDashboard — the roster's grouped queries, the topic heat map and
// the weekly progress series, run together as the page runs them — and prints p50/p95 beside a plain
// `SELECT count(*)` over the answers measured in the same run on the same database. Target: p95 < 200 ms.
// A throwaway in-memory PGlite unless BENCH_DATABASE_URL names a scratch Postgres database to fill.
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createDb } from "@/db/client";
import { migrate } from "@/db/migrate";
import { countPracticeAnswers, seedDashboardBench } from "@/db/seed/bench-dashboard";
import { insertUserUnlessEmailExists } from "@/db/queries/users";
import { importContent } from "@/lib/content/import";
import { loadCohortDashboard } from "@/lib/cohorts/dashboard";
import { createCohort } from "@/lib/cohorts/service";
import { timeRuns } from "./support/timing";

const LEARNERS = 1_000;
const ANSWERS = 200_000;
const REVIEWS = 500_000;
const CARDS_PER_LEARNER = 50;
const RUNS = 30;
const WARM_UP = 3;
const TARGET_P95_MS = 200;

const now = new Date("2026-06-15T10:00:00Z");

const time = (run: () => Promise<unknown>) => timeRuns(run, RUNS, WARM_UP);

async function main() {
  const handle = await createDb(process.env.BENCH_DATABASE_URL ? { url: process.env.BENCH_DATABASE_URL } : { dataDir: "memory://" });
  await migrate(handle);
  const { db } = handle;
  const imported = await importContent(db, path.join(process.cwd(), "content"));
  if (!imported.ok) throw new Error("the bundled content has errors");
  const owner = await insertUserUnlessEmailExists(db, { email: `bench-owner-${Date.now()}@example.org`, name: "Bench instructor", passwordHash: null, role: "instructor" });
  if (!owner) throw new Error("could not create the instructor");
  const actor = { id: owner.id, email: owner.email, name: owner.name, role: "instructor" as const };
  const cohort = await createCohort(db, actor, { name: "Bench cohort", description: "" }, now);

  const seedStarted = performance.now();
  await seedDashboardBench(db, { cohortId: cohort.id, learners: LEARNERS, answers: ANSWERS, reviews: REVIEWS, cardsPerLearner: CARDS_PER_LEARNER, now });
  console.log(`seeded ${LEARNERS} learners, ${ANSWERS} answers, ${REVIEWS} reviews, ${LEARNERS * CARDS_PER_LEARNER} card states in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

  const check = await loadCohortDashboard(db, actor, cohort.id, now);
  if (!check.ok || check.value.roster.length !== LEARNERS) throw new Error("the dashboard did not list every learner");
  if ((await countPracticeAnswers(db)) !== ANSWERS) throw new Error("the answers were not all seeded");

  const baseline = await time(() => countPracticeAnswers(db));
  const dashboard = await time(() => loadCohortDashboard(db, actor, cohort.id, now));
  console.log(`baseline  SELECT count(*) over ${ANSWERS} answers   p50 ${baseline.p50.toFixed(1)} ms   p95 ${baseline.p95.toFixed(1)} ms`);
  console.log(`dashboard roster + heat map + progress (${LEARNERS} learners)   p50 ${dashboard.p50.toFixed(1)} ms   p95 ${dashboard.p95.toFixed(1)} ms   (${(dashboard.p95 / baseline.p95).toFixed(1)}× baseline; target p95 < ${TARGET_P95_MS} ms: ${dashboard.p95 < TARGET_P95_MS ? "met" : "MISSED"})`);
  await handle.close();
}

await main();
