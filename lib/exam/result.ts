import type { Question } from "../content/schema";
import { regradedScore, regradeFits, type AppliedRegrade } from "./regrade";
import { responseSchema, type Response } from "./scoring";
import type { FinishedBy } from "./attempt";

/**
 * Scoring a whole attempt. Each item carries points (its section's weight split over the section's items); a
 * question earns its points times its score from `scoreResponse` (partial credit and penalties included), a
 * lab earns its points times the share of its checks that passed. The total is a percentage of the points on
 * offer, compared with the blueprint's pass mark.
 */

/** What a lab's checker reports at submission (issue 5 fills this in; no blueprint draws labs yet). */
export interface LabOutcome {
  /** 0 … 1: the share of the lab's checks passed. */
  score: number;
  checks: { id: string; passed: boolean; reason: string }[];
  transcript: string;
}

export type ScorableItem =
  | { kind: "question"; position: number; sectionId: string; topic: string; points: number; question: Question; response: unknown; regrade?: AppliedRegrade }
  | { kind: "lab"; position: number; sectionId: string; topic: string; points: number; labId: string; outcome: LabOutcome | undefined };

export interface ItemResult {
  position: number;
  kind: "question" | "lab";
  sectionId: string;
  topic: string;
  answered: boolean;
  /** 0 … 1. */
  score: number;
  correct: boolean;
  points: number;
  earned: number;
  /** The regrade this item was scored under, when one applied: the review shows its key, and undoing it rescores. */
  regrade?: AppliedRegrade;
}

export interface BreakdownRow {
  id: string;
  title: string;
  items: number;
  answered: number;
  correct: number;
  earned: number;
  possible: number;
  /** 0 … 100. */
  percent: number;
}

export interface AttemptResult {
  scorePercent: number;
  passMark: number;
  passed: boolean;
  timeUsedMs: number;
  allowedMs: number;
  finishedBy: FinishedBy;
  answered: number;
  total: number;
  sections: BreakdownRow[];
  topics: BreakdownRow[];
  items: ItemResult[];
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const round3 = (value: number) => Math.round(value * 1000) / 1000;

function readResponse(raw: unknown): Response | null {
  const parsed = responseSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export function scoreItem(item: ScorableItem): ItemResult {
  const base = { position: item.position, kind: item.kind, sectionId: item.sectionId, topic: item.topic, points: item.points };
  if (item.kind === "lab") {
    const score = item.outcome ? Math.min(1, Math.max(0, item.outcome.score)) : 0;
    return { ...base, answered: !!item.outcome, score, correct: score === 1, earned: round3(score * item.points) };
  }
  const response = readResponse(item.response);
  const regrade = item.regrade && regradeFits(item.question, item.regrade) ? item.regrade : undefined;
  const { score, correct } = regradedScore(item.question, response, regrade);
  return { ...base, answered: !!response, score, correct, earned: round3(score * item.points), ...(regrade ? { regrade } : {}) };
}

function breakdown(items: readonly ItemResult[], keyOf: (item: ItemResult) => string, titleOf: (id: string) => string, order: readonly string[]): BreakdownRow[] {
  const rows = new Map<string, BreakdownRow>();
  for (const id of order) rows.set(id, { id, title: titleOf(id), items: 0, answered: 0, correct: 0, earned: 0, possible: 0, percent: 0 });
  for (const item of items) {
    const id = keyOf(item);
    const row = rows.get(id) ?? { id, title: titleOf(id), items: 0, answered: 0, correct: 0, earned: 0, possible: 0, percent: 0 };
    row.items += 1;
    row.answered += item.answered ? 1 : 0;
    row.correct += item.correct ? 1 : 0;
    row.earned += item.earned;
    row.possible += item.points;
    rows.set(id, row);
  }
  return [...rows.values()]
    .filter((row) => row.items > 0)
    .map((row) => ({ ...row, earned: round3(row.earned), possible: round3(row.possible), percent: row.possible ? round1((row.earned / row.possible) * 100) : 0 }));
}

export interface ScoreAttemptInput {
  items: readonly ScorableItem[];
  sections: readonly { id: string; title: string }[];
  topicTitle: (topic: string) => string;
  /** Topic ids in teaching order; the topic breakdown follows it (topics not listed go last). */
  topicOrder?: readonly string[];
  passMark: number;
  timeUsedMs: number;
  allowedMs: number;
  finishedBy: FinishedBy;
}

export function scoreAttempt(input: ScoreAttemptInput): AttemptResult {
  return summarizeAttempt([...input.items].sort((a, b) => a.position - b.position).map(scoreItem), input);
}

/**
 * Totals and breakdowns from already-scored items, in position order. A regrade (lib/cohorts/regrade) changes
 * one item's result and sums again through here, so a regraded attempt adds up exactly like a fresh one.
 */
export function summarizeAttempt(items: ItemResult[], input: Omit<ScoreAttemptInput, "items">): AttemptResult {
  const possible = items.reduce((sum, item) => sum + item.points, 0);
  const earned = items.reduce((sum, item) => sum + item.earned, 0);
  const scorePercent = possible ? round1((earned / possible) * 100) : 0;
  const sectionTitles = new Map(input.sections.map((section) => [section.id, section.title]));
  const rank = (topic: string) => {
    const index = input.topicOrder?.indexOf(topic) ?? -1;
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  const topicOrder = [...new Set(items.map((item) => item.topic))].sort((a, b) => rank(a) - rank(b));
  return {
    scorePercent,
    passMark: input.passMark,
    passed: scorePercent >= input.passMark,
    timeUsedMs: input.timeUsedMs,
    allowedMs: input.allowedMs,
    finishedBy: input.finishedBy,
    answered: items.filter((item) => item.answered).length,
    total: items.length,
    sections: breakdown(items, (item) => item.sectionId, (id) => sectionTitles.get(id) ?? id, input.sections.map((section) => section.id)),
    topics: breakdown(items, (item) => item.topic, input.topicTitle, topicOrder),
    items,
  };
}
