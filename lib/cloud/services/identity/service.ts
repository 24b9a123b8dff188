import type { Draft } from "../../state";
import type { AuthContext } from "../../cli/spec";
import type { Domain, Group, Project, Role, RoleAssignment, User, CatalogService, Endpoint, Region } from "../../types";
import { err, ok, type Result } from "../../result";
import { badRequest, conflict, forbidden, moreThanOne, noResourceWithNameOrId, notFound, unauthorized, commandError, type CloudError } from "../../errors";
import { newHexId, newSecret } from "../../ids";
import { TOKEN_LIFETIME_MS } from "../../clock";

// Keystone's rules: lookups by name or id (osc-lib find_resource semantics), uniqueness per domain, role
// assignments and their effective expansion (groups, inheritance, implied roles), and password sign-in.

export const DEFAULT_DOMAIN_ID = "default";

type Found<T> = Result<T, CloudError>;

/** osc-lib find_resource: exact id first, then a unique name match. */
function findByIdOrName<T extends { id: string; name: string | null }>(
  items: readonly T[], byId: T | undefined, nameOrId: string, resource: string,
): Found<T> {
  if (byId) return ok(byId);
  const matches = items.filter((i) => i.name === nameOrId);
  if (matches.length === 1 && matches[0]) return ok(matches[0]);
  if (matches.length > 1) return err(moreThanOne(resource, nameOrId));
  return err(noResourceWithNameOrId(resource, nameOrId));
}

export function findDomain(draft: Draft, nameOrId: string): Found<Domain> {
  return findByIdOrName(draft.list("domains"), draft.get("domains", nameOrId), nameOrId, "domain");
}

/** Resolves an optional `--domain`-style argument to a domain id. */
export function resolveDomainId(draft: Draft, nameOrId: string | null | undefined): Found<string | undefined> {
  if (nameOrId === null || nameOrId === undefined) return ok(undefined);
  const d = findDomain(draft, nameOrId);
  return d.ok ? ok(d.value.id) : d;
}

export function findProject(draft: Draft, nameOrId: string, domain?: string | null): Found<Project> {
  const dom = resolveDomainId(draft, domain);
  if (!dom.ok) return dom;
  const items = draft.list("projects").filter((p) => dom.value === undefined || p.domainId === dom.value);
  return findByIdOrName(items, draft.get("projects", nameOrId), nameOrId, "project");
}

export function findUser(draft: Draft, nameOrId: string, domain?: string | null): Found<User> {
  const dom = resolveDomainId(draft, domain);
  if (!dom.ok) return dom;
  const items = draft.list("users").filter((u) => dom.value === undefined || u.domainId === dom.value);
  return findByIdOrName(items, draft.get("users", nameOrId), nameOrId, "user");
}

export function findGroup(draft: Draft, nameOrId: string, domain?: string | null): Found<Group> {
  const dom = resolveDomainId(draft, domain);
  if (!dom.ok) return dom;
  const items = draft.list("groups").filter((g) => dom.value === undefined || g.domainId === dom.value);
  return findByIdOrName(items, draft.get("groups", nameOrId), nameOrId, "group");
}

export function findRole(draft: Draft, nameOrId: string, domain?: string | null): Found<Role> {
  const dom = resolveDomainId(draft, domain);
  if (!dom.ok) return dom;
  const items = draft.list("roles").filter((r) => (dom.value === undefined ? r.domainId === null : r.domainId === dom.value));
  return findByIdOrName(items, draft.get("roles", nameOrId), nameOrId, "role");
}

/** identity/common.py find_service: id, then name, then type. */
export function findService(draft: Draft, nameOrId: string): Found<CatalogService> {
  const byId = draft.get("catalogServices", nameOrId);
  if (byId) return ok(byId);
  const all = draft.list("catalogServices");
  for (const key of ["name", "type"] as const) {
    const matches = all.filter((s) => s[key] === nameOrId);
    if (matches.length === 1 && matches[0]) return ok(matches[0]);
    if (matches.length > 1) return err(commandError(`Multiple service matches found for '${nameOrId}', use an ID to be more specific.`));
  }
  return err(commandError(`No service with a type, name or ID of '${nameOrId}' exists.`));
}

export function findEndpoint(draft: Draft, id: string): Found<Endpoint> {
  const e = draft.get("endpoints", id);
  return e ? ok(e) : err(noResourceWithNameOrId("endpoint", id));
}

export function findRegion(draft: Draft, id: string): Found<Region> {
  const r = draft.get("regions", id);
  return r ? ok(r) : err(noResourceWithNameOrId("region", id));
}

// ------------------------------------------------------------------ uniqueness

export function assertProjectNameFree(draft: Draft, name: string, domainId: string, exceptId?: string): Result<void, CloudError> {
  const clash = draft.list("projects").some((p) => p.domainId === domainId && p.name === name && p.id !== exceptId);
  return clash
    ? err(conflict(`Conflict occurred attempting to store project - it is not permitted to have two projects with the same name in the same domain : ${name}.`))
    : ok(undefined);
}

export function assertUserNameFree(draft: Draft, name: string, domainId: string, exceptId?: string): Result<void, CloudError> {
  const clash = draft.list("users").some((u) => u.domainId === domainId && u.name === name && u.id !== exceptId);
  return clash ? err(conflict(`Conflict occurred attempting to store user - Duplicate entry found with name ${name} at domain ID ${domainId}.`)) : ok(undefined);
}

// ------------------------------------------------------------------ role assignments

export function newAssignment(draft: Draft, a: Omit<RoleAssignment, "id">): RoleAssignment {
  return { id: newHexId(draft), ...a };
}

export function findAssignment(draft: Draft, a: Omit<RoleAssignment, "id">): RoleAssignment | undefined {
  return draft
    .list("roleAssignments")
    .find((x) => x.roleId === a.roleId && x.actor.kind === a.actor.kind && x.actor.id === a.actor.id && x.scope.kind === a.scope.kind && x.scope.id === a.scope.id && x.inherited === a.inherited);
}

/** Role ids implied by `roleIds`, transitively (keystone bootstrap: admin → member → reader). */
export function expandImplied(draft: Draft, roleIds: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const stack = [...roleIds];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (out.has(id)) continue;
    out.add(id);
    for (const implied of draft.get("roles", id)?.impliedRoleIds ?? []) stack.push(implied);
  }
  return out;
}

export interface EffectiveAssignment { roleId: string; userId: string; scope: RoleAssignment["scope"]; inherited: boolean; viaGroupId: string | null }

/**
 * `role assignment list --effective`: group grants become per-member grants, and grants inherited from a
 * domain or parent project are expanded onto each project below it. Implied roles are added too.
 */
export function effectiveAssignments(draft: Draft): EffectiveAssignment[] {
  const result: EffectiveAssignment[] = [];
  const projects = draft.list("projects");
  const below = (scope: RoleAssignment["scope"]): string[] => {
    if (scope.kind === "domain") return projects.filter((p) => p.domainId === scope.id).map((p) => p.id);
    if (scope.kind !== "project") return [];
    const out: string[] = [];
    const stack = [scope.id];
    while (stack.length > 0) {
      const parent = stack.pop() as string;
      for (const p of projects) if (p.parentId === parent && p.id !== parent) {
        out.push(p.id);
        stack.push(p.id);
      }
    }
    return out;
  };
  for (const a of draft.list("roleAssignments")) {
    const users = a.actor.kind === "user" ? [a.actor.id] : (draft.get("groups", a.actor.id)?.memberIds ?? []);
    const scopes: RoleAssignment["scope"][] = a.inherited ? below(a.scope).map((id) => ({ kind: "project" as const, id })) : [a.scope];
    for (const roleId of expandImplied(draft, [a.roleId])) {
      for (const userId of users) for (const scope of scopes) {
        result.push({ roleId, userId, scope, inherited: a.inherited, viaGroupId: a.actor.kind === "group" ? a.actor.id : null });
      }
    }
  }
  return result;
}

export function rolesOnProject(draft: Draft, userId: string, projectId: string): string[] {
  const ids = new Set<string>();
  for (const e of effectiveAssignments(draft)) if (e.userId === userId && e.scope.kind === "project" && e.scope.id === projectId) ids.add(e.roleId);
  return [...ids].map((id) => draft.get("roles", id)?.name ?? id).sort();
}

// ------------------------------------------------------------------ sign-in

export interface Credentials {
  authUrl: string | null;
  username: string | null;
  userId: string | null;
  password: string | null;
  projectName: string | null;
  projectId: string | null;
  userDomainName: string | null;
  userDomainId: string | null;
  projectDomainName: string | null;
  projectDomainId: string | null;
  regionName: string | null;
}

/** Password sign-in scoped to a project, as keystone's POST /v3/auth/tokens decides it. */
export function authenticate(draft: Draft, c: Credentials): Result<AuthContext, CloudError> {
  let user: User | undefined;
  if (c.userId) user = draft.get("users", c.userId);
  else {
    const domainId = c.userDomainId ?? (c.userDomainName ? draft.list("domains").find((d) => d.name === c.userDomainName)?.id : undefined);
    if (!c.userDomainId && !c.userDomainName) {
      return err(badRequest("Expecting to find domain in user. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error."));
    }
    user = draft.list("users").find((u) => u.domainId === domainId && u.name === c.username);
  }
  if (!user || !user.enabled || user.password === null || user.password !== c.password) return err(unauthorized());
  const userDomain = draft.get("domains", user.domainId);
  if (!userDomain?.enabled) return err(unauthorized());
  let project: Project | undefined;
  if (c.projectId) project = draft.get("projects", c.projectId);
  else if (c.projectName) {
    if (!c.projectDomainId && !c.projectDomainName) {
      return err(badRequest("Expecting to find domain in project. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error."));
    }
    const domainId = c.projectDomainId ?? draft.list("domains").find((d) => d.name === c.projectDomainName)?.id;
    project = draft.list("projects").find((p) => p.domainId === domainId && p.name === c.projectName);
  }
  if (!project) return err(unauthorized());
  if (!project.enabled) return err(unauthorized());
  const roles = rolesOnProject(draft, user.id, project.id);
  if (roles.length === 0) return err(unauthorized());
  return ok({
    userId: user.id,
    userName: user.name,
    userDomainId: user.domainId,
    projectId: project.id,
    projectName: project.name,
    projectDomainId: project.domainId,
    roles,
    regionName: c.regionName ?? "RegionOne",
    tokenId: "gAAAAAB" + newSecret(draft, 176),
    expiresAt: draft.now + TOKEN_LIFETIME_MS,
  });
}

export function assertNotLastDomainDelete(domain: Domain): Result<void, CloudError> {
  if (domain.enabled) return err(forbidden("Cannot delete a domain that is enabled, please disable it first."));
  if (domain.id === DEFAULT_DOMAIN_ID) return err(forbidden("Cannot delete the default domain."));
  return ok(undefined);
}

export const regionNotFound = (id: string): CloudError => notFound(`Could not find region: ${id}.`);
