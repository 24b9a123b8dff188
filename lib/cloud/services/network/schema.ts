import { z } from "zod";
import type { CloudState } from "../../state";
import { netContains, normalizeIp, parseIp, parseNet } from "./ip";

// Strict record schemas for Neutron's collections and the foreign keys its database enforces (a port's network,
// a fixed IP's subnet, a floating IP's port, …). lib/cloud/schema.ts merges them into the CloudState schema.

const id = z.string().min(1);
const ms = z.number().int();
const rev = z.number().int().min(0);
const keyed = <T extends z.ZodType<{ id: string }>>(schema: T) =>
  z.record(z.string(), schema).refine((m) => Object.entries(m).every(([k, v]) => k === v.id), "record key differs from its id");
const ipv4 = z.string().regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
const cidr = z.string().regex(/^[0-9a-f:.]+\/\d{1,3}$/);
const mac = z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
const fixedIp = z.object({ subnetId: id, ipAddress: z.string().min(1) }).strict();
// Neutron leaves project_id empty on ports it owns itself (a router's gateway port).
const projectRef = z.string();

const network = z.object({
  id, name: z.string(), projectId: id, adminStateUp: z.boolean(), status: z.enum(["ACTIVE", "DOWN", "BUILD", "ERROR"]), shared: z.boolean(),
  external: z.boolean(), mtu: z.number().int().min(68), portSecurityEnabled: z.boolean(), isDefault: z.boolean().nullable(),
  providerNetworkType: z.string().nullable(), providerPhysicalNetwork: z.string().nullable(), providerSegmentationId: z.number().int().nullable(),
  availabilityZoneHints: z.array(z.string()), description: z.string(), dnsDomain: z.string().nullable(), qosPolicyId: z.string().nullable(),
  tags: z.array(z.string()), revisionNumber: rev, createdAt: ms, updatedAt: ms,
}).strict();

const ipv6Mode = z.enum(["slaac", "dhcpv6-stateful", "dhcpv6-stateless"]);
const subnet = z.object({
  id, name: z.string(), networkId: id, projectId: id, ipVersion: z.union([z.literal(4), z.literal(6)]), cidr, gatewayIp: z.string().nullable(),
  enableDhcp: z.boolean(), allocationPools: z.array(z.object({ start: z.string(), end: z.string() }).strict()), dnsNameservers: z.array(z.string()),
  hostRoutes: z.array(z.object({ destination: cidr, nexthop: z.string() }).strict()), ipv6RaMode: ipv6Mode.nullable(),
  ipv6AddressMode: ipv6Mode.nullable(), subnetPoolId: z.string().nullable(), description: z.string(), serviceTypes: z.array(z.string()),
  segmentId: z.string().nullable(), tags: z.array(z.string()), revisionNumber: rev, createdAt: ms, updatedAt: ms,
}).strict();

const subnetPool = z.object({
  id, name: z.string(), projectId: id, prefixes: z.array(cidr).min(1), defaultPrefixLen: z.number().int(), minPrefixLen: z.number().int(),
  maxPrefixLen: z.number().int(), shared: z.boolean(), isDefault: z.boolean(), ipVersion: z.union([z.literal(4), z.literal(6)]),
  description: z.string(), defaultQuota: z.number().int().nullable(), tags: z.array(z.string()), revisionNumber: rev, createdAt: ms, updatedAt: ms,
}).strict().refine((p) => p.minPrefixLen <= p.defaultPrefixLen && p.defaultPrefixLen <= p.maxPrefixLen, "prefix lengths out of order");

const port = z.object({
  id, name: z.string(), networkId: id, projectId: projectRef, macAddress: mac, fixedIps: z.array(fixedIp), adminStateUp: z.boolean(),
  status: z.enum(["ACTIVE", "DOWN", "BUILD"]), deviceOwner: z.string(), deviceId: z.string(), securityGroupIds: z.array(id),
  portSecurityEnabled: z.boolean(), bindingHostId: z.string(), bindingVnicType: z.string(),
  allowedAddressPairs: z.array(z.object({ ipAddress: z.string(), macAddress: z.string() }).strict()), description: z.string(),
  tags: z.array(z.string()), revisionNumber: rev, createdAt: ms, updatedAt: ms,
}).strict();

const router = z.object({
  id, name: z.string(), projectId: id, adminStateUp: z.boolean(), status: z.enum(["ACTIVE", "DOWN"]),
  externalGateway: z.object({ networkId: id, enableSnat: z.boolean(), externalFixedIps: z.array(fixedIp) }).strict().nullable(),
  routes: z.array(z.object({ destination: cidr, nexthop: z.string() }).strict()), distributed: z.boolean(), ha: z.boolean(),
  availabilityZoneHints: z.array(z.string()), description: z.string(), tags: z.array(z.string()), revisionNumber: rev, createdAt: ms, updatedAt: ms,
}).strict();

const floatingIp = z.object({
  id, projectId: id, floatingNetworkId: id, floatingIpAddress: ipv4, fixedIpAddress: z.string().nullable(), portId: z.string().nullable(),
  routerId: z.string().nullable(), status: z.enum(["ACTIVE", "DOWN"]), description: z.string(), dnsName: z.string(), tags: z.array(z.string()),
  revisionNumber: rev, createdAt: ms, updatedAt: ms,
}).strict().refine((f) => (f.portId === null) === (f.fixedIpAddress === null), "a floating IP has a fixed IP exactly when it has a port");

const securityGroup = z.object({
  id, name: z.string(), projectId: id, description: z.string(), stateful: z.boolean(), tags: z.array(z.string()), revisionNumber: rev,
  createdAt: ms, updatedAt: ms,
}).strict();

const port16 = z.number().int().min(0).max(65535);
const securityGroupRule = z.object({
  id, securityGroupId: id, projectId: id, direction: z.enum(["ingress", "egress"]), ethertype: z.enum(["IPv4", "IPv6"]),
  protocol: z.string().nullable(), portRangeMin: port16.nullable(), portRangeMax: port16.nullable(), remoteIpPrefix: cidr.nullable(),
  remoteGroupId: z.string().nullable(), remoteAddressGroupId: z.string().nullable(), description: z.string(), revisionNumber: rev,
  createdAt: ms, updatedAt: ms,
}).strict().refine((r) => r.portRangeMin === null || r.portRangeMax === null || r.portRangeMin <= r.portRangeMax, "port range min above max")
  .refine((r) => r.remoteIpPrefix === null || r.remoteGroupId === null, "a rule has a remote prefix or a remote group, not both");

const rbacPolicy = z.object({
  id, objectType: z.enum(["network", "qos_policy", "security_group", "address_scope", "subnetpool", "address_group"]), objectId: id,
  action: z.enum(["access_as_shared", "access_as_external"]), projectId: id, targetProjectId: z.string().min(1),
}).strict();

const networkAgent = z.object({
  id, agentType: z.string().min(1), binary: z.string().min(1), host: z.string().min(1), availabilityZone: z.string().nullable(),
  alive: z.boolean(), adminStateUp: z.boolean(), topic: z.string(), configurations: z.record(z.string(), z.unknown()), createdAt: ms,
  startedAt: ms, heartbeatAt: ms,
}).strict();

const portForwarding = z.object({
  id, floatingIpId: id, projectId: id, internalPortId: id, internalIpAddress: ipv4, internalPort: port16.min(1), internalPortEnd: port16.min(1),
  externalPort: port16.min(1), externalPortEnd: port16.min(1), protocol: z.enum(["tcp", "udp"]), description: z.string(),
}).strict().refine((f) => f.internalPort <= f.internalPortEnd && f.externalPort <= f.externalPortEnd, "port range min above max");

const meteringLabel = z.object({ id, name: z.string(), projectId: id, description: z.string(), shared: z.boolean() }).strict();
const meteringLabelRule = z.object({
  id, meteringLabelId: id, projectId: id, direction: z.enum(["ingress", "egress"]), excluded: z.boolean(),
  remoteIpPrefix: cidr.nullable(), sourceIpPrefix: cidr.nullable(), destinationIpPrefix: cidr.nullable(),
}).strict();

export const networkCollectionSchemas: Record<string, z.ZodType> = {
  portForwardings: keyed(portForwarding), meteringLabels: keyed(meteringLabel), meteringLabelRules: keyed(meteringLabelRule),
  networks: keyed(network), subnets: keyed(subnet), subnetPools: keyed(subnetPool), ports: keyed(port), routers: keyed(router),
  floatingIps: keyed(floatingIp), securityGroups: keyed(securityGroup), securityGroupRules: keyed(securityGroupRule),
  rbacPolicies: keyed(rbacPolicy), networkAgents: keyed(networkAgent),
};

const inCidr = (ip: string, range: string): boolean => {
  const c = parseNet(range);
  const n = parseIp(ip);
  return c !== null && n !== null && netContains(c, n);
};
/** Neutron stores every address in netaddr's canonical form (IPv6 compressed, lower case). */
const canonical = (ip: string): boolean => normalizeIp(ip) === ip;

/** Neutron's foreign keys and the invariants its IPAM keeps. */
export function networkIssues(st: CloudState): string[] {
  const out: string[] = [];
  for (const s of Object.values(st.subnets)) {
    if (!st.networks[s.networkId]) out.push(`subnet ${s.id} on missing network ${s.networkId}`);
    if (s.subnetPoolId !== null && !st.subnetPools[s.subnetPoolId]) out.push(`subnet ${s.id} from missing subnet pool`);
    if (parseNet(s.cidr)?.version !== s.ipVersion || parseNet(s.cidr)?.text !== s.cidr) out.push(`subnet ${s.id} range ${s.cidr} is not a canonical IPv${s.ipVersion} network`);
    if (s.ipVersion === 4 && (s.ipv6RaMode !== null || s.ipv6AddressMode !== null)) out.push(`subnet ${s.id} is IPv4 with IPv6 modes`);
    if (s.gatewayIp !== null && s.ipVersion === 4 && !inCidr(s.gatewayIp, s.cidr)) out.push(`subnet ${s.id} gateway ${s.gatewayIp} outside ${s.cidr}`);
    for (const p of s.allocationPools) {
      if (!inCidr(p.start, s.cidr) || !inCidr(p.end, s.cidr)) out.push(`subnet ${s.id} pool ${p.start}-${p.end} outside ${s.cidr}`);
      if (!canonical(p.start) || !canonical(p.end)) out.push(`subnet ${s.id} pool ${p.start}-${p.end} not in canonical form`);
    }
  }
  const taken = new Map<string, string>();
  for (const p of Object.values(st.ports)) {
    if (!st.networks[p.networkId]) out.push(`port ${p.id} on missing network ${p.networkId}`);
    for (const ip of p.fixedIps) {
      const s = st.subnets[ip.subnetId];
      if (!s) out.push(`port ${p.id} has an address on missing subnet ${ip.subnetId}`);
      else if (s.networkId !== p.networkId) out.push(`port ${p.id} has an address on subnet ${s.id} of another network`);
      else if (!inCidr(ip.ipAddress, s.cidr) || !canonical(ip.ipAddress)) out.push(`port ${p.id} address ${ip.ipAddress} outside ${s.cidr} or not canonical`);
      const key = `${ip.subnetId}/${ip.ipAddress}`;
      const holder = taken.get(key);
      if (holder) out.push(`ports ${holder} and ${p.id} share ${ip.ipAddress}`);
      taken.set(key, p.id);
    }
    for (const g of p.securityGroupIds) if (!st.securityGroups[g]) out.push(`port ${p.id} in missing security group ${g}`);
    if (p.deviceOwner.startsWith("compute:")) {
      const srv = st.servers[p.deviceId];
      if (!srv) out.push(`port ${p.id} bound to missing server ${p.deviceId}`);
      else if (!srv.portIds.includes(p.id)) out.push(`port ${p.id} bound to server ${p.deviceId} that does not list it`);
    }
    if ((p.deviceOwner === "network:router_interface" || p.deviceOwner === "network:router_gateway") && !st.routers[p.deviceId]) {
      out.push(`port ${p.id} of missing router ${p.deviceId}`);
    }
  }
  const macs = new Map<string, string>();
  for (const p of Object.values(st.ports)) {
    const key = `${p.networkId}/${p.macAddress}`;
    if (macs.has(key)) out.push(`ports ${macs.get(key)} and ${p.id} share MAC ${p.macAddress}`);
    macs.set(key, p.id);
  }
  for (const r of Object.values(st.routers)) {
    const gw = r.externalGateway;
    if (gw) {
      const net = st.networks[gw.networkId];
      if (!net) out.push(`router ${r.id} gateway on missing network`);
      else if (!net.external) out.push(`router ${r.id} gateway on internal network ${net.id}`);
      for (const ip of gw.externalFixedIps) if (!st.subnets[ip.subnetId]) out.push(`router ${r.id} gateway address on missing subnet`);
    }
  }
  for (const f of Object.values(st.floatingIps)) {
    if (!st.networks[f.floatingNetworkId]) out.push(`floating IP ${f.id} from missing network ${f.floatingNetworkId}`);
    if (f.portId !== null) {
      const p = st.ports[f.portId];
      if (!p) out.push(`floating IP ${f.id} associated with missing port ${f.portId}`);
      else if (!p.fixedIps.some((ip) => ip.ipAddress === f.fixedIpAddress)) out.push(`floating IP ${f.id} maps to ${f.fixedIpAddress}, not an address of port ${p.id}`);
    }
    if (f.routerId !== null && !st.routers[f.routerId]) out.push(`floating IP ${f.id} routed by missing router ${f.routerId}`);
  }
  for (const r of Object.values(st.securityGroupRules)) {
    if (!st.securityGroups[r.securityGroupId]) out.push(`rule ${r.id} of missing security group ${r.securityGroupId}`);
    if (r.remoteGroupId !== null && !st.securityGroups[r.remoteGroupId]) out.push(`rule ${r.id} refers to missing group ${r.remoteGroupId}`);
  }
  for (const f of Object.values(st.portForwardings)) {
    if (!st.floatingIps[f.floatingIpId]) out.push(`port forwarding ${f.id} of missing floating IP ${f.floatingIpId}`);
    if (!st.ports[f.internalPortId]) out.push(`port forwarding ${f.id} to missing port ${f.internalPortId}`);
  }
  for (const r of Object.values(st.meteringLabelRules)) if (!st.meteringLabels[r.meteringLabelId]) out.push(`meter rule ${r.id} of missing meter ${r.meteringLabelId}`);
  for (const r of Object.values(st.rbacPolicies)) {
    const target = r.objectType === "network" ? st.networks[r.objectId] : r.objectType === "security_group" ? st.securityGroups[r.objectId] : r.objectType === "subnetpool" ? st.subnetPools[r.objectId] : true;
    if (!target) out.push(`rbac policy ${r.id} on missing ${r.objectType} ${r.objectId}`);
  }
  return out;
}
