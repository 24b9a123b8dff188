import type { Db } from "@/db/client";
import {
  insertContentImport,
  insertQuestionVersions,
  listBlueprintStates,
  listCardStates,
  listDeckStates,
  listNoteStates,
  listQuestionStates,
  retireBlueprintsById,
  retireCardsById,
  retireDecksById,
  retireNotesById,
  retireQuestionsById,
  upsertBlueprintsById,
  upsertCardsById,
  upsertDecksById,
  upsertNotesById,
  upsertQuestionsById,
  type DbOrTx,
  type ItemState,
  type NewBlueprint,
  type NewCard,
  type NewDeck,
  type NewNote,
  type NewQuestion,
  type NewQuestionVersion,
  type QuestionState,
} from "@/db/queries/content";
import { insertLabVersions, listLabStates, retireLabsById, upsertLabsById, type NewLab, type NewLabVersion } from "@/db/queries/labs";
import { systemClock, type Clock } from "@/lib/clock";
import { err, ok, type Result } from "@/lib/result";
import type { ContentDiagnostic } from "./diagnostics";
import { loadContent } from "./load";
import type { SourcedLab } from "./labs";
import type { ItemKind, ParsedContent, Sourced, SourcedBlueprint } from "./parse";
import type { Card, Deck, Note, Question } from "./schema";

export interface KindCounts {
  added: number;
  changed: number;
  retired: number;
  unchanged: number;
}

export interface ImportSummary {
  counts: Record<ItemKind, KindCounts>;
  /** False when the database already held exactly this content: nothing was written. */
  wrote: boolean;
  parseMs: number;
  writeMs: number;
}

export interface ImportProgress {
  /** What is being written, e.g. "questions". */
  label: string;
  done: number;
  total: number;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  clock?: Clock;
  /**
   * Record a rejected import (its diagnostics) in `content_imports`, for the author page. Off by default: a
   * rejected import from the command line leaves the database exactly as it was.
   */
  recordRejection?: boolean;
}

export const itemKinds: readonly ItemKind[] = ["note", "deck", "card", "question", "blueprint", "lab"];

/**
 * Parses the folder and, when it has no mistakes, brings the database in line with it in one transaction:
 * new items are added, edited ones rewritten (a question gets a new version), missing ones retired, and an
 * unchanged folder writes nothing at all. With any diagnostic, nothing is written and all are returned.
 */
export async function importContent(db: Db, dir: string, options: ImportOptions = {}): Promise<Result<ImportSummary, ContentDiagnostic[]>> {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const parseStart = performance.now();
  const content = await loadContent(dir);
  const parseMs = performance.now() - parseStart;
  if (content.diagnostics.length > 0) {
    if (options.recordRejection) {
      await insertContentImport(db, {
        status: "rejected",
        sourceDir: dir,
        counts: {},
        diagnostics: content.diagnostics,
        startedAt,
        finishedAt: clock.now(),
      });
    }
    return err(content.diagnostics);
  }
  const summary = await writeContent(db, content, dir, { ...options, clock, startedAt });
  return ok({ ...summary, parseMs });
}

/** The write half of `importContent`, for callers that parsed already (the benchmark times the halves apart). */
export async function writeContent(
  db: Db,
  content: ParsedContent,
  sourceDir: string,
  options: ImportOptions & { startedAt?: Date } = {},
): Promise<ImportSummary> {
  if (content.diagnostics.length > 0) throw new Error("writeContent called with content that has diagnostics");
  const clock = options.clock ?? systemClock;
  const startedAt = options.startedAt ?? clock.now();
  const writeStart = performance.now();
  const counts = await db.transaction(async (tx) => {
    const plan = planImport(content, await readStates(tx));
    const total = plan.writes;
    let done = 0;
    const progress = (label: string, rows: number) => {
      done += rows;
      if (rows > 0) options.onProgress?.({ label, done, total });
    };
    if (total === 0) return plan.counts;
    const now = clock.now();
    await applyPlan(tx, plan, now, progress);
    await insertContentImport(tx, { status: "imported", sourceDir, counts: plan.counts, diagnostics: [], startedAt, finishedAt: clock.now() });
    return plan.counts;
  });
  const wrote = Object.values(counts).some((count) => count.added + count.changed + count.retired > 0);
  return { counts, wrote, parseMs: 0, writeMs: performance.now() - writeStart };
}

export async function checkContentFolder(dir: string): Promise<ContentDiagnostic[]> {
  return (await loadContent(dir)).diagnostics;
}

// ---------------------------------------------------------------------------------------------------------------
// Planning: pure, from parsed content and what the database holds

interface StoredStates {
  note: ItemState[];
  deck: ItemState[];
  card: ItemState[];
  question: QuestionState[];
  blueprint: ItemState[];
  lab: QuestionState[];
}

async function readStates(db: DbOrTx): Promise<StoredStates> {
  return {
    note: await listNoteStates(db),
    deck: await listDeckStates(db),
    card: await listCardStates(db),
    question: await listQuestionStates(db),
    blueprint: await listBlueprintStates(db),
    lab: await listLabStates(db),
  };
}

export interface KindPlan<T> {
  /** New ids, or edits, or items coming back from retirement: rows to upsert. */
  upsert: T[];
  /**
   * For each upserted item, the version its row will point at, and whether that version is new (added or
   * edited) or already stored (an item back from retirement, or moved to another file, with the same content).
   */
  versions: Map<string, { version: number; created: boolean }>;
  retire: string[];
}

export interface ImportPlan {
  note: KindPlan<Sourced<Note>>;
  deck: KindPlan<Sourced<Deck>>;
  card: KindPlan<Sourced<Card>>;
  question: KindPlan<Sourced<Question>>;
  blueprint: KindPlan<SourcedBlueprint>;
  lab: KindPlan<SourcedLab>;
  counts: Record<ItemKind, KindCounts>;
  /** Rows to write in total, for progress. */
  writes: number;
}

function planKind<T extends { id: string; hash: string; source: { file: string } }>(
  items: readonly T[],
  stored: readonly (ItemState & { version?: number })[],
): { plan: KindPlan<T>; counts: KindCounts } {
  const byId = new Map(stored.map((state) => [state.id, state]));
  const plan: KindPlan<T> = { upsert: [], versions: new Map(), retire: [] };
  const counts: KindCounts = { added: 0, changed: 0, retired: 0, unchanged: 0 };
  const present = new Set<string>();
  for (const item of items) {
    present.add(item.id);
    const state = byId.get(item.id);
    if (!state) {
      counts.added++;
      plan.upsert.push(item);
      plan.versions.set(item.id, { version: 1, created: true });
      continue;
    }
    const edited = state.contentHash !== item.hash;
    if (edited || state.retiredAt !== null || state.sourceFile !== item.source.file) {
      counts.changed++;
      plan.upsert.push(item);
      const stored = state.version ?? 1;
      plan.versions.set(item.id, edited ? { version: stored + 1, created: true } : { version: stored, created: false });
    } else {
      counts.unchanged++;
    }
  }
  for (const state of stored) {
    if (!present.has(state.id) && state.retiredAt === null) {
      counts.retired++;
      plan.retire.push(state.id);
    }
  }
  return { plan, counts };
}

export function planImport(content: ParsedContent, stored: StoredStates): ImportPlan {
  const note = planKind(content.notes, stored.note);
  const deck = planKind(content.decks, stored.deck);
  const card = planKind(content.cards, stored.card);
  const question = planKind(content.questions, stored.question);
  const blueprint = planKind(content.blueprints, stored.blueprint);
  // Draft labs (lib/content/labs.ts) are checked but not published.
  const lab = planKind(content.labs.filter((item) => !item.draft), stored.lab);
  const plans = [note, deck, card, question, blueprint, lab];
  return {
    note: note.plan,
    deck: deck.plan,
    card: card.plan,
    question: question.plan,
    blueprint: blueprint.plan,
    lab: lab.plan,
    counts: { note: note.counts, deck: deck.counts, card: card.counts, question: question.counts, blueprint: blueprint.counts, lab: lab.counts },
    writes: plans.reduce((sum, { plan }) => sum + plan.upsert.length + plan.retire.length, 0),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

export function questionVersionId(questionId: string, version: number): string {
  return `${questionId}@${version}`;
}

async function applyPlan(tx: DbOrTx, plan: ImportPlan, now: Date, progress: (label: string, rows: number) => void): Promise<void> {
  // Order matters for foreign keys: cards point at notes and decks; questions point at their versions.
  await upsertNotesById(tx, plan.note.upsert.map(noteRow), now);
  await retireNotesById(tx, plan.note.retire, now);
  progress("notes", plan.note.upsert.length + plan.note.retire.length);

  await upsertDecksById(tx, plan.deck.upsert.map(deckRow), now);
  await retireDecksById(tx, plan.deck.retire, now);
  progress("decks", plan.deck.upsert.length + plan.deck.retire.length);

  await upsertCardsById(tx, plan.card.upsert.map(cardRow), now);
  await retireCardsById(tx, plan.card.retire, now);
  progress("cards", plan.card.upsert.length + plan.card.retire.length);

  // Questions in slices, so a terminal sees the bar move on a big bank.
  const slice = 1000;
  for (let i = 0; i < plan.question.upsert.length; i += slice) {
    const batch = plan.question.upsert.slice(i, i + slice);
    const versions: NewQuestionVersion[] = [];
    const rows: NewQuestion[] = [];
    for (const question of batch) {
      const version = plan.question.versions.get(question.id) ?? { version: 1, created: true };
      if (version.created) versions.push(questionVersionRow(question, version.version, now));
      rows.push(questionRow(question, version.version));
    }
    await insertQuestionVersions(tx, versions);
    await upsertQuestionsById(tx, rows, now);
    progress("questions", batch.length);
  }
  await retireQuestionsById(tx, plan.question.retire, now);
  progress("questions", plan.question.retire.length);

  await upsertBlueprintsById(tx, plan.blueprint.upsert.map(blueprintRow), now);
  await retireBlueprintsById(tx, plan.blueprint.retire, now);
  progress("blueprints", plan.blueprint.upsert.length + plan.blueprint.retire.length);

  // Labs, like questions: a new version first, then the lab row pointing at it.
  const labVersions: NewLabVersion[] = [];
  const labRows: NewLab[] = [];
  for (const lab of plan.lab.upsert) {
    const version = plan.lab.versions.get(lab.id) ?? { version: 1, created: true };
    if (version.created) labVersions.push(labVersionRow(lab, version.version, now));
    labRows.push(labRow(lab, version.version));
  }
  await insertLabVersions(tx, labVersions);
  await upsertLabsById(tx, labRows, now);
  await retireLabsById(tx, plan.lab.retire, now);
  progress("labs", plan.lab.upsert.length + plan.lab.retire.length);
}

function labVersionRow(lab: SourcedLab, version: number, now: Date): NewLabVersion {
  const { source: _source, hash: _hash, positions: _positions, ...body } = lab;
  return { id: questionVersionId(lab.id, version), labId: lab.id, version, body, contentHash: lab.hash, createdAt: now };
}

function labRow(lab: SourcedLab, version: number): NewLab {
  return {
    id: lab.id,
    currentVersionId: questionVersionId(lab.id, version),
    topic: lab.topic,
    difficulty: lab.difficulty,
    title: lab.title,
    points: lab.points,
    estimateMinutes: lab.estimateMinutes,
    tags: lab.tags,
    sourceFile: lab.source.file,
    contentHash: lab.hash,
  };
}

function noteRow(note: Sourced<Note>): NewNote {
  return {
    id: note.id,
    topic: note.topic,
    title: note.title,
    sortOrder: note.order,
    summary: note.summary,
    prerequisites: note.prerequisites,
    body: note.body,
    toc: note.toc,
    sourceFile: note.source.file,
    contentHash: note.hash,
  };
}

function deckRow(deck: Sourced<Deck>): NewDeck {
  return {
    id: deck.id,
    topic: deck.topic,
    title: deck.title,
    description: deck.description ?? null,
    sourceFile: deck.source.file,
    contentHash: deck.hash,
  };
}

function cardRow(card: Sourced<Card>): NewCard {
  return {
    id: card.id,
    topic: card.topic,
    tags: card.tags,
    front: card.front,
    back: card.back,
    noteId: card.owner.kind === "note" ? card.owner.noteId : null,
    deckId: card.owner.kind === "deck" ? card.owner.deckId : null,
    sourceFile: card.source.file,
    contentHash: card.hash,
  };
}

/** Everything the question says, without where it was written: the version's `body`. */
function questionBody(question: Sourced<Question>): Question {
  const { source: _source, hash: _hash, ...body } = question;
  return body as Question;
}

function questionVersionRow(question: Sourced<Question>, version: number, now: Date): NewQuestionVersion {
  return {
    id: questionVersionId(question.id, version),
    questionId: question.id,
    version,
    kind: question.kind,
    topic: question.topic,
    difficulty: question.difficulty,
    tags: question.tags,
    noteIds: question.noteIds,
    stem: question.stem,
    explanation: question.explanation,
    body: questionBody(question),
    contentHash: question.hash,
    createdAt: now,
  };
}

/** The question row, pointing at `version` (a new one, or the stored one when only retirement or file changed). */
function questionRow(question: Sourced<Question>, version: number): NewQuestion {
  return {
    id: question.id,
    currentVersionId: questionVersionId(question.id, version),
    kind: question.kind,
    topic: question.topic,
    difficulty: question.difficulty,
    tags: question.tags,
    noteIds: question.noteIds,
    sourceFile: question.source.file,
    contentHash: question.hash,
  };
}

function blueprintRow(blueprint: SourcedBlueprint): NewBlueprint {
  return {
    id: blueprint.id,
    title: blueprint.title,
    durationMinutes: blueprint.durationMinutes,
    passMark: blueprint.passMark,
    shuffle: blueprint.shuffle,
    sections: blueprint.sections,
    intro: blueprint.intro,
    sourceFile: blueprint.source.file,
    contentHash: blueprint.hash,
  };
}
