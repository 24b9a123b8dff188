import { describe, expect, it } from "vitest";
import { fixedClock } from "@/lib/clock";
import type { Blueprint, Question } from "@/lib/content/schema";
import {
  attemptPhase,
  checkSave,
  deadlineFor,
  drawAttempt,
  explainRefusedSave,
  finishedByAt,
  LATE_ANSWER_GRACE_MS,
  MAX_SEQUENCE_AHEAD_MS,
  mergePending,
  nextSequence,
  presentExamQuestion,
  scoreAttempt,
  timeUsedMs,
  type AttemptTiming,
  type PoolQuestion,
  type ScorableItem,
} from "@/lib/exam";

const MINUTE = 60_000;

function single(id: string, topic: Question["topic"], difficulty: Question["difficulty"]): Question {
  return {
    id,
    kind: "single",
    topic,
    difficulty,
    tags: [],
    noteIds: ["a-note"],
    stem: `Stem of ${id}`,
    explanation: `Why ${id}`,
    options: [
      { key: "a", text: "first", correct: false },
      { key: "b", text: "second", correct: true, feedback: "yes" },
      { key: "c", text: "third", correct: false },
      { key: "d", text: "fourth", correct: false },
    ],
  };
}

const pool: PoolQuestion[] = [
  ...Array.from({ length: 8 }, (_, index) => ({ versionId: `c${index}@1`, question: single(`c${index}`, "compute", index < 4 ? "easy" : "hard") })),
  ...Array.from({ length: 5 }, (_, index) => ({ versionId: `n${index}@1`, question: single(`n${index}`, "networking", "medium") })),
];

const blueprint: Pick<Blueprint, "sections" | "shuffle"> = {
  shuffle: true,
  sections: [
    { id: "compute", title: "Compute", weight: 60, draw: [{ count: 2, topic: "compute", difficulty: ["easy"] }, { count: 1, topic: "compute" }] },
    { id: "networking", title: "Networking", weight: 40, draw: [{ count: 2, topic: "networking" }] },
  ],
};

describe("drawing an attempt from a blueprint", () => {
  it("gives the same items, order and option order for the same seed, and another for another seed", () => {
    const first = drawAttempt(blueprint, pool, 42);
    const again = drawAttempt(blueprint, [...pool].reverse(), 42);
    const other = drawAttempt(blueprint, pool, 43);
    expect(first.ok && again.ok && other.ok).toBe(true);
    if (!first.ok || !again.ok || !other.ok) return;
    expect(again.value).toEqual(first.value);
    expect(other.value).not.toEqual(first.value);
  });

  it("fills every rule without repeating a question, and splits each section's weight over its items", () => {
    const drawn = drawAttempt(blueprint, pool, 7);
    if (!drawn.ok) throw new Error("draw");
    const items = drawn.value;
    expect(items).toHaveLength(5);
    const ids = items.map((item) => (item.kind === "question" ? item.questionVersionId : item.labId));
    expect(new Set(ids).size).toBe(5);
    expect(items.filter((item) => item.sectionId === "compute").every((item) => item.points === 20)).toBe(true);
    expect(items.filter((item) => item.sectionId === "networking").every((item) => item.points === 20)).toBe(true);
    expect(items.reduce((sum, item) => sum + item.points, 0)).toBe(100);
    expect(items.map((item) => item.position)).toEqual([0, 1, 2, 3, 4]);
    // Two easy compute questions were required by the first rule.
    const easy = items.filter((item) => item.kind === "question" && pool.find((entry) => entry.versionId === item.questionVersionId)?.question.difficulty === "easy");
    expect(easy.length).toBeGreaterThanOrEqual(2);
  });

  it("reports a rule the pool cannot fill instead of drawing a short exam", () => {
    const greedy = { ...blueprint, sections: [{ id: "n", title: "N", weight: 100, draw: [{ count: 6, topic: "networking" as const }] }] };
    expect(drawAttempt(greedy, pool, 1)).toEqual({ ok: false, error: { code: "exam/pool-too-small", sectionId: "n", topic: "networking", wanted: 6, found: 5 } });
  });

  it("stores an option order that the browser view follows, with no trace of the key", () => {
    const drawn = drawAttempt(blueprint, pool, 99);
    if (!drawn.ok) throw new Error("draw");
    const item = drawn.value[0]!;
    if (item.kind !== "question") throw new Error("kind");
    const question = pool.find((entry) => entry.versionId === item.questionVersionId)!.question;
    const view = presentExamQuestion(question, item.displayOrder);
    if (view.kind !== "single") throw new Error("kind");
    expect(view.options.map((option) => option.key)).toEqual(item.displayOrder);
    const json = JSON.stringify(view);
    expect(json).not.toMatch(/correct|feedback|explanation|Why /);
  });
});

describe("the attempt's clock", () => {
  const clock = fixedClock("2026-01-10T10:00:00.000Z");
  const started = clock.now();
  const attempt: AttemptTiming = { status: "open", startedAt: started, deadlineAt: deadlineFor(started, 20, 1), submittedAt: null };

  it("sets the deadline from the duration and the learner's multiplier, within bounds", () => {
    expect(deadlineFor(started, 20, 1.5).getTime() - started.getTime()).toBe(30 * MINUTE);
    expect(deadlineFor(started, 20, 100).getTime() - started.getTime()).toBe(80 * MINUTE);
    expect(deadlineFor(started, 20, Number.NaN).getTime() - started.getTime()).toBe(20 * MINUTE);
  });

  it("moves from answering to grace to overdue on the server's clock", () => {
    clock.set(started);
    expect(attemptPhase(attempt, clock.now())).toBe("answering");
    clock.advance(20 * MINUTE - 1);
    expect(attemptPhase(attempt, clock.now())).toBe("answering");
    clock.advance(1);
    expect(attemptPhase(attempt, clock.now())).toBe("grace");
    clock.advance(LATE_ANSWER_GRACE_MS);
    expect(attemptPhase(attempt, clock.now())).toBe("grace");
    clock.advance(1);
    expect(attemptPhase(attempt, clock.now())).toBe("overdue");
    expect(attemptPhase({ ...attempt, status: "submitted" }, clock.now())).toBe("submitted");
  });

  it("counts time used up to the deadline at most, and calls a submit after the deadline the deadline's", () => {
    const late = new Date(attempt.deadlineAt.getTime() + 5 * MINUTE);
    expect(timeUsedMs(attempt, late)).toBe(20 * MINUTE);
    expect(finishedByAt(attempt, late, "learner")).toBe("deadline");
    expect(finishedByAt(attempt, new Date(started.getTime() + MINUTE), "learner")).toBe("learner");
  });

  it("names an instructor's close before the deadline as the instructor's, and one after it as the deadline's", () => {
    expect(finishedByAt(attempt, new Date(started.getTime() + MINUTE), "instructor")).toBe("instructor");
    expect(finishedByAt(attempt, new Date(attempt.deadlineAt.getTime() + MINUTE), "instructor")).toBe("deadline");
  });
});

describe("saves and sequence numbers", () => {
  const now = new Date("2026-01-10T10:05:00.000Z");
  const open: AttemptTiming = { status: "open", startedAt: new Date("2026-01-10T10:00:00.000Z"), deadlineAt: new Date("2026-01-10T10:20:00.000Z"), submittedAt: null };

  it("drops whatever the client adds beyond the item's state", () => {
    const checked = checkSave({ position: 1, response: { kind: "truefalse", value: true }, flagged: true, seq: now.getTime(), deadlineAt: "2099-01-01", score: 100 }, now);
    expect(checked).toEqual({ ok: true, value: { position: 1, response: { kind: "truefalse", value: true }, flagged: true, seq: now.getTime() } });
  });

  it("refuses malformed saves and sequence numbers from far in the future", () => {
    expect(checkSave({ position: -1, response: null, flagged: false, seq: 1 }, now)).toMatchObject({ ok: false, error: { code: "exam/invalid-save" } });
    expect(checkSave({ position: 0, response: null, flagged: false, seq: now.getTime() + MAX_SEQUENCE_AHEAD_MS + 1 }, now)).toMatchObject({
      ok: false,
      error: { code: "exam/bad-sequence" },
    });
  });

  it("explains a refused save: closed, wrong kind, or stale with the server's copy", () => {
    const save = { position: 0, response: { kind: "single" as const, choice: "a" }, flagged: false, seq: 10 };
    const stored = { position: 0, response: null, flagged: true, seq: 12, savedAt: now };
    expect(explainRefusedSave(open, { answerKind: "single" }, stored, save, now)).toEqual({ code: "exam/stale", current: stored });
    expect(explainRefusedSave(open, { answerKind: "multiple" }, undefined, save, now)).toEqual({ code: "exam/invalid-save" });
    expect(explainRefusedSave({ ...open, status: "submitted" }, { answerKind: "single" }, undefined, save, now)).toEqual({ code: "exam/closed", phase: "submitted" });
    expect(explainRefusedSave(undefined, undefined, undefined, save, now)).toEqual({ code: "exam/not-found" });
  });

  it("counts up even within one millisecond or on a clock running behind", () => {
    expect(nextSequence(0, 1000, 0)).toBe(1000);
    expect(nextSequence(1000, 1000, 0)).toBe(1001);
    expect(nextSequence(5000, 1000, 200)).toBe(5001);
    expect(nextSequence(0, 1000, 250)).toBe(1250);
  });

  it("lets a kept offline answer win only when it is newer than the server's", () => {
    const server = { seq: 20, value: "server" };
    expect(mergePending(server, { seq: 21, value: "local" })).toEqual({ value: { seq: 21, value: "local" }, resend: true });
    expect(mergePending(server, { seq: 19, value: "local" })).toEqual({ value: server, resend: false });
    expect(mergePending(undefined, { seq: 1, value: "local" })).toEqual({ value: { seq: 1, value: "local" }, resend: true });
    expect(mergePending(server, undefined)).toEqual({ value: server, resend: false });
  });
});

describe("scoring an attempt", () => {
  const multiple: Question = {
    ...single("m1", "networking", "medium"),
    kind: "multiple",
    options: [
      { key: "a", text: "a", correct: true },
      { key: "b", text: "b", correct: true },
      { key: "c", text: "c", correct: false },
      { key: "d", text: "d", correct: false },
    ],
  };
  const items: ScorableItem[] = [
    { kind: "question", position: 0, sectionId: "compute", topic: "compute", points: 30, question: single("c1", "compute", "easy"), response: { kind: "single", choice: "b" } },
    { kind: "question", position: 1, sectionId: "compute", topic: "compute", points: 30, question: single("c2", "compute", "easy"), response: null },
    // One right pick and one wrong: 1/2 − 1/2 = 0 … with both right and one wrong: 1 − 1/2 = 0.5.
    { kind: "question", position: 2, sectionId: "networking", topic: "networking", points: 40, question: multiple, response: { kind: "multiple", choices: ["a", "b", "c"] } },
  ];
  const input = {
    items,
    sections: [
      { id: "compute", title: "Compute" },
      { id: "networking", title: "Networking" },
    ],
    topicTitle: (id: string) => id.toUpperCase(),
    passMark: 70,
    timeUsedMs: 5 * MINUTE,
    allowedMs: 20 * MINUTE,
    finishedBy: "learner" as const,
  };

  it("adds partial credit and penalties, and compares the weighted total with the pass mark", () => {
    const result = scoreAttempt(input);
    expect(result.scorePercent).toBe(50);
    expect(result.passed).toBe(false);
    expect(result.answered).toBe(2);
    expect(result.sections).toEqual([
      expect.objectContaining({ id: "compute", title: "Compute", items: 2, answered: 1, correct: 1, earned: 30, possible: 60, percent: 50 }),
      expect.objectContaining({ id: "networking", items: 1, correct: 0, earned: 20, possible: 40, percent: 50 }),
    ]);
    expect(result.topics.map((topic) => topic.title)).toEqual(["COMPUTE", "NETWORKING"]);
  });

  it("passes exactly at the pass mark, and gives a lab the share of its checks that passed", () => {
    const lab: ScorableItem = {
      kind: "lab",
      position: 3,
      sectionId: "networking",
      topic: "networking",
      points: 40,
      labId: "lab-router",
      outcome: { score: 0.5, checks: [], transcript: "" },
    };
    const result = scoreAttempt({ ...input, passMark: 50, items: [...items, lab] });
    expect(result.items.find((item) => item.kind === "lab")).toMatchObject({ answered: true, earned: 20 });
    expect(result.scorePercent).toBe(50);
    expect(result.passed).toBe(true);
  });
});
