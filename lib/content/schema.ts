import { z } from "zod";
import { topicIds } from "./topics";

/**
 * zod schemas for everything an author writes (front matter and directive attributes) and for the records the
 * parser produces (read back from the database's jsonb columns at that boundary too).
 */

/** Lowercase words joined by hyphens: stable, URL-safe, and the same in every file that mentions it. */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const idSchema = z.string().regex(slugPattern);
export const tagSchema = z.string().regex(slugPattern);
export const topicSchema = z.enum(topicIds);
export const difficulties = ["easy", "medium", "hard"] as const;
export const difficultySchema = z.enum(difficulties);
export const questionKinds = ["single", "multiple", "truefalse", "short", "ordering", "command"] as const;
export const questionKindSchema = z.enum(questionKinds);

export type Difficulty = z.infer<typeof difficultySchema>;
export type QuestionKind = z.infer<typeof questionKindSchema>;

const text = z.string().trim().min(1);
/** `[a, b]`, a single value, or nothing at all (an empty `key:` in YAML is null). */
const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (value === null || value === undefined ? [] : typeof value === "string" ? [value] : value), z.array(item));

// ---------------------------------------------------------------------------------------------------------------
// Front matter

export const noteFrontMatterSchema = z.strictObject({
  id: idSchema,
  title: text,
  topic: topicSchema,
  order: z.number(),
  prerequisites: listOf(idSchema),
  summary: text,
});

export const bankFrontMatterSchema = z.strictObject({
  topic: topicSchema,
  tags: listOf(tagSchema),
  difficulty: difficultySchema.optional(),
});

export const deckFrontMatterSchema = z.strictObject({
  id: idSchema,
  title: text,
  topic: topicSchema,
  description: text.optional(),
});

/** Picks `count` questions. */
export const questionDrawRuleSchema = z.strictObject({
  count: z.number().int().positive(),
  topic: topicSchema,
  difficulty: listOf(difficultySchema).optional(),
  tags: listOf(tagSchema).optional(),
});

/** Picks `labs` hands-on labs (content/labs), played in the attempt's one shared cloud. */
export const labDrawRuleSchema = z.strictObject({
  labs: z.number().int().positive(),
  topic: topicSchema,
  difficulty: listOf(difficultySchema).optional(),
  tags: listOf(tagSchema).optional(),
});

export const drawRuleSchema = z.union([questionDrawRuleSchema, labDrawRuleSchema]);

export const blueprintSectionSchema = z.strictObject({
  id: idSchema,
  title: text,
  weight: z.number().positive().max(100),
  draw: z.array(drawRuleSchema).min(1),
});

export const blueprintFrontMatterSchema = z.strictObject({
  id: idSchema,
  title: text,
  /** Minutes. */
  duration: z.number().int().positive(),
  /** Percent of the weighted score needed to pass. */
  passMark: z.number().min(0).max(100),
  shuffle: z.boolean().default(true),
  sections: z.array(blueprintSectionSchema).min(1),
});

// ---------------------------------------------------------------------------------------------------------------
// Directive attributes (remark-directive gives strings; `#x` arrives as `id`, `.x` as `class`)

const words = z.string().transform((value) => value.split(/\s+/).filter(Boolean));
const wordsOf = <T extends z.ZodType<string, string>>(item: T) => words.pipe(z.array(item));

export const questionAttributesSchema = z.strictObject({
  id: idSchema,
  kind: questionKindSchema,
  difficulty: difficultySchema.optional(),
  topic: topicSchema.optional(),
  tags: wordsOf(tagSchema).optional(),
  notes: wordsOf(idSchema).optional(),
  answer: z.enum(["true", "false"]).optional(),
});

export const cardAttributesSchema = z.strictObject({
  id: idSchema,
  tags: wordsOf(tagSchema).optional(),
});

export const answersAttributesSchema = z.strictObject({
  case: z.enum(["sensitive", "insensitive"]).default("insensitive"),
  whitespace: z.enum(["exact", "collapse"]).default("collapse"),
});

export const emptyAttributesSchema = z.strictObject({});

// ---------------------------------------------------------------------------------------------------------------
// Records the parser produces. Markdown fields hold Markdown source, rendered by `render.ts`.

export const tocEntrySchema = z.object({ depth: z.number().int(), text: z.string(), id: z.string() });
export type TocEntry = z.infer<typeof tocEntrySchema>;

export const choiceOptionSchema = z.object({
  /** `a`, `b`, … in the order written; answers store these keys. */
  key: z.string(),
  text: z.string(),
  correct: z.boolean(),
  feedback: z.string().optional(),
});
export type ChoiceOption = z.infer<typeof choiceOptionSchema>;

export const shortAnswerSchema = z.object({ value: z.string(), regex: z.boolean() });
export type ShortAnswer = z.infer<typeof shortAnswerSchema>;

/** What a question asks and how it is scored: the part of a question that becomes a new version on edit. */
const questionBaseSchema = z.object({
  id: idSchema,
  topic: topicSchema,
  difficulty: difficultySchema,
  tags: z.array(tagSchema),
  noteIds: z.array(idSchema),
  stem: z.string(),
  explanation: z.string(),
});

export const singleQuestionSchema = questionBaseSchema.extend({
  kind: z.literal("single"),
  options: z.array(choiceOptionSchema).min(3),
});
export const multipleQuestionSchema = questionBaseSchema.extend({
  kind: z.literal("multiple"),
  options: z.array(choiceOptionSchema).min(3),
});
export const trueFalseQuestionSchema = questionBaseSchema.extend({ kind: z.literal("truefalse"), answer: z.boolean() });
export const shortQuestionSchema = questionBaseSchema.extend({
  kind: z.literal("short"),
  answers: z.array(shortAnswerSchema).min(1),
  caseSensitive: z.boolean(),
  whitespace: z.enum(["exact", "collapse"]),
});
export const orderingQuestionSchema = questionBaseSchema.extend({
  kind: z.literal("ordering"),
  /** In the correct order. */
  items: z.array(z.string()).min(3),
});

/**
 * The answer is a command line (lib/exam/command-answer.ts): compared with the accepted commands through the
 * simulator's own argument parser, or — when `checks` are given — run on the question's starting cloud
 * (`setup` run as admin on a fresh DevStack) and graded by the checks.
 */
export const commandQuestionSchema = questionBaseSchema.extend({
  kind: z.literal("command"),
  answers: z.array(z.string()).min(1),
  setup: z.array(z.string()),
  /** lib/checker checks, validated when the bank is parsed. */
  checks: z.array(z.record(z.string(), z.unknown())),
});

export const questionSchema = z.discriminatedUnion("kind", [
  singleQuestionSchema,
  multipleQuestionSchema,
  trueFalseQuestionSchema,
  shortQuestionSchema,
  orderingQuestionSchema,
  commandQuestionSchema,
]);
export type Question = z.infer<typeof questionSchema>;

export const cardSchema = z.object({
  id: idSchema,
  topic: topicSchema,
  tags: z.array(tagSchema),
  front: z.string(),
  back: z.string(),
  /** Where the card lives: embedded in a note, or in a deck. */
  owner: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("note"), noteId: idSchema }),
    z.object({ kind: z.literal("deck"), deckId: idSchema }),
  ]),
});
export type Card = z.infer<typeof cardSchema>;

export const noteSchema = z.object({
  id: idSchema,
  title: z.string(),
  topic: topicSchema,
  order: z.number(),
  prerequisites: z.array(idSchema),
  summary: z.string(),
  /** The Markdown after the front matter, embedded cards included (the renderer shows them as asides). */
  body: z.string(),
  toc: z.array(tocEntrySchema),
});
export type Note = z.infer<typeof noteSchema>;

export const deckSchema = z.object({
  id: idSchema,
  title: z.string(),
  topic: topicSchema,
  description: z.string().optional(),
  cardIds: z.array(idSchema),
});
export type Deck = z.infer<typeof deckSchema>;

export const drawRuleRecordSchema = z.object({
  /** What the rule draws; blueprints imported before labs joined exams have no `kind` and draw questions. */
  kind: z.enum(["question", "lab"]).optional(),
  count: z.number().int().positive(),
  topic: topicSchema,
  difficulty: z.array(difficultySchema).optional(),
  tags: z.array(tagSchema).optional(),
});
export type DrawRule = z.infer<typeof drawRuleRecordSchema>;

export const blueprintSectionRecordSchema = z.object({
  id: idSchema,
  title: z.string(),
  weight: z.number(),
  draw: z.array(drawRuleRecordSchema),
});
export type BlueprintSection = z.infer<typeof blueprintSectionRecordSchema>;

export const blueprintSchema = z.object({
  id: idSchema,
  title: z.string(),
  durationMinutes: z.number().int().positive(),
  passMark: z.number(),
  shuffle: z.boolean(),
  sections: z.array(blueprintSectionRecordSchema),
  /** Markdown shown to learners before they start. */
  intro: z.string(),
});
export type Blueprint = z.infer<typeof blueprintSchema>;
