// npm run content:import [dir]  — validate the content folder, then write it to the database in one transaction.
// npm run content:check [dir]   — validate only. Both print every mistake as `file:line:column  message` and exit 1
// when there is any (and then nothing is written).
import path from "node:path";
import { createDb } from "../db/client";
import { migrate } from "../db/migrate";
import { formatDiagnostic, type ContentDiagnostic } from "../lib/content/diagnostics";
import { importContent, itemKinds, type ImportProgress, type ImportSummary } from "../lib/content/import";
import { loadContent } from "../lib/content/load";
import { readEnv } from "../lib/env";

const args = process.argv.slice(2);
const checkOnly = args.includes("--check");
const dir = args.find((arg) => !arg.startsWith("--")) ?? "content";

function printDiagnostics(diagnostics: readonly ContentDiagnostic[]): void {
  for (const d of diagnostics) console.log(formatDiagnostic(d, dir));
  const files = new Set(diagnostics.map((d) => d.file)).size;
  console.error(`\n${diagnostics.length} ${diagnostics.length === 1 ? "error" : "errors"} in ${files} ${files === 1 ? "file" : "files"}; nothing was written.`);
}

const BAR_WIDTH = 30;

/** A redrawn bar on a terminal; plain lines (one per step) when piped, so logs stay readable. */
function progressReporter(): (progress: ImportProgress) => void {
  if (!process.stdout.isTTY) {
    return (p) => console.log(`  ${p.label}: ${p.done}/${p.total}`);
  }
  return (p) => {
    const filled = Math.round((p.done / Math.max(p.total, 1)) * BAR_WIDTH);
    const bar = "█".repeat(filled) + "░".repeat(BAR_WIDTH - filled);
    process.stdout.write(`\r  ${bar} ${String(p.done).padStart(String(p.total).length)}/${p.total} ${p.label.padEnd(10)}`);
    if (p.done === p.total) process.stdout.write("\n");
  };
}

const kindTitles = { note: "notes", deck: "decks", card: "cards", question: "questions", blueprint: "blueprints", lab: "labs" } as const;

function summaryTable(summary: ImportSummary): string {
  const header = ["", "added", "changed", "retired", "unchanged"];
  const rows = itemKinds.map((kind) => {
    const c = summary.counts[kind];
    return [kindTitles[kind], String(c.added), String(c.changed), String(c.retired), String(c.unchanged)];
  });
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => (row[i] ?? "").length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), ...rows.map(line)].map((text) => `  ${text}`).join("\n");
}

async function main(): Promise<number> {
  if (checkOnly) {
    const content = await loadContent(dir);
    if (content.diagnostics.length > 0) {
      printDiagnostics(content.diagnostics);
      return 1;
    }
    console.log(
      `${dir}: no errors (${content.notes.length} notes, ${content.questions.length} questions, ${content.cards.length} cards, ` +
        `${content.decks.length} decks, ${content.blueprints.length} blueprints, ${content.labs.length} labs).`,
    );
    return 0;
  }

  const env = readEnv();
  const handle = await createDb({ url: env.DATABASE_URL });
  try {
    await migrate(handle);
    const result = await importContent(handle.db, path.resolve(dir), { onProgress: progressReporter() });
    if (!result.ok) {
      printDiagnostics(result.error);
      return 1;
    }
    const summary = result.value;
    console.log(summaryTable(summary));
    console.log(
      summary.wrote
        ? `Imported ${dir} in ${Math.round(summary.parseMs + summary.writeMs)} ms (parse ${Math.round(summary.parseMs)} ms).`
        : `${dir} is unchanged since the last import; nothing was written.`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}

process.exitCode = await main();
