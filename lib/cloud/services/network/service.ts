import type { Draft } from "../../state";
import type { AuthContext } from "../../cli/spec";
import type {
  AllocationPool, FixedIp, FloatingIp, Network, Port, RbacPolicy, Router, SecurityGroup, SecurityGroupRule, Subnet, SubnetPool, PortForwarding,
} from "../../types";
import { err, ok, type Result } from "../../result";
import type { CloudError } from "../../errors";
import { newMac, newUuid } from "../../ids";
import { isAdmin } from "../../policy";
import { checkQuota, registerUsage } from "../../quota";
import { allocateFromPools, cidrContains, cidrsOverlap, defaultGatewayAndPool, formatIpv4, parseCidr4, parseIpv4 } from "../../net";
import { defaultPools, eui64Address, firstFree, formatIp, netContains, netsOverlap, normalizeIp, parseIp, parseNet, poolSize, type IpNet } from "./ip";
import { apiError, overQuotaMessage, policyRuleText, sdkDuplicate, sdkNotFound } from "./errors";

// Neutron's rules over the plain-JSON state: who sees what (a project sees its own resources plus shared and
// external networks), IP allocation from subnet pools, the conflicts neutron raises (a network with ports, a
// subnet with allocations, a router with interfaces, a duplicate security group rule), quotas with neutron's
// wording, and the ML2/OVN side effects of a fresh DevStack (the `network:distributed` metadata port that takes
// the first address of every DHCP subnet, the `default` security group created on a project's first use).
//
// Other services call the exported operations (see ../../README.md, cross-service contract); each takes the
// caller's token and returns a Result, and never mutates a record in place.

type R<T> = Result<T, CloudError>;

/** ML2/OVN in DevStack: tenant networks are geneve; the only bridge mapping is `public` (br-ex). */
export const KNOWN_PHYSNETS = ["public"] as const;
export const GENEVE_MTU = 1442;
export const PHYSICAL_MTU = 1500;
const GENEVE_VNI_MIN = 1;
const VLAN_MIN = 1;
const VLAN_MAX = 4094;

export const DEVICE_OWNER = {
  routerInterface: "network:router_interface",
  routerGateway: "network:router_gateway",
  floatingIp: "network:floatingip",
  distributed: "network:distributed",
  dhcp: "network:dhcp",
} as const;

const isNetworkOwned = (owner: string): boolean => owner.startsWith("network:");

// ------------------------------------------------------------------ policy

export const canWrite = (auth: AuthContext, projectId: string | null | undefined): boolean =>
  isAdmin(auth) || (auth.roles.includes("member") && (projectId === undefined || projectId === null || projectId === auth.projectId));

/** A neutron policy refusal (HTTP 403), worded as oslo.policy renders neutron's rule checks. */
export function refuse(draft: Draft, path: string, action: string, attributes: readonly string[] = []): CloudError {
  return apiError(draft, 403, path, policyRuleText(action, attributes));
}

function requireWrite(draft: Draft, auth: AuthContext, path: string, action: string, projectId: string, adminAttrs: readonly string[] = []): R<void> {
  if (!canWrite(auth, projectId)) return err(refuse(draft, path, action));
  if (adminAttrs.length > 0 && !isAdmin(auth)) return err(refuse(draft, path, action, adminAttrs));
  return ok(undefined);
}

function quota(draft: Draft, path: string, projectId: string, key: string, resource: string): R<void> {
  const q = checkQuota(draft, projectId, key, 1);
  return q.ok ? ok(undefined) : err(apiError(draft, 409, path, overQuotaMessage(resource)));
}

// ------------------------------------------------------------------ visibility

function rbacTargets(draft: Draft, objectId: string, action: RbacPolicy["action"]): string[] {
  return draft.list("rbacPolicies").filter((r) => r.objectId === objectId && r.action === action).map((r) => r.targetProjectId);
}

export function networkVisible(draft: Draft, auth: AuthContext, n: Network): boolean {
  if (isAdmin(auth) || n.projectId === auth.projectId || n.shared || n.external) return true;
  return draft.list("rbacPolicies").some((r) => r.objectId === n.id && (r.targetProjectId === "*" || r.targetProjectId === auth.projectId));
}

export function subnetVisible(draft: Draft, auth: AuthContext, s: Subnet): boolean {
  if (isAdmin(auth) || s.projectId === auth.projectId) return true;
  const n = draft.get("networks", s.networkId);
  return n !== undefined && networkVisible(draft, auth, n);
}

/** A port is visible to its project and to the owner of its network (neutron's `rule:network_owner`). */
export function portVisible(draft: Draft, auth: AuthContext, p: Port): boolean {
  if (isAdmin(auth) || p.projectId === auth.projectId) return true;
  return draft.get("networks", p.networkId)?.projectId === auth.projectId;
}

const ownVisible = (auth: AuthContext, projectId: string): boolean => isAdmin(auth) || projectId === auth.projectId;

export function securityGroupVisible(draft: Draft, auth: AuthContext, g: SecurityGroup): boolean {
  if (ownVisible(auth, g.projectId)) return true;
  return draft.list("rbacPolicies").some((r) => r.objectType === "security_group" && r.objectId === g.id && (r.targetProjectId === "*" || r.targetProjectId === auth.projectId));
}

// ------------------------------------------------------------------ lookups (openstacksdk find: id, then unique name)

function findIn<T extends { id: string }>(items: readonly T[], byId: T | undefined, nameOrId: string, cls: string, nameOf: (t: T) => string): R<T> {
  if (byId) return ok(byId);
  const matches = items.filter((i) => nameOf(i) === nameOrId);
  if (matches.length === 1 && matches[0]) return ok(matches[0]);
  if (matches.length > 1) return err(sdkDuplicate(cls, nameOrId));
  return err(sdkNotFound(cls, nameOrId));
}

export function findNetwork(draft: Draft, auth: AuthContext, nameOrId: string): R<Network> {
  const visible = (n: Network | undefined): n is Network => n !== undefined && networkVisible(draft, auth, n);
  const byId = draft.get("networks", nameOrId);
  return findIn(draft.list("networks").filter(visible), visible(byId) ? byId : undefined, nameOrId, "Network", (n) => n.name);
}

export function findSubnet(draft: Draft, auth: AuthContext, nameOrId: string): R<Subnet> {
  const visible = (s: Subnet | undefined): s is Subnet => s !== undefined && subnetVisible(draft, auth, s);
  const byId = draft.get("subnets", nameOrId);
  return findIn(draft.list("subnets").filter(visible), visible(byId) ? byId : undefined, nameOrId, "Subnet", (s) => s.name);
}

export function findPort(draft: Draft, auth: AuthContext, nameOrId: string): R<Port> {
  const visible = (p: Port | undefined): p is Port => p !== undefined && portVisible(draft, auth, p);
  const byId = draft.get("ports", nameOrId);
  return findIn(draft.list("ports").filter(visible), visible(byId) ? byId : undefined, nameOrId, "Port", (p) => p.name);
}

export function findRouter(draft: Draft, auth: AuthContext, nameOrId: string): R<Router> {
  const visible = (r: Router | undefined): r is Router => r !== undefined && ownVisible(auth, r.projectId);
  const byId = draft.get("routers", nameOrId);
  return findIn(draft.list("routers").filter(visible), visible(byId) ? byId : undefined, nameOrId, "Router", (r) => r.name);
}

/** Security groups are found by id or name; an admin sees every project's `default`, hence the familiar clash. */
export function findSecurityGroup(draft: Draft, auth: AuthContext, nameOrId: string, projectId?: string): R<SecurityGroup> {
  const visible = (g: SecurityGroup | undefined): g is SecurityGroup =>
    g !== undefined && securityGroupVisible(draft, auth, g) && (projectId === undefined || g.projectId === projectId);
  const byId = draft.get("securityGroups", nameOrId);
  return findIn(draft.list("securityGroups").filter(visible), visible(byId) ? byId : undefined, nameOrId, "SecurityGroup", (g) => g.name);
}

export function findSecurityGroupRule(draft: Draft, auth: AuthContext, id: string): R<SecurityGroupRule> {
  const r = draft.get("securityGroupRules", id);
  if (r && ownVisible(auth, r.projectId)) return ok(r);
  return err(sdkNotFound("SecurityGroupRule", id));
}

/** The SDK's FloatingIP.find matches the id, then the address (its `name_attribute`). */
export function findFloatingIp(draft: Draft, auth: AuthContext, idOrAddress: string): R<FloatingIp> {
  const visible = (f: FloatingIp | undefined): f is FloatingIp => f !== undefined && ownVisible(auth, f.projectId);
  const byId = draft.get("floatingIps", idOrAddress);
  return findIn(draft.list("floatingIps").filter(visible), visible(byId) ? byId : undefined, idOrAddress, "FloatingIP", (f) => f.floatingIpAddress);
}

export function findRbacPolicy(draft: Draft, auth: AuthContext, id: string): R<RbacPolicy> {
  const r = draft.get("rbacPolicies", id);
  if (r && ownVisible(auth, r.projectId)) return ok(r);
  return err(sdkNotFound("RBACPolicy", id));
}

// ------------------------------------------------------------------ helpers

const touch = <T extends { revisionNumber: number; updatedAt: number }>(draft: Draft, rec: T): Pick<T, "revisionNumber" | "updatedAt"> =>
  ({ revisionNumber: rec.revisionNumber + 1, updatedAt: draft.now }) as Pick<T, "revisionNumber" | "updatedAt">;

export function portsOn(draft: Draft, networkId: string): Port[] {
  return draft.list("ports").filter((p) => p.networkId === networkId);
}

export function subnetsOf(draft: Draft, networkId: string): Subnet[] {
  return draft.list("subnets").filter((s) => s.networkId === networkId).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

function usedIps(draft: Draft, subnetId: string): Set<string> {
  const used = new Set<string>();
  for (const p of draft.list("ports")) for (const ip of p.fixedIps) if (ip.subnetId === subnetId) used.add(ip.ipAddress);
  return used;
}

/** Neutron's IPAM: the first free address of the subnet's pools (real neutron picks among the first few). */
function allocateIp(draft: Draft, subnet: Subnet): string | null {
  const used = usedIps(draft, subnet.id);
  if (subnet.gatewayIp) used.add(subnet.gatewayIp);
  return allocateFromPools(subnet.allocationPools, used);
}

// ------------------------------------------------------------------ default security group

/** Neutron creates a project's `default` group (and its four rules) the first time the project needs one. */
export function ensureDefaultSecurityGroup(draft: Draft, projectId: string): SecurityGroup {
  const existing = draft.list("securityGroups").find((g) => g.projectId === projectId && g.name === "default");
  if (existing) return existing;
  const sg: SecurityGroup = {
    id: newUuid(draft), name: "default", projectId, description: "Default security group", stateful: true, tags: [],
    revisionNumber: 1, createdAt: draft.now, updatedAt: draft.now,
  };
  draft.put("securityGroups", sg.id, sg);
  for (const [direction, ethertype, remote] of [["egress", "IPv4", false], ["egress", "IPv6", false], ["ingress", "IPv4", true], ["ingress", "IPv6", true]] as const) {
    const r: SecurityGroupRule = {
      id: newUuid(draft), securityGroupId: sg.id, projectId, direction, ethertype, protocol: null, portRangeMin: null, portRangeMax: null,
      remoteIpPrefix: null, remoteGroupId: remote ? sg.id : null, remoteAddressGroupId: null, description: "", revisionNumber: 0,
      createdAt: draft.now, updatedAt: draft.now,
    };
    draft.put("securityGroupRules", r.id, r);
  }
  return sg;
}

// ------------------------------------------------------------------ networks

export interface NetworkInput {
  name?: string; projectId?: string; adminStateUp?: boolean; shared?: boolean; external?: boolean; mtu?: number | null;
  portSecurityEnabled?: boolean; providerNetworkType?: string | null; providerPhysicalNetwork?: string | null;
  providerSegmentationId?: number | null; description?: string; isDefault?: boolean | null; availabilityZoneHints?: string[];
  dnsDomain?: string | null; tags?: string[];
}

interface Segment { type: string; physnet: string | null; segment: number | null }

/** ML2's type drivers: validate the provider attributes and allocate a segment (flat / vlan / geneve). */
function planSegment(draft: Draft, input: NetworkInput, path: string): R<Segment> {
  const type = input.providerNetworkType ?? (input.providerPhysicalNetwork ? "flat" : "geneve");
  const physnet = input.providerPhysicalNetwork ?? null;
  const seg = input.providerSegmentationId ?? null;
  const bad = (m: string): R<Segment> => err(apiError(draft, 400, path, `Invalid input for operation: ${m}.`));
  const taken = (p: (n: Network) => boolean): boolean => draft.list("networks").some(p);
  if (type === "flat") {
    if (seg !== null) return bad("segmentation_id specified for flat provider network");
    if (physnet === null) return bad("physical_network required for flat provider network");
    if (!(KNOWN_PHYSNETS as readonly string[]).includes(physnet)) return bad(`physical_network '${physnet}' unknown for flat provider network`);
    if (taken((n) => n.providerNetworkType === "flat" && n.providerPhysicalNetwork === physnet)) {
      return err(apiError(draft, 409, path, `Unable to create the flat network. Physical network ${physnet} is in use.`));
    }
    return ok({ type, physnet, segment: null });
  }
  if (type === "vlan") {
    if (physnet === null) return bad("physical_network required for VLAN provider network");
    if (!(KNOWN_PHYSNETS as readonly string[]).includes(physnet)) return bad(`physical_network '${physnet}' unknown for VLAN provider network`);
    if (seg !== null && (seg < VLAN_MIN || seg > VLAN_MAX)) return bad(`segmentation_id out of range (${VLAN_MIN} through ${VLAN_MAX})`);
    const vlan = seg ?? VLAN_MIN;
    if (taken((n) => n.providerNetworkType === "vlan" && n.providerPhysicalNetwork === physnet && n.providerSegmentationId === vlan)) {
      return err(apiError(draft, 409, path, `Unable to create the network. The VLAN ${vlan} on physical network ${physnet} is in use.`));
    }
    return ok({ type, physnet, segment: vlan });
  }
  if (type === "geneve" || type === "vxlan" || type === "gre") {
    if (type !== "geneve") return bad(`network_type value '${type}' not supported`);
    if (physnet !== null) return bad(`provider:physical_network specified for ${type} network`);
    const used = new Set(draft.list("networks").filter((n) => n.providerNetworkType === "geneve").map((n) => n.providerSegmentationId));
    if (seg !== null) {
      if (used.has(seg)) return err(apiError(draft, 409, path, `Unable to create the network. The tunnel ID ${seg} is in use.`));
      return ok({ type, physnet: null, segment: seg });
    }
    let vni = GENEVE_VNI_MIN;
    while (used.has(vni)) vni++;
    return ok({ type, physnet: null, segment: vni });
  }
  if (type === "local") return bad("network_type value 'local' not supported");
  return bad(`network_type value '${type}' not supported`);
}

export function createNetwork(draft: Draft, auth: AuthContext, input: NetworkInput): R<Network> {
  const path = "networks";
  const projectId = input.projectId ?? auth.projectId;
  const adminAttrs = [
    ...(input.shared ? ["shared"] : []), ...(input.external ? ["router:external"] : []), ...(input.isDefault ? ["is_default"] : []),
    ...(input.providerNetworkType ? ["provider:network_type"] : []), ...(input.providerPhysicalNetwork ? ["provider:physical_network"] : []),
    ...(input.providerSegmentationId !== undefined && input.providerSegmentationId !== null ? ["provider:segmentation_id"] : []),
  ];
  const allowed = requireWrite(draft, auth, path, "create_network", projectId, adminAttrs);
  if (!allowed.ok) return allowed;
  const q = quota(draft, path, projectId, "networks", "network");
  if (!q.ok) return q;
  const seg = planSegment(draft, input, path);
  if (!seg.ok) return seg;
  const maxMtu = seg.value.type === "geneve" ? GENEVE_MTU : PHYSICAL_MTU;
  const mtu = input.mtu ?? maxMtu;
  if (mtu > maxMtu) return err(apiError(draft, 400, path, `Invalid input for operation: Requested MTU is too big, maximum is ${maxMtu}.`));
  if (mtu < 68) return err(apiError(draft, 400, path, `Invalid input for mtu. Reason: '${mtu}' is too small - must be at least '68'.`));
  if (input.isDefault && !input.external) {
    return err(apiError(draft, 400, path, "Invalid input for operation: Unable to set is_default on a network that is not external."));
  }
  const n: Network = {
    id: newUuid(draft), name: input.name ?? "", projectId, adminStateUp: input.adminStateUp ?? true, status: "ACTIVE",
    shared: input.shared ?? false, external: input.external ?? false, mtu, portSecurityEnabled: input.portSecurityEnabled ?? true,
    isDefault: input.external ? (input.isDefault ?? false) : null, providerNetworkType: seg.value.type,
    providerPhysicalNetwork: seg.value.physnet, providerSegmentationId: seg.value.segment,
    availabilityZoneHints: input.availabilityZoneHints ?? [], description: input.description ?? "", dnsDomain: input.dnsDomain ?? "",
    qosPolicyId: null, tags: input.tags ?? [], revisionNumber: 1, createdAt: draft.now, updatedAt: draft.now,
  };
  draft.put("networks", n.id, n);
  return ok(n);
}

export interface NetworkPatch {
  name?: string; description?: string; adminStateUp?: boolean; shared?: boolean; external?: boolean; mtu?: number;
  portSecurityEnabled?: boolean; isDefault?: boolean; tags?: string[]; dnsDomain?: string;
}

export function updateNetwork(draft: Draft, auth: AuthContext, networkId: string, patch: NetworkPatch): R<Network> {
  const n = draft.get("networks", networkId);
  if (!n) return err(apiError(draft, 404, `networks/${networkId}`, `Network ${networkId} could not be found.`));
  const path = `networks/${n.id}`;
  const adminAttrs = [
    ...(patch.shared !== undefined ? ["shared"] : []), ...(patch.external !== undefined ? ["router:external"] : []),
    ...(patch.isDefault !== undefined ? ["is_default"] : []),
  ];
  const allowed = requireWrite(draft, auth, path, "update_network", n.projectId, adminAttrs);
  if (!allowed.ok) return allowed;
  if (patch.shared === false && n.shared) {
    const foreign = portsOn(draft, n.id).some((p) => p.projectId !== n.projectId && p.projectId !== "" && !isNetworkOwned(p.deviceOwner));
    if (foreign) {
      return err(apiError(draft, 409, path, `Unable to reconfigure sharing settings for network ${n.id}. Multiple tenants are using it.`));
    }
  }
  if (patch.external === false && n.external) {
    const gw = draft.list("routers").some((r) => r.externalGateway?.networkId === n.id) || draft.list("floatingIps").some((f) => f.floatingNetworkId === n.id);
    if (gw) return err(apiError(draft, 409, path, `Unable to complete operation on network ${n.id}. There are one or more ports still in use on the network.`));
  }
  const maxMtu = n.providerNetworkType === "geneve" ? GENEVE_MTU : PHYSICAL_MTU;
  if (patch.mtu !== undefined && patch.mtu > maxMtu) return err(apiError(draft, 400, path, `Invalid input for operation: Requested MTU is too big, maximum is ${maxMtu}.`));
  const external = patch.external ?? n.external;
  const next = draft.update("networks", n.id, {
    ...patch,
    isDefault: external ? (patch.isDefault ?? n.isDefault ?? false) : null,
    ...touch(draft, n),
  });
  return ok(next);
}

/** Ports neutron removes with their network rather than counting as "in use" (DHCP and OVN metadata ports). */
const autoDeleted = (p: Port): boolean => p.deviceOwner === DEVICE_OWNER.distributed || p.deviceOwner === DEVICE_OWNER.dhcp;

export function deleteNetwork(draft: Draft, auth: AuthContext, networkId: string): R<void> {
  const n = draft.get("networks", networkId);
  if (!n) return err(apiError(draft, 404, `networks/${networkId}`, `Network ${networkId} could not be found.`));
  const path = `networks/${n.id}`;
  const allowed = requireWrite(draft, auth, path, "delete_network", n.projectId);
  if (!allowed.ok) return allowed;
  const busy = portsOn(draft, n.id).some((p) => !autoDeleted(p)) || draft.list("floatingIps").some((f) => f.floatingNetworkId === n.id);
  if (busy) return err(apiError(draft, 409, path, `Unable to complete operation on network ${n.id}. There are one or more ports still in use on the network.`));
  for (const p of portsOn(draft, n.id)) removePortForwardings(draft, (pf) => pf.internalPortId === p.id);
  for (const p of portsOn(draft, n.id)) draft.remove("ports", p.id);
  for (const s of subnetsOf(draft, n.id)) draft.remove("subnets", s.id);
  for (const r of draft.list("rbacPolicies")) if (r.objectId === n.id) draft.remove("rbacPolicies", r.id);
  draft.remove("networks", n.id);
  return ok(undefined);
}

// ------------------------------------------------------------------ subnets

export interface SubnetInput {
  networkId: string; name?: string; projectId?: string; cidr?: string | null; ipVersion?: 4 | 6; gatewayIp?: string | null | "auto";
  enableDhcp?: boolean; allocationPools?: AllocationPool[]; dnsNameservers?: string[]; hostRoutes?: { destination: string; nexthop: string }[];
  description?: string; subnetPoolId?: string | null; prefixLength?: number | null; tags?: string[]; serviceTypes?: string[];
  ipv6RaMode?: Ipv6Mode | null; ipv6AddressMode?: Ipv6Mode | null;
}

export type Ipv6Mode = "slaac" | "dhcpv6-stateful" | "dhcpv6-stateless";
const AUTO_ADDRESS_MODES: readonly (string | null)[] = ["slaac", "dhcpv6-stateless"];

/** ipv6_utils.is_auto_address_subnet: hosts pick their own address (EUI-64) from router advertisements. */
export function isAutoAddressSubnet(s: Pick<Subnet, "ipv6AddressMode" | "ipv6RaMode">): boolean {
  return AUTO_ADDRESS_MODES.includes(s.ipv6AddressMode) || AUTO_ADDRESS_MODES.includes(s.ipv6RaMode);
}

/** neutron's _validate_ip_version wording, inside InvalidInput. */
const versionMismatch = (name: string, addr: string, version: number): string =>
  `Invalid input for operation: ${name} '${addr}' does not match the ip_version '${version}'.`;

function poolText(p: AllocationPool): string {
  return `${p.start}-${p.end}`;
}

function validatePools(draft: Draft, path: string, cidrText: string, pools: AllocationPool[], gateway: string | null): R<void> {
  const cidr = parseCidr4(cidrText);
  if (!cidr) return ok(undefined);
  const ranges: [number, number][] = [];
  for (const p of pools) {
    const s = parseIpv4(p.start);
    const e = parseIpv4(p.end);
    if (s === null || e === null) return err(apiError(draft, 400, path, `Invalid input for allocation_pools. Reason: '${p.start}' is not a valid IP address.`));
    if (s > e) return err(apiError(draft, 400, path, `The allocation pool ${poolText(p)} is not valid.`));
    if (!cidrContains(cidr, s) || !cidrContains(cidr, e) || s === cidr.network || e === cidr.network + cidr.size - 1) {
      return err(apiError(draft, 400, path, `The allocation pool ${poolText(p)} spans beyond the subnet cidr ${cidrText}.`));
    }
    for (const [os, oe] of ranges) {
      if (s <= oe && os <= e) return err(apiError(draft, 400, path, `Found overlapping allocation pools: ${poolText(p)} and ${formatIpv4(os)}-${formatIpv4(oe)} for subnet ${cidrText}.`));
    }
    ranges.push([s, e]);
    const gw = gateway === null ? null : parseIpv4(gateway);
    if (gw !== null && gw >= s && gw <= e) return err(apiError(draft, 409, path, `Gateway ip ${gateway} conflicts with allocation pool ${poolText(p)}.`));
  }
  return ok(undefined);
}

/** neutron-lib's validate_subnet wording for a range that is not a network address. */
function cidrProblem(text: string): string | null {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(text);
  const ip = m ? parseIpv4(m[1] ?? "") : null;
  if (!m || ip === null || Number(m[2]) > 32) return `'${text}' is not a valid IP subnet`;
  const c = parseCidr4(text);
  if (c && c.network !== ip) return `'${text}' isn't a recognized IP subnet cidr, '${formatIpv4(c.network)}/${c.prefix}' is recommended`;
  return null;
}

export function createSubnet(draft: Draft, auth: AuthContext, input: SubnetInput): R<Subnet> {
  const path = "subnets";
  const net = draft.get("networks", input.networkId);
  if (!net) return err(apiError(draft, 404, path, `Network ${input.networkId} could not be found.`));
  const projectId = input.projectId ?? auth.projectId;
  // create_subnet: admin, or a member of the network's owner project (a shared network does not let others add subnets).
  if (!canWrite(auth, projectId) || (!isAdmin(auth) && net.projectId !== auth.projectId)) return err(refuse(draft, path, "create_subnet"));
  const q = quota(draft, path, projectId, "subnets", "subnet");
  if (!q.ok) return q;
  if (input.subnetPoolId) {
    const pool = draft.get("subnetPools", input.subnetPoolId);
    if (pool && pool.ipVersion !== (input.ipVersion ?? 4)) {
      return err(apiError(draft, 400, path, `Bad subnets request: Cannot allocate IPv${input.ipVersion ?? 4} subnet from IPv${pool.ipVersion} subnet pool.`));
    }
  }
  if ((input.ipVersion ?? 4) === 6) return createSubnet6(draft, net, projectId, input);
  // A v6 range or v6 modes on a v4 subnet: the API validators pass them, _validate_subnet refuses.
  const v6Range = input.cidr ? parseNet(input.cidr) : null;
  if (v6Range?.version === 6) return err(apiError(draft, 400, path, versionMismatch("cidr", input.cidr ?? "", 4)));
  if (input.ipv6RaMode) return err(apiError(draft, 400, path, "Invalid input for operation: ipv6_ra_mode is not valid when ip_version is 4."));
  if (input.ipv6AddressMode) return err(apiError(draft, 400, path, "Invalid input for operation: ipv6_address_mode is not valid when ip_version is 4."));
  let cidrText = input.cidr ?? null;
  if (cidrText === null && input.subnetPoolId) {
    const pool = draft.get("subnetPools", input.subnetPoolId);
    if (!pool) return err(apiError(draft, 404, path, `Subnet pool ${input.subnetPoolId} could not be found.`));
    const carved = carveFromPool(draft, pool.prefixes, input.prefixLength ?? pool.defaultPrefixLen);
    if (carved === null) return err(apiError(draft, 409, path, `Insufficient prefix space to allocate subnet size /${input.prefixLength ?? pool.defaultPrefixLen}.`));
    cidrText = carved;
  }
  if (cidrText === null) return err(apiError(draft, 400, path, "Bad subnets request: a subnetpool must be specified in the absence of a cidr."));
  const problem = cidrProblem(cidrText);
  if (problem) return err(apiError(draft, 400, path, `Invalid input for cidr. Reason: ${problem}.`));
  const cidr = parseCidr4(cidrText);
  if (!cidr) return err(apiError(draft, 400, path, `Invalid input for cidr. Reason: '${cidrText}' is not a valid IP subnet.`));
  for (const other of subnetsOf(draft, net.id)) {
    const oc = parseCidr4(other.cidr);
    if (oc && cidrsOverlap(cidr, oc)) {
      return err(apiError(draft, 400, path, `Invalid input for operation: Requested subnet with cidr: ${cidrText} for network: ${net.id} overlaps with another subnet.`));
    }
  }
  const defaults = defaultGatewayAndPool(cidr);
  let gateway: string | null = input.gatewayIp === undefined || input.gatewayIp === "auto" ? defaults.gateway : input.gatewayIp;
  if (gateway !== null) {
    const gw = parseIpv4(gateway);
    if (gw === null) return err(apiError(draft, 400, path, `Invalid input for gateway_ip. Reason: '${gateway}' is not a valid IP address.`));
    if (gw === cidr.network || gw === cidr.network + cidr.size - 1) {
      return err(apiError(draft, 400, path, `Invalid input for operation: Gateway is not valid on subnet.`));
    }
  }
  let pools = input.allocationPools;
  if (pools === undefined || pools.length === 0) {
    // Neutron's default pool: every host address except the gateway (split in two when the gateway is inside).
    const first = cidr.network + 1;
    const last = cidr.network + cidr.size - 2;
    const gw = gateway === null ? null : parseIpv4(gateway);
    pools = [];
    if (gw !== null && gw >= first && gw <= last) {
      if (gw > first) pools.push({ start: formatIpv4(first), end: formatIpv4(gw - 1) });
      if (gw < last) pools.push({ start: formatIpv4(gw + 1), end: formatIpv4(last) });
    } else if (last >= first) pools.push({ start: formatIpv4(first), end: formatIpv4(last) });
  }
  const checked = validatePools(draft, path, cidrText, pools, gateway);
  if (!checked.ok) return checked;
  for (const ns of input.dnsNameservers ?? []) {
    const ip = parseIp(ns);
    if (ip === null) return err(apiError(draft, 400, path, `Invalid input for dns_nameservers. Reason: '${ns}' is not a valid nameserver. '${ns}' is not a valid IP address.`));
    if (ip.version !== 4) return err(apiError(draft, 400, path, versionMismatch("dns_nameserver", ns, 4)));
  }
  for (const hr of input.hostRoutes ?? []) {
    if (!parseCidr4(hr.destination) || parseIpv4(hr.nexthop) === null) {
      return err(apiError(draft, 400, path, `Invalid input for host_routes. Reason: Invalid data format for hostroute: '${JSON.stringify({ destination: hr.destination, nexthop: hr.nexthop })}'.`));
    }
  }
  const s: Subnet = {
    id: newUuid(draft), name: input.name ?? "", networkId: net.id, projectId, ipVersion: 4, cidr: cidrText, gatewayIp: gateway,
    enableDhcp: input.enableDhcp ?? true, allocationPools: pools, dnsNameservers: input.dnsNameservers ?? [], hostRoutes: input.hostRoutes ?? [],
    ipv6RaMode: null, ipv6AddressMode: null, subnetPoolId: input.subnetPoolId ?? null, description: input.description ?? "",
    serviceTypes: input.serviceTypes ?? [], segmentId: null, tags: input.tags ?? [], revisionNumber: 0, createdAt: draft.now, updatedAt: draft.now,
  };
  draft.put("subnets", s.id, s);
  if (s.enableDhcp) attachMetadataPort(draft, net, s);
  return ok(s);
}

/**
 * An IPv6 subnet, in the order neutron checks one: the API validators (range, gateway, pools, nameservers),
 * then _validate_subnet (family of each address, DHCP-capable range, RA/address modes, EUI-64 needing a /64),
 * then overlap with the network's other subnets and the pools against the range.
 */
function createSubnet6(draft: Draft, net: Network, projectId: string, input: SubnetInput): R<Subnet> {
  const path = "subnets";
  const bad = (m: string): R<Subnet> => err(apiError(draft, 400, path, m));
  let cidrIn = input.cidr ?? null;
  if (cidrIn === null && input.subnetPoolId) {
    const pool = draft.get("subnetPools", input.subnetPoolId);
    if (!pool) return err(apiError(draft, 404, path, `Subnet pool ${input.subnetPoolId} could not be found.`));
    cidrIn = carveFromPool(draft, pool.prefixes, input.prefixLength ?? pool.defaultPrefixLen);
    if (cidrIn === null) return err(apiError(draft, 409, path, `Insufficient prefix space to allocate subnet size /${input.prefixLength ?? pool.defaultPrefixLen}.`));
  }
  if (cidrIn === null) return bad("Bad subnets request: a subnetpool must be specified in the absence of a cidr.");
  let range = parseNet(cidrIn);
  if (!range) {
    const single = parseIp(cidrIn);
    if (!single) return bad(`Invalid input for cidr. Reason: '${cidrIn}' is not a valid IP subnet.`);
    range = parseNet(`${cidrIn}/${single.version === 4 ? 32 : 128}`);
    return bad(`Invalid input for cidr. Reason: '${cidrIn}' isn't a recognized IP subnet cidr, '${range?.text ?? cidrIn}' is recommended.`);
  }
  // neutron-lib rejects an IPv4 range with host bits set; an IPv6 one is quietly turned into its network.
  if (range.version === 4) {
    const problem = cidrProblem(cidrIn);
    if (problem) return bad(`Invalid input for cidr. Reason: ${problem}.`);
    return bad(versionMismatch("cidr", cidrIn, 6));
  }
  const enableDhcp = input.enableDhcp ?? true;
  const ra = input.ipv6RaMode ?? null;
  const addr = input.ipv6AddressMode ?? null;
  let gateway: string | null = null;
  if (input.gatewayIp !== null) {
    if (input.gatewayIp === undefined || input.gatewayIp === "auto") gateway = formatIp(6, range.first + 1n);
    else {
      const gw = parseIp(input.gatewayIp);
      if (!gw) return bad(`Invalid input for gateway_ip. Reason: '${input.gatewayIp}' is not a valid IP address.`);
      gateway = formatIp(gw.version, gw.value);
    }
  }
  for (const p of input.allocationPools ?? []) {
    for (const end of [p.start, p.end]) if (!parseIp(end)) return bad(`Invalid input for allocation_pools. Reason: '${end}' is not a valid IP address.`);
  }
  for (const ns of input.dnsNameservers ?? []) {
    if (!parseIp(ns)) return bad(`Invalid input for dns_nameservers. Reason: '${ns}' is not a valid nameserver. '${ns}' is not a valid IP address.`);
  }
  if (enableDhcp) {
    if (range.prefix > 126) return bad("Invalid input for operation: Subnet has a prefix length that is incompatible with DHCP service enabled.");
    if (range.first >> 120n === 0xffn) return bad("Invalid input for operation: Multicast IP subnet is not supported if enable_dhcp is True.");
    if (range.text === "::1/128") return bad("Invalid input for operation: Loopback IP subnet is not supported if enable_dhcp is True.");
    if (range.first >> 118n === 0x3fan) return bad("Invalid input for operation: Link-local IP subnet is not supported if enable_dhcp is True.");
  }
  if (gateway !== null) {
    const gw = parseIp(gateway);
    if (gw && gw.version !== 6) return bad(versionMismatch("gateway_ip", input.gatewayIp ?? gateway, 6));
    // IPv6 has no broadcast address; only the subnet-router anycast address (the range's first) is refused.
    if (gw && gw.value === range.first) return bad("Invalid input for operation: Gateway is not valid on subnet.");
  }
  for (const ns of input.dnsNameservers ?? []) {
    if (parseIp(ns)?.version !== 6) return bad(versionMismatch("dns_nameserver", ns, 6));
  }
  for (const hr of input.hostRoutes ?? []) {
    const dest = parseNet(hr.destination);
    const hop = parseIp(hr.nexthop);
    if (!dest || !hop) return bad(`Invalid input for host_routes. Reason: Invalid data format for hostroute: '${JSON.stringify({ destination: hr.destination, nexthop: hr.nexthop })}'.`);
    if (hop.version !== 6) return bad(versionMismatch("nexthop", hr.nexthop, 6));
    if (dest.version !== 6) return bad(versionMismatch("destination", hr.destination, 6));
  }
  if ((ra || addr) && !enableDhcp) return bad("Invalid input for operation: ipv6_ra_mode or ipv6_address_mode cannot be set when enable_dhcp is set to False.");
  if (ra && addr && ra !== addr) {
    return bad(`Invalid input for operation: ipv6_ra_mode set to '${ra}' with ipv6_address_mode set to '${addr}' is not valid. If both attributes are set, they must be the same value.`);
  }
  if ((ra || addr) && isAutoAddressSubnet({ ipv6RaMode: ra, ipv6AddressMode: addr }) && range.prefix !== 64) {
    return bad(`Invalid input for operation: Invalid CIDR ${cidrIn} for IPv6 address mode. OpenStack uses the EUI-64 address format, which requires the prefix to be /64.`);
  }
  for (const other of subnetsOf(draft, net.id)) {
    const o = parseNet(other.cidr);
    if (o && netsOverlap(o, range)) {
      return bad(`Invalid input for operation: Requested subnet with cidr: ${range.text} for network: ${net.id} overlaps with another subnet.`);
    }
  }
  const gwIp = gateway === null ? null : parseIp(gateway);
  const pools = input.allocationPools && input.allocationPools.length > 0
    ? input.allocationPools.map((p) => ({ start: normalizeIp(p.start) ?? p.start, end: normalizeIp(p.end) ?? p.end }))
    : defaultPools(range, gwIp);
  const checked = validatePools6(draft, path, range, pools, gwIp);
  if (!checked.ok) return checked;
  const s: Subnet = {
    id: newUuid(draft), name: input.name ?? "", networkId: net.id, projectId, ipVersion: 6, cidr: range.text, gatewayIp: gateway,
    enableDhcp, allocationPools: pools, dnsNameservers: (input.dnsNameservers ?? []).map((n) => normalizeIp(n) ?? n), hostRoutes: input.hostRoutes ?? [],
    ipv6RaMode: ra, ipv6AddressMode: addr, subnetPoolId: input.subnetPoolId ?? null, description: input.description ?? "",
    serviceTypes: input.serviceTypes ?? [], segmentId: null, tags: input.tags ?? [], revisionNumber: 0, createdAt: draft.now, updatedAt: draft.now,
  };
  draft.put("subnets", s.id, s);
  return ok(s);
}

/** _validate_subnet on update of an IPv6 subnet: address families, DHCP kept on while RA modes are set, pools. */
function checkSubnetPatch6(draft: Draft, path: string, s: Subnet, patch: SubnetPatch): R<void> {
  const bad = (m: string): R<void> => err(apiError(draft, 400, path, m));
  if (patch.enableDhcp === false && (s.ipv6RaMode || s.ipv6AddressMode)) return bad("Invalid input for operation: Cannot disable enable_dhcp with ipv6 attributes set.");
  const range = parseNet(s.cidr);
  if (!range) return ok(undefined);
  let gateway = s.gatewayIp === null ? null : parseIp(s.gatewayIp);
  if (patch.gatewayIp !== undefined && patch.gatewayIp !== null) {
    gateway = parseIp(patch.gatewayIp);
    if (!gateway) return bad(`Invalid input for gateway_ip. Reason: '${patch.gatewayIp}' is not a valid IP address.`);
    if (gateway.version !== 6) return bad(versionMismatch("gateway_ip", patch.gatewayIp, 6));
    if (gateway.value === range.first) return bad("Invalid input for operation: Gateway is not valid on subnet.");
  }
  for (const ns of patch.dnsNameservers ?? []) {
    const ip = parseIp(ns);
    if (!ip) return bad(`Invalid input for dns_nameservers. Reason: '${ns}' is not a valid nameserver. '${ns}' is not a valid IP address.`);
    if (ip.version !== 6) return bad(versionMismatch("dns_nameserver", ns, 6));
  }
  return validatePools6(draft, path, range, patch.allocationPools ?? s.allocationPools, patch.gatewayIp === null ? null : gateway);
}

/** validate_allocation_pools for either family: inside the range, ordered, disjoint, clear of the gateway. */
function validatePools6(draft: Draft, path: string, range: IpNet, pools: AllocationPool[], gateway: ReturnType<typeof parseIp>): R<void> {
  const seen: [bigint, bigint, AllocationPool][] = [];
  const lastUsable = range.last - (range.version === 4 ? 1n : 0n);
  for (const p of pools) {
    const s = parseIp(p.start);
    const e = parseIp(p.end);
    if (!s || !e || s.version !== range.version || e.version !== range.version || s.value > e.value) {
      return err(apiError(draft, 400, path, `The allocation pool ${poolText(p)} is not valid.`));
    }
    if (s.value <= range.first || e.value > lastUsable) {
      return err(apiError(draft, 400, path, `The allocation pool ${poolText(p)} spans beyond the subnet cidr ${range.text}.`));
    }
    for (const [os, oe, op] of seen) {
      if (s.value <= oe && os <= e.value) return err(apiError(draft, 400, path, `Found overlapping allocation pools: ${poolText(op)} and ${poolText(p)} for subnet ${range.text}.`));
    }
    seen.push([s.value, e.value, p]);
    if (gateway && gateway.value >= s.value && gateway.value <= e.value) {
      return err(apiError(draft, 409, path, `Gateway ip ${formatIp(gateway.version, gateway.value)} conflicts with allocation pool ${poolText(p)}.`));
    }
  }
  return ok(undefined);
}

/** OVN: one `network:distributed` port per network, holding the first free address of every DHCP subnet. */
function attachMetadataPort(draft: Draft, net: Network, subnet: Subnet): void {
  // OVN's metadata service answers on 169.254.169.254, so the port only takes addresses of IPv4 subnets.
  if (subnet.ipVersion !== 4) return;
  const meta = portsOn(draft, net.id).find((p) => p.deviceOwner === DEVICE_OWNER.distributed);
  const ip = allocateIp(draft, subnet);
  if (ip === null) return;
  if (meta) {
    if (meta.fixedIps.some((f) => f.subnetId === subnet.id)) return;
    draft.update("ports", meta.id, { fixedIps: [...meta.fixedIps, { subnetId: subnet.id, ipAddress: ip }], ...touch(draft, meta) });
    return;
  }
  const p: Port = {
    id: newUuid(draft), name: "", networkId: net.id, projectId: net.projectId, macAddress: newMac(draft), fixedIps: [{ subnetId: subnet.id, ipAddress: ip }],
    adminStateUp: true, status: "DOWN", deviceOwner: DEVICE_OWNER.distributed, deviceId: `ovnmeta-${net.id}`, securityGroupIds: [],
    portSecurityEnabled: false, bindingHostId: "", bindingVnicType: "normal", allowedAddressPairs: [], description: "", tags: [],
    revisionNumber: 1, createdAt: draft.now, updatedAt: draft.now,
  };
  draft.put("ports", p.id, p);
}

/** The first free block of `prefixLen` inside the pool's prefixes, in either family (bigint arithmetic). */
function carveFromPool(draft: Draft, prefixes: readonly string[], prefixLen: number): string | null {
  const taken = draft.list("subnets").map((s) => parseNet(s.cidr)).filter((c): c is IpNet => c !== null);
  for (const prefix of prefixes) {
    const p = parseNet(prefix);
    const bits = p?.version === 6 ? 128 : 32;
    if (!p || prefixLen < p.prefix || prefixLen > bits) continue;
    const size = 1n << BigInt(bits - prefixLen);
    for (let start = p.first; start + size - 1n <= p.last; start += size) {
      const cand = parseNet(`${formatIp(p.version, start)}/${prefixLen}`);
      if (cand && !taken.some((t) => netsOverlap(t, cand))) return cand.text;
    }
  }
  return null;
}

export interface SubnetPatch {
  name?: string; description?: string; gatewayIp?: string | null; enableDhcp?: boolean; allocationPools?: AllocationPool[];
  dnsNameservers?: string[]; hostRoutes?: { destination: string; nexthop: string }[]; tags?: string[];
}

export function updateSubnet(draft: Draft, auth: AuthContext, subnetId: string, patch: SubnetPatch): R<Subnet> {
  const s = draft.get("subnets", subnetId);
  if (!s) return err(apiError(draft, 404, `subnets/${subnetId}`, `Subnet ${subnetId} could not be found.`));
  const path = `subnets/${s.id}`;
  if (!canWrite(auth, s.projectId)) return err(refuse(draft, path, "update_subnet"));
  if (s.ipVersion === 6) {
    const checked = checkSubnetPatch6(draft, path, s, patch);
    if (!checked.ok) return checked;
  }
  const gateway = patch.gatewayIp !== undefined ? patch.gatewayIp : s.gatewayIp;
  if (patch.gatewayIp !== undefined && patch.gatewayIp !== null) {
    const gw = s.ipVersion === 6 ? (parseIp(patch.gatewayIp) ? 0 : null) : parseIpv4(patch.gatewayIp);
    if (gw === null) return err(apiError(draft, 400, path, `Invalid input for gateway_ip. Reason: '${patch.gatewayIp}' is not a valid IP address.`));
    const holder = draft.list("ports").find((p) => p.deviceOwner === DEVICE_OWNER.routerInterface && p.fixedIps.some((f) => f.subnetId === s.id && f.ipAddress === s.gatewayIp));
    if (holder && patch.gatewayIp !== s.gatewayIp) {
      return err(apiError(draft, 409, path, `Current gateway ip ${s.gatewayIp} already in use by port ${holder.id}. Unable to update.`));
    }
  }
  const pools = patch.allocationPools ?? s.allocationPools;
  const checked = s.ipVersion === 6 ? ok(undefined) : validatePools(draft, path, s.cidr, pools, gateway);
  if (!checked.ok) return checked;
  const normalized: SubnetPatch = s.ipVersion === 6 ? {
    ...(patch.gatewayIp ? { gatewayIp: normalizeIp(patch.gatewayIp) ?? patch.gatewayIp } : {}),
    ...(patch.dnsNameservers ? { dnsNameservers: patch.dnsNameservers.map((n) => normalizeIp(n) ?? n) } : {}),
    ...(patch.allocationPools ? { allocationPools: patch.allocationPools.map((p) => ({ start: normalizeIp(p.start) ?? p.start, end: normalizeIp(p.end) ?? p.end })) } : {}),
  } : {};
  const next = draft.update("subnets", s.id, { ...patch, ...normalized, ...touch(draft, s) });
  const net = draft.get("networks", s.networkId);
  if (net && patch.enableDhcp === true && !s.enableDhcp) attachMetadataPort(draft, net, next);
  return ok(next);
}

export function deleteSubnet(draft: Draft, auth: AuthContext, subnetId: string): R<void> {
  const s = draft.get("subnets", subnetId);
  if (!s) return err(apiError(draft, 404, `subnets/${subnetId}`, `Subnet ${subnetId} could not be found.`));
  const path = `subnets/${s.id}`;
  if (!canWrite(auth, s.projectId)) return err(refuse(draft, path, "delete_subnet"));
  const users = draft.list("ports").filter((p) => p.fixedIps.some((f) => f.subnetId === s.id));
  if (users.some((p) => !autoDeleted(p))) {
    return err(apiError(draft, 409, path, `Unable to complete operation on subnet ${s.id}: One or more ports have an IP allocation from this subnet.`));
  }
  for (const p of users) {
    const rest = p.fixedIps.filter((f) => f.subnetId !== s.id);
    draft.update("ports", p.id, { fixedIps: rest, ...touch(draft, p) });
  }
  draft.remove("subnets", s.id);
  return ok(undefined);
}

// ------------------------------------------------------------------ ports

export interface FixedIpRequest { subnetId?: string; ipAddress?: string }

export interface PortInput {
  networkId: string; name?: string; projectId?: string; fixedIps?: FixedIpRequest[]; securityGroupIds?: string[];
  deviceId?: string; deviceOwner?: string; macAddress?: string; adminStateUp?: boolean; portSecurityEnabled?: boolean;
  description?: string; hostId?: string; vnicType?: string; allowedAddressPairs?: { ipAddress: string; macAddress?: string }[];
  tags?: string[];
}

/** What address assignment needs to know about the port: its owner, its MAC (for EUI-64) and what it holds. */
interface PortAddressing { owner: string; mac: () => string; current?: FixedIp[] }

/**
 * neutron's IPAM for one port (ipam_pluggable_backend._allocate_ips_for_port / _update_ips_for_port):
 * - no request: one address from the first IPv4 subnet and one from the first stateful IPv6 subnet;
 * - a subnet alone: the next free pool address, or on a SLAAC/DHCPv6-stateless subnet the EUI-64 address;
 * - an address: checked against the subnet (never allowed on an auto-address subnet, except for a router);
 * - on create, every auto-address subnet of the network is added for ports that are not router interfaces.
 * Addresses the port already has (on update) are kept without being checked again, as neutron does.
 */
function resolveFixedIps(draft: Draft, net: Network, requests: FixedIpRequest[] | undefined, path: string, port: PortAddressing, exceptPortId?: string): R<FixedIp[]> {
  const subnets = subnetsOf(draft, net.id);
  const out: FixedIp[] = [];
  const routerPort = port.owner === DEVICE_OWNER.routerInterface;
  const taken = (subnetId: string, ip: string): boolean =>
    draft.list("ports").some((p) => p.id !== exceptPortId && p.fixedIps.some((f) => f.subnetId === subnetId && f.ipAddress === ip)) ||
    out.some((f) => f.subnetId === subnetId && f.ipAddress === ip);
  const pick = (s: Subnet): string | null => {
    const used = usedIps(draft, s.id);
    for (const f of out) if (f.subnetId === s.id) used.add(f.ipAddress);
    if (s.gatewayIp) used.add(s.gatewayIp);
    return firstFree(s.allocationPools, used);
  };
  const auto = (s: Subnet): boolean => s.ipVersion === 6 && isAutoAddressSubnet(s);
  const eui64 = (s: Subnet): string | null => {
    const range = parseNet(s.cidr);
    return range ? eui64Address(range, port.mac()) : null;
  };
  const list = requests ?? [
    ...subnets.filter((s) => s.ipVersion === 4).slice(0, 1),
    ...subnets.filter((s) => s.ipVersion === 6 && !isAutoAddressSubnet(s)).slice(0, 1),
  ].map((s): FixedIpRequest => ({ subnetId: s.id }));
  for (const r of list) {
    const kept = port.current?.find((f) => f.ipAddress === (r.ipAddress === undefined ? undefined : normalizeIp(r.ipAddress)) && (r.subnetId === undefined || f.subnetId === r.subnetId));
    if (kept) {
      out.push(kept);
      continue;
    }
    let subnet = r.subnetId ? subnets.find((s) => s.id === r.subnetId) : undefined;
    if (r.subnetId && !subnet) {
      return err(apiError(draft, 400, path, `Invalid input for operation: Failed to create port on network ${net.id}, because fixed_ips included invalid subnet ${r.subnetId}.`));
    }
    if (r.ipAddress !== undefined) {
      const ip = parseIp(r.ipAddress);
      if (ip === null) return err(apiError(draft, 400, path, `Invalid input for fixed_ips. Reason: '${r.ipAddress}' is not a valid IP address.`));
      const text = formatIp(ip.version, ip.value);
      const inside = (s: Subnet): boolean => { const c = parseNet(s.cidr); return c !== null && netContains(c, ip); };
      if (!subnet) subnet = subnets.find(inside);
      if (!subnet || !inside(subnet)) {
        return err(apiError(draft, 400, path, `IP address ${r.ipAddress} is not a valid IP for the specified subnet.`));
      }
      if (auto(subnet) && !routerPort) {
        return err(apiError(draft, 400, path, `Invalid input for operation: IPv6 address ${r.ipAddress} can not be directly assigned to a port on subnet ${subnet.id} since the subnet is configured for automatic addresses.`));
      }
      if (taken(subnet.id, text)) {
        return err(apiError(draft, 409, path, `Unable to complete operation for network ${net.id}. The IP address ${r.ipAddress} is in use.`));
      }
      out.push({ subnetId: subnet.id, ipAddress: text });
      continue;
    }
    if (!subnet) continue;
    const ip = auto(subnet) && !routerPort ? eui64(subnet) : pick(subnet);
    if (ip === null) return err(apiError(draft, 409, path, `No more IP addresses available on network ${net.id}.`));
    if (auto(subnet) && taken(subnet.id, ip)) {
      return err(apiError(draft, 409, path, `Unable to complete operation for network ${net.id}. The IP address ${ip} is in use.`));
    }
    out.push({ subnetId: subnet.id, ipAddress: ip });
  }
  // An explicitly empty list (`--no-fixed-ip`) asks for no address at all.
  if (port.current === undefined && !routerPort && (requests === undefined || requests.length > 0)) {
    for (const s of subnets) {
      if (!auto(s) || out.some((f) => f.subnetId === s.id)) continue;
      const ip = eui64(s);
      if (ip !== null) out.push({ subnetId: s.id, ipAddress: ip });
    }
  }
  return ok(out);
}

export function createPort(draft: Draft, auth: AuthContext, input: PortInput): R<Port> {
  const path = "ports";
  const net = draft.get("networks", input.networkId);
  if (!net || !networkVisible(draft, auth, net)) return err(apiError(draft, 404, path, `Network ${input.networkId} could not be found.`));
  const projectId = input.projectId ?? auth.projectId;
  const netOwner = isAdmin(auth) || net.projectId === auth.projectId;
  // neutron's create_port attribute rules: addresses, MACs and port security belong to the network owner;
  // `network:*` device owners and host bindings to the admin.
  const attrs: string[] = [];
  if (!netOwner && input.fixedIps?.some((f) => f.ipAddress !== undefined)) attrs.push("fixed_ips:ip_address");
  if (!netOwner && input.macAddress !== undefined) attrs.push("mac_address");
  if (!netOwner && input.portSecurityEnabled !== undefined) attrs.push("port_security_enabled");
  if (!isAdmin(auth) && input.hostId !== undefined) attrs.push("binding:host_id");
  if (!isAdmin(auth) && input.deviceOwner !== undefined && isNetworkOwned(input.deviceOwner) && !netOwner) attrs.push("device_owner");
  if (!canWrite(auth, projectId)) return err(refuse(draft, path, "create_port"));
  if (attrs.length > 0) return err(refuse(draft, path, "create_port", attrs));
  if (net.external && !isAdmin(auth) && (input.deviceOwner ?? "").startsWith("compute:") === false && net.projectId !== auth.projectId) {
    // Plain ports on someone else's external network are refused the same way.
    return err(refuse(draft, path, "create_port"));
  }
  const q = quota(draft, path, projectId, "ports", "port");
  if (!q.ok) return q;
  if (input.macAddress !== undefined) {
    if (!/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(input.macAddress)) {
      return err(apiError(draft, 400, path, `Invalid input for mac_address. Reason: '${input.macAddress}' is not a valid MAC address.`));
    }
    if (portsOn(draft, net.id).some((p) => p.macAddress === input.macAddress?.toLowerCase())) {
      return err(apiError(draft, 409, path, `Unable to complete operation for network ${net.id}. The mac address ${input.macAddress} is in use.`));
    }
  }
  // The MAC is drawn only if an EUI-64 address needs it before the port record is built.
  let mac: string | undefined = input.macAddress?.toLowerCase();
  const ips = resolveFixedIps(draft, net, input.fixedIps, path, { owner: input.deviceOwner ?? "", mac: () => (mac ??= newMac(draft)) });
  if (!ips.ok) return ips;
  const portSecurity = input.portSecurityEnabled ?? net.portSecurityEnabled;
  let sgs = input.securityGroupIds;
  const owner = input.deviceOwner ?? "";
  if (sgs === undefined) sgs = portSecurity && !isNetworkOwned(owner) ? [ensureDefaultSecurityGroup(draft, projectId).id] : [];
  if (sgs.length > 0 && !portSecurity) {
    return err(apiError(draft, 409, path, `Port has security group associated. Cannot disable port security or ip address until security group is removed.`));
  }
  for (const id of sgs) {
    const g = draft.get("securityGroups", id);
    if (!g) return err(apiError(draft, 404, path, `Security group ${id} does not exist`));
  }
  const bound = input.deviceId !== undefined && input.deviceId !== "" && (owner.startsWith("compute:") || owner === DEVICE_OWNER.routerInterface || owner === DEVICE_OWNER.routerGateway);
  const p: Port = {
    id: newUuid(draft), name: input.name ?? "", networkId: net.id, projectId, macAddress: mac ?? newMac(draft),
    fixedIps: ips.value, adminStateUp: input.adminStateUp ?? true, status: bound ? "ACTIVE" : "DOWN", deviceOwner: owner,
    deviceId: input.deviceId ?? "", securityGroupIds: sgs, portSecurityEnabled: portSecurity, bindingHostId: input.hostId ?? "",
    bindingVnicType: input.vnicType ?? "normal",
    allowedAddressPairs: (input.allowedAddressPairs ?? []).map((a) => ({ ipAddress: a.ipAddress, macAddress: a.macAddress ?? "" })),
    description: input.description ?? "", tags: input.tags ?? [], revisionNumber: 1, createdAt: draft.now, updatedAt: draft.now,
  };
  if (p.allowedAddressPairs.some((a) => a.macAddress === "")) {
    p.allowedAddressPairs = p.allowedAddressPairs.map((a) => ({ ...a, macAddress: a.macAddress === "" ? p.macAddress : a.macAddress }));
  }
  draft.put("ports", p.id, p);
  return ok(p);
}

export interface PortPatch {
  name?: string; description?: string; adminStateUp?: boolean; fixedIps?: FixedIpRequest[]; securityGroupIds?: string[];
  portSecurityEnabled?: boolean; deviceId?: string; deviceOwner?: string; hostId?: string; vnicType?: string; macAddress?: string;
  allowedAddressPairs?: { ipAddress: string; macAddress?: string }[]; tags?: string[];
}

export function updatePort(draft: Draft, auth: AuthContext, portId: string, patch: PortPatch): R<Port> {
  const p = draft.get("ports", portId);
  if (!p || !portVisible(draft, auth, p)) return err(apiError(draft, 404, `ports/${portId}`, `Port ${portId} could not be found.`));
  const path = `ports/${p.id}`;
  if (!canWrite(auth, p.projectId) && !canWrite(auth, draft.get("networks", p.networkId)?.projectId)) return err(refuse(draft, path, "update_port"));
  if (!isAdmin(auth) && (patch.hostId !== undefined || patch.macAddress !== undefined)) {
    return err(refuse(draft, path, "update_port", [patch.hostId !== undefined ? "binding:host_id" : "mac_address"]));
  }
  const net = draft.get("networks", p.networkId);
  if (!net) return err(apiError(draft, 404, path, `Network ${p.networkId} could not be found.`));
  let fixedIps = p.fixedIps;
  if (patch.fixedIps !== undefined) {
    const r = resolveFixedIps(draft, net, patch.fixedIps, path, { owner: patch.deviceOwner ?? p.deviceOwner, mac: () => p.macAddress, current: p.fixedIps }, p.id);
    if (!r.ok) return r;
    fixedIps = r.value;
  }
  const sgs = patch.securityGroupIds ?? p.securityGroupIds;
  for (const id of sgs) if (!draft.get("securityGroups", id)) return err(apiError(draft, 404, path, `Security group ${id} does not exist`));
  const portSecurity = patch.portSecurityEnabled ?? p.portSecurityEnabled;
  if (!portSecurity && sgs.length > 0) {
    return err(apiError(draft, 409, path, "Port has security group associated. Cannot disable port security or ip address until security group is removed."));
  }
  if (!portSecurity && (patch.allowedAddressPairs ?? p.allowedAddressPairs).length > 0) {
    return err(apiError(draft, 409, path, "Port Security must be enabled in order to have allowed address pairs on a port."));
  }
  if (patch.macAddress !== undefined && patch.macAddress !== p.macAddress && portsOn(draft, net.id).some((o) => o.macAddress === patch.macAddress)) {
    return err(apiError(draft, 409, path, `Unable to complete operation for network ${net.id}. The mac address ${patch.macAddress} is in use.`));
  }
  const deviceId = patch.deviceId ?? p.deviceId;
  const owner = patch.deviceOwner ?? p.deviceOwner;
  const next = draft.update("ports", p.id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.adminStateUp !== undefined ? { adminStateUp: patch.adminStateUp } : {}),
    ...(patch.vnicType !== undefined ? { bindingVnicType: patch.vnicType } : {}),
    ...(patch.hostId !== undefined ? { bindingHostId: patch.hostId } : {}),
    ...(patch.macAddress !== undefined ? { macAddress: patch.macAddress.toLowerCase() } : {}),
    ...(patch.tags !== undefined ? { tags: patch.tags } : {}),
    ...(patch.allowedAddressPairs !== undefined ? { allowedAddressPairs: patch.allowedAddressPairs.map((a) => ({ ipAddress: a.ipAddress, macAddress: a.macAddress ?? p.macAddress })) } : {}),
    fixedIps, securityGroupIds: sgs, portSecurityEnabled: portSecurity, deviceId, deviceOwner: owner,
    status: deviceId !== "" && owner !== "" ? "ACTIVE" : "DOWN",
    ...touch(draft, p),
  });
  // A floating IP follows its port's fixed address; dropping that address disassociates it.
  for (const f of draft.list("floatingIps")) {
    if (f.portId === p.id && !fixedIps.some((x) => x.ipAddress === f.fixedIpAddress)) {
      draft.update("floatingIps", f.id, { portId: null, fixedIpAddress: null, routerId: null, status: "DOWN", ...touch(draft, f) });
    }
  }
  return ok(next);
}

/** Binds a port to a device (nova attaching an interface); `deviceId: ""` unbinds it. The port goes ACTIVE when bound. */
export function updatePortDevice(draft: Draft, auth: AuthContext, portId: string, device: { deviceId: string; deviceOwner: string; hostId?: string }): R<Port> {
  const p = draft.get("ports", portId);
  if (!p || !portVisible(draft, auth, p)) return err(apiError(draft, 404, `ports/${portId}`, `Port ${portId} could not be found.`));
  if (device.deviceId !== "" && p.deviceId !== "" && p.deviceId !== device.deviceId) {
    return err(apiError(draft, 409, `ports/${p.id}`, `Port ${p.id} is still in use.`));
  }
  const bound = device.deviceId !== "";
  const next = draft.update("ports", p.id, {
    deviceId: device.deviceId, deviceOwner: bound ? device.deviceOwner : "", bindingHostId: bound ? (device.hostId ?? p.bindingHostId) : "",
    status: bound ? "ACTIVE" : "DOWN", ...touch(draft, p),
  });
  return ok(next);
}

function removePortForwardings(draft: Draft, match: (pf: PortForwarding) => boolean): void {
  for (const pf of draft.list("portForwardings")) if (match(pf)) draft.remove("portForwardings", pf.id);
}

/** Removes a port; floating IPs on it are disassociated (neutron's disassociate_floatingips). */
export function deletePort(draft: Draft, auth: AuthContext, portId: string, opts: { force?: boolean } = {}): R<void> {
  const p = draft.get("ports", portId);
  if (!p || !portVisible(draft, auth, p)) return err(apiError(draft, 404, `ports/${portId}`, `Port ${portId} could not be found.`));
  const path = `ports/${p.id}`;
  if (!canWrite(auth, p.projectId) && !canWrite(auth, draft.get("networks", p.networkId)?.projectId)) return err(refuse(draft, path, "delete_port"));
  if (!opts.force && (p.deviceOwner === DEVICE_OWNER.routerInterface || p.deviceOwner === DEVICE_OWNER.routerGateway || p.deviceOwner === DEVICE_OWNER.floatingIp)) {
    return err(apiError(draft, 409, path, `Port ${p.id} cannot be deleted directly via the port API: has device owner ${p.deviceOwner}.`));
  }
  for (const f of draft.list("floatingIps")) {
    if (f.portId === p.id) draft.update("floatingIps", f.id, { portId: null, fixedIpAddress: null, routerId: null, status: "DOWN", ...touch(draft, f) });
  }
  // neutron's port-forwarding plugin drops the forwardings to a port as the port goes.
  removePortForwardings(draft, (pf) => pf.internalPortId === p.id);
  draft.remove("ports", p.id);
  return ok(undefined);
}

// ------------------------------------------------------------------ routers

export interface RouterInput {
  name?: string; projectId?: string; adminStateUp?: boolean; description?: string; distributed?: boolean; ha?: boolean;
  externalGateway?: GatewayInput | null; availabilityZoneHints?: string[]; tags?: string[];
}
export interface GatewayInput { networkId: string; enableSnat?: boolean; fixedIps?: FixedIpRequest[] }

export function createRouter(draft: Draft, auth: AuthContext, input: RouterInput): R<Router> {
  const path = "routers";
  const projectId = input.projectId ?? auth.projectId;
  const adminAttrs = [...(input.distributed !== undefined ? ["distributed"] : []), ...(input.ha !== undefined ? ["ha"] : [])];
  const allowed = requireWrite(draft, auth, path, "create_router", projectId, adminAttrs);
  if (!allowed.ok) return allowed;
  const q = quota(draft, path, projectId, "routers", "router");
  if (!q.ok) return q;
  const r: Router = {
    id: newUuid(draft), name: input.name ?? "", projectId, adminStateUp: input.adminStateUp ?? true, status: "ACTIVE", externalGateway: null,
    routes: [], distributed: input.distributed ?? false, ha: input.ha ?? false, availabilityZoneHints: input.availabilityZoneHints ?? [],
    description: input.description ?? "", tags: input.tags ?? [], revisionNumber: 1, createdAt: draft.now, updatedAt: draft.now,
  };
  draft.put("routers", r.id, r);
  if (input.externalGateway) {
    const gw = setRouterExternalGateway(draft, auth, r.id, input.externalGateway, "create_router", path);
    if (!gw.ok) return gw;
    return ok(gw.value);
  }
  return ok(r);
}

export interface RouterPatch {
  name?: string; description?: string; adminStateUp?: boolean; distributed?: boolean; ha?: boolean;
  routes?: { destination: string; nexthop: string }[]; tags?: string[];
}

/** Subnets the router has an interface on. */
export function routerSubnets(draft: Draft, routerId: string): Subnet[] {
  const ids = new Set<string>();
  for (const p of draft.list("ports")) if (p.deviceId === routerId && p.deviceOwner === DEVICE_OWNER.routerInterface) for (const f of p.fixedIps) ids.add(f.subnetId);
  return [...ids].map((id) => draft.get("subnets", id)).filter((s): s is Subnet => s !== undefined);
}

export function updateRouter(draft: Draft, auth: AuthContext, routerId: string, patch: RouterPatch): R<Router> {
  const r = draft.get("routers", routerId);
  if (!r || !ownVisible(auth, r.projectId)) return err(apiError(draft, 404, `routers/${routerId}`, `Router ${routerId} could not be found.`));
  const path = `routers/${r.id}`;
  const adminAttrs = [...(patch.distributed !== undefined ? ["distributed"] : []), ...(patch.ha !== undefined ? ["ha"] : [])];
  const allowed = requireWrite(draft, auth, path, "update_router", r.projectId, adminAttrs);
  if (!allowed.ok) return allowed;
  if ((patch.distributed !== undefined || patch.ha !== undefined) && r.adminStateUp && patch.adminStateUp !== false) {
    return err(apiError(draft, 400, path, "Bad router request: Cannot upgrade active router to distributed. Please set router admin_state_up to False prior to upgrade."));
  }
  if (patch.routes) {
    const attached = [...routerSubnets(draft, r.id), ...(r.externalGateway?.externalFixedIps ?? []).map((f) => draft.get("subnets", f.subnetId)).filter((s): s is Subnet => s !== undefined)];
    for (const route of patch.routes) {
      const hop = parseIpv4(route.nexthop);
      if (!parseCidr4(route.destination) || hop === null) {
        return err(apiError(draft, 400, path, `Invalid input for routes. Reason: Invalid data format for hostroute: '${JSON.stringify(route)}'.`));
      }
      const ok2 = attached.some((s) => { const c = parseCidr4(s.cidr); return c !== null && cidrContains(c, hop); });
      if (!ok2) return err(apiError(draft, 400, path, `Invalid format for routes: [{'destination': '${route.destination}', 'nexthop': '${route.nexthop}'}], the nexthop is not connected with router`));
    }
  }
  const next = draft.update("routers", r.id, { ...patch, ...touch(draft, r) });
  return ok(next);
}

/** Sets (or replaces) the gateway: a `network:router_gateway` port on the external network, SNAT on by default. */
export function setRouterExternalGateway(
  draft: Draft, auth: AuthContext, routerId: string, gw: GatewayInput, action = "update_router", pathOverride?: string,
): R<Router> {
  const r = draft.get("routers", routerId);
  if (!r || !ownVisible(auth, r.projectId)) return err(apiError(draft, 404, `routers/${routerId}`, `Router ${routerId} could not be found.`));
  const path = pathOverride ?? `routers/${r.id}`;
  const adminAttrs = [
    ...(gw.enableSnat !== undefined ? ["external_gateway_info:enable_snat"] : []),
    ...(gw.fixedIps !== undefined ? ["external_gateway_info:external_fixed_ips"] : []),
  ];
  const allowed = requireWrite(draft, auth, path, action, r.projectId, adminAttrs);
  if (!allowed.ok) return allowed;
  const net = draft.get("networks", gw.networkId);
  if (!net || !networkVisible(draft, auth, net)) return err(apiError(draft, 404, path, `Network ${gw.networkId} could not be found.`));
  if (!net.external) return err(apiError(draft, 400, path, `Bad router request: Network ${net.id} is not an external network.`));
  const current = r.externalGateway;
  if (current && current.networkId === net.id && gw.fixedIps === undefined) {
    const next = draft.update("routers", r.id, { externalGateway: { ...current, enableSnat: gw.enableSnat ?? current.enableSnat }, ...touch(draft, r) });
    return ok(next);
  }
  for (const s of routerSubnets(draft, r.id)) {
    if (s.networkId === net.id) return err(apiError(draft, 400, path, `Bad router request: Router already has a port on subnet ${s.id}.`));
  }
  if (current) {
    const cleared = clearGateway(draft, r, path);
    if (!cleared.ok) return cleared;
  }
  let mac: string | undefined;
  const ips = resolveFixedIps(draft, net, gw.fixedIps, path, { owner: DEVICE_OWNER.routerGateway, mac: () => (mac ??= newMac(draft)) });
  if (!ips.ok) return ips;
  if (ips.value.length === 0) return err(apiError(draft, 400, path, `Bad router request: No subnets defined on network ${net.id}.`));
  const port: Port = {
    id: newUuid(draft), name: "", networkId: net.id, projectId: "", macAddress: mac ?? newMac(draft), fixedIps: ips.value, adminStateUp: true,
    status: "ACTIVE", deviceOwner: DEVICE_OWNER.routerGateway, deviceId: r.id, securityGroupIds: [], portSecurityEnabled: false,
    bindingHostId: "", bindingVnicType: "normal", allowedAddressPairs: [], description: "", tags: [], revisionNumber: 1,
    createdAt: draft.now, updatedAt: draft.now,
  };
  draft.put("ports", port.id, port);
  const fresh = draft.get("routers", r.id) ?? r;
  const next = draft.update("routers", r.id, {
    externalGateway: { networkId: net.id, enableSnat: gw.enableSnat ?? true, externalFixedIps: ips.value }, ...touch(draft, fresh),
  });
  return ok(next);
}

function clearGateway(draft: Draft, r: Router, path: string): R<void> {
  const gw = r.externalGateway;
  if (!gw) return ok(undefined);
  if (draft.list("floatingIps").some((f) => f.routerId === r.id && f.floatingNetworkId === gw.networkId)) {
    return err(apiError(draft, 409, path, `Gateway cannot be updated for router ${r.id}, since a gateway to external network ${gw.networkId} is required by one or more floating IPs.`));
  }
  for (const p of draft.list("ports")) if (p.deviceId === r.id && p.deviceOwner === DEVICE_OWNER.routerGateway) draft.remove("ports", p.id);
  return ok(undefined);
}

export function clearRouterExternalGateway(draft: Draft, auth: AuthContext, routerId: string): R<Router> {
  const r = draft.get("routers", routerId);
  if (!r || !ownVisible(auth, r.projectId)) return err(apiError(draft, 404, `routers/${routerId}`, `Router ${routerId} could not be found.`));
  const path = `routers/${r.id}`;
  const allowed = requireWrite(draft, auth, path, "update_router", r.projectId);
  if (!allowed.ok) return allowed;
  const cleared = clearGateway(draft, r, path);
  if (!cleared.ok) return cleared;
  return ok(draft.update("routers", r.id, { externalGateway: null, ...touch(draft, r) }));
}

/** `router add subnet` (the port takes the subnet's gateway address) or `router add port` (an existing port). */
export function addRouterInterface(draft: Draft, auth: AuthContext, routerId: string, target: { subnetId: string } | { portId: string }): R<Port> {
  const r = draft.get("routers", routerId);
  if (!r || !ownVisible(auth, r.projectId)) return err(apiError(draft, 404, `routers/${routerId}`, `Router ${routerId} could not be found.`));
  const path = `routers/${r.id}/add_router_interface`;
  if (!canWrite(auth, r.projectId)) return err(refuse(draft, path, "add_router_interface"));
  const attached = routerSubnets(draft, r.id);
  const checkOverlap = (s: Subnet): R<void> => {
    if (attached.some((a) => a.id === s.id)) return err(apiError(draft, 400, path, `Bad router request: Router already has a port on subnet ${s.id}.`));
    const c = parseNet(s.cidr);
    for (const a of attached) {
      const ac = parseNet(a.cidr);
      if (c && ac && netsOverlap(c, ac)) {
        return err(apiError(draft, 400, path, `Bad router request: Cidr ${s.cidr} of subnet ${s.id} overlaps with cidr ${a.cidr} of subnet ${a.id}.`));
      }
    }
    if (r.externalGateway?.networkId === s.networkId) {
      return err(apiError(draft, 400, path, `Bad router request: Router already has a port on subnet ${s.id}.`));
    }
    return ok(undefined);
  };
  if ("portId" in target) {
    const p = draft.get("ports", target.portId);
    if (!p || !portVisible(draft, auth, p)) return err(apiError(draft, 404, path, `Port ${target.portId} could not be found.`));
    if (p.deviceId !== "") return err(apiError(draft, 409, path, `Port ${p.id} is still in use.`));
    if (p.fixedIps.length === 0) return err(apiError(draft, 400, path, `Bad router request: Router port must have at least one fixed IP.`));
    for (const f of p.fixedIps) {
      const s = draft.get("subnets", f.subnetId);
      if (s) {
        const c = checkOverlap(s);
        if (!c.ok) return c;
      }
    }
    const next = draft.update("ports", p.id, { deviceId: r.id, deviceOwner: DEVICE_OWNER.routerInterface, status: "ACTIVE", securityGroupIds: [], portSecurityEnabled: false, ...touch(draft, p) });
    return ok(next);
  }
  const s = draft.get("subnets", target.subnetId);
  if (!s || !subnetVisible(draft, auth, s)) return err(apiError(draft, 404, path, `Subnet ${target.subnetId} could not be found.`));
  if (!s.gatewayIp) return err(apiError(draft, 400, path, "Bad router request: Subnet for router interface must have a gateway IP."));
  const c = checkOverlap(s);
  if (!c.ok) return c;
  const gwTaken = draft.list("ports").some((p) => p.fixedIps.some((f) => f.subnetId === s.id && f.ipAddress === s.gatewayIp));
  if (gwTaken) return err(apiError(draft, 409, path, `Unable to complete operation for network ${s.networkId}. The IP address ${s.gatewayIp} is in use.`));
  if (s.ipVersion === 6) {
    // l3_db._add_interface_by_subnet: a further IPv6 subnet of a network joins the router's existing IPv6
    // port on that network instead of getting a port of its own.
    const v6Port = draft.list("ports").find((p) => p.deviceId === r.id && p.deviceOwner === DEVICE_OWNER.routerInterface && p.networkId === s.networkId &&
      p.fixedIps.some((f) => draft.get("subnets", f.subnetId)?.ipVersion === 6));
    if (v6Port) {
      const next = draft.update("ports", v6Port.id, { fixedIps: [...v6Port.fixedIps, { subnetId: s.id, ipAddress: s.gatewayIp }], ...touch(draft, v6Port) });
      draft.update("routers", r.id, touch(draft, r));
      return ok(next);
    }
  }
  const port: Port = {
    id: newUuid(draft), name: "", networkId: s.networkId, projectId: r.projectId, macAddress: newMac(draft),
    fixedIps: [{ subnetId: s.id, ipAddress: s.gatewayIp }], adminStateUp: true, status: "ACTIVE", deviceOwner: DEVICE_OWNER.routerInterface,
    deviceId: r.id, securityGroupIds: [], portSecurityEnabled: false, bindingHostId: "", bindingVnicType: "normal", allowedAddressPairs: [],
    description: "", tags: [], revisionNumber: 1, createdAt: draft.now, updatedAt: draft.now,
  };
  draft.put("ports", port.id, port);
  draft.update("routers", r.id, touch(draft, r));
  return ok(port);
}

export function removeRouterInterface(draft: Draft, auth: AuthContext, routerId: string, target: { subnetId: string } | { portId: string }): R<void> {
  const r = draft.get("routers", routerId);
  if (!r || !ownVisible(auth, r.projectId)) return err(apiError(draft, 404, `routers/${routerId}`, `Router ${routerId} could not be found.`));
  const path = `routers/${r.id}/remove_router_interface`;
  if (!canWrite(auth, r.projectId)) return err(refuse(draft, path, "remove_router_interface"));
  const ifaces = draft.list("ports").filter((p) => p.deviceId === r.id && p.deviceOwner === DEVICE_OWNER.routerInterface);
  let port: Port | undefined;
  if ("portId" in target) {
    port = ifaces.find((p) => p.id === target.portId);
    if (!port) return err(apiError(draft, 404, path, `Router ${r.id} does not have an interface with id ${target.portId}`));
  } else {
    port = ifaces.find((p) => p.fixedIps.some((f) => f.subnetId === target.subnetId));
    if (!port) return err(apiError(draft, 404, path, `Router ${r.id} has no interface on subnet ${target.subnetId}`));
  }
  // A port holding several IPv6 subnets only gives up the one being removed.
  if ("subnetId" in target && port.fixedIps.length > 1) {
    draft.update("ports", port.id, { fixedIps: port.fixedIps.filter((f) => f.subnetId !== target.subnetId), ...touch(draft, port) });
    draft.update("routers", r.id, touch(draft, r));
    return ok(undefined);
  }
  const subnetIds = new Set(port.fixedIps.map((f) => f.subnetId));
  // A floating IP reaching a fixed address through this interface keeps it in place.
  for (const f of draft.list("floatingIps")) {
    if (f.routerId !== r.id || !f.portId) continue;
    const fp = draft.get("ports", f.portId);
    if (fp?.fixedIps.some((x) => subnetIds.has(x.subnetId))) {
      return err(apiError(draft, 409, path, `Router interface for subnet ${[...subnetIds][0]} on router ${r.id} cannot be deleted, as it is required by one or more floating IPs.`));
    }
  }
  draft.remove("ports", port.id);
  const rest = new Set(routerSubnets(draft, r.id).map((s) => s.id));
  const routes = r.routes.filter((rt) => {
    const hop = parseIpv4(rt.nexthop);
    return [...rest].some((id) => { const c = parseCidr4(draft.get("subnets", id)?.cidr ?? ""); return c !== null && hop !== null && cidrContains(c, hop); });
  });
  if (routes.length !== r.routes.length) {
    return err(apiError(draft, 409, path, `Router interface for subnet ${[...subnetIds][0]} on router ${r.id} cannot be deleted, as it is required by one or more routes.`));
  }
  draft.update("routers", r.id, touch(draft, r));
  return ok(undefined);
}

export function deleteRouter(draft: Draft, auth: AuthContext, routerId: string): R<void> {
  const r = draft.get("routers", routerId);
  if (!r || !ownVisible(auth, r.projectId)) return err(apiError(draft, 404, `routers/${routerId}`, `Router ${routerId} could not be found.`));
  const path = `routers/${r.id}`;
  if (!canWrite(auth, r.projectId)) return err(refuse(draft, path, "delete_router"));
  if (draft.list("ports").some((p) => p.deviceId === r.id && p.deviceOwner === DEVICE_OWNER.routerInterface)) {
    return err(apiError(draft, 409, path, `Router ${r.id} still has ports`));
  }
  const cleared = clearGateway(draft, r, path);
  if (!cleared.ok) return cleared;
  draft.remove("routers", r.id);
  return ok(undefined);
}

// ------------------------------------------------------------------ floating IPs

export interface FloatingIpInput {
  networkId: string; projectId?: string; subnetId?: string; floatingIpAddress?: string; portId?: string; fixedIpAddress?: string;
  description?: string; tags?: string[];
}

export function createFloatingIp(draft: Draft, auth: AuthContext, input: FloatingIpInput): R<FloatingIp> {
  const path = "floatingips";
  const projectId = input.projectId ?? auth.projectId;
  const allowed = requireWrite(draft, auth, path, "create_floatingip", projectId, input.floatingIpAddress !== undefined ? ["floating_ip_address"] : []);
  if (!allowed.ok) return allowed;
  const net = draft.get("networks", input.networkId);
  if (!net || !networkVisible(draft, auth, net)) return err(apiError(draft, 404, path, `Network ${input.networkId} could not be found.`));
  if (!net.external) return err(apiError(draft, 400, path, `Bad floatingip request: Network ${net.id} is not a valid external network.`));
  const q = quota(draft, path, projectId, "floating_ips", "floatingip");
  if (!q.ok) return q;
  const request: FixedIpRequest = {
    ...(input.subnetId !== undefined ? { subnetId: input.subnetId } : {}),
    ...(input.floatingIpAddress !== undefined ? { ipAddress: input.floatingIpAddress } : {}),
  };
  // Floating IPs are IPv4 only: the holder port takes one address from the first IPv4 subnet.
  const v4 = subnetsOf(draft, net.id).find((x) => x.ipVersion === 4);
  if (request.subnetId === undefined && request.ipAddress === undefined && !v4) {
    return err(apiError(draft, 400, path, `Bad floatingip request: Network ${net.id} does not contain any IPv4 subnet.`));
  }
  const ips = resolveFixedIps(draft, net, [request.subnetId === undefined && request.ipAddress === undefined ? { subnetId: v4?.id ?? "" } : request], path, { owner: DEVICE_OWNER.floatingIp, mac: () => "" });
  if (!ips.ok) return ips;
  const ip = ips.value[0];
  if (!ip) return err(apiError(draft, 400, path, `Bad floatingip request: Network ${net.id} does not contain any IPv4 subnet.`));
  const fipId = newUuid(draft);
  // The address is held by a `network:floatingip` port on the external network, as in neutron.
  const holder: Port = {
    id: newUuid(draft), name: "", networkId: net.id, projectId: "", macAddress: newMac(draft), fixedIps: [ip], adminStateUp: true, status: "DOWN",
    deviceOwner: DEVICE_OWNER.floatingIp, deviceId: fipId, securityGroupIds: [], portSecurityEnabled: false, bindingHostId: "",
    bindingVnicType: "normal", allowedAddressPairs: [], description: "", tags: [], revisionNumber: 1, createdAt: draft.now, updatedAt: draft.now,
  };
  draft.put("ports", holder.id, holder);
  const f: FloatingIp = {
    id: fipId, projectId, floatingNetworkId: net.id, floatingIpAddress: ip.ipAddress, fixedIpAddress: null, portId: null, routerId: null,
    status: "DOWN", description: input.description ?? "", dnsName: "", tags: input.tags ?? [], revisionNumber: 0, createdAt: draft.now, updatedAt: draft.now,
  };
  draft.put("floatingIps", f.id, f);
  if (input.portId !== undefined) {
    const a = associateFloatingIp(draft, auth, f.id, input.portId, input.fixedIpAddress, path);
    if (!a.ok) return a;
    return ok(a.value);
  }
  return ok(f);
}

/** Points a floating IP at a port; the port's subnet must reach the floating network through a router gateway. */
export function associateFloatingIp(draft: Draft, auth: AuthContext, floatingIpId: string, portId: string, fixedIpAddress?: string, pathOverride?: string): R<FloatingIp> {
  const f = draft.get("floatingIps", floatingIpId);
  if (!f || !ownVisible(auth, f.projectId)) return err(apiError(draft, 404, `floatingips/${floatingIpId}`, `Floating IP ${floatingIpId} could not be found`));
  const path = pathOverride ?? `floatingips/${f.id}`;
  if (!canWrite(auth, f.projectId)) return err(refuse(draft, path, "update_floatingip"));
  const p = draft.get("ports", portId);
  if (!p || !portVisible(draft, auth, p)) return err(apiError(draft, 404, path, `Port ${portId} could not be found.`));
  if (!isAdmin(auth) && p.projectId !== f.projectId) return err(apiError(draft, 404, path, `Port ${portId} could not be found.`));
  const fixed = fixedIpAddress !== undefined ? p.fixedIps.find((x) => x.ipAddress === fixedIpAddress) : p.fixedIps[0];
  if (!fixed) {
    if (fixedIpAddress !== undefined) return err(apiError(draft, 400, path, `Bad floatingip request: Port ${p.id} does not have fixed ip ${fixedIpAddress}.`));
    return err(apiError(draft, 400, path, `Bad floatingip request: Port ${p.id} does not have any IPv4 address. Unable to associate floating IP to it.`));
  }
  if (p.deviceOwner.startsWith("network:")) {
    return err(apiError(draft, 400, path, `Bad floatingip request: Port ${p.id} has owner ${p.deviceOwner} and therefore cannot be assigned a floating IP.`));
  }
  const clash = draft.list("floatingIps").find((o) => o.id !== f.id && o.portId === p.id && o.fixedIpAddress === fixed.ipAddress && o.floatingNetworkId === f.floatingNetworkId);
  if (clash) {
    return err(apiError(draft, 409, path, `Cannot associate floating IP ${f.floatingIpAddress} (${f.id}) with port ${p.id} using fixed IP ${fixed.ipAddress}, as that fixed IP already has a floating IP on external network ${f.floatingNetworkId}.`));
  }
  const router = draft.list("routers").find((r) => r.externalGateway?.networkId === f.floatingNetworkId && routerSubnets(draft, r.id).some((s) => s.id === fixed.subnetId));
  if (!router) {
    return err(apiError(draft, 404, path, `External network ${f.floatingNetworkId} is not reachable from subnet ${fixed.subnetId}.  Therefore, cannot associate Port ${p.id} with a Floating IP.`));
  }
  const next = draft.update("floatingIps", f.id, { portId: p.id, fixedIpAddress: fixed.ipAddress, routerId: router.id, status: "ACTIVE", ...touch(draft, f) });
  return ok(next);
}

export function disassociateFloatingIp(draft: Draft, auth: AuthContext, floatingIpId: string): R<FloatingIp> {
  const f = draft.get("floatingIps", floatingIpId);
  if (!f || !ownVisible(auth, f.projectId)) return err(apiError(draft, 404, `floatingips/${floatingIpId}`, `Floating IP ${floatingIpId} could not be found`));
  if (!canWrite(auth, f.projectId)) return err(refuse(draft, `floatingips/${f.id}`, "update_floatingip"));
  return ok(draft.update("floatingIps", f.id, { portId: null, fixedIpAddress: null, routerId: null, status: "DOWN", ...touch(draft, f) }));
}

export function deleteFloatingIp(draft: Draft, auth: AuthContext, floatingIpId: string): R<void> {
  const f = draft.get("floatingIps", floatingIpId);
  if (!f || !ownVisible(auth, f.projectId)) return err(apiError(draft, 404, `floatingips/${floatingIpId}`, `Floating IP ${floatingIpId} could not be found`));
  if (!canWrite(auth, f.projectId)) return err(refuse(draft, `floatingips/${f.id}`, "delete_floatingip"));
  for (const p of draft.list("ports")) if (p.deviceOwner === DEVICE_OWNER.floatingIp && p.deviceId === f.id) draft.remove("ports", p.id);
  removePortForwardings(draft, (pf) => pf.floatingIpId === f.id);
  draft.remove("floatingIps", f.id);
  return ok(undefined);
}

// ------------------------------------------------------------------ security groups

export function createSecurityGroup(draft: Draft, auth: AuthContext, input: { name: string; description?: string; projectId?: string; stateful?: boolean; tags?: string[] }): R<SecurityGroup> {
  const path = "security-groups";
  const projectId = input.projectId ?? auth.projectId;
  const allowed = requireWrite(draft, auth, path, "create_security_group", projectId);
  if (!allowed.ok) return allowed;
  ensureDefaultSecurityGroup(draft, projectId);
  if (input.name === "default") return err(apiError(draft, 409, path, "Default security group default already exists."));
  const q = quota(draft, path, projectId, "secgroups", "security_group");
  if (!q.ok) return q;
  const sg: SecurityGroup = {
    id: newUuid(draft), name: input.name, projectId, description: input.description ?? "", stateful: input.stateful ?? true,
    tags: input.tags ?? [], revisionNumber: 1, createdAt: draft.now, updatedAt: draft.now,
  };
  draft.put("securityGroups", sg.id, sg);
  // Every new group starts with neutron's two egress rules (IPv4 and IPv6, any destination).
  for (const ethertype of ["IPv4", "IPv6"] as const) {
    const r: SecurityGroupRule = {
      id: newUuid(draft), securityGroupId: sg.id, projectId, direction: "egress", ethertype, protocol: null, portRangeMin: null, portRangeMax: null,
      remoteIpPrefix: null, remoteGroupId: null, remoteAddressGroupId: null, description: "", revisionNumber: 0, createdAt: draft.now, updatedAt: draft.now,
    };
    draft.put("securityGroupRules", r.id, r);
  }
  return ok(sg);
}

export function updateSecurityGroup(draft: Draft, auth: AuthContext, id: string, patch: { name?: string; description?: string; stateful?: boolean; tags?: string[] }): R<SecurityGroup> {
  const g = draft.get("securityGroups", id);
  if (!g || !securityGroupVisible(draft, auth, g)) return err(apiError(draft, 404, `security-groups/${id}`, `Security group ${id} does not exist`));
  const path = `security-groups/${g.id}`;
  if (!canWrite(auth, g.projectId)) return err(refuse(draft, path, "update_security_group"));
  if (g.name === "default" && patch.name !== undefined && patch.name !== "default") {
    return err(apiError(draft, 409, path, "Insufficient rights for removing default security group."));
  }
  return ok(draft.update("securityGroups", g.id, { ...patch, ...touch(draft, g) }));
}

export function deleteSecurityGroup(draft: Draft, auth: AuthContext, id: string): R<void> {
  const g = draft.get("securityGroups", id);
  if (!g || !securityGroupVisible(draft, auth, g)) return err(apiError(draft, 404, `security-groups/${id}`, `Security group ${id} does not exist`));
  const path = `security-groups/${g.id}`;
  if (!canWrite(auth, g.projectId)) return err(refuse(draft, path, "delete_security_group"));
  if (g.name === "default" && !isAdmin(auth)) return err(apiError(draft, 409, path, "Insufficient rights for removing default security group."));
  if (draft.list("ports").some((p) => p.securityGroupIds.includes(g.id))) return err(apiError(draft, 409, path, `Security Group ${g.id} in use.`));
  const foreignRef = draft.list("securityGroupRules").some((r) => r.remoteGroupId === g.id && r.securityGroupId !== g.id);
  if (foreignRef) return err(apiError(draft, 409, path, `Security Group ${g.id} in use.`));
  for (const r of draft.list("securityGroupRules")) if (r.securityGroupId === g.id) draft.remove("securityGroupRules", r.id);
  for (const r of draft.list("rbacPolicies")) if (r.objectId === g.id) draft.remove("rbacPolicies", r.id);
  draft.remove("securityGroups", g.id);
  return ok(undefined);
}

export interface RuleInput {
  securityGroupId: string; direction?: "ingress" | "egress"; ethertype?: "IPv4" | "IPv6"; protocol?: string | null;
  portRangeMin?: number | null; portRangeMax?: number | null; remoteIpPrefix?: string | null; remoteGroupId?: string | null;
  description?: string; projectId?: string;
}

const PROTOCOL_NUMBERS: Record<string, number> = {
  ah: 51, dccp: 33, egp: 8, esp: 50, gre: 47, icmp: 1, icmpv6: 58, igmp: 2, ipip: 4, ipv6_encap: 41, ipv6_frag: 44, ipv6_icmp: 58,
  ipv6_nonxt: 59, ipv6_opts: 60, ipv6_route: 43, ospf: 89, pgm: 113, rsvp: 46, sctp: 132, tcp: 6, udp: 17, udplite: 136, vrrp: 112,
};

/** The names neutron accepts (its constants spell them with dashes). */
const PROTOCOL_NAMES = new Set([...Object.keys(PROTOCOL_NUMBERS).map((k) => k.replace(/_/g, "-")), "hopopt", "ip"]);
const IPV6_ONLY_PROTOCOLS = ["ipv6-encap", "ipv6-frag", "ipv6-icmp", "icmpv6", "ipv6-nonxt", "ipv6-opts", "ipv6-route", "41", "43", "44", "58", "59", "60"];

export function createSecurityGroupRule(draft: Draft, auth: AuthContext, input: RuleInput): R<SecurityGroupRule> {
  const path = "security-group-rules";
  const g = draft.get("securityGroups", input.securityGroupId);
  if (!g || !securityGroupVisible(draft, auth, g)) return err(apiError(draft, 404, path, `Security group ${input.securityGroupId} does not exist`));
  const projectId = input.projectId ?? g.projectId;
  if (!canWrite(auth, g.projectId)) return err(refuse(draft, path, "create_security_group_rule"));
  const bad = (m: string): R<SecurityGroupRule> => err(apiError(draft, 400, path, m));
  const ethertype = input.ethertype ?? "IPv4";
  const protocol = input.protocol === undefined || input.protocol === null || input.protocol === "any" ? null : input.protocol.toLowerCase();
  if (protocol !== null && !/^\d+$/.test(protocol) && !PROTOCOL_NAMES.has(protocol)) {
    return bad(`Security group rule protocol ${protocol} not supported. Only protocol values [None, 'ah', 'dccp', 'egp', 'esp', 'gre', 'hopopt', 'icmp', 'igmp', 'ip', 'ipip', 'ipv6-encap', 'ipv6-frag', 'ipv6-icmp', 'icmpv6', 'ipv6-nonxt', 'ipv6-opts', 'ipv6-route', 'ospf', 'pgm', 'rsvp', 'sctp', 'tcp', 'udp', 'udplite', 'vrrp'] and integer representations [0 to 255] are supported.`);
  }
  if (protocol !== null && /^\d+$/.test(protocol) && Number(protocol) > 255) return bad(`Security group rule protocol ${protocol} not supported. Only protocol values [None, 'ah', 'dccp', 'egp', 'esp', 'gre', 'hopopt', 'icmp', 'igmp', 'ip', 'ipip', 'ipv6-encap', 'ipv6-frag', 'ipv6-icmp', 'icmpv6', 'ipv6-nonxt', 'ipv6-opts', 'ipv6-route', 'ospf', 'pgm', 'rsvp', 'sctp', 'tcp', 'udp', 'udplite', 'vrrp'] and integer representations [0 to 255] are supported.`);
  // _validate_ethertype_and_protocol: the IPv6 extension-header and ICMPv6 protocols have no IPv4 form.
  if (ethertype === "IPv4" && protocol !== null && IPV6_ONLY_PROTOCOLS.includes(protocol)) return bad(`Invalid ethertype ${ethertype} for protocol ${protocol}.`);
  const min = input.portRangeMin ?? null;
  const max = input.portRangeMax ?? null;
  const ported = protocol === "tcp" || protocol === "udp" || protocol === "sctp" || protocol === "dccp" || protocol === "udplite" || protocol === "6" || protocol === "17";
  if ((min !== null || max !== null) && protocol === null) return bad("Must also specify protocol if port range is given.");
  if (ported) {
    if (min !== null && max !== null && min > max) return bad("For TCP/UDP protocols, port_range_min must be <= port_range_max");
    if ((min !== null && (min < 1 || min > 65535)) || (max !== null && (max < 1 || max > 65535))) {
      return bad(`Invalid value for port ${min !== null && (min < 1 || min > 65535) ? min : max}`);
    }
  } else if (protocol === "icmp" || protocol === "ipv6-icmp" || protocol === "icmpv6" || protocol === "1") {
    if (min !== null && (min < 0 || min > 255)) return bad(`Invalid value for ICMP field (type): ${min}. It must be 0 to 255.`);
    if (max !== null && (max < 0 || max > 255)) return bad(`Invalid value for ICMP field (code): ${max}. It must be 0 to 255.`);
    if (min === null && max !== null) return bad(`ICMP code (port-range-max) ${max} is provided but ICMP type (port-range-min) is missing.`);
  } else if (min !== null || max !== null) {
    return bad(`Invalid protocol ${protocol} for port range, only supported for TCP, UDP, UDPLITE, SCTP and DCCP.`);
  }
  let remoteIpPrefix = input.remoteIpPrefix ?? null;
  const remoteGroupId = input.remoteGroupId ?? null;
  if (remoteIpPrefix !== null && remoteGroupId !== null) return bad("Only remote_ip_prefix or remote_group_id may be provided.");
  if (remoteGroupId !== null && !draft.get("securityGroups", remoteGroupId)) return err(apiError(draft, 404, path, `Security group ${remoteGroupId} does not exist`));
  if (remoteIpPrefix !== null) {
    // convert_ip_prefix_to_cidr: a bare address gets its full-length mask and host bits are cleared; then
    // _validate_ip_prefix refuses a prefix of the other family than the rule's ethertype.
    const single = parseIp(remoteIpPrefix);
    const parsed = single ? parseNet(`${remoteIpPrefix}/${single.version === 4 ? 32 : 128}`) : parseNet(remoteIpPrefix);
    if (!parsed) return bad(`Invalid input for remote_ip_prefix. Reason: '${remoteIpPrefix}' is not a valid IP_PREFIX.`);
    if (`IPv${parsed.version}` !== ethertype) return bad(`Conflicting value ethertype ${ethertype} for CIDR ${parsed.text}`);
    remoteIpPrefix = parsed.text;
  }
  const direction = input.direction ?? "ingress";
  // "Everywhere" written out and left unset are the same rule to neutron's duplicate check.
  const everywhere = (p: string | null): string | null => (p === "0.0.0.0/0" || p === "::/0" ? null : p);
  const normalisedPrefix = everywhere(remoteIpPrefix);
  const dup = draft.list("securityGroupRules").find((r) =>
    r.securityGroupId === g.id && r.direction === direction && r.ethertype === ethertype && r.protocol === protocol &&
    r.portRangeMin === min && r.portRangeMax === max && everywhere(r.remoteIpPrefix) === normalisedPrefix &&
    r.remoteGroupId === remoteGroupId);
  if (dup) return err(apiError(draft, 409, path, `Security group rule already exists. Rule id is ${dup.id}.`));
  const q = quota(draft, path, projectId, "secgroup_rules", "security_group_rule");
  if (!q.ok) return q;
  const r: SecurityGroupRule = {
    id: newUuid(draft), securityGroupId: g.id, projectId, direction, ethertype, protocol, portRangeMin: min, portRangeMax: max,
    remoteIpPrefix, remoteGroupId, remoteAddressGroupId: null, description: input.description ?? "", revisionNumber: 0,
    createdAt: draft.now, updatedAt: draft.now,
  };
  draft.put("securityGroupRules", r.id, r);
  draft.update("securityGroups", g.id, touch(draft, g));
  return ok(r);
}

export function deleteSecurityGroupRule(draft: Draft, auth: AuthContext, id: string): R<void> {
  const r = draft.get("securityGroupRules", id);
  if (!r || !ownVisible(auth, r.projectId)) return err(apiError(draft, 404, `security-group-rules/${id}`, `Security group rule ${id} does not exist`));
  if (!canWrite(auth, r.projectId)) return err(refuse(draft, `security-group-rules/${r.id}`, "delete_security_group_rule"));
  draft.remove("securityGroupRules", r.id);
  const g = draft.get("securityGroups", r.securityGroupId);
  if (g) draft.update("securityGroups", g.id, touch(draft, g));
  return ok(undefined);
}

// ------------------------------------------------------------------ RBAC

export function createRbacPolicy(
  draft: Draft, auth: AuthContext,
  input: { objectType: RbacPolicy["objectType"]; objectId: string; action: RbacPolicy["action"]; targetProjectId: string; projectId?: string },
): R<RbacPolicy> {
  const path = "rbac-policies";
  const projectId = input.projectId ?? auth.projectId;
  if (!canWrite(auth, projectId)) return err(refuse(draft, path, "create_rbac_policy"));
  if (input.targetProjectId === "*" && !isAdmin(auth)) return err(refuse(draft, path, "create_rbac_policy", ["target_tenant"]));
  if (input.action === "access_as_external" && input.objectType !== "network") {
    return err(apiError(draft, 400, path, `Invalid input for operation: Action 'access_as_external' is not supported for object type '${input.objectType}'.`));
  }
  const q = quota(draft, path, projectId, "rbac_policies", "rbac_policy");
  if (!q.ok) return q;
  const dup = draft.list("rbacPolicies").some((r) => r.objectId === input.objectId && r.action === input.action && r.targetProjectId === input.targetProjectId);
  if (dup) {
    return err(apiError(draft, 409, path, `Duplicate RBAC policy: An RBAC policy with action ${input.action} and target ${input.targetProjectId} already exists for ${input.objectType} ${input.objectId}.`));
  }
  const r: RbacPolicy = { id: newUuid(draft), objectType: input.objectType, objectId: input.objectId, action: input.action, projectId, targetProjectId: input.targetProjectId };
  draft.put("rbacPolicies", r.id, r);
  // `access_as_shared`/`access_as_external` to every project is how neutron stores `shared`/`router:external`.
  if (input.objectType === "network" && input.targetProjectId === "*") {
    const n = draft.get("networks", input.objectId);
    if (n) draft.update("networks", n.id, input.action === "access_as_shared" ? { shared: true } : { external: true, isDefault: n.isDefault ?? false });
  }
  return ok(r);
}

export function deleteRbacPolicy(draft: Draft, auth: AuthContext, id: string): R<void> {
  const r = draft.get("rbacPolicies", id);
  if (!r || !ownVisible(auth, r.projectId)) return err(apiError(draft, 404, `rbac-policies/${id}`, `RBAC policy on object ${id} cannot be found.`));
  const path = `rbac-policies/${r.id}`;
  if (!canWrite(auth, r.projectId)) return err(refuse(draft, path, "delete_rbac_policy"));
  if (r.objectType === "network") {
    const n = draft.get("networks", r.objectId);
    const inUse = n !== undefined && draft.list("ports").some((p) => p.networkId === n.id && p.projectId !== n.projectId && p.projectId !== "" && (r.targetProjectId === "*" || p.projectId === r.targetProjectId));
    if (inUse) return err(apiError(draft, 409, path, `RBAC policy on object ${r.objectId} cannot be removed because other objects depend on it.\nDetails: Callback neutron.plugins.ml2.plugin.Ml2Plugin.validate_network_rbac_policy_change-1 failed with "Unable to reconfigure sharing settings for network ${r.objectId}. Multiple tenants are using it."`));
    if (n && r.targetProjectId === "*") draft.update("networks", n.id, r.action === "access_as_shared" ? { shared: false } : { external: false, isDefault: null });
  }
  draft.remove("rbacPolicies", r.id);
  return ok(undefined);
}

// ------------------------------------------------------------------ subnet pools, QoS, IP availability

export function findSubnetPool(draft: Draft, auth: AuthContext, nameOrId: string): R<SubnetPool> {
  const visible = (p: SubnetPool | undefined): p is SubnetPool => p !== undefined && (ownVisible(auth, p.projectId) || p.shared);
  const byId = draft.get("subnetPools", nameOrId);
  return findIn(draft.list("subnetPools").filter(visible), visible(byId) ? byId : undefined, nameOrId, "SubnetPool", (p) => p.name);
}

/** DevStack loads no QoS policies, so every `--qos-policy` lookup fails the way the SDK reports it. */
export const qosMissing = (_draft: Draft, nameOrId: string): CloudError => sdkNotFound("QoSPolicy", nameOrId);

export interface IpUsage {
  total: bigint; used: bigint;
  subnets: { id: string; name: string; cidr: string; ipVersion: 4 | 6; total: bigint; used: bigint }[];
}

/**
 * neutron's network-ip-availability: pool sizes, and addresses held by ports (the gateway counts once a router
 * holds it). Counted in bigint: one IPv6 /64 pool holds 2^64 - 2 addresses. With `ipVersion`, only subnets of
 * that family count, as the API's ip_version filter does.
 */
export function ipUsage(draft: Draft, networkId: string, ipVersion?: 4 | 6): IpUsage {
  const subnets = subnetsOf(draft, networkId).filter((s) => ipVersion === undefined || s.ipVersion === ipVersion).map((s) => ({
    id: s.id, name: s.name, cidr: s.cidr, ipVersion: s.ipVersion, total: poolSize(s.allocationPools), used: BigInt(usedIps(draft, s.id).size),
  }));
  return { total: subnets.reduce((n, s) => n + s.total, 0n), used: subnets.reduce((n, s) => n + s.used, 0n), subnets };
}

// ------------------------------------------------------------------ quotas (neutron counts what a project owns)

const countOwned = (name: "networks" | "subnets" | "ports" | "routers" | "floatingIps" | "securityGroups" | "securityGroupRules" | "rbacPolicies" | "subnetPools") =>
  (draft: Draft, projectId: string): number => draft.list(name).reduce((n, r) => n + (r.projectId === projectId ? 1 : 0), 0);

registerUsage("networks", countOwned("networks"));
registerUsage("subnets", countOwned("subnets"));
registerUsage("ports", countOwned("ports"));
registerUsage("routers", countOwned("routers"));
registerUsage("floating_ips", countOwned("floatingIps"));
registerUsage("secgroups", countOwned("securityGroups"));
registerUsage("secgroup_rules", countOwned("securityGroupRules"));
registerUsage("rbac_policies", countOwned("rbacPolicies"));
registerUsage("subnet_pools", countOwned("subnetPools"));
