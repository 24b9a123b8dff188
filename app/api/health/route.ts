import { getDb } from "@/db/client";
import { pingDatabase } from "@/db/queries/health";

/** Liveness for the start script and for whoever runs the server: answers once the database answers. */
export async function GET() {
  await pingDatabase(await getDb());
  return Response.json({ status: "ok" });
}
