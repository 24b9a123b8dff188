import type { Draft } from "../../state";
import type { CommandOutput, Value } from "../../cli/spec";
import { formatDict as sharedFormatDict, formatted, listColumn } from "../../cli/spec";
import { raw, sortedShow } from "../../cli/helpers";
import { isoSeconds } from "../../clock";
import type { FloatingIp, Network, NetworkAgent, Port, RbacPolicy, Router, SecurityGroup, SecurityGroupRule, Subnet } from "../../types";
import { DEVICE_OWNER, subnetsOf } from "./service";

// Records → the columns python-openstackclient prints. Show commands list the SDK resource's attributes
// sorted by display name (osc-lib get_osc_show_columns_for_sdk_resource); cells use OSC's column formatters.

export const adminState = (up: boolean): Value => formatted(up ? "UP" : "DOWN", up);
export const routerExternal = (ext: boolean): Value => formatted(ext ? "External" : "Internal", ext);
export const time = (ms: number): string => isoSeconds(ms);

/** osc-lib utils.format_dict (None prints as a bare `key=`, nested dicts flatten), shared with every service. */
export const formatDict = (d: Readonly<Record<string, unknown>>): string => sharedFormatDict(d);

/** osc-lib ListDictColumn: one formatted dict per line in tables, the list itself in json/yaml. */
export const listDictColumn = (items: readonly Record<string, unknown>[]): Value => formatted(items.map(formatDict).join("\n"), items.map((i) => ({ ...i })));

const fixedIpDicts = (ips: readonly { subnetId: string; ipAddress: string }[]): Record<string, unknown>[] =>
  ips.map((f) => ({ ip_address: f.ipAddress, subnet_id: f.subnetId }));

export function networkFields(draft: Draft, n: Network): CommandOutput {
  return sortedShow({
    admin_state_up: adminState(n.adminStateUp), availability_zone_hints: listColumn(n.availabilityZoneHints),
    availability_zones: listColumn([]),
    created_at: time(n.createdAt), description: n.description, dns_domain: n.dnsDomain, id: n.id, ipv4_address_scope: null,
    ipv6_address_scope: null, is_default: n.isDefault, is_vlan_qinq: null, is_vlan_transparent: null, l2_adjacency: true, mtu: n.mtu, name: n.name,
    port_security_enabled: n.portSecurityEnabled, project_id: n.projectId, "provider:network_type": n.providerNetworkType,
    "provider:physical_network": n.providerPhysicalNetwork, "provider:segmentation_id": n.providerSegmentationId, qos_policy_id: n.qosPolicyId,
    revision_number: n.revisionNumber, "router:external": routerExternal(n.external), segments: null, shared: n.shared, status: n.status,
    subnets: listColumn(subnetsOf(draft, n.id).map((s) => s.id)), tags: listColumn(n.tags), updated_at: time(n.updatedAt),
  });
}

/** OSC's AllocationPoolsColumn: `start-end` per pool, comma separated. */
export const poolsColumn = (s: Subnet): Value =>
  formatted(s.allocationPools.map((p) => `${p.start}-${p.end}`).join(","), s.allocationPools.map((p) => ({ start: p.start, end: p.end })));

/** OSC's HostRoutesColumn prints neutron's `nexthop` under the `--host-route` key name `gateway`. */
export const hostRoutesColumn = (s: Subnet): Value =>
  formatted(s.hostRoutes.map((r) => `destination='${r.destination}', gateway='${r.nexthop}'`).join("\n"), s.hostRoutes.map((r) => ({ destination: r.destination, nexthop: r.nexthop })));

export function subnetFields(s: Subnet): CommandOutput {
  return sortedShow({
    allocation_pools: poolsColumn(s), cidr: s.cidr, created_at: time(s.createdAt), description: s.description,
    dns_nameservers: listColumn(s.dnsNameservers), dns_publish_fixed_ip: null, enable_dhcp: s.enableDhcp, gateway_ip: s.gatewayIp,
    host_routes: hostRoutesColumn(s), id: s.id, ip_version: s.ipVersion, ipv6_address_mode: s.ipv6AddressMode, ipv6_ra_mode: s.ipv6RaMode,
    name: s.name, network_id: s.networkId, project_id: s.projectId, revision_number: s.revisionNumber, segment_id: s.segmentId,
    service_types: listColumn(s.serviceTypes), subnetpool_id: s.subnetPoolId, tags: listColumn(s.tags), updated_at: time(s.updatedAt),
  });
}

export function portFields(p: Port): CommandOutput {
  const bound = p.bindingHostId !== "";
  return sortedShow({
    admin_state_up: adminState(p.adminStateUp),
    allowed_address_pairs: listDictColumn(p.allowedAddressPairs.map((a) => ({ ip_address: a.ipAddress, mac_address: a.macAddress }))),
    binding_host_id: p.bindingHostId, binding_profile: formatted("", {}),
    binding_vif_details: bound ? formatted("bridge_name='br-int', bound_drivers.0='ovn', connectivity='l2', datapath_type='system', port_filter='True'", { bridge_name: "br-int", "bound_drivers.0": "ovn", connectivity: "l2", datapath_type: "system", port_filter: true }) : formatted("", {}),
    binding_vif_type: bound ? "ovs" : "unbound", binding_vnic_type: p.bindingVnicType, created_at: time(p.createdAt),
    data_plane_status: null, description: p.description, device_id: p.deviceId, device_owner: p.deviceOwner, device_profile: null,
    dns_assignment: null, dns_domain: null, dns_name: null, extra_dhcp_opts: listDictColumn([]), fixed_ips: listDictColumn(fixedIpDicts(p.fixedIps)),
    hardware_offload_type: null, hints: null, id: p.id, ip_allocation: "immediate", mac_address: p.macAddress, name: p.name, network_id: p.networkId,
    numa_affinity_policy: null, port_security_enabled: p.portSecurityEnabled, project_id: p.projectId, propagate_uplink_status: null,
    qos_network_policy_id: null, qos_policy_id: null, resource_request: null, revision_number: p.revisionNumber,
    security_group_ids: listColumn(p.securityGroupIds), status: p.status, tags: listColumn(p.tags), trunk_details: null, trusted: null,
    updated_at: time(p.updatedAt),
  });
}

export const portFixedIpsColumn = (p: Port): Value => listDictColumn(fixedIpDicts(p.fixedIps));

/** neutron's external_gateway_info (network_id, external_fixed_ips, enable_snat), printed with json.dumps. */
export function gatewayInfo(r: Router): Record<string, unknown> | null {
  if (!r.externalGateway) return null;
  return {
    network_id: r.externalGateway.networkId,
    external_fixed_ips: r.externalGateway.externalFixedIps.map((f) => ({ subnet_id: f.subnetId, ip_address: f.ipAddress })),
    enable_snat: r.externalGateway.enableSnat,
  };
}

/** Python's json.dumps with its default separators (`, ` and `: `). */
export function jsonDumps(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(jsonDumps).join(", ")}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${jsonDumps(x)}`).join(", ")}}`;
}

export const routerInfoColumn = (v: unknown): Value => formatted(jsonDumps(v), v);

export const routesColumn = (r: Router): Value =>
  formatted(r.routes.map((x) => `destination='${x.destination}', gateway='${x.nexthop}'`).join("\n"), r.routes.map((x) => ({ destination: x.destination, nexthop: x.nexthop })));

export function routerFields(draft: Draft, r: Router): CommandOutput {
  const interfaces = draft.list("ports")
    .filter((p) => p.deviceId === r.id && p.deviceOwner !== DEVICE_OWNER.routerGateway)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
    .flatMap((p) => p.fixedIps.map((f) => ({ port_id: p.id, ip_address: f.ipAddress, subnet_id: f.subnetId })));
  return sortedShow({
    admin_state_up: adminState(r.adminStateUp), availability_zone_hints: listColumn(r.availabilityZoneHints), availability_zones: listColumn([]),
    created_at: time(r.createdAt), description: r.description, enable_ndp_proxy: null, external_gateway_info: routerInfoColumn(gatewayInfo(r)),
    flavor_id: null, id: r.id, interfaces_info: routerInfoColumn(interfaces), name: r.name, project_id: r.projectId,
    revision_number: r.revisionNumber, routes: routesColumn(r), status: r.status, tags: listColumn(r.tags), updated_at: time(r.updatedAt),
  });
}

export function floatingIpFields(f: FloatingIp): CommandOutput {
  return sortedShow({
    created_at: time(f.createdAt), description: f.description, dns_domain: null, dns_name: null, fixed_ip_address: f.fixedIpAddress,
    floating_ip_address: f.floatingIpAddress, floating_network_id: f.floatingNetworkId, id: f.id, name: f.floatingIpAddress,
    port_details: null, port_forwardings: raw([]), port_id: f.portId, project_id: f.projectId, qos_policy_id: null,
    revision_number: f.revisionNumber, router_id: f.routerId, status: f.status, subnet_id: null, tags: raw(f.tags), updated_at: time(f.updatedAt),
  });
}

/** neutron's rule body as OSC trims it for `security group show` (empty values and owner keys dropped). */
export function ruleDict(r: SecurityGroupRule, inDefault: boolean): Record<string, unknown> {
  const full: Record<string, unknown> = {
    id: r.id, ethertype: r.ethertype, direction: r.direction, protocol: r.protocol, port_range_min: r.portRangeMin, port_range_max: r.portRangeMax,
    remote_ip_prefix: r.remoteIpPrefix, remote_address_group_id: r.remoteAddressGroupId, normalized_cidr: r.remoteIpPrefix,
    remote_group_id: r.remoteGroupId, description: r.description, created_at: time(r.createdAt), updated_at: time(r.updatedAt),
    revision_number: r.revisionNumber, belongs_to_default_sg: inDefault,
  };
  return Object.fromEntries(Object.entries(full).filter(([, v]) => v !== null && v !== "" && v !== 0 && v !== false));
}

export function securityGroupFields(draft: Draft, g: SecurityGroup): CommandOutput {
  const rules = draft.list("securityGroupRules").filter((r) => r.securityGroupId === g.id).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const dicts = rules.map((r) => ruleDict(r, g.name === "default"));
  return sortedShow({
    created_at: time(g.createdAt), description: g.description, id: g.id, name: g.name, project_id: g.projectId, revision_number: g.revisionNumber,
    rules: formatted(dicts.map(formatDict).join("\n"), dicts), shared: false, stateful: g.stateful, tags: listColumn(g.tags), updated_at: time(g.updatedAt),
  });
}

export function ruleFields(r: SecurityGroupRule): CommandOutput {
  return sortedShow({
    created_at: time(r.createdAt), description: r.description, direction: r.direction, ether_type: r.ethertype, id: r.id, name: null,
    port_range_max: r.portRangeMax, port_range_min: r.portRangeMin, project_id: r.projectId, protocol: r.protocol,
    remote_address_group_id: r.remoteAddressGroupId, remote_group_id: r.remoteGroupId, remote_ip_prefix: r.remoteIpPrefix,
    revision_number: r.revisionNumber, security_group_id: r.securityGroupId, tags: raw([]), updated_at: time(r.updatedAt),
  });
}

/** OSC's port range cell: `22:22`, `type=8:code=0` for ICMP, empty when unset. */
export function portRangeText(r: SecurityGroupRule): string {
  const icmp = r.protocol === "icmp" || r.protocol === "ipv6-icmp" || r.protocol === "icmpv6" || r.protocol === "1" || r.protocol === "58";
  if (icmp) {
    let out = "";
    if (r.portRangeMin) out += `type=${r.portRangeMin}`;
    if (r.portRangeMax) out += `:code=${r.portRangeMax}`;
    return out;
  }
  if (r.portRangeMin || r.portRangeMax) return `${r.portRangeMin ?? r.portRangeMax}:${r.portRangeMax ?? r.portRangeMin}`;
  return "";
}

export const ipRangeText = (r: SecurityGroupRule): string => r.remoteIpPrefix ?? (r.ethertype === "IPv4" ? "0.0.0.0/0" : "::/0");

export function rbacFields(r: RbacPolicy): CommandOutput {
  return sortedShow({ action: r.action, id: r.id, object_id: r.objectId, object_type: r.objectType, project_id: r.projectId, target_project_id: r.targetProjectId });
}

export const aliveColumn = (alive: boolean): Value => formatted(alive ? ":-)" : "XXX", alive);

export function agentFields(a: NetworkAgent): CommandOutput {
  return sortedShow({
    admin_state_up: adminState(a.adminStateUp), agent_type: a.agentType, alive: aliveColumn(a.alive), availability_zone: a.availabilityZone ?? "",
    binary: a.binary, configuration: formatted(Object.keys(a.configurations).sort().map((k) => `${k}='${String(a.configurations[k])}'`).join(", "), a.configurations),
    created_at: a.createdAt ? time(a.createdAt).replace("T", " ").replace("Z", "") : null, description: a.topic === "n/a" ? "" : null,
    ha_state: null, host: a.host, id: a.id, last_heartbeat_at: time(a.heartbeatAt).replace("T", " ").replace("Z", ""),
    resources_synced: null, started_at: time(a.startedAt).replace("T", " ").replace("Z", ""), topic: a.topic,
  });
}
