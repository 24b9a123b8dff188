import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import {
  cohortAssignmentAttempts,
  cohortAssignments,
  cohortAuditLog,
  cohortInstructors,
  cohortInvites,
  cohortMembers,
  cohortRegrades,
  cohorts,
  examAnswers,
  examAttemptItems,
  examAttempts,
  labSessions,
  learnerActivityTotals,
  learnerDailyActivity,
  learnerTopicPractice,
  learnerWeeklyActivity,
  noteReads,
  practiceAnswers,
  questionVersions,
  srsCardStates,
  srsReviewLogs,
  users,
  type CohortAssignmentRow,
  type CohortInviteRow,
  type CohortRegradeRow,
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
 * reviews and passes, the last week's logs). All-time figures come from the one-row-per-learner totals; the windows
 * end at an instant, not a midnight, so their whole days come from the daily rollup and the part-day at each
 * window's start from the raw review logs (at most one day's rows, read through the reviewed_at index): the counts
 * are exactly those of the raw logs.
 */
export async function listActivityTotalsByUsers(db: DbOrTx, scope: LearnerScope, now: Date) {
  if (isEmpty(scope)) return [];
  const monthAgo = new Date(now.getTime() - RETENTION_WINDOW_MS);
  const weekAgo = new Date(now.getTime() - WEEK_MS);
  const a = learnerDailyActivity;
  const t = learnerActivityTotals;
  const monthDay = sql`${utcDay(monthAgo)}::date`;
  const weekDay = sql`${utcDay(weekAgo)}::date`;
  const windows = sql`(
    select ${a.userId} as user_id,
           sum(${a.scheduledReviews}) as recent_reviews, sum(${a.scheduledPassed}) as recent_passed,
           sum(${a.reviews}) filter (where ${a.day} > ${weekDay}) as last_week
      from ${a} where ${inScope(a.userId, scope)} and ${a.day} > ${monthDay} group by ${a.userId}
  ) as windows`;
  // Instants travel as epoch milliseconds (truncated, as a Date parsed from the text would be).
  const epochMs = (column: AnyColumn) => sql`floor(extract(epoch from ${column}) * 1000)`;
  const totals = db
    .select({
      cells: packRows([
        sql`${t.userId}`,
        sql`${t.answers}`,
        epochMs(t.lastAnswerAt),
        sql`${t.answerTimeMs}`,
        sql`${t.reviews}`,
        epochMs(t.lastReviewAt),
        sql`${t.reviewTimeMs}`,
        sql`windows.recent_reviews`,
        sql`windows.recent_passed`,
        sql`windows.last_week`,
      ]),
    })
    .from(t)
    .leftJoin(windows, sql`windows.user_id = ${t.userId}`)
    .where(inScope(t.userId, scope))
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

/** Per learner: cards due now, and of those the ones that fell due within the last week. */
export async function listCardBacklogByUsers(db: DbOrTx, scope: LearnerScope, now: Date) {
  if (isEmpty(scope)) return [];
  const weekAgo = ts(new Date(now.getTime() - WEEK_MS));
  const c = srsCardStates;
  const perLearner = sql`(
    select ${c.userId} as user_id, count(*) as due_now, count(*) filter (where ${c.due} > ${weekAgo}) as became_due_last_week
      from ${c}
     where ${inScope(c.userId, scope)}
       -- Written as literals, matching srs_card_states_backlog_idx's predicate, so the planner can use that index
       -- even for a generic (prepared) plan.
       and ${c.state} <> 'new' and not ${c.suspended} and not ${c.retired}
       and ${c.due} <= ${ts(now)}
     group by ${c.userId}
  ) as backlog`;
  // Packed (see packRows): a thousand learners' rows cost more to hand out of PGlite one by one than to count.
  const [row] = await db.select({ cells: packRows([sql`user_id`, sql`due_now`, sql`became_due_last_week`]) }).from(perLearner);
  return unpackRows(row?.cells).map(([userId = "", dueNow, becameDueLastWeek]) => ({
    userId,
    dueNow: Number(dueNow ?? 0),
    becameDueLastWeek: Number(becameDueLastWeek ?? 0),
  }));
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
  const [practice, examCells] = await Promise.all([packed, exam]);
  // Exam cells by learner, then topic (each pair appears once per query): the thousands of practice rows look
  // theirs up without building a string key apiece, which showed in the page's profile.
  const examBy = new Map<string, Map<string, (typeof examCells)[number]>>();
  for (const cell of examCells) {
    const topics = examBy.get(cell.userId) ?? new Map<string, (typeof examCells)[number]>();
    topics.set(cell.topic, cell);
    examBy.set(cell.userId, topics);
  }
  const merged = new Set<object>();
  const mean = (answers: number, total: number) => (answers ? total / answers : 0);
  const cells = practice.map((row) => {
    const extra = examBy.get(row.userId)?.get(row.topic);
    if (!extra) return { userId: row.userId, topic: row.topic, answers: row.answers, meanScore: mean(row.answers, row.total) };
    merged.add(extra);
    return { userId: row.userId, topic: row.topic, answers: row.answers + extra.answers, meanScore: mean(row.answers + extra.answers, row.total + extra.total) };
  });
  for (const cell of examCells) if (!merged.has(cell)) cells.push({ userId: cell.userId, topic: cell.topic, answers: cell.answers, meanScore: mean(cell.answers, cell.total) });
  return cells;
}

/**
 * Per week (Monday, UTC) from the week starting `fromWeek` (a Monday, 00:00 UTC): learners active, practice
 * answers, reviews and mean exam score. Activity comes from the weekly rollup (a row per learner and week with any
 * active day), exams from the attempts themselves.
 */
export async function listWeeklyActivityByUsers(db: DbOrTx, scope: LearnerScope, fromWeek: Date) {
  if (isEmpty(scope)) return [];
  const w = learnerWeeklyActivity;
  // One row per learner and week already (the rollup's key); a learner's exams that week join onto it, or stand
  // alone if they did nothing else, so each learner is counted once per week without grouping the rows twice.
  const perLearner = sql`(
    select coalesce(activity.week, exams.week)::timestamp as week, activity.answers, activity.reviews, exams.total as exam_total, exams.scored as exams
    from (
      select ${w.userId} as user_id, ${w.week} as week, ${w.answers} as answers, ${w.reviews} as reviews
        from ${w} where ${inScope(w.userId, scope)} and ${w.week} >= ${utcDay(fromWeek)}::date
    ) as activity
    full join (
      select user_id, date_trunc('week', submitted_at at time zone 'UTC')::date as week, sum(score_percent) as total, count(score_percent) as scored
        from ${examAttempts} where ${inScope(sql`user_id`, scope)} and status = 'submitted' and submitted_at >= ${ts(fromWeek)}
       group by 1, 2
    ) as exams on exams.user_id = activity.user_id and exams.week = activity.week
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

// ---------------------------------------------------------------------------------------------------------------
// Standing regrades (lib/cohorts/regrade). Which cohorts' regrades an attempt gets: an attempt started from an
// assignment gets only the regrades of that assignment's cohort; any other attempt gets those of every cohort its
// learner belongs to. Both queries below share this rule, so a submit and a rescore never disagree.

/** The rule above as a join condition on an attempt, a cohort membership of its learner and that cohort's regrade. */
const regradeAppliesTo = sql`not exists (
  select 1 from ${cohortAssignmentAttempts} caa join ${cohortAssignments} ca on ca.id = caa.assignment_id
  where caa.attempt_id = ${examAttempts.id} and ca.cohort_id <> ${cohortMembers.cohortId}
)`;

export interface ApplicableRegradeRow {
  attemptId: string;
  cohortId: string;
  questionId: string;
  mode: "neutralize" | "rekey";
  key: Record<string, unknown> | null;
  createdAt: Date;
}

/** Every regrade that applies to these attempts (of these questions, when given), by the rule above. */
export async function listApplicableRegradesByAttempts(db: DbOrTx, attemptIds: readonly string[], questionIds?: readonly string[]): Promise<ApplicableRegradeRow[]> {
  if (attemptIds.length === 0 || questionIds?.length === 0) return [];
  return db
    .select({
      attemptId: examAttempts.id,
      cohortId: cohortRegrades.cohortId,
      questionId: cohortRegrades.questionId,
      mode: cohortRegrades.mode,
      key: cohortRegrades.key,
      createdAt: cohortRegrades.createdAt,
    })
    .from(examAttempts)
    .innerJoin(cohortMembers, eq(cohortMembers.userId, examAttempts.userId))
    .innerJoin(cohortRegrades, eq(cohortRegrades.cohortId, cohortMembers.cohortId))
    .where(
      and(
        inArray(examAttempts.id, [...attemptIds]),
        questionIds ? inArray(cohortRegrades.questionId, [...questionIds]) : undefined,
        sql`exists (select 1 from ${examAttemptItems} i join ${questionVersions} v on v.id = i.question_version_id where i.attempt_id = ${examAttempts.id} and v.question_id = ${cohortRegrades.questionId})`,
        regradeAppliesTo,
      ),
    );
}

/** The cohort's standing regrade of a question, with who made it. */
/** Every regrade a cohort has in force, for analyses that look at many questions at once. */
export async function listCohortRegradesByCohort(db: DbOrTx, cohortId: string) {
  return db.select().from(cohortRegrades).where(eq(cohortRegrades.cohortId, cohortId));
}

export async function getCohortRegradeByCohortAndQuestion(db: DbOrTx, cohortId: string, questionId: string) {
  const [row] = await db
    .select({ regrade: cohortRegrades, actorName: users.name })
    .from(cohortRegrades)
    .innerJoin(users, eq(users.id, cohortRegrades.createdBy))
    .where(and(eq(cohortRegrades.cohortId, cohortId), eq(cohortRegrades.questionId, questionId)))
    .limit(1);
  return row;
}

/** A question item of a submitted attempt that a regrade change rescores, with the regrades now applying to it. */
export interface RegradeTarget {
  attempt: typeof examAttempts.$inferSelect;
  items: { position: number; body: unknown; response: unknown }[];
  regrades: ApplicableRegradeRow[];
}

/**
 * Sets (or, with `regrade: null`, removes) a cohort's regrade of a question and rescores, in one transaction, every
 * submitted attempt of the cohort's learners that contains the question and that the cohort's regrades apply to.
 * `rescore` gets each attempt with its items of the question and the regrades applying after the change (another
 * cohort's may remain once this one is undone) and returns the new scores; the audit entry is written last, with
 * the details `rescore`'s caller wants logged. Reads go through the transaction so they see the change.
 */
export async function replaceCohortRegrade(
  db: Db,
  change: { cohortId: string; questionId: string; regrade: { mode: "neutralize" | "rekey"; key: Record<string, unknown> | null } | null; actorId: string; now: Date },
  rescore: (targets: RegradeTarget[]) => { rows: { attemptId: string; scorePercent: number; passed: boolean; result: Record<string, unknown> }[]; audit: Omit<typeof cohortAuditLog.$inferInsert, "cohortId" | "actorId" | "at"> },
): Promise<{ previous: CohortRegradeRow | undefined; rescored: number }> {
  return db.transaction(async (tx) => {
    const [previous] = await tx
      .select()
      .from(cohortRegrades)
      .where(and(eq(cohortRegrades.cohortId, change.cohortId), eq(cohortRegrades.questionId, change.questionId)))
      .for("update");
    if (change.regrade) {
      const values = { mode: change.regrade.mode, key: change.regrade.key, createdBy: change.actorId, createdAt: change.now };
      await tx
        .insert(cohortRegrades)
        .values({ cohortId: change.cohortId, questionId: change.questionId, ...values })
        .onConflictDoUpdate({ target: [cohortRegrades.cohortId, cohortRegrades.questionId], set: values });
    } else {
      await tx.delete(cohortRegrades).where(and(eq(cohortRegrades.cohortId, change.cohortId), eq(cohortRegrades.questionId, change.questionId)));
    }
    const attempts = await tx
      .select({ attempt: examAttempts })
      .from(examAttempts)
      .innerJoin(cohortMembers, and(eq(cohortMembers.userId, examAttempts.userId), eq(cohortMembers.cohortId, change.cohortId)))
      .where(
        and(
          eq(examAttempts.status, "submitted"),
          isNotNull(examAttempts.result),
          sql`exists (select 1 from ${examAttemptItems} i join ${questionVersions} v on v.id = i.question_version_id where i.attempt_id = ${examAttempts.id} and v.question_id = ${change.questionId})`,
          regradeAppliesTo,
        ),
      )
      .for("update", { of: examAttempts });
    const ids = attempts.map((row) => row.attempt.id);
    const [items, regrades] =
      ids.length === 0
        ? [[], []]
        : [
            await tx
              .select({ attemptId: examAttemptItems.attemptId, position: examAttemptItems.position, body: questionVersions.body, response: examAnswers.response })
              .from(examAttemptItems)
              .innerJoin(questionVersions, eq(questionVersions.id, examAttemptItems.questionVersionId))
              .leftJoin(examAnswers, and(eq(examAnswers.attemptId, examAttemptItems.attemptId), eq(examAnswers.position, examAttemptItems.position)))
              .where(and(inArray(examAttemptItems.attemptId, ids), eq(questionVersions.questionId, change.questionId))),
            await listApplicableRegradesByAttempts(tx, ids, [change.questionId]),
          ];
    const { rows, audit } = rescore(
      attempts.map(({ attempt }) => ({
        attempt,
        items: items.filter((item) => item.attemptId === attempt.id),
        regrades: regrades.filter((regrade) => regrade.attemptId === attempt.id),
      })),
    );
    for (const row of rows) {
      await tx.update(examAttempts).set({ scorePercent: row.scorePercent, passed: row.passed, result: row.result }).where(eq(examAttempts.id, row.attemptId));
    }
    await tx.insert(cohortAuditLog).values({ ...audit, cohortId: change.cohortId, actorId: change.actorId, at: change.now });
    return { previous, rescored: rows.length };
  });
}

/** Who closed each of these attempts (learner, deadline or instructor), for the instructor's views and exports. */
export async function listExamAttemptFinishersByUsers(db: DbOrTx, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db
    .select({ attemptId: examAttempts.id, userId: examAttempts.userId, finishedBy: examAttempts.finishedBy })
    .from(examAttempts)
    .where(and(inArray(examAttempts.userId, [...userIds]), eq(examAttempts.status, "submitted")));
}
