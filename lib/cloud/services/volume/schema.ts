import { z } from "zod";
import type { CloudState } from "../../state";

// Strict record schemas for the image (Glance) and block storage (Cinder) collections, plus the references
// their databases enforce. lib/cloud/schema.ts merges these into the CloudState schema (the fuzz test runs it).

const id = z.string().min(1);
const props = z.record(z.string(), z.string());
const ms = z.number().int();
const keyed = <T extends z.ZodType<{ id: string }>>(schema: T) =>
  z.record(z.string(), schema).refine((m) => Object.entries(m).every(([k, v]) => k === v.id), "record key differs from its id");

const volumeStatus = z.enum([
  "creating", "available", "reserved", "attaching", "in-use", "detaching", "deleting", "error", "extending", "backing-up",
  "restoring-backup", "awaiting-transfer", "maintenance", "retyping", "error_deleting",
]);

const image = z.object({
  id, name: z.string(), ownerId: z.string(), status: z.enum(["queued", "saving", "active", "deactivated", "killed", "deleted", "importing"]),
  visibility: z.enum(["public", "private", "shared", "community"]), protected: z.boolean(), diskFormat: z.string().nullable(),
  containerFormat: z.string().nullable(), minDiskGb: z.number().int().min(0), minRamMb: z.number().int().min(0),
  sizeBytes: z.number().int().min(0).nullable(), virtualSizeBytes: z.number().int().min(0).nullable(), checksum: z.string().nullable(),
  osHashValue: z.string().nullable(), properties: props, tags: z.array(z.string()), createdAt: ms, updatedAt: ms, data: z.string().nullable(),
  pending: z.object({
    settleAt: ms, sizeBytes: z.number().int().min(0), virtualSizeBytes: z.number().int().min(0).nullable(), checksum: z.string(), osHashValue: z.string(),
  }).strict().nullable().optional(),
}).strict();
const imageMember = z.object({ imageId: id, memberId: id, status: z.enum(["pending", "accepted", "rejected"]), createdAt: ms, updatedAt: ms }).strict();
const volume = z.object({
  id, name: z.string().nullable(), projectId: id, userId: id, sizeGb: z.number().int().min(1), status: volumeStatus,
  pending: z.object({ status: volumeStatus, settleAt: ms }).strict().nullable(), volumeTypeId: id, availabilityZone: z.string(),
  bootable: z.boolean(), multiattach: z.boolean(), encrypted: z.boolean(), description: z.string().nullable(),
  sourceVolumeId: z.string().nullable(), snapshotId: z.string().nullable(), imageId: z.string().nullable(),
  attachments: z.array(z.object({ id, serverId: id, device: z.string(), host: z.string(), attachedAt: ms }).strict()),
  metadata: props, imageMetadata: props, host: z.string(), createdAt: ms, updatedAt: ms.nullable(), backupId: z.string().nullable().optional(),
}).strict();
const volumeType = z.object({
  id, name: z.string(), description: z.string().nullable(), isPublic: z.boolean(), extraSpecs: props, accessProjectIds: z.array(id), qosSpecsId: z.string().nullable(),
}).strict();
const snapshot = z.object({
  id, name: z.string().nullable(), volumeId: id, projectId: id, sizeGb: z.number().int().min(1), status: z.string(), description: z.string().nullable(),
  metadata: props, createdAt: ms, updatedAt: ms.nullable(),
}).strict();
const backup = z.object({
  id, name: z.string().nullable(), volumeId: id, snapshotId: z.string().nullable(), projectId: id, sizeGb: z.number().int().min(1), status: z.string(),
  container: z.string(), incremental: z.boolean(), hasDependentBackups: z.boolean(), objectCount: z.number().int().min(0),
  description: z.string().nullable(), availabilityZone: z.string().nullable(), createdAt: ms, updatedAt: ms.nullable(), dataTimestamp: ms,
}).strict();
const transfer = z.object({ id, name: z.string().nullable(), volumeId: id, projectId: id, authKey: z.string(), createdAt: ms }).strict();
const qos = z.object({ id, name: z.string(), consumer: z.enum(["front-end", "back-end", "both"]), specs: props }).strict();
const volumeService = z.object({
  binary: z.string(), host: z.string(), zone: z.string(), status: z.enum(["enabled", "disabled"]), state: z.enum(["up", "down"]), updatedAt: ms,
}).strict();

export const storageCollectionSchemas: Record<string, z.ZodType> = {
  images: keyed(image),
  imageMembers: z.record(z.string(), imageMember).refine((m) => Object.entries(m).every(([k, v]) => k === `${v.imageId}/${v.memberId}`), "member key differs from <image>/<member>"),
  volumes: keyed(volume), volumeTypes: keyed(volumeType), volumeSnapshots: keyed(snapshot), volumeBackups: keyed(backup),
  volumeTransfers: keyed(transfer), qosSpecs: keyed(qos), volumeServices: z.record(z.string(), volumeService),
};

/** Foreign keys of Glance and Cinder: what their databases would refuse to hold. */
export function storageIssues(st: CloudState): string[] {
  const out: string[] = [];
  for (const m of Object.values(st.imageMembers)) if (!st.images[m.imageId]) out.push(`image member ${m.memberId} of missing image ${m.imageId}`);
  for (const v of Object.values(st.volumes)) {
    if (!st.volumeTypes[v.volumeTypeId]) out.push(`volume ${v.id} has missing type ${v.volumeTypeId}`);
    for (const a of v.attachments) {
      const server = st.servers[a.serverId] as { volumeAttachments?: { volumeId: string }[] } | undefined;
      // A server deleted by nova is detached by the settler in service.ts before the next command.
      if (server && Array.isArray(server.volumeAttachments) && !server.volumeAttachments.some((x) => x.volumeId === v.id)) {
        out.push(`volume ${v.id} attached to server ${a.serverId} that does not list it`);
      }
    }
  }
  for (const s of Object.values(st.volumeSnapshots)) if (!st.volumes[s.volumeId]) out.push(`snapshot ${s.id} of missing volume ${s.volumeId}`);
  for (const t of Object.values(st.volumeTransfers)) if (!st.volumes[t.volumeId]) out.push(`transfer ${t.id} of missing volume ${t.volumeId}`);
  for (const t of Object.values(st.volumeTypes)) if (t.qosSpecsId !== null && !st.qosSpecs[t.qosSpecsId]) out.push(`volume type ${t.id} has missing qos ${t.qosSpecsId}`);
  return out;
}
