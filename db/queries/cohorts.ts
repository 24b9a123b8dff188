import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lte, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import {
  cohortAssignments,
  cohortInstructors,
  cohortInvites,
  cohortMembers,
  cohorts,
  examAnswers,
  examAttemptItems,
  examAttempts,
  labSessions,
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

export async function listCohortMembersByCohort(db: DbOrTx, cohortId: string) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, joinedAt: cohortMembers.joinedAt })
    .from(cohortMembers)
    .innerJoin(users, eq(users.id, cohortMembers.userId))
    .where(eq(cohortMembers.cohortId, cohortId))
    .orderBy(asc(users.name));
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
// Dashboard aggregates. Each is one grouped query over one table, restricted to the given learners; the caller
// merges them per learner (lib/analytics). `userIds` always comes from the cohort's member list.

const DAY_MS = 24 * 60 * 60 * 1000;
/** Retention is measured over the last month of reviews, as Anki's "true retention" table does by default. */
const RETENTION_WINDOW_MS = 30 * DAY_MS;
const WEEK_MS = 7 * DAY_MS;
/** A lab session left open counts at most this long towards time spent: an abandoned tab is not study. */
const LAB_SESSION_CAP_SECONDS = 2 * 60 * 60;

const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`;
const num = (expression: SQL) => sql<number>`coalesce(${expression}, 0)`.mapWith(Number);
const date = (expression: SQL) => sql<Date | null>`${expression}`.mapWith((value: unknown) => (value === null ? null : new Date(value as string)));

export async function listPracticeTotalsByUsers(db: DbOrTx, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db
    .select({
      userId: practiceAnswers.userId,
      answers: count(),
      lastAt: date(sql`max(${practiceAnswers.answeredAt})`),
      timeMs: num(sql`sum(${practiceAnswers.timeTakenMs})`),
    })
    .from(practiceAnswers)
    .where(inArray(practiceAnswers.userId, [...userIds]))
    .groupBy(practiceAnswers.userId);
}

export async function listReviewTotalsByUsers(db: DbOrTx, userIds: readonly string[], now: Date) {
  if (userIds.length === 0) return [];
  const monthAgo = ts(new Date(now.getTime() - RETENTION_WINDOW_MS));
  const weekAgo = ts(new Date(now.getTime() - WEEK_MS));
  return db
    .select({
      userId: srsReviewLogs.userId,
      lastAt: date(sql`max(${srsReviewLogs.reviewedAt})`),
      timeMs: num(sql`sum(${srsReviewLogs.durationMs})`),
      recentReviews: num(sql`count(*) filter (where ${srsReviewLogs.kind} = 'review' and ${srsReviewLogs.reviewedAt} > ${monthAgo})`),
      recentPassed: num(sql`count(*) filter (where ${srsReviewLogs.kind} = 'review' and ${srsReviewLogs.reviewedAt} > ${monthAgo} and ${srsReviewLogs.rating} > 1)`),
      lastWeek: num(sql`count(*) filter (where ${srsReviewLogs.reviewedAt} > ${weekAgo})`),
    })
    .from(srsReviewLogs)
    .where(inArray(srsReviewLogs.userId, [...userIds]))
    .groupBy(srsReviewLogs.userId);
}

export async function listCardBacklogByUsers(db: DbOrTx, userIds: readonly string[], now: Date) {
  if (userIds.length === 0) return [];
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
        inArray(srsCardStates.userId, [...userIds]),
        sql`${srsCardStates.state} <> 'new'`,
        lte(srsCardStates.due, now),
        eq(srsCardStates.suspended, false),
        eq(srsCardStates.retired, false),
      ),
    )
    .groupBy(srsCardStates.userId);
}

export async function listSubmittedExamAttemptsByUsers(db: DbOrTx, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
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
    .where(and(inArray(examAttempts.userId, [...userIds]), eq(examAttempts.status, "submitted"), isNotNull(examAttempts.scorePercent)))
    .orderBy(asc(examAttempts.submittedAt));
}

export async function listLabTotalsByUsers(db: DbOrTx, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
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
    .where(inArray(labSessions.userId, [...userIds]))
    .groupBy(labSessions.userId);
}

export async function listNoteReadTotalsByUsers(db: DbOrTx, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db
    .select({ userId: noteReads.userId, notes: count(), lastAt: date(sql`max(${noteReads.lastReadAt})`) })
    .from(noteReads)
    .where(inArray(noteReads.userId, [...userIds]))
    .groupBy(noteReads.userId);
}

/** Mean item score per learner and topic over practice answers and submitted exam items. */
export async function listTopicScoresByUsers(db: DbOrTx, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  const ids = sql`${sql.param([...userIds])}::uuid[]`;
  const practice = db
    .select({ userId: practiceAnswers.userId, topic: practiceAnswers.topic, answers: count(), total: num(sql`sum(${practiceAnswers.score})`) })
    .from(practiceAnswers)
    .where(sql`${practiceAnswers.userId} = any(${ids})`)
    .groupBy(practiceAnswers.userId, practiceAnswers.topic);
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
    .where(sql`a.user_id = any(${ids}) and a.status = 'submitted' and item->>'kind' = 'question'`)
    .groupBy(sql`a.user_id, item->>'topic'`);
  const merged = new Map<string, { userId: string; topic: string; answers: number; total: number }>();
  for (const row of [...(await practice), ...(await exam)]) {
    const key = `${row.userId}\u0000${row.topic}`;
    const cell = merged.get(key) ?? { userId: row.userId, topic: row.topic, answers: 0, total: 0 };
    cell.answers += Number(row.answers);
    cell.total += Number(row.total);
    merged.set(key, cell);
  }
  return [...merged.values()].map((cell) => ({ userId: cell.userId, topic: cell.topic, answers: cell.answers, meanScore: cell.answers ? cell.total / cell.answers : 0 }));
}

/** Per week (Monday, UTC): learners active, practice answers, reviews and mean exam score, since `since`. */
export async function listWeeklyActivityByUsers(db: DbOrTx, userIds: readonly string[], since: Date) {
  if (userIds.length === 0) return [];
  const ids = sql`${sql.param([...userIds])}::uuid[]`;
  const from = ts(since);
  const events = sql`(
    select user_id, answered_at as at, 'answer' as kind, null::float8 as value from ${practiceAnswers} where user_id = any(${ids}) and answered_at >= ${from}
    union all select user_id, reviewed_at, 'review', null from ${srsReviewLogs} where user_id = any(${ids}) and reviewed_at >= ${from}
    union all select user_id, submitted_at, 'exam', score_percent from ${examAttempts} where user_id = any(${ids}) and status = 'submitted' and submitted_at >= ${from}
  ) as events`;
  return db
    .select({
      weekStart: sql<Date>`date_trunc('week', at at time zone 'UTC')`.mapWith((value: unknown) => new Date(`${String(value).replace(" ", "T").slice(0, 19)}Z`)),
      activeLearners: sql<number>`count(distinct user_id)`.mapWith(Number),
      answers: sql<number>`count(*) filter (where kind = 'answer')`.mapWith(Number),
      reviews: sql<number>`count(*) filter (where kind = 'review')`.mapWith(Number),
      meanExamPercent: sql<number | null>`avg(value) filter (where kind = 'exam')`.mapWith((value: unknown) => (value === null ? null : Number(value))),
    })
    .from(events)
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
