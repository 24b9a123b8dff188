/**
 * The exam's HTTP surface as the browser uses it: the save route and the submit action, with a session but
 * without a running server. What a client sends beyond an item's state — its own deadline, a score — changes
 * nothing the server stores.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/db/client";
import { getExamAttemptByIdAndUser, listExamAnswersByAttempt, listExamAttemptItemsByAttempt } from "@/db/queries/exams";
import { createAccount } from "@/lib/auth/accounts";
import type { SessionUser } from "@/lib/auth/roles";
import { importContent } from "@/lib/content/import";
import { questionSchema } from "@/lib/content/schema";
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

describe("the save route and the submit action", () => {
  let handle: DbHandle;
  let learner: SessionUser;

  beforeAll(async () => {
    handle = await createTestDb();
    state.db = handle.db;
    expect((await importContent(handle.db, path.join(process.cwd(), "content"))).ok).toBe(true);
    const account = await createAccount(handle.db, { name: "Ria", email: "ria@example.com", password: "ria-password-123" });
    if (!account.ok) throw new Error("account");
    learner = { id: account.value.id, email: "ria@example.com", name: "Ria", role: "learner" };
  });
  afterAll(async () => handle?.close());

  const route = () => import("@/app/api/exams/attempts/[attemptId]/answers/route");
  const actions = () => import("@/app/exams/actions");

  function post(attemptId: string, body: unknown) {
    return route().then(({ POST }) =>
      POST(new Request(`http://localhost/api/exams/attempts/${attemptId}/answers`, { method: "POST", body: JSON.stringify(body) }), { params: Promise.resolve({ attemptId }) }),
    );
  }

  it("saves an answer, ignores a client's deadline and score, and submits to a server-computed result", async () => {
    state.user = learner;
    const { startExamAction, submitExamAction } = await actions();
    const started = await startExamAction({ blueprintId: "quick-check" });
    expect(started.attemptId).toBeTruthy();
    const attemptId = started.attemptId!;
    const before = await getExamAttemptByIdAndUser(handle.db, attemptId, learner.id);

    const [first] = await listExamAttemptItemsByAttempt(handle.db, attemptId);
    const question = questionSchema.parse(first!.questionBody);
    const wrong =
      question.kind === "single" || question.kind === "multiple"
        ? { kind: question.kind === "single" ? "single" : "multiple", ...(question.kind === "single" ? { choice: question.options.find((option) => !option.correct)!.key } : { choices: [] }) }
        : question.kind === "truefalse"
          ? { kind: "truefalse", value: !question.answer }
          : question.kind === "short" || question.kind === "command"
            ? { kind: question.kind, text: "nope" }
            : { kind: "ordering", order: [] };
    const seq = Date.now();
    const response = await post(attemptId, { position: 0, response: wrong, flagged: true, seq, deadlineAt: "2099-12-31T00:00:00Z", score: 100, scorePercent: 100 });
    expect(response.status).toBe(200);
    const ack = (await response.json()) as { ok: boolean; seq: number; serverNow: string };
    expect(ack).toMatchObject({ ok: true, seq });
    const [stored] = await listExamAnswersByAttempt(handle.db, attemptId);
    expect(stored).toMatchObject({ position: 0, flagged: true, seq });
    expect(stored?.response).toEqual(wrong);
    expect((await getExamAttemptByIdAndUser(handle.db, attemptId, learner.id))?.deadlineAt).toEqual(before?.deadlineAt);

    // The same change sent twice (a retry after a lost acknowledgement) is answered as stale, not applied twice.
    const replay = await post(attemptId, { position: 0, response: wrong, flagged: true, seq });
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ code: "exam/stale", current: { seq } });

    // A submit carrying a score of its own gets the server's.
    const submitted = await submitExamAction({ attemptId, score: 100, scorePercent: 100, passed: true, deadlineAt: "2099-12-31T00:00:00Z" });
    expect(submitted).toEqual({ attemptId });
    const closed = await getExamAttemptByIdAndUser(handle.db, attemptId, learner.id);
    expect(closed).toMatchObject({ status: "submitted", scorePercent: 0, passed: false });
    expect(closed?.deadlineAt).toEqual(before?.deadlineAt);

    // After submission the route refuses saves as closed.
    const late = await post(attemptId, { position: 1, response: null, flagged: true, seq: Date.now() });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: "exam/closed" });
  });

  it("answers 401 signed out, 404 for a malformed or foreign attempt id, and 400 for an unreadable save", async () => {
    state.user = null;
    expect((await post("00000000-0000-4000-8000-000000000000", {})).status).toBe(401);
    state.user = learner;
    expect((await post("not-a-uuid", {})).status).toBe(404);
    expect((await post("00000000-0000-4000-8000-000000000000", { position: 0, response: null, flagged: false, seq: Date.now() })).status).toBe(404);
    const { startExamAction } = await actions();
    const started = await startExamAction({ blueprintId: "quick-check" });
    expect((await post(started.attemptId!, { position: "zero" })).status).toBe(400);
    const { GET } = await route();
    const sync = await GET(new Request("http://localhost/"), { params: Promise.resolve({ attemptId: started.attemptId! }) });
    expect(await sync.json()).toMatchObject({ phase: "answering", savedAnswers: [] });
  });
});
