import type { Code, Root, RootContent } from "mdast";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { grade, parseChecks, type Check } from "../checker";
import { playAndGrade, splitCommands, startLab } from "../labs/runtime";
import { backticks, diagnostic, type ContentDiagnostic, type Position } from "./diagnostics";
import { offsetOf, readFrontMatter } from "./front-matter";
import { contentHash } from "./hash";
import { difficultySchema, idSchema, tagSchema, topicSchema } from "./schema";
import { parseMarkdown, plainText } from "./syntax";

/**
 * Hands-on labs, `content/labs/<id>.md`: front matter, the task in Markdown, and blocks for the starting state
 * (`:::setup`, `:::file`), `:::hint`s, the `:::checks` (YAML in the lib/checker language), the reference
 * `:::solution` and `:::partial` half-solutions with the score they must earn. Parsing collects every mistake
 * with its line; `checkLabs` then plays each lab on the simulator and rejects labs whose setup fails, whose
 * solution misses full marks, whose untouched start already scores, or whose partial scores differ.
 */

const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (value === null || value === undefined ? [] : typeof value === "string" ? [value] : value), z.array(item));

const userName = z.string().regex(/^[A-Za-z0-9_.-]+$/);

export const labFrontMatterSchema = z.strictObject({
  id: idSchema,
  title: z.string().trim().min(1),
  topic: topicSchema,
  difficulty: difficultySchema,
  /** Must equal the sum of the checks' points. */
  points: z.number().int().positive(),
  /** Minutes a prepared learner needs. */
  estimate: z.number().int().positive().max(240),
  /** The user the learner starts as (`admin`, `demo`, or one the setup creates with password `secret`). */
  user: userName,
  /** Their project; defaults to the user's name, as DevStack's `admin` and `demo` have. */
  project: userName.optional(),
  tags: listOf(tagSchema),
  /**
   * A lab whose commands the simulator does not support yet: its file and checks are validated, but it is not
   * played, imported or shown. Remove the flag once the services it uses land; `content:check` then plays it.
   */
  draft: z.boolean().default(false),
});

export const labSchema = z.object({
  id: idSchema,
  title: z.string(),
  topic: topicSchema,
  difficulty: difficultySchema,
  points: z.number().int(),
  estimateMinutes: z.number().int(),
  user: z.string(),
  project: z.string(),
  tags: z.array(tagSchema),
  /** Markdown shown to the learner. */
  task: z.string(),
  setup: z.array(z.string()),
  files: z.array(z.object({ path: z.string(), content: z.string() })),
  /** Markdown, in the order learners may ask for them. */
  hints: z.array(z.string()),
  checks: z.array(z.custom<Check>()),
  draft: z.boolean(),
  solution: z.array(z.string()),
  partials: z.array(z.object({ expect: z.number().int().min(0), commands: z.array(z.string()) })),
});
export type Lab = z.infer<typeof labSchema>;

export interface SourcedLab extends Lab {
  source: { file: string; line: number; column: number };
  hash: string;
  /** Lines of what the simulation checks point at. */
  positions: { points: Position; checks: Position; setup: Position[]; solution: Position[]; partials: Position[] };
}

export interface ParsedLabFile {
  labs: SourcedLab[];
  declared: { id: string; line: number; column: number }[];
  diagnostics: ContentDiagnostic[];
}

type Container = Extract<RootContent, { type: "containerDirective" }>;

const blockNames = ["setup", "file", "hint", "checks", "solution", "partial"] as const;
const fileAttributes = z.strictObject({ path: z.string().regex(/^[^\s]+$/).refine((p) => !p.includes(".."), "no `..`") });
const partialAttributes = z.strictObject({ expect: z.coerce.number().int().min(0) });

export function parseLabFile(file: string, source: string): ParsedLabFile {
  const tree: Root = parseMarkdown(source);
  const out: ParsedLabFile = { labs: [], declared: [], diagnostics: [] };
  const report = (at: Position, message: string, rule: Parameters<typeof diagnostic>[2] = "content/lab-invalid") =>
    out.diagnostics.push(diagnostic(file, at, rule, message));
  const at = (node: { position?: Root["position"] } | undefined): Position => ({ line: node?.position?.start.line ?? 1, column: node?.position?.start.column ?? 1 });

  const frontMatter = readFrontMatter(file, tree, labFrontMatterSchema, "`id`, `title`, `topic`, `difficulty`, `points`, `estimate`, `user`, `tags`");
  out.diagnostics.push(...frontMatter.diagnostics);
  if (typeof frontMatter.raw?.id === "string") out.declared.push({ id: frontMatter.raw.id, ...frontMatter.locate(["id"]) });

  const taskParts: string[] = [];
  const setup: { text: string; at: Position }[] = [];
  const solution: { text: string; at: Position }[] = [];
  const partials: { expect: number; commands: string[]; at: Position }[] = [];
  const files: Lab["files"] = [];
  const hints: string[] = [];
  let checks: Check[] | undefined;
  let checksAt: Position = { line: 1, column: 1 };
  const seen = new Set<string>();

  /** The one fenced code block a command or YAML block must hold. */
  const codeOf = (node: Container): Code | undefined => {
    const codes = node.children.filter((child): child is Code => child.type === "code");
    if (codes.length !== 1 || node.children.length !== 1) {
      report(at(node), `Expected exactly one fenced code block inside \`:::${node.name}\`; put the ${node.name === "checks" ? "YAML list" : "commands"} between \`\`\` lines`);
      return undefined;
    }
    return codes[0];
  };
  const commandsOf = (node: Container): { text: string; at: Position }[] => {
    const code = codeOf(node);
    if (!code) return [];
    const first = (code.position?.start.line ?? 1) + 1;
    const commands = splitCommands(code.value).map((c) => ({ text: c.text, at: { line: first + c.line, column: 1 } }));
    if (commands.length === 0) report(at(node), `Expected at least one command in \`:::${node.name}\``, "content/empty-block");
    return commands;
  };

  for (const node of tree.children) {
    if (node.type === "yaml") continue;
    if (node.type === "containerDirective" && (blockNames as readonly string[]).includes(node.name)) {
      const once = node.name === "setup" || node.name === "checks" || node.name === "solution";
      if (once && seen.has(node.name)) report(at(node), `Unexpected second \`:::${node.name}\`; merge them into one`, "content/unexpected-block");
      seen.add(node.name);
      const attrs = node.attributes ?? {};
      if (node.name !== "file" && node.name !== "partial" && Object.keys(attrs).length > 0) {
        report(at(node), `Unexpected attribute on \`:::${node.name}\`; it takes no attributes`, "content/unknown-attribute");
      }
      switch (node.name) {
        case "setup":
          setup.push(...commandsOf(node));
          break;
        case "solution":
          solution.push(...commandsOf(node));
          break;
        case "partial": {
          const parsed = partialAttributes.safeParse(attrs);
          if (!parsed.success) {
            report(at(node), "Expected `:::partial{expect=N}` with the points this half solution earns", "content/invalid-attribute");
            break;
          }
          partials.push({ expect: parsed.data.expect, commands: commandsOf(node).map((c) => c.text), at: at(node) });
          break;
        }
        case "file": {
          const parsed = fileAttributes.safeParse(attrs);
          const code = codeOf(node);
          if (!parsed.success) report(at(node), "Expected `:::file{path=name}` with a path in the home folder, without spaces or `..`", "content/invalid-attribute");
          else if (code) files.push({ path: parsed.data.path, content: code.value.endsWith("\n") ? code.value : `${code.value}\n` });
          break;
        }
        case "hint": {
          const text = sliceOf(source, node.children);
          if (!text) report(at(node), "Expected text inside `:::hint`", "content/empty-block");
          else hints.push(text);
          break;
        }
        case "checks": {
          checksAt = at(node);
          const code = codeOf(node);
          if (code) checks = readChecks(file, code, out.diagnostics);
          break;
        }
      }
      continue;
    }
    if (node.type === "containerDirective" || node.type === "leafDirective") {
      report(at(node), `Unexpected \`:::${node.name}\` in a lab; a lab allows ${backticks(blockNames.map((n) => `:::${n}`))}`, "content/unknown-directive");
      continue;
    }
    if (node.type === "html") {
      report(at(node), "Unexpected raw HTML in a lab; write Markdown", "content/unexpected-block");
      continue;
    }
    if (node.type === "paragraph" && /^:{3,}\s*$/.test(plainText(node))) {
      report(at(node), "Unexpected closing fence with no open block", "content/stray-fence");
      continue;
    }
    taskParts.push(sliceOf(source, [node]));
  }

  for (const name of ["checks", "solution"] as const) {
    if (!seen.has(name)) report(frontMatter.locate([]), `Expected a \`:::${name}\` block in the lab`, "content/lab-missing-block");
  }
  const task = taskParts.join("\n\n").trim();
  if (!task) report(frontMatter.locate([]), "Expected the task text after the front matter: what the learner must do", "content/missing-stem");
  const data = frontMatter.data;
  if (!data || !checks || out.diagnostics.length > 0) return out;

  const total = checks.reduce((sum, c) => sum + c.points, 0);
  if (total !== data.points) {
    report(frontMatter.locate(["points"]), `Expected \`points: ${total}\`, the sum of the checks' points; found \`points: ${data.points}\``, "content/lab-points");
    return out;
  }
  const record: Lab = {
    id: data.id,
    title: data.title,
    topic: data.topic,
    difficulty: data.difficulty,
    points: data.points,
    estimateMinutes: data.estimate,
    user: data.user,
    project: data.project ?? data.user,
    tags: data.tags,
    task,
    setup: setup.map((c) => c.text),
    files,
    hints,
    checks,
    solution: solution.map((c) => c.text),
    partials: partials.map(({ expect, commands }) => ({ expect, commands })),
    draft: data.draft,
  };
  out.labs.push({
    ...record,
    source: { file, ...frontMatter.locate(["id"]) },
    hash: contentHash(record),
    positions: { points: frontMatter.locate(["points"]), checks: checksAt, setup: setup.map((c) => c.at), solution: solution.map((c) => c.at), partials: partials.map((p) => p.at) },
  });
  return out;
}

function sliceOf(source: string, nodes: readonly RootContent[]): string {
  return nodes
    .map((node) => source.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0))
    .join("\n\n")
    .trim();
}

/** The `:::checks` YAML, validated by lib/checker; each issue points at the line of the key it is about. */
export function readChecks(file: string, code: Code, diagnostics: ContentDiagnostic[]): Check[] | undefined {
  const firstLine = (code.position?.start.line ?? 1) + 1;
  const lineCounter = new LineCounter();
  const document = parseDocument(code.value, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line + firstLine - 1, column: p.col };
  };
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      diagnostics.push(diagnostic(file, position(error.pos[0]), "content/lab-check", `Unexpected YAML in \`:::checks\`: ${(error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")}`));
    }
    return undefined;
  }
  const parsed = parseChecks(document.toJS());
  for (const issue of parsed.issues) {
    diagnostics.push(diagnostic(file, position(offsetOf(document.contents, issue.path)), "content/lab-check", issue.message));
  }
  return parsed.issues.length > 0 ? undefined : parsed.checks;
}

/**
 * Plays every lab on the simulator: setup must succeed, the untouched start must score zero, the reference
 * solution must earn every point, and each `:::partial` exactly its `expect`. Slow-ish (a few ms per lab), so
 * it runs once per check of the folder, after parsing.
 */
export function checkLabs(labs: readonly SourcedLab[]): ContentDiagnostic[] {
  const diagnostics: ContentDiagnostic[] = [];
  for (const lab of labs) {
    if (lab.draft) continue;
    const report = (p: Position, rule: Parameters<typeof diagnostic>[2], message: string) => diagnostics.push(diagnostic(lab.source.file, p, rule, message));
    const start = startLab(lab);
    if (!start.ok) {
      const failure = start.error;
      report(lab.positions.setup[failure.index] ?? lab.source, "content/lab-setup-failed", `Expected setup command \`${failure.command.split("\n")[0]}\` to succeed; it failed with: ${failure.output || "no output"}`);
      continue;
    }
    const untouched = grade(start.value.state, lab.checks);
    const early = untouched.results.filter((r) => r.passed);
    if (early.length > 0) {
      report(lab.positions.checks, "content/lab-start-not-zero", `Expected the untouched start to score 0, but ${backticks(early.map((r) => r.id))} already ${early.length === 1 ? "passes" : "pass"}; make the setup leave work to do, or drop the check`);
    }
    const solved = playAndGrade(lab, lab.solution);
    if (solved.ok) {
      const failedCommand = solved.value.transcript.findIndex((entry) => entry.exitCode !== 0);
      if (failedCommand >= 0) {
        const entry = solved.value.transcript[failedCommand];
        report(lab.positions.solution[failedCommand] ?? lab.source, "content/lab-solution-fails", `Expected solution command \`${entry?.input.split("\n")[0] ?? ""}\` to succeed; it failed with: ${(entry?.stderr || entry?.stdout || "").trim().split("\n")[0] ?? ""}`);
      }
      const missed = solved.value.grade.results.filter((r) => !r.passed);
      if (missed.length > 0) {
        report(
          lab.positions.solution[0] ?? lab.source,
          "content/lab-solution-fails",
          `Expected the \`:::solution\` to earn all ${lab.points} points, but it earns ${solved.value.grade.score}: ${missed.map((r) => `\`${r.id}\` fails (${r.reason})`).join("; ")}`,
        );
      }
    }
    lab.partials.forEach((partial, index) => {
      const played = playAndGrade(lab, partial.commands);
      if (played.ok && played.value.grade.score !== partial.expect) {
        report(lab.positions.partials[index] ?? lab.source, "content/lab-partial-mismatch", `Expected this \`:::partial\` to earn ${partial.expect} points, but it earns ${played.value.grade.score}; fix \`expect=\` or the commands`);
      }
    });
  }
  return diagnostics;
}
