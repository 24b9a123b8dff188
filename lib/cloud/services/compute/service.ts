import type { Draft } from "../../state";
import type { AuthContext } from "../../cli/spec";
import type { Aggregate, EmbeddedFlavor, Flavor, Hypervisor, Keypair, Server, ServerGroup, ServerStatus } from "../../types";
import { err, ok, type Result } from "../../result";
import { badRequest, conflict, forbidden, notFound, type CloudError } from "../../errors";
import { newRequestId, newUuid } from "../../ids";
import { checkQuota, registerUsage } from "../../quota";
import { registerSettler } from "../../lifecycle";
import { COMMAND_TICK_MS } from "../../clock";
import { isAdmin } from "../../policy";
import { novaAuthorize } from "./policy";
import * as net from "../network/service";
import * as vol from "../volume/service";

// Nova's rules: flavors and their access lists, key pairs per user, scheduling onto the two DevStack
// hypervisors, the instance state machine (vm_state / task_state / power_state on the virtual clock), the
// quotas nova counts, and the wording of nova's API errors.

type R<T> = Result<T, CloudError>;

/** Slow operations settle by the learner's next command (the shell moves the clock one tick per command). */
export const BUILD_MS = COMMAND_TICK_MS;
export const ACTION_MS = COMMAND_TICK_MS;
export const DEFAULT_AZ = "nova";
/** nova.conf defaults for a fresh deployment: initial_cpu_allocation_ratio, reserved_host_memory_mb. */
export const CPU_ALLOCATION_RATIO = 4;
export const RESERVED_HOST_MEMORY_MB = 512;
const NO_VALID_HOST = "No valid host was found. There are not enough hosts available.";

// ------------------------------------------------------------------ lookups (openstacksdk find_* wording)

/** SDK `find_*(…, ignore_missing=False)`: `No Server found for x`, printed without an HTTP suffix. */
const sdkNotFound = (kind: string, nameOrId: string): CloudError => ({ code: "cloud/NotFound", message: `No ${kind} found for ${nameOrId}` });
const sdkDuplicate = (kind: string, name: string): CloudError => ({ code: "cloud/NoUniqueMatch", message: `More than one ${kind} exists with the name '${name}'.` });

function oneMatch<T>(matches: readonly T[], kind: string, nameOrId: string): R<T> {
  if (matches.length === 1 && matches[0] !== undefined) return ok(matches[0]);
  if (matches.length > 1) return err(sdkDuplicate(kind, nameOrId));
  return err(sdkNotFound(kind, nameOrId));
}

/** A flavor the caller may see: public ones, and private ones shared with its project (admin sees all). */
export function flavorVisible(auth: AuthContext, f: Flavor): boolean {
  return f.isPublic || isAdmin(auth) || f.accessProjectIds.includes(auth.projectId);
}

export function findFlavor(draft: Draft, auth: AuthContext, nameOrId: string): R<Flavor> {
  const byId = draft.get("flavors", nameOrId);
  if (byId && flavorVisible(auth, byId)) return ok(byId);
  return oneMatch(draft.list("flavors").filter((f) => f.name === nameOrId && flavorVisible(auth, f)), "Flavor", nameOrId);
}

export const serverVisible = (auth: AuthContext, s: Server): boolean => isAdmin(auth) || s.projectId === auth.projectId;

/**
 * GET /servers/{id} first (admin reaches any project's server by id), then a name search, which nova scopes
 * to the caller's project unless `allProjects` (admin) is asked for.
 */
export function findServer(draft: Draft, auth: AuthContext, nameOrId: string, opts: { allProjects?: boolean } = {}): R<Server> {
  const byId = draft.get("servers", nameOrId);
  if (byId && serverVisible(auth, byId)) return ok(byId);
  const all = opts.allProjects && isAdmin(auth);
  return oneMatch(draft.list("servers").filter((s) => s.name === nameOrId && (all ? true : s.projectId === auth.projectId)), "Server", nameOrId);
}

export const keypairKey = (userId: string, name: string): string => `${userId}/${name}`;

export function findKeypair(draft: Draft, auth: AuthContext, name: string, userId: string = auth.userId): R<Keypair> {
  const k = draft.get("keypairs", keypairKey(userId, name));
  return k ? ok(k) : err(sdkNotFound("Keypair", name));
}

export function findAggregate(draft: Draft, nameOrId: string): R<Aggregate> {
  const byId = draft.list("aggregates").find((a) => String(a.id) === nameOrId || a.uuid === nameOrId);
  if (byId) return ok(byId);
  return oneMatch(draft.list("aggregates").filter((a) => a.name === nameOrId), "Aggregate", nameOrId);
}

export function findHypervisor(draft: Draft, nameOrId: string): R<Hypervisor> {
  const byId = draft.get("hypervisors", nameOrId);
  if (byId) return ok(byId);
  return oneMatch(draft.list("hypervisors").filter((h) => h.hostname === nameOrId), "Hypervisor", nameOrId);
}

export function findServerGroup(draft: Draft, auth: AuthContext, nameOrId: string): R<ServerGroup> {
  const visible = (g: ServerGroup): boolean => isAdmin(auth) || g.projectId === auth.projectId;
  const byId = draft.get("serverGroups", nameOrId);
  if (byId && visible(byId)) return ok(byId);
  return oneMatch(draft.list("serverGroups").filter((g) => g.name === nameOrId && g.projectId === auth.projectId), "ServerGroup", nameOrId);
}

// ------------------------------------------------------------------ hosts, zones and capacity

export function computeServiceOf(draft: Draft, host: string) {
  return draft.list("computeServices").find((s) => s.binary === "nova-compute" && s.host === host);
}

/** A host's availability zone: the zone of an aggregate holding it, else nova's default_availability_zone. */
export function zoneOfHost(draft: Draft, host: string): string {
  const agg = draft.list("aggregates").filter((a) => a.hosts.includes(host) && a.availabilityZone).sort((a, b) => a.id - b.id)[0];
  return agg?.availabilityZone ?? DEFAULT_AZ;
}

export function availabilityZones(draft: Draft): string[] {
  const zones = new Set<string>();
  for (const s of draft.list("computeServices")) if (s.binary === "nova-compute") zones.add(zoneOfHost(draft, s.host));
  return [...zones].sort();
}

/** Statuses whose instance still holds resources on its host (a shelved-offloaded one has left it). */
const holdsHost = (s: Server): boolean => s.host !== "" && s.status !== "SHELVED_OFFLOADED" && s.status !== "DELETED";

export interface HostUsage { vcpus: number; ramMb: number; diskGb: number; servers: number }

export function hostUsage(draft: Draft, host: string): HostUsage {
  const u: HostUsage = { vcpus: 0, ramMb: 0, diskGb: 0, servers: 0 };
  for (const s of draft.list("servers")) {
    const add = (f: EmbeddedFlavor, bfv: boolean): void => {
      u.vcpus += f.vcpus;
      u.ramMb += f.ramMb;
      u.diskGb += (bfv ? 0 : f.diskGb) + f.ephemeralGb + Math.ceil(f.swapMb / 1024);
    };
    if (holdsHost(s) && s.host === host) {
      add(s.flavor, s.bootVolume !== null);
      u.servers += 1;
    }
    // During a resize or migration nova keeps the old allocation on the source host until confirm/revert.
    if (s.resize && s.resize.oldHost === host && s.host !== host) add(s.resize.oldFlavor, s.bootVolume !== null);
  }
  return u;
}

export function embedFlavor(f: Flavor): EmbeddedFlavor {
  return { originalName: f.name, vcpus: f.vcpus, ramMb: f.ramMb, diskGb: f.diskGb, ephemeralGb: f.ephemeralGb, swapMb: f.swapMb, extraSpecs: { ...f.extraSpecs } };
}

/**
 * AggregateInstanceExtraSpecsFilter: `aggregate_instance_extra_specs:k` (and unscoped `k`) extra specs must
 * be matched by the metadata of an aggregate holding the host. DevStack does not enable this filter by
 * default; the course's host-aggregate labs assume it is on, so the simulator applies it.
 */
function extraSpecsMatch(draft: Draft, host: string, specs: Record<string, string>): boolean {
  const meta = new Map<string, Set<string>>();
  for (const a of draft.list("aggregates")) {
    if (!a.hosts.includes(host)) continue;
    for (const [k, v] of Object.entries(a.metadata)) {
      const set = meta.get(k) ?? new Set<string>();
      for (const part of v.split(",")) set.add(part.trim());
      meta.set(k, set);
    }
  }
  for (const [rawKey, value] of Object.entries(specs)) {
    let key = rawKey;
    if (rawKey.includes(":")) {
      if (!rawKey.startsWith("aggregate_instance_extra_specs:")) continue;
      key = rawKey.slice("aggregate_instance_extra_specs:".length);
    }
    const have = meta.get(key);
    if (!have || !have.has(value.trim())) return false;
  }
  return true;
}

export interface Placement { host: string; hypervisorHostname: string }

export interface ScheduleRequest {
  flavor: EmbeddedFlavor; bootFromVolume: boolean; zone: string | null; forcedHost: string | null;
  group: ServerGroup | null; ignoreHost?: string | null;
}

/** The filter scheduler in miniature: enabled+up compute services, zone, forced host, RAM/CPU/disk, group policy. */
export function schedule(draft: Draft, req: ScheduleRequest): Placement | null {
  const candidates: { h: Hypervisor; freeRam: number }[] = [];
  for (const h of draft.list("hypervisors")) {
    const svc = computeServiceOf(draft, h.serviceHost);
    if (!svc || svc.status !== "enabled" || svc.state !== "up" || svc.forcedDown || h.state !== "up") continue;
    if (req.zone && zoneOfHost(draft, h.serviceHost) !== req.zone) continue;
    if (req.forcedHost && h.serviceHost !== req.forcedHost && h.hostname !== req.forcedHost) continue;
    if (req.ignoreHost && h.serviceHost === req.ignoreHost) continue;
    const used = hostUsage(draft, h.serviceHost);
    const freeRam = h.memoryMb - RESERVED_HOST_MEMORY_MB - used.ramMb;
    const disk = (req.bootFromVolume ? 0 : req.flavor.diskGb) + req.flavor.ephemeralGb + Math.ceil(req.flavor.swapMb / 1024);
    if (freeRam < req.flavor.ramMb) continue;
    if (h.vcpus * CPU_ALLOCATION_RATIO - used.vcpus < req.flavor.vcpus) continue;
    if (h.localGb - used.diskGb < disk) continue;
    if (!req.forcedHost && !extraSpecsMatch(draft, h.serviceHost, req.flavor.extraSpecs)) continue;
    if (req.group) {
      const hosts = req.group.memberIds.map((id) => draft.get("servers", id)?.host).filter((x): x is string => Boolean(x));
      if (req.group.policy === "affinity" && hosts.length > 0 && !hosts.includes(h.serviceHost)) continue;
      if (req.group.policy === "anti-affinity" && hosts.includes(h.serviceHost)) continue;
    }
    candidates.push({ h, freeRam });
  }
  // RAMWeigher (spread): the host with the most free memory wins; ties go to the first host by name.
  candidates.sort((a, b) => b.freeRam - a.freeRam || (a.h.hostname < b.h.hostname ? -1 : 1));
  const best = candidates[0];
  return best ? { host: best.h.serviceHost, hypervisorHostname: best.h.hostname } : null;
}

// ------------------------------------------------------------------ quotas nova counts

const liveServers = (draft: Draft, projectId: string): Server[] =>
  draft.list("servers").filter((s) => s.projectId === projectId && s.status !== "DELETED" && s.status !== "SOFT_DELETED");

registerUsage("instances", (d, p) => liveServers(d, p).length);
registerUsage("cores", (d, p) => liveServers(d, p).reduce((n, s) => n + s.flavor.vcpus, 0));
registerUsage("ram", (d, p) => liveServers(d, p).reduce((n, s) => n + s.flavor.ramMb, 0));
registerUsage("server_groups", (d, p) => d.list("serverGroups").filter((g) => g.projectId === p).length);
// Key pairs are counted per user; a project's figure is the key pairs of the users holding a role on it.
registerUsage("key_pairs", (d, p) => {
  const users = new Set(d.list("roleAssignments").filter((a) => a.actor.kind === "user" && a.scope.kind === "project" && a.scope.id === p).map((a) => a.actor.id));
  return d.list("keypairs").filter((k) => users.has(k.userId)).length;
});

/**
 * nova.exception.TooManyInstances: `Quota exceeded for cores, ram: Requested 2, 4096, but already used 19, 49152 of
 * 20, 51200 cores, ram` — every resource over its limit, sorted, in one sentence (HTTP 403).
 */
export function checkInstanceQuota(draft: Draft, projectId: string, count: number, f: EmbeddedFlavor): R<void> {
  const wants: [string, number][] = [["cores", f.vcpus * count], ["instances", count], ["ram", f.ramMb * count]];
  const over = wants.map(([key, req]) => ({ key, req, q: checkQuota(draft, projectId, key, req) })).filter((x) => !x.q.ok);
  if (over.length === 0) return ok(undefined);
  const names = over.map((o) => o.key).join(", ");
  return err(forbidden(
    `Quota exceeded for ${names}: Requested ${over.map((o) => o.req).join(", ")}, but already used ${over.map((o) => o.q.used).join(", ")} of ${over.map((o) => o.q.limit).join(", ")} ${names}`,
  ));
}

// ------------------------------------------------------------------ instance state machine

/** Nova's InstanceInvalidState → HTTP 409 with this sentence. */
export const invalidState = (action: string, s: Server, attr: "vm_state" | "task_state" = "vm_state"): CloudError =>
  conflict(`Cannot '${action}' instance ${s.id} while it is in ${attr} ${attr === "vm_state" ? s.vmState : s.taskState}`);

export const POWER = { NOSTATE: 0, RUNNING: 1, PAUSED: 3, SHUTDOWN: 4, SUSPENDED: 7 } as const;

/** The vm_state / power_state each user-visible status settles into. */
export const STATUS_STATE: Partial<Record<ServerStatus, { vmState: string; powerState: number }>> = {
  ACTIVE: { vmState: "active", powerState: POWER.RUNNING },
  SHUTOFF: { vmState: "stopped", powerState: POWER.SHUTDOWN },
  PAUSED: { vmState: "paused", powerState: POWER.PAUSED },
  SUSPENDED: { vmState: "suspended", powerState: POWER.SUSPENDED },
  SHELVED_OFFLOADED: { vmState: "shelved_offloaded", powerState: POWER.SHUTDOWN },
  RESCUE: { vmState: "rescued", powerState: POWER.RUNNING },
  VERIFY_RESIZE: { vmState: "resized", powerState: POWER.RUNNING },
  ERROR: { vmState: "error", powerState: POWER.NOSTATE },
};

/** Starts a transition: the server shows `transient` with `taskState` until the clock reaches the settle time. */
export function beginTransition(
  draft: Draft, s: Server, transient: ServerStatus, taskState: string | null, target: ServerStatus, patch: Partial<Server> = {}, wait = false, ms = ACTION_MS,
): Server {
  const st = STATUS_STATE[target] ?? { vmState: s.vmState, powerState: s.powerState };
  if (wait) {
    return draft.update("servers", s.id, { ...patch, status: target, taskState: null, vmState: st.vmState, powerState: target === "VERIFY_RESIZE" && patch.resize?.wasStopped ? POWER.SHUTDOWN : st.powerState, pending: null, updatedAt: draft.now });
  }
  return draft.update("servers", s.id, {
    ...patch, status: transient, taskState, updatedAt: draft.now,
    pending: { status: target, settleAt: draft.now + ms, vmState: st.vmState, powerState: target === "VERIFY_RESIZE" && patch.resize?.wasStopped ? POWER.SHUTDOWN : st.powerState },
  });
}

function settleServer(draft: Draft, s: Server): void {
  if (!s.pending || draft.now < s.pending.settleAt) return;
  const p = s.pending;
  const patch: Partial<Server> = { status: p.status, vmState: p.vmState, powerState: p.powerState, taskState: null, pending: null, updatedAt: p.settleAt };
  if (p.status === "ACTIVE" && s.launchedAt === null) patch.launchedAt = p.settleAt;
  if (p.status === "ACTIVE" && s.consoleLog.length === 0) patch.consoleLog = bootLog(s);
  if (p.status === "ERROR" && s.fault === null) patch.fault = { code: 500, message: NO_VALID_HOST, created: p.settleAt };
  draft.update("servers", s.id, patch);
}

registerSettler((draft) => {
  for (const s of draft.list("servers")) if (s.pending && draft.now >= s.pending.settleAt) settleServer(draft, s);
});

/** Settles one server at once (what `--wait` waits for). */
export function settleNow(draft: Draft, id: string): Server | undefined {
  const s = draft.get("servers", id);
  if (s?.pending) settleServer(draft, { ...s, pending: { ...s.pending, settleAt: Math.min(s.pending.settleAt, draft.now) } });
  return draft.get("servers", id);
}

function bootLog(s: Server): string[] {
  return [
    "[    0.000000] Linux version 6.1.0-21-generic (buildd@lcy02-amd64-016) #21-Ubuntu SMP",
    "[    0.000000] Command line: BOOT_IMAGE=/vmlinuz-6.1.0-21-generic root=LABEL=cirros-rootfs ro console=tty1 console=ttyS0",
    "[    0.412345] Run /init as init process",
    "=== system information ===",
    "Platform: OpenStack Foundation OpenStack Nova",
    `Container: none`,
    "Arch: x86_64",
    "=== datasource: ec2 net ===",
    `instance-id: ${s.instanceName.replace("instance-", "i-")}`,
    `name: ${s.name}`,
    "=== cirros: current=0.6.3 latest=0.6.3 uptime=11.02 ===",
    "  ____               ____  ____",
    " / __/ __ ____ ____ / __ \\/ __/",
    "/ /__ / // __// __// /_/ /\\ \\ ",
    "\\___//_//_/  /_/   \\____/___/ ",
    "   http://cirros-cloud.net",
    "",
    "",
    `login as 'cirros' user. default password: 'gocubsgo'. use 'sudo' for root.`,
    `${s.name} login: `,
  ];
}

// ------------------------------------------------------------------ events (os-instance-actions)

export function recordEvent(draft: Draft, auth: AuthContext, serverId: string, action: string, requestId: string): void {
  const key = `${serverId}/${requestId}`;
  draft.put("serverEvents", key, { id: key, serverId, requestId, action, userId: auth.userId, projectId: auth.projectId, startTime: draft.now, message: null });
}

// ------------------------------------------------------------------ create / delete

export interface NicRequest { networkId?: string; portId?: string; fixedIp?: string }

export interface CreateServerInput {
  name: string;
  flavorId: string;
  imageId?: string | null;
  /** Boot from this existing volume (`--volume`). */
  volumeId?: string | null;
  /** Create a root volume of this size from the image (`--boot-from-volume`). */
  bootVolumeSize?: number | null;
  /** `auto` (nova picks the only available network), `none`, or explicit NICs. */
  nics?: NicRequest[] | "auto" | "none";
  securityGroupIds?: string[];
  keyName?: string | null;
  availabilityZone?: string | null;
  userData?: string | null;
  configDrive?: boolean;
  metadata?: Record<string, string>;
  description?: string | null;
  serverGroupId?: string | null;
  min?: number;
  max?: number;
  wait?: boolean;
  requestId?: string;
  tags?: string[];
}

function availableNetworks(draft: Draft, projectId: string) {
  // nova's network auto-allocation considers the project's own networks and shared ones, never external ones.
  return draft.list("networks").filter((n) => !n.external && (n.projectId === projectId || n.shared));
}

/** POST /servers. Creates `max` servers (named `name-1`… when more than one), as nova does. */
export function createServers(draft: Draft, auth: AuthContext, input: CreateServerInput): R<Server[]> {
  const g = novaAuthorize(auth, "os_compute_api:servers:create", { projectId: auth.projectId });
  if (!g.ok) return g;
  const flavorRec = draft.get("flavors", input.flavorId);
  if (!flavorRec) return err(badRequest(`Flavor ${input.flavorId} could not be found.`));
  const flavor = embedFlavor(flavorRec);
  const min = input.min ?? 1;
  const max = input.max ?? min;
  if (min > max) return err(badRequest("min_count must be <= max_count"));

  // Image checks (nova/compute/api.py _validate_flavor_image).
  let imageId: string | null = input.imageId ?? null;
  const bfv = Boolean(input.volumeId) || Boolean(input.bootVolumeSize);
  if (imageId) {
    const image = draft.get("images", imageId);
    if (!image) return err(badRequest(`Image ${imageId} could not be found.`));
    if (image.status !== "active") return err(badRequest(`Image ${imageId} is not active.`));
    if (image.minRamMb > flavor.ramMb) return err(badRequest("Flavor's memory is too small for requested image."));
    if (!bfv) {
      if (flavor.diskGb === 0 && !isAdmin(auth)) return err(forbidden("Only volume-backed servers are allowed for flavors with zero disk."));
      if (flavor.diskGb > 0 && image.minDiskGb > flavor.diskGb) return err(badRequest("Flavor's disk is too small for requested image."));
      const size = image.virtualSizeBytes ?? image.sizeBytes ?? 0;
      if (flavor.diskGb > 0 && size > flavor.diskGb * 1024 ** 3) {
        return err(badRequest(`Flavor's disk is too small for requested image. Flavor disk is ${flavor.diskGb * 1024 ** 3} bytes, image is ${size} bytes.`));
      }
    }
  }
  if (input.keyName && !draft.get("keypairs", keypairKey(auth.userId, input.keyName))) return err(badRequest("Invalid key_name provided."));

  // Zone and forced host: `--availability-zone zone[:host[:node]]`.
  let zone: string | null = null;
  let forcedHost: string | null = null;
  if (input.availabilityZone) {
    const [z, h] = input.availabilityZone.split(":");
    zone = z ? z : null;
    forcedHost = h ? h : null;
    if (forcedHost) {
      const fh = novaAuthorize(auth, "os_compute_api:servers:create:forced_host", { projectId: auth.projectId });
      if (!fh.ok) return fh;
    }
    if (zone && !availabilityZones(draft).includes(zone)) return err(badRequest("The requested availability zone is not available"));
  }
  let group: ServerGroup | null = null;
  if (input.serverGroupId) {
    const sg = draft.get("serverGroups", input.serverGroupId);
    if (!sg) return err(badRequest(`Invalid server group: ${input.serverGroupId}`));
    group = sg;
  }

  const q = checkInstanceQuota(draft, auth.projectId, max, flavor);
  if (!q.ok) {
    // nova creates as many as fit when the minimum fits.
    if (min === max || !checkInstanceQuota(draft, auth.projectId, min, flavor).ok) return q;
  }

  // Networks (nova API validation happens before anything is created).
  let nics: NicRequest[] = [];
  if (input.nics === undefined || input.nics === "auto") {
    const avail = availableNetworks(draft, auth.projectId);
    if (avail.length > 1) return err(conflict("Multiple possible networks found, use a Network ID to be more specific."));
    if (avail.length === 1 && avail[0]) nics = [{ networkId: avail[0].id }];
  } else if (input.nics !== "none") nics = input.nics;
  if (nics.some((n) => n.portId) && max > 1) return err(badRequest("Unable to launch multiple instances with a single configured port ID. Please launch your instance one by one with different ports."));
  for (const n of nics) {
    if (n.portId) {
      const p = draft.get("ports", n.portId);
      if (!p) return err(notFound(`Port id ${n.portId} could not be found.`));
      if (p.deviceId) return err(conflict(`Port ${n.portId} is still in use.`));
    } else if (n.networkId && !draft.get("networks", n.networkId)) return err(badRequest(`Network ${n.networkId} could not be found.`));
  }

  const count = q.ok ? max : (() => {
    let n = max;
    while (n > min && !checkInstanceQuota(draft, auth.projectId, n, flavor).ok) n--;
    return n;
  })();
  const requestId = input.requestId ?? newRequestId(draft);
  const reservationId = `r-${newUuid(draft).slice(0, 8)}`;
  const created: Server[] = [];
  for (let i = 0; i < count; i++) {
    const r = createOne(draft, auth, input, { flavor, imageId, zone, forcedHost, group, nics, requestId, reservationId, index: i, count });
    if (!r.ok) return r;
    created.push(r.value);
  }
  return ok(created);
}

interface CreateCtx {
  flavor: EmbeddedFlavor; imageId: string | null; zone: string | null; forcedHost: string | null; group: ServerGroup | null;
  nics: NicRequest[]; requestId: string; reservationId: string; index: number; count: number;
}

function nextInstanceName(draft: Draft): string {
  let max = 0;
  for (const s of draft.list("servers")) max = Math.max(max, parseInt(s.instanceName.replace("instance-", ""), 16) || 0);
  return `instance-${(max + 1).toString(16).padStart(8, "0")}`;
}

function createOne(draft: Draft, auth: AuthContext, input: CreateServerInput, c: CreateCtx): R<Server> {
  const id = newUuid(draft);
  const name = c.count > 1 ? `${input.name}-${c.index + 1}` : input.name;
  const placement = schedule(draft, { flavor: c.flavor, bootFromVolume: Boolean(input.volumeId || input.bootVolumeSize), zone: c.zone, forcedHost: c.forcedHost, group: c.group });
  const server: Server = {
    id, name, projectId: auth.projectId, userId: auth.userId, status: "BUILD", powerState: POWER.NOSTATE, taskState: "scheduling", vmState: "building",
    pending: null, flavorId: input.flavorId, previousFlavorId: null, imageId: input.volumeId || input.bootVolumeSize ? null : c.imageId, keyName: input.keyName ?? null,
    securityGroupNames: [], hostId: "", host: placement?.host ?? "", hypervisorHostname: placement?.hypervisorHostname ?? "",
    availabilityZone: placement ? (c.zone ?? zoneOfHost(draft, placement.host)) : (c.zone ?? ""), portIds: [], volumeAttachments: [],
    metadata: { ...(input.metadata ?? {}) }, configDrive: input.configDrive ? "True" : "", userData: input.userData ?? null, locked: false, lockedReason: null,
    description: input.description ?? null, tags: [...(input.tags ?? [])], serverGroupId: input.serverGroupId ?? null, adminPass: null,
    createdAt: draft.now, updatedAt: draft.now, launchedAt: null, consoleLog: [], flavor: c.flavor, resize: null, fault: null, bootVolume: null,
    instanceName: nextInstanceName(draft), reservationId: c.reservationId, ownedPortIds: [],
  };
  if (placement) server.hostId = hostIdFor(auth.projectId, placement.host);
  draft.put("servers", id, server);
  recordEvent(draft, auth, id, "create", c.requestId);
  if (c.group) {
    const grp = draft.get("serverGroups", c.group.id);
    if (grp) draft.update("serverGroups", grp.id, { memberIds: [...grp.memberIds, id] });
  }
  if (!placement) {
    // NoValidHost: nova records the fault and leaves the instance in ERROR without ports or volumes.
    const s = beginTransition(draft, server, "BUILD", "scheduling", "ERROR", {}, input.wait ?? false, BUILD_MS);
    if (input.wait) return ok(draft.update("servers", s.id, { fault: { code: 500, message: NO_VALID_HOST, created: draft.now } }));
    return ok(s);
  }

  // Ports: nova asks neutron for one per requested network, or binds a port the user made.
  const portIds: string[] = [];
  const owned: string[] = [];
  const sgNames = new Set<string>();
  for (const nic of c.nics) {
    if (nic.portId) {
      const r = net.updatePortDevice(draft, auth, nic.portId, { deviceId: id, deviceOwner: `compute:${server.availabilityZone}` });
      if (!r.ok) return r;
      portIds.push(nic.portId);
      for (const sgId of r.value.securityGroupIds) sgNames.add(draft.get("securityGroups", sgId)?.name ?? sgId);
    } else if (nic.networkId) {
      const sgIds = input.securityGroupIds && input.securityGroupIds.length > 0 ? input.securityGroupIds : undefined;
      const r = net.createPort(draft, auth, {
        networkId: nic.networkId, ...(nic.fixedIp ? { fixedIps: [{ ipAddress: nic.fixedIp }] } : {}),
        ...(sgIds ? { securityGroupIds: sgIds } : {}), deviceId: id, deviceOwner: `compute:${server.availabilityZone}`,
      });
      if (!r.ok) return r;
      portIds.push(r.value.id);
      owned.push(r.value.id);
      for (const sgId of r.value.securityGroupIds) sgNames.add(draft.get("securityGroups", sgId)?.name ?? sgId);
    }
  }
  if (c.nics.length === 0) for (const sgId of input.securityGroupIds ?? []) sgNames.add(draft.get("securityGroups", sgId)?.name ?? sgId);

  // Root volume for boot-from-volume.
  let bootVolume: Server["bootVolume"] = null;
  let attachments: Server["volumeAttachments"] = [];
  if (input.volumeId || input.bootVolumeSize) {
    let volumeId = input.volumeId ?? null;
    if (!volumeId && c.imageId) {
      const v = vol.createVolume(draft, auth, { size: input.bootVolumeSize ?? 1, imageId: c.imageId, name: "", wait: true });
      if (!v.ok) return v;
      volumeId = v.value.id;
    }
    if (volumeId) {
      const a = vol.attachVolume(draft, auth, { serverId: id, volumeId, device: "/dev/vda", host: server.host, wait: true });
      if (!a.ok) return a;
      bootVolume = { volumeId, deleteOnTermination: false };
      attachments = draft.get("servers", id)?.volumeAttachments ?? [];
    }
  }
  const current = draft.get("servers", id) ?? server;
  const withPorts = draft.update("servers", id, {
    portIds, ownedPortIds: owned, securityGroupNames: [...sgNames].sort(), bootVolume,
    volumeAttachments: attachments.length > 0 ? attachments : current.volumeAttachments,
  });
  return ok(beginTransition(draft, withPorts, "BUILD", "spawning", "ACTIVE", {}, input.wait ?? false, BUILD_MS));
}

/** Nova's hostId: sha224(project_id + host), so two servers of one project on one host share it. */
export function hostIdFor(projectId: string, host: string): string {
  let h1 = 0x811c9dc5;
  let out = "";
  const text = projectId + host;
  for (let round = 0; out.length < 56; round++) {
    for (let i = 0; i < text.length; i++) h1 = Math.imul(h1 ^ text.charCodeAt(i), 0x01000193) >>> 0;
    h1 = Math.imul(h1 ^ round, 0x01000193) >>> 0;
    out += h1.toString(16).padStart(8, "0");
  }
  return out.slice(0, 56);
}

/** Contract export: one server. */
export function createServer(draft: Draft, auth: AuthContext, input: CreateServerInput): R<Server> {
  const r = createServers(draft, auth, { ...input, min: 1, max: 1 });
  if (!r.ok) return r;
  const s = r.value[0];
  return s ? ok(s) : err(badRequest("no server created"));
}

/** Locked instances refuse every action to non-admins (nova.exception.InstanceIsLocked, HTTP 409). */
export function checkLock(auth: AuthContext, s: Server): R<void> {
  if (s.locked && !isAdmin(auth)) return err(conflict(`Instance ${s.id} is locked`));
  return ok(undefined);
}

/** DELETE /servers/{id}: ports nova made are deleted, pre-made ports unbound, volumes detached (and freed). */
export function deleteServer(draft: Draft, auth: AuthContext, serverId: string): R<void> {
  const s = draft.get("servers", serverId);
  if (!s) return err(notFound(`Instance ${serverId} could not be found.`));
  const g = novaAuthorize(auth, "os_compute_api:servers:delete", { projectId: s.projectId });
  if (!g.ok) return g;
  const l = checkLock(auth, s);
  if (!l.ok) return l;
  for (const portId of s.portIds) {
    if (!draft.get("ports", portId)) continue;
    const r = s.ownedPortIds.includes(portId) ? net.deletePort(draft, auth, portId) : net.updatePortDevice(draft, auth, portId, { deviceId: "", deviceOwner: "" });
    if (!r.ok) return r;
  }
  for (const a of s.volumeAttachments) {
    if (!draft.get("volumes", a.volumeId)) continue;
    const r = vol.detachVolume(draft, auth, { serverId: s.id, volumeId: a.volumeId, wait: true });
    if (!r.ok) return r;
  }
  for (const grp of draft.list("serverGroups")) if (grp.memberIds.includes(s.id)) draft.update("serverGroups", grp.id, { memberIds: grp.memberIds.filter((m) => m !== s.id) });
  for (const e of draft.list("serverEvents")) if (e.serverId === s.id) draft.remove("serverEvents", e.id);
  draft.remove("servers", s.id);
  return ok(undefined);
}

