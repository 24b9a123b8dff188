// Due-queue benchmark (issue 7): one learner with 20,000 cards and 200,000 review logs. Prints the p50/p95 time
// to build today's queue beside a plain indexed `SELECT count(*)` over the same learner's card states, measured
// in the same run on the same database, so the ratio means something on any machine. Target: p95 < 20 ms.
import { performance } from "node:perf_hooks";
import { createDb } from "@/db/client";
import { migrate } from "@/db/migrate";
import { countAllCardStatesByUser, insertCardStates, insertReviewLogs, upsertSrsSettingsByUser } from "@/db/queries/srs";
import { insertUserUnlessEmailExists } from "@/db/queries/users";
import type { NewSrsCardState, NewSrsReviewLog } from "@/db/schema";
import { seededRandom } from "@/lib/random";
import { defaultSrsSettings } from "@/lib/srs";
import { loadTodayQueue } from "@/lib/srs/service";
import { timeRuns } from "./support/timing";

const CARDS = 20_000;
const LOGS = 200_000;
const RUNS = 200;
const WARM_UP = 20;
const TARGET_P95_MS = 20;
const DAY_MS = 86_400_000;

const now = new Date("2026-06-15T10:00:00Z");
const random = seededRandom(7);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;

const time = (run: () => Promise<unknown>) => timeRuns(run, RUNS, WARM_UP);

async function main() {
  // Always a throwaway in-memory PGlite: the benchmark writes 220,000 rows and must never touch a real database.
  const handle = await createDb({ dataDir: "memory://" });
  await migrate(handle);
  const { db } = handle;
  const user = await insertUserUnlessEmailExists(db, { email: `bench-${Date.now()}@example.com`, name: "Bench", passwordHash: null, role: "learner" });
  if (!user) throw new Error("could not create the benchmark learner");

  const loadStarted = performance.now();
  const states: NewSrsCardState[] = [];
  for (let index = 0; index < CARDS; index += 1) {
    const roll = random();
    // Roughly a collection a year into the course: 30 % unseen, under 1 % in (re)learning, the rest in review.
    const state = roll < 0.3 ? "new" : roll < 0.305 ? "learning" : roll < 0.308 ? "relearning" : "review";
    const due = state === "new" ? now : state === "review" ? new Date(now.getTime() + Math.floor((random() * 400 - 30) * DAY_MS)) : new Date(now.getTime() + Math.floor((random() * 60 - 30) * 60_000));
    states.push({
      userId: user.id,
      cardId: `card-${index}`,
      source: "course",
      topic: pick(["identity", "compute", "networking", "block-storage", "image"]),
      topicRank: Math.floor(random() * 13),
      position: random() * 100,
      siblingKey: random() < 0.5 ? `note:${Math.floor(index / 4)}` : null,
      state,
      due,
      stability: state === "new" ? 0 : 1 + random() * 200,
      difficulty: state === "new" ? 0 : 1 + random() * 9,
      elapsedDays: 0,
      scheduledDays: state === "review" ? Math.floor(random() * 200) : 0,
      learningSteps: 0,
      reps: state === "new" ? 0 : 1 + Math.floor(random() * 20),
      lapses: Math.floor(random() * 3),
      lastReview: state === "new" ? null : new Date(now.getTime() - Math.floor(random() * 100) * DAY_MS),
      suspended: random() < 0.02,
      createdAt: now,
      updatedAt: now,
    });
  }
  await insertCardStates(db, states);

  const snapshot = { due: now.toISOString(), stability: 10, difficulty: 5, elapsedDays: 3, scheduledDays: 10, learningSteps: 0, reps: 4, lapses: 0, state: "review" as const, lastReview: now.toISOString(), suspended: false, buriedUntil: null, leech: false };
  const TODAY_LOGS = 150;
  let logs: NewSrsReviewLog[] = [];
  for (let index = 0; index < LOGS; index += 1) {
    // The last 150 answers are today's; the rest are spread over two years.
    const at = index >= LOGS - TODAY_LOGS ? new Date(now.getTime() - random() * 5 * 3_600_000) : new Date(now.getTime() - (1 + random() * 730) * DAY_MS);
    logs.push({
      userId: user.id,
      cardId: `card-${Math.floor(random() * CARDS)}`,
      rating: 1 + Math.floor(random() * 4),
      kind: pick(["learn", "review", "review", "review", "relearn"]),
      reviewedAt: at,
      durationMs: Math.floor(random() * 20_000),
      siblingKey: random() < 0.5 ? `note:${Math.floor(random() * (CARDS / 4))}` : null,
      previousState: index >= LOGS - TODAY_LOGS ? (index % 15 === 0 ? "new" : "review") : pick(["new", "learning", "review", "review", "relearning"]),
      previousScheduledDays: Math.floor(random() * 100),
      stateBefore: snapshot,
      stateAfter: snapshot,
    });
    if (logs.length === 10_000) {
      await insertReviewLogs(db, logs);
      logs = [];
    }
  }
  await insertReviewLogs(db, logs);
  await handle.db.execute("ANALYZE" as never);
  const loadSeconds = (performance.now() - loadStarted) / 1000;

  // The learner's stored settings are read on every call, as the review page does.
  await upsertSrsSettingsByUser(db, user.id, { ...defaultSrsSettings, timeZone: "Europe/Berlin" }, now);
  const sample = await loadTodayQueue(db, user.id, now);
  const queue = await time(() => loadTodayQueue(db, user.id, now));
  const baseline = await time(() => countAllCardStatesByUser(db, user.id));
  const total = await countAllCardStatesByUser(db, user.id);

  const ms = (value: number) => `${value.toFixed(2)} ms`;
  console.log(`srs due queue (${handle.driver}): ${total} cards, ${LOGS} review logs, loaded in ${loadSeconds.toFixed(1)} s`);
  console.log(`  queue today: ${sample.queue.counts.review} review, ${sample.queue.counts.learning} learning, ${sample.queue.counts.new} new; answered today: ${sample.studied.reviews} reviews, ${sample.studied.newCards} new`);
  console.log(`  due queue            p50 ${ms(queue.p50)}  p95 ${ms(queue.p95)}  (target p95 < ${TARGET_P95_MS} ms)`);
  console.log(`  baseline count(*)    p50 ${ms(baseline.p50)}  p95 ${ms(baseline.p95)}`);
  console.log(`  ratio (p95)          ${(queue.p95 / Math.max(baseline.p95, 0.001)).toFixed(1)}×`);
  await handle.close();
  if (queue.p95 >= TARGET_P95_MS) {
    console.log(`  FAIL: p95 ${ms(queue.p95)} is over the ${TARGET_P95_MS} ms target`);
    process.exitCode = 1;
  }
}

await main();
