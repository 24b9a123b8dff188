import type { Draft } from "../../state";
import type { AuthContext } from "../../cli/spec";
import type { Image, ImageMember, Props } from "../../types";
import { err, ok, type Result } from "../../result";
import type { CloudError } from "../../errors";
import { newUuid } from "../../ids";
import { isAdmin } from "../../policy";
import { HOST_IP } from "../../default-cloud";
import { md5Hex } from "../object/md5";
import { sha512Hex } from "./sha512";
import { registerSettler } from "../../lifecycle";

// Glance's rules. The image commands of python-openstackclient talk to Glance through openstacksdk, so every
// error a learner sees is worded the SDK way: lookups fail with `No Image found for x` and API errors read
// `ForbiddenException: 403: Client Error for url: …, 403 Forbidden: <glance's explanation>` (the SDK strips
// the HTML body webob returns and joins its lines with ": "), without the `(HTTP 403) (Request-ID …)` suffix
// the cinderclient-based commands print.

export const GLANCE_URL = `http://${HOST_IP}/image`;
export const DISK_FORMATS = ["ami", "ari", "aki", "vhd", "vmdk", "raw", "qcow2", "vhdx", "vdi", "iso", "ploop"] as const;
export const CONTAINER_FORMATS = ["ami", "ari", "aki", "bare", "docker", "ova", "ovf"] as const;

type Found<T> = Result<T, CloudError>;

const SDK_CLASS: Record<number, [string, string]> = {
  400: ["BadRequestException", "400 Bad Request"],
  403: ["ForbiddenException", "403 Forbidden"],
  404: ["NotFoundException", "404 Not Found"],
  409: ["ConflictException", "409 Conflict"],
  413: ["HttpException", "413 Request Entity Too Large"],
};
const CODE_OF: Record<number, CloudError["code"]> = {
  400: "cloud/BadRequest", 403: "cloud/Forbidden", 404: "cloud/NotFound", 409: "cloud/Conflict", 413: "cloud/OverQuota",
};

/** A Glance HTTP error as openstacksdk's HttpException prints it (see openstack/exceptions.py). */
export function glanceError(status: 400 | 403 | 404 | 409 | 413, path: string, explanation: string): CloudError {
  const [cls, title] = SDK_CLASS[status] ?? ["HttpException", String(status)];
  return { code: CODE_OF[status] ?? "cloud/BadRequest", message: `${cls}: ${status}: Client Error for url: ${GLANCE_URL}${path}, ${title}: ${explanation}` };
}

/** glance's policy refusal: `You are not authorized to complete <rule> action.` */
const refused = (rule: string, path: string): CloudError => glanceError(403, path, `You are not authorized to complete ${rule} action.`);

// ------------------------------------------------------------------ visibility

export function memberOf(draft: Draft, imageId: string, projectId: string): ImageMember | undefined {
  return draft.get("imageMembers", `${imageId}/${projectId}`);
}

/** What GET /v2/images/{id} lets the caller see: public and community images, its own, those shared with it. */
export function canSeeImage(draft: Draft, auth: AuthContext, image: Image): boolean {
  if (isAdmin(auth) || image.ownerId === auth.projectId) return true;
  if (image.visibility === "public" || image.visibility === "community") return true;
  return image.visibility === "shared" && memberOf(draft, image.id, auth.projectId) !== undefined;
}

/**
 * The default GET /v2/images listing: public, owned, and shared images whose membership the caller accepted.
 * Community images stay out unless owned (that is their point); admins see everything.
 */
export function listsImage(draft: Draft, auth: AuthContext, image: Image): boolean {
  if (isAdmin(auth) || image.ownerId === auth.projectId || image.visibility === "public") return true;
  return image.visibility === "shared" && memberOf(draft, image.id, auth.projectId)?.status === "accepted";
}

/** openstacksdk `find_image(name_or_id, ignore_missing=False)`: an id first, then a unique name. */
export function findImage(draft: Draft, auth: AuthContext, nameOrId: string): Found<Image> {
  const byId = draft.get("images", nameOrId);
  if (byId && canSeeImage(draft, auth, byId)) return ok(byId);
  const matches = draft.list("images").filter((i) => i.name === nameOrId && listsImage(draft, auth, i));
  if (matches.length === 1 && matches[0]) return ok(matches[0]);
  if (matches.length > 1) return err({ code: "cloud/NoUniqueMatch", message: `More than one Image exists with the name '${nameOrId}'.` });
  return err({ code: "cloud/NotFound", message: `No Image found for ${nameOrId}` });
}

// ------------------------------------------------------------------ create

export interface CreateImageInput {
  name: string;
  id?: string | null;
  diskFormat?: string | null;
  containerFormat?: string | null;
  minDiskGb?: number;
  minRamMb?: number;
  visibility?: Image["visibility"] | null;
  protected?: boolean;
  properties?: Props;
  tags?: string[];
  /** Owner project; defaults to the caller's project. */
  ownerId?: string | null;
  /** Uploaded bytes (a learner's virtual file): the image becomes `active` with size and checksums. */
  data?: string | null;
  /** A server snapshot or a volume upload has no file content here, only a size; the image becomes `active`. */
  sizeBytes?: number | null;
  virtualSizeBytes?: number | null;
  /**
   * With `sizeBytes`: the bytes arrive later, as a nova snapshot uploads them. The image is `queued` (no size,
   * no checksum) until `uploadMs` has passed on the virtual clock, then `active`.
   */
  uploadMs?: number;
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

export function createImage(draft: Draft, auth: AuthContext, input: CreateImageInput): Found<Image> {
  const path = "/v2/images";
  if (!isAdmin(auth) && !auth.roles.includes("member")) return err(refused("add_image", path));
  const visibility = input.visibility ?? "shared";
  if (visibility === "public" && !isAdmin(auth)) return err(refused("publicize_image", path));
  const ownerId = input.ownerId ?? auth.projectId;
  if (ownerId !== auth.projectId && !isAdmin(auth)) return err(refused("add_image", path));
  if (input.id && draft.get("images", input.id)) {
    return err(glanceError(409, path, `Image with identifier ${input.id} already exists!`));
  }
  const reserved = Object.keys(input.properties ?? {}).find((k) => RESERVED_PROPERTIES.has(k));
  if (reserved) return err(glanceError(403, path, `Attribute '${reserved}' is reserved.`));
  const now = draft.now;
  const hasData = input.data !== null && input.data !== undefined;
  const size = hasData ? byteLength(input.data as string) : (input.sizeBytes ?? null);
  const active = size !== null;
  const diskFormat = input.diskFormat ?? "raw";
  const image: Image = {
    id: input.id ?? newUuid(draft),
    name: input.name,
    ownerId,
    status: active ? "active" : "queued",
    visibility,
    protected: input.protected ?? false,
    diskFormat,
    containerFormat: input.containerFormat ?? "bare",
    minDiskGb: input.minDiskGb ?? 0,
    minRamMb: input.minRamMb ?? 0,
    sizeBytes: size,
    // Glance's format inspector measures raw images exactly; a text file is not a valid qcow2/vmdk header.
    virtualSizeBytes: input.virtualSizeBytes ?? (active && diskFormat === "raw" ? size : null),
    checksum: hasData ? md5Hex(input.data as string) : active ? md5Hex(`${input.name}:${size}`) : null,
    osHashValue: hasData ? sha512Hex(input.data as string) : active ? sha512Hex(`${input.name}:${size}`) : null,
    properties: { ...(input.properties ?? {}) },
    tags: [...new Set(input.tags ?? [])],
    createdAt: now,
    updatedAt: now,
    data: hasData ? (input.data as string) : null,
  };
  if (input.uploadMs !== undefined && active && !hasData) {
    const queued: Image = {
      ...image, status: "queued", sizeBytes: null, virtualSizeBytes: null, checksum: null, osHashValue: null,
      pending: { settleAt: now + input.uploadMs, sizeBytes: size, virtualSizeBytes: image.virtualSizeBytes, checksum: image.checksum ?? "", osHashValue: image.osHashValue ?? "" },
    };
    draft.put("images", queued.id, queued);
    return ok(queued);
  }
  draft.put("images", image.id, image);
  return ok(image);
}

/** Image attributes Glance keeps for itself; a `--property` with one of these names is refused. */
const RESERVED_PROPERTIES = new Set([
  "id", "status", "size", "virtual_size", "checksum", "created_at", "updated_at", "file", "schema", "direct_url",
  "locations", "self", "owner", "os_hash_algo", "os_hash_value", "os_glance_importing_to_stores",
]);

// ------------------------------------------------------------------ update rules

export function assertCanModify(auth: AuthContext, image: Image): Result<void, CloudError> {
  if (isAdmin(auth)) return ok(undefined);
  if (image.ownerId === auth.projectId && auth.roles.includes("member")) return ok(undefined);
  return err(refused("modify_image", `/v2/images/${image.id}`));
}

export function assertVisibilityChange(auth: AuthContext, image: Image, visibility: Image["visibility"]): Result<void, CloudError> {
  if (visibility === "public" && !isAdmin(auth)) return err(refused("publicize_image", `/v2/images/${image.id}`));
  return ok(undefined);
}

export interface UpdateImageInput {
  name?: string;
  minDiskGb?: number;
  minRamMb?: number;
  diskFormat?: string;
  containerFormat?: string;
  visibility?: Image["visibility"];
  protected?: boolean;
  ownerId?: string;
  properties?: Props;
  removeProperties?: string[];
  tags?: string[];
}

export function updateImage(draft: Draft, auth: AuthContext, image: Image, input: UpdateImageInput): Found<Image> {
  const path = `/v2/images/${image.id}`;
  const mod = assertCanModify(auth, image);
  if (!mod.ok) return mod;
  if (input.visibility) {
    const v = assertVisibilityChange(auth, image, input.visibility);
    if (!v.ok) return v;
  }
  if ((input.diskFormat !== undefined || input.containerFormat !== undefined) && image.status !== "queued") {
    const attr = input.diskFormat !== undefined ? "disk_format" : "container_format";
    return err(glanceError(403, path, `Attribute ${attr} can be only replaced for a queued image.`));
  }
  const reserved = Object.keys(input.properties ?? {}).find((k) => RESERVED_PROPERTIES.has(k));
  if (reserved) return err(glanceError(403, path, `Attribute '${reserved}' is reserved.`));
  if (input.minDiskGb !== undefined && input.minDiskGb < 0) return err(glanceError(400, path, "Invalid value for min_disk: must be >= 0"));
  if (input.minRamMb !== undefined && input.minRamMb < 0) return err(glanceError(400, path, "Invalid value for min_ram: must be >= 0"));
  const properties = { ...image.properties, ...(input.properties ?? {}) };
  for (const k of input.removeProperties ?? []) delete properties[k];
  const next = draft.update("images", image.id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.minDiskGb !== undefined ? { minDiskGb: input.minDiskGb } : {}),
    ...(input.minRamMb !== undefined ? { minRamMb: input.minRamMb } : {}),
    ...(input.diskFormat !== undefined ? { diskFormat: input.diskFormat } : {}),
    ...(input.containerFormat !== undefined ? { containerFormat: input.containerFormat } : {}),
    ...(input.visibility !== undefined ? { visibility: input.visibility } : {}),
    ...(input.protected !== undefined ? { protected: input.protected } : {}),
    ...(input.ownerId !== undefined ? { ownerId: input.ownerId } : {}),
    ...(input.tags !== undefined ? { tags: input.tags } : {}),
    properties,
    updatedAt: draft.now,
  });
  return ok(next);
}

export function deleteImage(draft: Draft, auth: AuthContext, image: Image): Result<void, CloudError> {
  const path = `/v2/images/${image.id}`;
  if (!isAdmin(auth) && !(image.ownerId === auth.projectId && auth.roles.includes("member"))) return err(refused("delete_image", path));
  if (image.protected) return err(glanceError(403, path, `Image ${image.id} is protected and cannot be deleted.`));
  draft.remove("images", image.id);
  for (const m of draft.list("imageMembers")) if (m.imageId === image.id) draft.remove("imageMembers", `${m.imageId}/${m.memberId}`);
  return ok(undefined);
}

export function setImageActivation(draft: Draft, auth: AuthContext, image: Image, activate: boolean): Result<Image, CloudError> {
  const action = activate ? "reactivate" : "deactivate";
  const path = `/v2/images/${image.id}/actions/${action}`;
  if (!isAdmin(auth)) return err(refused(action, path));
  const allowed = activate ? ["active", "deactivated"] : ["active", "deactivated"];
  if (!allowed.includes(image.status)) {
    return err(glanceError(403, path, `Not allowed to ${action} image in status '${image.status}'`));
  }
  return ok(draft.update("images", image.id, { status: activate ? "active" : "deactivated", updatedAt: draft.now }));
}

/** GET /v2/images/{id}/file. */
export function downloadImage(auth: AuthContext, image: Image): Result<string | null, CloudError> {
  const path = `/v2/images/${image.id}/file`;
  if (image.status === "deactivated" && !isAdmin(auth)) {
    return err(glanceError(403, path, "The requested image has been deactivated. Image data download is forbidden."));
  }
  if (image.sizeBytes === null) return ok(null);
  // Snapshots and volume uploads have a size but no bytes the learner could have written; they save empty.
  return ok(image.data ?? "");
}

// ------------------------------------------------------------------ members

export function addImageMember(draft: Draft, auth: AuthContext, image: Image, memberId: string): Found<ImageMember> {
  const path = `/v2/images/${image.id}/members`;
  if (image.visibility !== "shared" || !(isAdmin(auth) || (image.ownerId === auth.projectId && auth.roles.includes("member")))) {
    return err(glanceError(403, path, `Not allowed to create members for image ${image.id}.`));
  }
  if (memberOf(draft, image.id, memberId)) return err(glanceError(409, path, `Member ${memberId} is duplicated for image ${image.id}`));
  const m: ImageMember = { imageId: image.id, memberId, status: "pending", createdAt: draft.now, updatedAt: draft.now };
  draft.put("imageMembers", `${image.id}/${memberId}`, m);
  return ok(m);
}

export function removeImageMember(draft: Draft, auth: AuthContext, image: Image, memberId: string): Result<void, CloudError> {
  const path = `/v2/images/${image.id}/members/${memberId}`;
  if (image.visibility !== "shared" || !(isAdmin(auth) || (image.ownerId === auth.projectId && auth.roles.includes("member")))) {
    return err(glanceError(403, path, `Not allowed to delete members for image ${image.id}.`));
  }
  if (!memberOf(draft, image.id, memberId)) return err(glanceError(404, path, `${memberId} not found in the member list of the image ${image.id}.`));
  draft.remove("imageMembers", `${image.id}/${memberId}`);
  return ok(undefined);
}

export function updateImageMember(draft: Draft, auth: AuthContext, image: Image, memberId: string, status: ImageMember["status"]): Found<ImageMember> {
  const path = `/v2/images/${image.id}/members/${memberId}`;
  if (image.visibility !== "shared") return err(glanceError(403, path, `Not allowed to update members for image ${image.id}.`));
  const m = memberOf(draft, image.id, memberId);
  if (!m) return err(glanceError(404, path, `${memberId} not found in the member list of the image ${image.id}.`));
  // Only the consumer decides: glance's modify_member rule is the member project (or an admin).
  if (!isAdmin(auth) && auth.projectId !== memberId) return err(glanceError(403, path, `Not allowed to update members for image ${image.id}.`));
  const next = { ...m, status, updatedAt: draft.now };
  draft.put("imageMembers", `${image.id}/${memberId}`, next);
  return ok(next);
}

export function listImageMembers(draft: Draft, auth: AuthContext, image: Image): Found<ImageMember[]> {
  if (image.visibility !== "shared") {
    return err(glanceError(403, `/v2/images/${image.id}/members`, `Not allowed to list members for image ${image.id}: Only shared images have members.`));
  }
  const all = draft.list("imageMembers").filter((m) => m.imageId === image.id);
  // A consumer sees only its own membership; the owner and admins see them all.
  const visible = isAdmin(auth) || image.ownerId === auth.projectId ? all : all.filter((m) => m.memberId === auth.projectId);
  return ok(visible.sort((a, b) => a.createdAt - b.createdAt || (a.memberId < b.memberId ? -1 : 1)));
}

/** A finished upload: the image turns `active` with its size and checksums, stamped with the time it finished. */
function finishUpload(draft: Draft, image: Image): void {
  const p = image.pending;
  if (!p) return;
  draft.put("images", image.id, {
    ...image, status: "active", sizeBytes: p.sizeBytes, virtualSizeBytes: p.virtualSizeBytes, checksum: p.checksum, osHashValue: p.osHashValue,
    updatedAt: p.settleAt, pending: null,
  });
}

registerSettler((draft) => {
  for (const image of draft.list("images")) if (image.pending && draft.now >= image.pending.settleAt) finishUpload(draft, image);
});

/** `--wait`: the upload finishes now. */
export function settleImageNow(draft: Draft, id: string): Image | undefined {
  const image = draft.get("images", id);
  if (image?.pending) finishUpload(draft, { ...image, pending: { ...image.pending, settleAt: Math.min(image.pending.settleAt, draft.now) } });
  return draft.get("images", id);
}
