import { describe, expect, it } from "vitest";
import type { Question } from "@/lib/content/schema";
import { presentQuestion, revealQuestion } from "@/lib/exam/redact";
import { scoreResponse } from "@/lib/exam/scoring";

const base = {
  topic: "compute" as const,
  difficulty: "easy" as const,
  tags: [] as string[],
  noteIds: ["nova-flavors"],
  stem: "Stem",
  explanation: "Because.",
};
const single: Question = {
  ...base,
  id: "q-single",
  kind: "single",
  options: [
    { key: "a", text: "`openstack server list`", correct: false, feedback: "That lists servers." },
    { key: "b", text: "`openstack flavor list`", correct: true },
    { key: "c", text: "`openstack image list`", correct: false },
  ],
};
const multiple: Question = {
  ...base,
  id: "q-multiple",
  kind: "multiple",
  options: [
    { key: "a", text: "vCPUs", correct: true },
    { key: "b", text: "RAM", correct: true },
    { key: "c", text: "Image", correct: false },
    { key: "d", text: "Network", correct: false },
  ],
};
const short: Question = {
  ...base,
  id: "q-short",
  kind: "short",
  caseSensitive: false,
  whitespace: "collapse",
  answers: [
    { value: "openstack flavor list --long", regex: false },
    { value: "^openstack\\s+flavor\\s+list\\s+--long(\\s+--all)?$", regex: true },
  ],
};
const ordering: Question = { ...base, id: "q-order", kind: "ordering", items: ["first", "second", "third", "fourth"] };

describe("scoring", () => {
  it("gives a single-choice point only for the key", () => {
    expect(scoreResponse(single, { kind: "single", choice: "b" })).toEqual({ score: 1, correct: true });
    expect(scoreResponse(single, { kind: "single", choice: "a" })).toEqual({ score: 0, correct: false });
  });

  it("gives multiple choice partial credit with a penalty for wrong picks, never below zero", () => {
    expect(scoreResponse(multiple, { kind: "multiple", choices: ["a", "b"] })).toEqual({ score: 1, correct: true });
    expect(scoreResponse(multiple, { kind: "multiple", choices: ["a"] })).toEqual({ score: 0.5, correct: false });
    expect(scoreResponse(multiple, { kind: "multiple", choices: ["a", "b", "c"] })).toEqual({ score: 0.5, correct: false });
    expect(scoreResponse(multiple, { kind: "multiple", choices: ["a", "b", "c", "d"] })).toEqual({ score: 0, correct: false });
    expect(scoreResponse(multiple, { kind: "multiple", choices: ["c"] })).toEqual({ score: 0, correct: false });
  });

  it("normalizes short answers and matches regexes against the whole response", () => {
    expect(scoreResponse(short, { kind: "short", text: "  OpenStack   flavor list --LONG " }).correct).toBe(true);
    expect(scoreResponse(short, { kind: "short", text: "openstack flavor list --long --all" }).correct).toBe(true);
    expect(scoreResponse(short, { kind: "short", text: "openstack flavor list --long; rm -rf /" }).correct).toBe(false);
    expect(scoreResponse(short, { kind: "short", text: "openstack flavor list" }).correct).toBe(false);
  });

  it("scores ordering all or nothing", () => {
    expect(scoreResponse(ordering, { kind: "ordering", order: [0, 1, 2, 3] }).score).toBe(1);
    expect(scoreResponse(ordering, { kind: "ordering", order: [1, 0, 2, 3] }).score).toBe(0);
    expect(scoreResponse(ordering, { kind: "ordering", order: [0, 1, 2] }).score).toBe(0);
  });

  it("scores a response of the wrong kind as zero instead of failing", () => {
    expect(scoreResponse(single, { kind: "truefalse", value: true })).toEqual({ score: 0, correct: false });
  });
});

describe("what the browser sees", () => {
  it("never carries the key, the feedback or the explanation before answering", () => {
    for (const question of [single, multiple, short, ordering]) {
      const view = JSON.stringify(presentQuestion(question, 42));
      expect(view).not.toMatch(/correct|feedback|explanation|Because|answers|flavor list --long/);
    }
  });

  it("shuffles the same way for the same seed, and never leaves an ordering question solved", () => {
    expect(presentQuestion(multiple, 7)).toEqual(presentQuestion(multiple, 7));
    for (let seed = 0; seed < 200; seed += 1) {
      const view = presentQuestion(ordering, seed);
      if (view.kind !== "ordering") throw new Error("kind");
      expect(view.items.map((item) => item.position)).not.toEqual([0, 1, 2, 3]);
    }
  });

  it("after answering, reveals the key and the feedback on the options picked", () => {
    const feedback = revealQuestion(single, { kind: "single", choice: "a" }, { score: 0, correct: false });
    expect(feedback.correctOptionKeys).toEqual(["b"]);
    expect(feedback.optionFeedback).toEqual([{ key: "a", feedback: "That lists servers." }]);
    expect(feedback.explanation).toBe("Because.");
  });
});
