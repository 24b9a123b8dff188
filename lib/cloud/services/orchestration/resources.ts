import type { Draft } from "../../state";
import type { AuthContext } from "../../cli/spec";
import type { CloudError } from "../../errors";
import { err, ok, type Result } from "../../result";
import * as net from "../network/service";
import * as compute from "../compute/service";
import * as image from "../image/service";
import * as volume from "../volume/service";
import * as swift from "../object/service";

// Heat resource plugins. Each builds its physical resource through the owning service's exported rules (so a
// stack's port is a real port with a real IP and quota), and answers `get_attr`. Lookups by name word their
// failures as heat's client plugins do ("Unable to find network with name or id 'x'", "The Image (x) could not
// be found.").

export interface PluginCtx { draft: Draft; auth: AuthContext; stackName: string; logicalId: string }
export type Props = Record<string, unknown>;

/** A failure heat reports as `<Exception>: resources.<name>: <message>`. */
export interface ResourceFailure { exception: string; message: string }
type R<T> = Result<T, ResourceFailure>;

export interface ResourcePlugin {
  required: string[];
  allowed: string[];
  attributes: string[];
  /** Static property → lookup, checked at validation like heat's custom constraints. */
  constraints?: Record<string, keyof typeof LOOKUPS>;
  /** Properties limited to a list (heat's AllowedValues constraint), checked at validation when static. */
  allowedValues?: Record<string, readonly string[]>;
  create(c: PluginCtx, p: Props): R<string>;
  remove(c: PluginCtx, physicalId: string): R<void>;
  attribute(c: PluginCtx, physicalId: string, name: string): unknown;
}

const EXCEPTION_OF: Record<string, string> = {
  "cloud/NotFound": "NotFound", "cloud/Conflict": "Conflict", "cloud/Forbidden": "Forbidden", "cloud/BadRequest": "BadRequest",
  "cloud/OverQuota": "OverQuotaClient", "cloud/NoUniqueMatch": "PhysicalResourceNameAmbiguity", "cloud/Unauthorized": "Unauthorized",
};
export function fromCloud(e: CloudError): ResourceFailure {
  return { exception: EXCEPTION_OF[e.code] ?? "ResourceFailure", message: e.message };
}
const lift = <T>(r: Result<T, CloudError>): R<T> => (r.ok ? r : err(fromCloud(r.error)));
const notFound = (message: string): ResourceFailure => ({ exception: "StackValidationFailed", message });

/** heat's short_id: 12 characters of RFC 4648 base32, lower case. */
export function shortId(draft: Draft): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  let out = "";
  while (out.length < 12) {
    const n = draft.randomUint32();
    for (let s = 0; s < 30 && out.length < 12; s += 5) out += alphabet[(n >>> s) & 31];
  }
  return out;
}
const physicalName = (c: PluginCtx): string => `${c.stackName}-${c.logicalId}-${shortId(c.draft)}`;
const s = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined);
const b = (v: unknown): boolean | undefined => (typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : undefined);
const IPV6_MODES: readonly net.Ipv6Mode[] = ["dhcpv6-stateful", "dhcpv6-stateless", "slaac"];
const ipv6Mode = (v: unknown): net.Ipv6Mode | undefined => IPV6_MODES.find((m) => m === v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Props => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Props) : {});

// ------------------------------------------------------------------ lookups (heat client plugins)

export const LOOKUPS = {
  network: (c: PluginCtx, v: string): R<string> => {
    const r = net.findNetwork(c.draft, c.auth, v);
    return r.ok ? ok(r.value.id) : err(notFound(`Unable to find network with name or id '${v}'`));
  },
  subnet: (c: PluginCtx, v: string): R<string> => {
    const r = net.findSubnet(c.draft, c.auth, v);
    return r.ok ? ok(r.value.id) : err(notFound(`Unable to find subnet with name or id '${v}'`));
  },
  port: (c: PluginCtx, v: string): R<string> => {
    const r = net.findPort(c.draft, c.auth, v);
    return r.ok ? ok(r.value.id) : err(notFound(`Unable to find port with name or id '${v}'`));
  },
  router: (c: PluginCtx, v: string): R<string> => {
    const r = net.findRouter(c.draft, c.auth, v);
    return r.ok ? ok(r.value.id) : err(notFound(`Unable to find router with name or id '${v}'`));
  },
  securityGroup: (c: PluginCtx, v: string): R<string> => {
    const r = net.findSecurityGroup(c.draft, c.auth, v);
    return r.ok ? ok(r.value.id) : err(notFound(`Unable to find security_group with name or id '${v}'`));
  },
  image: (c: PluginCtx, v: string): R<string> => {
    const r = image.findImage(c.draft, c.auth, v);
    return r.ok ? ok(r.value.id) : err(notFound(`The Image (${v}) could not be found.`));
  },
  flavor: (c: PluginCtx, v: string): R<string> => {
    const r = compute.findFlavor(c.draft, c.auth, v);
    return r.ok ? ok(r.value.id) : err(notFound(`The Flavor ID (${v}) could not be found.`));
  },
  keypair: (c: PluginCtx, v: string): R<string> => {
    const r = compute.findKeypair(c.draft, c.auth, v);
    return r.ok ? ok(r.value.name) : err(notFound(`The Key (${v}) could not be found.`));
  },
  volume: (c: PluginCtx, v: string): R<string> => {
    const r = volume.findVolume(c.draft, c.auth, v);
    return r.ok ? ok(r.value.id) : err(notFound(`The Volume (${v}) could not be found.`));
  },
  server: (c: PluginCtx, v: string): R<string> => {
    const r = compute.findServer(c.draft, c.auth, v);
    return r.ok ? ok(r.value.id) : err(notFound(`The server (${v}) could not be found.`));
  },
} as const;

/** Heat's custom constraint names, also usable in parameter `constraints: [custom_constraint: …]`. */
export const CUSTOM_CONSTRAINTS: Record<string, keyof typeof LOOKUPS> = {
  "nova.flavor": "flavor", "glance.image": "image", "neutron.network": "network", "neutron.subnet": "subnet", "neutron.port": "port",
  "neutron.router": "router", "nova.keypair": "keypair", "cinder.volume": "volume", "nova.server": "server",
};

const ignoreMissing = (r: Result<void, CloudError>): R<void> => (r.ok || r.error.code === "cloud/NotFound" ? ok(undefined) : err(fromCloud(r.error)));

function portFixedIps(draft: Draft, portId: string): { subnet_id: string; ip_address: string }[] {
  return (draft.get("ports", portId)?.fixedIps ?? []).map((f) => ({ subnet_id: f.subnetId, ip_address: f.ipAddress }));
}

// ------------------------------------------------------------------ plugins

export const RESOURCE_TYPES: Record<string, ResourcePlugin> = {
  "OS::Heat::None": {
    required: [], allowed: [], attributes: [],
    create: (c) => ok(newPseudoId(c)),
    remove: () => ok(undefined),
    attribute: () => null,
  },
  "OS::Heat::RandomString": {
    required: [], allowed: ["length", "character_classes", "character_sequences", "salt"], attributes: ["value"],
    create: (c, p) => {
      const length = Number(p.length ?? 32);
      if (!Number.isInteger(length) || length < 1 || length > 512) return err({ exception: "StackValidationFailed", message: `Property error: length: ${String(p.length)} is out of range (min: 1, max: 512)` });
      const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
      let value = "";
      while (value.length < length) value += chars[c.draft.randomUint32() % chars.length];
      return ok(`${c.stackName}-${c.logicalId}-${shortId(c.draft)}:${value}`);
    },
    remove: () => ok(undefined),
    attribute: (_c, id, name) => (name === "value" ? id.slice(id.lastIndexOf(":") + 1) : null),
  },
  "OS::Swift::Container": {
    required: [], allowed: ["name", "X-Container-Read", "X-Container-Write", "X-Container-Meta", "X-Account-Meta", "PurgeOnDelete"],
    attributes: ["DomainName", "WebsiteURL", "RootURL", "ObjectCount", "BytesUsed", "HeadContainer"],
    create: (c, p) => {
      const name = s(p.name) ?? physicalName(c);
      const meta = Object.fromEntries(Object.entries(obj(p["X-Container-Meta"])).map(([k, v]) => [k, String(v)]));
      const r = swift.createContainer(c.draft, c.auth, { name, readAcl: s(p["X-Container-Read"]) ?? null, writeAcl: s(p["X-Container-Write"]) ?? null, metadata: meta });
      return r.ok ? ok(name) : err(fromCloud(r.error));
    },
    remove: (c, id) => {
      for (const o of swift.containerObjects(c.draft, c.auth.projectId, id)) swift.deleteObject(c.draft, c.auth, id, o.name);
      return ignoreMissing(swift.deleteContainer(c.draft, c.auth, id));
    },
    attribute: (c, id, name) => {
      const usage = swift.containerUsage(c.draft, c.auth.projectId, id);
      const root = `http://10.0.0.10:8080/v1/${swift.accountName(c.auth.projectId)}/${id}`;
      if (name === "ObjectCount") return usage.count;
      if (name === "BytesUsed") return usage.bytes;
      if (name === "RootURL") return root;
      if (name === "WebsiteURL") return root;
      if (name === "DomainName") return "10.0.0.10";
      return null;
    },
  },
  "OS::Neutron::Net": {
    required: [], allowed: ["name", "admin_state_up", "shared", "port_security_enabled", "tenant_id", "value_specs", "dns_domain", "qos_policy", "tags"],
    attributes: ["name", "status", "subnets", "mtu", "admin_state_up", "show"],
    create: (c, p) => {
      const r = lift(net.createNetwork(c.draft, c.auth, {
        name: s(p.name) ?? physicalName(c), ...(b(p.admin_state_up) !== undefined ? { adminStateUp: b(p.admin_state_up) } : {}),
        ...(b(p.shared) !== undefined ? { shared: b(p.shared) } : {}), ...(b(p.port_security_enabled) !== undefined ? { portSecurityEnabled: b(p.port_security_enabled) } : {}),
      }));
      return r.ok ? ok(r.value.id) : r;
    },
    remove: (c, id) => ignoreMissing(net.deleteNetwork(c.draft, c.auth, id)),
    attribute: (c, id, name) => {
      const n = c.draft.get("networks", id);
      if (!n) return null;
      if (name === "subnets") return c.draft.list("subnets").filter((x) => x.networkId === id).map((x) => x.id);
      return ({ name: n.name, status: n.status, mtu: n.mtu, admin_state_up: n.adminStateUp } as Props)[name] ?? null;
    },
  },
  "OS::Neutron::Subnet": {
    required: ["network"], allowed: ["network", "network_id", "name", "cidr", "ip_version", "gateway_ip", "enable_dhcp", "allocation_pools", "dns_nameservers", "host_routes", "tenant_id", "subnetpool", "prefixlen", "tags",
      "ipv6_ra_mode", "ipv6_address_mode"],
    allowedValues: { ipv6_ra_mode: ["dhcpv6-stateful", "dhcpv6-stateless", "slaac"], ipv6_address_mode: ["dhcpv6-stateful", "dhcpv6-stateless", "slaac"] },
    attributes: ["name", "network_id", "cidr", "gateway_ip", "allocation_pools", "dns_nameservers", "enable_dhcp", "ip_version", "ipv6_ra_mode", "ipv6_address_mode", "show"],
    constraints: { network: "network" },
    create: (c, p) => {
      const nid = LOOKUPS.network(c, String(p.network ?? p.network_id ?? ""));
      if (!nid.ok) return nid;
      const pools = arr(p.allocation_pools).map((x) => ({ start: String(obj(x).start ?? ""), end: String(obj(x).end ?? "") }));
      for (const key of ["ipv6_ra_mode", "ipv6_address_mode"] as const) {
        const v = p[key];
        if (v !== undefined && v !== null && !ipv6Mode(v)) {
          return err({ exception: "StackValidationFailed", message: `Property error: ${key}: "${String(v)}" is not an allowed value [${IPV6_MODES.join(", ")}]` });
        }
      }
      const r = lift(net.createSubnet(c.draft, c.auth, {
        networkId: nid.value, name: s(p.name) ?? physicalName(c), cidr: s(p.cidr) ?? null, ipVersion: Number(p.ip_version ?? 4) === 6 ? 6 : 4,
        ...(p.gateway_ip !== undefined ? { gatewayIp: p.gateway_ip === null ? null : String(p.gateway_ip) } : {}),
        ...(b(p.enable_dhcp) !== undefined ? { enableDhcp: b(p.enable_dhcp) } : {}), ...(pools.length > 0 ? { allocationPools: pools } : {}),
        ...(Array.isArray(p.dns_nameservers) ? { dnsNameservers: p.dns_nameservers.map(String) } : {}),
        ...(ipv6Mode(p.ipv6_ra_mode) ? { ipv6RaMode: ipv6Mode(p.ipv6_ra_mode) } : {}),
        ...(ipv6Mode(p.ipv6_address_mode) ? { ipv6AddressMode: ipv6Mode(p.ipv6_address_mode) } : {}),
      }));
      return r.ok ? ok(r.value.id) : r;
    },
    remove: (c, id) => ignoreMissing(net.deleteSubnet(c.draft, c.auth, id)),
    attribute: (c, id, name) => {
      const x = c.draft.get("subnets", id);
      if (!x) return null;
      return ({
        name: x.name, network_id: x.networkId, cidr: x.cidr, gateway_ip: x.gatewayIp, allocation_pools: x.allocationPools,
        dns_nameservers: x.dnsNameservers, enable_dhcp: x.enableDhcp, ip_version: x.ipVersion, ipv6_ra_mode: x.ipv6RaMode,
        ipv6_address_mode: x.ipv6AddressMode,
      } as Props)[name] ?? null;
    },
  },
  "OS::Neutron::Router": {
    required: [], allowed: ["name", "external_gateway_info", "admin_state_up", "distributed", "ha", "value_specs", "tags"],
    attributes: ["name", "status", "external_gateway_info", "admin_state_up", "show"],
    create: (c, p) => {
      const gwInfo = obj(p.external_gateway_info);
      let gateway: net.GatewayInput | undefined;
      if (gwInfo.network !== undefined) {
        const nid = LOOKUPS.network(c, String(gwInfo.network));
        if (!nid.ok) return nid;
        gateway = { networkId: nid.value, ...(b(gwInfo.enable_snat) !== undefined ? { enableSnat: b(gwInfo.enable_snat) } : {}) };
      }
      const r = lift(net.createRouter(c.draft, c.auth, { name: s(p.name) ?? physicalName(c), ...(gateway ? { externalGateway: gateway } : {}) }));
      return r.ok ? ok(r.value.id) : r;
    },
    remove: (c, id) => ignoreMissing(net.deleteRouter(c.draft, c.auth, id)),
    attribute: (c, id, name) => {
      const r = c.draft.get("routers", id);
      if (!r) return null;
      const gw = r.externalGateway ? { network_id: r.externalGateway.networkId, enable_snat: r.externalGateway.enableSnat, external_fixed_ips: r.externalGateway.externalFixedIps.map((f) => ({ subnet_id: f.subnetId, ip_address: f.ipAddress })) } : null;
      return ({ name: r.name, status: r.status, external_gateway_info: gw, admin_state_up: r.adminStateUp } as Props)[name] ?? null;
    },
  },
  "OS::Neutron::RouterInterface": {
    required: ["router"], allowed: ["router", "subnet", "port"], attributes: [],
    constraints: { router: "router", subnet: "subnet" },
    create: (c, p) => {
      const rid = LOOKUPS.router(c, String(p.router ?? ""));
      if (!rid.ok) return rid;
      if (p.subnet === undefined && p.port === undefined) return err({ exception: "StackValidationFailed", message: 'Property error: At least one of the following properties must be specified: subnet, port.' });
      if (p.subnet !== undefined) {
        const sid = LOOKUPS.subnet(c, String(p.subnet));
        if (!sid.ok) return sid;
        const r = lift(net.addRouterInterface(c.draft, c.auth, rid.value, { subnetId: sid.value }));
        return r.ok ? ok(`${rid.value}:subnet_id=${sid.value}`) : r;
      }
      const pid = LOOKUPS.port(c, String(p.port));
      if (!pid.ok) return pid;
      const r = lift(net.addRouterInterface(c.draft, c.auth, rid.value, { portId: pid.value }));
      return r.ok ? ok(`${rid.value}:port_id=${pid.value}`) : r;
    },
    remove: (c, id) => {
      const [routerId = "", target = ""] = id.split(":");
      const [kind, value = ""] = target.split("=");
      return ignoreMissing(net.removeRouterInterface(c.draft, c.auth, routerId, kind === "subnet_id" ? { subnetId: value } : { portId: value }));
    },
    attribute: () => null,
  },
  "OS::Neutron::Port": {
    required: ["network"], allowed: ["network", "name", "fixed_ips", "security_groups", "admin_state_up", "mac_address", "port_security_enabled", "device_owner", "device_id", "binding:vnic_type", "allowed_address_pairs", "value_specs", "tags", "replacement_policy"],
    attributes: ["name", "network_id", "fixed_ips", "mac_address", "status", "device_id", "device_owner", "security_groups", "admin_state_up", "show"],
    constraints: { network: "network" },
    create: (c, p) => {
      const nid = LOOKUPS.network(c, String(p.network ?? ""));
      if (!nid.ok) return nid;
      const fixedIps: net.FixedIpRequest[] = [];
      for (const [i, raw] of arr(p.fixed_ips).entries()) {
        const f = obj(raw);
        const subnetRef = s(f.subnet) ?? s(f.subnet_id);
        let subnetId: string | undefined;
        if (subnetRef) {
          const sid = LOOKUPS.subnet(c, subnetRef);
          if (!sid.ok) return err({ exception: "StackValidationFailed", message: `Property error: ${c.logicalId}.Properties.fixed_ips[${i}]: ${sid.error.message}` });
          subnetId = sid.value;
        }
        fixedIps.push({ ...(subnetId ? { subnetId } : {}), ...(s(f.ip_address) ? { ipAddress: s(f.ip_address) } : {}) });
      }
      const sgs: string[] = [];
      for (const g of arr(p.security_groups)) {
        const sg = LOOKUPS.securityGroup(c, String(g));
        if (!sg.ok) return sg;
        sgs.push(sg.value);
      }
      const r = lift(net.createPort(c.draft, c.auth, {
        networkId: nid.value, name: s(p.name) ?? physicalName(c), ...(fixedIps.length > 0 ? { fixedIps } : {}),
        ...(Array.isArray(p.security_groups) ? { securityGroupIds: sgs } : {}), ...(s(p.mac_address) ? { macAddress: s(p.mac_address) } : {}),
        ...(b(p.port_security_enabled) !== undefined ? { portSecurityEnabled: b(p.port_security_enabled) } : {}),
        ...(b(p.admin_state_up) !== undefined ? { adminStateUp: b(p.admin_state_up) } : {}),
      }));
      return r.ok ? ok(r.value.id) : r;
    },
    remove: (c, id) => ignoreMissing(net.deletePort(c.draft, c.auth, id)),
    attribute: (c, id, name) => {
      const x = c.draft.get("ports", id);
      if (!x) return null;
      return ({
        name: x.name, network_id: x.networkId, fixed_ips: portFixedIps(c.draft, id), mac_address: x.macAddress, status: x.status,
        device_id: x.deviceId, device_owner: x.deviceOwner, security_groups: x.securityGroupIds, admin_state_up: x.adminStateUp,
      } as Props)[name] ?? null;
    },
  },
  "OS::Neutron::FloatingIP": {
    required: ["floating_network"], allowed: ["floating_network", "floating_network_id", "port_id", "fixed_ip_address", "floating_ip_address", "floating_subnet", "value_specs", "dns_name", "dns_domain"],
    attributes: ["floating_ip_address", "fixed_ip_address", "port_id", "floating_network_id", "router_id", "show"],
    constraints: { floating_network: "network" },
    create: (c, p) => {
      const nid = LOOKUPS.network(c, String(p.floating_network ?? p.floating_network_id ?? ""));
      if (!nid.ok) return nid;
      const r = lift(net.createFloatingIp(c.draft, c.auth, {
        networkId: nid.value, ...(s(p.port_id) ? { portId: s(p.port_id) } : {}), ...(s(p.fixed_ip_address) ? { fixedIpAddress: s(p.fixed_ip_address) } : {}),
        ...(s(p.floating_ip_address) ? { floatingIpAddress: s(p.floating_ip_address) } : {}),
      }));
      return r.ok ? ok(r.value.id) : r;
    },
    remove: (c, id) => ignoreMissing(net.deleteFloatingIp(c.draft, c.auth, id)),
    attribute: (c, id, name) => {
      const f = c.draft.get("floatingIps", id);
      if (!f) return null;
      return ({ floating_ip_address: f.floatingIpAddress, fixed_ip_address: f.fixedIpAddress, port_id: f.portId, floating_network_id: f.floatingNetworkId, router_id: f.routerId } as Props)[name] ?? null;
    },
  },
  "OS::Neutron::FloatingIPAssociation": {
    required: ["floatingip_id", "port_id"], allowed: ["floatingip_id", "port_id", "fixed_ip_address"], attributes: [],
    create: (c, p) => {
      const fip = String(p.floatingip_id ?? "");
      const r = lift(net.associateFloatingIp(c.draft, c.auth, fip, String(p.port_id ?? ""), s(p.fixed_ip_address)));
      return r.ok ? ok(`${fip}:${String(p.port_id)}`) : r;
    },
    remove: (c, id) => {
      const r = net.disassociateFloatingIp(c.draft, c.auth, id.split(":")[0] ?? "");
      return r.ok ? ok(undefined) : ignoreMissing(r);
    },
    attribute: () => null,
  },
  "OS::Neutron::SecurityGroup": {
    required: [], allowed: ["name", "description", "rules"], attributes: ["show"],
    create: (c, p) => {
      const g = lift(net.createSecurityGroup(c.draft, c.auth, { name: s(p.name) ?? physicalName(c), description: s(p.description) ?? "" }));
      if (!g.ok) return g;
      for (const raw of arr(p.rules)) {
        const rule = obj(raw);
        const min = rule.port_range_min === undefined || rule.port_range_min === null ? null : Number(rule.port_range_min);
        const max = rule.port_range_max === undefined || rule.port_range_max === null ? null : Number(rule.port_range_max);
        const r = lift(net.createSecurityGroupRule(c.draft, c.auth, {
          securityGroupId: g.value.id, direction: rule.direction === "egress" ? "egress" : "ingress", ethertype: rule.ethertype === "IPv6" ? "IPv6" : "IPv4",
          protocol: s(rule.protocol) ?? null, portRangeMin: min, portRangeMax: max,
          remoteIpPrefix: s(rule.remote_ip_prefix) ?? null,
          remoteGroupId: rule.remote_mode === "remote_group_id" ? (s(rule.remote_group_id) ?? g.value.id) : (s(rule.remote_group_id) ?? null),
        }));
        if (!r.ok) return r;
      }
      return ok(g.value.id);
    },
    remove: (c, id) => ignoreMissing(net.deleteSecurityGroup(c.draft, c.auth, id)),
    attribute: () => null,
  },
  "OS::Nova::Server": {
    required: ["flavor"], allowed: ["name", "image", "flavor", "key_name", "networks", "security_groups", "user_data", "user_data_format", "metadata", "availability_zone", "config_drive", "block_device_mapping", "block_device_mapping_v2", "admin_pass", "software_config_transport", "flavor_update_policy", "image_update_policy", "scheduler_hints", "tags"],
    attributes: ["first_address", "networks", "name", "addresses", "accessIPv4", "instance_name", "show", "console_urls"],
    constraints: { image: "image", flavor: "flavor", key_name: "keypair" },
    create: (c, p) => {
      const fl = LOOKUPS.flavor(c, String(p.flavor ?? ""));
      if (!fl.ok) return fl;
      let imageId: string | null = null;
      if (p.image !== undefined && p.image !== null) {
        const im = LOOKUPS.image(c, String(p.image));
        if (!im.ok) return im;
        imageId = im.value;
      }
      const nics: compute.NicRequest[] = [];
      for (const raw of arr(p.networks)) {
        const n = obj(raw);
        if (s(n.port)) {
          const pid = LOOKUPS.port(c, String(n.port));
          if (!pid.ok) return pid;
          nics.push({ portId: pid.value });
        } else if (s(n.network)) {
          const nid = LOOKUPS.network(c, String(n.network));
          if (!nid.ok) return nid;
          nics.push({ networkId: nid.value, ...(s(n.fixed_ip) ? { fixedIp: s(n.fixed_ip) } : {}) });
        } else if (s(n.subnet)) {
          const sub = net.findSubnet(c.draft, c.auth, String(n.subnet));
          if (!sub.ok) return err(notFound(`Unable to find subnet with name or id '${String(n.subnet)}'`));
          nics.push({ networkId: sub.value.networkId });
        }
      }
      const sgs: string[] = [];
      for (const g of arr(p.security_groups)) {
        const sg = LOOKUPS.securityGroup(c, String(g));
        if (!sg.ok) return sg;
        sgs.push(sg.value);
      }
      const metadata = Object.fromEntries(Object.entries(obj(p.metadata)).map(([k, v]) => [k, String(v)]));
      const r = lift(compute.createServer(c.draft, c.auth, {
        name: s(p.name) ?? physicalName(c), flavorId: fl.value, imageId, ...(nics.length > 0 ? { nics } : {}),
        ...(Array.isArray(p.security_groups) ? { securityGroupIds: sgs } : {}), keyName: s(p.key_name) ?? null,
        availabilityZone: s(p.availability_zone) ?? null, userData: s(p.user_data) ?? null, metadata,
      }));
      return r.ok ? ok(r.value.id) : r;
    },
    remove: (c, id) => ignoreMissing(compute.deleteServer(c.draft, c.auth, id)),
    attribute: (c, id, name) => {
      const srv = c.draft.get("servers", id);
      if (!srv) return null;
      const byNet: Record<string, string[]> = {};
      const addresses: Record<string, { addr: string; version: number; "OS-EXT-IPS-MAC:mac_addr": string }[]> = {};
      for (const pid of srv.portIds) {
        const port = c.draft.get("ports", pid);
        if (!port) continue;
        const netName = c.draft.get("networks", port.networkId)?.name ?? port.networkId;
        for (const f of port.fixedIps) {
          (byNet[netName] ??= []).push(f.ipAddress);
          (addresses[netName] ??= []).push({ addr: f.ipAddress, version: 4, "OS-EXT-IPS-MAC:mac_addr": port.macAddress });
        }
        for (const fip of c.draft.list("floatingIps")) if (fip.portId === pid) (byNet[netName] ??= []).push(fip.floatingIpAddress);
      }
      if (name === "first_address") return Object.values(byNet)[0]?.[0] ?? "";
      if (name === "networks") return byNet;
      if (name === "addresses") return addresses;
      if (name === "name") return srv.name;
      if (name === "accessIPv4") return "";
      if (name === "instance_name") return `instance-${id.slice(0, 8)}`;
      return null;
    },
  },
  "OS::Cinder::Volume": {
    required: [], allowed: ["size", "image", "name", "description", "volume_type", "snapshot_id", "source_volid", "availability_zone", "metadata", "multiattach", "backup_id", "read_only"],
    attributes: ["size", "status", "display_name", "display_description", "bootable", "attachments", "attachments_list", "volume_type", "show"],
    constraints: { image: "image" },
    create: (c, p) => {
      let imageId: string | null = null;
      if (p.image !== undefined && p.image !== null) {
        const im = LOOKUPS.image(c, String(p.image));
        if (!im.ok) return im;
        imageId = im.value;
      }
      if (p.size === undefined && !imageId && !s(p.snapshot_id) && !s(p.source_volid)) {
        return err({ exception: "StackValidationFailed", message: 'Property error: size: Property size not assigned' });
      }
      const r = lift(volume.createVolume(c.draft, c.auth, {
        size: Number(p.size ?? 1), imageId, snapshotId: s(p.snapshot_id) ?? null, sourceVolumeId: s(p.source_volid) ?? null,
        name: s(p.name) ?? physicalName(c), description: s(p.description) ?? null,
        ...(s(p.volume_type) ? { typeName: s(p.volume_type) } : {}),
      } as volume.CreateVolumeInput));
      return r.ok ? ok(r.value.id) : r;
    },
    remove: (c, id) => {
      const v = c.draft.get("volumes", id);
      return v ? ignoreMissing(volume.deleteVolume(c.draft, c.auth, v)) : ok(undefined);
    },
    attribute: (c, id, name) => {
      const v = c.draft.get("volumes", id);
      if (!v) return null;
      return ({
        size: v.sizeGb, status: v.status, display_name: v.name, display_description: v.description, bootable: v.bootable,
        attachments: v.attachments.map((a) => ({ server_id: a.serverId, device: a.device, id: a.id })),
        attachments_list: v.attachments.map((a) => ({ server_id: a.serverId, device: a.device, id: a.id })),
      } as Props)[name] ?? null;
    },
  },
  "OS::Cinder::VolumeAttachment": {
    required: ["instance_uuid", "volume_id"], allowed: ["instance_uuid", "volume_id", "mountpoint"], attributes: [],
    create: (c, p) => {
      const srv = LOOKUPS.server(c, String(p.instance_uuid ?? ""));
      if (!srv.ok) return srv;
      const vol = LOOKUPS.volume(c, String(p.volume_id ?? ""));
      if (!vol.ok) return vol;
      const r = lift(volume.attachVolume(c.draft, c.auth, { serverId: srv.value, volumeId: vol.value, device: s(p.mountpoint) ?? null, wait: true }));
      return r.ok ? ok(`${srv.value}:${vol.value}`) : r;
    },
    remove: (c, id) => {
      const [serverId = "", volumeId = ""] = id.split(":");
      if (!c.draft.get("volumes", volumeId)?.attachments.some((a) => a.serverId === serverId)) return ok(undefined);
      const r = volume.detachVolume(c.draft, c.auth, { serverId, volumeId, wait: true });
      return r.ok ? ok(undefined) : ignoreMissing(r);
    },
    attribute: () => null,
  },
};

function newPseudoId(c: PluginCtx): string {
  return `${c.stackName}-${c.logicalId}-${shortId(c.draft)}`;
}
