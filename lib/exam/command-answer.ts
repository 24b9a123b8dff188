import { createSession, type CloudState } from "../cloud";
import { parseOpenstackCommand } from "../cloud/cli/openstack";
import { parseScript } from "../cloud/shell/parser";
import { grade, storedCheckSchema, type Check } from "../checker";
import { LAB_SEED } from "../labs/runtime";
import { err, ok, type Result } from "../result";

/**
 * Grades a command question's answer. A command that changes state is run on the question's starting cloud and
 * judged by the checks (any spelling that reaches the state is right). A read-only command is parsed with the
 * simulator's own grammar and compared with the accepted ones: flag order, `--opt=value` or `--opt value`,
 * unique prefixes of command words, and a resource's id in place of its name all count as the same command.
 */

export interface CommandQuestionKey {
  answers: readonly string[];
  setup: readonly string[];
  checks: readonly Record<string, unknown>[];
}

export interface CommandVerdict {
  correct: boolean;
  /** Why not, in the learner's words. */
  reason?: string;
}

export interface SetupFailure {
  command: string;
  output: string;
}

const starts = new Map<string, Result<CloudState, SetupFailure>>();

/**
 * The question's starting cloud: a fresh DevStack (the same seed as labs, so ids match a lab's start) after the
 * `:::setup` commands ran as admin. Cached by setup (the same few setups recur across a bank; states are plain
 * data that sessions copy before changing).
 */
export function commandQuestionStart(setup: readonly string[]): Result<CloudState, SetupFailure> {
  const key = setup.join("\n");
  let start = starts.get(key);
  if (!start) {
    const session = createSession({ seed: LAB_SEED });
    const failed = setup.map((command) => ({ command, run: session.run(command) })).find((step) => step.run.exitCode !== 0);
    start = failed ? err({ command: failed.command, output: (failed.run.stderr || failed.run.stdout).trim() }) : ok(session.state);
    starts.set(key, start);
  }
  return start;
}

/** The literal words of a single simple command, or why it is not one. */
function wordsOf(text: string): string[] | string {
  const parsed = parseScript(text.trim());
  if (!parsed.ok) return "The command is incomplete (an open quote?).";
  const [first, ...more] = parsed.script;
  if (!first || more.length > 0 || first.rest.length > 0 || first.first.length !== 1) return "Write a single command.";
  const command = first.first[0];
  if (!command) return "Write a command.";
  const words: string[] = [];
  for (const word of command.words) {
    if (word.some((part) => part.t !== "lit")) return "Write the values out instead of using variables or $(…).";
    words.push(word.map((part) => (part.t === "lit" ? part.v : "")).join(""));
  }
  return words;
}

function canonical(value: unknown, names: Map<string, string>): unknown {
  if (typeof value === "string") return names.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => canonical(item, names));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, canonical(v, names)]));
  return value;
}

function idToName(state: CloudState): Map<string, string> {
  const names = new Map<string, string>();
  for (const collection of Object.values(state)) {
    if (!collection || typeof collection !== "object") continue;
    for (const [id, record] of Object.entries(collection as Record<string, unknown>)) {
      const name = (record as { name?: unknown } | null)?.name;
      if (typeof name === "string" && name) names.set(id, name);
    }
  }
  return names;
}

export function gradeCommandAnswer(key: CommandQuestionKey, text: string): CommandVerdict {
  const words = wordsOf(text);
  if (typeof words === "string") return { correct: false, reason: words };
  if (words[0] !== "openstack") return { correct: false, reason: "The answer is an `openstack` command." };
  const start = commandQuestionStart(key.setup);
  if (!start.ok) return { correct: false, reason: "This question's cloud could not be prepared; tell your instructor." };
  const state = start.value;
  if (key.checks.length > 0) {
    const checks = key.checks.map((check) => storedCheckSchema.parse(check) as Check);
    const session = createSession({ state });
    const run = session.run(text);
    if (run.exitCode !== 0) {
      const said = (run.stderr || run.stdout).trim().split("\n").pop() ?? "";
      // Today's client prints an empty error when an SDK-based identity lookup finds no such name
      // (openstackclient/identity/common.py `_find_sdk_id`); say what that silence usually means.
      return { correct: false, reason: said ? `The cloud refused it: ${said}` : `The cloud refused it with exit status ${run.exitCode} and an empty message, which is how the client reports a user, group, project or role name it cannot find.` };
    }
    const failed = grade(session.state, checks).results.find((result) => !result.passed);
    return failed ? { correct: false, reason: failed.reason } : { correct: true };
  }
  const mine = parseOpenstackCommand(words.slice(1));
  if (!mine.ok) return { correct: false, reason: `The client would reject it: ${mine.message}.` };
  const names = idToName(state);
  const target = JSON.stringify([mine.command, canonical(mine.args, names)]);
  for (const answer of key.answers) {
    const accepted = wordsOf(answer);
    if (typeof accepted === "string") continue;
    const parsed = parseOpenstackCommand(accepted.slice(1));
    if (parsed.ok && JSON.stringify([parsed.command, canonical(parsed.args, names)]) === target) return { correct: true };
  }
  return { correct: false, reason: `\`${mine.command}\` with these options does not do what was asked.` };
}

/**
 * What `content:check` proves for a command question: every accepted command is one `openstack` command the
 * client accepts; with `:::checks`, the setup succeeds, the untouched start fails a check (so doing nothing is
 * never right), and every accepted command succeeds and passes every check. Returns the problems found.
 */
export function verifyCommandQuestion(key: CommandQuestionKey): string[] {
  const problems: string[] = [];
  for (const answer of key.answers) {
    const words = wordsOf(answer);
    if (typeof words === "string") problems.push(`Expected accepted command \`${answer}\` to be one plain command: ${words}`);
    else if (words[0] !== "openstack") problems.push(`Expected accepted command \`${answer}\` to start with \`openstack\``);
    else {
      const parsed = parseOpenstackCommand(words.slice(1));
      if (!parsed.ok) problems.push(`Expected accepted command \`${answer}\` to parse; the client says: ${parsed.message}`);
    }
  }
  if (problems.length > 0 || key.checks.length === 0) return problems;
  const start = commandQuestionStart(key.setup);
  if (!start.ok) return [`Expected setup command \`${start.error.command}\` to succeed; it failed with: ${start.error.output || "no output"}`];
  const checks = key.checks.map((check) => storedCheckSchema.parse(check) as Check);
  if (grade(start.value, checks).results.every((result) => result.passed)) {
    problems.push("Expected the untouched start to fail at least one check; as written, doing nothing would be right");
  }
  for (const answer of key.answers) {
    const verdict = gradeCommandAnswer(key, answer);
    if (!verdict.correct) problems.push(`Expected accepted command \`${answer}\` to pass the checks: ${verdict.reason ?? "it does not"}`);
  }
  return problems;
}
