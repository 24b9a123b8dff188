import { matchesDrawRule } from "../content/check";
import type { Blueprint, Question } from "../content/schema";
import { seededRandom, shuffled } from "../random";
import { err, ok, type Result } from "../result";
import { presentQuestion } from "./redact";

/** A question the draw may pick: the parsed current version and the id of that version. */
export interface PoolQuestion {
  versionId: string;
  question: Question;
}

/**
 * One item of an attempt as drawn. A question item carries the exact version and the order its options (or
 * ordering items) are shown in; a lab item (issue 5) will carry its lab id instead — the `kind` keeps the two
 * apart everywhere an item is read.
 */
export type DrawnItem =
  | {
      kind: "question";
      position: number;
      sectionId: string;
      topic: string;
      points: number;
      questionVersionId: string;
      answerKind: Question["kind"];
      /** Option keys or ordering positions in display order; null for kinds without options. */
      displayOrder: (string | number)[] | null;
    }
  | { kind: "lab"; position: number; sectionId: string; topic: string; points: number; labId: string };

export type DrawError = { code: "exam/pool-too-small"; sectionId: string; topic: string; wanted: number; found: number };

/** A seed for each item's shuffle, derived from the attempt's seed so one number reproduces the whole attempt. */
const itemSeed = (seed: number, position: number) => (seed ^ Math.imul(position + 1, 0x9e3779b1)) >>> 0;

/**
 * Draws an attempt: each rule of each section picks `count` questions at random from those it matches and no
 * earlier rule took; each section's weight is split evenly over its items. With `shuffle`, the items of the
 * whole exam are mixed (as tasks are in the real exam); without, they stay in section order. Options are
 * shuffled once here and the order is stored with the item, so the attempt never changes on a re-render.
 */
export function drawAttempt(blueprint: Pick<Blueprint, "sections" | "shuffle">, pool: readonly PoolQuestion[], seed: number): Result<DrawnItem[], DrawError> {
  const random = seededRandom(seed);
  const taken = new Set<string>();
  const picked: { sectionId: string; points: number; entry: PoolQuestion }[] = [];
  // Sorted by id first, so the draw depends on the seed and the pool's contents, never on the query's row order.
  const ordered = [...pool].sort((a, b) => (a.question.id < b.question.id ? -1 : a.question.id > b.question.id ? 1 : 0));
  for (const section of blueprint.sections) {
    const inSection: PoolQuestion[] = [];
    for (const rule of section.draw) {
      const candidates = ordered.filter((entry) => !taken.has(entry.question.id) && matchesDrawRule(entry.question, rule));
      if (candidates.length < rule.count) {
        return err({ code: "exam/pool-too-small", sectionId: section.id, topic: rule.topic, wanted: rule.count, found: candidates.length });
      }
      for (const entry of shuffled(candidates, random).slice(0, rule.count)) {
        taken.add(entry.question.id);
        inSection.push(entry);
      }
    }
    const points = inSection.length ? section.weight / inSection.length : 0;
    for (const entry of inSection) picked.push({ sectionId: section.id, points, entry });
  }
  const order = blueprint.shuffle ? shuffled(picked, random) : picked;
  return ok(
    order.map(({ sectionId, points, entry }, position): DrawnItem => {
      const view = presentQuestion(entry.question, itemSeed(seed, position));
      const displayOrder =
        view.kind === "single" || view.kind === "multiple" ? view.options.map((option) => option.key) : view.kind === "ordering" ? view.items.map((item) => item.position) : null;
      return {
        kind: "question",
        position,
        sectionId,
        topic: entry.question.topic,
        points,
        questionVersionId: entry.versionId,
        answerKind: entry.question.kind,
        displayOrder,
      };
    }),
  );
}
