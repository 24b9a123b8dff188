import { z } from "zod";
import { getDb } from "@/db/client";
import { authorizeRequest } from "@/lib/auth/guards";
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

export async function POST(request: Request, context: Context): Promise<Response> {
  const guard = await authorizeRequest("learn");
  if (!guard.ok) return guard.response;
  const attemptId = attemptIdSchema.safeParse((await context.params).attemptId);
  if (!attemptId.success) return Response.json({ code: "exam/not-found", error: refusal["exam/not-found"].message }, { status: 404 });
  const body: unknown = await request.json().catch(() => null);
  const now = systemClock.now();
  const saved = await saveExamAnswer(await getDb(), guard.user.id, attemptId.data, body, now);
  if (saved.ok) return Response.json({ ok: true, ...saved.value });
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
