import { describe, expect, it } from "vitest";
import type { Question } from "@/lib/content/schema";
import { answerKeyFromForm } from "@/lib/cohorts/regrade-form";
import { checkAnswerKey, pickRegrades, regradedFeedback, regradedScore, revealQuestion, scoreAttempt, scoreResponse, type AnswerKey, type QuestionRegrade, type Response } from "@/lib/exam";

const base = { topic: "compute" as const, difficulty: "easy" as const, tags: [] as string[], noteIds: [] as string[], stem: "Stem", explanation: "Because." };
const single: Question = {
  ...base,
  id: "q-single",
  kind: "single",
  options: [
    { key: "a", text: "`openstack server list`", correct: false },
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
const trueFalse: Question = { ...base, id: "q-tf", kind: "truefalse", answer: true };
const short: Question = { ...base, id: "q-short", kind: "short", caseSensitive: false, whitespace: "collapse", answers: [{ value: "m1.small", regex: false }] };
const ordering: Question = { ...base, id: "q-order", kind: "ordering", items: ["create network", "create subnet", "create router", "add interface"] };
const command: Question = { ...base, id: "q-command", kind: "command", answers: ["openstack server list"], setup: [], checks: [] };
const checkedCommand: Question = { ...command, id: "q-checked", checks: [{ type: "server-exists", name: "web" }] };

const rekey = (key: AnswerKey): QuestionRegrade => ({ mode: "rekey", key });
const score = (question: Question, response: Response | null, regrade?: QuestionRegrade) => regradedScore(question, response, regrade).score;

describe("re-key validation, per kind", () => {
  it("accepts a corrected choice key in canonical form and names unknown options", () => {
    expect(checkAnswerKey(single, { kind: "single", option: " C " })).toEqual({ ok: true, value: { kind: "single", option: "c" } });
    expect(checkAnswerKey(multiple, { kind: "multiple", options: ["c", "a", "a"] })).toEqual({ ok: true, value: { kind: "multiple", options: ["a", "c"] } });
    expect(checkAnswerKey(single, { kind: "single", option: "z" })).toEqual({ ok: false, error: "The question has no option z; its options are a, b, c." });
    expect(checkAnswerKey(multiple, { kind: "multiple", options: [" "] })).toEqual({ ok: false, error: "Mark at least one option correct." });
  });

  it("refuses a key of another kind, and a key identical to the one in force", () => {
    expect(checkAnswerKey(single, { kind: "truefalse", answer: true })).toEqual({ ok: false, error: "This is a single-choice question; a true/false key does not fit it." });
    expect(checkAnswerKey(single, { kind: "single", option: "b" })).toEqual({ ok: false, error: "That is the key the question already has; nothing would change." });
    expect(checkAnswerKey(multiple, { kind: "multiple", options: ["b", "a"] }).ok).toBe(false);
    expect(checkAnswerKey(trueFalse, { kind: "truefalse", answer: true }).ok).toBe(false);
    expect(checkAnswerKey(trueFalse, { kind: "truefalse", answer: false })).toEqual({ ok: true, value: { kind: "truefalse", answer: false } });
  });

  it("checks short answers: no blank answer, regular expressions that compile", () => {
    expect(checkAnswerKey(short, { kind: "short", answers: [{ value: "m1.tiny", regex: false }, { value: "m1\\.(small|tiny)", regex: true }] }).ok).toBe(true);
    expect(checkAnswerKey(short, { kind: "short", answers: [{ value: "  ", regex: false }] })).toEqual({ ok: false, error: "An accepted answer is empty; remove the blank line." });
    const broken = checkAnswerKey(short, { kind: "short", answers: [{ value: "m1.(small", regex: true }] });
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error).toMatch(/^The regular expression \/m1\.\(small\/ is not valid/);
  });

  it("wants every ordering item exactly once", () => {
    expect(checkAnswerKey(ordering, { kind: "ordering", order: [1, 0, 2, 3] })).toEqual({ ok: true, value: { kind: "ordering", order: [1, 0, 2, 3] } });
    for (const order of [[1, 0, 2], [1, 1, 2, 3], [0, 1, 2, 4]]) {
      expect(checkAnswerKey(ordering, { kind: "ordering", order })).toEqual({ ok: false, error: "Give each of the 4 items exactly once: an order of the numbers 1 to 4." });
    }
  });

  it("accepts commands the client parses, refuses others, and refuses to re-key a question graded by checks", () => {
    expect(checkAnswerKey(command, { kind: "command", answers: ["openstack server list --long", "openstack server list --long"] })).toEqual({ ok: true, value: { kind: "command", answers: ["openstack server list --long"] } });
    const wrong = checkAnswerKey(command, { kind: "command", answers: ["nova list"] });
    expect(wrong).toMatchObject({ ok: false });
    if (!wrong.ok) expect(wrong.error).toContain("to start with `openstack`");
    const checked = checkAnswerKey(checkedCommand, { kind: "command", answers: ["openstack server create web"] });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error).toContain("Neutralize it instead");
  });
});

describe("scoring under a regrade", () => {
  it("re-keys every kind: the old right answer turns wrong and the new one right", () => {
    expect(score(single, { kind: "single", choice: "b" }, rekey({ kind: "single", option: "c" }))).toBe(0);
    expect(score(single, { kind: "single", choice: "c" }, rekey({ kind: "single", option: "c" }))).toBe(1);
    expect(score(multiple, { kind: "multiple", choices: ["a", "c"] }, rekey({ kind: "multiple", options: ["a", "c"] }))).toBe(1);
    expect(score(trueFalse, { kind: "truefalse", value: false }, rekey({ kind: "truefalse", answer: false }))).toBe(1);
    expect(score(short, { kind: "short", text: "M1.Tiny" }, rekey({ kind: "short", answers: [{ value: "m1\\.(small|tiny)", regex: true }] }))).toBe(1);
    expect(score(short, { kind: "short", text: "m1.small" }, rekey({ kind: "short", answers: [{ value: "m1.tiny", regex: false }] }))).toBe(0);
    expect(score(ordering, { kind: "ordering", order: [1, 0, 2, 3] }, rekey({ kind: "ordering", order: [1, 0, 2, 3] }))).toBe(1);
    expect(score(ordering, { kind: "ordering", order: [0, 1, 2, 3] }, rekey({ kind: "ordering", order: [1, 0, 2, 3] }))).toBe(0);
    expect(score(command, { kind: "command", text: "openstack server list --long" }, rekey({ kind: "command", answers: ["openstack server list --long"] }))).toBe(1);
  });

  it("neutralizes: full marks whether answered, wrong or blank", () => {
    expect(regradedScore(single, { kind: "single", choice: "a" }, { mode: "neutralize" })).toEqual({ score: 1, correct: true });
    expect(regradedScore(ordering, null, { mode: "neutralize" })).toEqual({ score: 1, correct: true });
  });

  it("keeps the item's own key when the regrade does not fit the version the attempt drew", () => {
    // Option d exists in a newer version only: the attempt's three-option version is scored as written.
    expect(score(single, { kind: "single", choice: "b" }, rekey({ kind: "single", option: "d" }))).toBe(1);
    expect(score(single, { kind: "single", choice: "b" })).toBe(scoreResponse(single, { kind: "single", choice: "b" }).score);
  });

  it("carries the regrade into the attempt's result, so totals and the stored item agree", () => {
    const regrade = { ...rekey({ kind: "truefalse", answer: false }), source: "cohort-1" };
    const result = scoreAttempt({
      items: [
        { kind: "question", position: 0, sectionId: "s", topic: "compute", points: 50, question: trueFalse, response: { kind: "truefalse", value: false }, regrade },
        { kind: "question", position: 1, sectionId: "s", topic: "compute", points: 50, question: single, response: { kind: "single", choice: "b" } },
      ],
      sections: [{ id: "s", title: "S" }],
      topicTitle: (id) => id,
      passMark: 70,
      timeUsedMs: 1,
      allowedMs: 2,
      finishedBy: "learner",
    });
    expect(result.scorePercent).toBe(100);
    expect(result.items[0]).toMatchObject({ correct: true, earned: 50, regrade });
    expect(result.items[1]?.regrade).toBeUndefined();
  });
});

describe("what the review reveals", () => {
  it("shows the corrected key, and the original one for a neutralized question", () => {
    const response: Response = { kind: "ordering", order: [1, 0, 2, 3] };
    const regrade = rekey({ kind: "ordering", order: [1, 0, 2, 3] });
    const feedback = regradedFeedback(ordering, revealQuestion(ordering, response, regradedScore(ordering, response, regrade)), regrade);
    expect(feedback).toMatchObject({ correct: true, correctOrder: ["create subnet", "create network", "create router", "add interface"] });
    const tf = regradedFeedback(trueFalse, revealQuestion(trueFalse, { kind: "truefalse", value: false }, { score: 1, correct: true }), rekey({ kind: "truefalse", answer: false }));
    expect(tf.correctAnswer).toBe("False");
    const choice = regradedFeedback(single, revealQuestion(single, { kind: "single", choice: "a" }, { score: 1, correct: true }), { mode: "neutralize" });
    expect(choice.correctOptionKeys).toEqual(["b"]);
  });
});

describe("which regrade an item gets", () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 3, 6, 8, minute));
  it("takes the most recent decision per question, whatever the row order, and skips rows that do not parse", () => {
    const rows = [
      { questionId: "q", source: "cohort-a", mode: "neutralize", key: null, createdAt: at(5) },
      { questionId: "q", source: "cohort-b", mode: "rekey", key: { kind: "single", option: "c" }, createdAt: at(9) },
      { questionId: "r", source: "cohort-a", mode: "rekey", key: { kind: "nonsense" }, createdAt: at(1) },
    ];
    for (const order of [rows, [...rows].reverse()]) {
      const picked = pickRegrades(order);
      expect(picked.get("q")).toEqual({ mode: "rekey", key: { kind: "single", option: "c" }, source: "cohort-b" });
      expect(picked.has("r")).toBe(false);
    }
  });
});

describe("the re-key form", () => {
  const form = (fields: Record<string, string | string[]>) => (name: string) => {
    const value = fields[name];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
  it("reads each kind's inputs into a key", () => {
    expect(answerKeyFromForm(form({ kind: "multiple", options: ["a", "c"] }))).toEqual({ ok: true, value: { kind: "multiple", options: ["a", "c"] } });
    expect(answerKeyFromForm(form({ kind: "truefalse", answer: "false" }))).toEqual({ ok: true, value: { kind: "truefalse", answer: false } });
    expect(answerKeyFromForm(form({ kind: "short", answers: "m1.tiny\r\n\r\n/m1\\.(small|tiny)/\n" }))).toEqual({
      ok: true,
      value: { kind: "short", answers: [{ value: "m1.tiny", regex: false }, { value: "m1\\.(small|tiny)", regex: true }] },
    });
    expect(answerKeyFromForm(form({ kind: "ordering", order: "2, 1 3,4" }))).toEqual({ ok: true, value: { kind: "ordering", order: [1, 0, 2, 3] } });
    expect(answerKeyFromForm(form({ kind: "command", answers: "openstack server list\n" }))).toEqual({ ok: true, value: { kind: "command", answers: ["openstack server list"] } });
  });
  it("says what to write when an input is missing", () => {
    expect(answerKeyFromForm(form({ kind: "single" }))).toEqual({ ok: false, error: "Choose the one correct option." });
    expect(answerKeyFromForm(form({ kind: "truefalse" }))).toEqual({ ok: false, error: "Choose True or False." });
    expect(answerKeyFromForm(form({ kind: "ordering", order: "2, first, 3" }))).toMatchObject({ ok: false, error: expect.stringContaining("numbers in the correct order") });
    expect(answerKeyFromForm(form({ kind: "essay" }))).toMatchObject({ ok: false });
  });
});

describe("item statistics under a re-key", () => {
  it("judge distractors and the key against the corrected key, not the one it replaced", async () => {
    const { optionsOf } = await import("@/lib/cohorts/items");
    const { itemStatistics } = await import("@/lib/analytics");
    // Ten attempts: the five top scorers all chose c, which the instructor has re-keyed as the right answer.
    const observations = Array.from({ length: 10 }, (_, index) => {
      const top = index >= 5;
      return { respondentId: `r${index}`, total: top ? 90 : 40, score: top ? 1 : 0, correct: top, choices: [top ? "c" : "a"] };
    });
    const original = itemStatistics(observations, optionsOf(single));
    const rekeyed = itemStatistics(observations, optionsOf(single, rekey({ kind: "single", option: "c" })));
    expect(optionsOf(single, rekey({ kind: "single", option: "c" })).filter((option) => option.correct).map((option) => option.key)).toEqual(["c"]);
    // Under the original key, b was the key, so nobody choosing it is no distractor problem; after the re-key b is
    // a distractor nobody picks, and that is what the instructor should now see.
    expect(original.flags.map((flag) => flag.code)).not.toContain("unused-distractor");
    expect(rekeyed.flags.filter((flag) => flag.code === "unused-distractor").map((flag) => ("option" in flag ? flag.option : ""))).toEqual(["b"]);
    expect(optionsOf(trueFalse, rekey({ kind: "truefalse", answer: false }))).toEqual([{ key: "true", correct: false }, { key: "false", correct: true }]);
    expect(optionsOf(single, { mode: "neutralize" })).toEqual(optionsOf(single));
  });
});
