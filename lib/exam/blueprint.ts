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

/** A lab the draw may pick: the current version's id and what rules match on. */
export interface PoolLab {
  versionId: string;
  lab: { id: string; topic: Question["topic"]; difficulty: Question["difficulty"]; tags: string[] };
}

/**
 * The labs a draw may pick from, and the judge of which labs can share the attempt's one cloud (lib/labs
 * `labsFitTogether`, passed in so this module stays free of the simulator and fit for the browser bundle).
 */
export interface LabDraw {
  pool: readonly PoolLab[];
  fitTogether(labIds: readonly string[]): boolean;
}

/**
 * One item of an attempt as drawn. A question item carries the exact version and the order its options (or
 * ordering items) are shown in; a lab item carries the lab and its exact version — the `kind` keeps the two
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
  | { kind: "lab"; position: number; sectionId: string; topic: string; points: number; labId: string; labVersionId: string };

export type DrawError = { code: "exam/pool-too-small"; sectionId: string; topic: string; wanted: number; found: number; kind?: "lab" };

/** A seed for each item's shuffle, derived from the attempt's seed so one number reproduces the whole attempt. */
const itemSeed = (seed: number, position: number) => (seed ^ Math.imul(position + 1, 0x9e3779b1)) >>> 0;

type Picked = { sectionId: string; points: number } & ({ kind: "question"; entry: PoolQuestion } | { kind: "lab"; entry: PoolLab });

const byId = <T>(id: (item: T) => string) => (a: T, b: T) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);

/**
 * Draws an attempt: each rule of each section picks `count` questions (or, for a lab rule, labs) at random from
 * those it matches and no earlier rule took; each section's weight is split evenly over its items. A lab is
 * only taken if it fits beside the labs already picked (they share one cloud); one that clashes is skipped for
 * the next candidate. With `shuffle`, the items of the whole exam are mixed (as tasks are in the real exam);
 * without, they stay in section order. Options are shuffled once here and the order is stored with the item,
 * so the attempt never changes on a re-render.
 */
export function drawAttempt(blueprint: Pick<Blueprint, "sections" | "shuffle">, pool: readonly PoolQuestion[], seed: number, labs?: LabDraw): Result<DrawnItem[], DrawError> {
  const random = seededRandom(seed);
  const taken = new Set<string>();
  const takenLabs: string[] = [];
  const picked: Picked[] = [];
  // Sorted by id first, so the draw depends on the seed and the pool's contents, never on the query's row order.
  const ordered = [...pool].sort(byId((entry) => entry.question.id));
  const orderedLabs = [...(labs?.pool ?? [])].sort(byId((entry) => entry.lab.id));
  for (const section of blueprint.sections) {
    const inSection: Picked[] = [];
    for (const rule of section.draw) {
      if (rule.kind === "lab") {
        const candidates = orderedLabs.filter((entry) => !takenLabs.includes(entry.lab.id) && matchesDrawRule(entry.lab, rule));
        let found = 0;
        for (const entry of shuffled(candidates, random)) {
          if (found === rule.count) break;
          if (!labs?.fitTogether([...takenLabs, entry.lab.id])) continue;
          takenLabs.push(entry.lab.id);
          inSection.push({ kind: "lab", sectionId: section.id, points: 0, entry });
          found++;
        }
        if (found < rule.count) return err({ code: "exam/pool-too-small", kind: "lab", sectionId: section.id, topic: rule.topic, wanted: rule.count, found });
        continue;
      }
      const candidates = ordered.filter((entry) => !taken.has(entry.question.id) && matchesDrawRule(entry.question, rule));
      if (candidates.length < rule.count) {
        return err({ code: "exam/pool-too-small", sectionId: section.id, topic: rule.topic, wanted: rule.count, found: candidates.length });
      }
      for (const entry of shuffled(candidates, random).slice(0, rule.count)) {
        taken.add(entry.question.id);
        inSection.push({ kind: "question", sectionId: section.id, points: 0, entry });
      }
    }
    const points = inSection.length ? section.weight / inSection.length : 0;
    for (const item of inSection) picked.push({ ...item, points });
  }
  const order = blueprint.shuffle ? shuffled(picked, random) : picked;
  return ok(
    order.map((item, position): DrawnItem => {
      const { sectionId, points } = item;
      if (item.kind === "lab") {
        return { kind: "lab", position, sectionId, topic: item.entry.lab.topic, points, labId: item.entry.lab.id, labVersionId: item.entry.versionId };
      }
      const entry = item.entry;
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
