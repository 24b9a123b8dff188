import { getDb } from "@/db/client";
import { authorizeRequest } from "@/lib/auth/guards";
import { exportReviewsCsv } from "@/lib/srs/service";

/** Every answer the learner gave, as CSV: enough to recompute a schedule or fit FSRS parameters elsewhere. */
export async function GET() {
  const auth = await authorizeRequest("learn");
  if (!auth.ok) return auth.response;
  const csv = await exportReviewsCsv(await getDb(), auth.user.id);
  return new Response(csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="examstack-review-history.csv"', "cache-control": "no-store" },
  });
}
