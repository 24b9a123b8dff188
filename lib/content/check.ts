import { backticks, compareDiagnostics, diagnostic, didYouMean, type ContentDiagnostic } from "./diagnostics";
import { verifyCommandQuestion } from "../exam/command-answer";
import { checkLabs } from "./labs";
import type { NoteReference, ParsedContent, SourcedBlueprint } from "./parse";
import type { DrawRule, Question } from "./schema";

/**
 * Rules that need the whole folder: ids unique across files, note references that resolve, prerequisites
 * without cycles, every question linked to a note, and blueprints the bank can actually fill.
 */
export function checkContent(content: ParsedContent): ContentDiagnostic[] {
  const diagnostics = [...checkDuplicateIds(content), ...checkNoteReferences(content), ...checkPrerequisiteCycles(content), ...checkQuestionNotes(content)];
  const playableLabs = content.labs.filter((lab) => !lab.draft);
  for (const blueprint of content.blueprints) diagnostics.push(...checkBlueprint(blueprint, content.questions, playableLabs));
  diagnostics.push(...checkLabs(content.labs), ...checkCommandQuestions(content));
  return diagnostics.sort(compareDiagnostics);
}

/** Command questions are played on the simulator like labs: see lib/exam/command-answer `verifyCommandQuestion`. */
function checkCommandQuestions(content: ParsedContent): ContentDiagnostic[] {
  return content.questions.flatMap((question) =>
    question.kind === "command" ? verifyCommandQuestion(question).map((problem) => diagnostic(question.source.file, question.source, "content/command-answer", `${problem} (question \`${question.id}\`)`)) : [],
  );
}

function checkDuplicateIds(content: ParsedContent): ContentDiagnostic[] {
  const byId = new Map<string, ParsedContent["declaredIds"]>();
  for (const declared of content.declaredIds) {
    const list = byId.get(declared.id) ?? [];
    list.push(declared);
    byId.set(declared.id, list);
  }
  const diagnostics: ContentDiagnostic[] = [];
  for (const [id, list] of byId) {
    if (list.length < 2) continue;
    const sorted = [...list].sort((a, b) => compareDiagnostics({ ...a.source, ruleId: "content/duplicate-id", message: "" }, { ...b.source, ruleId: "content/duplicate-id", message: "" }));
    const [first, ...rest] = sorted;
    if (!first) continue;
    for (const copy of rest) {
      diagnostics.push(
        diagnostic(
          copy.source.file,
          copy.source,
          "content/duplicate-id",
          `Unexpected duplicate id \`${id}\`: the ${first.kind} at ${first.source.file}:${first.source.line} already uses it; give this ${copy.kind} a new id`,
        ),
      );
    }
  }
  return diagnostics;
}

function knownNoteIds(content: ParsedContent): Set<string> {
  return new Set(content.declaredIds.filter((declared) => declared.kind === "note").map((declared) => declared.id));
}

function checkNoteReferences(content: ParsedContent): ContentDiagnostic[] {
  const notes = knownNoteIds(content);
  const diagnostics: ContentDiagnostic[] = [];
  for (const reference of content.noteReferences) {
    if (notes.has(reference.target)) continue;
    diagnostics.push(diagnostic(reference.source.file, reference.source, "content/missing-note", missingNoteMessage(reference, notes)));
  }
  return diagnostics;
}

function missingNoteMessage(reference: NoteReference, notes: Set<string>): string {
  const hint = didYouMean(reference.target, notes);
  switch (reference.via) {
    case "link":
      return `Expected the link target \`note:${reference.target}\` to be the id of a note${hint}; no note has that id`;
    case "notes":
      return `Expected \`notes=\` to list ids of notes, but no note has id \`${reference.target}\`${hint}`;
    case "prerequisite":
      return `Expected prerequisite \`${reference.target}\` to be the id of a note${hint}; no note has that id`;
  }
}

/** Tarjan's strongly connected components: each component with more than one note, or a self-loop, is a cycle. */
function checkPrerequisiteCycles(content: ParsedContent): ContentDiagnostic[] {
  const edges = new Map<string, string[]>();
  for (const note of content.notes) edges.set(note.id, note.prerequisites.filter((id) => id !== undefined));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const connect = (id: string) => {
    index.set(id, counter);
    low.set(id, counter);
    counter++;
    stack.push(id);
    onStack.add(id);
    for (const next of edges.get(id) ?? []) {
      if (!edges.has(next)) continue;
      if (!index.has(next)) {
        connect(next);
        low.set(id, Math.min(low.get(id) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(id, Math.min(low.get(id) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      components.push(component);
    }
  };
  for (const id of [...edges.keys()].sort()) if (!index.has(id)) connect(id);

  const diagnostics: ContentDiagnostic[] = [];
  for (const component of components) {
    const members = new Set(component);
    const start = [...component].sort()[0];
    if (start === undefined) continue;
    const selfLoop = (edges.get(start) ?? []).includes(start);
    if (component.length < 2 && !selfLoop) continue;
    const path = cycleFrom(start, members, edges);
    const next = path[1] ?? start;
    const reference = content.noteReferences.find((ref) => ref.via === "prerequisite" && ref.fromNote === start && ref.target === next);
    const note = content.notes.find((candidate) => candidate.id === start);
    const source = reference?.source ?? note?.source;
    if (!source) continue;
    diagnostics.push(
      diagnostic(
        source.file,
        source,
        "content/prerequisite-cycle",
        `Unexpected prerequisite cycle ${path.map((id) => `\`${id}\``).join(" → ")}; a note cannot require itself, so remove one of these prerequisites`,
      ),
    );
  }
  return diagnostics;
}

function cycleFrom(start: string, members: Set<string>, edges: Map<string, string[]>): string[] {
  const path = [start];
  const seen = new Set([start]);
  const walk = (id: string): boolean => {
    for (const next of edges.get(id) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        path.push(start);
        return true;
      }
      if (seen.has(next)) continue;
      seen.add(next);
      path.push(next);
      if (walk(next)) return true;
      path.pop();
    }
    return false;
  };
  walk(start);
  return path;
}

const NOTE_SUGGESTIONS = 3;

function checkQuestionNotes(content: ParsedContent): ContentDiagnostic[] {
  const notesByTopic = new Map<string, string[]>();
  for (const note of [...content.notes].sort((a, b) => a.order - b.order)) {
    notesByTopic.set(note.topic, [...(notesByTopic.get(note.topic) ?? []), note.id]);
  }
  const diagnostics: ContentDiagnostic[] = [];
  for (const question of content.questions) {
    const candidates = notesByTopic.get(question.topic);
    if (question.noteIds.length > 0 || !candidates) continue;
    diagnostics.push(
      diagnostic(
        question.source.file,
        question.source,
        "content/missing-notes-attribute",
        `Expected a \`notes\` attribute on question \`${question.id}\` naming the note(s) that teach it; topic \`${question.topic}\` has ${backticks(candidates.slice(0, NOTE_SUGGESTIONS))}`,
      ),
    );
  }
  return diagnostics;
}

export function matchesDrawRule(question: Pick<Question, "topic" | "difficulty" | "tags">, rule: DrawRule): boolean {
  if (question.topic !== rule.topic) return false;
  if (rule.difficulty && !rule.difficulty.includes(question.difficulty)) return false;
  if (rule.tags && !rule.tags.every((tag) => question.tags.includes(tag))) return false;
  return true;
}

/**
 * A rule can be filled however earlier rules happened to draw when the items it matches, minus the most
 * that earlier rules could take from them, are at least its count. This is the guarantee a random draw needs;
 * a merely possible draw (a matching) would let an unlucky exam come up short. Question rules draw from the
 * bank, lab rules from the labs that are not drafts; the two never compete.
 */
function checkBlueprint(blueprint: SourcedBlueprint, questions: readonly Question[], labs: readonly Pick<Question, "id" | "topic" | "difficulty" | "tags">[]): ContentDiagnostic[] {
  const diagnostics: ContentDiagnostic[] = [];
  const earlier: { rule: DrawRule; matches: Set<string> }[] = [];
  blueprint.sections.forEach((section, sectionIndex) => {
    section.draw.forEach((rule, ruleIndex) => {
      const pool = rule.kind === "lab" ? labs : questions;
      const matches = new Set(pool.filter((item) => matchesDrawRule(item, rule)).map((item) => item.id));
      let claimable = 0;
      for (const previous of earlier) {
        if ((previous.rule.kind === "lab") !== (rule.kind === "lab")) continue;
        let overlap = 0;
        for (const id of previous.matches) if (matches.has(id)) overlap++;
        claimable += Math.min(previous.rule.count, overlap);
      }
      const available = matches.size - claimable;
      if (available < rule.count) {
        const position = blueprint.positions.rules[sectionIndex]?.[ruleIndex] ?? blueprint.positions.sections;
        const earlierNote = claimable > 0 ? ` (${matches.size} match, but earlier rules may draw ${claimable} of them)` : ` (${matches.size} match)`;
        const noun = rule.kind === "lab" ? (rule.count === 1 ? "lab" : "labs") : rule.count === 1 ? "question" : "questions";
        const remedy = rule.kind === "lab" ? "lower `labs` or write more labs (drafts do not count)" : "lower `count` or write more questions";
        diagnostics.push(
          diagnostic(
            blueprint.source.file,
            position,
            rule.kind === "lab" ? "content/blueprint-not-enough-labs" : "content/blueprint-not-enough-questions",
            `Expected at least ${rule.count} ${noun} for this draw rule in section \`${section.id}\`, ${describeRule(rule)}, but only ${Math.max(available, 0)} can be drawn${earlierNote}; ${remedy}`,
          ),
        );
      }
      earlier.push({ rule, matches });
    });
  });
  return diagnostics;
}

function describeRule(rule: DrawRule): string {
  const parts = [`topic \`${rule.topic}\``];
  if (rule.difficulty) parts.push(`difficulty ${backticks(rule.difficulty)}`);
  if (rule.tags) parts.push(`tags ${backticks(rule.tags)}`);
  return parts.join(", ");
}
