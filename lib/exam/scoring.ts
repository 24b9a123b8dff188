import { z } from "zod";
import type { Question } from "../content/schema";
import { acceptsShortAnswer } from "../content/short-answer";
import { gradeCommandAnswer } from "./command-answer";

/**
 * What a learner sends for each kind of question. Choice keys are the option keys (`a`, `b`, …) the author's
 * order gave them, so shuffling for display never changes what is stored; ordering answers are the items'
 * positions in the correct order, as the learner arranged them.
 */
export const responseSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("single"), choice: z.string().max(8) }),
  z.object({ kind: z.literal("multiple"), choices: z.array(z.string().max(8)).max(26) }),
  z.object({ kind: z.literal("truefalse"), value: z.boolean() }),
  z.object({ kind: z.literal("short"), text: z.string().max(2_000) }),
  z.object({ kind: z.literal("ordering"), order: z.array(z.number().int().min(0).max(100)).max(100) }),
  z.object({ kind: z.literal("command"), text: z.string().max(2_000) }),
]);
export type Response = z.infer<typeof responseSchema>;

export interface Score {
  /** 0 … 1: the share of the question's point earned. */
  score: number;
  correct: boolean;
}

const none: Score = { score: 0, correct: false };

/**
 * Scores one response. Multiple choice earns 1/(number of correct options) per correct pick and loses
 * 1/(number of wrong options) per wrong pick, never below zero — so ticking everything earns nothing.
 * A response of the wrong kind scores zero.
 */
export function scoreResponse(question: Question, response: Response): Score {
  switch (question.kind) {
    case "single": {
      if (response.kind !== "single") return none;
      const correct = question.options.some((option) => option.correct && option.key === response.choice);
      return { score: correct ? 1 : 0, correct };
    }
    case "multiple": {
      if (response.kind !== "multiple") return none;
      const picked = new Set(response.choices);
      const right = question.options.filter((option) => option.correct);
      const wrong = question.options.filter((option) => !option.correct);
      const rightPicked = right.filter((option) => picked.has(option.key)).length;
      const wrongPicked = wrong.filter((option) => picked.has(option.key)).length;
      const raw = rightPicked / right.length - (wrong.length ? wrongPicked / wrong.length : 0);
      const score = Math.max(0, Math.round(raw * 1000) / 1000);
      return { score, correct: rightPicked === right.length && wrongPicked === 0 };
    }
    case "truefalse": {
      if (response.kind !== "truefalse") return none;
      const correct = response.value === question.answer;
      return { score: correct ? 1 : 0, correct };
    }
    case "short": {
      if (response.kind !== "short") return none;
      const correct = acceptsShortAnswer(question, response.text);
      return { score: correct ? 1 : 0, correct };
    }
    case "command": {
      if (response.kind !== "command") return none;
      const correct = gradeCommandAnswer(question, response.text).correct;
      return { score: correct ? 1 : 0, correct };
    }
    case "ordering": {
      if (response.kind !== "ordering") return none;
      const correct = response.order.length === question.items.length && response.order.every((position, index) => position === index);
      return { score: correct ? 1 : 0, correct };
    }
  }
}
