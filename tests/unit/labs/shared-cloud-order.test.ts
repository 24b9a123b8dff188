import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadContent } from "@/lib/content";
import { composeSharedCloud, labsFitTogether } from "@/lib/labs/shared-cloud";

// An exam checks that its drawn labs fit together in the order it drew them, then shuffles its items and builds
// the shared cloud in item order. So labs that fit must compose in every order: a setup that ends as another
// user (`source demo-openrc`) must not make the next lab's admin setup fail. (Before this held, about one start
// of the full mock exam in thirteen failed.)
const content = await loadContent(path.join(process.cwd(), "content"));
const playable = content.labs.filter((lab) => !lab.draft);

describe("labs sharing one exam cloud", () => {
  it("compose in either order whenever they fit together", () => {
    const refused: string[] = [];
    let fitting = 0;
    for (const [index, first] of playable.entries()) {
      for (const second of playable.slice(index + 1)) {
        if (first.topic === second.topic || !labsFitTogether([first, second])) continue;
        fitting += 1;
        const reversed = composeSharedCloud([second, first]);
        if (!reversed.ok) refused.push(`${second.id} then ${first.id}: ${JSON.stringify(reversed.error)}`);
      }
    }
    expect(fitting).toBeGreaterThan(100);
    expect(refused).toEqual([]);
  }, 120_000);
});
