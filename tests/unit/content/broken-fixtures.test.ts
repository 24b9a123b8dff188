import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadContent } from "@/lib/content";

// Each file under broken/ holds one mistake (plus the valid notes and questions they lean on); the expected
// diagnostics, one `file:line:column  ruleId` per line, sit beside them. `UPDATE=1` rewrites the golden file
// locally; a missing golden file fails, so CI can never create it.
const folder = path.join(process.cwd(), "tests/fixtures/content/broken");
const expectedFile = path.join(folder, "expected-diagnostics.txt");

describe("content check on the broken fixtures", () => {
  it("reports exactly the expected diagnostic for each broken file, in file and line order", async () => {
    const content = await loadContent(folder);
    const actual = content.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}  ${d.ruleId}`).join("\n") + "\n";
    if (process.env.UPDATE === "1") await writeFile(expectedFile, actual);
    const expected = await readFile(expectedFile, "utf8");
    expect(actual).toBe(expected);
  });

  it("has at least fifteen broken files, each with exactly one mistake", async () => {
    const content = await loadContent(folder);
    const perFile = new Map<string, number>();
    for (const d of content.diagnostics) perFile.set(d.file, (perFile.get(d.file) ?? 0) + 1);
    expect(perFile.size).toBeGreaterThanOrEqual(15);
    expect([...perFile.entries()].filter(([, count]) => count !== 1)).toEqual([]);
  });

  it("writes every message in the Expected/Unexpected grammar", async () => {
    const content = await loadContent(folder);
    for (const d of content.diagnostics) expect(d.message).toMatch(/^(Expected|Unexpected) /);
  });
});
