/**
 * Topic mastery for the heat map: the mean score a learner earned on a topic's questions (practice and exams
 * together), shown only once there are enough answers to mean something.
 */

export interface MasteryInput {
  userId: string;
  topic: string;
  answers: number;
  /** Mean item score, 0 … 1. */
  meanScore: number;
}

/** Fewer answers than this on a topic show as "not enough data" rather than a colour. */
export const MIN_ANSWERS_FOR_MASTERY = 3;

export type MasteryLevel = "none" | "weak" | "developing" | "good" | "strong";

export function masteryLevel(cell: Pick<MasteryInput, "answers" | "meanScore"> | undefined): MasteryLevel {
  if (!cell || cell.answers < MIN_ANSWERS_FOR_MASTERY) return "none";
  if (cell.meanScore < 0.5) return "weak";
  if (cell.meanScore < 0.7) return "developing";
  if (cell.meanScore < 0.85) return "good";
  return "strong";
}

export interface TopicSummary {
  topic: string;
  learners: number;
  /** Mean over learners with enough answers (each learner counts once, however much they answered). */
  meanScore: number | null;
}

/** The cohort's topics, weakest first; topics nobody has enough answers on go last. */
export function weakTopics(cells: readonly MasteryInput[]): TopicSummary[] {
  const byTopic = new Map<string, number[]>();
  for (const cell of cells) {
    const list = byTopic.get(cell.topic) ?? [];
    if (cell.answers >= MIN_ANSWERS_FOR_MASTERY) list.push(cell.meanScore);
    byTopic.set(cell.topic, list);
  }
  return [...byTopic.entries()]
    .map(([topic, scores]) => ({ topic, learners: scores.length, meanScore: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null }))
    .sort((a, b) => (a.meanScore ?? 2) - (b.meanScore ?? 2) || a.topic.localeCompare(b.topic));
}
