import type { Root, Yaml } from "mdast";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLError } from "yaml";
import type { z } from "zod";
import { backticks, diagnostic, type ContentDiagnostic, type ContentRuleId, type Position } from "./diagnostics";
import { allowedKeysAt, formatPath, issueMessage, type IssuePath } from "./issues";

export interface FrontMatterResult<T> {
  /** Present only when the front matter is valid. */
  data?: T;
  diagnostics: ContentDiagnostic[];
  /** The mapping as written, even when invalid (so an id can still be declared and checked for duplicates). */
  raw?: Record<string, unknown>;
  /** Where each key (by dotted path) is written, for later cross-file messages. */
  locate(path: IssuePath): Position;
}

/**
 * Validates a file's YAML front matter against `schema`. Positions come from the `yaml` package's own parser
 * (LineCounter), so a message about `sections[1].weight` points at that key's line, not at the `---` fence.
 */
export function readFrontMatter<S extends z.ZodType>(
  file: string,
  tree: Root,
  schema: S,
  missingHint: string,
): FrontMatterResult<z.output<S>> {
  const node = tree.children[0]?.type === "yaml" ? (tree.children[0] as Yaml) : undefined;
  const top = { line: 1, column: 1 };
  if (!node) {
    return {
      diagnostics: [
        diagnostic(file, top, "content/front-matter-missing", `Expected front matter at the top of the file between two \`---\` lines, with ${missingHint}`),
      ],
      locate: () => top,
    };
  }
  // The YAML value starts on the line after the opening `---`.
  const firstLine = (node.position?.start.line ?? 1) + 1;
  const lineCounter = new LineCounter();
  const document = parseDocument(node.value, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Position => {
    const position = lineCounter.linePos(offset);
    return { line: position.line + firstLine - 1, column: position.col };
  };
  const locate = (path: IssuePath): Position => at(offsetOf(document.contents, path));

  const diagnostics: ContentDiagnostic[] = [];
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      diagnostics.push(diagnostic(file, yamlErrorPosition(node.value, error, at), "content/front-matter-yaml", yamlErrorMessage(error)));
    }
    return { diagnostics, locate };
  }
  const value: unknown = document.toJS();
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return {
      diagnostics: [
        diagnostic(file, { line: firstLine, column: 1 }, "content/front-matter-invalid", `Expected the front matter to be \`key: value\` lines, with ${missingHint}`),
      ],
      locate,
    };
  }
  const raw = value as Record<string, unknown>;
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return { data: parsed.data, raw, diagnostics, locate };

  const context = {
    fieldName: (path: IssuePath) => (path.length === 0 ? "front matter" : `\`${formatPath(path)}\``),
    example: (key: string) => `${key}: …`,
  };
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") {
      const allowed = allowedKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const where = issue.path.length === 0 ? "front-matter key" : `key in \`${formatPath(issue.path)}\``;
        diagnostics.push(
          diagnostic(file, locate(path), "content/front-matter-unknown-key", `Unexpected ${where} \`${key}\`; allowed keys are ${backticks(allowed)}`),
        );
      }
      continue;
    }
    const ruleId: ContentRuleId = isTopicIssue(issue) ? "content/unknown-topic" : "content/front-matter-invalid";
    const missing = issue.code === "invalid_type" && (issue as { input?: unknown }).input === undefined;
    // A missing key has no line of its own: point at the mapping that should hold it.
    const parentPath = issue.path.slice(0, -1);
    const position = missing ? (parentPath.length === 0 ? top : locate(parentPath)) : locate(issue.path);
    const message = missing && issue.path.length === 1 ? `Expected front-matter key \`${String(issue.path[0])}\`; add \`${String(issue.path[0])}: …\`` : issueMessage(issue, context);
    diagnostics.push(diagnostic(file, position, ruleId, message));
  }
  return { raw, diagnostics, locate };
}

export function isTopicIssue(issue: z.core.$ZodIssue): boolean {
  return issue.code === "invalid_value" && issue.path[issue.path.length - 1] === "topic";
}

/** The offset of the key (for a mapping entry) or the item (for a list entry) at `path`, or its nearest parent. */
export function offsetOf(root: unknown, path: IssuePath): number {
  let node = root as YamlNode | null;
  let offset = rangeStart(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return offset;
      offset = rangeStart(pair.key as YamlNode) ?? offset;
      node = pair.value as YamlNode | null;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment] as YamlNode | undefined;
      if (!item) return offset;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : 0;
}

/**
 * The yaml parser notices an unclosed `[`, `{` or quote only on the next line; authors look for the mistake on
 * the line that opened it, so such errors move back to the previous non-blank line.
 */
function yamlErrorPosition(text: string, error: YAMLError, at: (offset: number) => Position): Position {
  const position = at(error.pos[0]);
  const unclosed = error.code === "MISSING_CHAR" || (error.code === "BAD_INDENT" && /^Flow (sequence|map)/.test(error.message));
  if (!unclosed || position.column !== 1) return position;
  let offset = error.pos[0] - 1;
  while (offset > 0 && /\s/.test(text[offset - 1] ?? "")) offset--;
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return at(lineStart);
}

function yamlErrorMessage(error: YAMLError): string {
  const first = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
  if (/^Flow sequence/.test(first)) return "Expected a closing `]` for the list opened on this line, e.g. `prerequisites: [a, b]`";
  if (/^Flow map/.test(first)) return "Expected a closing `}` for the mapping opened on this line, e.g. `- { count: 3, topic: compute }`";
  if (error.code === "MISSING_CHAR" && /quote/.test(first)) return "Expected a closing quote for the text opened on this line";
  if (error.code === "DUPLICATE_KEY") return "Unexpected second copy of a front-matter key; keep one";
  return `Unexpected YAML in the front matter: ${first}; write one \`key: value\` per line`;
}
