import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lte, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import {
  cohortAssignmentAttempts,
  cohortAssignments,
  cohortAuditLog,
  cohortInstructors,
  cohortInvites,
  cohortMembers,
  cohorts,
  examAnswers,
  examAttemptItems,
  examAttempts,
  labSessions,
  learnerDailyActivity,
  learnerTopicPractice,
  noteReads,
  practiceAnswers,
  questionVersions,
  srsCardStates,
  srsReviewLogs,
  users,
  type CohortAssignmentRow,
  type CohortInviteRow,
  type CohortRow,
} from "../schema";

/** A database or an open transaction. */
export type DbOrTx = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

// ---------------------------------------------------------------------------------------------------------------
// Cohorts and who runs them

export async function insertCohortWithOwner(db: Db, cohort: { name: string; description: string; createdBy: string; now: Date }): Promise<CohortRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(cohorts).values({ name: cohort.name, description: cohort.description, createdBy: cohort.createdBy, createdAt: cohort.now }).returning();
    if (!row) throw new Error("cohort insert returned nothing");
    await tx.insert(cohortInstructors).values({ cohortId: row.id, userId: cohort.createdBy, role: "owner", addedAt: cohort.now });
    return row;
  });
}

export interface CohortSummary {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
  role: "owner" | "co-instructor" | null;
  learners: number;
}

const learnerCount = sql<number>`(select count(*) from ${cohortMembers} where ${cohortMembers.cohortId} = ${cohorts.id})`.mapWith(Number);

/** The cohorts this instructor runs (as owner or co-instructor), newest first. */
export async function listCohortsByInstructor(db: DbOrTx, userId: string): Promise<CohortSummary[]> {
  return db
    .select({ id: cohorts.id, name: cohorts.name, description: cohorts.description, createdAt: cohorts.createdAt, role: cohortInstructors.role, learners: learnerCount })
    .from(cohorts)
    .innerJoin(cohortInstructors, and(eq(cohortInstructors.cohortId, cohorts.id), eq(cohortInstructors.userId, userId)))
    .orderBy(desc(cohorts.createdAt));
}

/** Every cohort, for admins. */
export async function listCohortsByCreation(db: DbOrTx): Promise<CohortSummary[]> {
  return db
    .select({ id: cohorts.id, name: cohorts.name, description: cohorts.description, createdAt: cohorts.createdAt, role: sql<null>`null`, learners: learnerCount })
    .from(cohorts)
    .orderBy(desc(cohorts.createdAt));
}

export async function getCohortById(db: DbOrTx, cohortId: string): Promise<CohortRow | undefined> {
  const [row] = await db.select().from(cohorts).where(eq(cohorts.id, cohortId)).limit(1);
  return row;
}

export async function getCohortInstructorRoleByCohortAndUser(db: DbOrTx, cohortId: string, userId: string): Promise<"owner" | "co-instructor" | undefined> {
  const [row] = await db
    .select({ role: cohortInstructors.role })
    .from(cohortInstructors)
    .where(and(eq(cohortInstructors.cohortId, cohortId), eq(cohortInstructors.userId, userId)))
    .limit(1);
  return row?.role;
}

export async function listCohortInstructorsByCohort(db: DbOrTx, cohortId: string) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: cohortInstructors.role, addedAt: cohortInstructors.addedAt })
    .from(cohortInstructors)
    .innerJoin(users, eq(users.id, cohortInstructors.userId))
    .where(eq(cohortInstructors.cohortId, cohortId))
    .orderBy(asc(cohortInstructors.addedAt));
}

/** Adds a co-instructor; false when they already teach the cohort. */
export async function insertCohortInstructor(db: DbOrTx, cohortId: string, userId: string, now: Date): Promise<boolean> {
  const rows = await db.insert(cohortInstructors).values({ cohortId, userId, role: "co-instructor", addedAt: now }).onConflictDoNothing().returning({ userId: cohortInstructors.userId });
  return rows.length > 0;
}

/** Removes a co-instructor (never the owner). */
export async function deleteCohortCoInstructorByCohortAndUser(db: DbOrTx, cohortId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(cohortInstructors)
    .where(and(eq(cohortInstructors.cohortId, cohortId), eq(cohortInstructors.userId, userId), eq(cohortInstructors.role, "co-instructor")))
    .returning({ userId: cohortInstructors.userId });
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Learners

export async function listCohortMembersByCohort(db: DbOrTx, cohortId: string): Promise<{ userId: string; name: string; email: string; joinedAt: Date }[]> {
  // A cohort can hold a thousand learners: the roster travels as one JSON array (see packRows for why; names are
  // free text, so JSON rather than separators). Join times travel as epoch milliseconds, truncated exactly as a
  // timestamp column read directly would be.
  const [row] = await db
    .select({
      members: sql<string | null>`json_agg(json_build_array(${users.id}, ${users.name}, ${users.email}, floor(extract(epoch from ${cohortMembers.joinedAt}) * 1000)) order by ${users.name})::text`,
    })
    .from(cohortMembers)
    .innerJoin(users, eq(users.id, cohortMembers.userId))
    .where(eq(cohortMembers.cohortId, cohortId));
  const members = row?.members ? (JSON.parse(row.members) as [string, string, string, number][]) : [];
  return members.map(([userId, name, email, joinedAtMs]) => ({ userId, name, email, joinedAt: new Date(joinedAtMs) }));
}

export async function getCohortMemberByCohortAndUser(db: DbOrTx, cohortId: string, userId: string) {
  const [row] = await db
    .select({ userId: users.id, name: users.name, email: users.email, joinedAt: cohortMembers.joinedAt })
    .from(cohortMembers)
    .innerJoin(users, eq(users.id, cohortMembers.userId))
    .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
    .limit(1);
  return row;
}

export async function deleteCohortMemberByCohortAndUser(db: DbOrTx, cohortId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(cohortMembers)
    .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId)))
    .returning({ userId: cohortMembers.userId });
  return rows.length > 0;
}

/** The cohorts a learner belongs to. */
export async function listCohortsByMember(db: DbOrTx, userId: string) {
  return db
    .select({ id: cohorts.id, name: cohorts.name, description: cohorts.description, joinedAt: cohortMembers.joinedAt })
    .from(cohortMembers)
    .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
    .where(eq(cohortMembers.userId, userId))
    .orderBy(asc(cohorts.name));
}

// ---------------------------------------------------------------------------------------------------------------
// Join codes

export async function insertCohortInvite(db: DbOrTx, invite: { cohortId: string; code: string; createdBy: string; createdAt: Date; expiresAt: Date }): Promise<CohortInviteRow | undefined> {
  const [row] = await db.insert(cohortInvites).values(invite).onConflictDoNothing({ target: cohortInvites.code }).returning();
  return row;
}

export async function listCohortInvitesByCohort(db: DbOrTx, cohortId: string): Promise<CohortInviteRow[]> {
  return db.select().from(cohortInvites).where(eq(cohortInvites.cohortId, cohortId)).orderBy(desc(cohortInvites.createdAt));
}

export async function revokeCohortInviteByIdAndCohort(db: DbOrTx, inviteId: string, cohortId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(cohortInvites)
    .set({ revokedAt: now })
    .where(and(eq(cohortInvites.id, inviteId), eq(cohortInvites.cohortId, cohortId), isNull(cohortInvites.revokedAt)))
    .returning({ id: cohortInvites.id });
  return rows.length > 0;
}

export async function getCohortInviteByCode(db: DbOrTx, code: string) {
  const [row] = await db
    .select({ invite: cohortInvites, cohortName: cohorts.name })
    .from(cohortInvites)
    .innerJoin(cohorts, eq(cohorts.id, cohortInvites.cohortId))
    .where(eq(cohortInvites.code, code))
    .limit(1);
  return row;
}

/**
 * Adds the learner to the invite's cohort and counts the use, in one transaction. The invite is re-checked in
 * the same statement that counts it, so a code revoked a moment earlier cannot still let someone in.
 */
export async function joinCohortByInvite(db: Db, inviteId: string, userId: string, now: Date): Promise<{ joined: boolean; alreadyMember: boolean }> {
  return db.transaction(async (tx) => {
    const [invite] = await tx
      .update(cohortInvites)
      .set({ uses: sql`${cohortInvites.uses} + 1` })
      .where(and(eq(cohortInvites.id, inviteId), isNull(cohortInvites.revokedAt), gt(cohortInvites.expiresAt, now)))
      .returning({ cohortId: cohortInvites.cohortId });
    if (!invite) return { joined: false, alreadyMember: false };
    const inserted = await tx.insert(cohortMembers).values({ cohortId: invite.cohortId, userId, joinedAt: now }).onConflictDoNothing().returning({ userId: cohortMembers.userId });
    return { joined: true, alreadyMember: inserted.length === 0 };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Assignments

export type NewCohortAssignment = typeof cohortAssignments.$inferInsert;

export async function insertCohortAssignment(db: DbOrTx, row: NewCohortAssignment): Promise<CohortAssignmentRow> {
  const [created] = await db.insert(cohortAssignments).values(row).returning();
  if (!created) throw new Error("assignment insert returned nothing");
  return created;
}

export async function listCohortAssignmentsByCohort(db: DbOrTx, cohortId: string): Promise<CohortAssignmentRow[]> {
  return db.select().from(cohortAssignments).where(eq(cohortAssignments.cohortId, cohortId)).orderBy(asc(cohortAssignments.closesAt));
}

export async function deleteCohortAssignmentByIdAndCohort(db: DbOrTx, assignmentId: string, cohortId: string): Promise<boolean> {
  const rows = await db
    .delete(cohortAssignments)
    .where(and(eq(cohortAssignments.id, assignmentId), eq(cohortAssignments.cohortId, cohortId)))
    .returning({ id: cohortAssignments.id });
  return rows.length > 0;
}

/** Assignments of every cohort the learner is in that have not closed before `since`, soonest due first. */
export async function listCohortAssignmentsByMember(db: DbOrTx, userId: string, since: Date) {
  return db
    .select({ assignment: cohortAssignments, cohortName: cohorts.name })
    .from(cohortAssignments)
    .innerJoin(cohortMembers, and(eq(cohortMembers.cohortId, cohortAssignments.cohortId), eq(cohortMembers.userId, userId)))
    .innerJoin(cohorts, eq(cohorts.id, cohortAssignments.cohortId))
    .where(gt(cohortAssignments.closesAt, since))
    .orderBy(asc(cohortAssignments.closesAt));
}

// ---------------------------------------------------------------------------------------------------------------
// Note reads

export async function upsertNoteReadByUserAndNote(db: DbOrTx, userId: string, noteId: string, now: Date): Promise<void> {
  await db
    .insert(noteReads)
    .values({ userId, noteId, firstReadAt: now, lastReadAt: now })
    .onConflictDoUpdate({ target: [noteReads.userId, noteReads.noteId], set: { lastReadAt: now, views: sql`${noteReads.views} + 1` } });
}

// ---------------------------------------------------------------------------------------------------------------
// Dashboard aggregates. Each is one grouped query, restricted to the learners in scope; the caller merges them
// per learner (lib/analytics). Answers and reviews are read from the trigger-kept rollups (learner_daily_activity,
// learner_topic_practice): a cohort of a thousand learners has hundreds of thousands of raw rows, and a page view
// must not scan them.

/**
 * Whose rows to read: a cohort's members (the dashboard: the database joins `cohort_members` itself, which plans
 * far better than a thousand-element id list) or an explicit list (one learner's drill-down).
 */
export type LearnerScope = { cohortId: string } | readonly string[];

const inScope = (userIdColumn: AnyColumn | SQL, scope: LearnerScope) =>
  "cohortId" in scope
    ? sql`${userIdColumn} in (select ${cohortMembers.userId} from ${cohortMembers} where ${cohortMembers.cohortId} = ${scope.cohortId})`
    : sql`${userIdColumn} = any(${sql.param([...scope])}::uuid[])`;
const isEmpty = (scope: LearnerScope) => !("cohortId" in scope) && scope.length === 0;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Retention is measured over the last month of reviews, as Anki's "true retention" table does by default. */
const RETENTION_WINDOW_MS = 30 * DAY_MS;
const WEEK_MS = 7 * DAY_MS;
/** A lab session left open counts at most this long towards time spent: an abandoned tab is not study. */
const LAB_SESSION_CAP_SECONDS = 2 * 60 * 60;

const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`;
const num = (expression: SQL) => sql<number>`coalesce(${expression}, 0)`.mapWith(Number);
const date = (expression: SQL) => sql<Date | null>`${expression}`.mapWith((value: unknown) => (value === null ? null : new Date(value as string)));
/** The UTC calendar day of an instant, as `YYYY-MM-DD`, and the instant that day ends. */
const utcDay = (at: Date) => at.toISOString().slice(0, 10);
const endOfUtcDay = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));

/**
 * Many rows as one value. PGlite hands each result row out of WebAssembly one at a time, which for a thousand-row
 * roster costs more than the query itself; one delimited string per query costs almost nothing. Fields are joined
 * by the unit separator and rows by the record separator (ids are uuids, topics slugs, the rest numbers), and a
 * NULL field travels as the empty string.
 */
const packRows = (fields: SQL[]) =>
  sql<string | null>`string_agg(${sql.join(
    fields.map((field) => sql`coalesce((${field})::text, '')`),
    sql` || chr(31) || `,
  )}, chr(30))`;
const unpackRows = (packed: string | null | undefined): (string | undefined)[][] =>
  packed ? packed.split("\u001e").map((row) => row.split("\u001f").map((field) => (field === "" ? undefined : field))) : [];

/**
 * Per learner: practice answers (count, latest, time) and flashcard reviews (latest, time, last month's scheduled
 * reviews and passes, the last week's logs). The windows end at an instant, not a midnight, so whole days come
 * from the rollup and the part-day at each window's start from the raw review logs (at most one day's rows, read
 * through the (user, reviewed_at) index): the counts are exactly those of the raw logs.
 */
export async function listActivityTotalsByUsers(db: DbOrTx, scope: LearnerScope, now: Date) {
  if (isEmpty(scope)) return [];
  const monthAgo = new Date(now.getTime() - RETENTION_WINDOW_MS);
  const weekAgo = new Date(now.getTime() - WEEK_MS);
  const a = learnerDailyActivity;
  const monthDay = sql`${utcDay(monthAgo)}::date`;
  const weekDay = sql`${utcDay(weekAgo)}::date`;
  const perLearner = sql`(
    select ${a.userId} as user_id,
           sum(${a.answers}) as answers, max(${a.lastAnswerAt}) as last_answer_at, sum(${a.answerTimeMs}) as answer_time_ms,
           sum(${a.reviews}) as reviews, max(${a.lastReviewAt}) as last_review_at, sum(${a.reviewTimeMs}) as review_time_ms,
           sum(${a.scheduledReviews}) filter (where ${a.day} > ${monthDay}) as recent_reviews,
           sum(${a.scheduledPassed}) filter (where ${a.day} > ${monthDay}) as recent_passed,
           sum(${a.reviews}) filter (where ${a.day} > ${weekDay}) as last_week
      from ${a} where ${inScope(a.userId, scope)} group by ${a.userId}
  ) as learner_totals`;
  // Instants travel as epoch milliseconds (truncated, as a Date parsed from the text would be).
  const epochMs = (column: string) => sql`floor(extract(epoch from ${sql.raw(column)}) * 1000)`;
  const totals = db
    .select({
      cells: packRows([
        sql`user_id`,
        sql`answers`,
        epochMs("last_answer_at"),
        sql`answer_time_ms`,
        sql`reviews`,
        epochMs("last_review_at"),
        sql`review_time_ms`,
        sql`recent_reviews`,
        sql`recent_passed`,
        sql`last_week`,
      ]),
    })
    .from(perLearner)
    .then(([row]) =>
      unpackRows(row?.cells).map(([userId = "", answers, lastAnswerAt, answerTimeMs, reviews, lastReviewAt, reviewTimeMs, recentReviews, recentPassed, lastWeek]) => ({
        userId,
        answers: Number(answers ?? 0),
        lastAnswerAt: lastAnswerAt ? new Date(Number(lastAnswerAt)) : null,
        answerTimeMs: Number(answerTimeMs ?? 0),
        reviews: Number(reviews ?? 0),
        lastReviewAt: lastReviewAt ? new Date(Number(lastReviewAt)) : null,
        reviewTimeMs: Number(reviewTimeMs ?? 0),
        recentReviews: Number(recentReviews ?? 0),
        recentPassed: Number(recentPassed ?? 0),
        lastWeek: Number(lastWeek ?? 0),
      })),
    );
  const r = srsReviewLogs;
  const inMonthEdge = sql`${r.reviewedAt} > ${ts(monthAgo)} and ${r.reviewedAt} < ${ts(endOfUtcDay(monthAgo))}`;
  const inWeekEdge = sql`${r.reviewedAt} > ${ts(weekAgo)} and ${r.reviewedAt} < ${ts(endOfUtcDay(weekAgo))}`;
  const perLearnerEdges = sql`(
    select ${r.userId} as user_id,
           count(*) filter (where ${r.kind} = 'review' and ${inMonthEdge}) as recent_reviews,
           count(*) filter (where ${r.kind} = 'review' and ${r.rating} > 1 and ${inMonthEdge}) as recent_passed,
           count(*) filter (where ${inWeekEdge}) as last_week
      from ${r} where ${inScope(r.userId, scope)} and ((${inMonthEdge}) or (${inWeekEdge}))
     group by ${r.userId}
  ) as edges`;
  const edges = db
    .select({ cells: packRows([sql`user_id`, sql`recent_reviews`, sql`recent_passed`, sql`last_week`]) })
    .from(perLearnerEdges)
    .then(([row]) =>
      unpackRows(row?.cells).map(([userId = "", recentReviews, recentPassed, lastWeek]) => ({
        userId,
        recentReviews: Number(recentReviews ?? 0),
        recentPassed: Number(recentPassed ?? 0),
        lastWeek: Number(lastWeek ?? 0),
      })),
    );
  const [rows, edgeRows] = await Promise.all([totals, edges]);
  const edgeBy = new Map(edgeRows.map((row) => [row.userId, row]));
  return rows.map((row) => {
    const edge = edgeBy.get(row.userId);
    return {
      ...row,
      recentReviews: row.recentReviews + (edge?.recentReviews ?? 0),
      recentPassed: row.recentPassed + (edge?.recentPassed ?? 0),
      lastWeek: row.lastWeek + (edge?.lastWeek ?? 0),
    };
  });
}

export async function listCardBacklogByUsers(db: DbOrTx, scope: LearnerScope, now: Date) {
  if (isEmpty(scope)) return [];
  const weekAgo = ts(new Date(now.getTime() - WEEK_MS));
  return db
    .select({
      userId: srsCardStates.userId,
      dueNow: count(),
      becameDueLastWeek: num(sql`count(*) filter (where ${srsCardStates.due} > ${weekAgo})`),
    })
    .from(srsCardStates)
    .where(
      and(
        inScope(srsCardStates.userId, scope),
        // Written as literals, matching srs_card_states_backlog_idx's predicate, so the planner can use that index
        // even for a generic (prepared) plan.
        sql`${srsCardStates.state} <> 'new' and not ${srsCardStates.suspended} and not ${srsCardStates.retired}`,
        lte(srsCardStates.due, now),
      ),
    )
    .groupBy(srsCardStates.userId);
}

export async function listSubmittedExamAttemptsByUsers(db: DbOrTx, scope: LearnerScope) {
  if (isEmpty(scope)) return [];
  return db
    .select({
      id: examAttempts.id,
      userId: examAttempts.userId,
      blueprintId: examAttempts.blueprintId,
      title: sql<string>`${examAttempts.blueprint}->>'title'`,
      startedAt: examAttempts.startedAt,
      submittedAt: examAttempts.submittedAt,
      scorePercent: examAttempts.scorePercent,
      passed: examAttempts.passed,
    })
    .from(examAttempts)
    .where(and(inScope(examAttempts.userId, scope), eq(examAttempts.status, "submitted"), isNotNull(examAttempts.scorePercent)))
    .orderBy(asc(examAttempts.submittedAt));
}

export async function listLabTotalsByUsers(db: DbOrTx, scope: LearnerScope) {
  if (isEmpty(scope)) return [];
  return db
    .select({
      userId: labSessions.userId,
      lastAt: date(sql`max(${labSessions.updatedAt})`),
      submitted: num(sql`count(*) filter (where ${labSessions.status} = 'submitted')`),
      // A pass is every check passing: score is the share of the lab's checks passed.
      passed: num(sql`count(*) filter (where ${labSessions.status} = 'submitted' and ${labSessions.score} >= 1)`),
      timeMs: num(
        sql`sum(least(extract(epoch from (coalesce(${labSessions.submittedAt}, ${labSessions.updatedAt}) - ${labSessions.startedAt})), ${LAB_SESSION_CAP_SECONDS})) * 1000`,
      ),
    })
    .from(labSessions)
    .where(inScope(labSessions.userId, scope))
    .groupBy(labSessions.userId);
}

export async function listNoteReadTotalsByUsers(db: DbOrTx, scope: LearnerScope) {
  if (isEmpty(scope)) return [];
  return db
    .select({ userId: noteReads.userId, notes: count(), lastAt: date(sql`max(${noteReads.lastReadAt})`) })
    .from(noteReads)
    .where(inScope(noteReads.userId, scope))
    .groupBy(noteReads.userId);
}

/** Mean item score per learner and topic over practice answers and submitted exam items. */
export async function listTopicScoresByUsers(db: DbOrTx, scope: LearnerScope) {
  if (isEmpty(scope)) return [];
  // About a thousand learners × thirteen topics of rollup rows: packed (see packRows), read in ~20 ms, not ~110.
  // float8 prints its shortest exact text, so each total parses back to the very same number.
  const t = learnerTopicPractice;
  const packed = db
    .select({ cells: packRows([sql`${t.userId}`, sql`${t.topic}`, sql`${t.answers}`, sql`${t.scoreTotal}`]) })
    .from(t)
    .where(inScope(t.userId, scope))
    .then(([row]) =>
      unpackRows(row?.cells).map(([userId = "", topic = "", answers, total]) => ({ userId, topic, answers: Number(answers ?? 0), total: Number(total ?? 0) })),
    );
  // Exam items: the scored result keeps each item's score at `result->'items'`, so no answer needs rescoring.
  // The lateral join is written out because the query builder has no jsonb_array_elements source; its columns
  // are therefore named in SQL too.
  const exam = db
    .select({
      userId: sql<string>`a.user_id`,
      topic: sql<string>`item->>'topic'`,
      answers: sql<number>`count(*)`.mapWith(Number),
      total: num(sql`sum((item->>'score')::float8)`),
    })
    .from(sql`${examAttempts} a cross join lateral jsonb_array_elements(a.result->'items') as item`)
    .where(sql`${inScope(sql`a.user_id`, scope)} and a.status = 'submitted' and item->>'kind' = 'question'`)
    .groupBy(sql`a.user_id, item->>'topic'`);
  const merged = new Map<string, { userId: string; topic: string; answers: number; total: number }>();
  for (const row of [...(await packed), ...(await exam)]) {
    const key = `${row.userId}\u0000${row.topic}`;
    const cell = merged.get(key) ?? { userId: row.userId, topic: row.topic, answers: 0, total: 0 };
    cell.answers += Number(row.answers);
    cell.total += Number(row.total);
    merged.set(key, cell);
  }
  return [...merged.values()].map((cell) => ({ userId: cell.userId, topic: cell.topic, answers: cell.answers, meanScore: cell.answers ? cell.total / cell.answers : 0 }));
}

/**
 * Per week (Monday, UTC) from the week starting `fromWeek` (a Monday, 00:00 UTC): learners active, practice
 * answers, reviews and mean exam score. Weeks are whole UTC days, so the daily rollup answers exactly.
 */
export async function listWeeklyActivityByUsers(db: DbOrTx, scope: LearnerScope, fromWeek: Date) {
  if (isEmpty(scope)) return [];
  const a = learnerDailyActivity;
  // First one row per learner and week (a small hash aggregate), then the weeks: counting distinct learners over
  // those few rows avoids sorting every day's row.
  const perLearner = sql`(
    select date_trunc('week', at) as week, user_id, sum(answers) as answers, sum(reviews) as reviews, sum(exam) as exam_total, count(exam) as exams
    from (
      select ${a.userId} as user_id, ${a.day}::timestamp as at, ${a.answers} as answers, ${a.reviews} as reviews, null::float8 as exam
        from ${a} where ${inScope(a.userId, scope)} and ${a.day} >= ${utcDay(fromWeek)}::date
      union all
      select user_id, submitted_at at time zone 'UTC', 0, 0, score_percent
        from ${examAttempts} where ${inScope(sql`user_id`, scope)} and status = 'submitted' and submitted_at >= ${ts(fromWeek)}
    ) as events
    group by 1, 2
  ) as learner_weeks`;
  return db
    .select({
      weekStart: sql<Date>`week`.mapWith((value: unknown) => new Date(`${String(value).replace(" ", "T").slice(0, 19)}Z`)),
      activeLearners: sql<number>`count(*)`.mapWith(Number),
      answers: num(sql`sum(answers)`),
      reviews: num(sql`sum(reviews)`),
      meanExamPercent: sql<number | null>`sum(exam_total) / nullif(sum(exams), 0)::float8`.mapWith((value: unknown) => (value === null ? null : Number(value))),
    })
    .from(perLearner)
    .groupBy(sql`1`)
    .orderBy(sql`1`);
}

// ---------------------------------------------------------------------------------------------------------------
// Item analysis. `userIds` null means every learner (admins across all cohorts).

const byUsers = (column: AnyColumn, userIds: readonly string[] | null) =>
  userIds === null ? undefined : sql`${column} = any(${sql.param([...userIds])}::uuid[])`;

/** Every answered-or-not question item of submitted attempts, with the stored response and the attempt's total. */
export async function listExamQuestionItemsByUsers(db: DbOrTx, userIds: readonly string[] | null, questionId?: string) {
  if (userIds && userIds.length === 0) return [];
  return db
    .select({
      attemptId: examAttempts.id,
      userId: examAttempts.userId,
      total: examAttempts.scorePercent,
      position: examAttemptItems.position,
      questionId: questionVersions.questionId,
      questionVersionId: examAttemptItems.questionVersionId,
      topic: examAttemptItems.topic,
      response: examAnswers.response,
      itemScore: sql<number | null>`(${examAttempts.result}->'items'->(${examAttemptItems.position})->>'score')::float8`,
      itemCorrect: sql<boolean | null>`(${examAttempts.result}->'items'->(${examAttemptItems.position})->>'correct')::boolean`,
    })
    .from(examAttemptItems)
    .innerJoin(examAttempts, eq(examAttempts.id, examAttemptItems.attemptId))
    .innerJoin(questionVersions, eq(questionVersions.id, examAttemptItems.questionVersionId))
    .leftJoin(examAnswers, and(eq(examAnswers.attemptId, examAttemptItems.attemptId), eq(examAnswers.position, examAttemptItems.position)))
    .where(
      and(
        eq(examAttempts.status, "submitted"),
        isNotNull(examAttempts.scorePercent),
        eq(examAttemptItems.kind, "question"),
        byUsers(examAttempts.userId, userIds),
        questionId ? eq(questionVersions.questionId, questionId) : undefined,
      ),
    );
}

/** Practice answers (response, score, time), for mean time per question. */
export async function listPracticeAnswersByUsers(db: DbOrTx, userIds: readonly string[] | null, questionId?: string) {
  if (userIds && userIds.length === 0) return [];
  return db
    .select({ userId: practiceAnswers.userId, questionId: practiceAnswers.questionId, score: practiceAnswers.score, timeTakenMs: practiceAnswers.timeTakenMs })
    .from(practiceAnswers)
    .where(and(byUsers(practiceAnswers.userId, userIds), questionId ? eq(practiceAnswers.questionId, questionId) : undefined));
}

/** Submitted lab sessions with their graded checks. */
export async function listSubmittedLabSessionsByUsers(db: DbOrTx, userIds: readonly string[] | null) {
  if (userIds && userIds.length === 0) return [];
  return db
    .select({ id: labSessions.id, userId: labSessions.userId, labId: labSessions.labId, score: labSessions.score, grade: labSessions.grade })
    .from(labSessions)
    .where(and(eq(labSessions.status, "submitted"), byUsers(labSessions.userId, userIds)));
}

// ---------------------------------------------------------------------------------------------------------------
// Assigned exam attempts

/** The assignment, only if this learner is in its cohort: another cohort's assignment reads as none. */
export async function getCohortAssignmentByIdAndMember(db: DbOrTx, assignmentId: string, userId: string): Promise<CohortAssignmentRow | undefined> {
  const [row] = await db
    .select({ assignment: cohortAssignments })
    .from(cohortAssignments)
    .innerJoin(cohortMembers, and(eq(cohortMembers.cohortId, cohortAssignments.cohortId), eq(cohortMembers.userId, userId)))
    .where(eq(cohortAssignments.id, assignmentId))
    .limit(1);
  return row?.assignment;
}

export async function countCohortAssignmentAttemptsByAssignmentAndUser(db: DbOrTx, assignmentId: string, userId: string): Promise<number> {
  const [row] = await db
    .select({ attempts: count() })
    .from(cohortAssignmentAttempts)
    .where(and(eq(cohortAssignmentAttempts.assignmentId, assignmentId), eq(cohortAssignmentAttempts.userId, userId)));
  return Number(row?.attempts ?? 0);
}

export async function getCohortAssignmentAttemptByAttempt(db: DbOrTx, attemptId: string) {
  const [row] = await db.select().from(cohortAssignmentAttempts).where(eq(cohortAssignmentAttempts.attemptId, attemptId)).limit(1);
  return row;
}

export async function insertCohortAssignmentAttempt(db: DbOrTx, row: { attemptId: string; assignmentId: string; userId: string; createdAt: Date }): Promise<void> {
  await db.insert(cohortAssignmentAttempts).values(row).onConflictDoNothing();
}

/** Attempts used per learner for the cohort's exam assignments, for the instructor's assignment list. */
export async function listCohortAssignmentAttemptCountsByCohort(db: DbOrTx, cohortId: string) {
  return db
    .select({ assignmentId: cohortAssignmentAttempts.assignmentId, attempts: count(), learners: sql<number>`count(distinct ${cohortAssignmentAttempts.userId})`.mapWith(Number) })
    .from(cohortAssignmentAttempts)
    .innerJoin(cohortAssignments, eq(cohortAssignments.id, cohortAssignmentAttempts.assignmentId))
    .where(eq(cohortAssignments.cohortId, cohortId))
    .groupBy(cohortAssignmentAttempts.assignmentId);
}

// ---------------------------------------------------------------------------------------------------------------
// Live monitor and regrade

/**
 * Open attempts of the learners of the cohorts this instructor teaches (every open attempt of a cohort member
 * for an admin passing `null`). A learner in two of the instructor's cohorts is listed once per cohort.
 */
export async function listOpenExamAttemptsByInstructor(db: DbOrTx, instructorId: string | null) {
  const taught = instructorId === null ? undefined : sql`${cohortMembers.cohortId} in (select ${cohortInstructors.cohortId} from ${cohortInstructors} where ${cohortInstructors.userId} = ${instructorId})`;
  return db
    .select({
      attemptId: examAttempts.id,
      userId: examAttempts.userId,
      learnerName: users.name,
      cohortId: cohorts.id,
      cohortName: cohorts.name,
      title: sql<string>`${examAttempts.blueprint}->>'title'`,
      startedAt: examAttempts.startedAt,
      deadlineAt: examAttempts.deadlineAt,
    })
    .from(examAttempts)
    .innerJoin(cohortMembers, eq(cohortMembers.userId, examAttempts.userId))
    .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
    .innerJoin(users, eq(users.id, examAttempts.userId))
    .where(and(eq(examAttempts.status, "open"), taught))
    .orderBy(asc(examAttempts.deadlineAt), asc(cohorts.name));
}

/** An open attempt of a member of this cohort, or undefined. */
export async function getOpenExamAttemptByIdAndCohort(db: DbOrTx, attemptId: string, cohortId: string) {
  const [row] = await db
    .select({ attempt: examAttempts })
    .from(examAttempts)
    .innerJoin(cohortMembers, and(eq(cohortMembers.userId, examAttempts.userId), eq(cohortMembers.cohortId, cohortId)))
    .where(and(eq(examAttempts.id, attemptId), eq(examAttempts.status, "open")))
    .limit(1);
  return row?.attempt;
}

/** Moves an open attempt's deadline; false when it closed in the meantime. */
export async function updateOpenExamAttemptDeadlineById(db: DbOrTx, attemptId: string, deadlineAt: Date): Promise<boolean> {
  const rows = await db
    .update(examAttempts)
    .set({ deadlineAt })
    .where(and(eq(examAttempts.id, attemptId), eq(examAttempts.status, "open")))
    .returning({ id: examAttempts.id });
  return rows.length > 0;
}

export async function insertCohortAuditEntry(db: DbOrTx, entry: typeof cohortAuditLog.$inferInsert): Promise<void> {
  await db.insert(cohortAuditLog).values(entry);
}

export async function listCohortAuditByCohort(db: DbOrTx, cohortId: string, limit = 50) {
  return db
    .select({ id: cohortAuditLog.id, action: cohortAuditLog.action, subject: cohortAuditLog.subject, details: cohortAuditLog.details, at: cohortAuditLog.at, actorName: users.name })
    .from(cohortAuditLog)
    .innerJoin(users, eq(users.id, cohortAuditLog.actorId))
    .where(eq(cohortAuditLog.cohortId, cohortId))
    .orderBy(desc(cohortAuditLog.at))
    .limit(limit);
}

/**
 * Submitted attempts of this cohort's learners that contain the question, each with its question items (the
 * version's body) and stored responses: what a regrade rescores.
 */
export async function listSubmittedAttemptsWithQuestionByCohort(db: DbOrTx, cohortId: string, questionId: string) {
  const attempts = await db
    .select({ attempt: examAttempts })
    .from(examAttempts)
    .innerJoin(cohortMembers, and(eq(cohortMembers.userId, examAttempts.userId), eq(cohortMembers.cohortId, cohortId)))
    .where(
      and(
        eq(examAttempts.status, "submitted"),
        isNotNull(examAttempts.result),
        sql`exists (select 1 from ${examAttemptItems} i join ${questionVersions} v on v.id = i.question_version_id where i.attempt_id = ${examAttempts.id} and v.question_id = ${questionId})`,
      ),
    );
  if (attempts.length === 0) return [];
  const ids = attempts.map((row) => row.attempt.id);
  const items = await db
    .select({ attemptId: examAttemptItems.attemptId, position: examAttemptItems.position, questionId: questionVersions.questionId, body: questionVersions.body, response: examAnswers.response })
    .from(examAttemptItems)
    .innerJoin(questionVersions, eq(questionVersions.id, examAttemptItems.questionVersionId))
    .leftJoin(examAnswers, and(eq(examAnswers.attemptId, examAttemptItems.attemptId), eq(examAnswers.position, examAttemptItems.position)))
    .where(and(inArray(examAttemptItems.attemptId, ids), eq(questionVersions.questionId, questionId)));
  return attempts.map(({ attempt }) => ({ attempt, items: items.filter((item) => item.attemptId === attempt.id) }));
}

/** Writes rescored attempts and the log entry together: a regrade is all or nothing. */
export async function updateRescoredExamAttempts(
  db: Db,
  rescored: readonly { attemptId: string; scorePercent: number; passed: boolean; result: Record<string, unknown> }[],
  entry: typeof cohortAuditLog.$inferInsert,
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const row of rescored) {
      await tx.update(examAttempts).set({ scorePercent: row.scorePercent, passed: row.passed, result: row.result }).where(eq(examAttempts.id, row.attemptId));
    }
    await tx.insert(cohortAuditLog).values(entry);
  });
}
