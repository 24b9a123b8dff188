import type { z } from "zod";
import { backticks, didYouMean } from "./diagnostics";
import { topicIds } from "./topics";

/**
 * Turns zod issues into author-facing sentences in the content grammar ("Expected …" / "Unexpected …", the
 * construct in backticks, what to write instead). zod's own messages describe types, not files.
 */
export type IssuePath = readonly PropertyKey[];

export interface IssueContext {
  /** How to name a field: "front-matter key `title`" or "attribute `kind`". */
  fieldName(path: IssuePath): string;
  /** How to show a missing field being written, e.g. `title: …` or `kind=…`. */
  example(key: string): string;
}

export function formatPath(path: IssuePath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

const typeNames: Record<string, string> = {
  number: "a number",
  string: "text",
  array: "a list such as `[a, b]`",
  boolean: "`true` or `false`",
  object: "a set of `key: value` lines",
  int: "a whole number",
};

function show(value: unknown): string {
  if (typeof value === "string") return `\`${value}\``;
  if (value === null) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a set of keys";
  return `\`${String(value)}\``;
}

function lastKey(path: IssuePath): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i];
    if (typeof segment === "string") return segment;
  }
  return "";
}

const formatHints: Record<string, string> = {
  regex: "lowercase letters, digits and hyphens, like `nova-flavors`",
};

export function issueMessage(issue: z.core.$ZodIssue, context: IssueContext, allowedKeys: readonly string[] = []): string {
  const field = context.fieldName(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_type": {
      if (input === undefined) {
        return `Expected ${field}; add \`${context.example(lastKey(issue.path))}\``;
      }
      const expected = typeNames[issue.expected] ?? issue.expected;
      return `Expected ${field} to be ${expected}, not ${show(input)}`;
    }
    case "invalid_value": {
      const values = issue.values.map(String);
      const isTopic = values.length === topicIds.length && values.every((value) => (topicIds as readonly string[]).includes(value));
      const given = typeof input === "string" ? input : String(input);
      if (isTopic) {
        return `Unexpected topic \`${given}\`${didYouMean(given, values)}; use one of ${backticks(values)}`;
      }
      return `Expected ${field} to be one of ${backticks(values)}, not ${show(input)}${didYouMean(given, values)}`;
    }
    case "invalid_format": {
      const hint = formatHints[issue.format] ?? `a valid ${issue.format}`;
      return `Expected ${field} to be ${hint}, not ${show(input)}`;
    }
    case "too_small": {
      if (issue.origin === "array") return `Expected at least ${String(issue.minimum)} item(s) in ${field}`;
      if (issue.origin === "string") return `Expected ${field} not to be empty`;
      return issue.inclusive
        ? `Expected ${field} to be at least ${String(issue.minimum)}, not ${show(input)}`
        : `Expected ${field} to be more than ${String(issue.minimum)}, not ${show(input)}`;
    }
    case "too_big":
      return `Expected ${field} to be at most ${String(issue.maximum)}, not ${show(input)}`;
    case "unrecognized_keys":
      return `Unexpected ${field}; allowed: ${backticks(allowedKeys)}`;
    case "invalid_union":
      return `Expected ${field} to be one value or a list of values, not ${show(input)}`;
    default:
      return `Unexpected value ${show(input)} for ${field}`;
  }
}

/** The keys a strict object at `path` inside `schema` accepts (for "allowed: …" in unknown-key messages). */
export function allowedKeysAt(schema: z.ZodType, path: IssuePath): string[] {
  let current: unknown = schema;
  const unwrap = (node: unknown): unknown => {
    for (;;) {
      const def = (node as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
      if (!def) return node;
      if (def.type === "optional" || def.type === "default" || def.type === "nullable" || def.type === "prefault") {
        node = def.innerType;
      } else if (def.type === "pipe") {
        const inner = def.in as { _zod?: { def?: { type?: string } } };
        node = inner._zod?.def?.type === "transform" ? def.out : def.in;
      } else {
        return node;
      }
    }
  };
  for (const segment of path) {
    current = unwrap(current);
    const def = (current as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return [];
    if (def.type === "array") current = def.element;
    else if (def.type === "object") current = (def.shape as Record<string, unknown>)[String(segment)];
    else return [];
  }
  current = unwrap(current);
  const def = (current as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
  return def?.type === "object" ? Object.keys(def.shape as Record<string, unknown>) : [];
}
