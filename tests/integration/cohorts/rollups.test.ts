import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { listExamAttemptItemsByAttempt } from "@/db/queries/exams";
import { insertPracticeAnswer, listPracticeQuestionsByTopic } from "@/db/queries/practice";
import { insertReviewLogs, saveReviewByUser, undoReviewByUser } from "@/db/queries/srs";
import { createAccount } from "@/lib/auth/accounts";
import type { SessionUser } from "@/lib/auth/roles";
import { importContent } from "@/lib/content/import";
import { questionSchema } from "@/lib/content/schema";
import { loadCohortDashboard } from "@/lib/cohorts/dashboard";
import { createCohort, createInvite, joinWithCode, removeLearner } from "@/lib/cohorts/service";
import { saveExamAnswer, startExamAttempt, submitExamAttempt } from "@/lib/exam/service";
import { createTestDb } from "../../helpers/db";

const DAY = 24 * 60 * 60 * 1000;

// The dashboard reads weekly and all-time activity from rollups that triggers keep (migration
// 0011_dashboard_rollups). Every step below writes through a different path — single and bulk inserts, a rescore,
// answers moved across a week boundary, an undo, whole days deleted, a re-import, a learner leaving and a learner's
// account deleted — and after each one the rollups must equal a recomputation from the raw answers and reviews.
describe("dashboard rollups", () => {
  let handle: DbHandle;
  let instructor: SessionUser;
  let ana: SessionUser;
  let ben: SessionUser;
  let cohortId: string;
  let version: { id: string; questionId: string };
  const now = new Date();

  const rows = async (query: SQL): Promise<string[]> => {
    const result = await handle.db.execute(query);
    const list = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { line: string }[];
    return list.map((row) => row.line);
  };
  // Instants as epoch milliseconds and every value as text, so both drivers print rows alike.
  const ms = (column: SQL) => sql`coalesce(floor(extract(epoch from ${column}) * 1000)::bigint::text, '-')`;
  const monday = (day: SQL) => sql`(${day} - (extract(isodow from ${day})::int - 1))`;
  const rawEvents = sql`(
    select user_id, (answered_at at time zone 'UTC')::date as day, 1 as answers, coalesce(time_taken_ms, 0) as answer_ms, answered_at,
           0 as reviews, 0 as review_ms, 0 as scheduled, 0 as passed, null::timestamptz as reviewed_at
      from practice_answers
    union all
    select user_id, (reviewed_at at time zone 'UTC')::date, 0, 0, null, 1, duration_ms, (kind = 'review')::int, (kind = 'review' and rating > 1)::int, reviewed_at
      from srs_review_logs
  ) as raw`;

  const expectRollupsExact = async () => {
    const weeklyFromRaw = await rows(sql`
      select concat_ws('|', user_id, ${monday(sql`day`)}, count(distinct day), sum(answers), sum(reviews), sum(scheduled), sum(passed)) as line
        from ${rawEvents} group by user_id, ${monday(sql`day`)} order by 1`);
    const weekly = await rows(sql`
      select concat_ws('|', user_id, week, days, answers, reviews, scheduled_reviews, scheduled_passed) as line from learner_weekly_activity order by 1`);
    expect(weekly).toEqual(weeklyFromRaw);
    const totalsFromRaw = await rows(sql`
      select concat_ws('|', user_id, count(distinct day), sum(answers), sum(answer_ms), ${ms(sql`max(answered_at)`)}, sum(reviews), sum(review_ms), ${ms(sql`max(reviewed_at)`)}) as line
        from ${rawEvents} group by user_id order by 1`);
    const totals = await rows(sql`
      select concat_ws('|', user_id, days, answers, answer_time_ms, ${ms(sql`last_answer_at`)}, reviews, review_time_ms, ${ms(sql`last_review_at`)}) as line
        from learner_activity_totals order by 1`);
    expect(totals).toEqual(totalsFromRaw);
    return { weekly, totals };
  };

  const review = (userId: string, at: Date, kind: "learn" | "review", rating: number, durationMs: number) => ({
    userId,
    cardId: "rollup-card",
    rating,
    kind,
    reviewedAt: at,
    durationMs,
    previousState: "review" as const,
    previousScheduledDays: 3,
    stateBefore: {} as never,
    stateAfter: {} as never,
  });

  beforeAll(async () => {
    handle = await createTestDb();
    expect((await importContent(handle.db, path.join(process.cwd(), "content"))).ok).toBe(true);
    const made: SessionUser[] = [];
    for (const [name, role] of [
      ["iris", "instructor"],
      ["ana", "learner"],
      ["ben", "learner"],
    ] as const) {
      const account = await createAccount(handle.db, { name, email: `${name}@example.com`, password: `${name}-password-123` }, role);
      if (!account.ok) throw new Error(`account ${name}`);
      made.push({ id: account.value.id, email: `${name}@example.com`, name, role });
    }
    [instructor, ana, ben] = made as [SessionUser, SessionUser, SessionUser];
    cohortId = (await createCohort(handle.db, instructor, { name: "Rollups", description: "" }, now)).id;
    const invite = await createInvite(handle.db, instructor, { cohortId, validDays: 7 }, now);
    if (!invite.ok) throw new Error("invite");
    for (const learner of [ana, ben]) expect((await joinWithCode(handle.db, learner, invite.value.code, now)).ok).toBe(true);
    const [question] = await listPracticeQuestionsByTopic(handle.db, ana.id, "compute");
    version = { id: question!.versionId, questionId: question!.questionId };
  });
  afterAll(async () => handle?.close());

  it("stay equal to the raw answers and reviews through every kind of write", async () => {
    // Drills: one answer at a time (the database's clock), then a bulk import spread over five weeks.
    for (const [score, timeTakenMs] of [
      [1, 12_000],
      [0, null],
    ] as const) {
      await insertPracticeAnswer(handle.db, { userId: ana.id, questionVersionId: version.id, questionId: version.questionId, topic: "compute", response: { kind: "truefalse", value: true }, score, timeTakenMs });
    }
    await handle.db.execute(sql`
      insert into practice_answers (user_id, question_version_id, question_id, topic, response, score, time_taken_ms, answered_at)
      select u.id, ${version.id}, ${version.questionId}, 'compute', '{"kind":"truefalse","value":true}'::jsonb, (g % 2)::int, 1000 * g,
             now() - (g * 26 || ' hours')::interval
        from generate_series(1, 30) g cross join (values (${ana.id}::uuid), (${ben.id}::uuid)) as u(id)`);
    const afterInserts = await expectRollupsExact();
    expect(afterInserts.weekly.length).toBeGreaterThan(4);
    expect(afterInserts.totals).toHaveLength(2);

    // Reviews one by one across the weeks, a bulk batch, then an undo of the latest (its time moves back).
    for (const offset of [0, 3, 9, 17, 40]) {
      await saveReviewByUser(handle.db, ben.id, "rollup-card", null, review(ben.id, new Date(now.getTime() - offset * DAY), offset % 2 ? "learn" : "review", 1 + (offset % 4), 2000 + offset));
    }
    await insertReviewLogs(handle.db, Array.from({ length: 25 }, (_, index) => review(index % 3 ? ana.id : ben.id, new Date(now.getTime() - index * 0.7 * DAY), "review", 1 + (index % 4), 500 * index)));
    const latest = await saveReviewByUser(handle.db, ben.id, "rollup-card", null, review(ben.id, new Date(now.getTime() + 60_000), "review", 4, 9000));
    await expectRollupsExact();
    await undoReviewByUser(handle.db, ben.id, latest!, null, "rollup-card");
    await expectRollupsExact();

    // A rescore, answers moved back across a week boundary (days emptied and filled), then whole days deleted.
    await handle.db.execute(sql`update practice_answers set score = 1 - score, time_taken_ms = null where user_id = ${ana.id} and answered_at > now() - interval '5 days'`);
    await handle.db.execute(sql`update practice_answers set answered_at = answered_at - interval '8 days' where user_id = ${ben.id} and answered_at > now() - interval '12 days'`);
    await expectRollupsExact();
    await handle.db.execute(sql`delete from practice_answers where user_id = ${ana.id} and answered_at > now() - interval '3 days'`);
    await handle.db.execute(sql`update srs_review_logs set kind = 'review', rating = 1 where user_id = ${ana.id}`);
    await handle.db.execute(sql`delete from srs_review_logs where user_id = ${ben.id} and reviewed_at < now() - interval '10 days'`);
    await expectRollupsExact();

    // Content re-imported, a learner leaving the cohort and coming back: the rollups are per learner and unmoved.
    const before = await expectRollupsExact();
    expect((await importContent(handle.db, path.join(process.cwd(), "content"))).ok).toBe(true);
    expect((await removeLearner(handle.db, instructor, { cohortId, userId: ben.id })).ok).toBe(true);
    const invite = await createInvite(handle.db, instructor, { cohortId, validDays: 7 }, now);
    if (!invite.ok) throw new Error("invite");
    expect((await joinWithCode(handle.db, ben, invite.value.code, now)).ok).toBe(true);
    expect(await expectRollupsExact()).toEqual(before);

    // Everything of one learner gone, then the other's account deleted: no row is left behind or re-created.
    await handle.db.execute(sql`delete from practice_answers where user_id = ${ana.id}`);
    await handle.db.execute(sql`delete from srs_review_logs where user_id = ${ana.id}`);
    expect((await expectRollupsExact()).totals.every((line) => !line.startsWith(ana.id))).toBe(true);
    await handle.db.execute(sql`delete from users where id = ${ben.id}`);
    expect(await expectRollupsExact()).toEqual({ weekly: [], totals: [] });
  });

  it("merges exam items into the heat map and exams into the weekly series as the raw rows say", async () => {
    const joined: SessionUser[] = [];
    const invite = await createInvite(handle.db, instructor, { cohortId, validDays: 7 }, now);
    if (!invite.ok) throw new Error("invite");
    for (const name of ["cy", "dee"]) {
      const account = await createAccount(handle.db, { name, email: `${name}@example.com`, password: `${name}-password-123` }, "learner");
      if (!account.ok) throw new Error(`account ${name}`);
      const learner = { id: account.value.id, email: `${name}@example.com`, name, role: "learner" as const };
      expect((await joinWithCode(handle.db, learner, invite.value.code, now)).ok).toBe(true);
      joined.push(learner);
    }
    const [cy, dee] = joined as [SessionUser, SessionUser];
    // cy practises and sits the quick check; dee only sits it (active that week through the exam alone), answering
    // half of the questions so the items carry different scores.
    await handle.db.execute(sql`
      insert into practice_answers (user_id, question_version_id, question_id, topic, response, score, time_taken_ms, answered_at)
      select ${cy.id}, v.id, v.question_id, v.topic, '{"kind":"truefalse","value":true}'::jsonb, (g % 3) / 2.0, 1000, now() - (g * 30 || ' hours')::interval
        from generate_series(1, 12) g cross join lateral (select id, question_id, topic from question_versions order by id offset g * 7 limit 1) v`);
    for (const [learner, seed] of [
      [cy, 11],
      [dee, 12],
    ] as const) {
      const started = await startExamAttempt(handle.db, learner.id, "quick-check", now, seed);
      if (!started.ok) throw new Error("start");
      let seq = now.getTime();
      for (const { item, questionBody } of await listExamAttemptItemsByAttempt(handle.db, started.value.attemptId)) {
        const question = questionSchema.parse(questionBody);
        if (question.kind !== "truefalse" || (seq += 1) % 2) continue;
        await saveExamAnswer(handle.db, learner.id, started.value.attemptId, { position: item.position, response: { kind: "truefalse", value: question.answer }, flagged: false, seq }, now);
      }
      expect((await submitExamAttempt(handle.db, learner.id, started.value.attemptId, new Date(now.getTime() + 60_000))).ok).toBe(true);
    }

    const dashboard = await loadCohortDashboard(handle.db, instructor, cohortId, new Date(now.getTime() + 120_000));
    if (!dashboard.ok) throw new Error("dashboard");
    const heatFromRaw = await rows(sql`
      select concat_ws('|', user_id, topic, count(*), sum(score)) as line from (
        select user_id, topic, score::float8 as score from practice_answers
        union all
        select a.user_id, item->>'topic', (item->>'score')::float8 from exam_attempts a cross join lateral jsonb_array_elements(a.result->'items') as item
         where a.status = 'submitted' and item->>'kind' = 'question'
      ) as scored where user_id in (${cy.id}, ${dee.id}) group by user_id, topic order by 1`);
    const heat = dashboard.value.mastery.map((cell) => ({ key: `${cell.userId}|${cell.topic}`, answers: cell.answers, meanScore: cell.meanScore }));
    expect(heat.map((cell) => cell.key).sort()).toEqual(heatFromRaw.map((line) => line.split("|").slice(0, 2).join("|")));
    expect(heat.some((cell) => cell.key.startsWith(dee.id))).toBe(true);
    for (const line of heatFromRaw) {
      const [userId, topic, answers, total] = line.split("|");
      const cell = heat.find((candidate) => candidate.key === `${userId}|${topic}`)!;
      expect(cell.answers).toBe(Number(answers));
      expect(cell.meanScore).toBeCloseTo(Number(total) / Number(answers), 12);
    }

    const weeksFromRaw = await rows(sql`
      select concat_ws('|', floor(extract(epoch from week) * 1000)::bigint, count(distinct user_id), sum(answers), sum(reviews), coalesce(round((sum(exam) / nullif(count(exam), 0))::numeric, 9)::text, '-')) as line
        from (
          select user_id, date_trunc('week', answered_at at time zone 'UTC') as week, 1 as answers, 0 as reviews, null::float8 as exam from practice_answers
          union all
          select user_id, date_trunc('week', reviewed_at at time zone 'UTC'), 0, 1, null from srs_review_logs
          union all
          select user_id, date_trunc('week', submitted_at at time zone 'UTC'), 0, 0, score_percent from exam_attempts where status = 'submitted'
        ) as events
       where user_id in (select user_id from cohort_members where cohort_id = ${cohortId}) and week >= ${dashboard.value.weeks[0]!.weekStart.toISOString()}::timestamp
       group by week order by week`);
    const weeks = dashboard.value.weeks
      .filter((week) => week.activeLearners > 0)
      .map((week) => [week.weekStart.getTime(), week.activeLearners, week.answers, week.reviews, week.meanExamPercent === null ? "-" : week.meanExamPercent.toFixed(9)].join("|"));
    expect(weeks).toEqual(weeksFromRaw);
    expect(weeks.at(-1)!.split("|")[1]).toBe("2");
  });
});
