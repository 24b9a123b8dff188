import type { Draft } from "../../state";
import type { AuthContext } from "../../cli/spec";
import type { Props, Volume, VolumeBackup, VolumeSnapshot, VolumeStatus, VolumeType, QosSpec } from "../../types";
import { err, ok, type Result } from "../../result";
import { badRequest, forbidden, httpError, moreThanOne, noResourceWithNameOrId, notFound, type CloudError } from "../../errors";
import { newUuid } from "../../ids";
import { isAdmin } from "../../policy";
import { checkQuota, registerUsage } from "../../quota";
import { registerSettler } from "../../lifecycle";
import { COMMAND_TICK_MS } from "../../clock";
import { CONTROLLER_HOST } from "../../default-cloud";
import { findImage } from "../image/service";

// Cinder's rules: lookups, the volume status machine, quotas with cinder's own over-limit wording (HTTP 413),
// attachments, snapshots, backups, types and QoS specs. Most volume commands still go through cinderclient,
// so API errors print as `<message> (HTTP 400) (Request-ID: req-…)`; backups go through openstacksdk (see
// volume/commands.ts) and reword the same messages.

type Found<T> = Result<T, CloudError>;

/** DevStack writes `default_volume_type = lvmdriver-1` into cinder.conf. */
export const DEFAULT_VOLUME_TYPE = "lvmdriver-1";
export const VOLUME_HOST = `${CONTROLLER_HOST}@lvmdriver-1#lvmdriver-1`;
/** A status change that takes "a moment" on a real cloud: done by the next command (the shell ticks 1 s). */
export const SETTLE_MS = COMMAND_TICK_MS;

/** cinder's PolicyNotAuthorized wording. */
export const policyDenied = (rule: string): CloudError => forbidden(`Policy doesn't allow ${rule} to be performed.`);

const MEMBER_RULES = new Set([
  "volume:create", "volume:delete", "volume:update", "volume:extend", "volume:attach", "volume:detach",
  "volume:create_snapshot", "volume:delete_snapshot", "volume:update_snapshot", "backup:create", "backup:delete",
  "backup:restore", "volume:create_transfer", "volume:accept_transfer", "volume:delete_transfer",
  "volume_extension:volume_actions:upload_image", "volume:update_volume_metadata", "volume:delete_volume_metadata",
  "volume:revert_to_snapshot",
]);

/** Cinder's secure-RBAC defaults reduced to admin / project member / project reader. */
export function authorizeVolume(auth: AuthContext, rule: string, projectId?: string | null): Result<void, CloudError> {
  if (isAdmin(auth)) return ok(undefined);
  const inProject = projectId === undefined || projectId === null || projectId === auth.projectId;
  if (MEMBER_RULES.has(rule)) return inProject && auth.roles.includes("member") ? ok(undefined) : err(policyDenied(rule));
  if (rule.endsWith(":get") || rule.endsWith(":get_all") || rule === "volume:get" || rule === "volume:get_all") {
    return inProject && auth.roles.includes("reader") ? ok(undefined) : err(policyDenied(rule));
  }
  return err(policyDenied(rule));
}

// ------------------------------------------------------------------ lookups (osc-lib find_resource)

function visible<T extends { projectId: string }>(auth: AuthContext, items: T[]): T[] {
  return isAdmin(auth) ? items : items.filter((i) => i.projectId === auth.projectId);
}

function findIn<T extends { id: string; name: string | null; projectId: string }>(
  auth: AuthContext, items: T[], nameOrId: string, resource: string,
): Found<T> {
  const mine = visible(auth, items);
  const byId = mine.find((i) => i.id === nameOrId);
  if (byId) return ok(byId);
  // cinderclient lists with all_tenants=1 for admins, so an admin sees every project's names.
  const matches = mine.filter((i) => i.name === nameOrId);
  if (matches.length === 1 && matches[0]) return ok(matches[0]);
  if (matches.length > 1) return err(moreThanOne(resource, nameOrId));
  return err(noResourceWithNameOrId(resource, nameOrId));
}

export function findVolume(draft: Draft, auth: AuthContext, nameOrId: string): Found<Volume> {
  return findIn(auth, draft.list("volumes"), nameOrId, "volume");
}

export function findSnapshot(draft: Draft, auth: AuthContext, nameOrId: string): Found<VolumeSnapshot> {
  return findIn(auth, draft.list("volumeSnapshots"), nameOrId, "snapshot");
}

export function findBackup(draft: Draft, auth: AuthContext, nameOrId: string): Found<VolumeBackup> {
  return findIn(auth, draft.list("volumeBackups"), nameOrId, "volumebackup");
}

/** Types visible to the caller: public ones, private ones its project was given, everything for admins. */
export function typeVisible(auth: AuthContext, t: VolumeType): boolean {
  return isAdmin(auth) || t.isPublic || t.accessProjectIds.includes(auth.projectId);
}

export function findVolumeType(draft: Draft, auth: AuthContext, nameOrId: string): Found<VolumeType> {
  const types = draft.list("volumeTypes").filter((t) => typeVisible(auth, t));
  const byId = types.find((t) => t.id === nameOrId);
  if (byId) return ok(byId);
  const matches = types.filter((t) => t.name === nameOrId);
  if (matches.length === 1 && matches[0]) return ok(matches[0]);
  if (matches.length > 1) return err(moreThanOne("volumetype", nameOrId));
  return err(noResourceWithNameOrId("volumetype", nameOrId));
}

export function findQos(draft: Draft, nameOrId: string): Found<QosSpec> {
  const byId = draft.get("qosSpecs", nameOrId);
  if (byId) return ok(byId);
  const matches = draft.list("qosSpecs").filter((q) => q.name === nameOrId);
  if (matches.length === 1 && matches[0]) return ok(matches[0]);
  if (matches.length > 1) return err(moreThanOne("qosspecs", nameOrId));
  return err(noResourceWithNameOrId("qosspecs", nameOrId));
}

// ------------------------------------------------------------------ quotas

const sizeOf = (draft: Draft, projectId: string): number =>
  draft.list("volumes").filter((v) => v.projectId === projectId).reduce((s, v) => s + v.sizeGb, 0) +
  draft.list("volumeSnapshots").filter((s) => s.projectId === projectId).reduce((s, x) => s + x.sizeGb, 0);

registerUsage("volumes", (d, p) => d.list("volumes").filter((v) => v.projectId === p).length);
registerUsage("snapshots", (d, p) => d.list("volumeSnapshots").filter((s) => s.projectId === p).length);
registerUsage("gigabytes", sizeOf);
registerUsage("backups", (d, p) => d.list("volumeBackups").filter((b) => b.projectId === p).length);
registerUsage("backup_gigabytes", (d, p) => d.list("volumeBackups").filter((b) => b.projectId === p).reduce((s, b) => s + b.sizeGb, 0));

const overLimit = (message: string): CloudError => httpError("cloud/OverQuota", 413, message);

export function checkVolumeQuota(draft: Draft, projectId: string, kind: "volumes" | "snapshots", sizeGb: number): Result<void, CloudError> {
  const count = checkQuota(draft, projectId, kind, 1);
  if (!count.ok) {
    const cls = kind === "volumes" ? "VolumeLimitExceeded" : "SnapshotLimitExceeded";
    const what = kind === "volumes" ? "volumes" : "snapshots";
    return err(overLimit(`${cls}: Maximum number of ${what} allowed (${count.limit}) exceeded for quota '${kind}'.`));
  }
  const gb = checkQuota(draft, projectId, "gigabytes", sizeGb);
  if (!gb.ok) {
    return err(overLimit(`VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${sizeGb}G, quota is ${gb.limit}G and ${gb.used}G has been consumed.`));
  }
  const per = checkQuota(draft, projectId, "per_volume_gigabytes", 0);
  if (kind === "volumes" && per.limit >= 0 && sizeGb > per.limit) {
    return err(overLimit(`VolumeSizeExceedsLimit: Requested volume size ${sizeGb}G is larger than maximum allowed limit ${per.limit}G.`));
  }
  return ok(undefined);
}

// ------------------------------------------------------------------ lifecycle

/** Moves a volume to `status` now and to `then` once the virtual clock passes the settle time. */
export function transition(draft: Draft, v: Volume, status: VolumeStatus, then: VolumeStatus | null, wait = false): Volume {
  if (then === null || wait) return draft.update("volumes", v.id, { status: then ?? status, pending: null, updatedAt: draft.now });
  return draft.update("volumes", v.id, { status, pending: { status: then, settleAt: draft.now + SETTLE_MS }, updatedAt: draft.now });
}

registerSettler((draft) => {
  // Nova removes a deleted server's volume attachments; the volumes become available again.
  for (const v of draft.list("volumes")) {
    if (v.attachments.some((a) => !draft.get("servers", a.serverId))) {
      const rest = v.attachments.filter((a) => draft.get("servers", a.serverId));
      draft.update("volumes", v.id, { attachments: rest, status: rest.length > 0 ? "in-use" : "available", pending: null, updatedAt: draft.now });
    }
  }
  for (const v of draft.list("volumes")) {
    if (v.pending && draft.now >= v.pending.settleAt) draft.update("volumes", v.id, { status: v.pending.status, pending: null, updatedAt: v.pending.settleAt });
  }
  for (const s of draft.list("volumeSnapshots")) {
    if (s.status === "creating" && draft.now >= s.createdAt + SETTLE_MS) draft.update("volumeSnapshots", s.id, { status: "available", updatedAt: s.createdAt + SETTLE_MS });
  }
  for (const b of draft.list("volumeBackups")) {
    const since = b.updatedAt ?? b.createdAt;
    if ((b.status === "creating" || b.status === "restoring") && draft.now >= since + SETTLE_MS) draft.update("volumeBackups", b.id, { status: "available", updatedAt: since + SETTLE_MS });
  }
});

// ------------------------------------------------------------------ volumes

export interface CreateVolumeInput {
  size: number;
  imageId?: string | null;
  snapshotId?: string | null;
  sourceVolumeId?: string | null;
  backupId?: string | null;
  name?: string | null;
  description?: string | null;
  /** A type name or id; cinder takes either. */
  typeName?: string | null;
  availabilityZone?: string | null;
  metadata?: Props;
  bootable?: boolean;
  /** Settle at once (`--wait`, Heat waiting for CREATE_COMPLETE). */
  wait?: boolean;
}

const GB = 1024 ** 3;

export function createVolume(draft: Draft, auth: AuthContext, input: CreateVolumeInput): Found<Volume> {
  const pol = authorizeVolume(auth, "volume:create", auth.projectId);
  if (!pol.ok) return pol;
  if (!Number.isInteger(input.size) || input.size <= 0) {
    return err(badRequest(`Invalid input received: Volume size '${input.size}' must be an integer and greater than 0.`));
  }
  const typeRef = input.typeName ?? DEFAULT_VOLUME_TYPE;
  const type = draft.list("volumeTypes").find((t) => (t.id === typeRef || t.name === typeRef) && typeVisible(auth, t));
  if (!type) return err(notFound(`Volume type with name ${typeRef} could not be found.`));
  const az = input.availabilityZone ?? "nova";
  if (az !== "nova") return err(badRequest(`Invalid input received: Availability zone '${az}' is invalid.`));
  let bootable = input.bootable ?? false;
  let imageMetadata: Props = {};
  if (input.imageId) {
    const img = findImage(draft, auth, input.imageId);
    if (!img.ok) return err(badRequest(`Invalid input received: Invalid image identifier or unable to access requested image.`));
    const image = img.value;
    if (image.status !== "active") return err(badRequest(`Invalid input received: Image ${image.id} is not active.`));
    const imageGb = Math.ceil((image.sizeBytes ?? 0) / GB);
    if (imageGb > input.size) return err(badRequest(`Invalid input received: Size of specified image ${imageGb}GB is larger than volume size ${input.size}GB.`));
    if (image.minDiskGb > input.size) {
      return err(badRequest(`Invalid input received: Volume size ${input.size}GB cannot be smaller than the image minDisk size ${image.minDiskGb}GB.`));
    }
    bootable = true;
    imageMetadata = {
      checksum: image.checksum ?? "", container_format: image.containerFormat ?? "", disk_format: image.diskFormat ?? "",
      image_id: image.id, image_name: image.name, min_disk: String(image.minDiskGb), min_ram: String(image.minRamMb),
      size: String(image.sizeBytes ?? 0), ...image.properties,
    };
  }
  if (input.snapshotId) {
    const snap = draft.get("volumeSnapshots", input.snapshotId);
    if (!snap) return err(notFound(`Snapshot ${input.snapshotId} could not be found.`));
    if (snap.status !== "available") return err(badRequest("Invalid snapshot: Originating snapshot status must be 'available' to create a volume."));
    const parent = draft.get("volumes", snap.volumeId);
    if (parent) {
      bootable = parent.bootable;
      imageMetadata = { ...parent.imageMetadata };
    }
  }
  if (input.sourceVolumeId) {
    const src = draft.get("volumes", input.sourceVolumeId);
    if (!src) return err(notFound(`Volume ${input.sourceVolumeId} could not be found.`));
    if (!["available", "in-use"].includes(src.status)) {
      return err(badRequest(`Invalid volume: Source volume status must be available or in-use, but the current status is ${src.status}.`));
    }
    bootable = src.bootable;
    imageMetadata = { ...src.imageMetadata };
  }
  const q = checkVolumeQuota(draft, auth.projectId, "volumes", input.size);
  if (!q.ok) return q;
  const v: Volume = {
    id: newUuid(draft), name: input.name ?? null, projectId: auth.projectId, userId: auth.userId, sizeGb: input.size,
    status: "creating", pending: null, volumeTypeId: type.id, availabilityZone: az, bootable, multiattach: type.extraSpecs.multiattach === "<is> True",
    encrypted: false, description: input.description ?? null, sourceVolumeId: input.sourceVolumeId ?? null, snapshotId: input.snapshotId ?? null,
    imageId: input.imageId ?? null, attachments: [], metadata: { ...(input.metadata ?? {}) }, imageMetadata, host: VOLUME_HOST,
    createdAt: draft.now, updatedAt: null,
  };
  draft.put("volumes", v.id, v);
  // A restore or a copy of image data takes longer on a real cloud; one tick is enough for the learner to see it.
  const settled = input.wait ? { ...v, status: "available" as const, updatedAt: draft.now } : { ...v, pending: { status: "available" as const, settleAt: draft.now + SETTLE_MS } };
  draft.put("volumes", v.id, settled);
  return ok(settled);
}

const DELETABLE: readonly VolumeStatus[] = ["available", "error"];

export function deleteVolume(draft: Draft, auth: AuthContext, v: Volume, opts: { force?: boolean; cascade?: boolean } = {}): Result<void, CloudError> {
  if (opts.force) {
    const pol = isAdmin(auth) ? ok(undefined) : err(policyDenied("volume_extension:volume_admin_actions:force_delete"));
    if (!pol.ok) return pol;
  } else {
    const pol = authorizeVolume(auth, "volume:delete", v.projectId);
    if (!pol.ok) return pol;
  }
  const snapshots = draft.list("volumeSnapshots").filter((s) => s.volumeId === v.id);
  const statusOk = opts.force || DELETABLE.includes(v.status);
  const transfer = draft.list("volumeTransfers").some((t) => t.volumeId === v.id);
  if (!statusOk || v.attachments.length > 0 || (snapshots.length > 0 && !opts.cascade) || transfer) {
    const status = opts.force ? "" : "status must be available or error or error_restoring or error_extending or error_managing and";
    return err(badRequest(`Invalid volume: Volume ${status} must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.`));
  }
  for (const s of snapshots) draft.remove("volumeSnapshots", s.id);
  draft.remove("volumes", v.id);
  return ok(undefined);
}

export function extendVolume(draft: Draft, auth: AuthContext, v: Volume, newSize: number): Found<Volume> {
  const pol = authorizeVolume(auth, "volume:extend", v.projectId);
  if (!pol.ok) return pol;
  const q = checkQuota(draft, v.projectId, "gigabytes", newSize - v.sizeGb);
  if (!q.ok) {
    return err(overLimit(`VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${newSize - v.sizeGb}G, quota is ${q.limit}G and ${q.used}G has been consumed.`));
  }
  const resized = draft.update("volumes", v.id, { sizeGb: newSize });
  return ok(transition(draft, resized, "extending", v.status));
}

// ------------------------------------------------------------------ attachments

export interface AttachVolumeInput { serverId: string; volumeId: string; device?: string | null; host?: string; wait?: boolean }

/** The next free `/dev/vdX` of a server: vda is the root disk, attachments take vdb, vdc, … in order. */
export function nextDevice(draft: Draft, serverId: string): string {
  const used = new Set(draft.list("volumes").flatMap((v) => v.attachments.filter((a) => a.serverId === serverId).map((a) => a.device)));
  for (let c = "b".charCodeAt(0); c <= "z".charCodeAt(0); c++) {
    const d = `/dev/vd${String.fromCharCode(c)}`;
    if (!used.has(d)) return d;
  }
  return "/dev/vdz";
}

/**
 * Attaches a volume to a server: the volume goes attaching → in-use and gains an attachment record; the
 * server's `volumes_attached` gains the volume. Both sides are written here so the two never disagree.
 */
export function attachVolume(draft: Draft, auth: AuthContext, input: AttachVolumeInput): Found<Volume> {
  const v = draft.get("volumes", input.volumeId);
  if (!v) return err(notFound(`Volume ${input.volumeId} could not be found.`));
  const server = draft.get("servers", input.serverId);
  if (!server) return err(notFound(`Instance ${input.serverId} could not be found.`));
  const pol = authorizeVolume(auth, "volume:attach", v.projectId);
  if (!pol.ok) return pol;
  if (v.attachments.some((a) => a.serverId === server.id)) {
    return err(badRequest(`Invalid volume: Volume ${v.id} is already attached to server ${server.id}.`));
  }
  if (!(v.status === "available" || (v.multiattach && v.status === "in-use"))) {
    return err(badRequest(`Invalid volume: Volume ${v.id} status must be available or downloading to reserve, but the current status is ${v.status}.`));
  }
  const device = input.device ?? nextDevice(draft, server.id);
  const attachmentId = newUuid(draft);
  const attached = draft.update("volumes", v.id, {
    attachments: [...v.attachments, { id: attachmentId, serverId: server.id, device, host: input.host ?? server.host, attachedAt: draft.now }],
  });
  draft.update("servers", server.id, { volumeAttachments: [...server.volumeAttachments, { volumeId: v.id, device, attachmentId }], updatedAt: draft.now });
  return ok(transition(draft, attached, "attaching", "in-use", input.wait));
}

export function detachVolume(draft: Draft, auth: AuthContext, input: { serverId: string; volumeId: string; wait?: boolean }): Found<Volume> {
  const v = draft.get("volumes", input.volumeId);
  if (!v) return err(notFound(`Volume ${input.volumeId} could not be found.`));
  const pol = authorizeVolume(auth, "volume:detach", v.projectId);
  if (!pol.ok) return pol;
  const attachment = v.attachments.find((a) => a.serverId === input.serverId);
  if (!attachment) return err(badRequest(`Invalid volume: Volume ${v.id} is not attached to server ${input.serverId}.`));
  const rest = v.attachments.filter((a) => a !== attachment);
  const detached = draft.update("volumes", v.id, { attachments: rest });
  const server = draft.get("servers", input.serverId);
  if (server) {
    draft.update("servers", server.id, { volumeAttachments: server.volumeAttachments.filter((a) => a.volumeId !== v.id), updatedAt: draft.now });
  }
  return ok(transition(draft, detached, "detaching", rest.length > 0 ? "in-use" : "available", input.wait));
}

// ------------------------------------------------------------------ snapshots and backups

export function createSnapshot(
  draft: Draft, auth: AuthContext, v: Volume, input: { name: string | null; description: string | null; force: boolean; metadata: Props },
): Found<VolumeSnapshot> {
  const pol = authorizeVolume(auth, "volume:create_snapshot", v.projectId);
  if (!pol.ok) return pol;
  if (v.status === "in-use" && !input.force) {
    return err(badRequest(`Invalid volume: Volume ${v.id} status must be available, but current status is: in-use.`));
  }
  if (!["available", "in-use"].includes(v.status)) {
    return err(badRequest(`Invalid volume: Volume ${v.id} status must be available, but current status is: ${v.status}.`));
  }
  const q = checkVolumeQuota(draft, v.projectId, "snapshots", v.sizeGb);
  if (!q.ok) return q;
  const s: VolumeSnapshot = {
    id: newUuid(draft), name: input.name, volumeId: v.id, projectId: v.projectId, sizeGb: v.sizeGb, status: "creating",
    description: input.description, metadata: { ...input.metadata }, createdAt: draft.now, updatedAt: null,
  };
  draft.put("volumeSnapshots", s.id, s);
  return ok(s);
}

export function createBackup(
  draft: Draft, auth: AuthContext, v: Volume,
  input: { name: string | null; description: string | null; container: string | null; force: boolean; incremental: boolean; snapshotId: string | null },
): Found<VolumeBackup> {
  const pol = authorizeVolume(auth, "backup:create", v.projectId);
  if (!pol.ok) return pol;
  if (!["available", "in-use"].includes(v.status)) {
    return err(badRequest(`Invalid volume: Volume to be backed up must be available or in-use, but the current status is "${v.status}".`));
  }
  if (v.status === "in-use" && !input.force && !input.snapshotId) return err(badRequest("Invalid volume: Backing up an in-use volume must use the force flag."));
  const previous = draft.list("volumeBackups").filter((b) => b.volumeId === v.id && b.status === "available");
  if (input.incremental && previous.length === 0) {
    return err(badRequest("Invalid backup: No backups available to do an incremental backup."));
  }
  const count = checkQuota(draft, v.projectId, "backups", 1);
  if (!count.ok) return err(overLimit(`BackupLimitExceeded: Maximum number of backups allowed (${count.limit}) exceeded`));
  const gb = checkQuota(draft, v.projectId, "backup_gigabytes", v.sizeGb);
  if (!gb.ok) {
    return err(overLimit(`VolumeBackupSizeExceedsAvailableQuota: Requested backup exceeds allowed Backup gigabytes quota. Requested ${v.sizeGb}G, quota is ${gb.limit}G and ${gb.used}G has been consumed.`));
  }
  for (const p of previous) if (input.incremental) draft.update("volumeBackups", p.id, { hasDependentBackups: true });
  const id = newUuid(draft);
  const b: VolumeBackup = {
    id, name: input.name, volumeId: v.id, snapshotId: input.snapshotId, projectId: v.projectId, sizeGb: v.sizeGb, status: "creating",
    container: input.container ?? "volumebackups", incremental: input.incremental, hasDependentBackups: false,
    objectCount: Math.max(1, Math.ceil((v.sizeGb * 1024) / 1999)), description: input.description, availabilityZone: v.availabilityZone,
    createdAt: draft.now, updatedAt: null, dataTimestamp: draft.now,
  };
  draft.put("volumeBackups", id, b);
  if (!input.snapshotId) transition(draft, v, "backing-up", v.status);
  return ok(b);
}

export function deleteBackup(draft: Draft, auth: AuthContext, b: VolumeBackup, force: boolean): Result<void, CloudError> {
  const pol = authorizeVolume(auth, "backup:delete", b.projectId);
  if (!pol.ok) return pol;
  if (!force && !["available", "error"].includes(b.status)) return err(badRequest("Invalid backup: Backup status must be available or error"));
  if (b.hasDependentBackups) return err(badRequest("Invalid backup: Incremental backups exist for this backup."));
  draft.remove("volumeBackups", b.id);
  return ok(undefined);
}

/** POST /backups/{id}/restore: into a new volume (`name`) or over an existing one (`volumeId`). */
export function restoreBackup(draft: Draft, auth: AuthContext, b: VolumeBackup, target: { volumeId?: string; name?: string | null }): Found<Volume> {
  const pol = authorizeVolume(auth, "backup:restore", b.projectId);
  if (!pol.ok) return pol;
  if (b.status !== "available") return err(badRequest("Invalid backup: Backup status must be available"));
  let v: Volume;
  if (target.volumeId) {
    const existing = draft.get("volumes", target.volumeId);
    if (!existing) return err(notFound(`Volume ${target.volumeId} could not be found.`));
    if (existing.status !== "available") return err(badRequest("Invalid volume: Volume to be restored to must be available"));
    if (existing.sizeGb < b.sizeGb) {
      return err(badRequest(`Invalid volume: volume size ${existing.sizeGb} is too small to restore backup of size ${b.sizeGb}.`));
    }
    v = existing;
  } else {
    const q = checkVolumeQuota(draft, auth.projectId, "volumes", b.sizeGb);
    if (!q.ok) return q;
    const created = createVolume(draft, auth, { size: b.sizeGb, name: target.name ?? `restore_backup_${b.id}`, wait: true });
    if (!created.ok) return created;
    v = created.value;
  }
  const source = draft.get("volumes", b.volumeId);
  const restored = draft.update("volumes", v.id, { bootable: source?.bootable ?? v.bootable, imageMetadata: { ...(source?.imageMetadata ?? v.imageMetadata) }, backupId: b.id });
  draft.update("volumeBackups", b.id, { status: "restoring", updatedAt: draft.now });
  return ok(transition(draft, restored, "restoring-backup", "available"));
}
