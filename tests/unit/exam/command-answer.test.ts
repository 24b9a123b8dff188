import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { CloudState } from "@/lib/cloud";
import { checkContent } from "@/lib/content/check";
import { parseContentFile } from "@/lib/content/parse";
import type { Question } from "@/lib/content/schema";
import { commandQuestionStart, gradeCommandAnswer } from "@/lib/exam/command-answer";
import { scoreResponse } from "@/lib/exam/scoring";

/**
 * Command questions (issue 5): the learner types one command line. Read-only commands are compared through the
 * simulator's own grammar; state-changing ones run on the question's starting cloud (`:::setup`) and are judged
 * by its `:::checks`. Either way, any spelling the real client would treat the same is right, and anything
 * that does something else is refused with a reason.
 */

type CommandQuestion = Extract<Question, { kind: "command" }>;

function bankQuestions(relative: string): CommandQuestion[] {
  const file = path.join("questions", relative);
  const parsed = parseContentFile(file, readFileSync(path.join(process.cwd(), "content", file), "utf8"), "bank");
  expect(parsed.diagnostics).toEqual([]);
  return parsed.questions.filter((q): q is typeof q & CommandQuestion => q.kind === "command");
}

const bundled = ["identity/commands.md", "compute/commands.md", "networking/commands.md", "block-storage/commands.md"].flatMap(bankQuestions);
const question = (id: string): CommandQuestion => {
  const found = bundled.find((q) => q.id === id);
  if (!found) throw new Error(`no bundled command question ${id}`);
  return found;
};

/** The id the question's starting cloud gave a named record, so tests can answer with ids as a learner might. */
function idOf(q: CommandQuestion, collection: keyof CloudState, name: string): string {
  const start = commandQuestionStart(q.setup);
  if (!start.ok) throw new Error(start.error.output);
  const records = start.value[collection] as Record<string, { id: string; name?: string }>;
  const record = Object.values(records).find((r) => r.name === name);
  if (!record) throw new Error(`no ${name} in ${String(collection)}`);
  return record.id;
}

const verdict = (q: CommandQuestion, text: string) => gradeCommandAnswer(q, text);

describe("bundled command questions", () => {
  it("has at least ten, across identity, compute, networking and block storage, at least four changing state", () => {
    expect(bundled.length).toBeGreaterThanOrEqual(10);
    expect(new Set(bundled.map((q) => q.topic))).toEqual(new Set(["identity", "compute", "networking", "block-storage"]));
    expect(bundled.filter((q) => q.checks.length > 0).length).toBeGreaterThanOrEqual(4);
    for (const q of bundled) expect(q.noteIds.length).toBeGreaterThan(0);
  });

  it("accepts every accepted answer as written, and doing something else is wrong", () => {
    for (const q of bundled) {
      for (const answer of q.answers) expect(verdict(q, answer), `${q.id}: ${answer}`).toEqual({ correct: true });
      expect(verdict(q, "openstack server list").correct, q.id).toBe(false);
    }
  });
});

describe("read-only command questions, compared by the client's grammar", () => {
  const roles = question("cmd-identity-effective-roles");

  it("accepts any flag order, --opt=value, and ids in place of names", () => {
    for (const text of [
      "openstack role assignment list --names --effective --project demo --user demo",
      "openstack role assignment list --user=demo --project=demo --effective --names",
      `openstack role assignment list --user ${idOf(roles, "users", "demo")} --project ${idOf(roles, "projects", "demo")} --effective --names`,
      "  openstack   role assignment list --user demo --project 'demo' --effective --names  ",
    ]) {
      expect(verdict(roles, text), text).toEqual({ correct: true });
    }
  });

  it("refuses a missing option, another target, a second command, variables and other programs, saying why", () => {
    expect(verdict(roles, "openstack role assignment list --user demo --project demo --names")).toMatchObject({ correct: false, reason: expect.stringContaining("role assignment list") });
    expect(verdict(roles, "openstack role assignment list --user alt_demo --project demo --effective --names").correct).toBe(false);
    expect(verdict(roles, "openstack role assignment list --user demo --project demo --effective --names; openstack project list")).toEqual({ correct: false, reason: "Write a single command." });
    expect(verdict(roles, "openstack role assignment list --user $OS_USERNAME --project demo --effective --names").reason).toMatch(/variables/);
    expect(verdict(roles, "keystone role-list").reason).toMatch(/openstack/);
    expect(verdict(roles, "openstack role assignment list --user demo --frobnicate").reason).toMatch(/client would reject it/);
  });

  it("scores through scoreResponse like any question: 1 when right, 0 when wrong", () => {
    expect(scoreResponse(roles, { kind: "command", text: "openstack role assignment list --effective --names --user demo --project demo" })).toEqual({ score: 1, correct: true });
    expect(scoreResponse(roles, { kind: "command", text: "openstack role list" })).toEqual({ score: 0, correct: false });
  });
});

describe("state-changing command questions, run on the question's cloud and judged by its checks", () => {
  it("role add: any order, --opt=value and ids all reach the same assignment; the wrong role or target does not", () => {
    const q = question("cmd-identity-grant-reader");
    const carol = idOf(q, "users", "carol");
    const audit = idOf(q, "projects", "audit");
    for (const text of ["openstack role add --project audit --user carol reader", "openstack role add --user=carol --project=audit reader", `openstack role add --user ${carol} --project ${audit} reader`]) {
      expect(verdict(q, text), text).toEqual({ correct: true });
    }
    expect(verdict(q, "openstack role add --user carol --project audit member")).toMatchObject({ correct: false, reason: expect.stringMatching(/reader/) });
    expect(verdict(q, "openstack role add --user carol --project admin reader").correct).toBe(false);
    // Today's client fails on an unknown user with an empty message; the verdict explains the silence.
    expect(verdict(q, "openstack role add --user karol --project audit reader")).toMatchObject({ correct: false, reason: expect.stringMatching(/^The cloud refused it with exit status 1 and an empty message.*name it cannot find/) });
  });

  it("flavor create: flags in any order and spelling; a private flavor or the wrong size is refused", () => {
    const q = question("cmd-compute-create-flavor");
    expect(verdict(q, "openstack flavor create c1.medium --disk=20 --ram=4096 --vcpus=2")).toEqual({ correct: true });
    expect(verdict(q, "openstack flavor create --public --vcpus 2 --ram 4096 --disk 20 c1.medium")).toEqual({ correct: true });
    expect(verdict(q, "openstack flavor create --private --vcpus 2 --ram 4096 --disk 20 c1.medium")).toMatchObject({ correct: false, reason: expect.stringMatching(/public|private/) });
    expect(verdict(q, "openstack flavor create --vcpus 2 --ram 4 --disk 20 c1.medium")).toMatchObject({ correct: false, reason: expect.stringMatching(/RAM/) });
  });

  it("subnet create: the network by id and --opt=value count; another range does not", () => {
    const q = question("cmd-network-create-subnet");
    expect(verdict(q, `openstack subnet create app-subnet --subnet-range=10.10.0.0/24 --network=${idOf(q, "networks", "app-net")} --dns-nameserver=8.8.8.8`)).toEqual({ correct: true });
    expect(verdict(q, "openstack subnet create --network app-net --subnet-range 10.20.0.0/24 --dns-nameserver 8.8.8.8 app-subnet").correct).toBe(false);
    expect(verdict(q, "openstack subnet create --network app-net --subnet-range 10.10.0.0/24 app-subnet")).toMatchObject({ correct: false, reason: expect.stringMatching(/DNS/) });
  });

  it("security group rule: 22:22, an explicit --ingress and the group's id are the same rule; port 2222 is not", () => {
    const q = question("cmd-network-allow-ssh");
    expect(verdict(q, "openstack security group rule create --ingress --ethertype IPv4 --protocol tcp --dst-port 22:22 --remote-ip 0.0.0.0/0 ssh-only")).toEqual({ correct: true });
    expect(verdict(q, `openstack security group rule create --dst-port=22 --protocol=tcp ${idOf(q, "securityGroups", "ssh-only")}`)).toEqual({ correct: true });
    expect(verdict(q, "openstack security group rule create --protocol tcp --dst-port 2222 --remote-ip 0.0.0.0/0 ssh-only").correct).toBe(false);
    expect(verdict(q, "openstack security group rule create --egress --protocol tcp --dst-port 22 ssh-only").correct).toBe(false);
  });

  it("volume snapshot: the source volume by id counts; snapshotting under another name does not", () => {
    const q = question("cmd-volume-snapshot");
    expect(verdict(q, `openstack volume snapshot create data1-snap --volume=${idOf(q, "volumes", "data1")}`)).toEqual({ correct: true });
    expect(verdict(q, "openstack volume snapshot create --volume data1 snap1").correct).toBe(false);
  });

  it("starts every attempt from the same cloud: an earlier answer never leaks into the next", () => {
    const q = question("cmd-volume-create");
    expect(verdict(q, "openstack volume create --size 2 data1")).toEqual({ correct: true });
    expect(verdict(q, "openstack volume create --size 3 data1")).toMatchObject({ correct: false, reason: expect.stringMatching(/size/) });
    expect(verdict(q, "openstack volume create --size=2 data1")).toEqual({ correct: true });
  });
});

describe("content checks of command questions", () => {
  const bank = (body: string) => `---\ntopic: networking\ndifficulty: easy\n---\n\n${body}`;
  const question = (id: string, blocks: string, answer: string) =>
    `::::question{#${id} kind=command notes=neutron-security-groups}\nType it.\n\n${blocks}\n:::answers\n- \`${answer}\`\n:::\n\n:::explanation\nBecause.\n:::\n::::\n`;
  const check = (file: string, source: string) => {
    const parsed = parseContentFile(file, source, "bank");
    return [...parsed.diagnostics, ...checkContent(parsed)].map((d) => `${d.file}:${d.line} ${d.message}`);
  };
  const rule = "```yaml\n- id: ssh\n  points: 1\n  description: SSH allowed\n  resource: securityGroupRule\n  where: { group: web, protocol: tcp, portMin: 22 }\n```";

  it("accepts a well-formed state-changing question", () => {
    const source = bank(question("ok-q", `:::setup\n\`\`\`bash\nopenstack security group create web\n\`\`\`\n:::\n\n:::checks\n${rule}\n:::\n`, "openstack security group rule create --protocol tcp --dst-port 22 web"));
    expect(check("questions/networking/ok.md", source).filter((d) => !d.includes("note"))).toEqual([]);
  });

  it("rejects a failing setup, a check on an unknown resource kind, a start that already passes and an answer that fails, each with file:line", () => {
    const failingSetup = bank(question("bad-setup", `:::setup\n\`\`\`bash\nopenstack security group create\n\`\`\`\n:::\n\n:::checks\n${rule}\n:::\n`, "openstack security group rule create --protocol tcp --dst-port 22 web"));
    expect(check("questions/networking/a.md", failingSetup).join("\n")).toMatch(/^questions\/networking\/a\.md:\d+ Expected setup command `openstack security group create` to succeed/m);

    const unknownKind = bank(question("bad-kind", ":::checks\n```yaml\n- id: x\n  points: 1\n  description: X\n  resource: loadBalancer\n```\n:::\n", "openstack network list"));
    expect(check("questions/networking/b.md", unknownKind).join("\n")).toMatch(/^questions\/networking\/b\.md:14 .*loadBalancer/m);

    const alreadyPasses = bank(question("no-work", ":::checks\n```yaml\n- id: x\n  points: 1\n  description: Project demo exists\n  resource: project\n  where: { name: demo }\n```\n:::\n", "openstack project list"));
    expect(check("questions/networking/c.md", alreadyPasses).join("\n")).toMatch(/^questions\/networking\/c\.md:6 Expected the untouched start to fail at least one check/m);

    const wrongAnswer = bank(question("wrong", `:::setup\n\`\`\`bash\nopenstack security group create web\n\`\`\`\n:::\n\n:::checks\n${rule}\n:::\n`, "openstack security group rule create --protocol tcp --dst-port 80 web"));
    expect(check("questions/networking/d.md", wrongAnswer).join("\n")).toMatch(/^questions\/networking\/d\.md:6 Expected accepted command `openstack security group rule create --protocol tcp --dst-port 80 web` to pass the checks/m);
  });

  it("refuses `:::setup` and `:::checks` outside command questions", () => {
    const source = bank("::::question{#single-with-setup kind=single notes=neutron-security-groups}\nPick one.\n\n- [x] A\n- [ ] B\n- [ ] C\n\n:::setup\n```bash\nopenstack network list\n```\n:::\n\n:::explanation\nBecause.\n:::\n::::\n");
    expect(check("questions/networking/e.md", source).join("\n")).toMatch(/^questions\/networking\/e\.md:13 Unexpected `:::setup` in a `single` question/m);
  });
});
