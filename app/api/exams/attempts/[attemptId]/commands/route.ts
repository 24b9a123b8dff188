import { z } from "zod";
import { getDb } from "@/db/client";
import { authorizeRequest } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import { runExamCommand, type ExamCommandError } from "@/lib/exam/labs";

/**
 * One terminal line in the attempt's shared lab cloud (POST) → its output. The reply is what a terminal shows:
 * output, prompt and who the shell is signed in as — never a check or a score, which wait for submission.
 */

/** Longest line a learner can send: generous for pasted heredocs, small enough to keep the stored cloud light. */
const MAX_LINE_LENGTH = 20_000;
const commandSchema = z.object({
  line: z.string().max(MAX_LINE_LENGTH),
  position: z.number().int().min(0).max(10_000),
  cols: z.number().int().min(20).max(500).optional(),
});
const attemptIdSchema = z.uuid();

const refusal: Record<ExamCommandError["code"], { status: number; error: string }> = {
  "exam/not-found": { status: 404, error: "This exam has no hands-on tasks; reload the page." },
  "exam/closed": { status: 409, error: "Time is up: this attempt is closed and the command was not run." },
  "exam/conflict": { status: 409, error: "Another tab ran a command at the same moment; try again." },
};

export async function POST(request: Request, context: { params: Promise<{ attemptId: string }> }): Promise<Response> {
  const guard = await authorizeRequest("learn");
  if (!guard.ok) return guard.response;
  const attemptId = attemptIdSchema.safeParse((await context.params).attemptId);
  const body = commandSchema.safeParse(await request.json().catch(() => null));
  if (!attemptId.success) return Response.json(refusal["exam/not-found"], { status: 404 });
  if (!body.success) return Response.json({ error: "Send { line, position } as JSON." }, { status: 400 });
  const result = await runExamCommand(await getDb(), guard.user.id, attemptId.data, body.data, systemClock.now());
  if (!result.ok) return Response.json(refusal[result.error.code], { status: refusal[result.error.code].status });
  return Response.json(result.value);
}
