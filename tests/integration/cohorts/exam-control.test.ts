import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { insertCohortAssignment, listCohortAuditByCohort } from "@/db/queries/cohorts";
import { listExamAttemptItemsByAttempt } from "@/db/queries/exams";
import type { SessionUser } from "@/lib/auth/roles";
import { fixedClock } from "@/lib/clock";
import { importContent } from "@/lib/content/import";
import { questionSchema } from "@/lib/content/schema";
import { assignmentStartMessage, startAssignedExam } from "@/lib/cohorts/assignments";
import { closeAttempt, extendAttempt, listLiveAttempts, setTimeMultiplier } from "@/lib/cohorts/monitor";
import { regradeQuestion } from "@/lib/cohorts/regrade";
import { createCohort, createInvite, joinWithCode } from "@/lib/cohorts/service";
import { loadAttemptResult, loadAttemptReview, saveExamAnswer, startExamAttempt, submitExamAttempt } from "@/lib/exam/service";
import { createPeople } from "../../helpers/people";
import { createTestDb } from "../../helpers/db";

const HOUR = 60 * 60 * 1000;
/** quick-check's standard duration. */
const QUICK_MINUTES = 20;

describe("assigned exams, the live monitor and regrades", () => {
  let handle: DbHandle;
  const clock = fixedClock("2026-04-06T08:00:00.000Z");
  const people: Record<string, SessionUser> = {};
  let cohortId = "";
  let seq = 0;

  beforeAll(async () => {
    handle = await createTestDb();
    expect((await importContent(handle.db, path.join(process.cwd(), "content"))).ok).toBe(true);
    Object.assign(
      people,
      await createPeople(handle.db, [
        ["ivo", "instructor"],
        ["una", "instructor"],
        ["lea", "learner"],
        ["out", "learner"],
      ]),
    );
    cohortId = (await createCohort(handle.db, p("ivo"), { name: "Evening", description: "" }, clock.now())).id;
    const invite = await createInvite(handle.db, p("ivo"), { cohortId, validDays: 7 }, clock.now());
    if (!invite.ok) throw new Error("invite");
    expect((await joinWithCode(handle.db, p("lea"), invite.value.code, clock.now())).ok).toBe(true);
  });
  afterAll(async () => handle?.close());

  const p = (key: string) => people[key]!;

  async function assign(opensInMs: number, closesInMs: number, attemptsAllowed: number | null) {
    const now = clock.now().getTime();
    return insertCohortAssignment(handle.db, {
      cohortId,
      kind: "exam",
      targetIds: ["quick-check"],
      title: "Quick check",
      opensAt: new Date(now + opensInMs),
      closesAt: new Date(now + closesInMs),
      attemptsAllowed,
      createdBy: p("ivo").id,
      createdAt: clock.now(),
    });
  }

  /** Answers every choice question of the attempt with its first option; returns what was chosen per position. */
  async function answerFirstOptions(userId: string, attemptId: string) {
    const chosen = new Map<number, { questionId: string; key: string; correctKeys: string[] }>();
    for (const { item, questionBody } of await listExamAttemptItemsByAttempt(handle.db, attemptId)) {
      const question = questionSchema.parse(questionBody);
      if (question.kind !== "single") continue;
      const key = question.options[0]!.key;
      await saveExamAnswer(handle.db, userId, attemptId, { position: item.position, response: { kind: "single", choice: key }, flagged: false, seq: (seq += 1) }, clock.now());
      chosen.set(item.position, { questionId: question.id, key, correctKeys: question.options.filter((option) => option.correct).map((option) => option.key) });
    }
    return chosen;
  }

  it("holds assigned attempts to the window and the attempt limit, and leaves free practice open", async () => {
    const later = await assign(HOUR, 3 * HOUR, 1);
    const early = await startAssignedExam(handle.db, p("lea").id, { assignmentId: later.id, blueprintId: "quick-check" }, clock.now(), 7);
    expect(early).toMatchObject({ ok: false, error: { code: "assignment/not-open-yet" } });
    if (!early.ok) expect(assignmentStartMessage(early.error)).toBe("This assignment opens at 2026-04-06 09:00 UTC.");

    // Someone outside the cohort cannot use its assignment at all.
    clock.advance(HOUR);
    expect(await startAssignedExam(handle.db, p("out").id, { assignmentId: later.id, blueprintId: "quick-check" }, clock.now(), 7)).toMatchObject({ ok: false, error: { code: "assignment/not-found" } });

    const first = await startAssignedExam(handle.db, p("lea").id, { assignmentId: later.id, blueprintId: "quick-check" }, clock.now(), 7);
    if (!first.ok) throw new Error(first.error.code);
    // Pressing Start again resumes the same attempt rather than using a second one.
    expect(await startAssignedExam(handle.db, p("lea").id, { assignmentId: later.id, blueprintId: "quick-check" }, clock.now(), 8)).toEqual({ ok: true, value: { attemptId: first.value.attemptId, created: false } });
    expect((await submitExamAttempt(handle.db, p("lea").id, first.value.attemptId, clock.now())).ok).toBe(true);

    const again = await startAssignedExam(handle.db, p("lea").id, { assignmentId: later.id, blueprintId: "quick-check" }, clock.now(), 9);
    expect(again).toMatchObject({ ok: false, error: { code: "assignment/no-attempts-left", allowed: 1 } });
    if (!again.ok) expect(assignmentStartMessage(again.error)).toBe("You have used all 1 attempt this assignment allows.");

    // The same exam as free practice is not limited by the assignment...
    const practice = await startExamAttempt(handle.db, p("lea").id, "quick-check", clock.now(), 10);
    if (!practice.ok) throw new Error("practice start");
    // ...and while it runs, an assignment start asks for it to be submitted first instead of swallowing it.
    const unlimited = await assign(0, 2 * HOUR, null);
    expect(await startAssignedExam(handle.db, p("lea").id, { assignmentId: unlimited.id, blueprintId: "quick-check" }, clock.now(), 11)).toMatchObject({ ok: false, error: { code: "assignment/practice-attempt-open" } });
    expect((await submitExamAttempt(handle.db, p("lea").id, practice.value.attemptId, clock.now())).ok).toBe(true);

    clock.advance(3 * HOUR);
    const late = await startAssignedExam(handle.db, p("lea").id, { assignmentId: unlimited.id, blueprintId: "quick-check" }, clock.now(), 12);
    expect(late).toMatchObject({ ok: false, error: { code: "assignment/closed" } });
  });

  it("applies a time multiplier set by the cohort's instructor, and only theirs", async () => {
    expect(await setTimeMultiplier(handle.db, p("una"), { cohortId, userId: p("lea").id, multiplier: 2 }, clock.now())).toEqual({ ok: false, error: { code: "cohort/not-found" } });
    expect(await setTimeMultiplier(handle.db, p("ivo"), { cohortId, userId: p("out").id, multiplier: 2 }, clock.now())).toEqual({ ok: false, error: { code: "cohort/member-not-found" } });
    expect((await setTimeMultiplier(handle.db, p("ivo"), { cohortId, userId: p("lea").id, multiplier: 1.5 }, clock.now())).ok).toBe(true);
    const assignment = await assign(0, 2 * HOUR, 2);
    const started = await startAssignedExam(handle.db, p("lea").id, { assignmentId: assignment.id, blueprintId: "quick-check" }, clock.now(), 21);
    if (!started.ok) throw new Error(started.error.code);
    const [live] = await listLiveAttempts(handle.db, p("ivo"), clock.now());
    expect(live?.attemptId).toBe(started.value.attemptId);
    expect(live?.remainingMs).toBe(QUICK_MINUTES * 1.5 * 60_000);
  });

  it("lets the instructor extend or close a running attempt, logging each, and nobody else", async () => {
    const [live] = await listLiveAttempts(handle.db, p("ivo"), clock.now());
    if (!live) throw new Error("no live attempt");
    expect(await listLiveAttempts(handle.db, p("una"), clock.now())).toEqual([]);
    expect(await extendAttempt(handle.db, p("una"), { cohortId, attemptId: live.attemptId, minutes: 30 }, clock.now())).toEqual({ ok: false, error: { code: "cohort/not-found" } });

    clock.advance(10 * 60_000);
    const extended = await extendAttempt(handle.db, p("ivo"), { cohortId, attemptId: live.attemptId, minutes: 15 }, clock.now());
    expect(extended).toEqual({ ok: true, value: { deadlineAt: new Date(live.deadlineAt.getTime() + 15 * 60_000) } });
    expect((await listLiveAttempts(handle.db, p("ivo"), clock.now()))[0]?.remainingMs).toBe((30 - 10 + 15) * 60_000);

    clock.advance(60_000);
    expect(await closeAttempt(handle.db, p("ivo"), { cohortId, attemptId: live.attemptId }, clock.now())).toEqual({ ok: true, value: true });
    expect(await listLiveAttempts(handle.db, p("ivo"), clock.now())).toEqual([]);
    expect((await loadAttemptResult(handle.db, p("lea").id, live.attemptId, clock.now())).ok).toBe(true);
    expect(await closeAttempt(handle.db, p("ivo"), { cohortId, attemptId: live.attemptId }, clock.now())).toEqual({ ok: false, error: { code: "monitor/attempt-closed" } });

    const log = await listCohortAuditByCohort(handle.db, cohortId);
    expect(log.map((entry) => [entry.action, entry.actorName, entry.subject])).toEqual([
      ["attempt/close", "ivo", live.attemptId],
      ["attempt/extend", "ivo", live.attemptId],
      ["learner/time-multiplier", "ivo", p("lea").id],
    ]);
    expect(log[1]?.details).toMatchObject({ minutes: 15 });
  });

  it("re-keys and neutralizes a question for the cohort's attempts, rescoring totals with the exam scoring", async () => {
    const started = await startExamAttempt(handle.db, p("lea").id, "quick-check", clock.now(), 99);
    if (!started.ok) throw new Error("start");
    const chosen = await answerFirstOptions(p("lea").id, started.value.attemptId);
    expect((await submitExamAttempt(handle.db, p("lea").id, started.value.attemptId, clock.now())).ok).toBe(true);
    const before = await loadAttemptResult(handle.db, p("lea").id, started.value.attemptId, clock.now());
    if (!before.ok) throw new Error("result");

    // A question the learner got wrong: re-keyed to the option they chose, it turns full marks.
    const [position, wrong] = [...chosen].find(([, entry]) => !entry.correctKeys.includes(entry.key))!;
    const item = before.value.result.items.find((entry) => entry.position === position)!;
    expect(item.earned).toBe(0);
    expect(await regradeQuestion(handle.db, p("una"), { cohortId, questionId: wrong.questionId, regrade: { mode: "neutralize" } }, clock.now())).toEqual({ ok: false, error: { code: "cohort/not-found" } });
    expect(await regradeQuestion(handle.db, p("ivo"), { cohortId, questionId: wrong.questionId, regrade: { mode: "rekey", key: { kind: "single", option: "z" } } }, clock.now())).toMatchObject({
      ok: false,
      error: { code: "regrade/cannot-rekey" },
    });
    const rekeyed = await regradeQuestion(handle.db, p("ivo"), { cohortId, questionId: wrong.questionId, regrade: { mode: "rekey", key: { kind: "single", option: wrong.key } } }, clock.now());
    expect(rekeyed).toMatchObject({ ok: true, value: { changed: [{ attemptId: started.value.attemptId, from: before.value.result.scorePercent }] } });
    const after = await loadAttemptResult(handle.db, p("lea").id, started.value.attemptId, clock.now());
    if (!after.ok) throw new Error("result");
    const possible = before.value.result.items.reduce((sum, entry) => sum + entry.points, 0);
    const earnedBefore = before.value.result.items.reduce((sum, entry) => sum + entry.earned, 0);
    expect(after.value.result.scorePercent).toBeCloseTo(Math.round(((earnedBefore + item.points) / possible) * 1000) / 10, 1);
    expect(after.value.result.items.find((entry) => entry.position === position)).toMatchObject({ correct: true, earned: item.points });
    expect(after.value.result.topics.find((topic) => topic.id === item.topic)!.earned).toBeGreaterThan(before.value.result.topics.find((topic) => topic.id === item.topic)!.earned);

    // Neutralized, an unanswered or wrong item counts full marks for everyone; the review still opens.
    const other = [...chosen].find(([candidate, entry]) => candidate !== position && !entry.correctKeys.includes(entry.key));
    if (other) {
      const neutral = await regradeQuestion(handle.db, p("ivo"), { cohortId, questionId: other[1].questionId, regrade: { mode: "neutralize" } }, clock.now());
      expect(neutral.ok).toBe(true);
      const final = await loadAttemptResult(handle.db, p("lea").id, started.value.attemptId, clock.now());
      if (!final.ok) throw new Error("result");
      expect(final.value.result.scorePercent).toBeGreaterThan(after.value.result.scorePercent);
    }
    expect((await loadAttemptReview(handle.db, p("lea").id, started.value.attemptId, clock.now())).ok).toBe(true);
    const log = await listCohortAuditByCohort(handle.db, cohortId);
    expect(log.filter((entry) => entry.action.startsWith("question/")).map((entry) => entry.actorName)).toEqual(other ? ["ivo", "ivo"] : ["ivo"]);
    expect(await regradeQuestion(handle.db, p("ivo"), { cohortId, questionId: "no-such-question", regrade: { mode: "neutralize" } }, clock.now())).toEqual({ ok: false, error: { code: "regrade/question-not-found" } });
  });
});
