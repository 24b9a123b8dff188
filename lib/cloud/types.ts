// Record shapes of every service, as plain JSON. References are ids (as in the real APIs), never object
// references, so a state can be stored as jsonb and replayed. Field names are camelCase; commands map them to
// the API's names (`router:external`, `OS-EXT-SRV-ATTR:host`, …) when they print. Timestamps are virtual-clock
// milliseconds. Optional API attributes are `null` rather than absent so that `show` tables keep their rows.

export type Id = string;
export type Props = Record<string, string>;

// ---------------------------------------------------------------- identity (keystone)
export interface Domain { id: Id; name: string; description: string; enabled: boolean; tags: string[] }
export interface Project {
  id: Id; name: string; domainId: Id; description: string; enabled: boolean;
  /** The parent project, or the owning domain's id for a top-level project (keystone's shape). */
  parentId: Id; tags: string[]; options: Props;
}
export interface User {
  id: Id; name: string; domainId: Id; enabled: boolean;
  /** Kept in clear text: the simulator only compares it when a learner signs in. */
  password: string | null;
  email: string | null; description: string | null; defaultProjectId: Id | null;
}
export interface Group { id: Id; name: string; domainId: Id; description: string; memberIds: Id[] }
export interface Role { id: Id; name: string; domainId: Id | null; description: string | null; impliedRoleIds: Id[] }
export interface RoleAssignment {
  id: Id; roleId: Id; actor: { kind: "user" | "group"; id: Id };
  scope: { kind: "project" | "domain" | "system"; id: Id }; inherited: boolean;
}
export interface Region { id: string; description: string; parentRegionId: string | null }
export interface CatalogService { id: Id; name: string; type: string; description: string; enabled: boolean }
export interface Endpoint {
  id: Id; serviceId: Id; interface: "public" | "internal" | "admin"; url: string; regionId: string | null; enabled: boolean;
}
export interface ApplicationCredential {
  id: Id; name: string; userId: Id; projectId: Id; description: string | null; secret: string;
  expiresAt: number | null; unrestricted: boolean; roleIds: Id[]; accessRules: unknown[];
}
/** OS-FEDERATION identity provider; its id is the name the admin chose (`identity provider create <name>`). */
export interface IdentityProvider {
  id: string; description: string | null; domainId: Id; enabled: boolean; remoteIds: string[]; authorizationTtl: number | null;
}
/** OS-FEDERATION mapping: the rules as the JSON file gave them. */
export interface FederationMapping { id: string; rules: unknown[]; schemaVersion: string }
/** Keyed `<idpId>/<protocolId>`: a protocol belongs to one identity provider. */
export interface FederationProtocol { key: string; id: string; idpId: string; mappingId: string }
/** OS-FEDERATION service provider: a remote cloud this keystone hands SAML assertions to (the id is the name). */
export interface ServiceProvider {
  id: string; description: string | null; enabled: boolean; authUrl: string; spUrl: string; relayStatePrefix: string;
}

// ---------------------------------------------------------------- compute (nova)
export interface Flavor {
  id: string; name: string; vcpus: number; ramMb: number; diskGb: number; ephemeralGb: number; swapMb: number;
  rxtxFactor: number; isPublic: boolean; description: string | null; extraSpecs: Props; accessProjectIds: Id[];
}
export type ServerStatus =
  | "BUILD" | "ACTIVE" | "SHUTOFF" | "PAUSED" | "SUSPENDED" | "SHELVED" | "SHELVED_OFFLOADED" | "RESCUE"
  | "RESIZE" | "VERIFY_RESIZE" | "REVERT_RESIZE" | "REBOOT" | "HARD_REBOOT" | "REBUILD" | "MIGRATING"
  | "ERROR" | "DELETED" | "SOFT_DELETED";
export interface Server {
  id: Id; name: string; projectId: Id; userId: Id; status: ServerStatus;
  /** Nova's power_state code: 0 NOSTATE, 1 Running, 3 Paused, 4 Shutdown, 7 Suspended. */
  powerState: number; taskState: string | null; vmState: string;
  /** A status a pending action moves to when the virtual clock reaches `settleAt`. */
  pending: { status: ServerStatus; settleAt: number; vmState: string; powerState: number } | null;
  flavorId: string; previousFlavorId: string | null; imageId: Id | null; keyName: string | null;
  securityGroupNames: string[]; hostId: string; host: string; hypervisorHostname: string;
  availabilityZone: string; portIds: Id[]; volumeAttachments: { volumeId: Id; device: string; attachmentId: Id }[];
  metadata: Props; configDrive: string; userData: string | null; locked: boolean; lockedReason: string | null;
  description: string | null; tags: string[]; serverGroupId: Id | null; adminPass: string | null;
  createdAt: number; updatedAt: number; launchedAt: number | null; consoleLog: string[];
  /** The flavor as nova embeds it in the instance at boot/resize (it survives the flavor's deletion). */
  flavor: EmbeddedFlavor;
  /** Set between `server resize` and its confirm/revert (and for cold migration). */
  resize: { oldFlavor: EmbeddedFlavor; oldHost: string; oldHypervisorHostname: string; wasStopped: boolean; migration: boolean } | null;
  /** Present when the instance is in ERROR (e.g. the scheduler found no host). */
  fault: { code: number; message: string; created: number } | null;
  /** The root volume of a boot-from-volume server. */
  bootVolume: { volumeId: Id; deleteOnTermination: boolean } | null;
  /** `instance-0000000a`: libvirt's domain name, from nova's instance sequence. */
  instanceName: string; reservationId: string;
  /** Ports nova created for `--network`/`--nic net-id`; deleted with the server (pre-made `--port`s are only unbound). */
  ownedPortIds: Id[];
}
export interface EmbeddedFlavor {
  originalName: string; vcpus: number; ramMb: number; diskGb: number; ephemeralGb: number; swapMb: number; extraSpecs: Props;
}
export interface ServerEvent {
  id: Id; serverId: Id; requestId: string; action: string; userId: Id; projectId: Id; startTime: number;
  message: string | null;
}
export interface Keypair { name: string; userId: Id; type: "ssh" | "x509"; fingerprint: string; publicKey: string; createdAt: number }
export interface Aggregate {
  id: number; uuid: Id; name: string; availabilityZone: string | null; hosts: string[]; metadata: Props;
  createdAt: number; updatedAt: number | null;
}
export interface Hypervisor {
  id: Id; hostname: string; hostIp: string; type: "QEMU"; version: number; state: "up" | "down";
  status: "enabled" | "disabled"; vcpus: number; memoryMb: number; localGb: number; serviceHost: string;
}
export interface ComputeService {
  id: Id; binary: string; host: string; zone: string; status: "enabled" | "disabled"; state: "up" | "down";
  disabledReason: string | null; forcedDown: boolean; updatedAt: number;
}
export interface ServerGroup { id: Id; name: string; projectId: Id; userId: Id; policy: string; memberIds: Id[] }

// ---------------------------------------------------------------- image (glance)
export interface Image {
  id: Id; name: string; ownerId: Id; status: "queued" | "saving" | "active" | "deactivated" | "killed" | "deleted" | "importing";
  visibility: "public" | "private" | "shared" | "community"; protected: boolean;
  diskFormat: string | null; containerFormat: string | null; minDiskGb: number; minRamMb: number;
  sizeBytes: number | null; virtualSizeBytes: number | null; checksum: string | null; osHashValue: string | null;
  properties: Props; tags: string[]; createdAt: number; updatedAt: number;
  /** File content when uploaded from the learner's virtual files (kept so `image save` round-trips). */
  data: string | null;
  /** An upload in flight (a server snapshot): the image stays `queued` until the clock reaches `settleAt`. */
  pending?: ImageUpload | null;
}
export interface ImageUpload { settleAt: number; sizeBytes: number; virtualSizeBytes: number | null; checksum: string; osHashValue: string }
export interface ImageMember { imageId: Id; memberId: Id; status: "pending" | "accepted" | "rejected"; createdAt: number; updatedAt: number }

// ---------------------------------------------------------------- block storage (cinder)
export type VolumeStatus =
  | "creating" | "available" | "reserved" | "attaching" | "in-use" | "detaching" | "deleting" | "error"
  | "extending" | "backing-up" | "restoring-backup" | "awaiting-transfer" | "maintenance" | "retyping";
export interface Volume {
  id: Id; name: string | null; projectId: Id; userId: Id; sizeGb: number; status: VolumeStatus;
  pending: { status: VolumeStatus; settleAt: number } | null;
  volumeTypeId: Id; availabilityZone: string; bootable: boolean; multiattach: boolean; encrypted: boolean;
  description: string | null; sourceVolumeId: Id | null; snapshotId: Id | null; imageId: Id | null;
  attachments: { id: Id; serverId: Id; device: string; host: string; attachedAt: number }[];
  metadata: Props; imageMetadata: Props; host: string; createdAt: number; updatedAt: number | null;
  /** The backup restored into this volume (cinder keeps it internally; the API does not show it). */
  backupId?: Id | null;
}
export interface VolumeType {
  id: Id; name: string; description: string | null; isPublic: boolean; extraSpecs: Props; accessProjectIds: Id[];
  qosSpecsId: Id | null;
}
export interface VolumeSnapshot {
  id: Id; name: string | null; volumeId: Id; projectId: Id; sizeGb: number; status: string; description: string | null;
  metadata: Props; createdAt: number; updatedAt: number | null;
}
export interface VolumeBackup {
  id: Id; name: string | null; volumeId: Id; snapshotId: Id | null; projectId: Id; sizeGb: number; status: string;
  container: string; incremental: boolean; hasDependentBackups: boolean; objectCount: number; description: string | null;
  availabilityZone: string | null; createdAt: number; updatedAt: number | null; dataTimestamp: number;
}
export interface VolumeTransfer { id: Id; name: string | null; volumeId: Id; projectId: Id; authKey: string; createdAt: number }
export interface QosSpec { id: Id; name: string; consumer: "front-end" | "back-end" | "both"; specs: Props }
export interface VolumeService { binary: string; host: string; zone: string; status: "enabled" | "disabled"; state: "up" | "down"; updatedAt: number }

// ---------------------------------------------------------------- network (neutron)
export interface Network {
  id: Id; name: string; projectId: Id; adminStateUp: boolean; status: "ACTIVE" | "DOWN" | "BUILD" | "ERROR";
  shared: boolean; external: boolean; mtu: number; portSecurityEnabled: boolean; isDefault: boolean | null;
  providerNetworkType: string | null; providerPhysicalNetwork: string | null; providerSegmentationId: number | null;
  availabilityZoneHints: string[]; description: string; dnsDomain: string | null; qosPolicyId: Id | null;
  tags: string[]; revisionNumber: number; createdAt: number; updatedAt: number;
}
export interface AllocationPool { start: string; end: string }
export interface Subnet {
  id: Id; name: string; networkId: Id; projectId: Id; ipVersion: 4 | 6; cidr: string; gatewayIp: string | null;
  enableDhcp: boolean; allocationPools: AllocationPool[]; dnsNameservers: string[];
  hostRoutes: { destination: string; nexthop: string }[]; ipv6RaMode: string | null; ipv6AddressMode: string | null;
  subnetPoolId: Id | null; description: string; serviceTypes: string[]; segmentId: Id | null; tags: string[];
  revisionNumber: number; createdAt: number; updatedAt: number;
}
export interface FixedIp { subnetId: Id; ipAddress: string }
export interface Port {
  id: Id; name: string; networkId: Id; projectId: Id; macAddress: string; fixedIps: FixedIp[];
  adminStateUp: boolean; status: "ACTIVE" | "DOWN" | "BUILD";
  /** e.g. `compute:nova`, `network:dhcp`, `network:router_interface`, `network:router_gateway`, `network:floatingip`. */
  deviceOwner: string; deviceId: string; securityGroupIds: Id[]; portSecurityEnabled: boolean;
  bindingHostId: string; bindingVnicType: string; allowedAddressPairs: { ipAddress: string; macAddress: string }[];
  description: string; tags: string[]; revisionNumber: number; createdAt: number; updatedAt: number;
}
export interface Router {
  id: Id; name: string; projectId: Id; adminStateUp: boolean; status: "ACTIVE" | "DOWN";
  externalGateway: { networkId: Id; enableSnat: boolean; externalFixedIps: FixedIp[] } | null;
  routes: { destination: string; nexthop: string }[]; distributed: boolean; ha: boolean;
  availabilityZoneHints: string[]; description: string; tags: string[]; revisionNumber: number; createdAt: number; updatedAt: number;
}
export interface FloatingIp {
  id: Id; projectId: Id; floatingNetworkId: Id; floatingIpAddress: string; fixedIpAddress: string | null;
  portId: Id | null; routerId: Id | null; status: "ACTIVE" | "DOWN"; description: string; dnsName: string;
  tags: string[]; revisionNumber: number; createdAt: number; updatedAt: number;
}
export interface SecurityGroup {
  id: Id; name: string; projectId: Id; description: string; stateful: boolean; tags: string[];
  revisionNumber: number; createdAt: number; updatedAt: number;
}
export interface SecurityGroupRule {
  id: Id; securityGroupId: Id; projectId: Id; direction: "ingress" | "egress"; ethertype: "IPv4" | "IPv6";
  protocol: string | null; portRangeMin: number | null; portRangeMax: number | null;
  remoteIpPrefix: string | null; remoteGroupId: Id | null; remoteAddressGroupId: Id | null; description: string;
  revisionNumber: number; createdAt: number; updatedAt: number;
}
export interface RbacPolicy {
  id: Id; objectType: "network" | "qos_policy" | "security_group" | "address_scope" | "subnetpool" | "address_group";
  objectId: Id; action: "access_as_shared" | "access_as_external"; projectId: Id; targetProjectId: string;
}
export interface NetworkAgent {
  id: Id; agentType: string; binary: string; host: string; availabilityZone: string | null;
  alive: boolean; adminStateUp: boolean; topic: string; configurations: Record<string, unknown>;
  createdAt: number; startedAt: number; heartbeatAt: number;
}
export interface SubnetPool {
  id: Id; name: string; projectId: Id; prefixes: string[]; defaultPrefixLen: number; minPrefixLen: number;
  maxPrefixLen: number; shared: boolean; isDefault: boolean; ipVersion: 4 | 6; description: string;
  defaultQuota: number | null; tags: string[]; revisionNumber: number; createdAt: number; updatedAt: number;
}
/** A floating IP's DNAT rule (neutron port_forwarding). */
export interface PortForwarding {
  id: Id; floatingIpId: Id; projectId: Id; internalPortId: Id; internalIpAddress: string; internalPort: number;
  internalPortEnd: number; externalPort: number; externalPortEnd: number; protocol: "tcp" | "udp"; description: string;
}
/** neutron metering label (`network meter`). */
export interface MeteringLabel { id: Id; name: string; projectId: Id; description: string; shared: boolean }
export interface MeteringLabelRule {
  id: Id; meteringLabelId: Id; projectId: Id; direction: "ingress" | "egress"; excluded: boolean;
  remoteIpPrefix: string | null; sourceIpPrefix: string | null; destinationIpPrefix: string | null;
}

// ---------------------------------------------------------------- object storage (swift)
export interface Container {
  /** `<projectId>/<name>`: container names are unique per account. */
  id: string; projectId: Id; name: string; metadata: Props; readAcl: string | null; writeAcl: string | null;
  storagePolicy: string; createdAt: number;
}
export interface StoredObject {
  /** `<projectId>/<container>/<name>`. */
  id: string; projectId: Id; container: string; name: string; content: string; contentType: string;
  etag: string; metadata: Props; deleteAt: number | null; lastModified: number;
}
export interface Account { projectId: Id; metadata: Props }

// ---------------------------------------------------------------- orchestration (heat)
export interface Stack {
  id: Id; name: string; projectId: Id; userId: Id; status: string; statusReason: string; description: string;
  template: string; parameters: Props; environment: string | null; outputs: { key: string; description: string; value: unknown }[];
  timeoutMins: number | null; disableRollback: boolean; tags: string[]; parentId: Id | null;
  createdAt: number; updatedAt: number | null; deletedAt: number | null;
}
export interface StackResource {
  id: string; stackId: Id; logicalId: string; physicalId: string | null; type: string; status: string;
  statusReason: string; requiredBy: string[]; attributes: Record<string, unknown>; updatedAt: number;
}
export interface StackEvent {
  id: Id; stackId: Id; resourceName: string; physicalId: string | null; status: string; statusReason: string; time: number;
}

// ---------------------------------------------------------------- quotas
/** Per-project overrides. Keys are OSC's `quota set` option names without dashes (e.g. `floating_ips`). */
export type QuotaSet = Record<string, number>;
