import { z } from "zod";
import type { CloudState } from "../../state";

// Strict record schemas for Nova's collections and the references its database and API keep consistent.
// lib/cloud/schema.ts merges them into the CloudState schema; the fuzz test runs it after every line.

const id = z.string().min(1);
const props = z.record(z.string(), z.string());
const ms = z.number().int();
const count = z.number().int().min(0);
const keyed = <T extends z.ZodType<{ id: string }>>(schema: T) =>
  z.record(z.string(), schema).refine((m) => Object.entries(m).every(([k, v]) => k === v.id), "record key differs from its id");

const serverStatus = z.enum([
  "BUILD", "ACTIVE", "SHUTOFF", "PAUSED", "SUSPENDED", "SHELVED", "SHELVED_OFFLOADED", "RESCUE", "RESIZE", "VERIFY_RESIZE",
  "REVERT_RESIZE", "REBOOT", "HARD_REBOOT", "REBUILD", "MIGRATING", "ERROR", "DELETED", "SOFT_DELETED",
]);
// Nova's power_state codes (nova/compute/power_state.py): NOSTATE, RUNNING, PAUSED, SHUTDOWN, CRASHED, SUSPENDED.
const powerState = z.union([z.literal(0), z.literal(1), z.literal(3), z.literal(4), z.literal(6), z.literal(7)]);

const embeddedFlavor = z.object({
  originalName: z.string().min(1), vcpus: z.number().int().min(1), ramMb: z.number().int().min(1), diskGb: count,
  ephemeralGb: count, swapMb: count, extraSpecs: props,
}).strict();

const flavor = z.object({
  id, name: z.string().min(1), vcpus: z.number().int().min(1), ramMb: z.number().int().min(1), diskGb: count, ephemeralGb: count,
  swapMb: count, rxtxFactor: z.number().positive(), isPublic: z.boolean(), description: z.string().nullable(), extraSpecs: props,
  accessProjectIds: z.array(id),
}).strict();

const server = z.object({
  id, name: z.string(), projectId: id, userId: id, status: serverStatus, powerState, taskState: z.string().nullable(), vmState: z.string().min(1),
  pending: z.object({ status: serverStatus, settleAt: ms, vmState: z.string().min(1), powerState }).strict().nullable(),
  flavorId: id, previousFlavorId: z.string().nullable(), imageId: z.string().nullable(), keyName: z.string().nullable(),
  securityGroupNames: z.array(z.string()), hostId: z.string(), host: z.string(), hypervisorHostname: z.string(),
  availabilityZone: z.string(), portIds: z.array(id),
  volumeAttachments: z.array(z.object({ volumeId: id, device: z.string().regex(/^\/dev\/[a-z]+$/), attachmentId: id }).strict()),
  metadata: props, configDrive: z.string(), userData: z.string().nullable(), locked: z.boolean(), lockedReason: z.string().nullable(),
  description: z.string().nullable(), tags: z.array(z.string()), serverGroupId: z.string().nullable(), adminPass: z.string().nullable(),
  createdAt: ms, updatedAt: ms, launchedAt: ms.nullable(), consoleLog: z.array(z.string()), flavor: embeddedFlavor,
  resize: z.object({
    oldFlavor: embeddedFlavor, oldHost: z.string(), oldHypervisorHostname: z.string(), wasStopped: z.boolean(), migration: z.boolean(),
  }).strict().nullable(),
  fault: z.object({ code: z.number().int(), message: z.string(), created: ms }).strict().nullable(),
  bootVolume: z.object({ volumeId: id, deleteOnTermination: z.boolean() }).strict().nullable(),
  instanceName: z.string().regex(/^instance-[0-9a-f]{8}$/), reservationId: z.string().regex(/^r-[0-9a-z]{8}$/), ownedPortIds: z.array(id),
}).strict();

const serverEvent = z.object({
  id, serverId: id, requestId: z.string().regex(/^req-/), action: z.string().min(1), userId: id, projectId: id, startTime: ms,
  message: z.string().nullable(),
}).strict().refine((e) => e.id === `${e.serverId}/${e.requestId}`, "event id is not <server>/<request>");

const keypair = z.object({
  name: z.string().min(1), userId: id, type: z.enum(["ssh", "x509"]), fingerprint: z.string().min(1), publicKey: z.string().min(1), createdAt: ms,
}).strict();

const aggregate = z.object({
  id: z.number().int().min(1), uuid: id, name: z.string().min(1), availabilityZone: z.string().nullable(), hosts: z.array(z.string().min(1)),
  metadata: props, createdAt: ms, updatedAt: ms.nullable(),
}).strict();

const hypervisor = z.object({
  id, hostname: z.string().min(1), hostIp: z.string().min(1), type: z.literal("QEMU"), version: z.number().int(), state: z.enum(["up", "down"]),
  status: z.enum(["enabled", "disabled"]), vcpus: z.number().int().min(1), memoryMb: z.number().int().min(1), localGb: z.number().int().min(1),
  serviceHost: z.string().min(1),
}).strict();

const computeService = z.object({
  id, binary: z.string().min(1), host: z.string().min(1), zone: z.string().min(1), status: z.enum(["enabled", "disabled"]),
  state: z.enum(["up", "down"]), disabledReason: z.string().nullable(), forcedDown: z.boolean(), updatedAt: ms,
}).strict();

const serverGroup = z.object({
  id, name: z.string(), projectId: id, userId: id,
  policy: z.enum(["affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity"]), memberIds: z.array(id),
}).strict();

export const computeCollectionSchemas: Record<string, z.ZodType> = {
  flavors: keyed(flavor),
  servers: keyed(server),
  serverEvents: keyed(serverEvent),
  keypairs: z.record(z.string(), keypair).refine((m) => Object.entries(m).every(([k, v]) => k === `${v.userId}/${v.name}`), "keypair key differs from <user>/<name>"),
  aggregates: z.record(z.string(), aggregate).refine((m) => Object.entries(m).every(([k, v]) => k === String(v.id)), "aggregate key differs from its id"),
  hypervisors: keyed(hypervisor),
  computeServices: keyed(computeService),
  serverGroups: keyed(serverGroup),
};

/** What nova's database and API keep true between requests. */
export function computeIssues(st: CloudState): string[] {
  const out: string[] = [];
  const hosts = new Set(Object.values(st.hypervisors).map((h) => h.hostname));
  const names = new Map<string, number>();
  for (const f of Object.values(st.flavors)) names.set(f.name, (names.get(f.name) ?? 0) + 1);
  for (const [name, n] of names) if (n > 1) out.push(`flavor name ${name} used ${n} times`);
  for (const s of Object.values(st.servers)) {
    if (s.host !== "" && !hosts.has(s.host)) out.push(`server ${s.id} on unknown host ${s.host}`);
    if (new Set(s.portIds).size !== s.portIds.length) out.push(`server ${s.id} lists a port twice`);
    for (const p of s.portIds) {
      const port = st.ports[p];
      if (!port) out.push(`server ${s.id} lists missing port ${p}`);
      else if (port.deviceId !== s.id) out.push(`server ${s.id} lists port ${p} bound to ${port.deviceId || "nothing"}`);
    }
    for (const p of s.ownedPortIds) if (!s.portIds.includes(p)) out.push(`server ${s.id} owns port ${p} it does not list`);
    for (const a of s.volumeAttachments) {
      const v = st.volumes[a.volumeId];
      if (!v) out.push(`server ${s.id} has missing volume ${a.volumeId} attached`);
      else if (!v.attachments.some((x) => x.serverId === s.id)) out.push(`server ${s.id} lists volume ${a.volumeId} that does not list it`);
    }
    if (new Set(s.volumeAttachments.map((a) => a.device)).size !== s.volumeAttachments.length) out.push(`server ${s.id} uses a device twice`);
  }
  for (const e of Object.values(st.serverEvents)) if (!st.servers[e.serverId]) out.push(`event ${e.id} of missing server`);
  for (const g of Object.values(st.serverGroups)) for (const m of g.memberIds) if (!st.servers[m]) out.push(`server group ${g.id} lists missing server ${m}`);
  for (const a of Object.values(st.aggregates)) for (const h of a.hosts) if (!hosts.has(h)) out.push(`aggregate ${a.id} lists unknown host ${h}`);
  for (const h of Object.values(st.hypervisors)) {
    if (!Object.values(st.computeServices).some((c) => c.binary === "nova-compute" && c.host === h.serviceHost)) out.push(`hypervisor ${h.id} without a nova-compute service`);
  }
  // No project, flavor or image checks: keystone does not cascade, and nova embeds the flavor and keeps the
  // image id of a server whose flavor or image was deleted.
  return out;
}
