import { getDb } from "@/db/client";
import { listCohortMembersByCohort, listSubmittedExamAttemptsByUsers } from "@/db/queries/cohorts";
import { toCsv } from "@/lib/analytics";
import { authorizeRequest } from "@/lib/auth/guards";
import { finishedByLabel, loadAttemptFinishers } from "@/lib/cohorts/monitor";
import { cohortAccess, cohortErrorMessage } from "@/lib/cohorts/service";
import { csvResponse } from "../csv-response";

export async function GET(request: Request, context: { params: Promise<{ cohortId: string }> }): Promise<Response> {
  const auth = await authorizeRequest("teach");
  if (!auth.ok) return auth.response;
  const { cohortId } = await context.params;
  const db = await getDb();
  const access = await cohortAccess(db, auth.user, cohortId);
  if (!access.ok) return Response.json({ error: cohortErrorMessage(access.error) }, { status: 404 });
  const members = await listCohortMembersByCohort(db, cohortId);
  const byId = new Map(members.map((member) => [member.userId, member]));
  const [attempts, finishers] = await Promise.all([listSubmittedExamAttemptsByUsers(db, [...byId.keys()]), loadAttemptFinishers(db, auth.user, cohortId)]);
  const finishedBy = (attemptId: string) => {
    const by = finishers.ok ? finishers.value.get(attemptId) : undefined;
    return by ? finishedByLabel[by] : "";
  };
  const rows = attempts.map((attempt) => [byId.get(attempt.userId)?.name, byId.get(attempt.userId)?.email, attempt.blueprintId, attempt.title, attempt.startedAt, attempt.submittedAt, finishedBy(attempt.id), attempt.scorePercent, attempt.passed]);
  return csvResponse(toCsv(["name", "email", "blueprint_id", "exam", "started_at", "submitted_at", "finished_by", "score_percent", "passed"], rows), `${access.value.cohort.name}-attempts.csv`);
}
