import { describe, expect, it } from "vitest";
import { createSession, type Session } from "@/lib/cloud";

/** Fixes the lab authors asked for: the `swift` client, Heat outputs, nova's ERROR handling, and shell tools. */

function run(session: Session, line: string) {
  return session.run(line);
}

function ok(session: Session, line: string): string {
  const r = session.run(line);
  expect(r.exitCode, `${line}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

describe("swift client", () => {
  it("uploads, lists, stats and downloads like python-swiftclient", () => {
    const s = createSession();
    ok(s, "printf 'a,b\\n1,2\\n' > data.csv");
    expect(ok(s, "swift upload reports data.csv")).toBe("data.csv\n");
    expect(ok(s, "swift list")).toBe("reports\n");
    expect(ok(s, "swift list reports --prefix da")).toBe("data.csv\n");
    const stat = ok(s, "swift stat reports data.csv");
    expect(stat).toMatch(/^ {7}Account: AUTH_[0-9a-f]{32}\n {5}Container: reports\n {8}Object: data\.csv\n/);
    expect(stat).toContain("Content Length: 8\n");
    expect(ok(s, "swift download reports data.csv -o copy.csv")).toMatch(/^data\.csv \[auth /);
    expect(ok(s, "cat copy.csv")).toBe("a,b\n1,2\n");
  });

  it("sets X-Delete-After so the object disappears on the virtual clock", () => {
    const s = createSession();
    ok(s, "echo draft > q3.txt");
    ok(s, "swift upload reports q3.txt");
    ok(s, 'swift -V 3 post -m Classification:internal -H "X-Delete-After: 120" reports q3.txt');
    const stat = ok(s, "swift stat reports q3.txt");
    expect(stat).toContain("Meta Classification: internal\n");
    expect(stat).toMatch(/ X-Delete-At: \d{10}\n/);
    expect(ok(s, "openstack object list reports -f value")).toBe("q3.txt\n");
    ok(s, "sleep 150");
    expect(ok(s, "openstack object list reports -f value")).toBe("");
    const gone = run(s, "swift stat reports q3.txt");
    expect(gone.stderr).toBe("Object 'reports/q3.txt' not found\n");
    expect(gone.exitCode).toBe(1);
  });

  it("sets container ACLs and metadata, creating the container when needed", () => {
    const s = createSession();
    ok(s, "swift post -r '.r:*,.rlistings' -m release:1.4 public");
    const stat = ok(s, "swift stat public");
    expect(stat).toContain("      Read ACL: .r:*,.rlistings\n");
    expect(stat).toContain("  Meta Release: 1.4\n");
    expect(ok(s, "openstack container show public -f value -c read_acl")).toBe(".r:*,.rlistings\n");
  });

  it("deletes objects then the container, echoing each name", () => {
    const s = createSession();
    ok(s, "touch a b");
    ok(s, "swift upload box a b");
    expect(ok(s, "swift delete box")).toBe("a\nb\nbox\n");
    expect(ok(s, "openstack container list -f value")).toBe("");
  });

  it("needs credentials like the real client and refuses a wrong password", () => {
    const s = createSession();
    expect(run(s, "OS_PASSWORD=wrong swift list").stderr).toMatch(/^Unauthorized\. Check username/);
    const missing = run(s, "unset OS_AUTH_URL; swift stat");
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("requires OS_AUTH_URL");
  });

  it("is installed, unlike the other legacy clients", () => {
    const s = createSession();
    expect(run(s, "swift list").stderr).not.toContain("command not found");
    expect(run(s, "nova list").exitCode).toBe(127);
  });
});

describe("heat outputs", () => {
  it("are stored when the stack completes and match stack output show", () => {
    const s = createSession();
    ok(s, `cat > net.yaml <<'EOF'
heat_template_version: 2018-08-31
parameters:
  cidr: { type: string, default: 10.9.0.0/24 }
resources:
  net: { type: OS::Neutron::Net, properties: { name: lab-net } }
  sub: { type: OS::Neutron::Subnet, properties: { network: { get_resource: net }, cidr: { get_param: cidr } } }
outputs:
  network_id: { description: The network, value: { get_resource: net } }
  cidr: { value: { get_attr: [sub, cidr] } }
EOF`);
    ok(s, "openstack stack create -t net.yaml --wait lab");
    const stack = Object.values(s.state.stacks).find((x) => x.name === "lab")!;
    const netId = ok(s, "openstack network show lab-net -f value -c id").trim();
    expect(stack.outputs).toEqual([
      { key: "network_id", description: "The network", value: netId },
      { key: "cidr", description: "No description given", value: "10.9.0.0/24" },
    ]);
    expect(ok(s, "openstack stack output show lab network_id -f value -c output_value")).toBe(`${netId}\n`);
  });
});

describe("compute fixes", () => {
  it("server create --wait keeps a server nova could not schedule, in ERROR, and exits 1", () => {
    const s = createSession();
    ok(s, "openstack quota set --ram 2000000 admin");
    ok(s, "openstack flavor create --ram 999999 --vcpus 1 --disk 1 huge");
    const r = run(s, "openstack server create --flavor huge --image cirros-0.6.3-x86_64-disk --network private --wait big");
    expect(r.stderr).toBe("Error creating server: big\n");
    expect(r.exitCode).toBe(1);
    expect(ok(s, "openstack server show big -f value -c status")).toBe("ERROR\n");
  });

  it("refuses to rebuild an ERROR server that never had a host", () => {
    const s = createSession();
    ok(s, "openstack quota set --ram 2000000 admin");
    ok(s, "openstack flavor create --ram 999999 --vcpus 1 --disk 1 huge");
    run(s, "openstack server create --flavor huge --image cirros-0.6.3-x86_64-disk --network private --wait big");
    const r = run(s, "openstack server rebuild big");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^ConflictException: 409: Client Error for url: http:\/\/192\.168\.122\.10\/compute\/v2\.1\/servers\/[0-9a-f-]{36}\/action, Instance [0-9a-f-]{36} is not ready$/m);
  });

  it("prints the embedded flavor as osc-lib's format_dict does, empty extra_specs included", () => {
    const s = createSession();
    ok(s, "openstack server create --flavor m1.tiny --image cirros-0.6.3-x86_64-disk --network private --wait web");
    // The real client prints `ephemeral='0', , id=…`: format_dict renders an empty nested dict as nothing.
    expect(ok(s, "openstack server show web -c flavor")).toContain("ephemeral='0', , id='m1.tiny'");
  });
});

describe("shell tools", () => {
  it("expands ${VAR%%pat}, ${VAR%pat}, ${VAR#pat}, ${VAR##pat} and ${VAR:-default}", () => {
    const s = createSession();
    expect(ok(s, "F=backup.tar.gz; echo ${F%%.*} ${F%.*} ${F#*.} ${F##*.}")).toBe("backup backup.tar tar.gz gz\n");
    expect(ok(s, 'echo "${MISSING:-none}" ${HOME:-x}')).toBe("none /home/stack\n");
    expect(ok(s, "E=; echo [${E-unset}] [${E:-empty}]")).toBe("[] [empty]\n");
  });

  it("has printf with the common formats", () => {
    const s = createSession();
    expect(ok(s, "printf '%s=%d\\n' a 1 b 2")).toBe("a=1\nb=2\n");
    expect(ok(s, "printf '%-5s|%6.2f|%03d|%x|%%\\n' ab 3.14159 7 255")).toBe("ab   |  3.14|007|ff|%\n");
    const bad = run(s, "printf '%d\\n' abc");
    expect(bad.stdout).toBe("0\n");
    expect(bad.stderr).toBe("bash: printf: abc: invalid number\n");
    expect(bad.exitCode).toBe(1);
  });

  it("has cut -d -f and awk '{print $N}' with -F", () => {
    const s = createSession();
    expect(ok(s, "echo 'a:b:c:d' | cut -d: -f2,4")).toBe("b:d\n");
    expect(ok(s, "echo 'a:b:c:d' | cut -d : -f 2-")).toBe("b:c:d\n");
    expect(ok(s, "echo '  one   two three' | awk '{print $2}'")).toBe("two\n");
    expect(ok(s, "echo 'x,y,z' | awk -F, '{print $3, $1}'")).toBe("z x\n");
    expect(ok(s, "openstack flavor list -f value -c Name -c RAM | awk '{print $NF}' | head -n 1")).toMatch(/^\d+\n$/);
    expect(run(s, "echo a | awk '{sum += $1}'").exitCode).toBe(2);
  });
});
