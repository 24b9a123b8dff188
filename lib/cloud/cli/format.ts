import { stringify as yamlStringify } from "yaml";
import { isFormatted, pyRepr, pyStr, type Value } from "./spec";
import { wrapText } from "./argparse";

// One formatter for every command, following cliff's formatter plugins (table via prettytable, value, json,
// yaml, csv for lists, shell for single objects) and its -c / --sort-column handling.

export interface FormatOptions {
  formatter: string;
  columns: string[];
  noindent: boolean;
  prefix: string;
  variables: string[];
  maxWidth: number;
  fitWidth: boolean;
  printEmpty: boolean;
  quoteMode: string;
  sortColumns: string[];
  sortDescending: boolean;
  /** The terminal's width when stdout is a terminal (cliff fits tables to it); undefined when piped. */
  terminalWidth?: number;
}

type Align = "l" | "r" | "c";

function human(v: Value): string {
  if (isFormatted(v)) return v.human;
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  return String(v);
}

function machine(v: Value): unknown {
  return isFormatted(v) ? v.machine : v;
}

/** cliff's _format_row: CRLF becomes a line break, a lone CR a space. */
const cellText = (v: Value): string => human(v).replace(/\r\n/g, "\n").replace(/\r/g, " ");

function justify(text: string, width: number, align: Align): string {
  const excess = width - text.length;
  if (excess <= 0) return text;
  if (align === "l") return text + " ".repeat(excess);
  if (align === "r") return " ".repeat(excess) + text;
  const half = Math.floor(excess / 2);
  if (excess % 2 === 0) return " ".repeat(half) + text + " ".repeat(half);
  return text.length % 2 === 1 ? " ".repeat(half) + text + " ".repeat(half + 1) : " ".repeat(half + 1) + text + " ".repeat(half);
}

/** Python textwrap.fill as prettytable applies it per line when a column has a max width. */
function wrapCell(text: string, width: number): string {
  return text
    .split("\n")
    .map((line) => {
      if (line.length <= width) return line;
      const out: string[] = [];
      for (const piece of wrapText(line, width)) {
        let rest = piece;
        while (rest.length > width) {
          out.push(rest.slice(0, width));
          rest = rest.slice(width);
        }
        out.push(rest);
      }
      return out.join("\n");
    })
    .join("\n");
}

/** prettytable's default style as cliff configures it (padding 1, `+---+` rules, header). */
export function drawTable(headers: string[], rows: string[][], aligns: Align[], maxWidths: Map<number, number> = new Map()): string {
  const cells = rows.map((r) => r.map((c, i) => (maxWidths.has(i) ? wrapCell(c, maxWidths.get(i) ?? 0) : c)));
  const widths = headers.map((h, i) => {
    let w = h.length;
    for (const row of cells) for (const line of (row[i] ?? "").split("\n")) w = Math.max(w, line.length);
    const cap = maxWidths.get(i);
    return cap !== undefined && h.length > cap ? Math.max(w, cap) : w;
  });
  const rule = "+" + widths.map((w) => "-".repeat(w + 2)).join("+") + "+";
  const line = (texts: string[]): string => "|" + texts.map((t, i) => " " + justify(t, widths[i] ?? 0, aligns[i] ?? "l") + " ").join("|") + "|";
  const out = [rule, line(headers), rule];
  for (const row of cells) {
    const split = row.map((c) => c.split("\n"));
    const height = Math.max(1, ...split.map((s) => s.length));
    for (let k = 0; k < height; k++) out.push(line(split.map((s) => s[k] ?? "")));
  }
  out.push(rule);
  return out.join("\n");
}

/** cliff TableFormatter._assign_max_widths: shrink the widest columns so the table fits the width. */
function fitWidths(headers: string[], rows: string[][], aligns: Align[], termWidth: number, minWidth: number): Map<number, number> {
  const first = drawTable(headers, rows, aligns).split("\n")[0] ?? "";
  if (first.length <= termWidth) return new Map();
  const fieldWidths = first.split("+").slice(1, -1).map((s) => Math.max(0, s.length - 2));
  const usable = Math.max(0, termWidth - 1 - 3 * headers.length);
  const optimal = headers.length === 0 ? 0 : Math.max(0, Math.floor(usable / headers.length));
  const shrink: number[] = [];
  let remaining = usable;
  fieldWidths.forEach((w, i) => {
    if (w <= optimal) remaining -= w;
    else shrink.push(i);
  });
  const result = new Map<number, number>();
  if (shrink.length === 0) return result;
  const shrinkTo = Math.floor(remaining / shrink.length);
  for (const i of shrink.slice(0, -1)) {
    result.set(i, Math.max(minWidth, shrinkTo));
    remaining -= shrinkTo;
  }
  result.set(shrink[shrink.length - 1] ?? 0, Math.max(minWidth, remaining));
  return result;
}

function tableWidth(opts: FormatOptions): number | undefined {
  if (opts.maxWidth > 0) return opts.maxWidth;
  if (opts.terminalWidth !== undefined) return opts.terminalWidth;
  return undefined;
}

function alignFor(v: Value | undefined): Align {
  return typeof v === "number" ? "r" : "l";
}

// ------------------------------------------------------------ JSON as Python's json.dump writes it

function pyJson(v: unknown, indent: number | null, level = 0): string {
  if (isFormatted(v)) return pyJson(v.machine, indent, level);
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return Number.isFinite(v) ? (Number.isInteger(v) ? String(v) : String(v)) : "NaN";
  // Counts past 2^53 (the addresses of an IPv6 /64) travel as bigint; Python prints them as plain integers.
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string") return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  const pad = indent === null ? "" : "\n" + " ".repeat(indent * (level + 1));
  const end = indent === null ? "" : "\n" + " ".repeat(indent * level);
  const sep = indent === null ? ", " : ",";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return "[" + v.map((x) => pad + pyJson(x, indent, level + 1)).join(sep) + end + "]";
  }
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  return "{" + entries.map(([k, x]) => pad + JSON.stringify(k) + ": " + pyJson(x, indent, level + 1)).join(sep) + end + "}";
}

function toPlain(v: unknown): unknown {
  if (isFormatted(v)) return toPlain(v.machine);
  if (Array.isArray(v)) return v.map(toPlain);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
  return v;
}

/**
 * PyYAML safe_dump(default_flow_style=False): block style, sorted keys, single-quoted when needed. PyYAML
 * resolves scalars by YAML 1.1 rules, so strings such as '2018-08-31', 'yes' or 'on' are quoted to stay strings.
 */
export function pyYaml(v: unknown): string {
  return yamlStringify(toPlain(v), { version: "1.1", sortMapEntries: true, singleQuote: true, lineWidth: 0, nullStr: "null", indentSeq: false });
}

// ------------------------------------------------------------ CSV as Python's csv.writer writes it

function csvCell(v: Value, mode: string): string {
  const m = machine(v);
  const isNumber = typeof m === "number" || typeof m === "boolean";
  const text = m === null ? "" : typeof m === "string" ? m : isFormatted(v) ? pyStr(m) : pyStr(m);
  const needs = /[",\n\r]/.test(text);
  if (mode === "all" || (mode === "nonnumeric" && !isNumber) || (mode === "minimal" && needs)) return `"${text.replace(/"/g, '""')}"`;
  if (mode === "none") return text.replace(/([",\\])/g, "\\$1");
  return text;
}

// ------------------------------------------------------------ entry points

export type FormatResult = { ok: true; text: string } | { ok: false; message: string };

function pyTuple(items: string[]): string {
  return items.length === 1 ? `(${pyRepr(items[0])},)` : `(${items.map((c) => pyRepr(c)).join(", ")})`;
}

function selectColumns(columns: string[], wanted: string[]): { ok: true; idx: number[] } | { ok: false; message: string } {
  if (wanted.length === 0) return { ok: true, idx: columns.map((_, i) => i) };
  const idx = columns.map((c, i) => (wanted.includes(c) ? i : -1)).filter((i) => i >= 0);
  if (idx.length === 0) {
    return { ok: false, message: `No recognized column names in ${pyRepr(wanted)}. Recognized columns are ${pyTuple(columns)}.` };
  }
  return { ok: true, idx };
}

export function formatShow(fields: [string, Value][], opts: FormatOptions): FormatResult {
  const names = fields.map((f) => f[0]);
  const sel = selectColumns(names, opts.columns);
  if (!sel.ok) return sel;
  const chosen = sel.idx.map((i) => fields[i] as [string, Value]);
  switch (opts.formatter) {
    case "value":
      return { ok: true, text: chosen.map(([, v]) => pyStr(machine(v)) + "\n").join("") };
    case "json":
      return { ok: true, text: pyJson(Object.fromEntries(chosen), opts.noindent ? null : 2) + "\n" };
    case "yaml":
      return { ok: true, text: pyYaml(Object.fromEntries(chosen)) };
    case "shell":
      return {
        ok: true,
        text: chosen
          .map(([name, v]) => [name.toLowerCase().replace(/ /g, "_").replace(/[:-]/g, "_"), v] as const)
          .filter(([name]) => opts.variables.length === 0 || opts.variables.includes(name))
          .map(([name, v]) => {
            const m = machine(v);
            const text = typeof m === "string" ? m.replace(/"/g, '\\"') : pyStr(m);
            return `${opts.prefix}${name}="${text}"\n`;
          })
          .join(""),
      };
    default: {
      const rows = chosen.map(([k, v]) => [k, cellText(v)]);
      if (rows.length === 0) return { ok: true, text: "\n" };
      const width = tableWidth(opts);
      const fit = width === undefined ? new Map<number, number>() : fitWidths(["Field", "Value"], rows, ["l", "l"], width, 16);
      return { ok: true, text: drawTable(["Field", "Value"], rows, ["l", "l"], fit) + "\n" };
    }
  }
}

function compareValues(a: Value | undefined, b: Value | undefined): number {
  // Python sorts on (value is None, value): None last, then natural order of comparable values.
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an !== bn) return an ? 1 : -1;
  const x = machine(a as Value);
  const y = machine(b as Value);
  if (typeof x === "number" && typeof y === "number") return x - y;
  const xs = pyStr(x);
  const ys = pyStr(y);
  return xs < ys ? -1 : xs > ys ? 1 : 0;
}

export function formatList(columns: string[], rows: Value[][], opts: FormatOptions): FormatResult {
  let data = rows;
  const sortIdx = opts.sortColumns.map((c) => columns.indexOf(c)).filter((i) => i >= 0);
  if (sortIdx.length > 0) {
    data = [...rows];
    for (const i of [...sortIdx].reverse()) {
      data = [...data].sort((r1, r2) => compareValues(r1[i], r2[i]) * (opts.sortDescending ? -1 : 1));
    }
  }
  const sel = selectColumns(columns, opts.columns);
  if (!sel.ok) return sel;
  const cols = sel.idx.map((i) => columns[i] ?? "");
  const picked = data.map((r) => sel.idx.map((i) => r[i] ?? null));
  switch (opts.formatter) {
    case "value":
      return { ok: true, text: picked.map((r) => r.map((v) => pyStr(machine(v))).join(" ") + "\n").join("") };
    case "json":
      return { ok: true, text: pyJson(picked.map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i] ?? null]))), opts.noindent ? null : 2) + "\n" };
    case "yaml":
      return { ok: true, text: picked.length === 0 ? "[]\n" : pyYaml(picked.map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i] ?? null])))) };
    case "csv":
      return { ok: true, text: [cols.map((c) => csvCell(c, opts.quoteMode)), ...picked.map((r) => r.map((v) => csvCell(v, opts.quoteMode)))].map((l) => l.join(",") + "\n").join("") };
    default: {
      if (picked.length === 0 && !opts.printEmpty) return { ok: true, text: "\n" };
      // cliff aligns each column by the type of its value in the first row; prettytable centres otherwise.
      const first = picked[0];
      const aligns: Align[] = cols.map((_, i) => (first ? alignFor(first[i]) : "c"));
      const texts = picked.map((r) => r.map(cellText));
      const width = tableWidth(opts);
      const fit = width === undefined ? new Map<number, number>() : fitWidths(cols, texts, aligns, width, 8);
      return { ok: true, text: drawTable(cols, texts, aligns, fit) + "\n" };
    }
  }
}
