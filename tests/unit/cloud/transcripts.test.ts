import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseTranscript, renderTranscript } from "./transcript";

const DIR = join(__dirname, "../../fixtures/cloud");
// Golden files this suite must find; a missing one is a failure, never silently skipped.
const REQUIRED = ["identity-projects.txt", "identity-users-groups.txt", "identity-roles.txt", "identity-catalog.txt", "cli-behaviour.txt", "shell.txt", "compute-servers.txt", "compute-flavors-hosts.txt", "object-storage.txt", "orchestration-stacks.txt", "image-basics.txt", "image-sharing.txt", "volume-basics.txt", "volume-types-backups.txt", "volume-policy.txt", "network-core.txt", "network-routing.txt", "network-security.txt", "network-ipv6.txt", "catalog-extras.txt", "identity-federation.txt", "compute-availability-zones.txt", "compute-server-image.txt", "compute-server-waits.txt", "identity-sdk-errors.txt"];
const updating = process.env.UPDATE === "1" && !process.env.CI;

describe("cloud transcripts", () => {
  // catalog-commands.txt is the command list catalog.test.ts reads, not a transcript.
  const present = readdirSync(DIR).filter((f) => f.endsWith(".txt") && f !== "catalog-commands.txt");

  it("has every required transcript", () => {
    expect(present).toEqual(expect.arrayContaining(REQUIRED));
  });

  for (const file of present.sort()) {
    it(file, () => {
      const path = join(DIR, file);
      const text = readFileSync(path, "utf8");
      const entries = parseTranscript(text);
      expect(entries.length).toBeGreaterThan(0);
      const actual = renderTranscript(entries);
      if (updating) writeFileSync(path, actual);
      else expect(actual).toBe(text);
    });
  }
});
