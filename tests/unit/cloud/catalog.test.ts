import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createSession } from "@/lib/cloud";

// Every command of the course's CLI catalog (tests/fixtures/cloud/catalog-commands.txt, copied from the research
// catalog) must be one the simulated client knows, and the ones today's client dropped must be unknown to it too.
const lines = readFileSync(join(__dirname, "../../fixtures/cloud/catalog-commands.txt"), "utf8").split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));
const present = lines.filter((l) => !l.startsWith("- ")).map((l) => l.trim());
const removed = lines.filter((l) => l.startsWith("- ")).map((l) => l.slice(2).replace(/\s+#.*$/, "").trim());

describe("the course's command catalog", () => {
  it("lists a realistic share of the catalog", () => {
    expect(present.length).toBeGreaterThan(90);
    expect(removed.length).toBeGreaterThan(0);
  });

  it.each(present)("openstack %s --help prints its usage line", (words) => {
    const r = createSession({ seed: 1 }).run(`openstack ${words} --help`);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith(`usage: openstack ${words} [-h]`)).toBe(true);
  });

  it.each(removed)("openstack %s is not a command of today's client", (words) => {
    const r = createSession({ seed: 1 }).run(`openstack ${words}`);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toContain(`openstack: '${words}' is not an openstack command. See 'openstack --help'.`);
  });

  it.each([
    ["nova list", "openstack server list"], ["neutron net-list", "openstack network list"], ["cinder list", "openstack volume list"],
    ["glance image-list", "openstack image list"], ["keystone user-list", "openstack user list"],
  ])("the legacy `%s` is not installed and points to `%s`", (line, hint) => {
    const r = createSession({ seed: 1 }).run(line);
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toContain(`bash: ${line.split(" ")[0]}: command not found`);
    expect(r.stdout + r.stderr).toContain(hint);
  });

  it("keeps python-swiftclient, which is still how a learner sets X-Delete-After on an object", () => {
    const session = createSession({ seed: 1 });
    expect(session.run("openstack container create reports").exitCode).toBe(0);
    const listed = session.run("swift list");
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toContain("reports");
  });
});
