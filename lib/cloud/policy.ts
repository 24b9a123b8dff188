import type { AuthContext } from "./cli/spec";
import { err, ok, type Result } from "./result";
import { policyRefusal, type CloudError } from "./errors";

// The shape of the services' default policies since the "secure RBAC" work (Wallaby onwards): `admin` may do
// anything, `member` may act within the project its token is scoped to, `reader` may only read there.
// System scope is not modelled: DevStack's `openrc admin admin` gives a project-scoped admin token, which the
// services treat as cloud admin.

export interface PolicyTarget {
  /** The project that owns the resource being acted on. */
  projectId?: string | null;
  /** The user the resource belongs to (keypairs, application credentials, a user's own record). */
  userId?: string | null;
}

export type PolicyCheck = (auth: AuthContext, target: PolicyTarget) => boolean;

export const isAdmin = (auth: AuthContext): boolean => auth.roles.includes("admin");
const inProject = (auth: AuthContext, target: PolicyTarget): boolean =>
  target.projectId === undefined || target.projectId === null || target.projectId === auth.projectId;

export const rules = {
  admin: ((auth) => isAdmin(auth)) as PolicyCheck,
  /** `role:admin or (role:member and project_id:%(project_id)s)` */
  projectMember: ((auth, t) => isAdmin(auth) || (auth.roles.includes("member") && inProject(auth, t))) as PolicyCheck,
  /** `role:admin or (role:reader and project_id:%(project_id)s)` */
  projectReader: ((auth, t) => isAdmin(auth) || (auth.roles.includes("reader") && inProject(auth, t))) as PolicyCheck,
  /** `role:admin or user_id:%(user_id)s` */
  owner: ((auth, t) => isAdmin(auth) || (t.userId !== undefined && t.userId === auth.userId)) as PolicyCheck,
  anyone: (() => true) as PolicyCheck,
};

export const anyOf = (...checks: PolicyCheck[]): PolicyCheck => (auth, t) => checks.some((c) => c(auth, t));

/**
 * Enforces a named rule (e.g. `identity:create_project`). Services keep their own table of rule → check so
 * the name in the refusal is the real policy name.
 */
export function authorize(auth: AuthContext, rule: string, check: PolicyCheck, target: PolicyTarget = {}): Result<void, CloudError> {
  return check(auth, target) ? ok(undefined) : err(policyRefusal(rule));
}

/** Whether list calls should show every project's resources (admin) or only the caller's. */
export const seesAllProjects = (auth: AuthContext): boolean => isAdmin(auth);
