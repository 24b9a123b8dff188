import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic, loadContent } from "@/lib/content";

// Loading the bundled content parses every file and plays every lab and command question on the simulator,
// which takes several seconds on a busy 2-core machine.
const loadBudgetMs = 60_000;

// The acceptance bar for the bundled content: `npm run content:check` finds nothing.
describe("the bundled content", () => {
  it("has no diagnostics", { timeout: loadBudgetMs }, async () => {
    const content = await loadContent(path.join(process.cwd(), "content"));
    expect(content.diagnostics.map((d) => formatDiagnostic(d, "content"))).toEqual([]);
    expect(content.notes.length).toBeGreaterThan(0);
  });
});
