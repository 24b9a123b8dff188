import path from "node:path";
import { describe, expect, it } from "vitest";
import { grade } from "@/lib/checker";
import { loadContent } from "@/lib/content";
import { playAndGrade, startLab } from "@/lib/labs/runtime";

// Every bundled lab, played on the simulator: the reference solution earns every point, the untouched start
// earns none, and each declared half solution (`:::partial{expect=N}`) earns exactly N. Draft labs (those whose
// services the simulator lacks) are listed, so that one silently turning draft is noticed; today there are none.
const content = await loadContent(path.join(process.cwd(), "content"));
const playable = content.labs.filter((lab) => !lab.draft);
const KNOWN_DRAFTS: string[] = [];

describe("bundled labs", () => {
  it("parse without diagnostics", () => {
    expect(content.diagnostics.filter((d) => d.file.startsWith("labs/"))).toEqual([]);
    expect(playable.length).toBeGreaterThanOrEqual(30);
  });

  it("keep only the known drafts out of play", () => {
    expect(content.labs.filter((lab) => lab.draft).map((lab) => lab.id)).toEqual(KNOWN_DRAFTS);
  });

  for (const lab of playable) {
    describe(lab.id, () => {
      it("untouched start scores zero", () => {
        const start = startLab(lab);
        expect(start.ok).toBe(true);
        if (start.ok) expect(grade(start.value.state, lab.checks).score).toBe(0);
      });

      it("reference solution scores full marks", () => {
        const played = playAndGrade(lab, lab.solution);
        expect(played.ok && played.value.grade.results.filter((r) => !r.passed)).toEqual([]);
        expect(played.ok && played.value.grade.score).toBe(lab.points);
      });

      it("has a half solution and it scores the expected partial credit", () => {
        expect(lab.partials.length).toBeGreaterThan(0);
        for (const partial of lab.partials) {
          const played = playAndGrade(lab, partial.commands);
          expect(played.ok && played.value.grade.score).toBe(partial.expect);
          expect(partial.expect).toBeGreaterThan(0);
          expect(partial.expect).toBeLessThan(lab.points);
        }
      });
    });
  }
});
