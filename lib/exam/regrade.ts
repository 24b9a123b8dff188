import { z } from "zod";
import { shortAnswerSchema, type Question, type ShortAnswer } from "../content/schema";
import { err, ok, type Result } from "../result";
import { verifyCommandQuestion } from "./command-answer";
import type { QuestionFeedback } from "./redact";
import { scoreResponse, type Response, type Score } from "./scoring";

/**
 * Regrades as the exam engine sees them: a corrected answer key for one question, or "neutralize" (full marks for
 * everyone). Who decided and for whom is lib/cohorts' business; the exam service looks the regrades up and passes
 * them in, so scoring stays a pure function of question, response and regrade.
 *
 * A key says what is right in the question's own terms, so a stored response is judged again without being
 * rewritten: option keys for choice questions, the accepted answers of a short-answer or command question, and for
 * ordering the items' original positions in the corrected order (responses store those positions too).
 */

export const answerKeySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("single"), option: z.string().min(1).max(8) }),
  z.object({ kind: z.literal("multiple"), options: z.array(z.string().min(1).max(8)).min(1).max(26) }),
  z.object({ kind: z.literal("truefalse"), answer: z.boolean() }),
  z.object({ kind: z.literal("short"), answers: z.array(shortAnswerSchema).min(1).max(20) }),
  z.object({ kind: z.literal("ordering"), order: z.array(z.number().int().min(0).max(100)).min(1).max(101) }),
  z.object({ kind: z.literal("command"), answers: z.array(z.string().min(1).max(2_000)).min(1).max(20) }),
]);
export type AnswerKey = z.infer<typeof answerKeySchema>;

export const questionRegradeSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("neutralize") }),
  z.object({ mode: z.literal("rekey"), key: answerKeySchema }),
]);
export type QuestionRegrade = z.infer<typeof questionRegradeSchema>;

/** A regrade as applied to one attempt's item; `source` names whose decision it was (lib/cohorts: the cohort id). */
export type AppliedRegrade = QuestionRegrade & { source: string };

const kindNames: Record<Question["kind"], string> = {
  single: "single-choice",
  multiple: "multiple-choice",
  truefalse: "true/false",
  short: "short-answer",
  ordering: "ordering",
  command: "command",
};

/** The key the question was written with, in the same terms as a regrade's. */
export function originalKey(question: Question): AnswerKey {
  switch (question.kind) {
    case "single":
      return { kind: "single", option: question.options.find((option) => option.correct)?.key ?? "" };
    case "multiple":
      return { kind: "multiple", options: question.options.filter((option) => option.correct).map((option) => option.key) };
    case "truefalse":
      return { kind: "truefalse", answer: question.answer };
    case "short":
      return { kind: "short", answers: question.answers };
    case "ordering":
      return { kind: "ordering", order: question.items.map((_, position) => position) };
    case "command":
      return { kind: "command", answers: question.answers };
  }
}

const sameKey = (a: AnswerKey, b: AnswerKey) => JSON.stringify(a) === JSON.stringify(b);
const sortedKeys = (keys: readonly string[]) => [...new Set(keys.map((key) => key.trim().toLowerCase()).filter(Boolean))].sort();
const sortedAnswers = (answers: readonly ShortAnswer[]) => [...answers].sort((a, b) => (a.value === b.value ? Number(a.regex) - Number(b.regex) : a.value < b.value ? -1 : 1));

/**
 * Checks a corrected key against the question and returns it in canonical form (keys trimmed and sorted,
 * duplicates dropped), or why it cannot be used, in words an instructor can act on. A key identical to the one the
 * question already has is refused: it would change nothing, and "restore the original key" is the way back.
 */
export function checkAnswerKey(question: Question, key: AnswerKey): Result<AnswerKey, string> {
  if (key.kind !== question.kind) return err(`This is a ${kindNames[question.kind]} question; a ${kindNames[key.kind]} key does not fit it.`);
  const canonical = canonicalKey(question, key);
  if (!canonical.ok) return canonical;
  const original = canonicalKey(question, originalKey(question));
  if (original.ok && sameKey(original.value, canonical.value)) return err("That is the key the question already has; nothing would change.");
  return canonical;
}

function canonicalKey(question: Question, key: AnswerKey): Result<AnswerKey, string> {
  switch (key.kind) {
    case "single":
    case "multiple": {
      if (question.kind !== "single" && question.kind !== "multiple") return err("Only choice questions have options.");
      const picked = sortedKeys(key.kind === "single" ? [key.option] : key.options);
      const known = question.options.map((option) => option.key);
      const unknown = picked.filter((option) => !known.includes(option));
      if (unknown.length) return err(`The question has no option ${unknown.join(", ")}; its options are ${known.join(", ")}.`);
      if (key.kind === "single") {
        const [option] = picked;
        return picked.length === 1 && option ? ok({ kind: "single", option }) : err("A single-choice question needs exactly one correct option.");
      }
      return picked.length ? ok({ kind: "multiple", options: picked }) : err("Mark at least one option correct.");
    }
    case "truefalse":
      return ok(key);
    case "short": {
      const answers = key.answers.map((answer) => ({ value: answer.value.trim(), regex: answer.regex }));
      if (answers.some((answer) => !answer.value)) return err("An accepted answer is empty; remove the blank line.");
      for (const answer of answers.filter((entry) => entry.regex)) {
        try {
          new RegExp(`^(?:${answer.value})$`);
        } catch (cause) {
          return err(`The regular expression /${answer.value}/ is not valid: ${(cause as Error).message}.`);
        }
      }
      const unique = sortedAnswers(answers).filter((answer, index, all) => index === 0 || answer.value !== all[index - 1]?.value || answer.regex !== all[index - 1]?.regex);
      return ok({ kind: "short", answers: unique });
    }
    case "ordering": {
      if (question.kind !== "ordering") return err("Only ordering questions have an order.");
      const count = question.items.length;
      const seen = new Set(key.order);
      if (key.order.length !== count || seen.size !== count || key.order.some((position) => position < 0 || position >= count)) {
        return err(`Give each of the ${count} items exactly once: an order of the numbers 1 to ${count}.`);
      }
      return ok({ kind: "ordering", order: [...key.order] });
    }
    case "command": {
      if (question.kind !== "command") return err("Only command questions accept commands.");
      if (question.checks.length > 0) {
        return err("This command question is graded by running the answer against its checks, not by comparing commands; re-keying it would change no score. Neutralize it instead.");
      }
      const answers = [...new Set(key.answers.map((answer) => answer.trim()).filter(Boolean))];
      if (!answers.length) return err("Give at least one accepted command.");
      const problems = verifyCommandQuestion({ answers, setup: question.setup, checks: [] });
      return problems.length ? err(`${problems.join("; ")}.`) : ok({ kind: "command", answers });
    }
  }
}

/**
 * The question as if it had been written with this key. Ordering questions keep their items (responses point at
 * them by position), so their corrected order is applied by `regradedScore` and `regradedFeedback` instead.
 */
function rekeyed(question: Question, key: AnswerKey): Question {
  if (key.kind === "single" && (question.kind === "single" || question.kind === "multiple")) return { ...question, options: question.options.map((option) => ({ ...option, correct: option.key === key.option })) };
  if (key.kind === "multiple" && (question.kind === "single" || question.kind === "multiple")) return { ...question, options: question.options.map((option) => ({ ...option, correct: key.options.includes(option.key) })) };
  if (key.kind === "truefalse" && question.kind === "truefalse") return { ...question, answer: key.answer };
  if (key.kind === "short" && question.kind === "short") return { ...question, answers: key.answers };
  if (key.kind === "command" && question.kind === "command") return { ...question, answers: key.answers };
  return question;
}

/**
 * Whether a regrade can be applied to this version of the question. A key is written against the version the
 * instructor saw; an attempt that drew an older or newer version whose options or items differ keeps its own key.
 */
export function regradeFits(question: Question, regrade: QuestionRegrade): boolean {
  if (regrade.mode === "neutralize") return true;
  return canonicalKey(question, regrade.key).ok && regrade.key.kind === question.kind;
}

/** A response's score under a regrade: neutralized items earn full marks answered or not. */
export function regradedScore(question: Question, response: Response | null, regrade: QuestionRegrade | undefined): Score {
  if (regrade?.mode === "neutralize") return { score: 1, correct: true };
  if (!response) return { score: 0, correct: false };
  if (!regrade || !regradeFits(question, regrade)) return scoreResponse(question, response);
  const { key } = regrade;
  if (key.kind === "ordering") {
    if (response.kind !== "ordering") return { score: 0, correct: false };
    const correct = response.order.length === key.order.length && response.order.every((position, index) => position === key.order[index]);
    return { score: correct ? 1 : 0, correct };
  }
  return scoreResponse(rekeyed(question, key), response);
}

/**
 * What the review reveals under a regrade: the corrected key (correct options, accepted answer, order) in place of
 * the original. A neutralized question still shows its original key: nobody claims it is right, only that it is
 * not held against anyone.
 */
export function regradedFeedback(question: Question, feedback: QuestionFeedback, regrade: QuestionRegrade | undefined): QuestionFeedback {
  if (!regrade || regrade.mode === "neutralize" || !regradeFits(question, regrade)) return feedback;
  const { key } = regrade;
  switch (key.kind) {
    case "single":
      return { ...feedback, correctOptionKeys: [key.option] };
    case "multiple":
      return { ...feedback, correctOptionKeys: key.options };
    case "truefalse":
      return { ...feedback, correctAnswer: key.answer ? "True" : "False" };
    case "short":
      return { ...feedback, correctAnswer: (key.answers.find((answer) => !answer.regex) ?? key.answers[0])?.value };
    case "ordering":
      return question.kind === "ordering" ? { ...feedback, correctOrder: key.order.map((position) => question.items[position] ?? "") } : feedback;
    case "command":
      return { ...feedback, correctAnswer: key.answers[0] };
  }
}

/** One line for people: "neutralized", "re-keyed to b", "re-keyed: True", … */
export function describeRegrade(question: Question | undefined, regrade: QuestionRegrade): string {
  if (regrade.mode === "neutralize") return "neutralized: everyone gets the item's full points";
  const { key } = regrade;
  switch (key.kind) {
    case "single":
      return `re-keyed: option ${key.option} is correct`;
    case "multiple":
      return `re-keyed: options ${key.options.join(", ")} are correct`;
    case "truefalse":
      return `re-keyed: the answer is ${key.answer ? "True" : "False"}`;
    case "short":
      return `re-keyed: accepted answers ${key.answers.map((answer) => (answer.regex ? `/${answer.value}/` : `“${answer.value}”`)).join(", ")}`;
    case "ordering":
      return `re-keyed: correct order ${key.order.map((position) => (question?.kind === "ordering" ? `“${question.items[position] ?? position + 1}”` : String(position + 1))).join(" → ")}`;
    case "command":
      return `re-keyed: accepted commands ${key.answers.map((answer) => `\`${answer}\``).join(", ")}`;
  }
}

/**
 * The regrade each question gets from stored rows (`source` is whose decision it is). When several apply to the
 * same question — a learner in two cohorts that both regraded it — the most recent decision wins (ties: the
 * smaller source, so the choice never depends on row order). Rows that no longer parse are skipped.
 */
export function pickRegrades(rows: readonly { questionId: string; source: string; mode: string; key: unknown; createdAt: Date }[]): Map<string, AppliedRegrade> {
  const picked = new Map<string, { regrade: AppliedRegrade; at: number }>();
  for (const row of rows) {
    const parsed = questionRegradeSchema.safeParse(row.mode === "neutralize" ? { mode: "neutralize" } : { mode: row.mode, key: row.key });
    if (!parsed.success) continue;
    const held = picked.get(row.questionId);
    const at = row.createdAt.getTime();
    if (!held || at > held.at || (at === held.at && row.source < held.regrade.source)) picked.set(row.questionId, { regrade: { ...parsed.data, source: row.source }, at });
  }
  return new Map([...picked].map(([questionId, { regrade }]) => [questionId, regrade]));
}
