import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { insertPracticeAnswer, listPracticeQuestionsByTopic } from "@/db/queries/practice";
import { saveReviewByUser, undoReviewByUser } from "@/db/queries/srs";
import { createAccount } from "@/lib/auth/accounts";
import type { SessionUser } from "@/lib/auth/roles";
import { weekStartOf } from "@/lib/analytics";
import { importContent } from "@/lib/content/import";
import { loadCohortDashboard, PROGRESS_WEEKS } from "@/lib/cohorts/dashboard";
import { createCohort, createInvite, joinWithCode } from "@/lib/cohorts/service";
import { createTestDb } from "../../helpers/db";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// The dashboard reads answers and reviews from trigger-kept daily rollups; these numbers are worked out by hand
// from the raw rows below, including rows a minute either side of the 30-day and 7-day windows and a review
// that is undone (deleted) afterwards, so a rollup that drifted from the raw logs would show here.
describe("cohort dashboard numbers", () => {
  let handle: DbHandle;
  let instructor: SessionUser;
  let learner: SessionUser;
  let cohortId: string;
  // Practice answers take the database's clock, so the fixture is placed around the real present.
  const now = new Date(Date.now() + 5 * MINUTE);
  const reviews = [
    { offset: -30 * DAY + MINUTE, kind: "review", rating: 3, durationMs: 1000 }, // in the month, on its first (partial) day
    { offset: -30 * DAY - MINUTE, kind: "review", rating: 3, durationMs: 2000 }, // a minute too old for the month
    { offset: -29 * DAY, kind: "review", rating: 1, durationMs: 3000 }, // a lapse inside the month
    { offset: -7 * DAY + MINUTE, kind: "learn", rating: 3, durationMs: 4000 }, // last week, but not a scheduled review
    { offset: -7 * DAY - MINUTE, kind: "review", rating: 2, durationMs: 5000 }, // in the month, a minute before last week
  ] as const;

  beforeAll(async () => {
    handle = await createTestDb();
    expect((await importContent(handle.db, path.join(process.cwd(), "content"))).ok).toBe(true);
    const made: SessionUser[] = [];
    for (const [name, role] of [
      ["ines", "instructor"],
      ["lars", "learner"],
    ] as const) {
      const account = await createAccount(handle.db, { name, email: `${name}@example.com`, password: `${name}-password-123` }, role);
      if (!account.ok) throw new Error(`account ${name}`);
      made.push({ id: account.value.id, email: `${name}@example.com`, name, role });
    }
    [instructor, learner] = made as [SessionUser, SessionUser];
    const joinedAt = new Date(now.getTime() - 60 * DAY);
    cohortId = (await createCohort(handle.db, instructor, { name: "Numbers", description: "" }, joinedAt)).id;
    const invite = await createInvite(handle.db, instructor, { cohortId, validDays: 7 }, joinedAt);
    if (!invite.ok) throw new Error("invite");
    expect((await joinWithCode(handle.db, learner, invite.value.code, joinedAt)).ok).toBe(true);
  });
  afterAll(async () => handle?.close());

  it("counts practice, retention, time and weekly activity exactly as the raw rows say, after an undo too", async () => {
    const [question] = await listPracticeQuestionsByTopic(handle.db, learner.id, "compute");
    const version = { id: question!.versionId, questionId: question!.questionId };
    for (const [score, timeTakenMs] of [
      [1, 10_000],
      [0, 20_000],
      [0.5, null],
    ] as const) {
      await insertPracticeAnswer(handle.db, { userId: learner.id, questionVersionId: version.id, questionId: version.questionId, topic: "compute", response: { kind: "truefalse", value: true }, score, timeTakenMs });
    }
    for (const review of reviews) {
      await saveReviewByUser(handle.db, learner.id, "fixture-card", null, {
        rating: review.rating,
        kind: review.kind,
        reviewedAt: new Date(now.getTime() + review.offset),
        durationMs: review.durationMs,
        previousState: "review",
        previousScheduledDays: 5,
        stateBefore: {} as never,
        stateAfter: {} as never,
      });
    }
    // A review answered and then undone leaves nothing behind.
    const undone = await saveReviewByUser(handle.db, learner.id, "fixture-card", null, {
      rating: 4, kind: "review", reviewedAt: new Date(now.getTime() - MINUTE), durationMs: 99_000, previousState: "review", previousScheduledDays: 5, stateBefore: {} as never, stateAfter: {} as never,
    });
    await undoReviewByUser(handle.db, learner.id, undone!, null, "fixture-card");

    const dashboard = await loadCohortDashboard(handle.db, instructor, cohortId, now);
    if (!dashboard.ok) throw new Error("dashboard");
    const [row] = dashboard.value.roster;
    // Scheduled reviews in the last 30 days: the edge-day pass, the lapse and the one before last week: 2 of 3 passed.
    expect(row!.retention).toBeCloseTo(2 / 3, 10);
    // Practice 30 s, reviews 15 s (the undone 99 s is gone), no exams or labs.
    expect(row!.timeSpentMs).toBe(30_000 + 15_000);
    expect(row!.lastActiveAt!.getTime()).toBeGreaterThan(now.getTime() - 10 * MINUTE);
    expect(dashboard.value.mastery).toEqual([{ userId: learner.id, topic: "compute", answers: 3, meanScore: 0.5 }]);

    const first = weekStartOf(now).getTime() - (PROGRESS_WEEKS - 1) * 7 * DAY;
    const expectedReviews = new Map<number, number>();
    for (const review of reviews) {
      const week = weekStartOf(new Date(now.getTime() + review.offset)).getTime();
      if (week >= first) expectedReviews.set(week, (expectedReviews.get(week) ?? 0) + 1);
    }
    const thisWeek = weekStartOf(now).getTime();
    for (const week of dashboard.value.weeks) {
      const start = week.weekStart.getTime();
      const answers = start === weekStartOf(new Date()).getTime() ? 3 : 0;
      expect({ start, answers: week.answers, reviews: week.reviews, active: week.activeLearners }).toEqual({
        start,
        answers,
        reviews: expectedReviews.get(start) ?? 0,
        active: answers + (expectedReviews.get(start) ?? 0) > 0 ? 1 : 0,
      });
    }
    expect(dashboard.value.weeks.at(-1)!.weekStart.getTime()).toBe(thisWeek);
  });
});
