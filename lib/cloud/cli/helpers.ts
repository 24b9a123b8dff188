import type { ActionFailure, CommandOutput, OptionSpec, Value } from "./spec";
import { formatted, pyRepr } from "./spec";
import type { CloudError } from "../errors";
import { renderError } from "../errors";
import type { Result } from "../result";

// Small builders shared by every service's commands.

/** A raw list or dict the client prints with Python's str() in tables (e.g. keystone's `options`, `tags`). */
export const raw = (v: unknown): Value => formatted(pyRepr(v), v);

/** Show output with fields sorted by name, as most python-openstackclient `show`/`create` commands do. */
export function sortedShow(fields: Record<string, Value>): CommandOutput {
  return { kind: "show", fields: Object.keys(fields).sort().map((k) => [k, fields[k] ?? null] as [string, Value]) };
}

/**
 * The bulk-delete loop every OSC delete command shares: try each, log each failure, then fail with
 * `N of M <plural> failed to delete.`. Successful deletes stay done even when others fail.
 */
export function bulkDelete(
  names: readonly string[], what: { singular: string; plural: string; by?: string }, requestId: string,
  del: (nameOrId: string) => Result<void, CloudError>,
): CommandOutput {
  const warnings: string[] = [];
  for (const n of names) {
    const r = del(n);
    if (!r.ok) warnings.push(`Failed to delete ${what.singular} with ${what.by ?? "name or ID"} '${n}': ${renderError(r.error, requestId)}`);
  }
  if (warnings.length === 0) return { kind: "none" };
  return { kind: "none", warnings, failure: `${warnings.length} of ${names.length} ${what.plural} failed to delete.` };
}

export const opt = {
  value: (name: string, metavar: string, help: string, extra: Partial<OptionSpec> = {}): OptionSpec => ({ names: [name], metavar, help, ...extra }),
  flag: (name: string, help: string, extra: Partial<OptionSpec> = {}): OptionSpec => ({ names: [name], action: "store_true", help, ...extra }),
  repeat: (name: string, metavar: string, help: string, extra: Partial<OptionSpec> = {}): OptionSpec => ({ names: [name], metavar, action: "append", help, ...extra }),
  property: (help: string, name = "--property"): OptionSpec => ({ names: [name], metavar: "<key=value>", action: "keyvalue", help }),
};

/** osc-lib parseractions.MultiKeyValueAction's checks, run as each value is parsed (ArgumentTypeError: exit 1). */
export function multiKeyValueCheck(valid: readonly string[], required: readonly string[]): (value: string) => ActionFailure | null {
  return (value) => {
    const keys: string[] = [];
    for (const kv of value.split(",")) {
      const i = kv.indexOf("=");
      if (i < 0) return { usage: false, message: `Expected comma separated 'key=value' pairs, but got: ${kv}` };
      if (i === 0) return { usage: false, message: `Each property key must be specified: ${kv}` };
      keys.push(kv.slice(0, i));
    }
    const invalid = keys.filter((k) => !valid.includes(k));
    if (invalid.length > 0) return { usage: false, message: `Invalid keys ${invalid.join(", ")} specified.\nValid keys are: ${valid.join(", ")}` };
    const missing = required.filter((k) => !keys.includes(k));
    if (missing.length > 0) return { usage: false, message: `Missing required keys ${missing.join(", ")}.\nRequired keys are: ${required.join(", ")}` };
    return null;
  };
}

/** Python's int(): surrounding blanks and a sign are allowed; anything else raises ValueError. */
const pyInt = (text: string): number | null => (/^\s*[-+]?\d+\s*$/.test(text) ? Number.parseInt(text, 10) : null);

/** osc-lib parseractions.RangeAction (`--dst-port 22` or `8000:8080`). */
export function rangeCheck(value: string): ActionFailure | null {
  const parts = value.split(":");
  if (parts.length > 2) return { usage: true, message: "Invalid range, too many values" };
  for (const p of parts) if (pyInt(p) === null) return { usage: false, message: `invalid literal for int() with base 10: '${p}'` };
  const [lo = "", hi] = parts;
  if (hi !== undefined && (pyInt(lo) ?? 0) > (pyInt(hi) ?? 0)) return { usage: true, message: `Invalid range, ${lo} is not less than ${hi}` };
  return null;
}
