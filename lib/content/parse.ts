import type { BlockContent, List, ListItem, Root, RootContent } from "mdast";
import type { z } from "zod";
import { backticks, diagnostic, type ContentDiagnostic, type ContentRuleId, type Position } from "./diagnostics";
import { readFrontMatter } from "./front-matter";
import { contentHash } from "./hash";
import { allowedKeysAt, formatPath, issueMessage, type IssuePath } from "./issues";
import { parseLabFile, readChecks, type SourcedLab } from "./labs";
import { splitCommands } from "../labs/runtime";
import { NOTE_LINK_PREFIX, tableOfContents } from "./render";
import {
  answersAttributesSchema,
  bankFrontMatterSchema,
  blueprintFrontMatterSchema,
  cardAttributesSchema,
  deckFrontMatterSchema,
  emptyAttributesSchema,
  noteFrontMatterSchema,
  questionAttributesSchema,
  type Blueprint,
  type Card,
  type ChoiceOption,
  type Deck,
  type Note,
  type Question,
  type ShortAnswer,
} from "./schema";
import { parseMarkdown, plainText, toMarkdown } from "./syntax";
import type { TopicId } from "./topics";

// ---------------------------------------------------------------------------------------------------------------
// Output

export interface SourceRef {
  file: string;
  line: number;
  column: number;
}

/** A record plus where it was written and a hash of its content (not of its position, so moving it is no edit). */
export type Sourced<T> = T & { source: SourceRef; hash: string };

export type ItemKind = "note" | "question" | "card" | "deck" | "blueprint" | "lab";

export interface NoteReference {
  target: string;
  via: "link" | "notes" | "prerequisite";
  source: SourceRef;
  /** The note whose prerequisites these are, for cycle detection. */
  fromNote?: string;
}

export interface SourcedBlueprint extends Sourced<Blueprint> {
  /** Where each section's `weight` list starts, and where each draw rule is written, for cross-file messages. */
  positions: { sections: Position; rules: Position[][] };
}

export interface ParsedContent {
  notes: Sourced<Note>[];
  questions: Sourced<Question>[];
  cards: Sourced<Card>[];
  decks: Sourced<Deck>[];
  blueprints: SourcedBlueprint[];
  labs: SourcedLab[];
  /** Every id an author declared, even on items with errors, so duplicates are reported once per copy. */
  declaredIds: { id: string; kind: ItemKind; source: SourceRef }[];
  noteReferences: NoteReference[];
  diagnostics: ContentDiagnostic[];
}

export function emptyParsedContent(): ParsedContent {
  return { notes: [], questions: [], cards: [], decks: [], blueprints: [], labs: [], declaredIds: [], noteReferences: [], diagnostics: [] };
}

export type FileKind = "note" | "bank" | "deck" | "blueprint" | "lab";

/** The folder under `content/` decides what a file is; anything deeper is only for people. */
export const folderKinds: Record<string, FileKind> = {
  notes: "note",
  questions: "bank",
  flashcards: "deck",
  blueprints: "blueprint",
  labs: "lab",
};

export function fileKindOf(file: string): FileKind | undefined {
  const folder = file.split("/")[0] ?? "";
  return folderKinds[folder];
}

/** Parses one file of a known kind. Never throws on author error: mistakes come back as diagnostics. */
export function parseContentFile(file: string, source: string, kind: FileKind): ParsedContent {
  const context = new FileContext(file, source);
  switch (kind) {
    case "note":
      parseNote(context);
      break;
    case "bank":
      parseBank(context);
      break;
    case "deck":
      parseDeck(context);
      break;
    case "blueprint":
      parseBlueprint(context);
      break;
    case "lab": {
      const parsed = parseLabFile(file, source);
      context.out.labs.push(...parsed.labs);
      context.out.diagnostics.push(...parsed.diagnostics);
      for (const declared of parsed.declared) context.declare(declared.id, "lab", declared);
      break;
    }
  }
  return context.out;
}

// ---------------------------------------------------------------------------------------------------------------
// Shared machinery

type AnyNode = RootContent | Root;
type Directive = Extract<RootContent, { type: "containerDirective" | "leafDirective" | "textDirective" }>;
type ContainerDirective = Extract<RootContent, { type: "containerDirective" }>;

class FileContext {
  readonly tree: Root;
  readonly out = emptyParsedContent();
  private readonly lines: string[];

  constructor(
    readonly file: string,
    readonly source: string,
  ) {
    this.tree = parseMarkdown(source);
    this.lines = source.split("\n");
  }

  at(node: { position?: Root["position"] } | undefined): Position {
    const start = node?.position?.start;
    return start ? { line: start.line, column: start.column } : { line: 1, column: 1 };
  }

  ref(position: Position): SourceRef {
    return { file: this.file, line: position.line, column: position.column };
  }

  report(at: Position, ruleId: ContentRuleId, message: string): void {
    this.out.diagnostics.push(diagnostic(this.file, at, ruleId, message));
  }

  /** The directive's opening fence as the author wrote it, e.g. `::::question`. */
  fence(node: Directive): string {
    const line = this.lines[(node.position?.start.line ?? 1) - 1] ?? "";
    const colons = /^\s*(:+)/.exec(line)?.[1] ?? ":::";
    return `${colons}${node.name}`;
  }

  /** Where `key=` (or `#` for the id) is written on the directive's first line. */
  attributeAt(node: Directive, key: string): Position {
    const start = this.at(node);
    const line = this.lines[start.line - 1] ?? "";
    const pattern = key === "id" ? /#/ : key === "." ? /[\s{]\./ : new RegExp(`[\\s{]${key.replace(/[^\w-]/g, "")}=`);
    const match = pattern.exec(line.slice(start.column - 1));
    if (!match) return start;
    const offset = key === "id" ? match.index : match.index + 1;
    return { line: start.line, column: start.column + offset };
  }

  /**
   * Validates directive attributes against a strict zod schema. Returns the parsed attributes, or undefined
   * after reporting every problem.
   */
  attributes<S extends z.ZodType>(node: Directive, schema: S, ruleFor: (key: string) => ContentRuleId = () => "content/invalid-attribute"): z.output<S> | undefined {
    const raw = { ...(node.attributes ?? {}) } as Record<string, unknown>;
    const parsed = schema.safeParse(raw, { reportInput: true });
    if (parsed.success) return parsed.data;
    const fence = this.fence(node);
    for (const issue of parsed.error.issues) {
      if (issue.code === "unrecognized_keys") {
        const allowed = allowedKeysAt(schema, []);
        for (const key of issue.keys) {
          const written = key === "class" ? "`.class`" : `attribute \`${key}\``;
          const allowedText = allowed.length === 0 ? "it takes no attributes" : `allowed: ${backticks(allowed.map((name) => (name === "id" ? "#id" : name)))}`;
          this.report(this.attributeAt(node, key === "class" ? "." : key), "content/unknown-attribute", `Unexpected ${written} on \`${fence}\`; ${allowedText}`);
        }
        continue;
      }
      const key = String(issue.path[0] ?? "");
      const missing = issue.code === "invalid_type" && (issue as { input?: unknown }).input === undefined;
      if (missing && key === "id") {
        this.report(this.at(node), "content/missing-id", `Expected an id on \`${fence}\`; write \`${fence}{#a-stable-id …}\` with an id no other item uses`);
        continue;
      }
      const message = issueMessage(issue, {
        fieldName: (path: IssuePath) => `attribute \`${formatPath(path) === "id" ? "#id" : formatPath(path)}\` on \`${fence}\``,
        example: (name: string) => `${name}=…`,
      });
      this.report(missing ? this.at(node) : this.attributeAt(node, key), ruleFor(key), message);
    }
    return undefined;
  }

  /**
   * The Markdown of blocks exactly as the author wrote them. Only for blocks that sit unindented in the file
   * (children of a top-level `::::question`, `:::explanation` or `:::card`); anything inside a list item or a
   * blockquote carries the container's indentation and goes through `toMarkdown` instead.
   */
  markdownOf(nodes: readonly RootContent[]): string {
    return nodes
      .map((node) => {
        const start = node.position?.start.offset;
        const end = node.position?.end.offset;
        return start !== undefined && end !== undefined ? this.source.slice(start, end) : toMarkdown([node]);
      })
      .join("\n\n")
      .trim();
  }

  declare(id: unknown, kind: ItemKind, at: Position): void {
    if (typeof id === "string" && id) this.out.declaredIds.push({ id, kind, source: this.ref(at) });
  }
}

function isDirective(node: RootContent): node is Directive {
  return node.type === "containerDirective" || node.type === "leafDirective" || node.type === "textDirective";
}

function childrenOf(node: AnyNode): RootContent[] {
  return "children" in node ? (node.children as RootContent[]) : [];
}

/** A paragraph that is only colons: a closing fence left over when a container was closed early. */
function isStrayFence(node: RootContent): boolean {
  return node.type === "paragraph" && /^:{3,}\s*$/.test(plainText(node));
}

const blockNames: Partial<Record<RootContent["type"], string>> = {
  paragraph: "paragraph",
  list: "list",
  code: "code block",
  blockquote: "blockquote",
  heading: "heading",
  table: "table",
  thematicBreak: "horizontal rule",
};

function describeBlock(node: RootContent): string {
  if (node.type === "list") return node.ordered ? "numbered list" : "list";
  return blockNames[node.type] ?? node.type;
}

/**
 * Checks every node under `root` for what no content may contain anywhere: raw HTML (the renderer drops it),
 * stray closing fences, and directives not allowed at that place. Collects `note:` links on the way.
 */
function scan(context: FileContext, root: AnyNode, allowedDirectives: readonly string[], where: string): void {
  for (const node of childrenOf(root)) {
    if (node.type === "html") {
      const snippet = node.value.trim().split("\n")[0]?.slice(0, 40) ?? "";
      context.report(
        context.at(node),
        "content/unexpected-block",
        `Unexpected raw HTML \`${snippet}\`; it is not shown to learners. Write Markdown, put code in backticks, or escape \`<\` as \`\\<\``,
      );
      continue;
    }
    if (isStrayFence(node)) {
      context.report(
        context.at(node),
        "content/stray-fence",
        `Unexpected \`${plainText(node).trim()}\` with no open block to close; a block that contains another needs more colons than the one inside (\`::::question\` around \`:::explanation\`)`,
      );
      continue;
    }
    if ((node.type === "link" || node.type === "definition") && node.url.startsWith(NOTE_LINK_PREFIX)) {
      context.out.noteReferences.push({ target: node.url.slice(NOTE_LINK_PREFIX.length), via: "link", source: context.ref(context.at(node)) });
    }
    if (isDirective(node) && node.type !== "textDirective" && !allowedDirectives.includes(node.name)) {
      const allowed = allowedDirectives.length === 0 ? "no blocks are allowed there" : `${where} allows ${backticks(allowedDirectives.map((name) => `:::${name}`))}`;
      context.report(context.at(node), "content/unknown-directive", `Unexpected \`${context.fence(node)}\`; ${allowed}`);
      continue;
    }
    if (isDirective(node)) continue;
    scan(context, node, allowedDirectives, where);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Concept notes

function parseNote(context: FileContext): void {
  const frontMatter = readFrontMatter(context.file, context.tree, noteFrontMatterSchema, "`id`, `title`, `topic`, `order`, `summary`");
  context.out.diagnostics.push(...frontMatter.diagnostics);
  const data = frontMatter.data;
  context.declare(frontMatter.raw?.id, "note", frontMatter.locate(["id"]));

  const body = bodyAfterFrontMatter(context);
  const cards: Sourced<Card>[] = [];
  walkNoteBlocks(context, context.tree, (node) => {
    if (node.name === "card") {
      const card = parseCard(context, node, data ? { topic: data.topic, owner: { kind: "note", noteId: data.id } } : undefined);
      if (card) cards.push(card);
    } else if (node.name === "changed") {
      scan(context, node, [], "`:::changed`");
      if (node.children.length === 0) context.report(context.at(node), "content/empty-block", "Expected text inside `:::changed`; say what the older guides teach and what to do today");
    }
  });

  if (!data) return;
  for (const [index, prerequisite] of data.prerequisites.entries()) {
    context.out.noteReferences.push({
      target: prerequisite,
      via: "prerequisite",
      fromNote: data.id,
      source: context.ref(frontMatter.locate(["prerequisites", index])),
    });
  }
  const record: Note = {
    id: data.id,
    title: data.title,
    topic: data.topic,
    order: data.order,
    prerequisites: data.prerequisites,
    summary: data.summary,
    body,
    toc: tableOfContents(context.tree),
  };
  context.out.notes.push({ ...record, source: context.ref(frontMatter.locate(["id"])), hash: contentHash(record) });
  context.out.cards.push(...cards);
}

/** Visits the note's `:::card` and `:::changed` blocks and reports every other problem in the body. */
function walkNoteBlocks(context: FileContext, root: AnyNode, onBlock: (node: ContainerDirective) => void): void {
  for (const node of childrenOf(root)) {
    if (node.type === "containerDirective" && (node.name === "card" || node.name === "changed")) {
      onBlock(node);
      continue;
    }
    if (node.type === "yaml") continue;
    scan(context, { type: "root", children: [node] }, ["card", "changed"], "a note");
  }
}

function bodyAfterFrontMatter(context: FileContext): string {
  const first = context.tree.children[0];
  const offset = first?.type === "yaml" ? (first.position?.end.offset ?? 0) : 0;
  return context.source.slice(offset).replace(/^\s*\n/, "").trimEnd() + "\n";
}

// ---------------------------------------------------------------------------------------------------------------
// Flashcards (in notes and in decks)

function parseCard(
  context: FileContext,
  node: ContainerDirective,
  owner: { topic: TopicId; owner: Card["owner"] } | undefined,
): Sourced<Card> | undefined {
  const attributes = context.attributes(node, cardAttributesSchema);
  context.declare(node.attributes?.id, "card", context.at(node));
  scan(context, node, [], "a card");
  const [front, ...back] = node.children.filter((child) => !isStrayFence(child));
  const label = typeof node.attributes?.id === "string" ? ` \`${node.attributes.id}\`` : "";
  if (!front) {
    context.report(context.at(node), "content/missing-card-front", `Expected a front and a back in card${label}: a first paragraph (the question), a blank line, then the answer`);
    return undefined;
  }
  if (back.length === 0) {
    context.report(
      context.at(node),
      "content/missing-card-back",
      `Expected a back after the front of card${label}; leave a blank line after the first paragraph, then write the answer`,
    );
    return undefined;
  }
  if (!attributes || !owner) return undefined;
  const record: Card = {
    id: attributes.id,
    topic: owner.topic,
    tags: attributes.tags ?? [],
    front: context.markdownOf([front]),
    back: context.markdownOf(back),
    owner: owner.owner,
  };
  return { ...record, source: context.ref(context.at(node)), hash: contentHash(record) };
}

// ---------------------------------------------------------------------------------------------------------------
// Decks

function parseDeck(context: FileContext): void {
  const frontMatter = readFrontMatter(context.file, context.tree, deckFrontMatterSchema, "`id`, `title`, `topic`");
  context.out.diagnostics.push(...frontMatter.diagnostics);
  const data = frontMatter.data;
  context.declare(frontMatter.raw?.id, "deck", frontMatter.locate(["id"]));
  const cards: Sourced<Card>[] = [];
  let cardBlocks = 0;
  for (const node of context.tree.children) {
    if (node.type === "containerDirective" && node.name === "card") {
      cardBlocks++;
      const card = parseCard(context, node, data ? { topic: data.topic, owner: { kind: "deck", deckId: data.id } } : undefined);
      if (card) cards.push(card);
      continue;
    }
    if (node.type === "yaml") continue;
    scan(context, { type: "root", children: [node] }, ["card"], "a deck");
  }
  if (cardBlocks === 0) {
    context.report(frontMatter.locate([]), "content/empty-deck", "Expected at least one `:::card{#id}` in the deck; write the front, a blank line, the back, then `:::`");
  }
  if (!data) return;
  const record: Deck = {
    id: data.id,
    title: data.title,
    topic: data.topic,
    ...(data.description ? { description: data.description } : {}),
    cardIds: cards.map((card) => card.id),
  };
  context.out.decks.push({ ...record, source: context.ref(frontMatter.locate(["id"])), hash: contentHash(record) });
  context.out.cards.push(...cards);
}

// ---------------------------------------------------------------------------------------------------------------
// Blueprints

function parseBlueprint(context: FileContext): void {
  const frontMatter = readFrontMatter(context.file, context.tree, blueprintFrontMatterSchema, "`id`, `title`, `duration`, `passMark`, `sections`");
  context.out.diagnostics.push(...frontMatter.diagnostics);
  for (const node of context.tree.children) {
    if (node.type !== "yaml") scan(context, { type: "root", children: [node] }, [], "a blueprint");
  }
  const data = frontMatter.data;
  context.declare(frontMatter.raw?.id, "blueprint", frontMatter.locate(["id"]));
  if (!data) return;

  const totalWeight = data.sections.reduce((sum, section) => sum + section.weight, 0);
  if (Math.abs(totalWeight - 100) > 1e-9) {
    const weights = data.sections.map((section) => String(section.weight)).join(" + ");
    context.report(
      frontMatter.locate(["sections"]),
      "content/blueprint-weights",
      `Expected the section weights to add up to 100, found ${weights} = ${String(totalWeight)}; adjust \`weight\` in the sections`,
    );
  }
  const seen = new Set<string>();
  data.sections.forEach((section, index) => {
    if (seen.has(section.id)) {
      context.report(frontMatter.locate(["sections", index, "id"]), "content/duplicate-id", `Unexpected second section \`${section.id}\` in this blueprint; give each section its own \`id\``);
    }
    seen.add(section.id);
  });

  const record: Blueprint = {
    id: data.id,
    title: data.title,
    durationMinutes: data.duration,
    passMark: data.passMark,
    shuffle: data.shuffle,
    sections: data.sections.map((section) => ({
      id: section.id,
      title: section.title,
      weight: section.weight,
      draw: section.draw.map((rule) => ({
        kind: "count" in rule ? ("question" as const) : ("lab" as const),
        count: "count" in rule ? rule.count : rule.labs,
        topic: rule.topic,
        ...(rule.difficulty && rule.difficulty.length > 0 ? { difficulty: rule.difficulty } : {}),
        ...(rule.tags && rule.tags.length > 0 ? { tags: rule.tags } : {}),
      })),
    })),
    intro: bodyAfterFrontMatter(context).trim(),
  };
  context.out.blueprints.push({
    ...record,
    source: context.ref(frontMatter.locate(["id"])),
    hash: contentHash(record),
    positions: {
      sections: frontMatter.locate(["sections"]),
      rules: data.sections.map((section, i) => section.draw.map((_, j) => frontMatter.locate(["sections", i, "draw", j]))),
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Question banks

interface BankDefaults {
  topic: TopicId;
  tags: string[];
  difficulty?: Question["difficulty"];
}

function parseBank(context: FileContext): void {
  const frontMatter = readFrontMatter(context.file, context.tree, bankFrontMatterSchema, "`topic` (and optionally `tags`, `difficulty`)");
  context.out.diagnostics.push(...frontMatter.diagnostics);
  const defaults = frontMatter.data;
  let questionBlocks = 0;
  for (const node of context.tree.children) {
    if (node.type === "containerDirective" && node.name === "question") {
      questionBlocks++;
      parseQuestion(context, node, defaults);
      continue;
    }
    if (node.type === "yaml") continue;
    scan(context, { type: "root", children: [node] }, ["question"], "a question bank");
  }
  if (questionBlocks === 0) {
    context.report(frontMatter.locate([]), "content/empty-block", "Expected at least one `::::question{#id kind=…}` in the bank");
  }
}

const kindRule = (key: string): ContentRuleId =>
  key === "kind" ? "content/bad-kind" : key === "difficulty" ? "content/bad-difficulty" : key === "topic" ? "content/unknown-topic" : "content/invalid-attribute";

function parseQuestion(context: FileContext, node: ContainerDirective, defaults: BankDefaults | undefined): void {
  const fence = context.fence(node);
  const start = context.at(node);
  context.declare(node.attributes?.id, "question", start);
  const attributes = context.attributes(node, questionAttributesSchema, kindRule);
  const id = typeof node.attributes?.id === "string" ? node.attributes.id : "";
  const name = id ? `question \`${id}\`` : `\`${fence}\``;
  const errorsBefore = context.out.diagnostics.length;

  // Blocks are sorted into the stem, the answer part (by kind), and the explanation.
  const explanations: ContainerDirective[] = [];
  const answerBlocks: ContainerDirective[] = [];
  // `:::setup` and `:::checks` belong to state-changing command questions (see the `command` case below).
  const cloudBlocks: ContainerDirective[] = [];
  const blocks: RootContent[] = [];
  for (const child of node.children) {
    if (child.type === "containerDirective" && child.name === "explanation") explanations.push(child);
    else if (child.type === "containerDirective" && child.name === "answers") answerBlocks.push(child);
    else if (child.type === "containerDirective" && (child.name === "setup" || child.name === "checks")) cloudBlocks.push(child);
    else if (child.type === "containerDirective" || child.type === "leafDirective") {
      context.report(context.at(child), "content/unknown-directive", `Unexpected \`${context.fence(child)}\` in ${name}; a question holds its stem, its answer and one \`:::explanation\``);
    } else {
      scan(context, { type: "root", children: [child] }, [], "a question");
      if (!isStrayFence(child) && child.type !== "html") blocks.push(child);
    }
  }

  let explanation = "";
  if (explanations.length === 0) {
    context.report(start, "content/missing-explanation", `Expected a \`:::explanation\` block in ${name}; explain why the answer is right (learners read it after answering)`);
  } else {
    for (const extra of explanations.slice(1)) {
      context.report(context.at(extra), "content/duplicate-explanation", `Unexpected second \`:::explanation\` in ${name}; merge them into one`);
    }
    const first = explanations[0] as ContainerDirective;
    context.attributes(first, emptyAttributesSchema);
    scan(context, first, [], "`:::explanation`");
    explanation = context.markdownOf(first.children.filter((child) => !isStrayFence(child)));
    if (!explanation) context.report(context.at(first), "content/empty-block", `Expected text inside the \`:::explanation\` of ${name}`);
  }

  const kind = attributes?.kind ?? (typeof node.attributes?.kind === "string" ? node.attributes.kind : undefined);
  if (node.attributes?.answer !== undefined && kind !== undefined && kind !== "truefalse") {
    context.report(context.attributeAt(node, "answer"), "content/unknown-attribute", `Unexpected attribute \`answer\` on a \`${kind}\` question; only \`kind=truefalse\` takes \`answer=\``);
  }
  if (kind !== "short" && kind !== "command") {
    for (const block of answerBlocks) {
      context.report(context.at(block), "content/unknown-directive", `Unexpected \`:::answers\` in a \`${kind ?? "?"}\` question; only \`kind=short\` takes accepted answers`);
    }
  }
  if (kind !== "command") {
    for (const block of cloudBlocks) {
      context.report(context.at(block), "content/unknown-directive", `Unexpected \`:::${block.name}\` in a \`${kind ?? "?"}\` question; only \`kind=command\` questions run on a cloud`);
    }
  }

  let answerPart: AnswerPart | undefined;
  let stemBlocks = blocks;
  switch (kind) {
    case "single":
    case "multiple": {
      const result = parseChoices(context, blocks, kind, name, node);
      answerPart = result.part;
      stemBlocks = result.stem;
      break;
    }
    case "ordering": {
      const result = parseOrdering(context, blocks, name, node);
      answerPart = result.part;
      stemBlocks = result.stem;
      break;
    }
    case "short":
      answerPart = parseShortAnswers(context, answerBlocks, name, node);
      break;
    case "command": {
      // Accepted commands, written like short answers; lib/exam/command-answer compares by the CLI's grammar.
      const short = parseShortAnswers(context, answerBlocks, name, node);
      if (short?.kind === "short") {
        const regex = short.answers.find((answer) => answer.regex);
        if (regex) context.report(context.at(node), "content/command-answer", `Unexpected regular expression \`/${regex.value}/\` in the \`command\` ${name}; write the accepted commands in full`);
        else answerPart = { kind: "command", answers: short.answers.map((answer) => answer.value), ...parseCommandCloud(context, cloudBlocks, name) };
      }
      break;
    }
    case "truefalse":
      for (const block of blocks) {
        if (block.type === "list" && block.children.some((item) => item.checked !== null && item.checked !== undefined)) {
          context.report(context.at(block), "content/unexpected-block", `Unexpected option list in the \`truefalse\` ${name}; write the statement as the stem and set \`answer=true\` or \`answer=false\``);
        }
      }
      if (node.attributes?.answer === undefined) {
        context.report(start, "content/missing-answer", `Expected \`answer=true\` or \`answer=false\` on the \`truefalse\` ${name}`);
      } else if (attributes?.answer) {
        answerPart = { kind: "truefalse", answer: attributes.answer === "true" };
      }
      break;
    default:
      break;
  }

  const stem = context.markdownOf(stemBlocks);
  if (!stem) context.report(start, "content/missing-stem", `Expected a stem in ${name}: the question itself, as the first paragraph inside \`${fence}\``);

  const difficulty = attributes?.difficulty ?? defaults?.difficulty;
  if (attributes && !difficulty) {
    context.report(start, "content/bad-difficulty", `Expected \`difficulty=easy\`, \`medium\` or \`hard\` on ${name} (or a \`difficulty\` default in the bank's front matter)`);
  }
  if (!attributes || !defaults || !difficulty || !answerPart || context.out.diagnostics.length > errorsBefore) return;

  const topic = attributes.topic ?? defaults.topic;
  const noteIds = attributes.notes ?? [];
  for (const target of noteIds) {
    context.out.noteReferences.push({ target, via: "notes", source: context.ref(context.attributeAt(node, "notes")) });
  }
  const record = {
    id: attributes.id,
    topic,
    difficulty,
    tags: [...new Set([...defaults.tags, ...(attributes.tags ?? [])])],
    noteIds,
    stem,
    explanation,
    ...answerPart,
  } as Question;
  context.out.questions.push({ ...record, source: context.ref(start), hash: contentHash(record) } as Sourced<Question>);
}

/**
 * A state-changing command question's `:::setup` (commands run as admin on a fresh cloud before the learner's
 * command) and `:::checks` (YAML in the lib/checker language, judged after it). Each at most once, each holding
 * one fenced code block; check issues point at their YAML line.
 */
function parseCommandCloud(context: FileContext, cloudBlocks: readonly ContainerDirective[], name: string): { setup: string[]; checks: Record<string, unknown>[] } {
  const out: { setup: string[]; checks: Record<string, unknown>[] } = { setup: [], checks: [] };
  const seen = new Set<string>();
  for (const block of cloudBlocks) {
    if (seen.has(block.name)) {
      context.report(context.at(block), "content/unexpected-block", `Unexpected second \`:::${block.name}\` in ${name}; merge them into one`);
      continue;
    }
    seen.add(block.name);
    context.attributes(block, emptyAttributesSchema);
    const [code, ...extra] = block.children;
    if (!code || code.type !== "code" || extra.length > 0) {
      context.report(context.at(block), "content/empty-block", `Expected exactly one fenced code block inside \`:::${block.name}\` of ${name}; put the ${block.name === "checks" ? "YAML list" : "commands"} between \`\`\` lines`);
      continue;
    }
    if (block.name === "setup") {
      out.setup = splitCommands(code.value).map((command) => command.text);
      if (out.setup.length === 0) context.report(context.at(block), "content/empty-block", `Expected at least one command in the \`:::setup\` of ${name}`);
    } else {
      const diagnostics: ContentDiagnostic[] = [];
      const checks = readChecks(context.file, code, diagnostics);
      for (const d of diagnostics) context.report({ line: d.line, column: d.column }, d.ruleId, d.message);
      if (checks) out.checks = checks.map((check) => ({ ...check }));
    }
  }
  if (seen.has("setup") && !seen.has("checks")) {
    context.report(context.at(cloudBlocks[0] as ContainerDirective), "content/command-answer", `Expected a \`:::checks\` block in ${name}; a \`:::setup\` only matters when checks judge the command's effect`);
  }
  return out;
}

type AnswerPart =
  | { kind: "single" | "multiple"; options: ChoiceOption[] }
  | { kind: "truefalse"; answer: boolean }
  | { kind: "short"; answers: ShortAnswer[]; caseSensitive: boolean; whitespace: "exact" | "collapse" }
  | { kind: "ordering"; items: string[] }
  | { kind: "command"; answers: string[]; setup: string[]; checks: Record<string, unknown>[] };

const MIN_OPTIONS = 3;
const MIN_ORDERING_ITEMS = 3;

function isTaskList(node: RootContent): node is List {
  return node.type === "list" && node.children.some((item) => typeof item.checked === "boolean");
}

/** Blocks after the answer list belong nowhere: they would vanish from what learners see. */
function reportTrailing(context: FileContext, trailing: RootContent[], name: string, what: string): void {
  for (const block of trailing) {
    context.report(
      context.at(block),
      "content/unexpected-block",
      `Unexpected ${describeBlock(block)} after the ${what} of ${name}; move it into the stem above the ${what}, or into \`:::explanation\``,
    );
  }
}

function optionKey(index: number): string {
  // a … z, then aa, ab, …: keys stay short and are stable for a given option order.
  let key = "";
  let n = index;
  do {
    key = String.fromCharCode(97 + (n % 26)) + key;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return key;
}

function parseChoices(
  context: FileContext,
  blocks: RootContent[],
  kind: "single" | "multiple",
  name: string,
  node: ContainerDirective,
): { part?: AnswerPart; stem: RootContent[] } {
  const index = blocks.findIndex(isTaskList);
  if (index < 0) {
    const plainList = blocks.find((block) => block.type === "list");
    context.report(
      plainList ? context.at(plainList) : context.at(node),
      "content/missing-options",
      plainList
        ? `Expected \`[ ]\` or \`[x]\` after each \`-\` in the options of ${name}; mark the correct option(s) with \`- [x]\``
        : `Expected the options of the \`${kind}\` ${name} as a task list: \`- [ ] wrong\` and \`- [x] right\``,
    );
    return { stem: blocks };
  }
  const list = blocks[index] as List;
  reportTrailing(context, blocks.slice(index + 1), name, "options");
  const options: ChoiceOption[] = [];
  list.children.forEach((item: ListItem, position) => {
    if (typeof item.checked !== "boolean") {
      context.report(context.at(item), "content/missing-options", `Expected \`[ ]\` or \`[x]\` at the start of option ${position + 1} of ${name}`);
      return;
    }
    const children = [...item.children];
    const last = children[children.length - 1];
    const feedback = last?.type === "blockquote" && children.length > 1 ? (children.pop() as BlockContent) : undefined;
    const text = toMarkdown(children);
    if (!text) context.report(context.at(item), "content/missing-options", `Expected text after \`[${item.checked ? "x" : " "}]\` in option ${position + 1} of ${name}`);
    options.push({
      key: optionKey(position),
      text,
      correct: item.checked,
      ...(feedback ? { feedback: toMarkdown(childrenOf(feedback)) } : {}),
    });
  });
  if (list.children.length < MIN_OPTIONS) {
    context.report(context.at(list), "content/too-few-options", `Expected at least ${MIN_OPTIONS} options in ${name}, found ${list.children.length}; add plausible wrong options`);
  }
  const correct = list.children.filter((item) => item.checked === true);
  if (correct.length === 0) {
    context.report(context.at(list), "content/missing-answer", `Expected an option marked \`[x]\` in the \`${kind}\` ${name}; mark the correct option with \`- [x]\``);
  } else if (kind === "single" && correct.length > 1) {
    context.report(
      context.at(correct[1]),
      "content/too-many-answers",
      `Unexpected second \`[x]\` in the \`single\` ${name}; keep exactly one correct option, or use \`kind=multiple\``,
    );
  }
  return { part: { kind, options }, stem: blocks.slice(0, index) };
}

function parseOrdering(context: FileContext, blocks: RootContent[], name: string, node: ContainerDirective): { part?: AnswerPart; stem: RootContent[] } {
  let index = -1;
  for (let i = blocks.length - 1; i >= 0; i--) {
    if (blocks[i]?.type === "list") {
      index = i;
      break;
    }
  }
  if (index < 0) {
    context.report(context.at(node), "content/missing-options", `Expected the steps of the \`ordering\` ${name} as a numbered list (\`1.\` \`2.\` …) in the correct order`);
    return { stem: blocks };
  }
  const list = blocks[index] as List;
  reportTrailing(context, blocks.slice(index + 1), name, "steps");
  if (!list.ordered) {
    context.report(context.at(list), "content/missing-options", `Expected a numbered list (\`1.\` \`2.\` …) for the steps of ${name}, not a \`-\` list`);
  }
  if (list.children.length < MIN_ORDERING_ITEMS) {
    context.report(
      context.at(list),
      "content/too-few-options",
      `Expected at least ${MIN_ORDERING_ITEMS} steps in the \`ordering\` ${name}, found ${list.children.length}; with two, write a \`truefalse\` or \`single\` question instead`,
    );
  }
  const items = list.children.map((item) => toMarkdown(item.children));
  return { part: { kind: "ordering", items }, stem: blocks.slice(0, index) };
}

function parseShortAnswers(context: FileContext, answerBlocks: ContainerDirective[], name: string, node: ContainerDirective): AnswerPart | undefined {
  const block = answerBlocks[0];
  if (!block) {
    context.report(
      context.at(node),
      "content/missing-answers-block",
      `Expected an \`:::answers\` block in the \`short\` ${name}, with a list of accepted answers in backticks, e.g. \`- \\\`openstack flavor list\\\`\``,
    );
    return undefined;
  }
  for (const extra of answerBlocks.slice(1)) {
    context.report(context.at(extra), "content/unexpected-block", `Unexpected second \`:::answers\` in ${name}; list every accepted answer in one block`);
  }
  const attributes = context.attributes(block, answersAttributesSchema);
  const lists = block.children.filter((child): child is List => child.type === "list");
  for (const child of block.children) {
    if (child.type !== "list") context.report(context.at(child), "content/bad-answer", `Unexpected ${describeBlock(child)} in \`:::answers\`; write only a list of answers in backticks`);
  }
  const answers: ShortAnswer[] = [];
  for (const item of lists.flatMap((list) => list.children)) {
    const paragraph = item.children.length === 1 && item.children[0]?.type === "paragraph" ? item.children[0] : undefined;
    const code = paragraph && paragraph.children.length === 1 && paragraph.children[0]?.type === "inlineCode" ? paragraph.children[0] : undefined;
    if (!code) {
      context.report(context.at(item), "content/bad-answer", `Expected an accepted answer in backticks, like \`- \\\`openstack server list\\\`\`, not \`${plainText(item).trim().slice(0, 40)}\``);
      continue;
    }
    const isRegex = code.value.length > 2 && code.value.startsWith("/") && code.value.endsWith("/");
    if (isRegex) {
      const pattern = code.value.slice(1, -1);
      try {
        new RegExp(pattern);
      } catch (error) {
        const reason = error instanceof Error ? (error.message.split(": ").pop() ?? error.message) : String(error);
        context.report(context.at(code), "content/bad-regex", `Unexpected invalid regular expression \`${code.value}\` (${reason}); fix it or write the answer as plain text`);
        continue;
      }
      answers.push({ value: pattern, regex: true });
    } else {
      if (!code.value.trim()) {
        context.report(context.at(code), "content/bad-answer", "Expected text inside the backticks of an accepted answer");
        continue;
      }
      answers.push({ value: code.value, regex: false });
    }
  }
  if (lists.length === 0 || (answers.length === 0 && lists.every((list) => list.children.length === 0))) {
    context.report(context.at(block), "content/missing-answer", `Expected at least one accepted answer in the \`:::answers\` of ${name}, as a list item in backticks`);
    return undefined;
  }
  if (!attributes || answers.length === 0) return undefined;
  return { kind: "short", answers, caseSensitive: attributes.case === "sensitive", whitespace: attributes.whitespace };
}
