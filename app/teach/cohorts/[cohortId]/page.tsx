import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { listCohortAssignmentAttemptCountsByCohort, listCohortAssignmentsByCohort, listCohortAuditByCohort, listCohortInstructorsByCohort, listCohortInvitesByCohort } from "@/db/queries/cohorts";
import { filterRoster, rosterSortKeys, sortRoster, weakTopics, type RosterSortKey } from "@/lib/analytics";
import { requireArea } from "@/lib/auth/guards";
import { loadCohortDashboard } from "@/lib/cohorts/dashboard";
import { topics } from "@/lib/content/topics";
import { Card, EmptyState, PageHeader } from "../../../_components/ui";
import { addCoInstructorAction, createAssignmentAction, createInviteAction, deleteAssignmentAction, removeCoInstructorAction, removeLearnerAction, revokeInviteAction } from "../actions";
import { ActionForm } from "../_components/action-form";
import { MasteryHeatMap, ProgressChart } from "../_components/charts";
import { duration, inputClass, percent, score, sinceText } from "../_components/format";

export const metadata: Metadata = { title: "Cohort" };

const columns: { key: RosterSortKey; label: string }[] = [
  { key: "name", label: "Learner" },
  { key: "lastActive", label: "Last active" },
  { key: "notesRead", label: "Notes read" },
  { key: "retention", label: "Retention" },
  { key: "due", label: "Cards due" },
  { key: "examBest", label: "Exam best" },
  { key: "examLast", label: "Exam last" },
  { key: "labPassRate", label: "Lab pass rate" },
  { key: "timeSpent", label: "Time spent" },
  { key: "risk", label: "At risk" },
];

export default async function CohortDashboardPage({ params, searchParams }: { params: Promise<{ cohortId: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireArea("teach");
  const { cohortId } = await params;
  const query = await searchParams;
  const db = await getDb();
  const now = new Date();
  if (!/^[0-9a-f-]{36}$/i.test(cohortId)) notFound();
  const loaded = await loadCohortDashboard(db, user, cohortId, now);
  if (!loaded.ok) notFound();
  const { cohort, role, roster, mastery, weeks } = loaded.value;
  const [invites, instructors, assignments, usage, audit] = await Promise.all([
    listCohortInvitesByCohort(db, cohortId),
    listCohortInstructorsByCohort(db, cohortId),
    listCohortAssignmentsByCohort(db, cohortId),
    listCohortAssignmentAttemptCountsByCohort(db, cohortId),
    listCohortAuditByCohort(db, cohortId),
  ]);
  const usageBy = new Map(usage.map((entry) => [entry.assignmentId, entry]));

  const sort = (rosterSortKeys as readonly string[]).includes(query.sort ?? "") ? (query.sort as RosterSortKey) : "risk";
  const direction = query.dir === "asc" ? "asc" : query.dir === "desc" ? "desc" : sort === "name" ? "asc" : "desc";
  const rows = sortRoster(filterRoster(roster, { query: query.q, atRiskOnly: query.risk === "1" }), sort, direction);
  const sortHref = (key: RosterSortKey) => {
    const next = new URLSearchParams({ sort: key, dir: key === sort && direction === "desc" ? "asc" : "desc" });
    if (query.q) next.set("q", query.q);
    if (query.risk === "1") next.set("risk", "1");
    return `?${next}`;
  };
  const topicTitles = topics.map((topic) => ({ id: topic.id, title: topic.title }));
  const coveredTopics = topicTitles.filter((topic) => mastery.some((cell) => cell.topic === topic.id));
  const weak = weakTopics(mastery).filter((topic) => topic.meanScore !== null).slice(0, 3);
  const atRisk = roster.filter((row) => row.risks.length > 0).length;
  const live = invites.filter((invite) => !invite.revokedAt && invite.expiresAt > now);

  return (
    <>
      <PageHeader
        title={cohort.name}
        description={`${roster.length} ${roster.length === 1 ? "learner" : "learners"} · ${atRisk} at risk · you are ${role === "admin" ? "viewing as an admin" : `the ${role}`}`}
        actions={
          <div className="flex flex-wrap gap-2 text-sm">
            <Link className="rounded-lg border border-slate-300 px-3 py-1.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800" href={`/teach/cohorts/${cohort.id}/items`}>
              Item analysis
            </Link>
            <a className="rounded-lg border border-slate-300 px-3 py-1.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800" href={`/teach/cohorts/${cohort.id}/export/roster`}>
              Roster CSV
            </a>
            <a className="rounded-lg border border-slate-300 px-3 py-1.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800" href={`/teach/cohorts/${cohort.id}/export/attempts`}>
              Attempts CSV
            </a>
          </div>
        }
      />

      <div className="grid gap-6 [&>*]:min-w-0">
        <Card title="Learners">
          <form className="mb-3 flex flex-wrap items-center gap-3 text-sm" role="search">
            <label className="flex items-center gap-2">
              <span>Filter</span>
              <input name="q" defaultValue={query.q ?? ""} placeholder="name or email" className={inputClass} />
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" name="risk" value="1" defaultChecked={query.risk === "1"} /> At risk only
            </label>
            <input type="hidden" name="sort" value={sort} />
            <input type="hidden" name="dir" value={direction} />
            <button className="rounded-lg border border-slate-300 px-3 py-1.5 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">Apply</button>
          </form>
          {roster.length === 0 ? (
            <EmptyState title="No learners yet">Create a join code below and give it to your learners; they enter it at /learn/join.</EmptyState>
          ) : (
            <div className="relative overflow-x-auto">
              <table className="w-full min-w-[60rem] text-left text-sm">
                <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
                  <tr>
                    {columns.map((column) => (
                      <th key={column.key} scope="col" className="px-2 py-2 font-medium" aria-sort={column.key === sort ? (direction === "asc" ? "ascending" : "descending") : undefined}>
                        <Link href={sortHref(column.key)} className="hover:underline">
                          {column.label}
                          {column.key === sort ? (direction === "asc" ? " ↑" : " ↓") : ""}
                        </Link>
                      </th>
                    ))}
                    <th scope="col" className="px-2 py-2 font-medium">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.userId} className={`border-b border-slate-100 align-top dark:border-slate-800 ${row.risks.length ? "bg-rose-50 dark:bg-rose-950/40" : ""}`}>
                      <td className="px-2 py-2">
                        <Link href={`/teach/cohorts/${cohort.id}/learners/${row.userId}`} className="font-medium text-brand-600 hover:underline">
                          {row.name}
                        </Link>
                        <div className="text-xs text-slate-500 dark:text-slate-400">{row.email}</div>
                      </td>
                      <td className="px-2 py-2">{sinceText(row.lastActiveAt, now)}</td>
                      <td className="px-2 py-2">{row.notesRead}</td>
                      <td className="px-2 py-2">{percent(row.retention)}</td>
                      <td className="px-2 py-2">{row.dueNow}</td>
                      <td className="px-2 py-2">{score(row.examBest)}</td>
                      <td className="px-2 py-2">{score(row.examLast)}</td>
                      <td className="px-2 py-2">{percent(row.labPassRate)}</td>
                      <td className="px-2 py-2">{duration(row.timeSpentMs)}</td>
                      <td className="px-2 py-2 text-rose-700 dark:text-rose-300">
                        {row.risks.length ? (
                          <ul>
                            {row.risks.map((risk) => (
                              <li key={risk.code}>{risk.message}</li>
                            ))}
                          </ul>
                        ) : (
                          <span className="text-slate-400">—</span>
                        )}
                      </td>
                      <td className="px-2 py-2">
                        <ActionForm action={removeLearnerAction} submit="Remove" variant="secondary">
                          <input type="hidden" name="cohortId" value={cohort.id} />
                          <input type="hidden" name="userId" value={row.userId} />
                        </ActionForm>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>

        <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
          <Card title="Topic mastery">
            {coveredTopics.length === 0 || roster.length === 0 ? (
              <EmptyState title="No answers yet">Each cell fills in once a learner has answered three questions on the topic.</EmptyState>
            ) : (
              <>
                {weak.length ? <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">Weakest topics: {weak.map((topic) => `${topicTitles.find((t) => t.id === topic.topic)?.title ?? topic.topic} (${percent(topic.meanScore)})`).join(", ")}.</p> : null}
                <div className="relative overflow-x-auto">
                  <MasteryHeatMap learners={rows} topics={coveredTopics} cells={mastery} />
                </div>
              </>
            )}
          </Card>
          <Card title="Progress over twelve weeks">
            <ProgressChart weeks={weeks} title="Learners active and mean exam score per week" />
          </Card>
        </div>

        <div className="grid gap-6 lg:grid-cols-3 [&>*]:min-w-0">
          <Card title="Join codes">
            <ActionForm action={createInviteAction} submit="New code">
              <input type="hidden" name="cohortId" value={cohort.id} />
              <label className="grid gap-1 text-sm">
                Valid for (days)
                <input name="validDays" type="number" min={1} max={365} defaultValue={14} className={`${inputClass} w-24`} />
              </label>
            </ActionForm>
            <ul className="mt-3 space-y-2 text-sm">
              {invites.map((invite) => {
                const state = invite.revokedAt ? "withdrawn" : invite.expiresAt <= now ? "expired" : `until ${invite.expiresAt.toISOString().slice(0, 10)}`;
                return (
                  <li key={invite.id} className="flex flex-wrap items-center justify-between gap-2">
                    <span>
                      <code className="font-mono text-base tracking-widest" data-testid="join-code">{invite.code}</code> <span className="text-slate-500 dark:text-slate-400">{state} · used {invite.uses}×</span>
                    </span>
                    {live.includes(invite) ? (
                      <ActionForm action={revokeInviteAction} submit="Withdraw" variant="secondary">
                        <input type="hidden" name="cohortId" value={cohort.id} />
                        <input type="hidden" name="inviteId" value={invite.id} />
                      </ActionForm>
                    ) : null}
                  </li>
                );
              })}
            </ul>
            {live[0] ? <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">Join link: /learn/join/{live[0].code}</p> : null}
          </Card>

          <Card title="Instructors">
            <ul className="space-y-2 text-sm">
              {instructors.map((instructor) => (
                <li key={instructor.userId} className="flex flex-wrap items-center justify-between gap-2">
                  <span>
                    {instructor.name} <span className="text-slate-500 dark:text-slate-400">({instructor.role})</span>
                  </span>
                  {instructor.role === "co-instructor" && role !== "co-instructor" ? (
                    <ActionForm action={removeCoInstructorAction} submit="Remove" variant="secondary">
                      <input type="hidden" name="cohortId" value={cohort.id} />
                      <input type="hidden" name="userId" value={instructor.userId} />
                    </ActionForm>
                  ) : null}
                </li>
              ))}
            </ul>
            {role !== "co-instructor" ? (
              <ActionForm action={addCoInstructorAction} submit="Add co-instructor" className="mt-3 flex flex-wrap items-end gap-2">
                <input type="hidden" name="cohortId" value={cohort.id} />
                <label className="grid gap-1 text-sm">
                  Email
                  <input name="email" type="email" required className={inputClass} />
                </label>
              </ActionForm>
            ) : null}
          </Card>

          <Card title="Assignments">
            <ul className="mb-3 space-y-2 text-sm">
              {assignments.map((assignment) => (
                <li key={assignment.id} className="flex flex-wrap items-center justify-between gap-2">
                  <span>
                    <strong>{assignment.title}</strong> · {assignment.kind}: {assignment.targetIds.join(", ")} · closes {assignment.closesAt.toISOString().slice(0, 16).replace("T", " ")} UTC
                    {assignment.attemptsAllowed ? ` · ${assignment.attemptsAllowed} ${assignment.attemptsAllowed === 1 ? "attempt" : "attempts"}` : ""}
                    {assignment.kind === "exam" ? ` · taken by ${usageBy.get(assignment.id)?.learners ?? 0} of ${roster.length}` : ""}
                  </span>
                  <ActionForm action={deleteAssignmentAction} submit="Remove" variant="secondary">
                    <input type="hidden" name="cohortId" value={cohort.id} />
                    <input type="hidden" name="assignmentId" value={assignment.id} />
                  </ActionForm>
                </li>
              ))}
            </ul>
            <ActionForm action={createAssignmentAction} submit="Assign" className="grid gap-2 text-sm">
              <input type="hidden" name="cohortId" value={cohort.id} />
              <label className="grid gap-1">
                Title
                <input name="title" required className={inputClass} />
              </label>
              <label className="grid gap-1">
                Kind
                <select name="kind" className={inputClass} defaultValue="exam">
                  <option value="exam">Exam blueprint</option>
                  <option value="labs">Labs</option>
                  <option value="decks">Flashcard decks</option>
                </select>
              </label>
              <label className="grid gap-1">
                Ids (blueprint, labs or decks; comma-separated)
                <input name="targetIds" required className={inputClass} />
              </label>
              <label className="grid gap-1">
                Opens
                <input name="opensAt" type="datetime-local" required className={inputClass} />
              </label>
              <label className="grid gap-1">
                Closes
                <input name="closesAt" type="datetime-local" required className={inputClass} />
              </label>
              <label className="grid gap-1">
                Attempts allowed (exams; empty for no limit)
                <input name="attemptsAllowed" type="number" min={1} max={50} className={inputClass} />
              </label>
            </ActionForm>
          </Card>
        </div>

        <Card title="Changes to exams">
          {audit.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Extensions, early closes, regrades and time multipliers for this cohort are listed here with who made them and when. None yet; see the{" "}
              <Link href="/teach/cohorts/monitor" className="text-brand-600 hover:underline">live exam monitor</Link>.
            </p>
          ) : (
            <ul className="space-y-1 text-sm">
              {audit.map((entry) => (
                <li key={entry.id}>
                  <span className="tabular-nums text-slate-500 dark:text-slate-400">{entry.at.toISOString().slice(0, 16).replace("T", " ")} UTC</span> · {entry.actorName} · {describeAudit(entry)}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}

function describeAudit(entry: { action: string; subject: string; details: Record<string, unknown> }): string {
  const details = entry.details;
  switch (entry.action) {
    case "attempt/extend":
      return `extended attempt ${entry.subject.slice(0, 8)} by ${String(details.minutes)} min`;
    case "attempt/close":
      return `closed attempt ${entry.subject.slice(0, 8)} early`;
    case "question/neutralize":
      return `neutralized question ${entry.subject} (${String(details.attempts)} attempts rescored)`;
    case "question/rekey":
      // Older entries logged the choice keys alone; newer ones carry a description of any kind's key.
      return typeof details.description === "string"
        ? `${details.description.replace(/^re-keyed/, `re-keyed question ${entry.subject}`)} (${String(details.attempts)} attempts rescored)`
        : `re-keyed question ${entry.subject} to ${Array.isArray(details.correctKeys) ? details.correctKeys.join(", ") : "?"} (${String(details.attempts)} attempts rescored)`;
    case "question/restore":
      return `restored the original key of question ${entry.subject} (${String(details.attempts)} attempts rescored)`;
    case "learner/time-multiplier":
      return `set a learner's exam time to ${String(details.multiplier)}×`;
    default:
      return entry.action;
  }
}
