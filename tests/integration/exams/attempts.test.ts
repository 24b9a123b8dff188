import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { getQuestionVersionById } from "@/db/queries/content";
import { getExamAttemptByIdAndUser, listExamAnswersByAttempt, listExamAttemptItemsByAttempt, upsertExamAccommodationByUser } from "@/db/queries/exams";
import { createAccount } from "@/lib/auth/accounts";
import { fixedClock } from "@/lib/clock";
import { importContent } from "@/lib/content/import";
import { questionSchema, type Question } from "@/lib/content/schema";
import { LATE_ANSWER_GRACE_MS, type Response } from "@/lib/exam";
import { startExamSweep } from "@/lib/exam/sweep";
import {
  finalizeOverdueAttempts,
  loadAttempt,
  loadAttemptResult,
  loadAttemptReview,
  loadExamHistory,
  saveExamAnswer,
  startExamAttempt,
  submitExamAttempt,
  type AttemptDto,
} from "@/lib/exam/service";
import { createTestDb } from "../../helpers/db";

const MINUTE = 60_000;

/** The right response to a question, as a learner who knows the answer would send it. */
function correctResponse(question: Question): Response {
  switch (question.kind) {
    case "single":
      return { kind: "single", choice: question.options.find((option) => option.correct)!.key };
    case "multiple":
      return { kind: "multiple", choices: question.options.filter((option) => option.correct).map((option) => option.key) };
    case "truefalse":
      return { kind: "truefalse", value: question.answer };
    case "short":
      return { kind: "short", text: question.answers.find((answer) => !answer.regex)?.value ?? "no literal answer" };
    case "ordering":
      return { kind: "ordering", order: question.items.map((_, index) => index) };
    case "command":
      return { kind: "command", text: question.answers[0] ?? "" };
  }
}

function wrongResponse(question: Question): Response {
  switch (question.kind) {
    case "single":
      return { kind: "single", choice: question.options.find((option) => !option.correct)!.key };
    case "multiple":
      return { kind: "multiple", choices: question.options.filter((option) => !option.correct).map((option) => option.key) };
    case "truefalse":
      return { kind: "truefalse", value: !question.answer };
    case "short":
      return { kind: "short", text: "certainly not the answer" };
    case "ordering":
      return { kind: "ordering", order: question.items.map((_, index) => index).reverse() };
    case "command":
      return { kind: "command", text: "openstack --version" };
  }
}

describe("mock exam attempts", () => {
  let handle: DbHandle;
  let learnerId: string;
  let otherId: string;
  let slowId: string;
  const clock = fixedClock("2026-03-02T09:00:00.000Z");

  beforeAll(async () => {
    handle = await createTestDb();
    const imported = await importContent(handle.db, path.join(process.cwd(), "content"));
    expect(imported.ok).toBe(true);
    const make = async (name: string, email: string) => {
      const account = await createAccount(handle.db, { name, email, password: `${name}-password-123` });
      if (!account.ok) throw new Error("account");
      return account.value.id;
    };
    learnerId = await make("lea", "lea@example.com");
    otherId = await make("olu", "olu@example.com");
    slowId = await make("sam", "sam@example.com");
  });
  afterAll(async () => handle?.close());

  async function openAttempt(userId: string, attemptId: string): Promise<AttemptDto> {
    const loaded = await loadAttempt(handle.db, userId, attemptId, clock.now());
    if (!loaded.ok || loaded.value.state !== "open") throw new Error(`attempt not open: ${JSON.stringify(loaded)}`);
    return loaded.value.attempt;
  }

  async function questionsOf(attemptId: string): Promise<Map<number, Question>> {
    const items = await listExamAttemptItemsByAttempt(handle.db, attemptId);
    return new Map(items.flatMap(({ item, questionBody }) => (item.kind === "question" ? [[item.position, questionSchema.parse(questionBody)] as const] : [])));
  }

  it("draws the blueprint once, records the deadline, and resumes instead of drawing again", async () => {
    clock.set("2026-03-02T09:00:00.000Z");
    const started = await startExamAttempt(handle.db, learnerId, "quick-check", clock.now(), 12345);
    expect(started.ok && started.value.created).toBe(true);
    if (!started.ok) return;
    const attempt = await openAttempt(learnerId, started.value.attemptId);
    expect(attempt.items).toHaveLength(12);
    expect(new Date(attempt.deadlineAt).getTime() - new Date(attempt.startedAt).getTime()).toBe(20 * MINUTE);

    // Pressing Start again (another tab, another device) resumes the same attempt with the same layout.
    clock.advance(MINUTE);
    const again = await startExamAttempt(handle.db, learnerId, "quick-check", clock.now(), 999);
    expect(again.ok && again.value).toEqual({ attemptId: started.value.attemptId, created: false });
    const reread = await openAttempt(learnerId, started.value.attemptId);
    expect(reread.items).toEqual(attempt.items);

    // Two simultaneous starts by another learner still make exactly one attempt.
    const [a, b] = await Promise.all([
      startExamAttempt(handle.db, otherId, "quick-check", clock.now(), 1),
      startExamAttempt(handle.db, otherId, "quick-check", clock.now(), 2),
    ]);
    expect(a.ok && b.ok && a.value.attemptId === b.value.attemptId).toBe(true);
  });

  it("never puts a key, an explanation or feedback into what the browser receives", async () => {
    const started = await startExamAttempt(handle.db, learnerId, "quick-check", clock.now(), 0);
    if (!started.ok) throw new Error("start");
    const payload = JSON.stringify(await openAttempt(learnerId, started.value.attemptId));
    for (const forbidden of ['"correct"', '"explanation', '"feedback"', '"answers"', '"answer"', "correctOptionKeys", "correctOrder", "noteIds"]) {
      expect(payload).not.toContain(forbidden);
    }
    for (const question of (await questionsOf(started.value.attemptId)).values()) {
      // Whole explanations never appear (the rendered stem may share words with them, never the whole text).
      expect(payload).not.toContain(JSON.stringify(question.explanation).slice(1, -1));
      if (question.kind === "short") for (const answer of question.answers) if (!answer.regex) expect(payload).not.toContain(answer.value);
      if (question.kind === "ordering") {
        const shown = JSON.parse(payload).items.find((item: { question: { kind: string; stemHtml: string } }) => item.question.stemHtml.includes(question.stem.slice(0, 20)));
        if (shown) expect(shown.question.items.map((entry: { position: number }) => entry.position)).not.toEqual(question.items.map((_, index) => index));
      }
    }
  });

  it("keeps the newest answer per item when two tabs save at once, and tells a stale tab what the server holds", async () => {
    const started = await startExamAttempt(handle.db, learnerId, "quick-check", clock.now(), 0);
    if (!started.ok) throw new Error("start");
    const attemptId = started.value.attemptId;
    const questions = await questionsOf(attemptId);
    const [position, question] = [...questions.entries()].find(([, candidate]) => candidate.kind === "single")!;
    if (question.kind !== "single") throw new Error("kind");
    const base = clock.now().getTime();
    // Tab A and tab B interleave; the sequence numbers (change times) decide, not the arrival order.
    const saves = question.options.flatMap((option, index) => [
      { position, response: { kind: "single", choice: option.key }, flagged: false, seq: base + index * 2 + 1 },
      { position, response: { kind: "single", choice: option.key }, flagged: index % 2 === 0, seq: base + index * 2 + 2 },
    ]);
    const shuffledArrival = [...saves].reverse();
    const outcomes = await Promise.all(shuffledArrival.map((save) => saveExamAnswer(handle.db, learnerId, attemptId, save, clock.now())));
    expect(outcomes.some((outcome) => outcome.ok)).toBe(true);
    const newest = saves.at(-1)!;
    const [stored] = (await listExamAnswersByAttempt(handle.db, attemptId)).filter((answer) => answer.position === position);
    expect(stored).toMatchObject({ seq: newest.seq, response: newest.response, flagged: newest.flagged });

    // A stale tab's older change is refused, with the server's copy so the tab can show it.
    const stale = await saveExamAnswer(handle.db, learnerId, attemptId, { ...saves[0], seq: base + 1 }, clock.now());
    expect(stale).toMatchObject({ ok: false, error: { code: "exam/stale", current: { seq: newest.seq, flagged: newest.flagged } } });
  });

  it("refuses saves of the wrong kind, for missing items, and on someone else's attempt", async () => {
    const started = await startExamAttempt(handle.db, learnerId, "quick-check", clock.now(), 0);
    if (!started.ok) throw new Error("start");
    const attemptId = started.value.attemptId;
    const questions = await questionsOf(attemptId);
    const [position, question] = [...questions.entries()][0]!;
    const wrongKind: Response = question.kind === "truefalse" ? { kind: "short", text: "x" } : { kind: "truefalse", value: true };
    const seq = clock.now().getTime();
    expect(await saveExamAnswer(handle.db, learnerId, attemptId, { position, response: wrongKind, flagged: false, seq }, clock.now())).toMatchObject({
      ok: false,
      error: { code: "exam/invalid-save" },
    });
    expect(await saveExamAnswer(handle.db, learnerId, attemptId, { position: 999, response: null, flagged: true, seq }, clock.now())).toMatchObject({
      ok: false,
      error: { code: "exam/not-found" },
    });
    expect(await saveExamAnswer(handle.db, otherId, attemptId, { position, response: correctResponse(question), flagged: false, seq }, clock.now())).toMatchObject({
      ok: false,
      error: { code: "exam/not-found" },
    });
    expect((await loadAttempt(handle.db, otherId, attemptId, clock.now())).ok).toBe(false);
    expect(await submitExamAttempt(handle.db, otherId, attemptId, clock.now())).toMatchObject({ ok: false, error: { code: "exam/not-found" } });
  });

  it("finalizes an expired attempt without the learner, refuses late answers, and ignores a client's own deadline", async () => {
    clock.set("2026-03-03T09:00:00.000Z");
    const started = await startExamAttempt(handle.db, slowId, "quick-check", clock.now(), 77);
    if (!started.ok) throw new Error("start");
    const attemptId = started.value.attemptId;
    const questions = [...(await questionsOf(attemptId)).entries()];
    const [firstPosition, first] = questions[0]!;
    const [secondPosition, second] = questions[1]!;
    const [thirdPosition, third] = questions[2]!;
    // The client sends a deadline of its own and a score; both are dropped.
    const sneaky = { position: firstPosition, response: correctResponse(first), flagged: false, seq: clock.now().getTime(), deadlineAt: "2099-01-01T00:00:00Z", score: 100 };
    expect((await saveExamAnswer(handle.db, slowId, attemptId, sneaky, clock.now())).ok).toBe(true);

    // A save in flight at the deadline still counts within the grace; one after it does not.
    clock.advance(20 * MINUTE + LATE_ANSWER_GRACE_MS / 2);
    const inGrace = await saveExamAnswer(handle.db, slowId, attemptId, { position: secondPosition, response: correctResponse(second), flagged: false, seq: clock.now().getTime() }, clock.now());
    expect(inGrace.ok).toBe(true);
    clock.advance(LATE_ANSWER_GRACE_MS);
    const late = await saveExamAnswer(handle.db, slowId, attemptId, { position: thirdPosition, response: correctResponse(third), flagged: false, seq: clock.now().getTime() }, clock.now());
    expect(late).toMatchObject({ ok: false, error: { code: "exam/closed" } });

    // The learner never comes back: the server's sweep finalizes the attempt.
    const row = await getExamAttemptByIdAndUser(handle.db, attemptId, slowId);
    expect(row?.status).toBe("open");
    expect(row?.deadlineAt.toISOString()).toBe("2026-03-03T09:20:00.000Z");
    expect(await finalizeOverdueAttempts(handle.db, clock.now())).toBeGreaterThanOrEqual(1);
    const closed = await getExamAttemptByIdAndUser(handle.db, attemptId, slowId);
    expect(closed).toMatchObject({ status: "submitted", finishedBy: "deadline" });
    expect(closed?.submittedAt?.toISOString()).toBe("2026-03-03T09:20:00.000Z");
    const result = await loadAttemptResult(handle.db, slowId, attemptId, clock.now());
    if (!result.ok) throw new Error("result");
    expect(result.value.result.answered).toBe(2);
    expect(result.value.result.timeUsedMs).toBe(20 * MINUTE);
    expect(result.value.result.items.find((item) => item.position === thirdPosition)?.answered).toBe(false);

    // After finalization every save is refused, whatever it claims.
    const after = await saveExamAnswer(handle.db, slowId, attemptId, { ...sneaky, seq: clock.now().getTime() }, clock.now());
    expect(after).toMatchObject({ ok: false, error: { code: "exam/closed", phase: "submitted" } });
  });

  it("runs the sweep on its own timer, closing attempts nobody reads", async () => {
    clock.set("2026-03-07T09:00:00.000Z");
    const started = await startExamAttempt(handle.db, slowId, "quick-check", clock.now(), 8);
    if (!started.ok) throw new Error("start");
    clock.advance(20 * MINUTE + LATE_ANSWER_GRACE_MS + 1);
    const stop = startExamSweep({ getDb: async () => handle.db, clock, intervalMs: 20 });
    try {
      await expect.poll(async () => (await getExamAttemptByIdAndUser(handle.db, started.value.attemptId, slowId))?.status, { timeout: 5_000 }).toBe("submitted");
    } finally {
      stop();
    }
  });

  it("finalizes an overdue attempt when it is read, before the sweep runs", async () => {
    clock.set("2026-03-04T09:00:00.000Z");
    const started = await startExamAttempt(handle.db, slowId, "quick-check", clock.now(), 3);
    if (!started.ok) throw new Error("start");
    clock.advance(21 * MINUTE);
    const read = await loadAttempt(handle.db, slowId, started.value.attemptId, clock.now());
    expect(read).toMatchObject({ ok: true, value: { state: "submitted" } });
  });

  it("scores by section and topic against the pass mark, and a double submit yields one result", async () => {
    clock.set("2026-03-05T09:00:00.000Z");
    const started = await startExamAttempt(handle.db, otherId, "full-mock", clock.now(), 4242);
    if (!started.ok) throw new Error("start");
    const attemptId = started.value.attemptId;
    const questions = [...(await questionsOf(attemptId)).entries()];
    expect(questions).toHaveLength(60);
    // Every question right except the whole Identity section, answered wrongly; the three hands-on tasks
    // (Compute 10, Networking 10, Identity 5 points) are left untouched, so their checks fail.
    const items = await listExamAttemptItemsByAttempt(handle.db, attemptId);
    const sectionOf = new Map(items.map(({ item }) => [item.position, item.sectionId]));
    for (const [position, question] of questions) {
      const response = sectionOf.get(position) === "identity" ? wrongResponse(question) : correctResponse(question);
      clock.advance(1000);
      const saved = await saveExamAnswer(handle.db, otherId, attemptId, { position, response, flagged: false, seq: clock.now().getTime() }, clock.now());
      expect(saved.ok).toBe(true);
    }
    clock.advance(30 * MINUTE);
    const [one, two] = await Promise.all([submitExamAttempt(handle.db, otherId, attemptId, clock.now()), submitExamAttempt(handle.db, otherId, attemptId, clock.now())]);
    expect([one, two].filter((outcome) => outcome.ok && outcome.value.closedNow)).toHaveLength(1);
    const result = await loadAttemptResult(handle.db, otherId, attemptId, clock.now());
    if (!result.ok) throw new Error("result");
    const { sections, scorePercent, passed, finishedBy, timeUsedMs } = result.value.result;
    expect(sections.find((section) => section.id === "identity")?.percent).toBe(0);
    expect(sections.find((section) => section.id === "compute")?.percent).toBe(100);
    expect(sections.find((section) => section.id === "compute-tasks")?.percent).toBe(0);
    expect(scorePercent).toBe(65);
    expect(passed).toBe(false);
    expect(finishedBy).toBe("learner");
    expect(timeUsedMs).toBe(31 * MINUTE);
    expect(result.value.result.topics.find((topic) => topic.id === "identity")?.percent).toBe(0);

    // Submitting again later changes nothing.
    clock.advance(MINUTE);
    const third = await submitExamAttempt(handle.db, otherId, attemptId, clock.now());
    expect(third).toMatchObject({ ok: true, value: { closedNow: false } });
    expect((await loadAttemptResult(handle.db, otherId, attemptId, clock.now())).ok && result.value.result.scorePercent).toBe(65);

    // The review shows every item with the key, the explanation and the notes; wrong ones are offered as cards.
    const review = await loadAttemptReview(handle.db, otherId, attemptId, clock.now());
    if (!review.ok) throw new Error("review");
    expect(review.value.items).toHaveLength(60);
    expect(review.value.labs).toHaveLength(3);
    expect(review.value.wrongQuestionIds).toHaveLength(9);
    const reviewed = review.value.items[0]!;
    expect(reviewed.feedback.explanationHtml.length).toBeGreaterThan(0);
    expect(reviewed.notes.length).toBeGreaterThan(0);
    const version = await getQuestionVersionById(handle.db, (await listExamAttemptItemsByAttempt(handle.db, attemptId)).find(({ item }) => item.position === reviewed.position)!.item.questionVersionId!);
    expect(version?.questionId).toBe(reviewed.questionId);

    const history = await loadExamHistory(handle.db, otherId, clock.now());
    expect(history.attempts.find((entry) => entry.attemptId === attemptId)).toMatchObject({ scorePercent: 65, passed: false });
    expect(history.topics.find((series) => series.topic === "identity")?.points.at(-1)?.percent).toBe(0);
  });

  it("honours a learner's time multiplier", async () => {
    clock.set("2026-03-06T09:00:00.000Z");
    const make = await createAccount(handle.db, { name: "Acc", email: "acc@example.com", password: "acc-password-123" });
    if (!make.ok) throw new Error("account");
    await upsertExamAccommodationByUser(handle.db, make.value.id, 1.5, "extra time", clock.now());
    const started = await startExamAttempt(handle.db, make.value.id, "quick-check", clock.now(), 5);
    if (!started.ok) throw new Error("start");
    const attempt = await openAttempt(make.value.id, started.value.attemptId);
    expect(new Date(attempt.deadlineAt).getTime() - clock.now().getTime()).toBe(30 * MINUTE);
  });
});
