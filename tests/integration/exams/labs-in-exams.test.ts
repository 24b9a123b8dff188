/**
 * Hands-on labs inside a mock exam: the full mock draws labs into one shared cloud, the learner solves one
 * through the exam's command route, and submission grades every lab with its checks. Before submission no
 * response — the attempt page's data, the terminal's replies — carries a check, a hint or a solution.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/db/client";
import { getExamAttemptByIdAndUser, listExamAttemptItemsByAttempt } from "@/db/queries/exams";
import { listLabVersionsByIds } from "@/db/queries/labs";
import { createAccount } from "@/lib/auth/accounts";
import type { SessionUser } from "@/lib/auth/roles";
import { importContent } from "@/lib/content/import";
import { labSchema, type Lab } from "@/lib/content/labs";
import type { AttemptResult } from "@/lib/exam/result";
import { addWrongAnswersToFlashcards } from "@/lib/exam/flashcards";
import { loadAttempt, loadAttemptReview } from "@/lib/exam/service";
import { openLabSession, runLabCommand } from "@/lib/labs/sessions";
import { createTestDb } from "../../helpers/db";

const state = vi.hoisted(() => ({ user: null as SessionUser | null, db: undefined as unknown }));

vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Error(`redirect ${url}`);
  },
  forbidden: () => {
    throw new Error("forbidden");
  },
  notFound: () => {
    throw new Error("not found");
  },
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => state.user }));
vi.mock("@/db/client", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/db/client")>()), getDb: async () => state.db }));

describe("labs in a mock exam", () => {
  let handle: DbHandle;
  let learner: SessionUser;

  beforeAll(async () => {
    handle = await createTestDb();
    state.db = handle.db;
    expect((await importContent(handle.db, path.join(process.cwd(), "content"))).ok).toBe(true);
    const account = await createAccount(handle.db, { name: "Lab Learner", email: "lab@example.com", password: "lab-password-123" });
    if (!account.ok) throw new Error("account");
    learner = { id: account.value.id, email: "lab@example.com", name: "Lab Learner", role: "learner" };
    state.user = learner;
  }, 60_000);
  afterAll(async () => handle?.close());

  async function command(attemptId: string, line: string, position: number) {
    const { POST } = await import("@/app/api/exams/attempts/[attemptId]/commands/route");
    const response = await POST(new Request("http://localhost/", { method: "POST", body: JSON.stringify({ line, position }) }), { params: Promise.resolve({ attemptId }) });
    return { status: response.status, text: await response.text() };
  }

  it("solves a drawn lab in the shared cloud, grades every lab at submission and leaks nothing before", async () => {
    const { startExamAction, submitExamAction } = await import("@/app/exams/actions");
    const started = await startExamAction({ blueprintId: "full-mock" });
    expect(started.error).toBeUndefined();
    const attemptId = started.attemptId!;

    const items = await listExamAttemptItemsByAttempt(handle.db, attemptId);
    const labItems = items.filter(({ item }) => item.kind === "lab").map(({ item }) => item);
    expect(labItems.map((item) => item.sectionId).sort()).toEqual(["compute-tasks", "identity-tasks", "networking-tasks"]);
    const versions = await listLabVersionsByIds(handle.db, labItems.map((item) => item.labVersionId!));
    const labs = new Map(versions.map((row) => [row.id, labSchema.parse(row.body)] as const));
    const labOf = (versionId: string | null): Lab => labs.get(versionId!)!;

    // Everything secret about the drawn labs: check descriptions, hints, solution commands.
    const secrets = [...labs.values()].flatMap((lab) => [...lab.checks.map((check) => check.description), ...lab.hints, ...lab.solution].filter((text) => text.length > 12));
    const opened = await loadAttempt(handle.db, learner.id, attemptId, new Date());
    expect(opened.ok && opened.value.state).toBe("open");
    const payload = JSON.stringify(opened.ok ? opened.value : null);
    expect(payload).toContain('"kind":"lab"');
    for (const secret of secrets) expect(payload, secret).not.toContain(secret);
    expect(payload).not.toMatch(/"checks"|"solution"|"partials"/);

    // Solve the first lab through the route, as the terminal would.
    const target = labItems[0]!;
    const lab = labOf(target.labVersionId);
    const replies: string[] = [];
    for (const line of [`source ~/${lab.user}-openrc`, ...lab.solution]) {
      const reply = await command(attemptId, line, target.position);
      expect(reply.status, line).toBe(200);
      replies.push(reply.text);
    }
    for (const reply of replies) expect(reply).not.toMatch(/"checks"|"score"|"passed"/);

    // Someone else cannot type into this attempt's cloud.
    const other = await createAccount(handle.db, { name: "Other", email: "other@example.com", password: "other-password-123" });
    if (!other.ok) throw new Error("account");
    state.user = { id: other.value.id, email: "other@example.com", name: "Other", role: "learner" };
    expect((await command(attemptId, "openstack server list", target.position)).status).toBe(404);
    state.user = learner;

    expect(await submitExamAction({ attemptId })).toEqual({ attemptId });
    const closed = await getExamAttemptByIdAndUser(handle.db, attemptId, learner.id);
    const result = closed?.result as unknown as AttemptResult;
    const solved = result.items.find((item) => item.position === target.position)!;
    expect(solved).toMatchObject({ kind: "lab", answered: true, correct: true, score: 1 });
    expect(solved.earned).toBeCloseTo(target.points, 2);
    for (const item of labItems.slice(1)) expect(result.items.find((entry) => entry.position === item.position)?.correct).toBe(false);
    expect(closed?.scorePercent).toBeGreaterThanOrEqual(Math.round(target.points * 10) / 10 - 0.1);

    // The terminal is closed with the attempt.
    expect((await command(attemptId, "openstack server list", target.position)).status).toBe(409);

    // The review shows every lab's checks with reasons, and what was typed on the solved one.
    const review = await loadAttemptReview(handle.db, learner.id, attemptId, new Date());
    if (!review.ok) throw new Error(review.error.code);
    expect(review.value.labs).toHaveLength(3);
    const reviewed = review.value.labs.find((entry) => entry.position === target.position)!;
    expect(reviewed.checks.every((check) => check.passed && check.reason.length > 0)).toBe(true);
    expect(reviewed.transcript).toContain(`source ~/${lab.user}-openrc`);
    const failed = review.value.labs.filter((entry) => entry.position !== target.position);
    expect(failed.every((entry) => entry.checks.some((check) => !check.passed) && entry.transcript === "")).toBe(true);

    // Wrong answers go to the flashcards once; a second click adds nothing.
    const wrong = new Set(review.value.wrongQuestionIds).size;
    expect(wrong).toBeGreaterThan(0);
    const first = await addWrongAnswersToFlashcards(handle.db, learner.id, attemptId, new Date());
    expect(first).toEqual({ ok: true, value: { added: wrong, alreadyAdded: 0 } });
    const again = await addWrongAnswersToFlashcards(handle.db, learner.id, attemptId, new Date());
    expect(again).toEqual({ ok: true, value: { added: 0, alreadyAdded: wrong } });
  }, 120_000);

  it("resurfaces the flashcards of a lab's topic after a submission with failed checks, and not after a clean one", async () => {
    state.user = learner;
    const { submitLab } = await import("@/app/labs/[id]/actions");
    expect((await openLabSession(handle.db, learner.id, "network-router-gateway")).ok).toBe(true);
    const failed = await submitLab({ labId: "network-router-gateway" });
    expect(failed.grade?.results.some((check) => !check.passed)).toBe(true);
    expect(failed.cardsNotice).toMatch(/^\d+ cards? about Networking \(Neutron\) (is|are) due again in your flashcards\.$/);

    const version = await listLabVersionsByIds(handle.db, ["network-router-gateway@1"]);
    const lab = labSchema.parse(version[0]!.body);
    expect((await openLabSession(handle.db, learner.id, lab.id)).ok).toBe(true);
    for (const line of lab.solution) expect((await runLabCommand(handle.db, learner.id, lab.id, line)).ok).toBe(true);
    const clean = await submitLab({ labId: lab.id });
    expect(clean.grade?.results.every((check) => check.passed)).toBe(true);
    expect(clean.cardsNotice).toBeUndefined();
  }, 60_000);
});
