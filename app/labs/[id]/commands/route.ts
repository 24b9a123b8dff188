import { z } from "zod";
import { getDb } from "@/db/client";
import { authorizeRequest } from "@/lib/auth/guards";
import { runLabCommand } from "@/lib/labs/sessions";

/** Longest line a learner can send: generous for pasted heredocs, small enough to keep sessions light. */
const MAX_LINE_LENGTH = 20_000;
const commandSchema = z.object({ line: z.string().max(MAX_LINE_LENGTH), cols: z.number().int().min(20).max(500).optional() });
const idSchema = z.string().regex(/^[a-z0-9-]{1,100}$/);

/** POST one command line → its output, run in this learner's session and stored with it atomically. */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  // The guard comes first, before the route context is even read.
  const auth = await authorizeRequest("learn");
  if (!auth.ok) return auth.response;
  const id = idSchema.safeParse((await context.params).id);
  const body = commandSchema.safeParse(await request.json().catch(() => null));
  if (!id.success || !body.success) return Response.json({ error: "Send { line } as JSON." }, { status: 400 });
  const result = await runLabCommand(await getDb(), auth.user.id, id.data, body.data.line, body.data.cols);
  if (!result.ok) return Response.json({ error: result.error.code === "labs/conflict" ? "Another tab ran a command at the same moment; try again." : "No active session in this lab; reload the page." }, { status: result.error.code === "labs/conflict" ? 409 : 404 });
  return Response.json(result.value);
}
