import type { Draft } from "../state";
import type { CloudError } from "../errors";
import type { Result } from "../result";

// The declarative shape of one `openstack` command (cliff Command + its argparse parser) and of what its
// handler returns. Handlers never print: one formatter renders every output format.

export type OptionAction = "store" | "store_true" | "store_false" | "append" | "keyvalue" | "store_const";

export interface OptionSpec {
  /** e.g. ["--password"] or ["-t", "--template"]. */
  names: string[];
  /** Key in the parsed arguments; defaults to the long name in camelCase (`--user-domain` → `userDomain`). */
  dest?: string;
  /** Shown in usage/help, e.g. "<password>". Not used by flags. */
  metavar?: string;
  action?: OptionAction;
  type?: "string" | "int";
  choices?: readonly string[];
  required?: boolean;
  default?: unknown;
  /** For store_const. */
  const?: unknown;
  help: string;
  /** Hidden from help and usage (argparse.SUPPRESS). */
  hidden?: boolean;
  /**
   * The validation a custom argparse Action runs on each value as it is parsed (osc-lib's MultiKeyValueAction,
   * RangeAction, OSC's NICAction). `usage: true` mirrors an `argparse.ArgumentError` (usage line, exit 2);
   * otherwise the exception escapes argparse and cliff logs its bare message with exit 1, before sign-in.
   */
  check?: (value: string) => ActionFailure | null;
}

export interface ActionFailure { usage: boolean; message: string }

export interface PositionalSpec {
  dest: string;
  metavar: string;
  /** 1 (default), "?" optional, "+" one or more, "*" any. */
  nargs?: 1 | "?" | "+" | "*";
  help: string;
}

export interface ExclusiveGroup {
  dests: string[];
  required?: boolean;
}

export type Value = string | number | boolean | null | Formatted;

/** cliff's FormattableColumn: a human form for tables, a machine form for json/yaml/value. */
export interface Formatted {
  readonly formatted: true;
  readonly human: string;
  readonly machine: unknown;
}

/**
 * `preface` is stdout printed before the formatted result: what a client writes itself while it works, such as
 * the event lines heatclient prints while `stack create --wait` polls, before cliff prints the stack table.
 */
interface OutputExtras { warnings?: string[]; failure?: string; preface?: string }
export type CommandOutput =
  | ({ kind: "show"; fields: [string, Value][] } & OutputExtras)
  | ({ kind: "list"; columns: string[]; rows: Value[][] } & OutputExtras)
  | ({ kind: "none" } & OutputExtras)
  /** Raw stdout, e.g. a generated private key or a console log. */
  | ({ kind: "text"; text: string } & OutputExtras);

/** The signed-in caller, as keystone's token describes it. */
export interface AuthContext {
  userId: string;
  userName: string;
  userDomainId: string;
  projectId: string;
  projectName: string;
  projectDomainId: string;
  /** Effective role names on the project, implied roles expanded (admin ⊃ member ⊃ reader). */
  roles: string[];
  regionName: string;
  tokenId: string;
  expiresAt: number;
}

export interface VirtualFiles {
  read(path: string): string | undefined;
  /** Writes are applied only when the command succeeds. */
  write(path: string, content: string): void;
  exists(path: string): boolean;
}

export interface CommandContext {
  draft: Draft;
  auth: AuthContext;
  files: VirtualFiles;
  env: Readonly<Record<string, string>>;
  /** The request id the failed call will print, fixed per command so stdout and the log agree. */
  requestId: string;
}

export type ParsedArgs = Record<string, unknown>;

export interface CommandSpec {
  /** Command words, e.g. ["project", "create"]. */
  words: string[];
  /** First line is the summary shown by `openstack help`. */
  description: string;
  /** Decides the formatter options (show: json/shell/table/value/yaml; list: csv/json/table/value/yaml). */
  output: "show" | "list" | "none";
  /**
   * A command's own formatter set, when its plugin namespace differs from cliff's (heatclient's `stack event
   * list` adds `log` and makes it the default). The handler renders the extra formats itself as `text`.
   */
  formats?: { choices: readonly string[]; default: string };
  options?: OptionSpec[];
  positionals?: PositionalSpec[];
  exclusive?: ExclusiveGroup[];
  /** Commands that do not need a token (none today besides `help`/`--version`, kept for completeness). */
  noAuth?: boolean;
  run(args: ParsedArgs, ctx: CommandContext): Result<CommandOutput, CloudError>;
}

export const formatted = (human: string, machine: unknown): Formatted => ({ formatted: true, human, machine });

export function isFormatted(v: unknown): v is Formatted {
  return typeof v === "object" && v !== null && (v as { formatted?: unknown }).formatted === true;
}

/** osc-lib format_columns.ListColumn: `utils.format_list`, so sorted and joined with `, ` in tables; a list in json/yaml. */
export const listColumn = (items: readonly unknown[]): Formatted =>
  formatted(items.map((i) => (typeof i === "string" ? i : pyRepr(i))).sort(pyCompare).join(", "), [...items]);

/** Python's `sorted()` order for strings: by code point, not by locale. */
export const pyCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * osc-lib utils.format_dict, DictColumn's table form: sorted keys, every value as `key='str(value)'` (so
 * `os_hidden='False'`, `size='1'`), None as a bare `key=`, nested dicts flattened as `outer.inner='v'`
 * (an empty nested dict leaves an empty `, ,` slot, as upstream does).
 */
export function formatDict(data: Readonly<Record<string, unknown>>, prefix = ""): string {
  let out = "";
  for (const k of Object.keys(data).sort(pyCompare)) {
    const key = prefix ? `${prefix}.${k}` : k;
    const v = data[k];
    if (v !== null && typeof v === "object" && !Array.isArray(v) && !isFormatted(v)) out += `${formatDict(v as Record<string, unknown>, key)}, `;
    else if (v !== null && v !== undefined) out += `${key}='${pyStr(v)}', `;
    else out += `${key}=, `;
  }
  return out.slice(0, -2);
}

/** osc-lib format_columns.DictColumn: `a='1', b='2'` (utils.format_dict) in tables, the dict in json/yaml. */
export const dictColumn = (obj: Readonly<Record<string, unknown>>): Formatted => formatted(formatDict(obj), { ...obj });

/** Python's repr(), which the value and shell formatters reach through str() of lists and dicts. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === "string") {
    const quote = v.includes("'") && !v.includes('"') ? '"' : "'";
    const body = v
      .replace(/\\/g, "\\\\")
      .replace(/\n/g, "\\n")
      .replace(/\r/g, "\\r")
      .replace(/\t/g, "\\t");
    return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
  }
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  if (isFormatted(v)) return pyRepr(v.machine);
  if (typeof v === "object") {
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`)
      .join(", ")}}`;
  }
  return String(v);
}

/** Python's str(): strings bare, everything else as repr. */
export function pyStr(v: unknown): string {
  if (typeof v === "string") return v;
  if (isFormatted(v)) return pyStr(v.machine);
  return pyRepr(v);
}
