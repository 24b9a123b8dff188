import { describe, expect, it } from "vitest";
import { createSession, type Session } from "@/lib/cloud";
import { grade, parseChecks } from "@/lib/checker";

/** Grading looks at the cloud after things settle, and the fields lab authors asked for. */

function ok(session: Session, line: string): void {
  const r = session.run(line);
  expect(r.exitCode, `${line}\n${r.stderr}`).toBe(0);
}

function checks(yaml: unknown[]) {
  const parsed = parseChecks(yaml);
  expect(parsed.issues).toEqual([]);
  return parsed.checks;
}

const IMAGE = "cirros-0.6.3-x86_64-disk";

describe("grading settles the cloud first", () => {
  it("sees a volume in-use right after server add volume, without changing the session's state", () => {
    const s = createSession();
    ok(s, `openstack server create --flavor m1.tiny --image ${IMAGE} --network private --wait web`);
    ok(s, "openstack volume create --size 1 data");
    ok(s, "openstack server add volume web data");
    expect(Object.values(s.state.volumes).find((v) => v.name === "data")?.status).not.toBe("in-use");
    const before = s.state;
    const g = grade(s.state, checks([{ id: "attached", points: 2, description: "data is in use", resource: "volume", where: { name: "data" }, expect: { status: "in-use", attachedTo: ["web"] } }]));
    expect(g.results[0]?.reason).toContain("is in-use");
    expect(g.score).toBe(2);
    expect(s.state).toBe(before);
  });

  it("grades a stack still in progress as it will be, with its outputs", () => {
    const s = createSession();
    ok(s, `cat > t.yaml <<'EOF'
heat_template_version: 2018-08-31
resources:
  net: { type: OS::Neutron::Net, properties: { name: stack-net } }
outputs:
  net_name: { value: { get_attr: [net, name] } }
EOF`);
    ok(s, "openstack stack create -t t.yaml demo-stack");
    const g = grade(s.state, checks([{ id: "done", points: 3, description: "stack done", resource: "stack", where: { name: "demo-stack" }, expect: { status: "CREATE_COMPLETE", outputs: { net_name: "stack-net" } } }]));
    expect(g.results[0]?.passed, g.results[0]?.reason).toBe(true);
  });
});

describe("checker fields", () => {
  it("volume.source names the snapshot, volume, image or backup it came from", () => {
    const s = createSession();
    ok(s, "openstack volume create --size 1 base");
    ok(s, "openstack volume snapshot create --volume base nightly");
    ok(s, "sleep 5");
    ok(s, "openstack volume create --snapshot nightly --size 1 restored");
    ok(s, "openstack volume create --source base --size 1 copy");
    ok(s, `openstack volume create --image ${IMAGE} --size 1 boot`);
    ok(s, "openstack volume backup create --name weekly base");
    ok(s, "sleep 5");
    ok(s, "openstack volume backup restore weekly from-backup");
    const g = grade(s.state, checks([
      { id: "snap", points: 1, description: "d", resource: "volume", where: { name: "restored" }, expect: { source: { snapshot: "nightly" } } },
      { id: "vol", points: 1, description: "d", resource: "volume", where: { name: "copy" }, expect: { source: { volume: "base" } } },
      { id: "img", points: 1, description: "d", resource: "volume", where: { name: "boot" }, expect: { source: { image: IMAGE } } },
      { id: "bak", points: 1, description: "d", resource: "volume", where: { name: "from-backup" }, expect: { source: { backup: "weekly" } } },
      { id: "wrong", points: 1, description: "d", resource: "volume", where: { name: "copy" }, expect: { source: { snapshot: "nightly" } } },
    ]));
    expect(g.results.map((r) => r.passed)).toEqual([true, true, true, true, false]);
    expect(g.results[4]?.reason).toBe("Volume copy was made from volume base; the task wants it made from snapshot nightly.");
    expect(parseChecks([{ id: "x", points: 1, description: "d", resource: "volume", expect: { source: { snapshot: "a", volume: "b" } } }]).issues).toHaveLength(1);
  });

  it("server.bootVolume names the root volume of a boot-from-volume server", () => {
    const s = createSession();
    ok(s, `openstack volume create --image ${IMAGE} --size 1 --bootable root`);
    ok(s, "openstack server create --flavor m1.tiny --volume root --network private --wait bfv");
    ok(s, `openstack server create --flavor m1.tiny --image ${IMAGE} --network private --wait plain`);
    const g = grade(s.state, checks([
      { id: "bfv", points: 1, description: "d", resource: "server", where: { name: "bfv" }, expect: { bootVolume: "root" } },
      { id: "plain", points: 1, description: "d", resource: "server", where: { name: "plain" }, expect: { bootVolume: "root" } },
    ]));
    expect(g.results.map((r) => r.passed)).toEqual([true, false]);
    expect(g.results[1]?.reason).toBe("Server plain has no boot volume; the task wants boot volume root.");
  });

  it("status can pick records in where, e.g. no server left in ERROR", () => {
    const s = createSession();
    ok(s, "openstack quota set --ram 2000000 admin");
    ok(s, "openstack flavor create --ram 999999 --vcpus 1 --disk 1 huge");
    s.run(`openstack server create --flavor huge --image ${IMAGE} --network private --wait broken`);
    const noErrors = checks([{ id: "clean", points: 2, description: "no broken servers", resource: "server", check: "count", where: { status: "ERROR" }, count: 0 }]);
    expect(grade(s.state, noErrors).score).toBe(0);
    ok(s, "openstack server delete --wait broken");
    expect(grade(s.state, noErrors).score).toBe(2);
  });

  it("compares object and container metadata keys without regard to case, as Swift does", () => {
    const s = createSession();
    ok(s, "openstack container create box");
    ok(s, "openstack container set --property release=1.4 box");
    ok(s, "touch a.txt");
    ok(s, "openstack object create box a.txt");
    ok(s, "openstack object set --property owner=finance box a.txt");
    const g = grade(s.state, checks([
      { id: "c", points: 1, description: "d", resource: "container", where: { name: "box" }, expect: { properties: { RELEASE: "1.4" } } },
      { id: "o", points: 1, description: "d", resource: "object", where: { container: "box", name: "a.txt" }, expect: { properties: { owner: "finance" } } },
      { id: "v", points: 1, description: "d", resource: "object", where: { container: "box", name: "a.txt" }, expect: { properties: { owner: "sales" } } },
    ]));
    expect(g.results.map((r) => r.passed)).toEqual([true, true, false]);
    expect(g.results[2]?.reason).toBe("Object box/a.txt has property Owner=finance; the task wants owner=sales.");
  });
});
