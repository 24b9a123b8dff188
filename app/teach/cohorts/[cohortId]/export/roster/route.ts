import { getDb } from "@/db/client";
import { toCsv } from "@/lib/analytics";
import { authorizeRequest } from "@/lib/auth/guards";
import { loadCohortDashboard } from "@/lib/cohorts/dashboard";
import { cohortErrorMessage } from "@/lib/cohorts/service";
import { csvResponse } from "../csv-response";

export async function GET(request: Request, context: { params: Promise<{ cohortId: string }> }): Promise<Response> {
  const auth = await authorizeRequest("teach");
  if (!auth.ok) return auth.response;
  const { cohortId } = await context.params;
  const loaded = await loadCohortDashboard(await getDb(), auth.user, cohortId, new Date());
  if (!loaded.ok) return Response.json({ error: cohortErrorMessage(loaded.error) }, { status: 404 });
  const rows = loaded.value.roster.map((row) => [
    row.name,
    row.email,
    row.joinedAt,
    row.lastActiveAt,
    row.notesRead,
    row.retention === null ? null : Math.round(row.retention * 1000) / 1000,
    row.dueNow,
    row.examBest,
    row.examLast,
    row.examAttempts,
    row.labPassRate === null ? null : Math.round(row.labPassRate * 1000) / 1000,
    row.labSessions,
    Math.round(row.timeSpentMs / 60_000),
    row.risks.map((risk) => risk.message).join(" "),
  ]);
  const header = ["name", "email", "joined_at", "last_active_at", "notes_read", "retention", "cards_due", "exam_best", "exam_last", "exam_attempts", "lab_pass_rate", "lab_sessions", "minutes_spent", "risks"];
  return csvResponse(toCsv(header, rows), `${loaded.value.cohort.name}-roster.csv`);
}
