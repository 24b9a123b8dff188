import { z } from "zod";
import type { CloudState } from "../../state";

// Strict record schemas for Swift's collections and Heat's, plus their referential checks; lib/cloud/schema.ts
// plugs them into the CloudState schema the fuzz test runs after every line.

const id = z.string().min(1);
const props = z.record(z.string(), z.string());
const keyed = <T extends z.ZodType<{ id: string }>>(schema: T) =>
  z.record(z.string(), schema).refine((m) => Object.entries(m).every(([k, v]) => k === v.id), "record key differs from its id");

const container = z.object({
  id, projectId: id, name: z.string().min(1), metadata: props, readAcl: z.string().nullable(), writeAcl: z.string().nullable(),
  storagePolicy: z.string(), createdAt: z.number(),
}).strict().refine((c) => c.id === `${c.projectId}/${c.name}`, "container id is not <project>/<name>");
const object = z.object({
  id, projectId: id, container: z.string().min(1), name: z.string().min(1), content: z.string(), contentType: z.string(),
  etag: z.string().regex(/^[0-9a-f]{32}$/), metadata: props, deleteAt: z.number().nullable(), lastModified: z.number(),
}).strict().refine((o) => o.id === `${o.projectId}/${o.container}/${o.name}`, "object id is not <project>/<container>/<name>");
const account = z.object({ projectId: id, metadata: props }).strict();
const stack = z.object({
  id, name: z.string().min(1), projectId: id, userId: id, status: z.string().regex(/^[A-Z]+_(IN_PROGRESS|COMPLETE|FAILED)$/),
  statusReason: z.string(), description: z.string(), template: z.string(), parameters: props, environment: z.string().nullable(),
  outputs: z.array(z.object({ key: z.string(), description: z.string(), value: z.unknown() }).strict()), timeoutMins: z.number().nullable(),
  disableRollback: z.boolean(), tags: z.array(z.string()), parentId: z.string().nullable(), createdAt: z.number(),
  updatedAt: z.number().nullable(), deletedAt: z.number().nullable(),
}).strict();
const stackResource = z.object({
  // Heat refuses only a "/" in a resource name (Resource.__init__); an empty YAML key is a legal, if odd, name.
  id, stackId: id, logicalId: z.string().refine((name) => !name.includes("/"), "a resource name holds no '/'"), physicalId: z.string().nullable(), type: z.string(), status: z.string(),
  statusReason: z.string(), requiredBy: z.array(z.string()), attributes: z.record(z.string(), z.unknown()), updatedAt: z.number(),
}).strict();
const stackEvent = z.object({
  id, stackId: id, resourceName: z.string(), physicalId: z.string().nullable(), status: z.string(), statusReason: z.string(), time: z.number(),
}).strict();

export const objectAndHeatSchemas = {
  containers: keyed(container), objects: keyed(object),
  accounts: z.record(z.string(), account).refine((m) => Object.entries(m).every(([k, v]) => k === v.projectId), "account key differs from its project"),
  stacks: keyed(stack), stackResources: keyed(stackResource), stackEvents: keyed(stackEvent),
};

export function objectAndHeatIssues(st: CloudState): string[] {
  const issues: string[] = [];
  for (const o of Object.values(st.objects)) if (!st.containers[`${o.projectId}/${o.container}`]) issues.push(`object ${o.id} in missing container`);
  for (const r of Object.values(st.stackResources)) if (!st.stacks[r.stackId]) issues.push(`stack resource ${r.id} of missing stack`);
  for (const e of Object.values(st.stackEvents)) if (!st.stacks[e.stackId]) issues.push(`stack event ${e.id} of missing stack`);
  // No project checks: keystone does not cascade into Swift or Heat, so a deleted project leaves them orphaned.
  return issues;
}
