import { getDb } from "@/db/client";
import { toCsv } from "@/lib/analytics";
import { authorizeRequest } from "@/lib/auth/guards";
import { loadQuestionAnalyses } from "@/lib/cohorts/items";
import { cohortErrorMessage } from "@/lib/cohorts/service";
import { csvResponse } from "../csv-response";

const round = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);

export async function GET(request: Request, context: { params: Promise<{ cohortId: string }> }): Promise<Response> {
  const auth = await authorizeRequest("teach");
  if (!auth.ok) return auth.response;
  const { cohortId } = await context.params;
  const analyses = await loadQuestionAnalyses(await getDb(), auth.user, { cohortId });
  if (!analyses.ok) return Response.json({ error: cohortErrorMessage(analyses.error) }, { status: 404 });
  const rows = analyses.value.map((a) => [
    a.questionId,
    a.topic,
    a.kind,
    a.stats.respondents,
    round(a.stats.facility),
    round(a.stats.discrimination),
    a.stats.meanTimeMs === null ? null : Math.round(a.stats.meanTimeMs / 1000),
    a.stats.options.map((option) => `${option.key}${option.correct ? "*" : ""}:${option.count}`).join(" "),
    a.stats.flags.map((flag) => flag.code).join(" "),
  ]);
  return csvResponse(toCsv(["question_id", "topic", "kind", "respondents", "facility", "discrimination", "mean_seconds", "option_counts", "flags"], rows), "item-statistics.csv");
}
