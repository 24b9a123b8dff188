import { z } from "zod";
import type * as T from "../cloud";
import { QUOTA_RESOURCES } from "../cloud/quota";
import { count, custom, flag, lookup, named, props, ref, refs, scalar, strings, type Ctx, type Field, type Named } from "./fields";

/**
 * Every resource kind a check can name, over the simulated cloud's plain-JSON state. A kind lists its records,
 * how to call one ("server web1"), and its fields; `where` may use the kind's selector fields, `expect` any
 * field. Adding a field here makes it valid in lab files at once (the zod schema is built from this table).
 */
export interface ResourceKind<R = unknown> {
  /** "server", used in reasons: "No server named web1 exists". */
  noun: string;
  records(ctx: Ctx): R[];
  subject(ctx: Ctx, record: R): string;
  /** Fields usable in `where` to pick the record (the rest of `fields` only in `expect`). */
  selectors: readonly string[];
  fields: Record<string, Field<R>>;
  /** `where` values assumed when the author leaves them out. */
  defaults?: Record<string, unknown>;
}

const values = <V>(map: Record<string, V>): V[] => Object.values(map);
const str = z.string().min(1);
const strOrNull = z.string().nullable();
const projectOf = <R extends { projectId: string }>() => ref<R>("project", (ctx, r) => lookup(ctx, "projects", r.projectId));
const nameField = <R extends { name: string | null }>() => scalar<R>("name", str, (_c, r) => r.name);

function kind<R>(k: ResourceKind<R>): ResourceKind<unknown> {
  return k as unknown as ResourceKind<unknown>;
}

// ------------------------------------------------------------------------------------------------ identity

const domain = kind<T.Domain>({
  noun: "domain",
  records: (ctx) => values(ctx.state.domains),
  subject: (_c, r) => `Domain ${r.name}`,
  selectors: ["name"],
  fields: {
    name: nameField(),
    enabled: flag("enabled", "disabled", (_c, r) => r.enabled),
    description: scalar("description", z.string(), (_c, r) => r.description),
  },
});

const project = kind<T.Project>({
  noun: "project",
  records: (ctx) => values(ctx.state.projects),
  subject: (_c, r) => `Project ${r.name}`,
  selectors: ["name", "domain"],
  fields: {
    name: nameField(),
    domain: ref("domain", (ctx, r) => lookup(ctx, "domains", r.domainId)),
    enabled: flag("enabled", "disabled", (_c, r) => r.enabled),
    description: scalar("description", z.string(), (_c, r) => r.description),
    parent: ref("parent", (ctx, r) => (ctx.state.projects[r.parentId] ? lookup(ctx, "projects", r.parentId) : lookup(ctx, "domains", r.parentId))),
    tags: strings("tags", (_c, r) => r.tags),
  },
});

const user = kind<T.User>({
  noun: "user",
  records: (ctx) => values(ctx.state.users),
  subject: (_c, r) => `User ${r.name}`,
  selectors: ["name", "domain"],
  fields: {
    name: nameField(),
    domain: ref("domain", (ctx, r) => lookup(ctx, "domains", r.domainId)),
    enabled: flag("enabled", "disabled", (_c, r) => r.enabled),
    email: scalar("email", strOrNull, (_c, r) => r.email),
    description: scalar("description", strOrNull, (_c, r) => r.description),
    defaultProject: ref("default project", (ctx, r) => lookup(ctx, "projects", r.defaultProjectId)),
    groups: refs("group", "groups", (ctx, r) => values(ctx.state.groups).filter((g) => g.memberIds.includes(r.id)).map((g) => named(g.name, g.id))),
    password: custom(
      str,
      (_c, r, expected) => (r.password === expected ? null : "does not have the password the task asks for"),
      () => "the password the task asks for",
    ),
  },
});

const group = kind<T.Group>({
  noun: "group",
  records: (ctx) => values(ctx.state.groups),
  subject: (_c, r) => `Group ${r.name}`,
  selectors: ["name", "domain"],
  fields: {
    name: nameField(),
    domain: ref("domain", (ctx, r) => lookup(ctx, "domains", r.domainId)),
    description: scalar("description", z.string(), (_c, r) => r.description),
    members: refs("member", "members", (ctx, r) => r.memberIds.map((id) => lookup(ctx, "users", id) as Named)),
  },
});

/** A role assignment as checks see it: direct ones, plus (with `effective: true`) those via groups and implied roles. */
interface AssignmentView {
  role: Named;
  user: Named | null;
  group: Named | null;
  project: Named | null;
  domain: Named | null;
  system: boolean;
  inherited: boolean;
  effective: boolean;
}

function assignmentViews(ctx: Ctx): AssignmentView[] {
  const direct: AssignmentView[] = values(ctx.state.roleAssignments).map((a) => ({
    role: lookup(ctx, "roles", a.roleId) as Named,
    user: a.actor.kind === "user" ? lookup(ctx, "users", a.actor.id) : null,
    group: a.actor.kind === "group" ? lookup(ctx, "groups", a.actor.id) : null,
    project: a.scope.kind === "project" ? lookup(ctx, "projects", a.scope.id) : null,
    domain: a.scope.kind === "domain" ? lookup(ctx, "domains", a.scope.id) : null,
    system: a.scope.kind === "system",
    inherited: a.inherited,
    effective: false,
  }));
  // Effective assignments, as `role assignment list --effective` shows them: group members get the group's
  // roles, and each role brings the roles it implies (admin → member → reader in a fresh keystone).
  const effective: AssignmentView[] = [];
  for (const a of direct) {
    const users = a.user ? [a.user] : values(ctx.state.groups).find((g) => g.id === a.group?.id)?.memberIds.map((id) => lookup(ctx, "users", id) as Named) ?? [];
    const roleIds = new Set<string>([a.role.id]);
    const stack = [a.role.id];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      for (const implied of ctx.state.roles[id]?.impliedRoleIds ?? []) if (!roleIds.has(implied)) (roleIds.add(implied), stack.push(implied));
    }
    for (const u of users) for (const roleId of roleIds) effective.push({ ...a, role: lookup(ctx, "roles", roleId) as Named, user: u, group: null, effective: true });
  }
  return [...direct, ...effective];
}

const roleAssignment = kind<AssignmentView>({
  noun: "role assignment",
  records: assignmentViews,
  subject: (_c, r) =>
    `Role ${r.role.name} for ${r.user ? `user ${r.user.name}` : `group ${r.group?.name ?? "?"}`} on ${r.project ? `project ${r.project.name}` : r.domain ? `domain ${r.domain.name}` : "the system"}`,
  selectors: ["role", "user", "group", "project", "domain", "system", "inherited", "effective"],
  // Direct assignments unless the author asks for effective ones (as `role assignment list` without --effective).
  defaults: { effective: false },
  fields: {
    role: ref("role", (_c, r) => r.role),
    user: ref("user", (_c, r) => r.user),
    group: ref("group", (_c, r) => r.group),
    project: ref("project", (_c, r) => r.project),
    domain: ref("domain", (_c, r) => r.domain),
    system: flag("system-wide", "not system-wide", (_c, r) => r.system),
    inherited: flag("inherited", "not inherited", (_c, r) => r.inherited),
    effective: flag("effective", "direct", (_c, r) => r.effective),
  },
});

// ------------------------------------------------------------------------------------------------ compute

const flavor = kind<T.Flavor>({
  noun: "flavor",
  records: (ctx) => values(ctx.state.flavors),
  subject: (_c, r) => `Flavor ${r.name}`,
  selectors: ["name"],
  fields: {
    name: nameField(),
    vcpus: count("vCPUs", (_c, r) => r.vcpus),
    ram: count("RAM", (_c, r) => r.ramMb, " MiB"),
    disk: count("disk", (_c, r) => r.diskGb, " GiB"),
    ephemeral: count("ephemeral disk", (_c, r) => r.ephemeralGb, " GiB"),
    swap: count("swap", (_c, r) => r.swapMb, " MiB"),
    public: flag("public", "private", (_c, r) => r.isPublic),
    properties: props("property", (_c, r) => r.extraSpecs),
    projects: refs("project with access", "projects with access", (ctx, r) => r.accessProjectIds.map((id) => lookup(ctx, "projects", id) as Named)),
  },
});

function serverFloatingIps(ctx: Ctx, server: T.Server): T.FloatingIp[] {
  return values(ctx.state.floatingIps).filter((f) => f.portId !== null && server.portIds.includes(f.portId));
}

const server = kind<T.Server>({
  noun: "server",
  records: (ctx) => values(ctx.state.servers),
  subject: (_c, r) => `Server ${r.name}`,
  selectors: ["name", "project", "status"],
  fields: {
    name: nameField(),
    project: projectOf(),
    status: scalar("status", str, (_c, r) => r.status, { is: true, caseless: true }),
    flavor: ref("flavor", (ctx, r) => lookup(ctx, "flavors", r.flavorId)),
    image: ref("image", (ctx, r) => lookup(ctx, "images", r.imageId)),
    networks: refs("network", "networks", (ctx, r) =>
      r.portIds.map((id) => ctx.state.ports[id]).flatMap((p) => (p ? [lookup(ctx, "networks", p.networkId) as Named] : [])),
    ),
    securityGroups: refs("security group", "security groups", (ctx, r) => {
      const fromPorts = r.portIds.flatMap((id) => ctx.state.ports[id]?.securityGroupIds ?? []).map((id) => lookup(ctx, "securityGroups", id) as Named);
      return [...fromPorts, ...r.securityGroupNames.map((name) => ({ id: name, name }))];
    }),
    volumes: refs("volume", "volumes attached", (ctx, r) => r.volumeAttachments.map((a) => lookup(ctx, "volumes", a.volumeId) as Named)),
    bootVolume: ref("boot volume", (ctx, r) => (r.bootVolume ? lookup(ctx, "volumes", r.bootVolume.volumeId) : null)),
    keypair: scalar("key pair", strOrNull, (_c, r) => r.keyName),
    availabilityZone: scalar("availability zone", str, (_c, r) => r.availabilityZone),
    host: scalar("host", str, (_c, r) => r.host),
    locked: flag("locked", "unlocked", (_c, r) => r.locked),
    metadata: props("property", (_c, r) => r.metadata),
    floatingIp: flag("reachable through a floating IP", "without a floating IP", (ctx, r) => serverFloatingIps(ctx, r).length > 0),
    serverGroup: scalar("server group", strOrNull, (ctx, r) => (r.serverGroupId ? (ctx.state.serverGroups[r.serverGroupId]?.name ?? r.serverGroupId) : null)),
  },
});

const keypair = kind<T.Keypair>({
  noun: "key pair",
  records: (ctx) => values(ctx.state.keypairs),
  subject: (_c, r) => `Key pair ${r.name}`,
  selectors: ["name", "user"],
  fields: {
    name: nameField(),
    user: ref("owner", (ctx, r) => lookup(ctx, "users", r.userId)),
    type: scalar("type", z.enum(["ssh", "x509"]), (_c, r) => r.type),
  },
});

const aggregate = kind<T.Aggregate>({
  noun: "aggregate",
  records: (ctx) => values(ctx.state.aggregates),
  subject: (_c, r) => `Aggregate ${r.name}`,
  selectors: ["name"],
  fields: {
    name: nameField(),
    availabilityZone: scalar("availability zone", strOrNull, (_c, r) => r.availabilityZone),
    hosts: strings("hosts", (_c, r) => r.hosts),
    properties: props("property", (_c, r) => r.metadata),
  },
});

const computeService = kind<T.ComputeService>({
  noun: "compute service",
  records: (ctx) => values(ctx.state.computeServices),
  subject: (_c, r) => `Service ${r.binary} on ${r.host}`,
  selectors: ["host", "binary", "status"],
  fields: {
    host: scalar("host", str, (_c, r) => r.host),
    binary: scalar("binary", str, (_c, r) => r.binary),
    status: scalar("status", z.enum(["enabled", "disabled"]), (_c, r) => r.status, { is: true }),
    state: scalar("state", z.enum(["up", "down"]), (_c, r) => r.state, { is: true }),
    forcedDown: flag("forced down", "not forced down", (_c, r) => r.forcedDown),
  },
});

// ------------------------------------------------------------------------------------------------ image

const image = kind<T.Image>({
  noun: "image",
  records: (ctx) => values(ctx.state.images),
  subject: (_c, r) => `Image ${r.name}`,
  selectors: ["name", "owner", "status"],
  fields: {
    name: nameField(),
    owner: ref("owner", (ctx, r) => lookup(ctx, "projects", r.ownerId)),
    status: scalar("status", str, (_c, r) => r.status, { is: true, caseless: true }),
    visibility: scalar("visibility", z.enum(["public", "private", "shared", "community"]), (_c, r) => r.visibility, { is: true }),
    protected: flag("protected", "unprotected", (_c, r) => r.protected),
    diskFormat: scalar("disk format", str, (_c, r) => r.diskFormat),
    containerFormat: scalar("container format", str, (_c, r) => r.containerFormat),
    minDisk: count("minimum disk", (_c, r) => r.minDiskGb, " GiB"),
    minRam: count("minimum RAM", (_c, r) => r.minRamMb, " MiB"),
    properties: props("property", (_c, r) => r.properties),
    tags: strings("tags", (_c, r) => r.tags),
    members: refs("member", "members", (ctx, r) =>
      values(ctx.state.imageMembers).filter((m) => m.imageId === r.id).map((m) => lookup(ctx, "projects", m.memberId) as Named),
    ),
  },
});

interface ImageMemberView {
  image: Named;
  project: Named;
  status: string;
}

const imageMember = kind<ImageMemberView>({
  noun: "image member",
  records: (ctx) =>
    values(ctx.state.imageMembers).map((m) => ({ image: lookup(ctx, "images", m.imageId) as Named, project: lookup(ctx, "projects", m.memberId) as Named, status: m.status })),
  subject: (_c, r) => `Project ${r.project.name || r.project.id} as a member of image ${r.image.name}`,
  selectors: ["image", "project", "status"],
  fields: {
    image: ref("image", (_c, r) => r.image),
    project: ref("project", (_c, r) => r.project),
    status: scalar("status", z.enum(["pending", "accepted", "rejected"]), (_c, r) => r.status, { is: true }),
  },
});

// ------------------------------------------------------------------------------------------------ block storage

/** `source: { snapshot: nightly }`: what a volume was created from, by name or id; exactly one kind. */
const volumeSourceSchema = z
  .strictObject({ snapshot: str.optional(), volume: str.optional(), image: str.optional(), backup: str.optional() })
  .refine((v) => Object.keys(v).length === 1, "Expected exactly one of `snapshot`, `volume`, `image`, `backup`, like `source: { snapshot: nightly }`");
type VolumeSource = z.infer<typeof volumeSourceSchema>;
const SOURCE_NOUN: Record<keyof VolumeSource, string> = { snapshot: "snapshot", volume: "volume", image: "image", backup: "backup" };

function volumeSource(ctx: Ctx, r: T.Volume): { kind: keyof VolumeSource; source: Named } | null {
  const pick = (id: string | null | undefined, record: { name: string | null } | undefined): Named | null => (id ? named(record?.name ?? null, id) : null);
  // A restore goes through a plain new volume, so the backup wins over the other fields.
  const backup = pick(r.backupId, r.backupId ? ctx.state.volumeBackups[r.backupId] : undefined);
  if (backup) return { kind: "backup", source: backup };
  const snapshot = pick(r.snapshotId, r.snapshotId ? ctx.state.volumeSnapshots[r.snapshotId] : undefined);
  if (snapshot) return { kind: "snapshot", source: snapshot };
  const volume = pick(r.sourceVolumeId, r.sourceVolumeId ? ctx.state.volumes[r.sourceVolumeId] : undefined);
  if (volume) return { kind: "volume", source: volume };
  const image = pick(r.imageId, r.imageId ? ctx.state.images[r.imageId] : undefined);
  return image ? { kind: "image", source: image } : null;
}

const volume = kind<T.Volume>({
  noun: "volume",
  records: (ctx) => values(ctx.state.volumes),
  subject: (_c, r) => `Volume ${r.name ?? r.id}`,
  selectors: ["name", "project", "status"],
  fields: {
    name: nameField(),
    project: projectOf(),
    size: count("size", (_c, r) => r.sizeGb, " GiB"),
    status: scalar("status", str, (_c, r) => r.status, { is: true, caseless: true }),
    type: ref("type", (ctx, r) => lookup(ctx, "volumeTypes", r.volumeTypeId)),
    bootable: flag("bootable", "not bootable", (_c, r) => r.bootable),
    multiattach: flag("multi-attach", "single-attach", (_c, r) => r.multiattach),
    image: ref("source image", (ctx, r) => lookup(ctx, "images", r.imageId)),
    source: custom(volumeSourceSchema, (ctx, r, expected) => {
      const want = expected as VolumeSource;
      const actual = volumeSource(ctx, r);
      const [kind, ref] = Object.entries(want)[0] as [keyof VolumeSource, string];
      if (actual && actual.kind === kind && (actual.source.id === ref || actual.source.name === ref)) return null;
      const have = actual ? `was made from ${SOURCE_NOUN[actual.kind]} ${actual.source.name || actual.source.id}` : "was not made from a snapshot, volume, image or backup";
      return `${have}; the task wants it made from ${SOURCE_NOUN[kind]} ${ref}`;
    }, (expected) => {
      const [kind, ref] = Object.entries(expected as VolumeSource)[0] as [keyof VolumeSource, string];
      return `made from ${SOURCE_NOUN[kind]} ${ref}`;
    }),
    attachedTo: refs("server", "attached to", (ctx, r) => r.attachments.map((a) => lookup(ctx, "servers", a.serverId) as Named)),
    properties: props("property", (_c, r) => r.metadata),
  },
});

const volumeSnapshot = kind<T.VolumeSnapshot>({
  noun: "volume snapshot",
  records: (ctx) => values(ctx.state.volumeSnapshots),
  subject: (_c, r) => `Snapshot ${r.name ?? r.id}`,
  selectors: ["name", "project", "status"],
  fields: {
    name: nameField(),
    project: projectOf(),
    volume: ref("volume", (ctx, r) => lookup(ctx, "volumes", r.volumeId)),
    status: scalar("status", str, (_c, r) => r.status, { is: true, caseless: true }),
    size: count("size", (_c, r) => r.sizeGb, " GiB"),
  },
});

const volumeBackup = kind<T.VolumeBackup>({
  noun: "volume backup",
  records: (ctx) => values(ctx.state.volumeBackups),
  subject: (_c, r) => `Backup ${r.name ?? r.id}`,
  selectors: ["name", "project", "status"],
  fields: {
    name: nameField(),
    project: projectOf(),
    volume: ref("volume", (ctx, r) => lookup(ctx, "volumes", r.volumeId)),
    status: scalar("status", str, (_c, r) => r.status, { is: true, caseless: true }),
    incremental: flag("incremental", "a full backup", (_c, r) => r.incremental),
    container: scalar("container", str, (_c, r) => r.container),
  },
});

const volumeType = kind<T.VolumeType>({
  noun: "volume type",
  records: (ctx) => values(ctx.state.volumeTypes),
  subject: (_c, r) => `Volume type ${r.name}`,
  selectors: ["name"],
  fields: {
    name: nameField(),
    public: flag("public", "private", (_c, r) => r.isPublic),
    description: scalar("description", strOrNull, (_c, r) => r.description),
    properties: props("property", (_c, r) => r.extraSpecs),
    projects: refs("project with access", "projects with access", (ctx, r) => r.accessProjectIds.map((id) => lookup(ctx, "projects", id) as Named)),
  },
});

// ------------------------------------------------------------------------------------------------ network

const network = kind<T.Network>({
  noun: "network",
  records: (ctx) => values(ctx.state.networks),
  subject: (_c, r) => `Network ${r.name}`,
  selectors: ["name", "project"],
  fields: {
    name: nameField(),
    project: projectOf(),
    external: flag("external", "internal", (_c, r) => r.external),
    shared: flag("shared", "not shared", (_c, r) => r.shared),
    adminStateUp: flag("up", "down", (_c, r) => r.adminStateUp),
    mtu: count("MTU", (_c, r) => r.mtu),
    portSecurity: flag("port-security enabled", "port-security disabled", (_c, r) => r.portSecurityEnabled),
    providerNetworkType: scalar("provider network type", strOrNull, (_c, r) => r.providerNetworkType),
    providerPhysicalNetwork: scalar("provider physical network", strOrNull, (_c, r) => r.providerPhysicalNetwork),
    providerSegment: count("provider segment", (_c, r) => r.providerSegmentationId),
  },
});

const pools = z.array(z.strictObject({ start: z.string(), end: z.string() }));

const subnet = kind<T.Subnet>({
  noun: "subnet",
  records: (ctx) => values(ctx.state.subnets),
  subject: (_c, r) => `Subnet ${r.name}`,
  selectors: ["name", "network", "project"],
  fields: {
    name: nameField(),
    project: projectOf(),
    network: ref("network", (ctx, r) => lookup(ctx, "networks", r.networkId)),
    range: scalar("range", str, (_c, r) => r.cidr),
    ipVersion: custom(z.union([z.literal(4), z.literal(6)]), (_c, r, e) => (r.ipVersion === e ? null : `is IPv${r.ipVersion}; the task wants IPv${String(e)}`), (e) => `IPv${String(e)}`),
    gateway: scalar("gateway", strOrNull, (_c, r) => r.gatewayIp),
    dhcp: flag("DHCP-enabled", "without DHCP", (_c, r) => r.enableDhcp),
    allocationPools: custom(
      pools,
      (_c, r, e) => {
        const want = (e as T.AllocationPool[]).map((p) => `${p.start}-${p.end}`).sort().join(", ");
        const have = r.allocationPools.map((p) => `${p.start}-${p.end}`).sort().join(", ");
        return want === have ? null : `has allocation pools ${have || "none"}; the task wants ${want || "none"}`;
      },
      (e) => `allocation pools ${(e as T.AllocationPool[]).map((p) => `${p.start}-${p.end}`).join(", ")}`,
    ),
    dnsNameservers: strings("DNS servers", (_c, r) => r.dnsNameservers),
    hostRoutes: strings("host routes", (_c, r) => r.hostRoutes.map((h) => `${h.destination},${h.nexthop}`)),
  },
});

const routerInterfaces = (ctx: Ctx, router: T.Router): Named[] =>
  values(ctx.state.ports)
    .filter((p) => p.deviceId === router.id && p.deviceOwner === "network:router_interface")
    .flatMap((p) => p.fixedIps.map((ip) => lookup(ctx, "subnets", ip.subnetId) as Named));

const router = kind<T.Router>({
  noun: "router",
  records: (ctx) => values(ctx.state.routers),
  subject: (_c, r) => `Router ${r.name}`,
  selectors: ["name", "project"],
  fields: {
    name: nameField(),
    project: projectOf(),
    externalGateway: ref("external gateway", (ctx, r) => (r.externalGateway ? lookup(ctx, "networks", r.externalGateway.networkId) : null)),
    snat: flag("doing SNAT", "not doing SNAT", (_c, r) => (r.externalGateway ? r.externalGateway.enableSnat : null)),
    interfaces: refs("interface on subnet", "interfaces on subnets", routerInterfaces),
    adminStateUp: flag("up", "down", (_c, r) => r.adminStateUp),
    routes: strings("static routes", (_c, r) => r.routes.map((h) => `${h.destination},${h.nexthop}`)),
  },
});

const port = kind<T.Port>({
  noun: "port",
  records: (ctx) => values(ctx.state.ports),
  subject: (_c, r) => `Port ${r.name || r.id}`,
  selectors: ["name", "network", "project", "server"],
  fields: {
    name: nameField(),
    project: projectOf(),
    network: ref("network", (ctx, r) => lookup(ctx, "networks", r.networkId)),
    fixedIps: strings("fixed IPs", (_c, r) => r.fixedIps.map((ip) => ip.ipAddress)),
    adminStateUp: flag("up", "down", (_c, r) => r.adminStateUp),
    securityGroups: refs("security group", "security groups", (ctx, r) => r.securityGroupIds.map((id) => lookup(ctx, "securityGroups", id) as Named)),
    portSecurity: flag("port-security enabled", "port-security disabled", (_c, r) => r.portSecurityEnabled),
    server: ref("server", (ctx, r) => (r.deviceOwner.startsWith("compute:") ? lookup(ctx, "servers", r.deviceId) : null)),
    deviceOwner: scalar("device owner", z.string(), (_c, r) => r.deviceOwner),
  },
});

const floatingIp = kind<T.FloatingIp>({
  noun: "floating IP",
  records: (ctx) => values(ctx.state.floatingIps),
  subject: (_c, r) => `Floating IP ${r.floatingIpAddress}`,
  selectors: ["address", "network", "server", "description", "project"],
  fields: {
    address: scalar("address", str, (_c, r) => r.floatingIpAddress),
    project: projectOf(),
    network: ref("network", (ctx, r) => lookup(ctx, "networks", r.floatingNetworkId)),
    server: ref("server", (ctx, r) => {
      const p = r.portId ? ctx.state.ports[r.portId] : undefined;
      return p && p.deviceOwner.startsWith("compute:") ? lookup(ctx, "servers", p.deviceId) : null;
    }),
    port: ref("port", (ctx, r) => lookup(ctx, "ports", r.portId)),
    fixedIp: scalar("fixed IP", strOrNull, (_c, r) => r.fixedIpAddress),
    associated: flag("associated", "unassociated", (_c, r) => r.portId !== null),
    description: scalar("description", z.string(), (_c, r) => r.description),
  },
});

const securityGroup = kind<T.SecurityGroup>({
  noun: "security group",
  records: (ctx) => values(ctx.state.securityGroups),
  subject: (_c, r) => `Security group ${r.name}`,
  selectors: ["name", "project"],
  fields: {
    name: nameField(),
    project: projectOf(),
    description: scalar("description", z.string(), (_c, r) => r.description),
    stateful: flag("stateful", "stateless", (_c, r) => r.stateful),
  },
});

const ruleDescription = (r: T.SecurityGroupRule): string => {
  const ports = r.portRangeMin === null ? "any port" : r.portRangeMin === r.portRangeMax ? `port ${r.portRangeMin}` : `ports ${r.portRangeMin}-${r.portRangeMax}`;
  const remote = r.remoteIpPrefix ?? (r.remoteGroupId ? "its group" : "anywhere");
  return `${r.direction} ${r.protocol ?? "any protocol"} ${ports} from ${remote}`;
};

const securityGroupRule = kind<T.SecurityGroupRule>({
  noun: "security group rule",
  records: (ctx) => values(ctx.state.securityGroupRules),
  subject: (ctx, r) => `Rule "${ruleDescription(r)}" of security group ${ctx.state.securityGroups[r.securityGroupId]?.name ?? r.securityGroupId}`,
  selectors: ["group", "project", "direction", "ethertype", "protocol", "portMin", "portMax", "remoteIp", "remoteGroup"],
  fields: {
    group: ref("security group", (ctx, r) => lookup(ctx, "securityGroups", r.securityGroupId)),
    project: projectOf(),
    direction: scalar("direction", z.enum(["ingress", "egress"]), (_c, r) => r.direction),
    ethertype: scalar("ethertype", z.enum(["IPv4", "IPv6"]), (_c, r) => r.ethertype),
    protocol: scalar("protocol", strOrNull, (_c, r) => r.protocol, { caseless: true }),
    portMin: scalar("lowest port", z.number().int().nullable(), (_c, r) => r.portRangeMin),
    portMax: scalar("highest port", z.number().int().nullable(), (_c, r) => r.portRangeMax),
    remoteIp: scalar("remote range", strOrNull, (_c, r) => r.remoteIpPrefix),
    remoteGroup: ref("remote group", (ctx, r) => lookup(ctx, "securityGroups", r.remoteGroupId)),
    description: scalar("description", z.string(), (_c, r) => r.description),
  },
});

// ------------------------------------------------------------------------------------------------ quotas

interface QuotaView {
  project: Named;
  limits: Record<string, number>;
}

const quotaFields: Record<string, Field<QuotaView>> = Object.fromEntries(
  QUOTA_RESOURCES.map((resource) => [
    resource.key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()),
    count(`a ${resource.label} quota of`, (_c, r) => r.limits[resource.key] ?? null),
  ]),
);

const quota = kind<QuotaView>({
  noun: "quota",
  records: (ctx) =>
    values(ctx.state.projects).map((p) => ({
      project: named(p.name, p.id),
      limits: { ...Object.fromEntries(QUOTA_RESOURCES.map((r) => [r.key, r.defaultLimit])), ...ctx.state.quotaDefaults.default, ...ctx.state.quotas[p.id] },
    })),
  subject: (_c, r) => `Project ${r.project.name}`,
  selectors: ["project"],
  fields: { project: ref("project", (_c, r) => r.project), ...quotaFields },
});

// ------------------------------------------------------------------------------------------------ object storage

const container = kind<T.Container>({
  noun: "container",
  records: (ctx) => values(ctx.state.containers),
  subject: (_c, r) => `Container ${r.name}`,
  selectors: ["name", "project"],
  fields: {
    name: nameField(),
    project: projectOf(),
    readAcl: scalar("read ACL", strOrNull, (_c, r) => r.readAcl),
    writeAcl: scalar("write ACL", strOrNull, (_c, r) => r.writeAcl),
    properties: props("property", (_c, r) => r.metadata, { caselessKeys: true }),
    objects: count("object count", (ctx, r) => values(ctx.state.objects).filter((o) => o.projectId === r.projectId && o.container === r.name).length),
  },
});

const SECOND_MS = 1000;

const object = kind<T.StoredObject>({
  noun: "object",
  records: (ctx) => values(ctx.state.objects),
  subject: (_c, r) => `Object ${r.container}/${r.name}`,
  selectors: ["name", "container", "project"],
  fields: {
    name: nameField(),
    container: scalar("container", str, (_c, r) => r.container),
    project: projectOf(),
    content: scalar("content", z.string(), (_c, r) => r.content),
    contentType: scalar("content type", str, (_c, r) => r.contentType),
    properties: props("property", (_c, r) => r.metadata, { caselessKeys: true }),
    expires: flag("set to expire", "not set to expire", (_c, r) => r.deleteAt !== null),
    expiresWithin: custom(
      z.number().int().positive(),
      (ctx, r, e) => {
        if (r.deleteAt === null) return `never expires; the task wants it to expire within ${String(e)} seconds`;
        const left = Math.round((r.deleteAt - ctx.state.meta.now) / SECOND_MS);
        return left <= (e as number) ? null : `expires in ${left} seconds; the task wants it to expire within ${String(e)} seconds`;
      },
      (e) => `expires within ${String(e)} seconds`,
    ),
  },
});

// ------------------------------------------------------------------------------------------------ orchestration

const stack = kind<T.Stack>({
  noun: "stack",
  records: (ctx) => values(ctx.state.stacks).filter((s) => s.deletedAt === null),
  subject: (_c, r) => `Stack ${r.name}`,
  selectors: ["name", "project", "status"],
  fields: {
    name: nameField(),
    project: projectOf(),
    status: scalar("status", str, (_c, r) => r.status, { is: true, caseless: true }),
    outputs: props("output", (_c, r) => Object.fromEntries(r.outputs.map((o) => [o.key, typeof o.value === "string" ? o.value : JSON.stringify(o.value)]))),
    parameters: props("parameter", (_c, r) => r.parameters),
    resources: count("resource count", (ctx, r) => values(ctx.state.stackResources).filter((x) => x.stackId === r.id).length),
  },
});

export const resourceKinds = {
  domain,
  project,
  user,
  group,
  roleAssignment,
  flavor,
  server,
  keypair,
  aggregate,
  computeService,
  image,
  imageMember,
  volume,
  volumeSnapshot,
  volumeBackup,
  volumeType,
  network,
  subnet,
  router,
  port,
  floatingIp,
  securityGroup,
  securityGroupRule,
  quota,
  container,
  object,
  stack,
} satisfies Record<string, ResourceKind<unknown>>;

export type ResourceKindName = keyof typeof resourceKinds;
export const resourceKindNames = Object.keys(resourceKinds) as ResourceKindName[];
