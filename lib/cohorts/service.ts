import type { Db } from "@/db/client";
import {
  deleteCohortAssignmentByIdAndCohort,
  deleteCohortCoInstructorByCohortAndUser,
  deleteCohortMemberByCohortAndUser,
  getCohortById,
  getCohortInstructorRoleByCohortAndUser,
  getCohortInviteByCode,
  insertCohortAssignment,
  insertCohortInstructor,
  insertCohortInvite,
  insertCohortWithOwner,
  joinCohortByInvite,
  listCohortsByCreation,
  listCohortsByInstructor,
  revokeCohortInviteByIdAndCohort,
  type CohortSummary,
} from "@/db/queries/cohorts";
import { getUserByEmail } from "@/db/queries/users";
import type { CohortAssignmentRow, CohortInviteRow, CohortRow } from "@/db/schema";
import type { SessionUser } from "../auth/roles";
import { err, ok, type Result } from "../result";
import { newJoinCode, normalizeJoinCode } from "./codes";

/**
 * Cohort management. Every function takes the acting user from the session; access to a cohort is decided
 * once, in `cohortAccess`, and a cohort the actor may not see is reported exactly like one that does not exist,
 * so ids cannot be probed.
 */

export type CohortError =
  | { code: "cohort/not-found" }
  | { code: "cohort/not-owner" }
  | { code: "cohort/invite-unknown" }
  | { code: "cohort/invite-expired"; cohortName: string; expiredAt: Date }
  | { code: "cohort/invite-revoked"; cohortName: string }
  | { code: "cohort/user-not-found" }
  | { code: "cohort/not-an-instructor" }
  | { code: "cohort/already-instructor" }
  | { code: "cohort/member-not-found" }
  | { code: "cohort/bad-window" };

/** What to tell the person; the join-code messages say exactly why, since the learner can do something about it. */
export function cohortErrorMessage(error: CohortError): string {
  switch (error.code) {
    case "cohort/not-found":
      return "That cohort does not exist or is not one of yours.";
    case "cohort/not-owner":
      return "Only the cohort's owner can change who teaches it.";
    case "cohort/invite-unknown":
      return "No cohort has that join code. Check it with your instructor.";
    case "cohort/invite-expired":
      return `This join code for ${error.cohortName} expired on ${error.expiredAt.toISOString().slice(0, 16).replace("T", " ")} UTC. Ask your instructor for a new one.`;
    case "cohort/invite-revoked":
      return `This join code for ${error.cohortName} was withdrawn by the instructor. Ask them for a new one.`;
    case "cohort/user-not-found":
      return "No account has that email address.";
    case "cohort/not-an-instructor":
      return "That account is a learner; only instructors and admins can co-teach a cohort.";
    case "cohort/already-instructor":
      return "That person already teaches this cohort.";
    case "cohort/member-not-found":
      return "That learner is not in this cohort.";
    case "cohort/bad-window":
      return "The closing time must be after the opening time.";
  }
}

export interface CohortAccess {
  cohort: CohortRow;
  /** `admin` when an admin looks at a cohort they do not teach. */
  role: "owner" | "co-instructor" | "admin";
}

export async function cohortAccess(db: Db, actor: SessionUser, cohortId: string): Promise<Result<CohortAccess, CohortError>> {
  const [cohort, role] = await Promise.all([getCohortById(db, cohortId), getCohortInstructorRoleByCohortAndUser(db, cohortId, actor.id)]);
  if (!cohort) return err({ code: "cohort/not-found" });
  if (role) return ok({ cohort, role });
  if (actor.role === "admin") return ok({ cohort, role: "admin" });
  return err({ code: "cohort/not-found" });
}

/** Instructors see the cohorts they teach; admins see every cohort. */
export async function listCohortsForStaff(db: Db, actor: SessionUser): Promise<CohortSummary[]> {
  if (actor.role === "admin") {
    const [mine, all] = await Promise.all([listCohortsByInstructor(db, actor.id), listCohortsByCreation(db)]);
    const roles = new Map(mine.map((cohort) => [cohort.id, cohort.role]));
    return all.map((cohort) => ({ ...cohort, role: roles.get(cohort.id) ?? null }));
  }
  return listCohortsByInstructor(db, actor.id);
}

export async function createCohort(db: Db, actor: SessionUser, input: { name: string; description: string }, now: Date): Promise<CohortRow> {
  return insertCohortWithOwner(db, { ...input, createdBy: actor.id, now });
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a new join code works unless the instructor picks otherwise. */
export const DEFAULT_INVITE_DAYS = 14;
/** Codes are random; a clash with an existing code is retried a few times before giving up as a bug. */
const CODE_ATTEMPTS = 5;

export async function createInvite(
  db: Db,
  actor: SessionUser,
  input: { cohortId: string; validDays: number },
  now: Date,
  makeCode: () => string = newJoinCode,
): Promise<Result<CohortInviteRow, CohortError>> {
  const access = await cohortAccess(db, actor, input.cohortId);
  if (!access.ok) return access;
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt += 1) {
    const row = await insertCohortInvite(db, { cohortId: input.cohortId, code: makeCode(), createdBy: actor.id, createdAt: now, expiresAt: new Date(now.getTime() + input.validDays * DAY_MS) });
    if (row) return ok(row);
  }
  throw new Error(`no free join code after ${CODE_ATTEMPTS} draws`);
}

export async function revokeInvite(db: Db, actor: SessionUser, input: { cohortId: string; inviteId: string }, now: Date): Promise<Result<true, CohortError>> {
  const access = await cohortAccess(db, actor, input.cohortId);
  if (!access.ok) return access;
  await revokeCohortInviteByIdAndCohort(db, input.inviteId, input.cohortId, now);
  return ok(true);
}

/** A learner joins with a code (or a pasted join link). Joining a cohort twice is harmless. */
export async function joinWithCode(
  db: Db,
  learner: SessionUser,
  rawCode: string,
  now: Date,
): Promise<Result<{ cohortId: string; cohortName: string; alreadyMember: boolean }, CohortError>> {
  const found = await getCohortInviteByCode(db, normalizeJoinCode(rawCode));
  if (!found) return err({ code: "cohort/invite-unknown" });
  const { invite, cohortName } = found;
  if (invite.revokedAt) return err({ code: "cohort/invite-revoked", cohortName });
  if (invite.expiresAt.getTime() <= now.getTime()) return err({ code: "cohort/invite-expired", cohortName, expiredAt: invite.expiresAt });
  const joined = await joinCohortByInvite(db, invite.id, learner.id, now);
  // Revoked or expired between the read and the write: read again for the right message.
  if (!joined.joined) return joinWithCode(db, learner, rawCode, now);
  return ok({ cohortId: invite.cohortId, cohortName, alreadyMember: joined.alreadyMember });
}

export async function removeLearner(db: Db, actor: SessionUser, input: { cohortId: string; userId: string }): Promise<Result<true, CohortError>> {
  const access = await cohortAccess(db, actor, input.cohortId);
  if (!access.ok) return access;
  if (!(await deleteCohortMemberByCohortAndUser(db, input.cohortId, input.userId))) return err({ code: "cohort/member-not-found" });
  return ok(true);
}

export async function addCoInstructor(db: Db, actor: SessionUser, input: { cohortId: string; email: string }, now: Date): Promise<Result<{ name: string }, CohortError>> {
  const access = await cohortAccess(db, actor, input.cohortId);
  if (!access.ok) return access;
  if (access.value.role === "co-instructor") return err({ code: "cohort/not-owner" });
  const user = await getUserByEmail(db, input.email.trim().toLowerCase());
  if (!user) return err({ code: "cohort/user-not-found" });
  if (user.role === "learner") return err({ code: "cohort/not-an-instructor" });
  if (!(await insertCohortInstructor(db, input.cohortId, user.id, now))) return err({ code: "cohort/already-instructor" });
  return ok({ name: user.name });
}

export async function removeCoInstructor(db: Db, actor: SessionUser, input: { cohortId: string; userId: string }): Promise<Result<true, CohortError>> {
  const access = await cohortAccess(db, actor, input.cohortId);
  if (!access.ok) return access;
  if (access.value.role === "co-instructor") return err({ code: "cohort/not-owner" });
  if (!(await deleteCohortCoInstructorByCohortAndUser(db, input.cohortId, input.userId))) return err({ code: "cohort/member-not-found" });
  return ok(true);
}

export interface AssignmentInput {
  cohortId: string;
  kind: "exam" | "labs" | "decks";
  targetIds: string[];
  title: string;
  opensAt: Date;
  closesAt: Date;
  attemptsAllowed: number | null;
}

export async function createAssignment(db: Db, actor: SessionUser, input: AssignmentInput, now: Date): Promise<Result<CohortAssignmentRow, CohortError>> {
  const access = await cohortAccess(db, actor, input.cohortId);
  if (!access.ok) return access;
  if (input.closesAt.getTime() <= input.opensAt.getTime()) return err({ code: "cohort/bad-window" });
  return ok(await insertCohortAssignment(db, { ...input, attemptsAllowed: input.kind === "exam" ? input.attemptsAllowed : null, createdBy: actor.id, createdAt: now }));
}

export async function deleteAssignment(db: Db, actor: SessionUser, input: { cohortId: string; assignmentId: string }): Promise<Result<true, CohortError>> {
  const access = await cohortAccess(db, actor, input.cohortId);
  if (!access.ok) return access;
  await deleteCohortAssignmentByIdAndCohort(db, input.assignmentId, input.cohortId);
  return ok(true);
}
