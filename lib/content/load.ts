import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { checkContent } from "./check";
import { compareDiagnostics } from "./diagnostics";
import { emptyParsedContent, fileKindOf, folderKinds, parseContentFile, type ParsedContent } from "./parse";

export interface ContentFile {
  /** Relative to the content folder, forward slashes. */
  path: string;
  text: string;
}

/** Every Markdown file under the folders the importer understands, sorted by path for a stable order. */
export async function readContentFolder(dir: string): Promise<ContentFile[]> {
  const files: ContentFile[] = [];
  const walk = async (folder: string) => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && entry.name.endsWith(".md")) {
        files.push({ path: relative(dir, full).split(sep).join("/"), text: await readFile(full, "utf8") });
      }
    }
  };
  for (const folder of Object.keys(folderKinds)) {
    const full = join(dir, folder);
    const exists = await readdir(full).then(
      () => true,
      () => false,
    );
    if (exists) await walk(full);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Parses every file, then runs the cross-file checks. Diagnostics come back sorted by file and line; the
 * records are only to be used when there are none.
 */
export function parseContent(files: readonly ContentFile[]): ParsedContent {
  const all = emptyParsedContent();
  for (const file of files) {
    const kind = fileKindOf(file.path);
    if (!kind) continue;
    const parsed = parseContentFile(file.path, file.text, kind);
    all.notes.push(...parsed.notes);
    all.questions.push(...parsed.questions);
    all.cards.push(...parsed.cards);
    all.decks.push(...parsed.decks);
    all.blueprints.push(...parsed.blueprints);
    all.labs.push(...parsed.labs);
    all.declaredIds.push(...parsed.declaredIds);
    all.noteReferences.push(...parsed.noteReferences);
    all.diagnostics.push(...parsed.diagnostics);
  }
  all.diagnostics.push(...checkContent(all));
  all.diagnostics.sort(compareDiagnostics);
  return all;
}

export async function loadContent(dir: string): Promise<ParsedContent> {
  return parseContent(await readContentFolder(dir));
}
