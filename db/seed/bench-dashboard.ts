import { sql } from "drizzle-orm";
import type { Db } from "../client";

/**
 * Bulk data for bench/dashboard: a cohort of `learners` learners with practice answers, card states and review
 * logs spread over the last twelve weeks. Rows are generated inside the database (generate_series), so seeding
 * 700,000 rows takes seconds rather than minutes of round trips. Needs the content imported (answers point at
 * real question versions) and the cohort's owner to exist.
 */
export async function seedDashboardBench(
  db: Db,
  input: { cohortId: string; learners: number; answers: number; reviews: number; cardsPerLearner: number; now: Date },
): Promise<void> {
  const now = sql`${input.now.toISOString()}::timestamptz`;
  await db.execute(sql`
    insert into users (email, name, role)
    select 'bench-' || g || '@example.com', 'Bench learner ' || g, 'learner' from generate_series(1, ${input.learners}) g`);
  await db.execute(sql`
    insert into cohort_members (cohort_id, user_id, joined_at)
    select ${input.cohortId}::uuid, id, ${now} - interval '90 days' from users where email like 'bench-%@example.com'`);
  // Learner n is the n-th bench user; each answer and review picks a learner and a time from its row number.
  await db.execute(sql`create temporary table bench_learners as select row_number() over (order by email) as n, id from users where email like 'bench-%@example.com'`);
  await db.execute(sql`create temporary table bench_questions as select row_number() over (order by id) as n, id, question_id, topic from question_versions`);
  await db.execute(sql`
    insert into practice_answers (user_id, question_version_id, question_id, topic, response, score, time_taken_ms, answered_at)
    select l.id, q.id, q.question_id, q.topic, '{"kind":"truefalse","value":true}'::jsonb, (g % 3 > 0)::int, 20000 + (g % 40) * 1000,
           ${now} - ((g % 84) || ' days')::interval - ((g % 1440) || ' minutes')::interval
    from generate_series(1, ${input.answers}) g
    join bench_learners l on l.n = 1 + g % ${input.learners}
    join bench_questions q on q.n = 1 + g % (select count(*) from bench_questions)`);
  await db.execute(sql`
    insert into srs_card_states (user_id, card_id, source, topic, topic_rank, position, state, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, last_review)
    select l.id, 'bench-card-' || c, 'course', 'compute', 0, c, 'review', ${now} + (((c * 7 + l.n) % 30) - 15 || ' days')::interval, 10, 5, 3, 10, 0, 4, 0, ${now} - interval '5 days'
    from bench_learners l cross join generate_series(1, ${input.cardsPerLearner}) c`);
  await db.execute(sql`
    insert into srs_review_logs (user_id, card_id, rating, kind, reviewed_at, duration_ms, previous_state, previous_scheduled_days, state_before, state_after)
    select l.id, 'bench-card-' || (1 + g % ${input.cardsPerLearner}), 1 + g % 4, 'review', ${now} - ((g % 84) || ' days')::interval - ((g % 1440) || ' minutes')::interval,
           4000 + g % 5000, 'review', 5, '{}'::jsonb, '{}'::jsonb
    from generate_series(1, ${input.reviews}) g
    join bench_learners l on l.n = 1 + g % ${input.learners}`);
  await db.execute(sql`drop table bench_learners`);
  await db.execute(sql`drop table bench_questions`);
  await db.execute(sql`analyze`);
}

/** The figure the dashboard's timings are compared against: one plain count over every answer. */
export async function countPracticeAnswers(db: Db): Promise<number> {
  const result = await db.execute(sql`select count(*)::int as n from practice_answers`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { n: number }[];
  return Number(rows[0]?.n ?? 0);
}
