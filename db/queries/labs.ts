import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { labSessions, labs, labVersions } from "../schema";
import type { DbOrTx } from "./content";

export type NewLab = typeof labs.$inferInsert;
export type NewLabVersion = typeof labVersions.$inferInsert;
export type NewLabSession = typeof labSessions.$inferInsert;

// ------------------------------------------------------------------------------------------------ import

export async function listLabStates(db: DbOrTx) {
  return db
    .select({ id: labs.id, contentHash: labs.contentHash, sourceFile: labs.sourceFile, retiredAt: labs.retiredAt, version: labVersions.version })
    .from(labs)
    .innerJoin(labVersions, eq(labVersions.id, labs.currentVersionId));
}

export async function insertLabVersions(db: DbOrTx, rows: readonly NewLabVersion[]): Promise<void> {
  if (rows.length > 0) await db.insert(labVersions).values([...rows]);
}

export async function upsertLabsById(db: DbOrTx, rows: readonly NewLab[], now: Date): Promise<void> {
  for (const row of rows) {
    const values = { ...row, updatedAt: now, retiredAt: null };
    const { id: _id, createdAt: _createdAt, ...set } = values;
    await db.insert(labs).values(values).onConflictDoUpdate({ target: labs.id, set });
  }
}

export async function retireLabsById(db: DbOrTx, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(labs)
    .set({ retiredAt: now, updatedAt: now })
    .where(and(inArray(labs.id, [...ids]), isNull(labs.retiredAt)));
}

// ------------------------------------------------------------------------------------------------ reading

/** Live labs with this learner's best submitted score and whether a session is open, for the index. */
export async function listLabsWithScoresByUser(db: Db, userId: string) {
  const active = db
    .select({ labId: labSessions.labId })
    .from(labSessions)
    .where(and(eq(labSessions.userId, userId), eq(labSessions.status, "active")))
    .groupBy(labSessions.labId)
    .as("active");
  const best = db
    .select({ labId: labSessions.labId, best: sql<number | null>`max(${labSessions.score})`.as("best") })
    .from(labSessions)
    .where(and(eq(labSessions.userId, userId), eq(labSessions.status, "submitted")))
    .groupBy(labSessions.labId)
    .as("best");
  return db
    .select({
      id: labs.id,
      title: labs.title,
      topic: labs.topic,
      difficulty: labs.difficulty,
      points: labs.points,
      estimateMinutes: labs.estimateMinutes,
      tags: labs.tags,
      best: best.best,
      inProgress: sql<boolean>`${active.labId} is not null`,
    })
    .from(labs)
    .leftJoin(best, eq(best.labId, labs.id))
    .leftJoin(active, eq(active.labId, labs.id))
    .where(isNull(labs.retiredAt))
    .orderBy(asc(labs.topic), asc(labs.title));
}

export async function getCurrentLabVersionByLabId(db: Db, labId: string) {
  const [row] = await db
    .select({ versionId: labVersions.id, body: labVersions.body })
    .from(labs)
    .innerJoin(labVersions, eq(labVersions.id, labs.currentVersionId))
    .where(and(eq(labs.id, labId), isNull(labs.retiredAt)));
  return row;
}

/** Every lab in use with its current version's body: the pool exam blueprints draw labs from. */
export async function listCurrentLabVersions(db: DbOrTx) {
  return db
    .select({ labId: labs.id, versionId: labVersions.id, body: labVersions.body })
    .from(labs)
    .innerJoin(labVersions, eq(labVersions.id, labs.currentVersionId))
    .where(isNull(labs.retiredAt))
    .orderBy(asc(labs.id));
}

/** Lab versions by id (an exam attempt's drawn labs), checks and solution included: server-side only. */
export async function listLabVersionsByIds(db: DbOrTx, versionIds: readonly string[]) {
  if (versionIds.length === 0) return [];
  return db.select().from(labVersions).where(inArray(labVersions.id, [...versionIds]));
}

export async function getLabVersionById(db: Db, versionId: string) {
  const [row] = await db.select().from(labVersions).where(eq(labVersions.id, versionId));
  return row;
}

// ------------------------------------------------------------------------------------------------ sessions (always scoped by user)

export async function getActiveLabSessionByUserAndLab(db: Db, userId: string, labId: string) {
  const [row] = await db
    .select()
    .from(labSessions)
    .where(and(eq(labSessions.userId, userId), eq(labSessions.labId, labId), eq(labSessions.status, "active")))
    .orderBy(desc(labSessions.startedAt))
    .limit(1);
  return row;
}

export async function getLatestSubmittedLabSessionByUserAndLab(db: Db, userId: string, labId: string) {
  const [row] = await db
    .select()
    .from(labSessions)
    .where(and(eq(labSessions.userId, userId), eq(labSessions.labId, labId), eq(labSessions.status, "submitted")))
    .orderBy(desc(labSessions.submittedAt))
    .limit(1);
  return row;
}

export async function insertLabSession(db: Db, row: NewLabSession) {
  const [inserted] = await db.insert(labSessions).values(row).returning();
  return inserted;
}

/**
 * Writes a session's new contents if nobody else wrote since `revision` was read (another tab, a double
 * click): the caller re-reads and retries or reports. One statement, so the snapshot, log and transcript
 * always change together.
 */
export async function updateLabSessionByIdAndUser(
  db: Db,
  id: string,
  userId: string,
  revision: number,
  patch: Partial<Pick<NewLabSession, "snapshot" | "commandLog" | "transcript" | "hintsShown" | "status" | "grade" | "score" | "submittedAt" | "labVersionId" | "startedAt">>,
) {
  const [row] = await db
    .update(labSessions)
    .set({ ...patch, revision: revision + 1, updatedAt: new Date() })
    .where(and(eq(labSessions.id, id), eq(labSessions.userId, userId), eq(labSessions.revision, revision), eq(labSessions.status, "active")))
    .returning();
  return row;
}
