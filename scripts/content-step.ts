// The content step of a server start: import content/ (lib/content/import) and say what changed. On errors
// nothing is written; they are printed as file:line:column and the start stops.
import path from "node:path";
import type { Db } from "../db/client";
import { formatDiagnostic } from "../lib/content/diagnostics";
import { importContent, itemKinds } from "../lib/content/import";

export async function importBundledContent(db: Db, dir: string, log: (line: string) => void): Promise<boolean> {
  const result = await importContent(db, dir, { recordRejection: true });
  if (!result.ok) {
    const relative = path.relative(process.cwd(), dir) || ".";
    for (const diagnostic of result.error) log(formatDiagnostic(diagnostic, relative));
    log(`  ${result.error.length} content errors; nothing was imported`);
    return false;
  }
  const { counts, wrote } = result.value;
  const total = (key: "added" | "changed" | "retired" | "unchanged") => itemKinds.reduce((sum, kind) => sum + counts[kind][key], 0);
  log(
    wrote
      ? `  content imported: ${total("added")} added, ${total("changed")} changed, ${total("retired")} retired, ${total("unchanged")} unchanged`
      : `  content unchanged (${total("unchanged")} items)`,
  );
  return true;
}
