import { describe, expect, it } from "vitest";
import { createDefaultCloud, createSession, validateState } from "@/lib/cloud";
import { Draft } from "@/lib/cloud/state";
import { newUuid } from "@/lib/cloud/ids";

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

describe("cloud state", () => {
  it("the default cloud is valid and looks like a fresh DevStack", () => {
    const s = createDefaultCloud();
    expect(validateState(JSON.parse(JSON.stringify(s))).ok).toBe(true);
    const names = (xs: { name: string | null }[]) => xs.map((x) => x.name);
    expect(names(Object.values(s.projects))).toEqual(expect.arrayContaining(["admin", "demo"]));
    expect(names(Object.values(s.roles))).toEqual(expect.arrayContaining(["admin", "member", "reader"]));
    expect(names(Object.values(s.flavors))).toEqual(expect.arrayContaining(["m1.tiny", "m1.small", "m1.medium", "m1.large", "m1.xlarge"]));
    expect(names(Object.values(s.images))).toEqual(["cirros-0.6.3-x86_64-disk"]);
    expect(Object.values(s.hypervisors)).toHaveLength(2);
    expect(Object.values(s.subnets).map((x) => x.cidr)).toEqual(expect.arrayContaining(["172.24.4.0/24", "10.0.0.0/26"]));
    expect(new Set(Object.values(s.catalogServices).map((x) => x.type))).toEqual(expect.objectContaining({}));
    for (const t of ["identity", "compute", "image", "block-storage", "network", "object-store", "orchestration"]) {
      expect(Object.values(s.catalogServices).some((x) => x.type === t)).toBe(true);
    }
  });

  it("a draft copies only the collections it writes and leaves the base untouched", () => {
    const base = deepFreeze(createDefaultCloud());
    const d = new Draft(base);
    const p = Object.values(base.projects)[0];
    if (!p) throw new Error("no project");
    d.update("projects", p.id, { name: "renamed" });
    const next = d.commit();
    expect(next.projects[p.id]?.name).toBe("renamed");
    expect(base.projects[p.id]?.name).not.toBe("renamed");
    expect(next.users).toBe(base.users);
    expect(next.projects).not.toBe(base.projects);
  });

  it("the same seed gives the same ids; a failed command leaves no trace", () => {
    const a = createSession({ seed: 5 });
    const b = createSession({ seed: 5 });
    expect(a.run("openstack project create x -f value -c id").stdout).toBe(b.run("openstack project create x -f value -c id").stdout);
    const before = a.state.projects;
    expect(a.run("openstack project create x").exitCode).toBe(1);
    expect(a.state.projects).toBe(before);
  });

  it("commands never mutate committed records in place", () => {
    const s = createSession({ state: deepFreeze(createDefaultCloud(3)) });
    const lines = [
      "openstack project create p", "openstack user create --password x u", "openstack role add --user u --project p member",
      "openstack group create g", "openstack group add user g u", "openstack project set --name q --property a=b p",
      "openstack user set --email e@x u", "openstack group remove user g u", "openstack user delete u", "openstack project delete q",
      "openstack quota set --cores 3 demo",
    ];
    for (const l of lines) expect(s.run(l).stderr).toBe("");
  });

  it("uuids are uuid-shaped and come from the seeded generator", () => {
    const d = new Draft(createDefaultCloud(9));
    expect(newUuid(d)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("rejects a state whose references dangle", () => {
    const s = JSON.parse(JSON.stringify(createDefaultCloud()));
    const a = Object.values(s.roleAssignments)[0] as { roleId: string };
    a.roleId = "missing";
    expect(validateState(s).ok).toBe(false);
  });
});
