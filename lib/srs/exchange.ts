/**
 * Moving cards in and out. Import reads Anki's "Notes in Plain Text" files (File → Export in Anki, or any
 * spreadsheet saved as tab-separated text): one note a line, fields separated by tabs, optional `#key:value`
 * header lines (`#separator:`, `#html:`, `#tags:`, `#columns:`, `#tags column:`), fields in double quotes when
 * they hold a separator, a quote or a line break. Export writes RFC 4180 CSV, which every spreadsheet opens.
 */

export interface ImportedCard {
  front: string;
  back: string;
  tags: string[];
}

export interface ImportProblem {
  line: number;
  message: string;
}

export interface ParsedImport {
  cards: ImportedCard[];
  problems: ImportProblem[];
}

export const IMPORT_MAX_CARDS = 5000;
export const IMPORT_MAX_FIELD_CHARS = 10_000;

const separators: Record<string, string> = { tab: "\t", comma: ",", semicolon: ";", pipe: "|", space: " ", colon: ":" };

/** Splits text into records of fields, honouring quotes (which may span lines); each record keeps its first line number. */
function splitRecords(text: string, separator: string, firstLine: number): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let atFieldStart = true;
  let line = firstLine;
  let recordLine = firstLine;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === "\n") line += 1;
        field += char;
      }
      continue;
    }
    if (char === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
    } else if (char === separator) {
      fields.push(field);
      field = "";
      atFieldStart = true;
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[index + 1] === "\n") index += 1;
      fields.push(field);
      if (fields.some((value) => value.trim() !== "")) records.push({ line: recordLine, fields });
      fields = [];
      field = "";
      atFieldStart = true;
      line += 1;
      recordLine = line;
    } else {
      field += char;
      atFieldStart = false;
    }
  }
  fields.push(field);
  if (fields.some((value) => value.trim() !== "")) records.push({ line: recordLine, fields });
  return records;
}

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Anki fields are HTML by default; Examstack cards are Markdown. Line breaks and paragraphs survive, other tags go. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|h[1-6])>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith("#")) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
      return entities[name.toLowerCase()] ?? whole;
    })
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function parseAnkiText(text: string): ParsedImport {
  const problems: ImportProblem[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  let separator = "\t";
  let html = true;
  let globalTags: string[] = [];
  let tagsColumn: number | null = null;
  let headerLines = 0;
  for (const line of lines) {
    const header = /^#([a-z ]+):(.*)$/i.exec(line);
    if (!header) break;
    headerLines += 1;
    const key = (header[1] as string).trim().toLowerCase();
    const value = (header[2] as string).trim();
    if (key === "separator") {
      const chosen = separators[value.toLowerCase()] ?? (value.length === 1 ? value : undefined);
      if (chosen) separator = chosen;
      else problems.push({ line: headerLines, message: `Unexpected separator \`${value}\`; write tab, comma, semicolon, pipe or a single character.` });
    } else if (key === "html") {
      html = value.toLowerCase() === "true";
    } else if (key === "tags") {
      globalTags = value.split(/\s+/).filter(Boolean);
    } else if (key === "tags column") {
      const column = Number.parseInt(value, 10);
      if (Number.isInteger(column) && column >= 1) tagsColumn = column - 1;
    }
    // Other keys (columns, notetype, deck, guid) name Anki's own structures and do not apply here.
  }
  const body = lines.slice(headerLines).join("\n");
  const cards: ImportedCard[] = [];
  for (const record of splitRecords(body, separator, headerLines + 1)) {
    if (cards.length >= IMPORT_MAX_CARDS) {
      problems.push({ line: record.line, message: `Expected at most ${IMPORT_MAX_CARDS} cards in one file; the rest were not imported.` });
      break;
    }
    const clean = (value: string | undefined) => {
      const raw = value ?? "";
      return (html ? htmlToText(raw) : raw.trim()).slice(0, IMPORT_MAX_FIELD_CHARS);
    };
    const content = record.fields.filter((_, index) => index !== tagsColumn);
    const front = clean(content[0]);
    const back = clean(content[1]);
    if (!front || !back) {
      problems.push({ line: record.line, message: "Expected a front and a back separated by the separator; this line has only one field." });
      continue;
    }
    const ownTags = tagsColumn === null ? [] : (record.fields[tagsColumn] ?? "").split(/\s+/).filter(Boolean);
    cards.push({ front, back, tags: [...new Set([...globalTags, ...ownTags])] });
  }
  return { cards, problems };
}

/** The same format back: a file Anki and Examstack both import (plain text, tab-separated, tags in column 3). */
export function formatAnkiText(cards: readonly ImportedCard[]): string {
  const quote = (value: string) => (/[\t\n\r"]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const header = ["#separator:tab", "#html:false", "#tags column:3"];
  return [...header, ...cards.map((card) => [card.front, card.back, card.tags.join(" ")].map(quote).join("\t"))].join("\n") + "\n";
}

export type CsvValue = string | number | boolean | Date | null | undefined;

/** RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line break. */
export function formatCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const field = (value: CsvValue) => {
    const text = value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
    // A leading =, +, - or @ makes spreadsheets run the cell as a formula; a quote mark keeps it text.
    const safe = /^[=+\-@]/.test(text) && typeof value === "string" ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [header, ...rows].map((row) => row.map(field).join(",")).join("\r\n") + "\r\n";
}
