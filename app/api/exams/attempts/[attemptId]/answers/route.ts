import { z } from "zod";
import { getDb } from "@/db/client";
import { authorizeLearnRequest, authorizeRequest } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import { loadAttemptSync, saveExamAnswer } from "@/lib/exam/service";

/**
 * One answer save per request (POST), and the attempt's current state for a page that reconnects (GET). Both
 * answer JSON — 401/403 from the guard — because the caller is the exam page's own fetch, which must tell
 * "not saved, try again" from "signed out" without following a redirect.
 */

const attemptIdSchema = z.uuid();
type Context = { params: Promise<{ attemptId: string }> };

const refusal = {
  "exam/invalid-save": { status: 400, message: "That answer could not be read; reload the page." },
  "exam/bad-sequence": { status: 400, message: "This tab's clock is far off; reload the page." },
  "exam/not-found": { status: 404, message: "This exam attempt does not exist." },
  "exam/closed": { status: 409, message: "Time is up: this attempt is closed and no longer takes answers." },
  "exam/stale": { status: 409, message: "A newer answer to this item was saved from another tab or device." },
} as const;

/**
 * The hot path, sent every time an answer changes: the session cookie is decoded (no user-row read, no Auth.js
 * round trip) and one statement writes the answer only if the attempt is this user's, open, within its deadline
 * and grace, and the sequence number is newer. Under load (bench/exam.ts)
 * those two skipped steps were most of a save's own cost.
 */
export async function POST(request: Request, context: Context): Promise<Response> {
  const guard = await authorizeLearnRequest();
  if (!guard.ok) return guard.response;
  const attemptId = attemptIdSchema.safeParse((await context.params).attemptId);
  const body: unknown = attemptId.success ? await request.json().catch(() => null) : null;
  const now = systemClock.now();
  const saved = attemptId.success ? await saveExamAnswer(await getDb(), guard.userId, attemptId.data, body, now) : undefined;
  if (saved?.ok) return Response.json({ ok: true, ...saved.value });
  // Refusals are rare: they pay for the full check, so an account deleted since sign-in gets 401, not "not found".
  const full = await authorizeRequest("learn");
  if (!full.ok) return full.response;
  if (!saved) return Response.json({ code: "exam/not-found", error: refusal["exam/not-found"].message }, { status: 404 });
  const { status, message } = refusal[saved.error.code];
  return Response.json({ ok: false, ...saved.error, error: message, serverNow: now.toISOString() }, { status });
}

export async function GET(_request: Request, context: Context): Promise<Response> {
  const guard = await authorizeRequest("learn");
  if (!guard.ok) return guard.response;
  const attemptId = attemptIdSchema.safeParse((await context.params).attemptId);
  if (!attemptId.success) return Response.json({ code: "exam/not-found", error: refusal["exam/not-found"].message }, { status: 404 });
  const state = await loadAttemptSync(await getDb(), guard.user.id, attemptId.data, systemClock.now());
  if (!state.ok) return Response.json({ code: "exam/not-found", error: refusal["exam/not-found"].message }, { status: 404 });
  return Response.json(state.value, { headers: { "Cache-Control": "no-store" } });
}
