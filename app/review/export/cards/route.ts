import { getDb } from "@/db/client";
import { authorizeRequest } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import { exportCardsCsv } from "@/lib/srs/service";

/** The learner's cards with their schedules, as CSV. */
export async function GET() {
  const auth = await authorizeRequest("learn");
  if (!auth.ok) return auth.response;
  const csv = await exportCardsCsv(await getDb(), auth.user.id, systemClock.now());
  return new Response(csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="examstack-cards.csv"', "cache-control": "no-store" },
  });
}
