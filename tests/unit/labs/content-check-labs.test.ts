import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

// `npm run content:check` on lab files that must be rejected, each pointing at the author's line.
describe("content:check rejects broken labs with file:line", () => {
  const dir = "tests/fixtures/content/labs";
  const run = spawnSync(path.join(process.cwd(), "node_modules/.bin/tsx"), ["scripts/content-import.ts", "--check", dir], { encoding: "utf8" });
  const lines = run.stdout.split("\n").filter(Boolean);

  it("fails", () => {
    expect(run.status).toBe(1);
  });

  it("an unknown check kind, at the `check:` line", () => {
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${dir}/labs/unknown-check\\.md:19:\\d+  Unexpected check kind \`exist\``)));
  });

  it("a resource kind the cloud lacks, at the `resource:` line", () => {
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${dir}/labs/unknown-resource\\.md:19:\\d+  Unexpected resource kind \`loadbalancer\``)));
  });

  it("a solution that fails its own checks, at the solution's line", () => {
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${dir}/labs/solution-fails\\.md:37:1  Expected the \`:::solution\` to earn all 3 points, but it earns 1: \`bob\` fails \\(No user named bob exists\\.\\)`)));
  });

  it("reports nothing else", () => {
    expect(lines).toHaveLength(3);
  });
});
