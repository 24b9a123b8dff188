import { describe, expect, it } from "vitest";
import { createSession, needsMoreInput } from "@/lib/cloud";

const run = (lines: string[], session = createSession({ seed: 7 })) => lines.map((l) => session.run(l));

describe("shell parsing", () => {
  it("keeps single quotes literal and expands variables in double quotes", () => {
    const [r] = run([`X=1; echo '$X' "$X" \\$X "\${X}y" $X`]);
    expect(r?.stdout).toBe("$X 1 $X 1y 1\n");
  });

  it("splits unquoted expansions into fields but keeps quoted ones whole", () => {
    const s = createSession({ seed: 1 });
    s.run(`V="a   b"`);
    expect(s.run(`echo $V`).stdout).toBe("a b\n");
    expect(s.run(`echo "$V"`).stdout).toBe("a   b\n");
  });

  it("captures command output with $(...) and strips trailing newlines", () => {
    const [r] = run([`ID=$(openstack project show demo -f value -c name); echo "[$ID]"`]);
    expect(r?.stdout).toBe("[demo]\n");
  });

  it("reports $? of the previous command and short-circuits && and ||", () => {
    const s = createSession({ seed: 1 });
    expect(s.run("false; echo $?").stdout).toBe("1\n");
    expect(s.run("false && echo no; echo $?").stdout).toBe("1\n");
    expect(s.run("false || echo yes").stdout).toBe("yes\n");
  });

  it("knows when a line is unfinished", () => {
    expect(needsMoreInput(`echo "open`)).toBe(true);
    expect(needsMoreInput(`echo 'open`)).toBe(true);
    expect(needsMoreInput(`cat > f <<EOF`)).toBe(true);
    expect(needsMoreInput(`cat > f <<EOF\nline`)).toBe(true);
    expect(needsMoreInput(`cat > f <<EOF\nline\nEOF`)).toBe(false);
    expect(needsMoreInput(`true &&`)).toBe(true);
    expect(needsMoreInput(`echo $(openstack`)).toBe(true);
    expect(needsMoreInput(`echo done # comment "`)).toBe(false);
  });

  it("writes heredocs, expanding unless the delimiter is quoted, and strips tabs for <<-", () => {
    const s = createSession({ seed: 1 });
    s.run(`cat > a.yaml <<EOF\nuser: $OS_USERNAME\nEOF`);
    s.run(`cat > b.yaml <<'EOF'\nuser: $OS_USERNAME\nEOF`);
    s.run(`cat > c.yaml <<-EOF\n\t\tindented\n\tEOF`);
    expect(s.readFile("a.yaml")).toBe("user: admin\n");
    expect(s.readFile("b.yaml")).toBe("user: $OS_USERNAME\n");
    expect(s.readFile("c.yaml")).toBe("indented\n");
  });

  it("answers unknown programs with exit 127 and legacy clients with a hint", () => {
    const [unknown, nova] = run(["frobnicate", "nova boot x"]);
    expect(unknown).toMatchObject({ stderr: "bash: frobnicate: command not found\n", exitCode: 127 });
    expect(nova?.exitCode).toBe(127);
    expect(nova?.stderr).toContain("openstack server create");
  });

  it("sources openrc files to switch the signed-in user", () => {
    const s = createSession({ seed: 1 });
    expect(s.run("source demo-openrc; openstack project list").stderr).toContain("identity:list_projects");
    expect(s.run(". admin-openrc && openstack project list -f value -c Name").stdout).toContain("demo\n");
  });

  it("signals clear and exit to the terminal", () => {
    const s = createSession({ seed: 1 });
    expect(s.run("clear").clear).toBe(true);
    expect(s.run("exit 3")).toMatchObject({ exit: true, exitCode: 3 });
  });

  it("reports syntax errors with bash's exit status 2", () => {
    const [r] = run(["echo ) oops"]);
    expect(r?.exitCode).toBe(2);
  });
});
