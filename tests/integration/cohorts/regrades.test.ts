import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { insertCohortAssignment, listCohortAuditByCohort } from "@/db/queries/cohorts";
import { getExamAttemptByIdAndUser, listExamAttemptItemsByAttempt } from "@/db/queries/exams";
import type { SessionUser } from "@/lib/auth/roles";
import { fixedClock } from "@/lib/clock";
import { importContent } from "@/lib/content/import";
import { questionSchema } from "@/lib/content/schema";
import { startAssignedExam } from "@/lib/cohorts/assignments";
import { closeAttempt, loadAttemptFinishers } from "@/lib/cohorts/monitor";
import { loadStandingRegrade, regradeQuestion, restoreQuestionKey } from "@/lib/cohorts/regrade";
import { createCohort, createInvite, joinWithCode } from "@/lib/cohorts/service";
import { LATE_ANSWER_GRACE_MS } from "@/lib/exam/attempt";
import { finalizeOverdueAttempts, loadAttemptResult, loadAttemptReview, saveExamAnswer, startExamAttempt, submitExamAttempt } from "@/lib/exam/service";
import { createPeople } from "../../helpers/people";
import { createTestDb } from "../../helpers/db";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** quick-check's standard duration. */
const QUICK_MINUTES = 20;
/** One seed for every attempt: the same seed and pool draw the same questions, so attempts can be compared item by item. */
const SEED = 99;

/**
 * Standing regrades. Cohort "Evening" (ivo) has lea and max; cohort "Weekend" (una) has lea too; "out" belongs to
 * no cohort and takes the same exam as the control that no regrade reaches.
 */
describe("regrades that hold for a cohort from then on", () => {
  let handle: DbHandle;
  const clock = fixedClock("2026-04-06T08:00:00.000Z");
  const people: Record<string, SessionUser> = {};
  let evening = "";
  let weekend = "";
  let seq = 0;
  /** The question everyone answers wrongly with option `a`. */
  let questionId = "";
  let position = -1;
  let points = 0;
  const attempts = { lea: "", out: "", max: "", assigned: "" };

  const p = (key: string) => people[key]!;

  beforeAll(async () => {
    handle = await createTestDb();
    expect((await importContent(handle.db, path.join(process.cwd(), "content"))).ok).toBe(true);
    Object.assign(
      people,
      await createPeople(handle.db, [
        ["ivo", "instructor"],
        ["una", "instructor"],
        ["lea", "learner"],
        ["max", "learner"],
        ["out", "learner"],
      ]),
    );
    evening = (await createCohort(handle.db, p("ivo"), { name: "Evening", description: "" }, clock.now())).id;
    weekend = (await createCohort(handle.db, p("una"), { name: "Weekend", description: "" }, clock.now())).id;
    for (const [cohortId, owner, learners] of [
      [evening, "ivo", ["lea", "max"]],
      [weekend, "una", ["lea"]],
    ] as const) {
      const invite = await createInvite(handle.db, p(owner), { cohortId, validDays: 7 }, clock.now());
      if (!invite.ok) throw new Error("invite");
      for (const learner of learners) expect((await joinWithCode(handle.db, p(learner), invite.value.code, clock.now())).ok).toBe(true);
    }
  });
  afterAll(async () => handle?.close());

  /** Answers every single-choice item with option `a`. */
  async function answerWithA(userId: string, attemptId: string) {
    for (const { item, questionBody } of await listExamAttemptItemsByAttempt(handle.db, attemptId)) {
      const question = questionSchema.parse(questionBody);
      if (question.kind !== "single") continue;
      const saved = await saveExamAnswer(handle.db, userId, attemptId, { position: item.position, response: { kind: "single", choice: "a" }, flagged: false, seq: (seq += 1) }, clock.now());
      expect(saved.ok).toBe(true);
    }
  }

  async function start(learner: string): Promise<string> {
    const started = await startExamAttempt(handle.db, p(learner).id, "quick-check", clock.now(), SEED);
    if (!started.ok) throw new Error(started.error.code);
    await answerWithA(p(learner).id, started.value.attemptId);
    return started.value.attemptId;
  }

  async function result(learner: string, attemptId: string) {
    const loaded = await loadAttemptResult(handle.db, p(learner).id, attemptId, clock.now());
    if (!loaded.ok) throw new Error(loaded.error.code);
    return loaded.value.result;
  }

  const itemOf = async (learner: string, attemptId: string) => (await result(learner, attemptId)).items.find((item) => item.position === position)!;

  it("scores an attempt that was open during the regrade with it when the learner submits, and shows the corrected key", async () => {
    attempts.lea = await start("lea");
    attempts.out = await start("out");
    for (const { item, questionBody } of await listExamAttemptItemsByAttempt(handle.db, attempts.lea)) {
      const question = questionSchema.parse(questionBody);
      if (question.kind === "single" && !question.options.find((option) => option.key === "a")?.correct) {
        [questionId, position, points] = [question.id, item.position, item.points];
        break;
      }
    }
    expect(questionId).not.toBe("");

    // Nothing is submitted yet, so nothing is rescored, but the decision is stored.
    expect(await regradeQuestion(handle.db, p("ivo"), { cohortId: evening, questionId, regrade: { mode: "rekey", key: { kind: "single", option: "a" } } }, clock.now())).toEqual({ ok: true, value: { attempts: 0, changed: [] } });
    expect(await loadStandingRegrade(handle.db, p("ivo"), { cohortId: evening, questionId })).toMatchObject({ ok: true, value: { by: "ivo", description: "re-keyed: option a is correct" } });
    expect(await loadStandingRegrade(handle.db, p("una"), { cohortId: evening, questionId })).toEqual({ ok: false, error: { code: "cohort/not-found" } });

    clock.advance(5 * MINUTE);
    expect((await submitExamAttempt(handle.db, p("lea").id, attempts.lea, clock.now())).ok).toBe(true);
    expect((await submitExamAttempt(handle.db, p("out").id, attempts.out, clock.now())).ok).toBe(true);
    expect(await itemOf("lea", attempts.lea)).toMatchObject({ correct: true, earned: points, regrade: { mode: "rekey", source: evening } });
    // The control outside every cohort is scored with the original key.
    expect(await itemOf("out", attempts.out)).toMatchObject({ correct: false, earned: 0 });
    expect((await result("lea", attempts.lea)).scorePercent).toBeGreaterThan((await result("out", attempts.out)).scorePercent);

    const review = await loadAttemptReview(handle.db, p("lea").id, attempts.lea, clock.now());
    if (!review.ok) throw new Error(review.error.code);
    const reviewed = review.value.items.find((item) => item.position === position)!;
    expect(reviewed.feedback).toMatchObject({ correct: true, correctOptionKeys: ["a"] });
    expect(reviewed.regradeNote).toBe("Your instructor re-keyed: option a is correct.");
    expect(review.value.wrongQuestionIds).not.toContain(questionId);
  });

  it("scores an attempt started after the regrade with it too, when the deadline sweep closes it", async () => {
    attempts.max = await start("max");
    clock.advance(QUICK_MINUTES * MINUTE + LATE_ANSWER_GRACE_MS + MINUTE);
    expect(await finalizeOverdueAttempts(handle.db, clock.now())).toBe(1);
    expect(await itemOf("max", attempts.max)).toMatchObject({ correct: true, earned: points, regrade: { source: evening } });
    expect((await result("max", attempts.max)).finishedBy).toBe("deadline");
  });

  it("gives a learner in two cohorts the most recent decision on a free attempt, and undo falls back to what still applies", async () => {
    const control = (await result("out", attempts.out)).scorePercent;
    clock.advance(MINUTE);
    // Weekend neutralizes the same question: it reaches lea's free attempt (she is in Weekend too), not max's.
    const neutral = await regradeQuestion(handle.db, p("una"), { cohortId: weekend, questionId, regrade: { mode: "neutralize" } }, clock.now());
    expect(neutral).toMatchObject({ ok: true, value: { attempts: 1 } });
    expect((await itemOf("lea", attempts.lea)).regrade).toEqual({ mode: "neutralize", source: weekend });
    expect((await itemOf("max", attempts.max)).regrade).toMatchObject({ mode: "rekey", source: evening });

    // Evening restores the original key: max is back to the control's score; lea keeps Weekend's neutralization.
    clock.advance(MINUTE);
    const restored = await restoreQuestionKey(handle.db, p("ivo"), { cohortId: evening, questionId }, clock.now());
    expect(restored).toMatchObject({ ok: true, value: { attempts: 2 } });
    expect(await itemOf("max", attempts.max)).toMatchObject({ correct: false, earned: 0 });
    expect((await itemOf("max", attempts.max)).regrade).toBeUndefined();
    expect((await result("max", attempts.max)).scorePercent).toBe(control);
    expect(await itemOf("lea", attempts.lea)).toMatchObject({ correct: true, earned: points, regrade: { source: weekend } });
    expect(await restoreQuestionKey(handle.db, p("ivo"), { cohortId: evening, questionId }, clock.now())).toEqual({ ok: false, error: { code: "regrade/nothing-to-restore" } });

    // Weekend restores too: every score is what the original key gives, and the review shows that key again.
    expect((await restoreQuestionKey(handle.db, p("una"), { cohortId: weekend, questionId }, clock.now())).ok).toBe(true);
    expect((await result("lea", attempts.lea)).scorePercent).toBe(control);
    const review = await loadAttemptReview(handle.db, p("lea").id, attempts.lea, clock.now());
    if (!review.ok) throw new Error(review.error.code);
    const reviewed = review.value.items.find((item) => item.position === position)!;
    expect(reviewed.regradeNote).toBeUndefined();
    expect(reviewed.feedback.correctOptionKeys).not.toContain("a");
  });

  it("gives an assigned attempt only its cohort's regrade, and records an instructor's close as the instructor's", async () => {
    clock.advance(MINUTE);
    expect((await regradeQuestion(handle.db, p("ivo"), { cohortId: evening, questionId, regrade: { mode: "rekey", key: { kind: "single", option: "a" } } }, clock.now())).ok).toBe(true);
    const assignment = await insertCohortAssignment(handle.db, {
      cohortId: evening,
      kind: "exam",
      targetIds: ["quick-check"],
      title: "Quick check",
      opensAt: clock.now(),
      closesAt: new Date(clock.now().getTime() + 2 * HOUR),
      attemptsAllowed: null,
      createdBy: p("ivo").id,
      createdAt: clock.now(),
    });
    const started = await startAssignedExam(handle.db, p("lea").id, { assignmentId: assignment.id, blueprintId: "quick-check" }, clock.now(), SEED);
    if (!started.ok) throw new Error(started.error.code);
    attempts.assigned = started.value.attemptId;
    await answerWithA(p("lea").id, attempts.assigned);

    // Weekend's later neutralization is newer, but this attempt was Evening's assignment: Evening's key applies.
    clock.advance(MINUTE);
    expect(await regradeQuestion(handle.db, p("una"), { cohortId: weekend, questionId, regrade: { mode: "neutralize" } }, clock.now())).toMatchObject({ ok: true, value: { attempts: 1 } });
    clock.advance(2 * MINUTE);
    expect(await closeAttempt(handle.db, p("ivo"), { cohortId: evening, attemptId: attempts.assigned }, clock.now())).toEqual({ ok: true, value: true });
    const closed = await result("lea", attempts.assigned);
    expect(closed.finishedBy).toBe("instructor");
    expect(closed.items.find((item) => item.position === position)).toMatchObject({ correct: true, regrade: { mode: "rekey", source: evening } });
    expect((await getExamAttemptByIdAndUser(handle.db, attempts.assigned, p("lea").id))?.finishedBy).toBe("instructor");
    const finishers = await loadAttemptFinishers(handle.db, p("ivo"), evening);
    expect(finishers.ok && finishers.value.get(attempts.assigned)).toBe("instructor");
    expect(finishers.ok && finishers.value.get(attempts.lea)).toBe("learner");
    // Weekend re-deciding later still leaves the Evening assignment's attempt alone (only lea's free attempt is rescored).
    expect(await regradeQuestion(handle.db, p("una"), { cohortId: weekend, questionId, regrade: { mode: "neutralize" } }, clock.now())).toMatchObject({ ok: true, value: { attempts: 1 } });
    expect((await itemOf("lea", attempts.assigned)).regrade).toMatchObject({ source: evening });

    const log = await listCohortAuditByCohort(handle.db, evening);
    expect(log.map((entry) => [entry.action, entry.actorName])).toEqual([
      ["attempt/close", "ivo"],
      ["question/rekey", "ivo"],
      ["question/restore", "ivo"],
      ["question/rekey", "ivo"],
    ]);
  });
});
