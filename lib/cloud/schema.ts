import { z } from "zod";
import { COLLECTION_NAMES, type CloudState } from "./state";
import { objectAndHeatIssues, objectAndHeatSchemas } from "./services/object/schema";
import { storageCollectionSchemas, storageIssues } from "./services/volume/schema";

// The zod schema of a CloudState: a loaded `--state FILE` is checked with it, and the fuzz test runs it after
// every line. Identity records are described field by field; the other services' collections are checked for
// shape (plain objects keyed consistently) until their owners add full record schemas here.

const id = z.string().min(1);
const props = z.record(z.string(), z.string());

const domain = z.object({ id, name: z.string(), description: z.string(), enabled: z.boolean(), tags: z.array(z.string()) }).strict();
const project = z.object({ id, name: z.string(), domainId: id, description: z.string(), enabled: z.boolean(), parentId: id, tags: z.array(z.string()), options: props }).strict();
const user = z.object({
  id, name: z.string(), domainId: id, enabled: z.boolean(), password: z.string().nullable(), email: z.string().nullable(),
  description: z.string().nullable(), defaultProjectId: z.string().nullable(),
}).strict();
const group = z.object({ id, name: z.string(), domainId: id, description: z.string(), memberIds: z.array(id) }).strict();
const role = z.object({ id, name: z.string(), domainId: z.string().nullable(), description: z.string().nullable(), impliedRoleIds: z.array(id) }).strict();
const assignment = z.object({
  id, roleId: id, actor: z.object({ kind: z.enum(["user", "group"]), id }).strict(),
  scope: z.object({ kind: z.enum(["project", "domain", "system"]), id }).strict(), inherited: z.boolean(),
}).strict();
const region = z.object({ id, description: z.string(), parentRegionId: z.string().nullable() }).strict();
const catalogService = z.object({ id, name: z.string(), type: z.string(), description: z.string(), enabled: z.boolean() }).strict();
const endpoint = z.object({ id, serviceId: id, interface: z.enum(["public", "internal", "admin"]), url: z.string(), regionId: z.string().nullable(), enabled: z.boolean() }).strict();
const appCred = z.object({
  id, name: z.string(), userId: id, projectId: id, description: z.string().nullable(), secret: z.string(), expiresAt: z.number().nullable(),
  unrestricted: z.boolean(), roleIds: z.array(id), accessRules: z.array(z.unknown()),
}).strict();
const quotaSet = z.record(z.string(), z.number().int());
const anyRecord = z.record(z.string(), z.looseObject({}));

const keyed = <T extends z.ZodType<{ id: string }>>(schema: T) =>
  z.record(z.string(), schema).refine((m) => Object.entries(m).every(([k, v]) => k === v.id), "record key differs from its id");

const collectionSchemas: Record<string, z.ZodType> = Object.fromEntries(COLLECTION_NAMES.map((n) => [n, anyRecord]));
Object.assign(collectionSchemas, {
  domains: keyed(domain), projects: keyed(project), users: keyed(user), groups: keyed(group), roles: keyed(role),
  roleAssignments: keyed(assignment), regions: keyed(region), catalogServices: keyed(catalogService), endpoints: keyed(endpoint),
  applicationCredentials: keyed(appCred), quotas: z.record(z.string(), quotaSet), quotaDefaults: z.record(z.string(), quotaSet),
});
Object.assign(collectionSchemas, objectAndHeatSchemas);
Object.assign(collectionSchemas, storageCollectionSchemas);

export const cloudStateSchema = z
  .object({
    version: z.literal(1),
    meta: z.object({ seed: z.number().int(), rng: z.number().int().min(0).max(0xffffffff), now: z.number().int(), serial: z.number().int().min(0), region: z.string() }).strict(),
    ...collectionSchemas,
  })
  .strict()
  .superRefine((s, ctx) => {
    // Referential integrity of identity: what keystone's foreign keys guarantee.
    const st = s as unknown as CloudState;
    for (const p of Object.values(st.projects)) {
      if (!st.domains[p.domainId]) ctx.addIssue({ code: "custom", message: `project ${p.id} in missing domain ${p.domainId}` });
      if (p.parentId !== p.domainId && !st.projects[p.parentId]) ctx.addIssue({ code: "custom", message: `project ${p.id} has missing parent ${p.parentId}` });
    }
    for (const u of Object.values(st.users)) if (!st.domains[u.domainId]) ctx.addIssue({ code: "custom", message: `user ${u.id} in missing domain` });
    for (const a of Object.values(st.roleAssignments)) {
      if (!st.roles[a.roleId]) ctx.addIssue({ code: "custom", message: `assignment ${a.id} has missing role` });
      const actorOk = a.actor.kind === "user" ? st.users[a.actor.id] : st.groups[a.actor.id];
      if (!actorOk) ctx.addIssue({ code: "custom", message: `assignment ${a.id} has missing ${a.actor.kind}` });
      const scopeOk = a.scope.kind === "project" ? st.projects[a.scope.id] : a.scope.kind === "domain" ? st.domains[a.scope.id] : true;
      if (!scopeOk) ctx.addIssue({ code: "custom", message: `assignment ${a.id} has missing ${a.scope.kind}` });
    }
    for (const g of Object.values(st.groups)) for (const m of g.memberIds) if (!st.users[m]) ctx.addIssue({ code: "custom", message: `group ${g.id} lists missing user ${m}` });
    for (const e of Object.values(st.endpoints)) if (!st.catalogServices[e.serviceId]) ctx.addIssue({ code: "custom", message: `endpoint ${e.id} of missing service` });
    for (const message of objectAndHeatIssues(st)) ctx.addIssue({ code: "custom", message });
    for (const message of storageIssues(st)) ctx.addIssue({ code: "custom", message });
  });

export type StateValidation = { ok: true; state: CloudState } | { ok: false; issues: string[] };

export function validateState(input: unknown): StateValidation {
  const r = cloudStateSchema.safeParse(input);
  if (r.success) return { ok: true, state: r.data as unknown as CloudState };
  return { ok: false, issues: r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
}
