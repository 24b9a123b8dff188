/**
 * A mistake in an authored file, shaped like a vfile message (remark-lint) so editors and CI can point at it.
 * Every diagnostic is an error: the importer writes nothing while any exists.
 */
export interface ContentDiagnostic {
  /** Path relative to the content folder, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  ruleId: ContentRuleId;
  /** One grammar: "Expected …" or "Unexpected …", constructs in backticks, then what to write instead. */
  message: string;
}

export const contentRuleIds = [
  "content/front-matter-missing",
  "content/front-matter-yaml",
  "content/front-matter-unknown-key",
  "content/front-matter-invalid",
  "content/unknown-topic",
  "content/unknown-directive",
  "content/unknown-attribute",
  "content/invalid-attribute",
  "content/stray-fence",
  "content/missing-id",
  "content/bad-kind",
  "content/bad-difficulty",
  "content/missing-stem",
  "content/missing-options",
  "content/too-few-options",
  "content/missing-answer",
  "content/too-many-answers",
  "content/unexpected-block",
  "content/missing-explanation",
  "content/duplicate-explanation",
  "content/missing-answers-block",
  "content/bad-answer",
  "content/bad-regex",
  "content/missing-card-front",
  "content/missing-card-back",
  "content/empty-block",
  "content/empty-deck",
  "content/duplicate-id",
  "content/missing-note",
  "content/missing-notes-attribute",
  "content/prerequisite-cycle",
  "content/blueprint-weights",
  "content/blueprint-not-enough-questions",
  "content/blueprint-not-enough-labs",
  "content/lab-invalid",
  "content/lab-check",
  "content/lab-points",
  "content/lab-missing-block",
  "content/lab-setup-failed",
  "content/lab-start-not-zero",
  "content/lab-solution-fails",
  "content/lab-partial-mismatch",
  "content/command-answer",
] as const;

export type ContentRuleId = (typeof contentRuleIds)[number];

export interface Position {
  line: number;
  column: number;
}

export function diagnostic(file: string, at: Position, ruleId: ContentRuleId, message: string): ContentDiagnostic {
  return { file, line: at.line, column: at.column, ruleId, message };
}

/** The order authors read them in: by file, then line, then column. */
export function compareDiagnostics(a: ContentDiagnostic, b: ContentDiagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}

/** `file:line:column  message`, the shape editors and terminals turn into links. */
export function formatDiagnostic(d: ContentDiagnostic, prefix = ""): string {
  const file = prefix ? `${prefix.replace(/\/+$/, "")}/${d.file}` : d.file;
  return `${file}:${d.line}:${d.column}  ${d.message}`;
}

/** The closest candidate to a misspelt value, when one is close enough to be a likely typo. */
export function closest(value: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(value, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(2, Math.floor(value.length / 4));
  return bestDistance <= tolerance ? best : undefined;
}

export function didYouMean(value: string, candidates: Iterable<string>): string {
  const suggestion = closest(value, candidates);
  return suggestion === undefined ? "" : ` (did you mean \`${suggestion}\`?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export function backticks(values: readonly string[]): string {
  return values.map((value) => `\`${value}\``).join(", ");
}
