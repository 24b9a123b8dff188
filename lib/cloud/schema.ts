import { z } from "zod";
import { COLLECTION_NAMES, type CloudState } from "./state";
import { objectAndHeatIssues, objectAndHeatSchemas } from "./services/object/schema";
import { storageCollectionSchemas, storageIssues } from "./services/volume/schema";
import { computeCollectionSchemas, computeIssues } from "./services/compute/schema";
import { networkCollectionSchemas, networkIssues } from "./services/network/schema";

// The zod schema of a CloudState: a loaded `--state FILE` is checked with it, and the fuzz test runs it after
// every line. Every collection has a strict record schema (identity here, the others beside their service), and
// `referenceIssues` checks what the services' databases would refuse: dangling ids between records.

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
const identityProvider = z.object({
  id, description: z.string().nullable(), domainId: id, enabled: z.boolean(), remoteIds: z.array(z.string()), authorizationTtl: z.number().int().min(0).nullable(),
}).strict();
const federationMapping = z.object({ id, rules: z.array(z.unknown()), schemaVersion: z.string() }).strict();
const federationProtocol = z.object({ key: z.string(), id, idpId: id, mappingId: id }).strict();
const serviceProvider = z.object({
  id, description: z.string().nullable(), enabled: z.boolean(), authUrl: z.string(), spUrl: z.string(), relayStatePrefix: z.string(),
}).strict();

const keyed = <T extends z.ZodType<{ id: string }>>(schema: T) =>
  z.record(z.string(), schema).refine((m) => Object.entries(m).every(([k, v]) => k === v.id), "record key differs from its id");

const collectionSchemas: Record<string, z.ZodType> = {
  domains: keyed(domain), projects: keyed(project), users: keyed(user), groups: keyed(group), roles: keyed(role),
  roleAssignments: keyed(assignment), regions: keyed(region), catalogServices: keyed(catalogService), endpoints: keyed(endpoint),
  applicationCredentials: keyed(appCred), identityProviders: keyed(identityProvider), federationMappings: keyed(federationMapping), serviceProviders: keyed(serviceProvider),
  federationProtocols: z.record(z.string(), federationProtocol).refine((m) => Object.entries(m).every(([k, v]) => k === v.key && k === `${v.idpId}/${v.id}`), "protocol key differs from <idp>/<protocol>"),
  quotas: z.record(z.string(), quotaSet), quotaDefaults: z.record(z.string(), quotaSet),
  ...objectAndHeatSchemas, ...storageCollectionSchemas, ...computeCollectionSchemas, ...networkCollectionSchemas,
};
const missingSchemas = COLLECTION_NAMES.filter((n) => !collectionSchemas[n]);
if (missingSchemas.length > 0) throw new Error(`no schema for collections: ${missingSchemas.join(", ")}`);

const metaSchema = z.object({
  seed: z.number().int(), rng: z.number().int().min(0).max(0xffffffff), now: z.number().int(), serial: z.number().int().min(0), region: z.string(),
}).strict();

/** Referential integrity across the whole state: what keystone's, nova's, neutron's, … foreign keys guarantee. */
export function referenceIssues(st: CloudState): string[] {
  const out: string[] = [];
  for (const p of Object.values(st.projects)) {
    if (!st.domains[p.domainId]) out.push(`project ${p.id} in missing domain ${p.domainId}`);
    if (p.parentId !== p.domainId && !st.projects[p.parentId]) out.push(`project ${p.id} has missing parent ${p.parentId}`);
  }
  for (const u of Object.values(st.users)) if (!st.domains[u.domainId]) out.push(`user ${u.id} in missing domain`);
  for (const a of Object.values(st.roleAssignments)) {
    if (!st.roles[a.roleId]) out.push(`assignment ${a.id} has missing role`);
    const actorOk = a.actor.kind === "user" ? st.users[a.actor.id] : st.groups[a.actor.id];
    if (!actorOk) out.push(`assignment ${a.id} has missing ${a.actor.kind}`);
    const scopeOk = a.scope.kind === "project" ? st.projects[a.scope.id] : a.scope.kind === "domain" ? st.domains[a.scope.id] : true;
    if (!scopeOk) out.push(`assignment ${a.id} has missing ${a.scope.kind}`);
  }
  for (const g of Object.values(st.groups)) for (const m of g.memberIds) if (!st.users[m]) out.push(`group ${g.id} lists missing user ${m}`);
  for (const e of Object.values(st.endpoints)) if (!st.catalogServices[e.serviceId]) out.push(`endpoint ${e.id} of missing service`);
  // keystone's federation_protocol.idp_id cascades on delete; mapping_id has no foreign key (a protocol may outlive its mapping).
  for (const p of Object.values(st.federationProtocols)) if (!st.identityProviders[p.idpId]) out.push(`federation protocol ${p.key} of missing identity provider`);
  out.push(...objectAndHeatIssues(st), ...storageIssues(st), ...computeIssues(st), ...networkIssues(st));
  return out;
}

export const cloudStateSchema = z
  .object({ version: z.literal(1), meta: metaSchema, ...collectionSchemas })
  .strict()
  .superRefine((s, ctx) => {
    for (const message of referenceIssues(s as unknown as CloudState)) ctx.addIssue({ code: "custom", message });
  });

export type StateValidation = { ok: true; state: CloudState } | { ok: false; issues: string[] };

export function validateState(input: unknown): StateValidation {
  const r = cloudStateSchema.safeParse(input);
  if (r.success) return { ok: true, state: r.data as unknown as CloudState };
  return { ok: false, issues: r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
}

const issuesOf = (name: string, e: z.ZodError): string[] => e.issues.map((i) => `${[name, ...i.path].join(".")}: ${i.message}`);

/**
 * The same verdict as `validateState`, for a sequence of states that share structure (a session's state after
 * each command). Records are never mutated in place (a draft replaces them), so a collection map that is the
 * very object already validated needs no second look; changed collections are parsed in full, and the
 * references are checked across the whole state every time. A state is remembered only once it passed.
 */
export function createStateChecker(): (state: CloudState) => StateValidation {
  let last: CloudState | null = null;
  const expectedKeys = ["version", "meta", ...COLLECTION_NAMES].sort().join(",");
  return (state) => {
    const issues: string[] = [];
    if (state === null || typeof state !== "object") return { ok: false, issues: ["state is not an object"] };
    if (Object.keys(state).sort().join(",") !== expectedKeys) issues.push("state has missing or unknown top-level keys");
    if (state.version !== 1) issues.push("version: must be 1");
    const meta = metaSchema.safeParse(state.meta);
    if (!meta.success) issues.push(...issuesOf("meta", meta.error));
    for (const name of COLLECTION_NAMES) {
      if (last !== null && last[name] === state[name]) continue;
      const r = (collectionSchemas[name] as z.ZodType).safeParse(state[name]);
      if (!r.success) issues.push(...issuesOf(name, r.error));
    }
    if (issues.length === 0) issues.push(...referenceIssues(state).map((m) => `: ${m}`));
    if (issues.length > 0) return { ok: false, issues };
    last = state;
    return { ok: true, state };
  };
}
