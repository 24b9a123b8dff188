import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { createAccount } from "@/lib/auth/accounts";
import { writeContent } from "@/lib/content";
import { parseLabFile } from "@/lib/content/labs";
import { emptyParsedContent } from "@/lib/content/parse";
import { openLabSession, resetLabSession, revealNextHint, runLabCommand, submitLabSession } from "@/lib/labs/sessions";
import { createTestDb } from "../../helpers/db";

const LAB = "identity-onboard-team";
let handle: DbHandle;
let userId: string;
let otherId: string;
let secrets: string[];

beforeAll(async () => {
  handle = await createTestDb();
  const file = `labs/${LAB}.md`;
  const parsed = parseLabFile(file, await readFile(path.join(process.cwd(), "content", file), "utf8"));
  expect(parsed.diagnostics).toEqual([]);
  const lab = parsed.labs[0]!;
  // What must never reach the browser unasked: check ids and descriptions, solution lines, hint text.
  secrets = [...lab.checks.flatMap((c) => [`"${c.id}"`, c.description]), ...lab.solution, ...lab.hints];
  await writeContent(handle.db, { ...emptyParsedContent(), labs: parsed.labs }, "content");
  const created = await createAccount(handle.db, { name: "Lea", email: "lea@example.com", password: "lea-password-1" });
  const other = await createAccount(handle.db, { name: "Max", email: "max@example.com", password: "max-password-1" });
  if (!created.ok || !other.ok) throw new Error("accounts");
  userId = created.value.id;
  otherId = other.value.id;
});
afterAll(async () => handle.close());

const leaks = (payload: unknown) => secrets.filter((secret) => JSON.stringify(payload).includes(secret.replace(/"/g, '\\"')) || JSON.stringify(payload).includes(secret));

describe("lab sessions", () => {
  it("opens a session whose view carries the task but no checks, solution or hints", async () => {
    const opened = await openLabSession(handle.db, userId, LAB);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.value.lab.task).toContain("developers");
    expect(opened.value.lab.hintCount).toBe(3);
    expect(opened.value.session.hints).toEqual([]);
    expect(leaks(opened.value)).toEqual([]);
  });

  it("runs commands, persists them, and resumes with the transcript and history", async () => {
    const first = await runLabCommand(handle.db, userId, LAB, "openstack project create --description 'Development team' dev");
    expect(first.ok && first.value.entry.exitCode).toBe(0);
    expect(leaks(first)).toEqual([]);
    const heredoc = await runLabCommand(handle.db, userId, LAB, "cat > note.txt <<EOF\nhello $OS_USERNAME\nEOF");
    expect(heredoc.ok && heredoc.value.entry.exitCode).toBe(0);
    const cat = await runLabCommand(handle.db, userId, LAB, "cat note.txt");
    expect(cat.ok && cat.value.entry.stdout).toBe("hello admin\n");
    const resumed = await openLabSession(handle.db, userId, LAB);
    expect(resumed.ok && resumed.value.session.history).toEqual(["openstack project create --description 'Development team' dev", "cat > note.txt <<EOF\nhello $OS_USERNAME\nEOF", "cat note.txt"]);
    expect(resumed.ok && resumed.value.session.transcript.map((e) => e.input)).toHaveLength(3);
  });

  it("keeps each learner's session to themselves", async () => {
    const theirs = await openLabSession(handle.db, otherId, LAB);
    expect(theirs.ok && theirs.value.session.transcript).toEqual([]);
    const mine = await openLabSession(handle.db, userId, LAB);
    expect(mine.ok && mine.value.session.transcript).toHaveLength(3);
  });

  it("reveals hints one at a time, only when asked", async () => {
    const one = await revealNextHint(handle.db, userId, LAB);
    expect(one.ok && one.value).toHaveLength(1);
    const reopened = await openLabSession(handle.db, userId, LAB);
    expect(reopened.ok && reopened.value.session.hints).toHaveLength(1);
  });

  it("grades on submit with partial credit and each check's reason, then starts fresh", async () => {
    const submitted = await submitLabSession(handle.db, userId, LAB, new Date("2026-01-06T10:00:00Z"));
    expect(submitted.ok).toBe(true);
    if (!submitted.ok) return;
    expect(submitted.value.grade.score).toBe(2);
    expect(submitted.value.grade.results.find((r) => r.id === "user-alice")?.reason).toBe("No user named alice exists.");
    const next = await openLabSession(handle.db, userId, LAB);
    expect(next.ok && next.value.session.transcript).toEqual([]);
    expect(next.ok && next.value.lastGrade?.score).toBe(2);
  });

  it("reset throws the work away", async () => {
    await runLabCommand(handle.db, userId, LAB, "openstack group create developers");
    const reset = await resetLabSession(handle.db, userId, LAB);
    expect(reset.ok && reset.value.transcript).toEqual([]);
    const check = await runLabCommand(handle.db, userId, LAB, "openstack group show developers");
    expect(check.ok && check.value.entry.exitCode).toBe(1);
  });

  it("refuses unknown labs", async () => {
    expect((await openLabSession(handle.db, userId, "no-such-lab")).ok).toBe(false);
  });
});
