import { z } from "zod";
import type { CloudState } from "../cloud";

/**
 * The building blocks of the check language: a field of a resource kind knows the zod schema of what an author
 * may expect of it, how to read the actual value from the state, and how to say a mismatch in words a learner
 * understands. Every comparison accepts a name or an id for references, because a learner may have used either.
 */

export interface Ctx {
  state: CloudState;
}

export interface Named {
  id: string;
  name: string;
}

/** A number, or bounds: `size: 2` or `size: { min: 2 }`. */
export const numberExpectation = z.union([z.number(), z.strictObject({ min: z.number().optional(), max: z.number().optional() })]);
export type NumberExpectation = z.infer<typeof numberExpectation>;

export interface Field<R> {
  schema: z.ZodType;
  /** `null` when the record satisfies `expected`, otherwise what is wrong, after the subject ("is SHUTOFF; …"). */
  test(ctx: Ctx, record: R, expected: unknown): string | null;
  /** How a satisfied expectation reads ("status ACTIVE"). */
  describe(expected: unknown): string;
}

const show = (value: unknown): string => (value === null || value === undefined ? "none" : typeof value === "string" ? value : JSON.stringify(value));

function matchesRef(actual: Named | null, expected: string | null): boolean {
  if (expected === null) return actual === null;
  return actual !== null && (actual.id === expected || actual.name === expected);
}

/** A plain value compared for equality (strings case-sensitively, except `status`-like fields, see `caseless`). */
export function scalar<R>(
  noun: string,
  schema: z.ZodType,
  get: (ctx: Ctx, record: R) => string | number | boolean | null,
  options: { is?: boolean; caseless?: boolean } = {},
): Field<R> {
  const same = (a: unknown, b: unknown) =>
    options.caseless && typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b;
  return {
    schema,
    test(ctx, record, expected) {
      const actual = get(ctx, record);
      if (same(actual, expected)) return null;
      return options.is ? `is ${show(actual)}; the task wants it ${show(expected)}` : `has ${noun} ${show(actual)}; the task wants ${noun} ${show(expected)}`;
    },
    describe: (expected) => (options.is ? `is ${show(expected)}` : `${noun} ${show(expected)}`),
  };
}

/** A number, exact or within bounds. */
export function count<R>(noun: string, get: (ctx: Ctx, record: R) => number | null, unit = ""): Field<R> {
  const say = (n: number | null) => (n === null ? "none" : `${n}${unit}`);
  const want = (e: NumberExpectation) =>
    typeof e === "number" ? say(e) : [e.min !== undefined ? `at least ${say(e.min)}` : "", e.max !== undefined ? `at most ${say(e.max)}` : ""].filter(Boolean).join(" and ");
  return {
    schema: numberExpectation,
    test(ctx, record, expected) {
      const e = expected as NumberExpectation;
      const actual = get(ctx, record);
      const fits =
        actual !== null &&
        (typeof e === "number" ? actual === e : (e.min === undefined || actual >= e.min) && (e.max === undefined || actual <= e.max));
      return fits ? null : `has ${noun} ${say(actual)}; the task wants ${want(e)}`;
    },
    describe: (expected) => `${noun} ${want(expected as NumberExpectation)}`,
  };
}

/** A boolean said with two words: `enabled: true` → "is disabled; the task wants it enabled". */
export function flag<R>(yes: string, no: string, get: (ctx: Ctx, record: R) => boolean | null): Field<R> {
  return {
    schema: z.boolean(),
    test(ctx, record, expected) {
      const actual = get(ctx, record);
      if (actual === expected) return null;
      return `is ${actual === null ? "unset" : actual ? yes : no}; the task wants it ${expected ? yes : no}`;
    },
    describe: (expected) => `is ${expected ? yes : no}`,
  };
}

/** A reference to another resource, by name or id; `null` expects none. */
export function ref<R>(noun: string, get: (ctx: Ctx, record: R) => Named | null): Field<R> {
  return {
    schema: z.string().min(1).nullable(),
    test(ctx, record, expected) {
      const actual = get(ctx, record);
      if (matchesRef(actual, expected as string | null)) return null;
      return `has ${actual === null ? `no ${noun}` : `${noun} ${actual.name || actual.id}`}; the task wants ${expected === null ? `no ${noun}` : `${noun} ${show(expected)}`}`;
    },
    describe: (expected) => (expected === null ? `no ${noun}` : `${noun} ${show(expected)}`),
  };
}

/** References the record must include (others may be there too), e.g. a server's networks. */
export function refs<R>(noun: string, plural: string, get: (ctx: Ctx, record: R) => Named[]): Field<R> {
  return {
    schema: z.array(z.string().min(1)),
    test(ctx, record, expected) {
      const actual = get(ctx, record);
      const missing = (expected as string[]).filter((want) => !actual.some((a) => matchesRef(a, want)));
      if (missing.length === 0) return null;
      const have = actual.length === 0 ? `no ${plural}` : `${plural} ${actual.map((a) => a.name || a.id).join(", ")}`;
      return `has ${have}; the task wants ${missing.length === 1 ? noun : plural} ${missing.join(", ")} too`;
    },
    describe: (expected) => `${plural} ${(expected as string[]).join(", ")}`,
  };
}

/** Plain strings the record must include (tags, DNS servers, hosts). */
export function strings<R>(noun: string, get: (ctx: Ctx, record: R) => string[]): Field<R> {
  return refs(noun, noun, (ctx, record) => get(ctx, record).map((value) => ({ id: value, name: value })));
}

/**
 * Key/value pairs the record must carry (properties, metadata); other keys may exist. `caselessKeys` for Swift,
 * whose metadata lives in HTTP headers: `X-Object-Meta-release` and `X-Object-Meta-Release` are one key.
 */
export function props<R>(noun: string, get: (ctx: Ctx, record: R) => Record<string, string>, options: { caselessKeys?: boolean } = {}): Field<R> {
  const find = (actual: Record<string, string>, key: string): [string, string | undefined] => {
    if (actual[key] !== undefined || !options.caselessKeys) return [key, actual[key]];
    const hit = Object.keys(actual).find((k) => k.toLowerCase() === key.toLowerCase());
    return hit === undefined ? [key, undefined] : [hit, actual[hit]];
  };
  return {
    schema: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)),
    test(ctx, record, expected) {
      const actual = get(ctx, record);
      for (const [key, value] of Object.entries(expected as Record<string, string>)) {
        const [actualKey, actualValue] = find(actual, key);
        if (actualValue === undefined) return `has no ${noun} ${key}; the task wants ${key}=${value}`;
        if (actualValue !== value) return `has ${noun} ${actualKey}=${actualValue}; the task wants ${key}=${value}`;
      }
      return null;
    },
    describe: (expected) => `${noun} ${Object.entries(expected as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(", ")}`,
  };
}

/** Any other comparison, with its own wording. */
export function custom<R>(schema: z.ZodType, test: Field<R>["test"], describe: Field<R>["describe"]): Field<R> {
  return { schema, test, describe };
}

// ------------------------------------------------------------------------------------------------ lookups

export function named(name: string | null | undefined, id: string): Named {
  return { id, name: name ?? "" };
}

export function lookup(ctx: Ctx, collection: "projects" | "users" | "groups" | "roles" | "domains" | "networks" | "subnets" | "images" | "flavors" | "volumes" | "securityGroups" | "servers" | "volumeTypes" | "routers" | "ports", id: string | null | undefined): Named | null {
  if (id === null || id === undefined) return null;
  const record = (ctx.state[collection] as Record<string, { name?: string | null }>)[id];
  return named(record?.name ?? null, id);
}
