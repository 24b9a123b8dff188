import type { Draft } from "../../state";
import type { AuthContext } from "../../cli/spec";
import type { Account, Container, Props, StoredObject } from "../../types";
import { err, ok, type Result } from "../../result";
import { commandError, type CloudError } from "../../errors";
import { newHexId } from "../../ids";
import { registerSettler } from "../../lifecycle";
import { md5Hex } from "./md5";

// Swift's rules for one account per project: containers, objects, metadata, ACLs, container quotas and
// expiring objects. Every `openstack container|object` call goes to the caller's own account (the catalog's
// `AUTH_$(project_id)s` endpoint), so there is no cross-project listing, not even for admin.
//
// Errors: Swift answers failures with an HTML body, so keystoneauth prints only the reason phrase with the
// status and Swift's transaction id, e.g. `Not Found (HTTP 404) (Request-ID: tx…-…)`. These are built here
// (with a Swift-shaped transaction id) rather than through the CLI's `req-…` suffix.

type Found<T> = Result<T, CloudError>;

/** keystoneauth's `operator_roles` in DevStack are `member, admin`; `reader` may only read (project_reader_roles). */
const OPERATOR_ROLES = ["admin", "member"];
const READER_ROLES = ["reader"];
export const DEFAULT_STORAGE_POLICY = "Policy-0";
/** Swift's constraints (swift.conf [swift-constraints] defaults). */
export const MAX_CONTAINER_NAME_LENGTH = 256;
export const MAX_OBJECT_NAME_LENGTH = 1024;
export const MAX_META_VALUE_LENGTH = 256;

const REASONS: Record<number, string> = {
  400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict",
  412: "Precondition Failed", 413: "Request Entity Too Large",
};

/** `tx` + 21 hex characters + `-` + the request time in hex: Swift's transaction id (swift.common.utils). */
export function newTransId(draft: Draft): string {
  return `tx${newHexId(draft).slice(0, 21)}-${Math.floor(draft.now / 1000).toString(16).padStart(10, "0")}`;
}

export function swiftError(draft: Draft, status: number): CloudError {
  const code = status === 404 ? "cloud/NotFound" : status === 409 ? "cloud/Conflict" : status === 403 ? "cloud/Forbidden" : "cloud/BadRequest";
  return { code, message: `${REASONS[status] ?? "Error"} (HTTP ${status}) (Request-ID: ${newTransId(draft)})` };
}

export const accountName = (projectId: string): string => `AUTH_${projectId}`;
const containerKey = (projectId: string, name: string): string => `${projectId}/${name}`;
const objectKey = (projectId: string, container: string, name: string): string => `${projectId}/${container}/${name}`;

/** Python's str.title(), which Swift applies to metadata header names (`x-object-meta-color` → `Color`). */
export function titleCase(key: string): string {
  let out = "";
  let prevLetter = false;
  for (const ch of key) {
    const isLetter = ch.toLowerCase() !== ch.toUpperCase();
    out += isLetter ? (prevLetter ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    prevLetter = isLetter;
  }
  return out;
}

// ------------------------------------------------------------------ policy

export function canWrite(auth: AuthContext): boolean {
  return auth.roles.some((r) => OPERATOR_ROLES.includes(r));
}

export function canRead(auth: AuthContext): boolean {
  return canWrite(auth) || auth.roles.some((r) => READER_ROLES.includes(r));
}

function requireWrite(draft: Draft, auth: AuthContext): Result<void, CloudError> {
  return canWrite(auth) ? ok(undefined) : err(swiftError(draft, 403));
}

function requireRead(draft: Draft, auth: AuthContext): Result<void, CloudError> {
  return canRead(auth) ? ok(undefined) : err(swiftError(draft, 403));
}

// ------------------------------------------------------------------ lookups

export function isExpired(draft: Draft, o: StoredObject): boolean {
  return o.deleteAt !== null && draft.now >= o.deleteAt;
}

/** Objects of a container, sorted by name as Swift lists them; expired objects are already gone. */
export function containerObjects(draft: Draft, projectId: string, container: string): StoredObject[] {
  const prefix = `${projectId}/${container}/`;
  return draft
    .list("objects")
    .filter((o) => o.projectId === projectId && o.container === container && o.id.startsWith(prefix) && !isExpired(draft, o))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function containerUsage(draft: Draft, projectId: string, container: string): { count: number; bytes: number } {
  const objects = containerObjects(draft, projectId, container);
  return { count: objects.length, bytes: objects.reduce((n, o) => n + byteLength(o.content), 0) };
}

export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

export function projectContainers(draft: Draft, projectId: string): Container[] {
  return draft
    .list("containers")
    .filter((c) => c.projectId === projectId)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The cross-service lookup: a container of the caller's account by name (Swift names are the ids). */
export function findContainer(draft: Draft, auth: AuthContext, name: string): Found<Container> {
  const r = requireRead(draft, auth);
  if (!r.ok) return r;
  const c = draft.get("containers", containerKey(auth.projectId, name));
  return c ? ok(c) : err(swiftError(draft, 404));
}

export function findObject(draft: Draft, auth: AuthContext, container: string, name: string): Found<StoredObject> {
  const c = findContainer(draft, auth, container);
  if (!c.ok) return c;
  const o = draft.get("objects", objectKey(auth.projectId, container, name));
  return o && !isExpired(draft, o) ? ok(o) : err(swiftError(draft, 404));
}

export function getAccount(draft: Draft, projectId: string): Account {
  return draft.get("accounts", projectId) ?? { projectId, metadata: {} };
}

// ------------------------------------------------------------------ containers

export interface ContainerInput {
  name: string;
  readAcl?: string | null;
  writeAcl?: string | null;
  storagePolicy?: string | null;
  metadata?: Props;
}

/** PUT on a container: creates it, or (as Swift does) just accepts the request when it already exists. */
export function createContainer(draft: Draft, auth: AuthContext, input: ContainerInput): Found<Container> {
  const w = requireWrite(draft, auth);
  if (!w.ok) return w;
  if (input.name === "" || input.name.includes("/")) return err(swiftError(draft, 404));
  if (input.name.length > MAX_CONTAINER_NAME_LENGTH) {
    return err({ code: "cloud/BadRequest", message: `Bad Request (HTTP 400) (Request-ID: ${newTransId(draft)})` });
  }
  if (input.storagePolicy !== undefined && input.storagePolicy !== null && input.storagePolicy !== DEFAULT_STORAGE_POLICY) {
    return err(swiftError(draft, 400));
  }
  const key = containerKey(auth.projectId, input.name);
  const existing = draft.get("containers", key);
  if (existing) {
    const patch: Partial<Container> = {};
    if (input.readAcl !== undefined) patch.readAcl = input.readAcl;
    if (input.writeAcl !== undefined) patch.writeAcl = input.writeAcl;
    if (input.metadata) patch.metadata = { ...existing.metadata, ...normalizeMeta(input.metadata) };
    return ok(Object.keys(patch).length > 0 ? draft.update("containers", key, patch) : existing);
  }
  const c: Container = {
    id: key, projectId: auth.projectId, name: input.name, metadata: normalizeMeta(input.metadata ?? {}),
    readAcl: input.readAcl ?? null, writeAcl: input.writeAcl ?? null, storagePolicy: DEFAULT_STORAGE_POLICY, createdAt: draft.now,
  };
  draft.put("containers", key, c);
  return ok(c);
}

/** DELETE on a container: Swift refuses while it holds objects (HTTP 409). */
export function deleteContainer(draft: Draft, auth: AuthContext, name: string): Found<void> {
  const c = findContainer(draft, auth, name);
  if (!c.ok) return c;
  const w = requireWrite(draft, auth);
  if (!w.ok) return w;
  if (containerObjects(draft, auth.projectId, name).length > 0) return err(swiftError(draft, 409));
  // Expired objects the expirer has not reaped yet go with it.
  for (const o of draft.list("objects")) if (o.projectId === auth.projectId && o.container === name) draft.remove("objects", o.id);
  draft.remove("containers", c.value.id);
  return ok(undefined);
}

function normalizeMeta(meta: Props): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(meta)) out[titleCase(k)] = v;
  return out;
}

/** POST metadata (X-Container-Meta-*, X-Remove-Container-Meta-*) and ACL headers on a container. */
export function updateContainer(
  draft: Draft, auth: AuthContext, name: string,
  change: { set?: Props; remove?: string[]; readAcl?: string | null; writeAcl?: string | null },
): Found<Container> {
  const c = findContainer(draft, auth, name);
  if (!c.ok) return c;
  const w = requireWrite(draft, auth);
  if (!w.ok) return w;
  const meta = { ...c.value.metadata, ...normalizeMeta(change.set ?? {}) };
  for (const k of change.remove ?? []) delete meta[titleCase(k)];
  for (const [k, v] of Object.entries(meta)) if (v === "") delete meta[k];
  if (Object.values(meta).some((v) => v.length > MAX_META_VALUE_LENGTH)) return err(swiftError(draft, 400));
  const patch: Partial<Container> = { metadata: meta };
  if (change.readAcl !== undefined) patch.readAcl = change.readAcl === "" ? null : change.readAcl;
  if (change.writeAcl !== undefined) patch.writeAcl = change.writeAcl === "" ? null : change.writeAcl;
  return ok(draft.update("containers", c.value.id, patch));
}

// ------------------------------------------------------------------ objects

/** Python's mimetypes for the extensions a course uses; Swift falls back to application/octet-stream. */
const MIME: Record<string, string> = {
  txt: "text/plain", html: "text/html", htm: "text/html", css: "text/css", js: "text/javascript", json: "application/json",
  xml: "application/xml", csv: "text/csv", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif",
  svg: "image/svg+xml", pdf: "application/pdf", tar: "application/x-tar", zip: "application/zip", sh: "application/x-sh",
  py: "text/x-python", md: "text/markdown", yaml: "application/yaml", yml: "application/yaml", iso: "application/x-iso9660-image",
};

export function guessContentType(name: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return (ext && MIME[ext]) ?? "application/octet-stream";
}

export interface ObjectInput {
  container: string;
  name: string;
  content: string;
  contentType?: string | null;
  metadata?: Props;
  /** X-Delete-At (epoch seconds) or X-Delete-After (seconds from now); the latter wins, as in Swift. */
  deleteAt?: number | null;
  deleteAfter?: number | null;
}

/** Seconds since the epoch, the unit of X-Delete-At. */
export const epochSeconds = (ms: number): number => Math.floor(ms / 1000);

function resolveDeleteAt(draft: Draft, deleteAt: number | null | undefined, deleteAfter: number | null | undefined): Result<number | null | undefined, CloudError> {
  if (deleteAfter !== undefined && deleteAfter !== null) {
    if (!Number.isInteger(deleteAfter) || deleteAfter < 0) return err(swiftError(draft, 400));
    return ok((epochSeconds(draft.now) + deleteAfter) * 1000);
  }
  if (deleteAt !== undefined && deleteAt !== null) {
    if (!Number.isInteger(deleteAt) || deleteAt * 1000 <= draft.now) return err(swiftError(draft, 400));
    return ok(deleteAt * 1000);
  }
  return ok(deleteAt === null ? null : undefined);
}

/** PUT an object; enforces the container_quotas middleware (`Quota-Bytes`, `Quota-Count` container metadata). */
export function putObject(draft: Draft, auth: AuthContext, input: ObjectInput): Found<StoredObject> {
  const c = findContainer(draft, auth, input.container);
  if (!c.ok) return c;
  const w = requireWrite(draft, auth);
  if (!w.ok) return w;
  if (input.name === "" || input.name.length > MAX_OBJECT_NAME_LENGTH) return err(swiftError(draft, 400));
  const key = objectKey(auth.projectId, input.container, input.name);
  const previous = draft.get("objects", key);
  const usage = containerUsage(draft, auth.projectId, input.container);
  const replacing = previous && !isExpired(draft, previous) ? previous : undefined;
  const newBytes = usage.bytes - (replacing ? byteLength(replacing.content) : 0) + byteLength(input.content);
  const newCount = usage.count + (replacing ? 0 : 1);
  const quotaBytes = Number(c.value.metadata["Quota-Bytes"] ?? NaN);
  const quotaCount = Number(c.value.metadata["Quota-Count"] ?? NaN);
  if ((Number.isFinite(quotaBytes) && newBytes > quotaBytes) || (Number.isFinite(quotaCount) && newCount > quotaCount)) {
    return err(swiftError(draft, 413));
  }
  const del = resolveDeleteAt(draft, input.deleteAt, input.deleteAfter);
  if (!del.ok) return del;
  const o: StoredObject = {
    id: key, projectId: auth.projectId, container: input.container, name: input.name, content: input.content,
    contentType: input.contentType ?? guessContentType(input.name), etag: md5Hex(input.content),
    metadata: normalizeMeta(input.metadata ?? {}), deleteAt: del.value ?? null, lastModified: draft.now,
  };
  draft.put("objects", key, o);
  return ok(o);
}

export function deleteObject(draft: Draft, auth: AuthContext, container: string, name: string): Found<void> {
  const o = findObject(draft, auth, container, name);
  if (!o.ok) return o;
  const w = requireWrite(draft, auth);
  if (!w.ok) return w;
  draft.remove("objects", o.value.id);
  return ok(undefined);
}

/**
 * POST on an object. Swift's object server replaces the whole set of user metadata and X-Delete-At with what
 * the request carries: `openstack object set --property b=2` drops an earlier `a=1`, `object unset` (which
 * sends only X-Remove-Object-Meta-* headers) leaves no properties, and any POST without X-Delete-At or
 * X-Delete-After cancels a pending expiry. That is the real behaviour, surprising as it is.
 */
export function postObject(
  draft: Draft, auth: AuthContext, container: string, name: string,
  change: { metadata?: Props; deleteAt?: number | null; deleteAfter?: number | null },
): Found<StoredObject> {
  const o = findObject(draft, auth, container, name);
  if (!o.ok) return o;
  const w = requireWrite(draft, auth);
  if (!w.ok) return w;
  const del = resolveDeleteAt(draft, change.deleteAt, change.deleteAfter);
  if (!del.ok) return del;
  if (Object.values(change.metadata ?? {}).some((v) => v.length > MAX_META_VALUE_LENGTH)) return err(swiftError(draft, 400));
  return ok(draft.update("objects", o.value.id, { metadata: normalizeMeta(change.metadata ?? {}), deleteAt: del.value ?? null, lastModified: draft.now }));
}

// ------------------------------------------------------------------ account

export function updateAccount(draft: Draft, auth: AuthContext, change: { set?: Props; remove?: string[] }): Found<Account> {
  const w = requireWrite(draft, auth);
  if (!w.ok) return w;
  const account = getAccount(draft, auth.projectId);
  const meta = { ...account.metadata, ...normalizeMeta(change.set ?? {}) };
  for (const k of change.remove ?? []) delete meta[titleCase(k)];
  for (const [k, v] of Object.entries(meta)) if (v === "") delete meta[k];
  const next: Account = { projectId: auth.projectId, metadata: meta };
  draft.put("accounts", auth.projectId, next);
  return ok(next);
}

export function accountStats(draft: Draft, projectId: string): { containers: number; objects: number; bytes: number } {
  let objects = 0;
  let bytes = 0;
  const containers = projectContainers(draft, projectId);
  for (const c of containers) {
    const u = containerUsage(draft, projectId, c.name);
    objects += u.count;
    bytes += u.bytes;
  }
  return { containers: containers.length, objects, bytes };
}

// ------------------------------------------------------------------ expiry

// The object-expirer reaps expired objects; reads already treat them as gone (Swift answers 404 as soon as
// X-Delete-At has passed), so removing them on the next command is indistinguishable for a learner.
registerSettler((draft) => {
  for (const o of draft.list("objects")) if (o.deleteAt !== null && draft.now >= o.deleteAt) draft.remove("objects", o.id);
});

export { requireRead, requireWrite };
