import type { CommandSpec, ExclusiveGroup, OptionSpec, ParsedArgs, PositionalSpec } from "./spec";

// A small argparse: the parser python-openstackclient uses (through cliff) decides the usage line, the help
// text and every argument error a learner sees, so this mirrors its formatting rules closely.

/** argparse wraps to the terminal width minus two; without a terminal Python falls back to 80 columns. */
export const HELP_WIDTH = 78;
const MAX_HELP_POSITION = 24;

export interface HelpGroup { title: string; description?: string; options: OptionSpec[] }

export interface ParserDef {
  prog: string;
  description: string;
  optionals: OptionSpec[];
  positionals: PositionalSpec[];
  exclusive: ExclusiveGroup[];
  /** Help sections after "options:" (cliff's formatter groups). */
  groups: HelpGroup[];
  /** Options listed under "options:". */
  mainOptions: OptionSpec[];
}

export type ParseOutcome =
  | { ok: true; args: ParsedArgs; help: boolean }
  | { ok: false; message: string; exitCode?: 1 };

export function destOf(o: OptionSpec): string {
  if (o.dest) return o.dest;
  const long = o.names.find((n) => n.startsWith("--")) ?? o.names[0] ?? "";
  return long.replace(/^-+/, "").replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const takesValue = (o: OptionSpec): boolean =>
  o.action === undefined || o.action === "store" || o.action === "append" || o.action === "keyvalue";

const HELP_OPTION: OptionSpec = { names: ["-h", "--help"], dest: "help", action: "store_true", help: "show this help message and exit" };

const SHOW_FORMATS = ["json", "shell", "table", "value", "yaml"] as const;
const LIST_FORMATS = ["csv", "json", "table", "value", "yaml"] as const;

function formatterGroups(kind: CommandSpec["output"], own?: CommandSpec["formats"]): { groups: HelpGroup[]; exclusive: ExclusiveGroup[] } {
  if (kind === "none") return { groups: [], exclusive: [] };
  const formats = own?.choices ?? (kind === "show" ? SHOW_FORMATS : LIST_FORMATS);
  const fallback = own?.default ?? "table";
  const main: HelpGroup = {
    title: "output formatters",
    description: "output formatter options",
    options: [
      { names: ["-f", "--format"], dest: "formatter", choices: formats, default: fallback, help: `the output format, defaults to ${fallback}` },
      { names: ["-c", "--column"], dest: "columns", action: "append", metavar: "COLUMN", default: [], help: "specify the column(s) to include, can be repeated to show multiple columns" },
    ],
  };
  if (kind === "list") {
    main.options.push(
      { names: ["--sort-column"], dest: "sortColumns", action: "append", metavar: "SORT_COLUMN", default: [], help: "specify the column(s) to sort the data (columns specified first have a priority, non-existing columns are ignored), can be repeated" },
      { names: ["--sort-ascending"], dest: "sortAscending", action: "store_true", help: "sort the column(s) in ascending order" },
      { names: ["--sort-descending"], dest: "sortDescending", action: "store_true", help: "sort the column(s) in descending order" },
    );
  }
  const table: HelpGroup = {
    title: "table formatter",
    options: [
      { names: ["--max-width"], dest: "maxWidth", metavar: "<integer>", type: "int", default: 0, help: "Maximum display width, <1 to disable. You can also use the CLIFF_MAX_TERM_WIDTH environment variable, but the parameter takes precedence." },
      { names: ["--fit-width"], dest: "fitWidth", action: "store_true", help: "Fit the table to the display width. Implied if --max-width greater than 0. Set the environment variable CLIFF_FIT_WIDTH=1 to always enable" },
      { names: ["--print-empty"], dest: "printEmpty", action: "store_true", help: "Print empty table if there is no data to show." },
    ],
  };
  const json: HelpGroup = { title: "json formatter", options: [{ names: ["--noindent"], dest: "noindent", action: "store_true", help: "whether to disable indenting the JSON" }] };
  // stevedore loads the formatter plugins in entry-point order, which fixes the order in usage and help.
  if (kind === "show") {
    const shell: HelpGroup = {
      title: "shell formatter",
      description: 'a format a UNIX shell can parse (variable="value")',
      options: [
        { names: ["--prefix"], dest: "prefix", metavar: "PREFIX", default: "", help: "add a prefix to all variable names" },
        { names: ["--variable"], dest: "variables", action: "append", metavar: "VARIABLE", default: [], help: "", hidden: true },
      ],
    };
    return { groups: [main, json, shell, table], exclusive: [] };
  }
  const csv: HelpGroup = {
    title: "CSV Formatter",
    options: [{ names: ["--quote"], dest: "quoteMode", choices: ["all", "minimal", "none", "nonnumeric"], default: "nonnumeric", help: "when to include quotes, defaults to nonnumeric" }],
  };
  return { groups: [main, csv, json, table], exclusive: [{ dests: ["sortAscending", "sortDescending"] }] };
}

export function buildParser(spec: CommandSpec): ParserDef {
  const { groups, exclusive } = formatterGroups(spec.output, spec.formats);
  const own = spec.options ?? [];
  // Usage order: -h, then the formatter options cliff adds in get_parser, then the command's own options.
  // Lister adds --sort-column/--sort-ascending/--sort-descending to the "output formatters" group only after
  // the formatter plugins added theirs, so they come last in usage while help lists them in that group.
  const formatterOptions = groups.flatMap((g) => g.options);
  const isSort = (o: OptionSpec): boolean => o.names[0]?.startsWith("--sort-") ?? false;
  const optionals = [HELP_OPTION, ...formatterOptions.filter((o) => !isSort(o)), ...formatterOptions.filter(isSort), ...own];
  return {
    prog: `openstack ${spec.words.join(" ")}`,
    description: spec.description,
    optionals,
    positionals: spec.positionals ?? [],
    exclusive: [...exclusive, ...(spec.exclusive ?? [])],
    groups,
    mainOptions: [HELP_OPTION, ...own],
  };
}

const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/;
const looksLikeOption = (t: string): boolean => t.startsWith("-") && t !== "-" && !NEGATIVE_NUMBER.test(t);

function optionDisplay(o: OptionSpec): string {
  return o.names.join("/");
}

export function parseArgs(def: ParserDef, argv: readonly string[]): ParseOutcome {
  const args: ParsedArgs = {};
  for (const o of def.optionals) {
    const dest = destOf(o);
    if (o.action === "store_true") args[dest] = o.default ?? false;
    else if (o.action === "store_false") args[dest] = o.default ?? true;
    else if (o.action === "append" || o.action === "keyvalue") args[dest] = Array.isArray(o.default) ? [...o.default] : o.action === "keyvalue" ? {} : [];
    else args[dest] = o.default ?? null;
  }
  for (const p of def.positionals) args[p.dest] = p.nargs === "+" || p.nargs === "*" ? [] : null;

  const byName = new Map<string, OptionSpec>();
  for (const o of def.optionals) for (const n of o.names) byName.set(n, o);
  const longNames = [...byName.keys()].filter((n) => n.startsWith("--"));

  const positionalTokens: string[] = [];
  const extras: string[] = [];
  const seen = new Set<OptionSpec>();
  const seenInGroup = new Map<ExclusiveGroup, OptionSpec>();
  let onlyPositionals = false;

  const resolve = (token: string): { option?: OptionSpec; inline?: string; error?: string } => {
    let name = token;
    let inline: string | undefined;
    if (token.startsWith("--") && token.includes("=")) {
      name = token.slice(0, token.indexOf("="));
      inline = token.slice(token.indexOf("=") + 1);
    }
    const exact = byName.get(name);
    if (exact) return { option: exact, inline };
    if (name.startsWith("--")) {
      const matches = longNames.filter((n) => n.startsWith(name));
      if (matches.length === 1) return { option: byName.get(matches[0] ?? ""), inline };
      if (matches.length > 1) return { error: `ambiguous option: ${name} could match ${matches.join(", ")}` };
      return {};
    }
    // Short option with its value attached: -cName, -fjson.
    const short = byName.get(token.slice(0, 2));
    if (short && takesValue(short) && token.length > 2) return { option: short, inline: token.slice(2).replace(/^=/, "") };
    return {};
  };

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? "";
    if (onlyPositionals) {
      positionalTokens.push(token);
      continue;
    }
    if (token === "--") {
      onlyPositionals = true;
      continue;
    }
    if (!looksLikeOption(token)) {
      positionalTokens.push(token);
      continue;
    }
    const found = resolve(token);
    if (found.error) return { ok: false, message: found.error };
    const o = found.option;
    if (!o) {
      extras.push(token);
      continue;
    }
    const dest = destOf(o);
    for (const group of def.exclusive) {
      if (!group.dests.includes(dest)) continue;
      const other = seenInGroup.get(group);
      if (other && other !== o) return { ok: false, message: `argument ${optionDisplay(o)}: not allowed with argument ${optionDisplay(other)}` };
      seenInGroup.set(group, o);
    }
    seen.add(o);
    if (dest === "help") return { ok: true, args, help: true };
    if (!takesValue(o)) {
      if (found.inline !== undefined) return { ok: false, message: `argument ${optionDisplay(o)}: ignored explicit argument '${found.inline}'` };
      args[dest] = o.action === "store_true" ? true : o.action === "store_false" ? false : o.const ?? null;
      continue;
    }
    let value = found.inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || looksLikeOption(next) || next === "--") return { ok: false, message: `argument ${optionDisplay(o)}: expected one argument` };
      value = next;
      i++;
    }
    let typed: unknown = value;
    if (o.type === "int") {
      if (!/^\s*[-+]?\d+\s*$/.test(value)) return { ok: false, message: `argument ${optionDisplay(o)}: invalid int value: ${pyQuote(value)}` };
      typed = Number.parseInt(value, 10);
    }
    if (o.choices && !o.choices.includes(value)) {
      return { ok: false, message: `argument ${optionDisplay(o)}: invalid choice: ${pyQuote(value)} (choose from ${o.choices.map(pyQuote).join(", ")})` };
    }
    const failure = o.check?.(value);
    if (failure) return failure.usage ? { ok: false, message: `argument ${optionDisplay(o)}: ${failure.message}` } : { ok: false, message: failure.message, exitCode: 1 };
    if (o.action === "append") (args[dest] as unknown[]).push(typed);
    else if (o.action === "keyvalue") {
      // osc-lib parseractions.KeyValueAction
      if (!value.includes("=")) return { ok: false, message: `argument ${optionDisplay(o)}: Expected 'key=value' type, but got: ${value}` };
      const key = value.slice(0, value.indexOf("="));
      if (key === "") return { ok: false, message: `argument ${optionDisplay(o)}: Property key must be specified: ${value}` };
      (args[dest] as Record<string, string>)[key] = value.slice(value.indexOf("=") + 1);
    } else args[dest] = typed;
  }

  // Hand out positional tokens: fixed ones first, then optional/variadic ones greedily (argparse's regex match).
  const required = def.positionals.reduce((n, p) => n + (p.nargs === undefined || p.nargs === 1 || p.nargs === "+" ? 1 : 0), 0);
  let spare = positionalTokens.length - required;
  const missing: string[] = [];
  let cursor = 0;
  for (const p of def.positionals) {
    const nargs = p.nargs ?? 1;
    if (nargs === 1) {
      if (cursor < positionalTokens.length) args[p.dest] = positionalTokens[cursor++];
      else missing.push(p.metavar);
    } else if (nargs === "?") {
      if (spare > 0 && cursor < positionalTokens.length) {
        args[p.dest] = positionalTokens[cursor++];
        spare--;
      }
    } else {
      const take = (nargs === "+" ? 1 : 0) + Math.max(spare, 0);
      const slice = positionalTokens.slice(cursor, cursor + take);
      if (nargs === "+" && slice.length === 0) missing.push(p.metavar);
      args[p.dest] = slice;
      cursor += slice.length;
      spare -= Math.max(0, slice.length - (nargs === "+" ? 1 : 0));
    }
  }
  for (const o of def.optionals) if (o.required && !seen.has(o)) missing.push(o.names.join("/"));
  if (missing.length > 0) return { ok: false, message: `the following arguments are required: ${missing.join(", ")}` };
  for (const group of def.exclusive) {
    if (group.required && !seenInGroup.has(group)) {
      const names = def.optionals.filter((o) => group.dests.includes(destOf(o))).map((o) => o.names[o.names.length - 1]);
      return { ok: false, message: `one of the arguments ${names.join(" ")} is required` };
    }
  }
  extras.push(...positionalTokens.slice(cursor));
  if (extras.length > 0) return { ok: false, message: `unrecognized arguments: ${extras.join(" ")}` };
  return { ok: true, args, help: false };
}

export function pyQuote(s: string): string {
  return s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

// ------------------------------------------------------------------ usage and help

function metavarOf(o: OptionSpec): string {
  if (o.metavar) return o.metavar;
  if (o.choices) return `{${o.choices.join(",")}}`;
  return destOf(o).toUpperCase();
}

function usagePart(o: OptionSpec): string {
  const name = o.names[0] ?? "";
  return takesValue(o) ? `${name} ${metavarOf(o)}` : name;
}

function positionalUsage(p: PositionalSpec): string {
  switch (p.nargs ?? 1) {
    case "?": return `[${p.metavar}]`;
    case "+": return `${p.metavar} [${p.metavar} ...]`;
    case "*": return `[${p.metavar} ...]`;
    default: return p.metavar;
  }
}

function optionalParts(def: ParserDef): string[] {
  const parts: string[] = [];
  const done = new Set<OptionSpec>();
  for (const o of def.optionals) {
    if (done.has(o) || o.hidden) continue;
    const group = def.exclusive.find((g) => g.dests.includes(destOf(o)));
    if (group) {
      const members = def.optionals.filter((m) => group.dests.includes(destOf(m)));
      members.forEach((m) => done.add(m));
      const inner = members.map(usagePart).join(" | ");
      parts.push(group.required ? `(${inner})` : `[${inner}]`);
      continue;
    }
    done.add(o);
    parts.push(o.required ? usagePart(o) : `[${usagePart(o)}]`);
  }
  return parts;
}

/** argparse's usage wrapping: options after the program name, positionals on their own lines when long. */
export function formatUsage(def: ParserDef, width = HELP_WIDTH): string {
  const prefix = "usage: ";
  const opt = optionalParts(def);
  const pos = def.positionals.map(positionalUsage);
  const oneLine = [def.prog, ...opt, ...pos].join(" ");
  if (prefix.length + oneLine.length <= width) return prefix + oneLine;
  const textWidth = width;
  const getLines = (parts: string[], indent: string, pfx?: string): string[] => {
    const lines: string[] = [];
    let line: string[] = [];
    let lineLen = pfx !== undefined ? pfx.length - 1 : indent.length - 1;
    for (const part of parts) {
      if (lineLen + 1 + part.length > textWidth && line.length > 0) {
        lines.push(indent + line.join(" "));
        line = [];
        lineLen = indent.length - 1;
      }
      line.push(part);
      lineLen += part.length + 1;
    }
    if (line.length > 0) lines.push(indent + line.join(" "));
    if (pfx !== undefined && lines.length > 0) lines[0] = (lines[0] ?? "").slice(indent.length);
    return lines;
  };
  let lines: string[];
  if (prefix.length + def.prog.length <= 0.75 * textWidth) {
    const indent = " ".repeat(prefix.length + def.prog.length + 1);
    if (opt.length > 0) {
      lines = getLines([def.prog, ...opt], indent, prefix);
      if (pos.length > 0) lines.push(...getLines(pos, indent));
    } else lines = getLines([def.prog, ...pos], indent, prefix);
  } else {
    const indent = " ".repeat(prefix.length);
    lines = [def.prog, ...getLines([...opt, ...pos], indent)];
  }
  return prefix + lines.join("\n");
}

function invocation(o: OptionSpec): string {
  if (!takesValue(o)) return o.names.join(", ");
  return o.names.map((n) => `${n} ${metavarOf(o)}`).join(", ");
}

export function wrapText(text: string, width: number): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line === "") line = w;
    else if (line.length + 1 + w.length <= width) line += " " + w;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

export function formatHelp(def: ParserDef, width = HELP_WIDTH): string {
  const visible = (os: OptionSpec[]): OptionSpec[] => os.filter((o) => !o.hidden);
  const entries: { inv: string; help: string }[] = [];
  const positionals = def.positionals.map((p) => ({ inv: p.metavar, help: p.help }));
  const sections: { title: string; description?: string; items: { inv: string; help: string }[] }[] = [];
  if (positionals.length > 0) sections.push({ title: "positional arguments", items: positionals });
  sections.push({ title: "options", items: visible(def.mainOptions).map((o) => ({ inv: invocation(o), help: o.help })) });
  for (const g of def.groups) sections.push({ title: g.title, description: g.description, items: visible(g.options).map((o) => ({ inv: invocation(o), help: o.help })) });
  for (const s of sections) entries.push(...s.items);
  const maxLen = Math.max(0, ...entries.map((e) => e.inv.length + 2));
  const helpPosition = Math.min(maxLen + 2, Math.min(MAX_HELP_POSITION, Math.max(width - 20, 4)));
  const helpWidth = Math.max(width - helpPosition, 11);
  const actionWidth = helpPosition - 2 - 2;
  const out: string[] = [formatUsage(def, width), ""];
  if (def.description) out.push(...def.description.split("\n"), "");
  for (const s of sections) {
    out.push(`${s.title}:`);
    if (s.description) out.push(`  ${s.description}`, "");
    for (const e of s.items) {
      const lines = wrapText(e.help, helpWidth);
      if (lines.length === 0) {
        out.push(`  ${e.inv}`);
        continue;
      }
      if (e.inv.length <= actionWidth) out.push(`  ${e.inv.padEnd(actionWidth)}  ${lines[0]}`);
      else out.push(`  ${e.inv}`, `${" ".repeat(helpPosition)}${lines[0]}`);
      for (const l of lines.slice(1)) out.push(`${" ".repeat(helpPosition)}${l}`);
    }
    out.push("");
  }
  return out.join("\n").replace(/\n+$/, "\n");
}
