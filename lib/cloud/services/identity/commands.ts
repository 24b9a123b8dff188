import type { CommandContext, CommandOutput, CommandSpec, ParsedArgs, Value } from "../../cli/spec";
import { dictColumn, formatted } from "../../cli/spec";
import { bulkDelete, opt, raw, sortedShow } from "../../cli/helpers";
import { authorize, rules } from "../../policy";
import { err, ok, type Result } from "../../result";
import { badRequest, commandError, conflict, forbidden, notFound, type CloudError } from "../../errors";
import { newHexId, newSecret, newUuid } from "../../ids";
import { isoMicros } from "../../clock";
import type { ApplicationCredential, Domain, Endpoint, Group, Project, Role, RoleAssignment, User } from "../../types";
import { IDENTITY_POLICY } from "./policy";
import * as S from "./service";
import { grantPath, noneTypeId, resourcePath, sdkDeleteError, sdkKeystone, withKeystoneSdk, type LookupStyle, type SdkBinding } from "./sdk";

// `openstack` identity commands (python-openstackclient identity v3), bound to keystone's rules in service.ts.

type Out = Result<CommandOutput, CloudError>;

function guard(ctx: CommandContext, rule: string, target: { projectId?: string | null; userId?: string | null } = {}): Result<void, CloudError> {
  return authorize(ctx.auth, rule, IDENTITY_POLICY[rule] ?? rules.admin, target);
}

const str = (a: ParsedArgs, k: string): string | null => (typeof a[k] === "string" ? (a[k] as string) : null);
const list = (a: ParsedArgs, k: string): string[] => (Array.isArray(a[k]) ? (a[k] as string[]) : []);
const props = (a: ParsedArgs, k = "property"): Record<string, string> => (a[k] as Record<string, string> | undefined) ?? {};

const enableOpts = [opt.flag("--enable", "Enable (default)"), opt.flag("--disable", "Disable")];
const enableGroup = { dests: ["enable", "disable"] };

// ------------------------------------------------------------------ record → output

/** domain.py `_format_domain`: its own column order, no tags. */
function domainFields(d: Domain): CommandOutput {
  return { kind: "show", fields: [["id", d.id], ["name", d.name], ["enabled", d.enabled], ["description", d.description], ["options", raw({})]] };
}

function projectFields(p: Project): CommandOutput {
  const fields: Record<string, Value> = {
    description: p.description, domain_id: p.domainId, enabled: p.enabled, id: p.id, is_domain: false, name: p.name,
    options: raw({}), parent_id: p.parentId, tags: raw(p.tags),
  };
  for (const [k, v] of Object.entries(p.options)) fields[k] = v;
  return sortedShow(fields);
}

function userFields(u: User): CommandOutput {
  const fields: Record<string, Value> = { domain_id: u.domainId, enabled: u.enabled, id: u.id, name: u.name, options: raw({}), password_expires_at: null };
  if (u.defaultProjectId) fields.default_project_id = u.defaultProjectId;
  if (u.email !== null) fields.email = u.email;
  if (u.description !== null) fields.description = u.description;
  return sortedShow(fields);
}

const groupFields = (g: Group): CommandOutput => sortedShow({ description: g.description, domain_id: g.domainId, id: g.id, name: g.name });
const roleFields = (r: Role): CommandOutput => sortedShow({ description: r.description, domain_id: r.domainId, id: r.id, name: r.name, options: raw({}) });

function endpointFields(ctx: CommandContext, e: Endpoint): CommandOutput {
  const svc = ctx.draft.get("catalogServices", e.serviceId);
  return sortedShow({
    enabled: e.enabled, id: e.id, interface: e.interface, region: e.regionId, region_id: e.regionId, service_id: e.serviceId,
    service_name: svc?.name ?? null, service_type: svc?.type ?? null, url: e.url,
  });
}

// ------------------------------------------------------------------ shared command pieces

function done(): Out {
  return ok({ kind: "none" });
}

function chain<T>(r: Result<T, CloudError>, f: (v: T) => Out): Out {
  return r.ok ? f(r.value) : r;
}

/**
 * A bulk delete's callback on the openstacksdk path (see sdk.ts): API errors framed with the item's URL, lookup
 * failures worded by `style` (null keeps the osc-lib wording the module still uses, e.g. find_service_sdk).
 */
function sdkDelete(
  ctx: CommandContext, collection: string, style: LookupStyle | null, domain: string | null,
  del: (n: string) => Result<void, CloudError>,
): (n: string) => Result<void, CloudError> {
  return (n) => {
    const path = resourcePath(ctx.draft, collection, "delete", n, domain);
    const r = del(n);
    if (r.ok) return r;
    if (r.error.httpStatus !== undefined) return err(sdkKeystone(ctx.draft, r.error, path));
    return style ? err(sdkDeleteError(ctx, r.error, path, style)) : r;
  };
}

// ------------------------------------------------------------------ domain

const domainCommands: CommandSpec[] = [
  {
    words: ["domain", "create"], description: "Create new domain", output: "show",
    options: [opt.value("--description", "<description>", "New domain description"), ...enableOpts, opt.flag("--or-show", "Return existing domain")],
    positionals: [{ dest: "name", metavar: "<domain-name>", help: "New domain name" }],
    exclusive: [enableGroup],
    run(a, ctx) {
      const g = guard(ctx, "identity:create_domain");
      if (!g.ok) return g;
      const name = str(a, "name") ?? "";
      const existing = ctx.draft.list("domains").find((d) => d.name === name);
      if (existing) {
        if (a.orShow) return ok(domainFields(existing));
        return err(conflict(`Conflict occurred attempting to store project - it is not permitted to have two projects acting as domains with the same name: ${name}.`));
      }
      const d: Domain = { id: newHexId(ctx.draft), name, description: str(a, "description") ?? "", enabled: !a.disable, tags: [] };
      ctx.draft.put("domains", d.id, d);
      return ok(domainFields(d));
    },
  },
  {
    words: ["domain", "delete"], description: "Delete domain(s)", output: "none",
    positionals: [{ dest: "domains", metavar: "<domain>", nargs: "+", help: "Domain(s) to delete (name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "domains"), { singular: "domain", plural: "domains" }, ctx.requestId, sdkDelete(ctx, "domains", "find", null, (n) => {
        const found = S.findDomain(ctx.draft, n);
        if (!found.ok) return found;
        const d = found.value;
        const g = guard(ctx, "identity:delete_domain");
        if (!g.ok) return g;
        const rule = S.assertNotLastDomainDelete(d);
        if (!rule.ok) return rule;
        // Keystone removes everything the domain owns with it.
        for (const p of ctx.draft.list("projects")) if (p.domainId === d.id) removeProject(ctx, p.id);
        for (const u of ctx.draft.list("users")) if (u.domainId === d.id) removeUser(ctx, u.id);
        for (const gr of ctx.draft.list("groups")) if (gr.domainId === d.id) removeGroup(ctx, gr.id);
        for (const r of ctx.draft.list("roles")) if (r.domainId === d.id) removeRole(ctx, r.id);
        removeAssignments(ctx, (x) => x.scope.kind === "domain" && x.scope.id === d.id);
        ctx.draft.remove("domains", d.id);
        return ok(undefined);
      })));
    },
  },
  {
    words: ["domain", "list"], description: "List domains", output: "list",
    options: [opt.value("--name", "<name>", "The domain name"), opt.flag("--enabled", "The domains that are enabled will be returned")],
    run(a, ctx) {
      const g = guard(ctx, "identity:list_domains");
      if (!g.ok) return g;
      const rows = ctx.draft
        .list("domains")
        .filter((d) => (str(a, "name") === null || d.name === str(a, "name")) && (!a.enabled || d.enabled))
        .map((d): Value[] => [d.id, d.name, d.enabled, d.description]);
      return ok({ kind: "list", columns: ["ID", "Name", "Enabled", "Description"], rows });
    },
  },
  {
    words: ["domain", "set"], description: "Set domain properties", output: "none",
    options: [opt.value("--name", "<name>", "New domain name"), opt.value("--description", "<description>", "New domain description"), ...enableOpts],
    positionals: [{ dest: "domain", metavar: "<domain>", help: "Domain to modify (name or ID)" }],
    exclusive: [enableGroup],
    run(a, ctx) {
      // domain.py calls find_domain() without ignore_missing=False: a miss is None, and `domain.id` fails.
      const found = S.findDomain(ctx.draft, str(a, "domain") ?? "");
      return chain(found.ok || found.error.code !== "cloud/NotFound" ? found : err(noneTypeId), (d) => {
        const g = guard(ctx, "identity:update_domain");
        if (!g.ok) return g;
        const name = str(a, "name");
        if (name !== null && ctx.draft.list("domains").some((x) => x.name === name && x.id !== d.id)) {
          return err(conflict(`Conflict occurred attempting to store project - it is not permitted to have two projects acting as domains with the same name: ${name}.`));
        }
        if (a.disable && d.id === S.DEFAULT_DOMAIN_ID) return err(forbidden("Cannot disable the default domain."));
        ctx.draft.update("domains", d.id, {
          ...(name !== null ? { name } : {}),
          ...(str(a, "description") !== null ? { description: str(a, "description") ?? "" } : {}),
          ...(a.enable ? { enabled: true } : a.disable ? { enabled: false } : {}),
        });
        return done();
      });
    },
  },
  {
    words: ["domain", "show"], description: "Display domain details", output: "show",
    positionals: [{ dest: "domain", metavar: "<domain>", help: "Domain to display (name or ID)" }],
    run(a, ctx) {
      const found = S.findDomain(ctx.draft, str(a, "domain") ?? "");
      // domain.py's ShowDomain calls find_domain() without ignore_missing=False, so a miss is None and osc-lib's
      // get_item_properties reads '' for every column: an all-blank table, exit 0.
      if (!found.ok && found.error.code === "cloud/NotFound") {
        return ok({ kind: "show", fields: [["id", ""], ["name", ""], ["enabled", ""], ["description", ""], ["options", ""]] });
      }
      return chain(found, (d) => {
        const g = ctx.auth.projectDomainId === d.id ? ok(undefined) : guard(ctx, "identity:get_domain");
        return g.ok ? ok(domainFields(d)) : g;
      });
    },
  },
];

// ------------------------------------------------------------------ removal helpers (cascade like keystone)

function removeAssignments(ctx: CommandContext, pred: (a: RoleAssignment) => boolean): void {
  for (const x of ctx.draft.list("roleAssignments")) if (pred(x)) ctx.draft.remove("roleAssignments", x.id);
}
function removeProject(ctx: CommandContext, id: string): void {
  removeAssignments(ctx, (x) => x.scope.kind === "project" && x.scope.id === id);
  ctx.draft.remove("projects", id);
}
function removeUser(ctx: CommandContext, id: string): void {
  removeAssignments(ctx, (x) => x.actor.kind === "user" && x.actor.id === id);
  for (const g of ctx.draft.list("groups")) if (g.memberIds.includes(id)) ctx.draft.update("groups", g.id, { memberIds: g.memberIds.filter((m) => m !== id) });
  for (const c of ctx.draft.list("applicationCredentials")) if (c.userId === id) ctx.draft.remove("applicationCredentials", c.id);
  ctx.draft.remove("users", id);
}
function removeGroup(ctx: CommandContext, id: string): void {
  removeAssignments(ctx, (x) => x.actor.kind === "group" && x.actor.id === id);
  ctx.draft.remove("groups", id);
}
function removeRole(ctx: CommandContext, id: string): void {
  removeAssignments(ctx, (x) => x.roleId === id);
  for (const r of ctx.draft.list("roles")) if (r.impliedRoleIds.includes(id)) ctx.draft.update("roles", r.id, { impliedRoleIds: r.impliedRoleIds.filter((x) => x !== id) });
  ctx.draft.remove("roles", id);
}

// ------------------------------------------------------------------ project

const projectCommands: CommandSpec[] = [
  {
    words: ["project", "create"], description: "Create new project", output: "show",
    options: [
      opt.value("--domain", "<domain>", "Domain owning the project (name or ID)"),
      opt.value("--parent", "<project>", "Parent of the project (name or ID)"),
      opt.value("--description", "<description>", "Project description"),
      ...enableOpts,
      opt.property("Add a property to <name> (repeat option to set multiple properties)"),
      opt.flag("--or-show", "Return existing project"),
      opt.repeat("--tag", "<tag>", "Tag to be added to the project (repeat option to set multiple tags)", { dest: "tags" }),
    ],
    positionals: [{ dest: "name", metavar: "<project-name>", help: "New project name" }],
    exclusive: [enableGroup],
    run(a, ctx) {
      let domainId = S.DEFAULT_DOMAIN_ID;
      if (str(a, "domain") !== null) {
        const found = S.findDomain(ctx.draft, str(a, "domain") ?? "");
        if (!found.ok) return found;
        domainId = found.value.id;
      }
      let parentId = domainId;
      if (str(a, "parent") !== null) {
        const parent = S.findProject(ctx.draft, str(a, "parent") ?? "");
        if (!parent.ok) return parent;
        parentId = parent.value.id;
        domainId = parent.value.domainId;
      }
      const g = guard(ctx, "identity:create_project");
      if (!g.ok) return g;
      const name = str(a, "name") ?? "";
      const existing = ctx.draft.list("projects").find((p) => p.domainId === domainId && p.name === name);
      if (existing && a.orShow) return ok(projectFields(existing));
      const free = S.assertProjectNameFree(ctx.draft, name, domainId);
      if (!free.ok) return free;
      const p: Project = {
        id: newHexId(ctx.draft), name, domainId, description: str(a, "description") ?? "", enabled: !a.disable, parentId,
        tags: list(a, "tags"), options: props(a),
      };
      ctx.draft.put("projects", p.id, p);
      return ok(projectFields(p));
    },
  },
  {
    words: ["project", "delete"], description: "Delete project(s)", output: "none",
    options: [opt.value("--domain", "<domain>", "Domain owning <project> (name or ID)")],
    positionals: [{ dest: "projects", metavar: "<project>", nargs: "+", help: "Project(s) to delete (name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "projects"), { singular: "project", plural: "projects" }, ctx.requestId, sdkDelete(ctx, "projects", "sdkId", str(a, "domain"), (n) => {
        const p = S.findProject(ctx.draft, n, str(a, "domain"));
        if (!p.ok) return p;
        const g = guard(ctx, "identity:delete_project");
        if (!g.ok) return g;
        if (ctx.draft.list("projects").some((c) => c.parentId === p.value.id)) {
          return err(forbidden(`Cannot delete the project ${p.value.id} since it is not a leaf in the hierarchy. Use the cascade option if you want to delete a whole subtree.`));
        }
        removeProject(ctx, p.value.id);
        return ok(undefined);
      })));
    },
  },
  {
    words: ["project", "list"], description: "List projects", output: "list",
    options: [
      opt.value("--domain", "<domain>", "Filter projects by <domain> (name or ID)"),
      opt.value("--parent", "<parent>", "Filter projects whose parent is <parent> (name or ID)"),
      opt.value("--user", "<user>", "Filter projects by <user> (name or ID)"),
      opt.flag("--my-projects", "List projects for the authenticated user. Supersedes other filters."),
      opt.flag("--long", "List additional fields in output"),
      opt.value("--sort", "<key>[:<direction>]", "Sort output by selected keys and directions (asc or desc) (default: asc), repeat this option to specify multiple keys and directions."),
    ],
    run(a, ctx) {
      let projects = ctx.draft.list("projects");
      const mine = (userId: string): Project[] => {
        const ids = new Set(S.effectiveAssignments(ctx.draft).filter((e) => e.userId === userId && e.scope.kind === "project").map((e) => e.scope.id));
        return projects.filter((p) => ids.has(p.id));
      };
      if (a.myProjects) projects = mine(ctx.auth.userId);
      else {
        if (str(a, "user") !== null) {
          const u = S.findUser(ctx.draft, str(a, "user") ?? "");
          if (!u.ok) return u;
          const g = guard(ctx, "identity:list_user_projects", { userId: u.value.id });
          if (!g.ok) return g;
          projects = mine(u.value.id);
        } else {
          const g = guard(ctx, "identity:list_projects");
          if (!g.ok) return g;
        }
        if (str(a, "domain") !== null) {
          const d = S.findDomain(ctx.draft, str(a, "domain") ?? "");
          if (!d.ok) return d;
          projects = projects.filter((p) => p.domainId === d.value.id);
        }
        if (str(a, "parent") !== null) {
          const parent = S.findProject(ctx.draft, str(a, "parent") ?? "");
          if (!parent.ok) return parent;
          projects = projects.filter((p) => p.parentId === parent.value.id);
        }
      }
      const sort = str(a, "sort");
      if (sort !== null) {
        const [key, dir] = sort.split(":");
        const field = (p: Project): string => (key === "id" ? p.id : key === "description" ? p.description : p.name);
        projects = [...projects].sort((x, y) => (field(x) < field(y) ? -1 : field(x) > field(y) ? 1 : 0) * (dir === "desc" ? -1 : 1));
      }
      if (a.long) return ok({ kind: "list", columns: ["ID", "Name", "Domain ID", "Description", "Enabled"], rows: projects.map((p) => [p.id, p.name, p.domainId, p.description, p.enabled]) });
      return ok({ kind: "list", columns: ["ID", "Name"], rows: projects.map((p) => [p.id, p.name]) });
    },
  },
  {
    words: ["project", "set"], description: "Set project properties", output: "none",
    options: [
      opt.value("--name", "<name>", "Set project name"),
      opt.value("--domain", "<domain>", "Domain owning <project> (name or ID)"),
      opt.value("--description", "<description>", "Set project description"),
      ...enableOpts,
      opt.property("Set a property on <project> (repeat option to set multiple properties)"),
      opt.repeat("--tag", "<tag>", "Tag to be added to the project (repeat option to set multiple tags)", { dest: "tags" }),
      opt.flag("--clear-tags", "Clear tags associated with the project. Specify both --tag and --clear-tags to overwrite current tags"),
      opt.repeat("--remove-tag", "<tag>", "Tag to be deleted from the project (repeat option to delete multiple tags)", { dest: "removeTags" }),
    ],
    positionals: [{ dest: "project", metavar: "<project>", help: "Project to modify (name or ID)" }],
    exclusive: [enableGroup],
    run(a, ctx) {
      // project.py looks the project up with ignore_missing=True and PATCHes whatever was typed on a miss, so
      // keystone answers (404) rather than the client.
      const ref = str(a, "project") ?? "";
      const found = S.findProject(ctx.draft, ref, str(a, "domain"));
      if (!found.ok && found.error.code === "cloud/NotFound") return err(notFound(`Could not find project: ${ref}.`));
      return chain(found, (p) => {
        const g = guard(ctx, "identity:update_project");
        if (!g.ok) return g;
        const name = str(a, "name");
        if (name !== null) {
          const free = S.assertProjectNameFree(ctx.draft, name, p.domainId, p.id);
          if (!free.ok) return free;
        }
        let tags = a.clearTags ? [] : [...p.tags];
        for (const t of list(a, "tags")) if (!tags.includes(t)) tags.push(t);
        tags = tags.filter((t) => !list(a, "removeTags").includes(t));
        ctx.draft.update("projects", p.id, {
          ...(name !== null ? { name } : {}),
          ...(str(a, "description") !== null ? { description: str(a, "description") ?? "" } : {}),
          ...(a.enable ? { enabled: true } : a.disable ? { enabled: false } : {}),
          options: { ...p.options, ...props(a) },
          tags,
        });
        return done();
      });
    },
  },
  {
    words: ["project", "show"], description: "Display project details", output: "show",
    options: [
      opt.value("--domain", "<domain>", "Domain owning <project> (name or ID)"),
      opt.flag("--parents", "Show the project's parents as a list"),
      opt.flag("--children", "Show project's subtree (children) as a list"),
    ],
    positionals: [{ dest: "project", metavar: "<project>", help: "Project to display (name or ID)" }],
    run(a, ctx) {
      return chain(S.findProject(ctx.draft, str(a, "project") ?? "", str(a, "domain")), (p) => {
        const g = guard(ctx, "identity:get_project", { projectId: p.id });
        if (!g.ok) return g;
        const out = projectFields(p);
        if (out.kind === "show" && (a.parents || a.children)) {
          if (a.parents) {
            const chainIds: string[] = [];
            let cur = ctx.draft.get("projects", p.parentId);
            while (cur) {
              chainIds.push(cur.id);
              cur = ctx.draft.get("projects", cur.parentId);
            }
            out.fields.push(["parents", raw(chainIds)]);
          }
          if (a.children) out.fields.push(["subtree", raw(ctx.draft.list("projects").filter((c) => c.parentId === p.id).map((c) => c.id))]);
          out.fields.sort((x, y) => (x[0] < y[0] ? -1 : 1));
        }
        return ok(out);
      });
    },
  },
];

// ------------------------------------------------------------------ user

function resolveProjectOpt(ctx: CommandContext, a: ParsedArgs): Result<string | null, CloudError> {
  if (str(a, "project") === null) return ok(null);
  const p = S.findProject(ctx.draft, str(a, "project") ?? "", str(a, "projectDomain"));
  return p.ok ? ok(p.value.id) : p;
}

const userCommands: CommandSpec[] = [
  {
    words: ["user", "create"], description: "Create new user", output: "show",
    options: [
      opt.value("--domain", "<domain>", "Default domain (name or ID)"),
      opt.value("--project", "<project>", "Default project (name or ID)"),
      opt.value("--project-domain", "<project-domain>", "Domain the project belongs to (name or ID). This can be used in case collisions between project names exist."),
      opt.value("--password", "<password>", "Set user password"),
      opt.flag("--password-prompt", "Prompt interactively for password"),
      opt.value("--email", "<email-address>", "Set user email address"),
      opt.value("--description", "<description>", "User description"),
      ...enableOpts,
      opt.flag("--or-show", "Return existing user"),
    ],
    positionals: [{ dest: "name", metavar: "<name>", help: "New user name" }],
    exclusive: [enableGroup],
    run(a, ctx) {
      let domainId = S.DEFAULT_DOMAIN_ID;
      if (str(a, "domain") !== null) {
        const d = S.findDomain(ctx.draft, str(a, "domain") ?? "");
        if (!d.ok) return d;
        domainId = d.value.id;
      }
      const project = resolveProjectOpt(ctx, a);
      if (!project.ok) return project;
      if (a.passwordPrompt) return err(commandError("Error reading password: the simulated terminal cannot prompt; use --password <password>"));
      const g = guard(ctx, "identity:create_user");
      if (!g.ok) return g;
      const name = str(a, "name") ?? "";
      const existing = ctx.draft.list("users").find((u) => u.domainId === domainId && u.name === name);
      if (existing && a.orShow) return ok(userFields(existing));
      const free = S.assertUserNameFree(ctx.draft, name, domainId);
      if (!free.ok) return free;
      const u: User = {
        id: newHexId(ctx.draft), name, domainId, enabled: !a.disable, password: str(a, "password"), email: str(a, "email"),
        description: str(a, "description"), defaultProjectId: project.value,
      };
      ctx.draft.put("users", u.id, u);
      return ok(userFields(u));
    },
  },
  {
    words: ["user", "delete"], description: "Delete user(s)", output: "none",
    options: [opt.value("--domain", "<domain>", "Domain owning <user> (name or ID)")],
    positionals: [{ dest: "users", metavar: "<user>", nargs: "+", help: "User(s) to delete (name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "users"), { singular: "user", plural: "users" }, ctx.requestId, sdkDelete(ctx, "users", "find", str(a, "domain"), (n) => {
        const u = S.findUser(ctx.draft, n, str(a, "domain"));
        if (!u.ok) return u;
        const g = guard(ctx, "identity:delete_user");
        if (!g.ok) return g;
        removeUser(ctx, u.value.id);
        return ok(undefined);
      })));
    },
  },
  {
    words: ["user", "list"], description: "List users", output: "list",
    options: [
      opt.value("--domain", "<domain>", "Filter users by <domain> (name or ID)"),
      opt.value("--group", "<group>", "Filter users by <group> membership (name or ID)"),
      opt.value("--project", "<project>", "Filter users by <project> (name or ID)"),
      opt.flag("--long", "List additional fields in output"),
    ],
    exclusive: [{ dests: ["group", "project"] }],
    run(a, ctx) {
      let users = ctx.draft.list("users");
      if (str(a, "domain") !== null) {
        const d = S.findDomain(ctx.draft, str(a, "domain") ?? "");
        if (!d.ok) return d;
        users = users.filter((u) => u.domainId === d.value.id);
      }
      if (str(a, "group") !== null) {
        const gr = S.findGroup(ctx.draft, str(a, "group") ?? "", str(a, "domain"));
        if (!gr.ok) return gr;
        const g = guard(ctx, "identity:list_users_in_group");
        if (!g.ok) return g;
        users = users.filter((u) => gr.value.memberIds.includes(u.id));
      } else {
        const g = guard(ctx, "identity:list_users");
        if (!g.ok) return g;
      }
      if (str(a, "project") !== null) {
        const p = S.findProject(ctx.draft, str(a, "project") ?? "");
        if (!p.ok) return p;
        const ids = new Set(S.effectiveAssignments(ctx.draft).filter((e) => e.scope.kind === "project" && e.scope.id === p.value.id).map((e) => e.userId));
        users = users.filter((u) => ids.has(u.id));
      }
      if (a.long) {
        return ok({
          kind: "list", columns: ["ID", "Name", "Project", "Domain", "Description", "Email", "Enabled"],
          rows: users.map((u) => [u.id, u.name, u.defaultProjectId ?? "", u.domainId, u.description ?? "", u.email ?? "", u.enabled]),
        });
      }
      return ok({ kind: "list", columns: ["ID", "Name"], rows: users.map((u) => [u.id, u.name]) });
    },
  },
  {
    words: ["user", "set"], description: "Set user properties", output: "none",
    options: [
      opt.value("--name", "<name>", "Set user name"),
      opt.value("--domain", "<domain>", "Domain the user belongs to (name or ID). This can be used in case collisions between user names exist."),
      opt.value("--project", "<project>", "Set default project (name or ID)"),
      opt.value("--project-domain", "<project-domain>", "Domain the project belongs to (name or ID). This can be used in case collisions between project names exist."),
      opt.value("--password", "<password>", "Set user password"),
      opt.flag("--password-prompt", "Prompt interactively for password"),
      opt.value("--email", "<email-address>", "Set user email address"),
      opt.value("--description", "<description>", "Set user description"),
      ...enableOpts,
    ],
    positionals: [{ dest: "user", metavar: "<user>", help: "User to modify (name or ID)" }],
    exclusive: [enableGroup],
    run(a, ctx) {
      return chain(S.findUser(ctx.draft, str(a, "user") ?? "", str(a, "domain")), (u) => {
        const project = resolveProjectOpt(ctx, a);
        if (!project.ok) return project;
        const g = guard(ctx, "identity:update_user");
        if (!g.ok) return g;
        const name = str(a, "name");
        if (name !== null) {
          const free = S.assertUserNameFree(ctx.draft, name, u.domainId, u.id);
          if (!free.ok) return free;
        }
        ctx.draft.update("users", u.id, {
          ...(name !== null ? { name } : {}),
          ...(project.value !== null ? { defaultProjectId: project.value } : {}),
          ...(str(a, "password") !== null ? { password: str(a, "password") } : {}),
          ...(str(a, "email") !== null ? { email: str(a, "email") } : {}),
          ...(str(a, "description") !== null ? { description: str(a, "description") } : {}),
          ...(a.enable ? { enabled: true } : a.disable ? { enabled: false } : {}),
        });
        return done();
      });
    },
  },
  {
    words: ["user", "show"], description: "Display user details", output: "show",
    options: [opt.value("--domain", "<domain>", "Domain owning <user> (name or ID)")],
    positionals: [{ dest: "user", metavar: "<user>", help: "User to display (name or ID)" }],
    run(a, ctx) {
      return chain(S.findUser(ctx.draft, str(a, "user") ?? "", str(a, "domain")), (u) => {
        const g = guard(ctx, "identity:get_user", { userId: u.id });
        return g.ok ? ok(userFields(u)) : g;
      });
    },
  },
];

// ------------------------------------------------------------------ group

const groupMemberOpts = [
  opt.value("--group-domain", "<group-domain>", "Domain the group belongs to (name or ID). This can be used in case collisions between group names exist."),
  opt.value("--user-domain", "<user-domain>", "Domain the user belongs to (name or ID). This can be used in case collisions between user names exist."),
];

/**
 * group.py AddUserToGroup / RemoveUserFromGroup: the group must resolve (find_group_id_sdk), then each user is
 * tried on its own; a failure is logged as `<user> not added to group <group>: <error>` and the rest go on,
 * ending in `N of M users not added to group <group>.` (exit 1, the successful ones kept).
 */
function membership(
  ctx: CommandContext, a: ParsedArgs, rule: string, verb: "added to" | "removed from",
  change: (g: Group, userId: string) => Result<void, CloudError>,
): Out {
  return chain(S.findGroup(ctx.draft, str(a, "group") ?? "", str(a, "groupDomain")), (found) => {
    const groupArg = str(a, "group") ?? "";
    const users = list(a, "users");
    const failures: string[] = [];
    for (const name of users) {
      const u = S.findUser(ctx.draft, name, str(a, "userDomain"));
      const g = ctx.draft.get("groups", found.id) ?? found;
      const r: Result<void, CloudError> = !u.ok ? u : (() => {
        const pol = guard(ctx, rule);
        return pol.ok ? change(g, u.value.id) : pol;
      })();
      if (r.ok) continue;
      const path = `/v3/groups/${g.id}/users/${u.ok ? u.value.id : name}`;
      const e = r.error.httpStatus !== undefined ? sdkKeystone(ctx.draft, r.error, path) : sdkDeleteError(ctx, r.error, path, "sdkId");
      failures.push(`${name} not ${verb} group ${groupArg}: ${e.message}`);
    }
    if (failures.length === 0) return done();
    return ok({ kind: "none", warnings: failures, failure: `${failures.length} of ${users.length} users not ${verb} group ${groupArg}.` });
  });
}

const groupCommands: CommandSpec[] = [
  {
    words: ["group", "create"], description: "Create new group", output: "show",
    options: [opt.value("--domain", "<domain>", "Domain to contain new group (name or ID)"), opt.value("--description", "<description>", "New group description"), opt.flag("--or-show", "Return existing group")],
    positionals: [{ dest: "name", metavar: "<group-name>", help: "New group name" }],
    run(a, ctx) {
      let domainId = S.DEFAULT_DOMAIN_ID;
      if (str(a, "domain") !== null) {
        const d = S.findDomain(ctx.draft, str(a, "domain") ?? "");
        if (!d.ok) return d;
        domainId = d.value.id;
      }
      const g = guard(ctx, "identity:create_group");
      if (!g.ok) return g;
      const name = str(a, "name") ?? "";
      const existing = ctx.draft.list("groups").find((x) => x.domainId === domainId && x.name === name);
      if (existing) {
        if (a.orShow) return ok(groupFields(existing));
        return err(conflict(`Conflict occurred attempting to store group - Duplicate entry found with name ${name} at domain ID ${domainId}.`));
      }
      const group: Group = { id: newHexId(ctx.draft), name, domainId, description: str(a, "description") ?? "", memberIds: [] };
      ctx.draft.put("groups", group.id, group);
      return ok(groupFields(group));
    },
  },
  {
    words: ["group", "delete"], description: "Delete group(s)", output: "none",
    options: [opt.value("--domain", "<domain>", "Domain containing group(s) (name or ID)")],
    positionals: [{ dest: "groups", metavar: "<group>", nargs: "+", help: "Group(s) to delete (name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "groups"), { singular: "group", plural: "groups" }, ctx.requestId, sdkDelete(ctx, "groups", "sdkId", str(a, "domain"), (n) => {
        const gr = S.findGroup(ctx.draft, n, str(a, "domain"));
        if (!gr.ok) return gr;
        const g = guard(ctx, "identity:delete_group");
        if (!g.ok) return g;
        removeGroup(ctx, gr.value.id);
        return ok(undefined);
      })));
    },
  },
  {
    words: ["group", "list"], description: "List groups", output: "list",
    options: [
      opt.value("--domain", "<domain>", "Filter group list by <domain> (name or ID)"),
      opt.value("--user", "<user>", "Filter group list by <user> (name or ID)"),
      opt.value("--user-domain", "<user-domain>", "Domain the user belongs to (name or ID). This can be used in case collisions between user names exist."),
      opt.flag("--long", "List additional fields in output"),
    ],
    run(a, ctx) {
      let groups = ctx.draft.list("groups");
      if (str(a, "user") !== null) {
        const u = S.findUser(ctx.draft, str(a, "user") ?? "", str(a, "userDomain"));
        if (!u.ok) return u;
        const g = guard(ctx, "identity:list_groups_for_user", { userId: u.value.id });
        if (!g.ok) return g;
        groups = groups.filter((x) => x.memberIds.includes(u.value.id));
      } else {
        const g = guard(ctx, "identity:list_groups");
        if (!g.ok) return g;
      }
      if (str(a, "domain") !== null) {
        const d = S.findDomain(ctx.draft, str(a, "domain") ?? "");
        if (!d.ok) return d;
        groups = groups.filter((x) => x.domainId === d.value.id);
      }
      if (a.long) return ok({ kind: "list", columns: ["ID", "Name", "Domain ID", "Description"], rows: groups.map((x) => [x.id, x.name, x.domainId, x.description]) });
      return ok({ kind: "list", columns: ["ID", "Name"], rows: groups.map((x) => [x.id, x.name]) });
    },
  },
  {
    words: ["group", "set"], description: "Set group properties", output: "none",
    options: [opt.value("--domain", "<domain>", "Domain containing <group> (name or ID)"), opt.value("--name", "<name>", "New group name"), opt.value("--description", "<description>", "New group description")],
    positionals: [{ dest: "group", metavar: "<group>", help: "Group to modify (name or ID)" }],
    run(a, ctx) {
      return chain(S.findGroup(ctx.draft, str(a, "group") ?? "", str(a, "domain")), (gr) => {
        const g = guard(ctx, "identity:update_group");
        if (!g.ok) return g;
        const name = str(a, "name");
        if (name !== null && ctx.draft.list("groups").some((x) => x.domainId === gr.domainId && x.name === name && x.id !== gr.id)) {
          return err(conflict(`Conflict occurred attempting to store group - Duplicate entry found with name ${name} at domain ID ${gr.domainId}.`));
        }
        ctx.draft.update("groups", gr.id, { ...(name !== null ? { name } : {}), ...(str(a, "description") !== null ? { description: str(a, "description") ?? "" } : {}) });
        return done();
      });
    },
  },
  {
    words: ["group", "show"], description: "Display group details", output: "show",
    options: [opt.value("--domain", "<domain>", "Domain containing <group> (name or ID)")],
    positionals: [{ dest: "group", metavar: "<group>", help: "Group to display (name or ID)" }],
    run(a, ctx) {
      return chain(S.findGroup(ctx.draft, str(a, "group") ?? "", str(a, "domain")), (gr) => {
        const g = guard(ctx, "identity:get_group");
        return g.ok ? ok(groupFields(gr)) : g;
      });
    },
  },
  {
    words: ["group", "add", "user"], description: "Add user to group", output: "none",
    options: groupMemberOpts,
    positionals: [
      { dest: "group", metavar: "<group>", help: "Group to contain <user> (name or ID)" },
      { dest: "users", metavar: "<user>", nargs: "+", help: "User(s) to add to <group> (name or ID) (repeat option to add multiple users)" },
    ],
    run: (a, ctx) => membership(ctx, a, "identity:add_user_to_group", "added to", (g, id) => {
      ctx.draft.update("groups", g.id, { memberIds: [...new Set([...g.memberIds, id])] });
      return ok(undefined);
    }),
  },
  {
    words: ["group", "remove", "user"], description: "Remove user from group", output: "none",
    options: groupMemberOpts,
    positionals: [
      { dest: "group", metavar: "<group>", help: "Group containing <user> (name or ID)" },
      { dest: "users", metavar: "<user>", nargs: "+", help: "User(s) to remove from <group> (name or ID) (repeat option to remove multiple users)" },
    ],
    run: (a, ctx) => membership(ctx, a, "identity:remove_user_from_group", "removed from", (g, id) => {
      // keystone's sql backend (identity/backends/sql.py remove_user_from_group).
      if (!g.memberIds.includes(id)) return err(notFound(`User '${id}' not found in group '${g.id}'`));
      ctx.draft.update("groups", g.id, { memberIds: g.memberIds.filter((m) => m !== id) });
      return ok(undefined);
    }),
  },
  {
    words: ["group", "contains", "user"], description: "Check user membership in group", output: "none",
    options: groupMemberOpts,
    positionals: [
      { dest: "group", metavar: "<group>", help: "Group to check (name or ID)" },
      { dest: "user", metavar: "<user>", help: "User to check (name or ID)" },
    ],
    run(a, ctx) {
      // group.py resolves both names with validate_actor_existence=False and treats a refused or failed check
      // as "not in group": the answer goes to stderr, but the command itself succeeds (exit 0).
      const gr = S.findGroup(ctx.draft, str(a, "group") ?? "", str(a, "groupDomain"));
      const u = S.findUser(ctx.draft, str(a, "user") ?? "", str(a, "userDomain"));
      for (const r of [gr, u]) if (!r.ok && r.error.code !== "cloud/NotFound") return r;
      const g = guard(ctx, "identity:check_user_in_group");
      const inGroup = g.ok && gr.ok && u.ok && gr.value.memberIds.includes(u.value.id);
      // The client prints the names exactly as typed.
      if (inGroup) return ok({ kind: "text", text: `${str(a, "user")} in group ${str(a, "group")}\n` });
      return ok({ kind: "none", warnings: [`${str(a, "user")} not in group ${str(a, "group")}`] });
    },
  },
];

// ------------------------------------------------------------------ role and role assignment

interface ActorScope { actor: RoleAssignment["actor"]; scope: RoleAssignment["scope"] }

function resolveActorScope(ctx: CommandContext, a: ParsedArgs, verb: "add" | "remove"): Result<ActorScope, CloudError> {
  const bad = commandError(verb === "add"
    ? "Role not added, incorrect set of arguments provided. See openstack --help for more details"
    : "Incorrect set of arguments provided. See openstack --help for more details");
  // `role remove` resolves actor and target with validate_actor_existence=False (role.py): a name that matches
  // nothing goes to keystone as typed, and keystone then finds no such assignment.
  const lenient = <T extends { id: string }>(r: Result<T, CloudError>, typed: string): Result<{ id: string }, CloudError> =>
    !r.ok && verb === "remove" && r.error.code === "cloud/NotFound" ? ok({ id: typed }) : r;
  let actor: RoleAssignment["actor"] | null = null;
  if (str(a, "user") !== null) {
    const u = lenient(S.findUser(ctx.draft, str(a, "user") ?? "", str(a, "userDomain")), str(a, "user") ?? "");
    if (!u.ok) return u;
    actor = { kind: "user", id: u.value.id };
  } else if (str(a, "group") !== null) {
    const g = lenient(S.findGroup(ctx.draft, str(a, "group") ?? "", str(a, "groupDomain")), str(a, "group") ?? "");
    if (!g.ok) return g;
    actor = { kind: "group", id: g.value.id };
  }
  let scope: RoleAssignment["scope"] | null = null;
  if (str(a, "project") !== null) {
    const p = lenient(S.findProject(ctx.draft, str(a, "project") ?? "", str(a, "projectDomain")), str(a, "project") ?? "");
    if (!p.ok) return p;
    scope = { kind: "project", id: p.value.id };
  } else if (str(a, "domain") !== null) {
    const d = lenient(S.findDomain(ctx.draft, str(a, "domain") ?? ""), str(a, "domain") ?? "");
    if (!d.ok) return d;
    scope = { kind: "domain", id: d.value.id };
  } else if (str(a, "system") !== null) scope = { kind: "system", id: str(a, "system") ?? "all" };
  if (!actor || !scope) return err(bad);
  return ok({ actor, scope });
}

const roleGrantOptions = [
  opt.value("--system", "<system>", "Include <system> (all)"),
  opt.value("--domain", "<domain>", "Include <domain> (name or ID)"),
  opt.value("--project", "<project>", "Include <project> (name or ID)"),
  opt.value("--user", "<user>", "Include <user> (name or ID)"),
  opt.value("--group", "<group>", "Include <group> (name or ID)"),
  opt.value("--group-domain", "<group-domain>", "Domain the group belongs to (name or ID). This can be used in case collisions between group names exist."),
  opt.value("--project-domain", "<project-domain>", "Domain the project belongs to (name or ID). This can be used in case collisions between project names exist."),
  opt.value("--user-domain", "<user-domain>", "Domain the user belongs to (name or ID). This can be used in case collisions between user names exist."),
  opt.flag("--inherited", "Specifies if the role grant is inheritable to the sub projects"),
  opt.value("--role-domain", "<role-domain>", "Domain the role belongs to (name or ID). This must be specified when the name of a domain specific role is used."),
];
const grantExclusive = [{ dests: ["system", "domain", "project"] }, { dests: ["user", "group"] }];

const roleCommands: CommandSpec[] = [
  {
    words: ["role", "create"], description: "Create new role", output: "show",
    options: [opt.value("--description", "<description>", "Add description about the role"), opt.value("--domain", "<domain>", "Domain the role belongs to (name or ID)"), opt.flag("--or-show", "Return existing role")],
    positionals: [{ dest: "name", metavar: "<role-name>", help: "New role name" }],
    run(a, ctx) {
      let domainId: string | null = null;
      if (str(a, "domain") !== null) {
        const d = S.findDomain(ctx.draft, str(a, "domain") ?? "");
        if (!d.ok) return d;
        domainId = d.value.id;
      }
      const g = guard(ctx, "identity:create_role");
      if (!g.ok) return g;
      const name = str(a, "name") ?? "";
      const existing = ctx.draft.list("roles").find((r) => r.domainId === domainId && r.name === name);
      if (existing) {
        if (a.orShow) return ok(roleFields(existing));
        return err(conflict(`Conflict occurred attempting to store role - Duplicate entry found with name ${name}${domainId ? ` at domain ID ${domainId}` : ""}.`));
      }
      const r: Role = { id: newHexId(ctx.draft), name, domainId, description: str(a, "description"), impliedRoleIds: [] };
      ctx.draft.put("roles", r.id, r);
      return ok(roleFields(r));
    },
  },
  {
    words: ["role", "delete"], description: "Delete role(s)", output: "none",
    options: [opt.value("--domain", "<domain>", "Domain the role belongs to (name or ID)")],
    positionals: [{ dest: "roles", metavar: "<role>", nargs: "+", help: "Role(s) to delete (name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "roles"), { singular: "role", plural: "roles" }, ctx.requestId, sdkDelete(ctx, "roles", "sdkId", str(a, "domain"), (n) => {
        const r = S.findRole(ctx.draft, n, str(a, "domain"));
        if (!r.ok) return r;
        const g = guard(ctx, "identity:delete_role");
        if (!g.ok) return g;
        removeRole(ctx, r.value.id);
        return ok(undefined);
      })));
    },
  },
  {
    words: ["role", "list"], description: "List roles", output: "list",
    options: [opt.value("--domain", "<domain>", "Include <domain> (name or ID)")],
    run(a, ctx) {
      const g = guard(ctx, "identity:list_roles");
      if (!g.ok) return g;
      let domainId: string | null = null;
      if (str(a, "domain") !== null) {
        const d = S.findDomain(ctx.draft, str(a, "domain") ?? "");
        if (!d.ok) return d;
        domainId = d.value.id;
      }
      const roles = ctx.draft.list("roles").filter((r) => r.domainId === domainId);
      if (domainId !== null) return ok({ kind: "list", columns: ["ID", "Name", "Domain"], rows: roles.map((r) => [r.id, r.name, str(a, "domain")]) });
      return ok({ kind: "list", columns: ["ID", "Name"], rows: roles.map((r) => [r.id, r.name]) });
    },
  },
  {
    words: ["role", "set"], description: "Set role properties", output: "none",
    options: [opt.value("--description", "<description>", "Add description about the role"), opt.value("--domain", "<domain>", "Domain the role belongs to (name or ID)"), opt.value("--name", "<name>", "Set role name")],
    positionals: [{ dest: "role", metavar: "<role>", help: "Role to modify (name or ID)" }],
    run(a, ctx) {
      return chain(S.findRole(ctx.draft, str(a, "role") ?? "", str(a, "domain")), (r) => {
        const g = guard(ctx, "identity:update_role");
        if (!g.ok) return g;
        const name = str(a, "name");
        if (name !== null && ctx.draft.list("roles").some((x) => x.domainId === r.domainId && x.name === name && x.id !== r.id)) {
          return err(conflict(`Conflict occurred attempting to store role - Duplicate entry found with name ${name}.`));
        }
        ctx.draft.update("roles", r.id, { ...(name !== null ? { name } : {}), ...(str(a, "description") !== null ? { description: str(a, "description") } : {}) });
        return done();
      });
    },
  },
  {
    words: ["role", "show"], description: "Display role details", output: "show",
    options: [opt.value("--domain", "<domain>", "Domain the role belongs to (name or ID)")],
    positionals: [{ dest: "role", metavar: "<role>", help: "Role to display (name or ID)" }],
    run(a, ctx) {
      return chain(S.findRole(ctx.draft, str(a, "role") ?? "", str(a, "domain")), (r) => {
        const g = guard(ctx, "identity:get_role");
        return g.ok ? ok(roleFields(r)) : g;
      });
    },
  },
  {
    words: ["role", "add"], description: "Adds a role assignment to a user or group on the system, a domain, or a project", output: "none",
    options: roleGrantOptions, exclusive: grantExclusive,
    positionals: [{ dest: "role", metavar: "<role>", help: "Role to add to <user> (name or ID)" }],
    run(a, ctx) {
      const as = resolveActorScope(ctx, a, "add");
      if (!as.ok) return as;
      return chain(S.findRole(ctx.draft, str(a, "role") ?? "", str(a, "roleDomain")), (r) => {
        const g = guard(ctx, "identity:create_grant");
        if (!g.ok) return g;
        const wanted = { roleId: r.id, actor: as.value.actor, scope: as.value.scope, inherited: Boolean(a.inherited) };
        // PUT on a grant is idempotent: adding an existing assignment succeeds silently.
        if (!S.findAssignment(ctx.draft, wanted)) {
          const created = S.newAssignment(ctx.draft, wanted);
          ctx.draft.put("roleAssignments", created.id, created);
        }
        return done();
      });
    },
  },
  {
    words: ["role", "remove"], description: "Removes a role assignment from system/domain/project : user/group", output: "none",
    options: roleGrantOptions, exclusive: grantExclusive,
    positionals: [{ dest: "role", metavar: "<role>", help: "Role to remove (name or ID)" }],
    run(a, ctx) {
      const as = resolveActorScope(ctx, a, "remove");
      if (!as.ok) return as;
      return chain(S.findRole(ctx.draft, str(a, "role") ?? "", str(a, "roleDomain")), (r) => {
        const g = guard(ctx, "identity:revoke_grant");
        if (!g.ok) return g;
        const found = S.findAssignment(ctx.draft, { roleId: r.id, actor: as.value.actor, scope: as.value.scope, inherited: Boolean(a.inherited) });
        if (!found) {
          return err(notFound(`Could not find role assignment with role: ${r.id}, user or group: ${as.value.actor.id}, project, domain, or system: ${as.value.scope.id}.`));
        }
        ctx.draft.remove("roleAssignments", found.id);
        return done();
      });
    },
  },
  {
    words: ["role", "assignment", "list"], description: "List role assignments", output: "list",
    options: [
      opt.flag("--effective", "Returns only effective role assignments"),
      opt.value("--role", "<role>", "Role to filter (name or ID)"),
      opt.value("--role-domain", "<role-domain>", "Domain the role belongs to (name or ID). This must be specified when the name of a domain specific role is used."),
      opt.flag("--names", "Display names instead of IDs"),
      opt.value("--user", "<user>", "User to filter (name or ID)"),
      opt.value("--user-domain", "<user-domain>", "Domain the user belongs to (name or ID). This can be used in case collisions between user names exist."),
      opt.value("--group", "<group>", "Group to filter (name or ID)"),
      opt.value("--group-domain", "<group-domain>", "Domain the group belongs to (name or ID). This can be used in case collisions between group names exist."),
      opt.value("--domain", "<domain>", "Domain to filter (name or ID)"),
      opt.value("--project", "<project>", "Project to filter (name or ID)"),
      opt.value("--project-domain", "<project-domain>", "Domain the project belongs to (name or ID). This can be used in case collisions between project names exist."),
      opt.value("--system", "<system>", "Filter based on system role assignments"),
      opt.flag("--inherited", "Specifies if the role grant is inheritable to the sub projects"),
      opt.flag("--auth-user", "Only list assignments for the authenticated user"),
      opt.flag("--auth-project", "Only list assignments for the project to which the authenticated user's token is scoped"),
    ],
    exclusive: [{ dests: ["user", "group"] }, { dests: ["system", "domain", "project"] }],
    run(a, ctx) {
      const d = ctx.draft;
      let userId: string | null = a.authUser ? ctx.auth.userId : null;
      let groupId: string | null = null;
      let projectId: string | null = a.authProject ? ctx.auth.projectId : null;
      let domainId: string | null = null;
      let roleId: string | null = null;
      if (str(a, "user") !== null) {
        const u = S.findUser(d, str(a, "user") ?? "", str(a, "userDomain"));
        if (!u.ok) return u;
        userId = u.value.id;
      }
      if (str(a, "group") !== null) {
        const g = S.findGroup(d, str(a, "group") ?? "", str(a, "groupDomain"));
        if (!g.ok) return g;
        groupId = g.value.id;
      }
      if (str(a, "project") !== null) {
        const p = S.findProject(d, str(a, "project") ?? "", str(a, "projectDomain"));
        if (!p.ok) return p;
        projectId = p.value.id;
      }
      if (str(a, "domain") !== null) {
        const dom = S.findDomain(d, str(a, "domain") ?? "");
        if (!dom.ok) return dom;
        domainId = dom.value.id;
      }
      if (str(a, "role") !== null) {
        const r = S.findRole(d, str(a, "role") ?? "", str(a, "roleDomain"));
        if (!r.ok) return r;
        roleId = r.value.id;
      }
      const own = userId === ctx.auth.userId && (projectId === null || projectId === ctx.auth.projectId);
      if (!own) {
        const g = guard(ctx, "identity:list_role_assignments");
        if (!g.ok) return g;
      }
      type Row = { roleId: string; userId: string | null; groupId: string | null; scope: RoleAssignment["scope"]; inherited: boolean };
      let rows: Row[];
      if (a.effective) {
        rows = S.effectiveAssignments(d).map((e) => ({ roleId: e.roleId, userId: e.userId, groupId: null, scope: e.scope, inherited: e.inherited }));
        const seen = new Set<string>();
        rows = rows.filter((r) => {
          const k = `${r.roleId}|${r.userId}|${r.scope.kind}|${r.scope.id}|${r.inherited}`;
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
      } else {
        rows = d.list("roleAssignments").map((x) => ({
          roleId: x.roleId, userId: x.actor.kind === "user" ? x.actor.id : null, groupId: x.actor.kind === "group" ? x.actor.id : null, scope: x.scope, inherited: x.inherited,
        }));
      }
      rows = rows.filter((r) =>
        (userId === null || r.userId === userId) && (groupId === null || r.groupId === groupId) && (roleId === null || r.roleId === roleId) &&
        (projectId === null || (r.scope.kind === "project" && r.scope.id === projectId)) && (domainId === null || (r.scope.kind === "domain" && r.scope.id === domainId)) &&
        (str(a, "system") === null || r.scope.kind === "system") && (!a.inherited || r.inherited));
      const domName = (id: string): string => d.get("domains", id)?.name ?? id;
      const named = (kind: "user" | "group" | "project", id: string | null): string => {
        if (id === null) return "";
        if (!a.names) return id;
        const rec = kind === "user" ? d.get("users", id) : kind === "group" ? d.get("groups", id) : d.get("projects", id);
        return rec ? `${rec.name}@${domName(rec.domainId)}` : id;
      };
      const roleName = (id: string): string => {
        if (!a.names) return id;
        const r = d.get("roles", id);
        return r ? (r.domainId ? `${r.name}@${domName(r.domainId)}` : r.name) : id;
      };
      return ok({
        kind: "list", columns: ["Role", "User", "Group", "Project", "Domain", "System", "Inherited"],
        rows: rows.map((r): Value[] => [
          roleName(r.roleId), named("user", r.userId), named("group", r.groupId),
          r.scope.kind === "project" ? named("project", r.scope.id) : "",
          r.scope.kind === "domain" ? (a.names ? domName(r.scope.id) : r.scope.id) : "",
          r.scope.kind === "system" ? r.scope.id : "", r.inherited,
        ]),
      });
    },
  },
];

// ------------------------------------------------------------------ service, endpoint, region, catalog

const serviceFields = (s: { id: string; name: string; type: string; description: string; enabled: boolean }): CommandOutput =>
  sortedShow({ description: s.description, enabled: s.enabled, id: s.id, name: s.name, type: s.type });

const catalogCommands: CommandSpec[] = [
  {
    words: ["service", "create"], description: "Create new service", output: "show",
    options: [opt.value("--name", "<name>", "New service name"), opt.value("--description", "<description>", "New service description"), ...enableOpts],
    positionals: [{ dest: "type", metavar: "<type>", help: "New service type (compute, image, identity, volume, etc)" }],
    exclusive: [enableGroup],
    run(a, ctx) {
      const g = guard(ctx, "identity:create_service");
      if (!g.ok) return g;
      const s = { id: newHexId(ctx.draft), name: str(a, "name") ?? "", type: str(a, "type") ?? "", description: str(a, "description") ?? "", enabled: !a.disable };
      ctx.draft.put("catalogServices", s.id, s);
      return ok(serviceFields(s));
    },
  },
  {
    words: ["service", "delete"], description: "Delete service(s)", output: "none",
    positionals: [{ dest: "services", metavar: "<service>", nargs: "+", help: "Service(s) to delete (type, name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "services"), { singular: "consumer", plural: "services", by: "type, name or ID" }, ctx.requestId, sdkDelete(ctx, "services", null, null, (n) => {
        const s = S.findService(ctx.draft, n);
        if (!s.ok) return s;
        const g = guard(ctx, "identity:delete_service");
        if (!g.ok) return g;
        for (const e of ctx.draft.list("endpoints")) if (e.serviceId === s.value.id) ctx.draft.remove("endpoints", e.id);
        ctx.draft.remove("catalogServices", s.value.id);
        return ok(undefined);
      })));
    },
  },
  {
    words: ["service", "list"], description: "List services", output: "list",
    options: [opt.flag("--long", "List additional fields in output")],
    run(a, ctx) {
      const g = guard(ctx, "identity:list_services");
      if (!g.ok) return g;
      const all = ctx.draft.list("catalogServices");
      if (a.long) return ok({ kind: "list", columns: ["ID", "Name", "Type", "Description", "Enabled"], rows: all.map((s) => [s.id, s.name, s.type, s.description, s.enabled]) });
      return ok({ kind: "list", columns: ["ID", "Name", "Type"], rows: all.map((s) => [s.id, s.name, s.type]) });
    },
  },
  {
    words: ["service", "set"], description: "Set service properties", output: "none",
    options: [opt.value("--type", "<type>", "New service type (compute, image, identity, volume, etc)"), opt.value("--name", "<service-name>", "New service name"), opt.value("--description", "<description>", "New service description"), ...enableOpts],
    positionals: [{ dest: "service", metavar: "<service>", help: "Service to modify (type, name or ID)" }],
    exclusive: [enableGroup],
    run(a, ctx) {
      return chain(S.findService(ctx.draft, str(a, "service") ?? ""), (s) => {
        const g = guard(ctx, "identity:update_service");
        if (!g.ok) return g;
        ctx.draft.update("catalogServices", s.id, {
          ...(str(a, "type") !== null ? { type: str(a, "type") ?? "" } : {}),
          ...(str(a, "name") !== null ? { name: str(a, "name") ?? "" } : {}),
          ...(str(a, "description") !== null ? { description: str(a, "description") ?? "" } : {}),
          ...(a.enable ? { enabled: true } : a.disable ? { enabled: false } : {}),
        });
        return done();
      });
    },
  },
  {
    words: ["service", "show"], description: "Display service details", output: "show",
    positionals: [{ dest: "service", metavar: "<service>", help: "Service to display (type, name or ID)" }],
    run(a, ctx) {
      return chain(S.findService(ctx.draft, str(a, "service") ?? ""), (s) => {
        const g = guard(ctx, "identity:get_service");
        return g.ok ? ok(serviceFields(s)) : g;
      });
    },
  },
  {
    words: ["endpoint", "create"], description: "Create new endpoint", output: "show",
    options: [opt.value("--region", "<region-id>", "New endpoint region ID"), ...enableOpts],
    positionals: [
      { dest: "service", metavar: "<service>", help: "Service to be associated with new endpoint (name or ID)" },
      { dest: "interface", metavar: "<interface>", help: "New endpoint interface type (admin, public or internal)" },
      { dest: "url", metavar: "<url>", help: "New endpoint URL" },
    ],
    exclusive: [enableGroup],
    run(a, ctx) {
      return chain(S.findService(ctx.draft, str(a, "service") ?? ""), (s) => {
        const g = guard(ctx, "identity:create_endpoint");
        if (!g.ok) return g;
        const iface = str(a, "interface") ?? "";
        if (iface !== "public" && iface !== "internal" && iface !== "admin") {
          return err(badRequest(`Invalid input for field 'interface': '${iface}' does not match '^(?:admin|internal|public)$'`));
        }
        const region = str(a, "region");
        if (region !== null && !ctx.draft.get("regions", region)) return err(badRequest(`Invalid region '${region}'.`));
        const e: Endpoint = { id: newHexId(ctx.draft), serviceId: s.id, interface: iface, url: str(a, "url") ?? "", regionId: region, enabled: !a.disable };
        ctx.draft.put("endpoints", e.id, e);
        return ok(endpointFields(ctx, e));
      });
    },
  },
  {
    words: ["endpoint", "delete"], description: "Delete endpoint(s)", output: "none",
    positionals: [{ dest: "endpoints", metavar: "<endpoint-id>", nargs: "+", help: "Endpoint(s) to delete (ID only)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "endpoints"), { singular: "endpoint", plural: "endpoints", by: "ID" }, ctx.requestId, sdkDelete(ctx, "endpoints", null, null, (n) => {
        const e = S.findEndpoint(ctx.draft, n);
        if (!e.ok) return e;
        const g = guard(ctx, "identity:delete_endpoint");
        if (!g.ok) return g;
        ctx.draft.remove("endpoints", e.value.id);
        return ok(undefined);
      })));
    },
  },
  {
    words: ["endpoint", "list"], description: "List endpoints", output: "list",
    options: [
      opt.value("--service", "<service>", "Filter by service (type, name or ID)"),
      opt.value("--interface", "<interface>", "Filter by interface type (admin, public or internal)"),
      opt.value("--region", "<region-id>", "Filter by region ID"),
    ],
    run(a, ctx) {
      const g = guard(ctx, "identity:list_endpoints");
      if (!g.ok) return g;
      let eps = ctx.draft.list("endpoints");
      if (str(a, "service") !== null) {
        const s = S.findService(ctx.draft, str(a, "service") ?? "");
        if (!s.ok) return s;
        eps = eps.filter((e) => e.serviceId === s.value.id);
      }
      if (str(a, "interface") !== null) eps = eps.filter((e) => e.interface === str(a, "interface"));
      if (str(a, "region") !== null) eps = eps.filter((e) => e.regionId === str(a, "region"));
      return ok({
        kind: "list", columns: ["ID", "Region", "Service Name", "Service Type", "Enabled", "Interface", "URL"],
        rows: eps.map((e) => {
          const s = ctx.draft.get("catalogServices", e.serviceId);
          return [e.id, e.regionId, s?.name ?? "", s?.type ?? "", e.enabled, e.interface, e.url];
        }),
      });
    },
  },
  {
    words: ["endpoint", "set"], description: "Set endpoint properties", output: "none",
    options: [
      opt.value("--region", "<region-id>", "New endpoint region ID"),
      opt.value("--interface", "<interface>", "New endpoint interface type (admin, public or internal)"),
      opt.value("--url", "<url>", "New endpoint URL"),
      opt.value("--service", "<service>", "New endpoint service (name or ID)"),
      ...enableOpts,
    ],
    positionals: [{ dest: "endpoint", metavar: "<endpoint-id>", help: "Endpoint to modify (ID only)" }],
    exclusive: [enableGroup],
    run(a, ctx) {
      return chain(S.findEndpoint(ctx.draft, str(a, "endpoint") ?? ""), (e) => {
        let serviceId = e.serviceId;
        if (str(a, "service") !== null) {
          const s = S.findService(ctx.draft, str(a, "service") ?? "");
          if (!s.ok) return s;
          serviceId = s.value.id;
        }
        const g = guard(ctx, "identity:update_endpoint");
        if (!g.ok) return g;
        const iface = str(a, "interface");
        if (iface !== null && iface !== "public" && iface !== "internal" && iface !== "admin") {
          return err(badRequest(`Invalid input for field 'interface': '${iface}' does not match '^(?:admin|internal|public)$'`));
        }
        ctx.draft.update("endpoints", e.id, {
          serviceId,
          ...(str(a, "region") !== null ? { regionId: str(a, "region") } : {}),
          ...(iface !== null ? { interface: iface as Endpoint["interface"] } : {}),
          ...(str(a, "url") !== null ? { url: str(a, "url") ?? "" } : {}),
          ...(a.enable ? { enabled: true } : a.disable ? { enabled: false } : {}),
        });
        return done();
      });
    },
  },
  {
    words: ["endpoint", "show"], description: "Display endpoint details", output: "show",
    positionals: [{ dest: "endpoint", metavar: "<endpoint>", help: "Endpoint to display (endpoint ID, service ID, service name, service type)" }],
    run(a, ctx) {
      const key = str(a, "endpoint") ?? "";
      let e = ctx.draft.get("endpoints", key);
      if (!e) {
        const s = S.findService(ctx.draft, key);
        if (s.ok) e = ctx.draft.list("endpoints").find((x) => x.serviceId === s.value.id);
      }
      if (!e) return err({ code: "cloud/NotFound", message: `No endpoint with a name or ID of '${key}' exists.` });
      const g = guard(ctx, "identity:get_endpoint");
      return g.ok ? ok(endpointFields(ctx, e)) : g;
    },
  },
  {
    words: ["region", "create"], description: "Create new region", output: "show",
    options: [opt.value("--parent-region", "<region-id>", "Parent region ID"), opt.value("--description", "<description>", "New region description")],
    positionals: [{ dest: "region", metavar: "<region-id>", help: "New region ID" }],
    run(a, ctx) {
      const g = guard(ctx, "identity:create_region");
      if (!g.ok) return g;
      const id = str(a, "region") ?? "";
      if (ctx.draft.get("regions", id)) return err(conflict(`Conflict occurred attempting to store region - Duplicate ID, ${id}.`));
      const parent = str(a, "parentRegion");
      if (parent !== null && !ctx.draft.get("regions", parent)) return err(S.regionNotFound(parent));
      const r = { id, description: str(a, "description") ?? "", parentRegionId: parent };
      ctx.draft.put("regions", id, r);
      return ok(sortedShow({ description: r.description, parent_region: r.parentRegionId, region: r.id }));
    },
  },
  {
    words: ["region", "delete"], description: "Delete region(s)", output: "none",
    positionals: [{ dest: "regions", metavar: "<region-id>", nargs: "+", help: "Region ID(s) to delete" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "regions"), { singular: "region", plural: "regions", by: "ID" }, ctx.requestId, sdkDelete(ctx, "regions", null, null, (n) => {
        const g = guard(ctx, "identity:delete_region");
        if (!g.ok) return g;
        // region.py calls the SDK's delete_region(), whose ignore_missing=True default makes a missing region a no-op.
        if (!ctx.draft.get("regions", n)) return ok(undefined);
        if (ctx.draft.list("regions").some((r) => r.parentRegionId === n)) return err(forbidden(`Unable to delete region ${n} because it or its child regions have associated endpoints.`));
        ctx.draft.remove("regions", n);
        for (const e of ctx.draft.list("endpoints")) if (e.regionId === n) ctx.draft.update("endpoints", e.id, { regionId: null });
        return ok(undefined);
      })));
    },
  },
  {
    words: ["region", "list"], description: "List regions", output: "list",
    options: [opt.value("--parent-region", "<region-id>", "Filter by parent region ID")],
    run(a, ctx) {
      const regions = ctx.draft.list("regions").filter((r) => str(a, "parentRegion") === null || r.parentRegionId === str(a, "parentRegion"));
      return ok({ kind: "list", columns: ["Region", "Parent Region", "Description"], rows: regions.map((r) => [r.id, r.parentRegionId, r.description]) });
    },
  },
  {
    words: ["region", "set"], description: "Set region properties", output: "none",
    options: [opt.value("--parent-region", "<region-id>", "New parent region ID"), opt.value("--description", "<description>", "New region description")],
    positionals: [{ dest: "region", metavar: "<region-id>", help: "Region to modify" }],
    run(a, ctx) {
      const id = str(a, "region") ?? "";
      const g = guard(ctx, "identity:update_region");
      if (!g.ok) return g;
      if (!ctx.draft.get("regions", id)) return err(S.regionNotFound(id));
      const parent = str(a, "parentRegion");
      if (parent !== null && !ctx.draft.get("regions", parent)) return err(S.regionNotFound(parent));
      ctx.draft.update("regions", id, { ...(parent !== null ? { parentRegionId: parent } : {}), ...(str(a, "description") !== null ? { description: str(a, "description") ?? "" } : {}) });
      return done();
    },
  },
  {
    words: ["region", "show"], description: "Display region details", output: "show",
    positionals: [{ dest: "region", metavar: "<region-id>", help: "Region to display" }],
    run(a, ctx) {
      // region.py calls the SDK's get_region(): a missing id is keystone's 404, not a client-side lookup failure.
      const ref = str(a, "region") ?? "";
      const found = S.findRegion(ctx.draft, ref);
      return chain(found.ok ? found : err(S.regionNotFound(ref)), (r) => ok(sortedShow({ description: r.description, parent_region: r.parentRegionId, region: r.id })));
    },
  },
  {
    words: ["catalog", "list"], description: "List services in the service catalog", output: "list",
    run(_a, ctx) {
      const rows = ctx.draft.list("catalogServices").filter((s) => s.enabled).map((s): Value[] => [s.name, s.type, formatted(catalogEndpoints(ctx, s.id), catalogEndpointsMachine(ctx, s.id))]);
      return ok({ kind: "list", columns: ["Name", "Type", "Endpoints"], rows });
    },
  },
  {
    words: ["catalog", "show"], description: "Display service catalog details", output: "show",
    positionals: [{ dest: "service", metavar: "<service>", help: "Service to display (type or name)" }],
    run(a, ctx) {
      const key = str(a, "service") ?? "";
      const s = ctx.draft.list("catalogServices").find((x) => x.enabled && (x.type === key || x.name === key));
      if (!s) return err(commandError(`service ${key} not found\n`.trimEnd()));
      return ok(sortedShow({ endpoints: formatted(catalogEndpoints(ctx, s.id), catalogEndpointsMachine(ctx, s.id)), id: s.id, name: s.name, type: s.type }));
    },
  },
];

/** python-openstackclient catalog `_format_endpoints`: region line, then `  interface: url`, each ending in a newline. */
/**
 * The catalog comes from the token, where keystone has substituted `$(project_id)s` / `$(tenant_id)s` with the
 * scoped project (keystone's `format_url`); `endpoint list` shows the stored templates instead.
 */
const tokenUrl = (ctx: CommandContext, url: string): string => url.replace(/\$\((?:project_id|tenant_id)\)s/g, ctx.auth.projectId);
function catalogEndpoints(ctx: CommandContext, serviceId: string): string {
  return ctx.draft.list("endpoints").filter((e) => e.serviceId === serviceId && e.enabled).map((e) => `${e.regionId ?? "<none>"}\n  ${e.interface}: ${tokenUrl(ctx, e.url)}\n`).join("");
}
function catalogEndpointsMachine(ctx: CommandContext, serviceId: string): unknown {
  return ctx.draft.list("endpoints").filter((e) => e.serviceId === serviceId && e.enabled).map((e) => ({ id: e.id, interface: e.interface, region_id: e.regionId, url: tokenUrl(ctx, e.url), region: e.regionId }));
}

// ------------------------------------------------------------------ token and application credential

function appCredFields(ctx: CommandContext, c: ApplicationCredential, withSecret: boolean): CommandOutput {
  const fields: Record<string, Value> = {
    access_rules: raw(c.accessRules), description: c.description, expires_at: c.expiresAt === null ? null : isoMicros(c.expiresAt).replace(/Z$/, ""),
    id: c.id, name: c.name, project_id: c.projectId, roles: c.roleIds.map((r) => ctx.draft.get("roles", r)?.name ?? r).join(" "),
    system: null, unrestricted: c.unrestricted, user_id: c.userId,
  };
  if (withSecret) fields.secret = c.secret;
  return sortedShow(fields);
}

function findAppCred(ctx: CommandContext, nameOrId: string): Result<ApplicationCredential, CloudError> {
  const mine = ctx.draft.list("applicationCredentials").filter((c) => c.userId === ctx.auth.userId);
  const byId = mine.find((c) => c.id === nameOrId);
  if (byId) return ok(byId);
  const byName = mine.filter((c) => c.name === nameOrId);
  if (byName.length === 1 && byName[0]) return ok(byName[0]);
  return err({ code: "cloud/NotFound", message: `No application credential with a name or ID of '${nameOrId}' exists.` });
}

const tokenCommands: CommandSpec[] = [
  {
    words: ["token", "issue"], description: "Issue new token", output: "show",
    run(_a, ctx) {
      return ok({ kind: "show", fields: [["expires", isoMicros(ctx.auth.expiresAt).replace(/\.\d+Z$/, "+0000").replace("T", "T")], ["id", ctx.auth.tokenId], ["project_id", ctx.auth.projectId], ["user_id", ctx.auth.userId]] });
    },
  },
  {
    words: ["token", "revoke"], description: "Revoke existing token", output: "none",
    positionals: [{ dest: "token", metavar: "<token>", help: "Token to be deleted" }],
    run(a) {
      if (!String(a.token).startsWith("gAAAAA")) return err(notFound("Failed to validate token"));
      return done();
    },
  },
  {
    words: ["application", "credential", "create"], description: "Create new application credential", output: "show",
    options: [
      opt.value("--secret", "<secret>", "Secret to use for authentication (if not provided, one will be generated)"),
      opt.repeat("--role", "<role>", "Roles to authorize (name or ID) (repeat option to set multiple values)", { dest: "roles" }),
      opt.value("--expiration", "<expiration>", "Sets an expiration date for the application credential, format of YYYY-mm-ddTHH:MM:SS (if not provided, the application credential will not expire)"),
      opt.value("--description", "<description>", "Application credential description"),
      opt.flag("--unrestricted", "Enable application credential to create and delete other application credentials and trusts (this is potentially dangerous behavior and is disabled by default)"),
      opt.flag("--restricted", "Prohibit application credential from creating and deleting other application credentials and trusts (this is the default behavior)"),
      opt.value("--access-rules", "<access-rules>", "Either a string or file path containing a JSON-formatted list of access rules, each containing a request method, path, and service, for example '[{\"method\": \"GET\", \"path\": \"/v2.1/servers\", \"service\": \"compute\"}]'"),
    ],
    positionals: [{ dest: "name", metavar: "<name>", help: "Name of the application credential" }],
    exclusive: [{ dests: ["unrestricted", "restricted"] }],
    run(a, ctx) {
      const g = guard(ctx, "identity:create_application_credential", { userId: ctx.auth.userId });
      if (!g.ok) return g;
      const name = str(a, "name") ?? "";
      if (ctx.draft.list("applicationCredentials").some((c) => c.userId === ctx.auth.userId && c.name === name)) {
        return err(conflict(`Conflict occurred attempting to store application_credential - Duplicate entry found with name ${name}.`));
      }
      const roleIds: string[] = [];
      for (const r of list(a, "roles")) {
        const role = S.findRole(ctx.draft, r);
        if (!role.ok) return role;
        if (!ctx.auth.roles.includes(role.value.name)) return err(badRequest(`Invalid application credential: Could not find role assignment with role: ${role.value.id}, user or group: ${ctx.auth.userId}, project, domain, or system: ${ctx.auth.projectId}.`));
        roleIds.push(role.value.id);
      }
      if (roleIds.length === 0) for (const n of ctx.auth.roles) {
        const role = ctx.draft.list("roles").find((x) => x.name === n && x.domainId === null);
        if (role) roleIds.push(role.id);
      }
      let expiresAt: number | null = null;
      const exp = str(a, "expiration");
      if (exp !== null) {
        const t = Date.parse(`${exp}Z`);
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(exp) || Number.isNaN(t)) return err(commandError(`time data '${exp}' does not match format '%Y-%m-%dT%H:%M:%S'`));
        expiresAt = t;
      }
      let accessRules: unknown[] = [];
      const rulesArg = str(a, "accessRules");
      if (rulesArg !== null) {
        const text = ctx.files.read(rulesArg) ?? rulesArg;
        try {
          const parsed: unknown = JSON.parse(text);
          if (!Array.isArray(parsed)) throw new Error("not a list");
          accessRules = parsed;
        } catch {
          return err(commandError("Access rules is not valid JSON string."));
        }
      }
      const c: ApplicationCredential = {
        id: newHexId(ctx.draft), name, userId: ctx.auth.userId, projectId: ctx.auth.projectId, description: str(a, "description"),
        secret: str(a, "secret") ?? newSecret(ctx.draft, 86), expiresAt, unrestricted: Boolean(a.unrestricted), roleIds, accessRules,
      };
      ctx.draft.put("applicationCredentials", c.id, c);
      return ok(appCredFields(ctx, c, true));
    },
  },
  {
    words: ["application", "credential", "delete"], description: "Delete application credentials(s)", output: "none",
    positionals: [{ dest: "creds", metavar: "<application-credential>", nargs: "+", help: "Application credentials(s) to delete (name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "creds"), { singular: "application credential", plural: "application credentials" }, ctx.requestId, (n) => {
        const c = findAppCred(ctx, n);
        if (!c.ok) return c;
        ctx.draft.remove("applicationCredentials", c.value.id);
        return ok(undefined);
      }));
    },
  },
  {
    words: ["application", "credential", "list"], description: "List application credentials", output: "list",
    options: [opt.value("--user", "<user-id>", "User whose application credentials to list (name or ID)"), opt.value("--user-domain", "<user-domain>", "Domain the user belongs to (name or ID). This can be used in case collisions between user names exist.")],
    run(a, ctx) {
      let userId = ctx.auth.userId;
      if (str(a, "user") !== null) {
        const u = S.findUser(ctx.draft, str(a, "user") ?? "", str(a, "userDomain"));
        if (!u.ok) return u;
        userId = u.value.id;
      }
      const g = guard(ctx, "identity:list_application_credentials", { userId });
      if (!g.ok) return g;
      const rows = ctx.draft.list("applicationCredentials").filter((c) => c.userId === userId).map((c): Value[] => [c.id, c.name, c.projectId, c.description, c.expiresAt === null ? null : isoMicros(c.expiresAt).replace(/Z$/, "")]);
      return ok({ kind: "list", columns: ["ID", "Name", "Project ID", "Description", "Expires At"], rows });
    },
  },
  {
    words: ["application", "credential", "show"], description: "Display application credential details", output: "show",
    positionals: [{ dest: "cred", metavar: "<application-credential>", help: "Application credential to display (name or ID)" }],
    run(a, ctx) {
      return chain(findAppCred(ctx, str(a, "cred") ?? ""), (c) => ok(appCredFields(ctx, c, false)));
    },
  },
];

// ------------------------------------------------------------------ openstacksdk wording (sdk.ts)

const find = (): LookupStyle => "find";
const sdkId = (): LookupStyle => "sdkId";
const keep = (): null => null;
const firstRef = (a: ParsedArgs, key: string): string | null => str(a, key) ?? list(a, key)[0] ?? null;
const at = (collection: string, verb: string, key?: string, domainKey?: string) => (a: ParsedArgs, ctx: CommandContext): string =>
  resourcePath(ctx.draft, collection, verb, key ? firstRef(a, key) : null, domainKey ? str(a, domainKey) : null);
const grant = (a: ParsedArgs, ctx: CommandContext): string => {
  const r = S.findRole(ctx.draft, str(a, "role") ?? "", str(a, "roleDomain"));
  return grantPath(ctx, a, r.ok ? r.value.id : (str(a, "role") ?? ""));
};
const appCreds = (a: ParsedArgs, ctx: CommandContext): string => `/v3/users/${ctx.auth.userId}/application_credentials`;

/**
 * Every identity command whose python-openstackclient module calls openstacksdk today, with the URL its API
 * errors carry and how its lookups fail (checked against openstackclient/identity/v3/*.py and
 * identity/common.py). Not listed, so still keystoneclient- or auth-based: catalog, token.
 */
const SDK_BINDINGS: Record<string, SdkBinding> = {
  "domain create": { path: at("domains", "create"), lookup: find },
  "domain delete": { path: at("domains", "list"), lookup: find },
  "domain list": { path: at("domains", "list"), lookup: find },
  "domain set": { path: at("domains", "set", "domain"), lookup: () => "noneType" },
  "domain show": { path: at("domains", "show", "domain"), lookup: find },
  "project create": { path: at("projects", "create"), lookup: sdkId },
  "project delete": { path: at("projects", "list"), lookup: sdkId },
  "project list": { path: at("projects", "list"), lookup: sdkId },
  "project set": { path: at("projects", "set", "project", "domain"), lookup: sdkId },
  "project show": { path: at("projects", "show", "project", "domain"), lookup: (r) => (r === "project" ? "find" : "sdkId") },
  "user create": { path: at("users", "create"), lookup: find },
  "user delete": { path: at("users", "list"), lookup: find },
  "user list": { path: at("users", "list"), lookup: (r) => (r === "domain" ? "noneType" : "find") },
  "user set": { path: at("users", "set", "user", "domain"), lookup: find },
  "user show": { path: at("users", "show", "user", "domain"), lookup: find },
  "group create": { path: at("groups", "create"), lookup: sdkId },
  "group delete": { path: at("groups", "list"), lookup: sdkId },
  "group list": { path: at("groups", "list"), lookup: sdkId },
  "group set": { path: at("groups", "set", "group", "domain"), lookup: sdkId },
  "group show": { path: at("groups", "show", "group", "domain"), lookup: (r) => (r === "group" ? "find" : "sdkId") },
  "group add user": { path: at("groups", "set", "group", "groupDomain"), lookup: sdkId },
  "group remove user": { path: at("groups", "set", "group", "groupDomain"), lookup: sdkId },
  "group contains user": { path: at("groups", "set", "group", "groupDomain"), lookup: sdkId },
  "role create": { path: at("roles", "create"), lookup: sdkId },
  "role delete": { path: at("roles", "list"), lookup: sdkId },
  "role list": { path: at("roles", "list"), lookup: () => "noneType" },
  "role set": { path: at("roles", "set", "role", "domain"), lookup: sdkId },
  "role show": { path: at("roles", "show", "role", "domain"), lookup: (r) => (r === "role" ? "find" : "sdkId") },
  "role add": { path: grant, lookup: sdkId },
  "role remove": { path: grant, lookup: sdkId },
  "role assignment list": { path: () => "/v3/role_assignments", lookup: sdkId },
  "region create": { path: at("regions", "create"), lookup: keep },
  "region delete": { path: at("regions", "list"), lookup: keep },
  "region list": { path: at("regions", "list"), lookup: keep },
  "region set": { path: at("regions", "set", "region"), lookup: keep },
  "region show": { path: at("regions", "show", "region"), lookup: keep },
  "service create": { path: at("services", "create"), lookup: keep },
  "service delete": { path: at("services", "list"), lookup: keep },
  "service list": { path: at("services", "list"), lookup: keep },
  "service set": { path: at("services", "set", "service"), lookup: keep },
  "service show": { path: at("services", "show", "service"), lookup: keep },
  "endpoint create": { path: at("endpoints", "create"), lookup: keep },
  "endpoint delete": { path: at("endpoints", "list"), lookup: keep },
  "endpoint list": { path: at("endpoints", "list"), lookup: keep },
  "endpoint set": { path: at("endpoints", "set", "endpoint"), lookup: keep },
  "endpoint show": { path: at("endpoints", "show", "endpoint"), lookup: keep },
  "application credential create": { path: appCreds, lookup: keep },
  "application credential delete": { path: appCreds, lookup: keep },
  "application credential list": { path: appCreds, lookup: keep },
  "application credential show": { path: appCreds, lookup: keep },
};

export const identityCommands: CommandSpec[] = [
  ...domainCommands, ...projectCommands, ...userCommands, ...groupCommands, ...roleCommands, ...catalogCommands, ...tokenCommands,
].map((spec) => {
  const binding = SDK_BINDINGS[spec.words.join(" ")];
  return binding ? withKeystoneSdk(spec, binding) : spec;
});

/** Exposed for services that need a project's id from a `--project` option (quota, flavor access, rbac, …). */
export { findProject, findUser, findDomain } from "./service";
export const newProjectScopedId = newUuid;
