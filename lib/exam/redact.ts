import type { Question } from "../content/schema";
import { seededRandom, shuffled } from "../random";
import type { Response, Score } from "./scoring";

/**
 * What the browser may see of a question before it is answered: the stem and the choices, shuffled — never
 * which option is correct, the feedback, the accepted answers, the correct order or the explanation.
 */
export type QuestionView =
  | { kind: "single" | "multiple"; id: string; topic: string; difficulty: string; stem: string; options: { key: string; text: string }[] }
  | { kind: "truefalse" | "short" | "command"; id: string; topic: string; difficulty: string; stem: string }
  | { kind: "ordering"; id: string; topic: string; difficulty: string; stem: string; items: { position: number; text: string }[] };

export function presentQuestion(question: Question, seed: number): QuestionView {
  const base = { id: question.id, topic: question.topic, difficulty: question.difficulty, stem: question.stem };
  const random = seededRandom(seed);
  switch (question.kind) {
    case "single":
    case "multiple":
      return { ...base, kind: question.kind, options: shuffled(question.options, random).map(({ key, text }) => ({ key, text })) };
    case "ordering": {
      const items = question.items.map((text, position) => ({ position, text }));
      let order = shuffled(items, random);
      // A "shuffle" that happens to leave the answer in place would give it away.
      for (let tries = 0; tries < 5 && order.every((item, index) => item.position === index); tries += 1) order = shuffled(items, random);
      return { ...base, kind: "ordering", items: order };
    }
    case "truefalse":
    case "short":
    case "command":
      return { ...base, kind: question.kind };
  }
}

/** Everything a learner learns after answering: the key, feedback on their picks, the explanation, the notes. */
export interface QuestionFeedback {
  kind: Question["kind"];
  score: number;
  correct: boolean;
  explanation: string;
  noteIds: string[];
  correctOptionKeys?: string[];
  optionFeedback?: { key: string; feedback: string }[];
  correctAnswer?: string;
  correctOrder?: string[];
}

export function revealQuestion(question: Question, response: Response, score: Score): QuestionFeedback {
  const base = { kind: question.kind, score: score.score, correct: score.correct, explanation: question.explanation, noteIds: question.noteIds };
  switch (question.kind) {
    case "single":
    case "multiple": {
      const picked = new Set(response.kind === "single" ? [response.choice] : response.kind === "multiple" ? response.choices : []);
      return {
        ...base,
        correctOptionKeys: question.options.filter((option) => option.correct).map((option) => option.key),
        optionFeedback: question.options
          .filter((option) => picked.has(option.key) && option.feedback)
          .map((option) => ({ key: option.key, feedback: option.feedback as string })),
      };
    }
    case "truefalse":
      return { ...base, correctAnswer: question.answer ? "True" : "False" };
    case "short": {
      const literal = question.answers.find((answer) => !answer.regex);
      return { ...base, correctAnswer: literal?.value ?? question.answers[0]?.value };
    }
    case "ordering":
      return { ...base, correctOrder: question.items };
    case "command":
      return { ...base, correctAnswer: question.answers[0] };
  }
}

/**
 * An exam item as the browser may see it while the attempt is open: a question in the order stored when the
 * attempt was drawn (never re-shuffled, so every device and every reload shows the same layout), or a lab by
 * id. Nothing here says which option is right, how a short answer is matched, or what a lab checks.
 */
export type ExamItemView =
  | { kind: "question"; position: number; sectionId: string; question: QuestionView }
  | { kind: "lab"; position: number; sectionId: string; labId: string; topic: string };

/** Applies a stored display order; keys or positions the question no longer has are skipped, missing ones appended. */
function inStoredOrder<T>(entries: readonly T[], idOf: (entry: T) => string | number, displayOrder: readonly (string | number)[] | null): T[] {
  if (!displayOrder) return [...entries];
  const byId = new Map(entries.map((entry) => [idOf(entry), entry]));
  const ordered = displayOrder.flatMap((id) => {
    const entry = byId.get(id);
    byId.delete(id);
    return entry ? [entry] : [];
  });
  return [...ordered, ...byId.values()];
}

export function presentExamQuestion(question: Question, displayOrder: readonly (string | number)[] | null): QuestionView {
  const base = { id: question.id, topic: question.topic, difficulty: question.difficulty, stem: question.stem };
  switch (question.kind) {
    case "single":
    case "multiple":
      return {
        ...base,
        kind: question.kind,
        options: inStoredOrder(question.options, (option) => option.key, displayOrder).map(({ key, text }) => ({ key, text })),
      };
    case "ordering":
      return {
        ...base,
        kind: "ordering",
        items: inStoredOrder(
          question.items.map((text, position) => ({ position, text })),
          (item) => item.position,
          displayOrder,
        ),
      };
    case "truefalse":
    case "short":
    case "command":
      return { ...base, kind: question.kind };
  }
}
