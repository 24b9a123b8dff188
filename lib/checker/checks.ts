import { z } from "zod";
import { numberExpectation, type NumberExpectation } from "./fields";
import { resourceKindNames, resourceKinds, type ResourceKindName } from "./kinds";

/**
 * The check language of `content/labs/*.md`. A check names a resource kind of the simulated cloud, picks
 * records with `where`, and says what must hold:
 *
 *   - id: web1-running
 *     points: 2
 *     description: Server `web1` is running with flavor `m1.small`
 *     resource: server
 *     where: { name: web1 }
 *     expect: { status: ACTIVE, flavor: m1.small, networks: [private] }
 *
 * `check` is `exists` (the default: some record matches `where` and meets `expect`), `absent` (no record
 * matches `where`) or `count` (how many match `where`, e.g. `count: { min: 2 }`). Unknown check kinds,
 * resource kinds and fields are errors, never ignored, so a typo cannot make a check pass or fail silently.
 */

export const checkKinds = ["exists", "absent", "count"] as const;
export type CheckKind = (typeof checkKinds)[number];

export interface Check {
  id: string;
  points: number;
  description: string;
  check: CheckKind;
  resource: ResourceKindName;
  where: Record<string, unknown>;
  expect: Record<string, unknown>;
  count?: NumberExpectation;
}

export interface CheckIssue {
  /** Path inside the list of checks, e.g. `[2, "expect", "flavr"]`, for pointing at the author's line. */
  path: (string | number)[];
  message: string;
}

const baseSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Expected a lowercase id with hyphens, like `web1-running`"),
  points: z.number().int().positive().max(100),
  description: z.string().trim().min(1),
});

const topKeys = ["id", "points", "description", "check", "resource", "where", "expect", "count"];

function suggestion(value: string, candidates: readonly string[]): string {
  const lower = value.toLowerCase();
  const hit = candidates.find((c) => c.toLowerCase() === lower) ?? candidates.find((c) => c.toLowerCase().startsWith(lower.slice(0, 4)) && lower.length >= 4);
  return hit ? ` (did you mean \`${hit}\`?)` : "";
}

const list = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(", ");

function fieldIssues(
  resource: ResourceKindName,
  section: "where" | "expect",
  value: unknown,
  allowed: readonly string[],
  path: (string | number)[],
): CheckIssue[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return [{ path, message: `Expected \`${section}\` to be a mapping of fields, like \`${section}: { name: web1 }\`` }];
  }
  const issues: CheckIssue[] = [];
  const fields = resourceKinds[resource].fields as Record<string, { schema: z.ZodType }>;
  for (const [key, v] of Object.entries(value)) {
    if (!allowed.includes(key)) {
      const where = section === "where" && key in fields ? `; \`${key}\` can only be expected, not used to pick the ${resourceKinds[resource].noun}` : suggestion(key, allowed);
      issues.push({ path: [...path, key], message: `Unexpected field \`${key}\` in \`${section}\` of a \`${resource}\` check${where}; allowed: ${list(allowed)}` });
      continue;
    }
    const parsed = fields[key]?.schema.safeParse(v);
    if (parsed && !parsed.success) {
      issues.push({ path: [...path, key], message: `Unexpected value for \`${section}.${key}\` of a \`${resource}\` check: ${parsed.error.issues[0]?.message ?? "invalid"}` });
    }
  }
  return issues;
}

/** Validates one check as written; returns the check or every issue found. */
export function parseCheck(raw: unknown, index: number): { check?: Check; issues: CheckIssue[] } {
  const at = (...rest: (string | number)[]) => [index, ...rest];
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { issues: [{ path: at(), message: "Expected each check to be a mapping with `id`, `points`, `description`, `resource`" }] };
  }
  const record = raw as Record<string, unknown>;
  const issues: CheckIssue[] = [];
  for (const key of Object.keys(record)) {
    if (!topKeys.includes(key)) issues.push({ path: at(key), message: `Unexpected key \`${key}\` in a check${suggestion(key, topKeys)}; allowed: ${list(topKeys)}` });
  }
  const base = baseSchema.safeParse(record);
  if (!base.success) {
    for (const issue of base.error.issues) {
      const key = String(issue.path[0] ?? "");
      const missing = record[key] === undefined;
      issues.push({ path: missing ? at() : at(key), message: missing ? `Expected \`${key}\` in the check` : `Unexpected value for \`${key}\`: ${issue.message}` });
    }
  }
  const checkKind = record.check ?? "exists";
  if (typeof checkKind !== "string" || !(checkKinds as readonly string[]).includes(checkKind)) {
    issues.push({ path: at("check"), message: `Unexpected check kind \`${String(checkKind)}\`${suggestion(String(checkKind), checkKinds)}; write one of ${list(checkKinds)}` });
  }
  const resource = record.resource;
  if (resource === undefined) {
    issues.push({ path: at(), message: `Expected \`resource\` in the check, one of ${list(resourceKindNames)}` });
  } else if (typeof resource !== "string" || !(resource in resourceKinds)) {
    issues.push({
      path: at("resource"),
      message: `Unexpected resource kind \`${String(resource)}\`: the simulated cloud has no such resource${suggestion(String(resource), resourceKindNames)}; write one of ${list(resourceKindNames)}`,
    });
  } else {
    const kind = resourceKinds[resource as ResourceKindName];
    issues.push(...fieldIssues(resource as ResourceKindName, "where", record.where, kind.selectors, at("where")));
    issues.push(...fieldIssues(resource as ResourceKindName, "expect", record.expect, Object.keys(kind.fields), at("expect")));
  }
  if (checkKind !== "exists" && record.expect !== undefined) {
    issues.push({ path: at("expect"), message: `Unexpected \`expect\` in a \`${String(checkKind)}\` check; only \`check: exists\` compares fields` });
  }
  if (checkKind === "count") {
    if (!numberExpectation.safeParse(record.count).success) issues.push({ path: at("count"), message: "Expected `count: N` or `count: { min: N }` in a `count` check" });
  } else if (record.count !== undefined) {
    issues.push({ path: at("count"), message: "Unexpected `count` outside a `check: count` check" });
  }
  if (checkKind === "exists" && record.where === undefined && record.expect === undefined) {
    issues.push({ path: at(), message: "Expected `where` (which record) or `expect` (what must hold) in the check" });
  }
  if (issues.length > 0 || !base.success) return { issues };
  return {
    check: {
      ...base.data,
      check: checkKind as CheckKind,
      resource: resource as ResourceKindName,
      where: normalize(resource as ResourceKindName, (record.where ?? {}) as Record<string, unknown>),
      expect: normalize(resource as ResourceKindName, (record.expect ?? {}) as Record<string, unknown>),
      ...(checkKind === "count" ? { count: record.count as NumberExpectation } : {}),
    },
    issues,
  };
}

/** Applies each field's schema transforms (e.g. property values to strings) once, at the boundary. */
function normalize(resource: ResourceKindName, values: Record<string, unknown>): Record<string, unknown> {
  const fields = resourceKinds[resource].fields as Record<string, { schema: z.ZodType }>;
  return Object.fromEntries(Object.entries(values).map(([key, v]) => [key, fields[key]?.schema.parse(v) ?? v]));
}

/** Validates a whole list of checks: ids unique, every check valid. */
export function parseChecks(raw: unknown): { checks: Check[]; issues: CheckIssue[] } {
  if (!Array.isArray(raw)) return { checks: [], issues: [{ path: [], message: "Expected a YAML list of checks, each starting with `- id: …`" }] };
  const checks: Check[] = [];
  const issues: CheckIssue[] = [];
  const seen = new Set<string>();
  raw.forEach((item, index) => {
    const parsed = parseCheck(item, index);
    issues.push(...parsed.issues);
    if (!parsed.check) return;
    if (seen.has(parsed.check.id)) issues.push({ path: [index, "id"], message: `Unexpected second check with id \`${parsed.check.id}\`; give each check its own id` });
    seen.add(parsed.check.id);
    checks.push(parsed.check);
  });
  if (raw.length === 0) issues.push({ path: [], message: "Expected at least one check" });
  return { checks, issues };
}

/** The stored form (jsonb) read back: already validated at import, so only the shape is re-checked. */
export const storedCheckSchema = z.object({
  id: z.string(),
  points: z.number(),
  description: z.string(),
  check: z.enum(checkKinds),
  resource: z.enum(resourceKindNames as [ResourceKindName, ...ResourceKindName[]]),
  where: z.record(z.string(), z.unknown()),
  expect: z.record(z.string(), z.unknown()),
  count: numberExpectation.optional(),
});
