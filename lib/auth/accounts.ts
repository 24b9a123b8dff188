import type { Db } from "@/db/client";
import {
  countSignInFailuresByKeySince,
  getUserByEmail,
  insertSignInFailures,
  insertUserUnlessEmailExists,
} from "@/db/queries/users";
import type { Role } from "@/db/schema";
import type { Clock } from "../clock";
import { err, ok, type Result } from "../result";
import { decoyPasswordHash, hashPassword, verifyPassword } from "./password";
import type { SessionUser } from "./roles";
import { signInSchema, signUpSchema } from "./schema";

/** Ten wrong passwords a minute per account; the eleventh is refused before any hash is checked. */
export const accountFailureLimit = 10;
/** Per address the limit is higher: a classroom behind one NAT address signs in together. */
export const addressFailureLimit = 50;
export const failureWindowMs = 60_000;

export type FieldErrors = Partial<Record<"name" | "email" | "password", string>>;

export type SignUpError =
  | { code: "auth/invalid-input"; fieldErrors: FieldErrors }
  | { code: "auth/email-taken"; fieldErrors: FieldErrors };

function toSessionUser(user: { id: string; email: string; name: string; role: Role }): SessionUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

function fieldErrorsOf(issues: { path: PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if ((field === "name" || field === "email" || field === "password") && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}

/** Creates an account; sign-up from the web always makes a learner, scripts may pass another role. */
export async function createAccount(
  db: Db,
  input: unknown,
  role: Role = "learner",
): Promise<Result<SessionUser, SignUpError>> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) return err({ code: "auth/invalid-input", fieldErrors: fieldErrorsOf(parsed.error.issues) });
  const { name, email, password } = parsed.data;
  const created = await insertUserUnlessEmailExists(db, {
    name,
    email,
    passwordHash: await hashPassword(password),
    role,
  });
  if (!created) {
    return err({
      code: "auth/email-taken",
      fieldErrors: { email: "An account with this email already exists. Sign in instead, or use another email." },
    });
  }
  return ok(toSessionUser(created));
}

export type SignInError = { code: "auth/invalid-credentials" } | { code: "auth/rate-limited" };

export interface SignInAttempt {
  email: unknown;
  password: unknown;
  /** The client's network address, or null when the server cannot tell. */
  address: string | null;
}

/**
 * Checks an email and password. Failures are counted per account and per address; over the limit the attempt is
 * refused without checking the hash, so guessing costs the attacker time and the server nothing.
 */
export async function verifyCredentials(
  db: Db,
  attempt: SignInAttempt,
  clock: Clock,
): Promise<Result<SessionUser, SignInError>> {
  const parsed = signInSchema.safeParse({ email: attempt.email, password: attempt.password });
  if (!parsed.success) return err({ code: "auth/invalid-credentials" });
  const { email, password } = parsed.data;

  const now = clock.now();
  const accountKey = `account:${email}`;
  const keys = attempt.address ? [accountKey, `address:${attempt.address}`] : [accountKey];
  const failures = await countSignInFailuresByKeySince(db, keys, new Date(now.getTime() - failureWindowMs));
  const accountFailures = failures.get(accountKey) ?? 0;
  const addressFailures = attempt.address ? (failures.get(`address:${attempt.address}`) ?? 0) : 0;
  if (accountFailures >= accountFailureLimit || addressFailures >= addressFailureLimit) {
    return err({ code: "auth/rate-limited" });
  }

  const user = await getUserByEmail(db, email);
  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, password)
    : (await verifyPassword(await decoyPasswordHash(), password)) && false;
  if (!user || !valid) {
    await insertSignInFailures(db, keys, now);
    return err({ code: "auth/invalid-credentials" });
  }
  return ok(toSessionUser(user));
}
