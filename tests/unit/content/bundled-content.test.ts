import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic, loadContent } from "@/lib/content";

// The acceptance bar for the bundled content: `npm run content:check` finds nothing.
describe("the bundled content", () => {
  it("has no diagnostics", async () => {
    const content = await loadContent(path.join(process.cwd(), "content"));
    expect(content.diagnostics.map((d) => formatDiagnostic(d, "content"))).toEqual([]);
    expect(content.notes.length).toBeGreaterThan(0);
  });
});
