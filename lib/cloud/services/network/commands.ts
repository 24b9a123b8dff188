import type { CommandContext, CommandOutput, CommandSpec, OptionSpec, ParsedArgs, Value } from "../../cli/spec";
import { formatted, listColumn } from "../../cli/spec";
import { bulkDelete, multiKeyValueCheck, opt, rangeCheck } from "../../cli/helpers";
import { err, ok, type Result } from "../../result";
import { commandError, type CloudError } from "../../errors";
import { isAdmin } from "../../policy";
import { findProject } from "../identity/service";
import { findServer } from "../compute/service";
import type { AllocationPool, Port, SecurityGroupRule } from "../../types";
import * as S from "./service";
import * as F from "./format";
import { apiError } from "./errors";

// `openstack network|subnet|port|router|floating ip|security group|…` (python-openstackclient network v2, which
// talks to neutron through openstacksdk), bound to the rules in service.ts.

type Out = Result<CommandOutput, CloudError>;

const str = (a: ParsedArgs, k: string): string | null => (typeof a[k] === "string" ? (a[k] as string) : null);
const list = (a: ParsedArgs, k: string): string[] => (Array.isArray(a[k]) ? (a[k] as string[]) : []);
const none = (): Out => ok({ kind: "none" });
const then = <T>(r: Result<T, CloudError>, f: (v: T) => Out): Out => (r.ok ? f(r.value) : r);

// osc-lib MultiKeyValueAction's key sets for the options that use it; checked while argparse reads the value.
const POOL_KEYS = multiKeyValueCheck(["start", "end"], ["start", "end"]);
const ROUTE_KEYS = multiKeyValueCheck(["destination", "gateway"], ["destination", "gateway"]);
const FIXED_IP_KEYS = multiKeyValueCheck(["subnet", "ip-address"], []);
const PAIR_KEYS = multiKeyValueCheck(["ip-address", "mac-address"], ["ip-address"]);

/** osc-lib MultiKeyValueAction: `k=v,k2=v2` into dicts (the option's `check` has already validated them). */
function multiKeyValue(values: readonly string[], option: string, valid: readonly string[], required: readonly string[]): Result<Record<string, string>[], CloudError> {
  const out: Record<string, string>[] = [];
  for (const v of values) {
    const d: Record<string, string> = {};
    for (const part of v.split(",")) {
      const i = part.indexOf("=");
      if (i < 0) return err(commandError(`Expected comma separated 'key=value' pairs, but got: ${part}`));
      d[part.slice(0, i)] = part.slice(i + 1);
    }
    const invalid = Object.keys(d).filter((k) => !valid.includes(k));
    if (invalid.length > 0) return err(commandError(`Invalid keys ${invalid.join(", ")} specified.\nValid keys are: ${valid.join(", ")}`));
    const missing = required.filter((k) => !(k in d));
    if (missing.length > 0) return err(commandError(`Missing required keys ${missing.join(", ")}.\nRequired keys are: ${required.join(", ")}`));
    out.push(d);
  }
  return ok(out);
}

function projectId(ctx: CommandContext, a: ParsedArgs): Result<string | undefined, CloudError> {
  const p = str(a, "project");
  if (p === null) return ok(undefined);
  const found = findProject(ctx.draft, p, str(a, "projectDomain"));
  return found.ok ? ok(found.value.id) : found;
}

const tagOpts = (what: string): OptionSpec[] => [
  opt.repeat("--tag", "<tag>", `Tag to be added to the ${what} (repeat option to set multiple tags)`, { dest: "tags" }),
  opt.flag("--no-tag", `No tags associated with the ${what}`),
];
const projectDomainOpt = opt.value("--project-domain", "<project-domain>", "Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.");
const extraPropertyOpt = opt.repeat("--extra-property", "type=<property_type>,name=<property_name>,value=<property_value>", "Additional parameters can be passed using this property. Default type of the extra property is string ('str'), but other types can be used as well. Available types are: 'dict', 'list', 'str', 'bool', 'int'. In case of 'list' type, 'value' can be semicolon-separated list of values. For 'dict' value is semicolon-separated list of the key:value pairs.", { dest: "extraProperties" });

const visibleList = <T extends { projectId: string }>(ctx: CommandContext, items: T[], extra: (t: T) => boolean = () => false): T[] =>
  items.filter((i) => isAdmin(ctx.auth) || i.projectId === ctx.auth.projectId || extra(i));

const byCreation = <T extends { createdAt: number; id: string }>(a: T, b: T): number => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);

// ------------------------------------------------------------------ network

const networkCommands: CommandSpec[] = [
  {
    words: ["network", "create"], description: "Create new network", output: "show",
    options: [
      extraPropertyOpt,
      opt.flag("--share", "Share the network between projects"), opt.flag("--no-share", "Do not share the network between projects"),
      opt.flag("--enable", "Enable network (default)"), opt.flag("--disable", "Disable network"),
      opt.value("--project", "<project>", "Owner's project (name or ID)"),
      opt.value("--description", "<description>", "Set network description"),
      opt.value("--mtu", "<mtu>", "Set network mtu"),
      projectDomainOpt,
      opt.repeat("--availability-zone-hint", "<availability-zone>", "Availability Zone in which to create this network (Network Availability Zone extension required, repeat option to set multiple availability zones)", { dest: "availabilityZoneHints" }),
      opt.flag("--enable-port-security", "Enable port security by default for ports created on this network (default)"),
      opt.flag("--disable-port-security", "Disable port security by default for ports created on this network"),
      opt.flag("--external", "The network has an external routing facility that is not managed by Neutron and can be used. For example: openstack router set --external-gateway NETWORK (external-net extension required)"),
      opt.flag("--internal", "Opposite of '--external' (default)"),
      opt.flag("--default", "Specify if this network should be used as the default external network"),
      opt.flag("--no-default", "Do not use the network as the default external network (default)"),
      opt.value("--qos-policy", "<qos-policy>", "QoS policy to attach to this network (name or ID)"),
      opt.flag("--transparent-vlan", "Make the network VLAN transparent"), opt.flag("--no-transparent-vlan", "Do not make the network VLAN transparent"),
      opt.value("--provider-network-type", "<provider-network-type>", "The physical mechanism by which the virtual network is implemented. For example: flat, geneve, gre, local, vlan or vxlan."),
      opt.value("--provider-physical-network", "<provider-physical-network>", "Name of the physical network over which the virtual network is implemented", { dest: "physicalNetwork" }),
      opt.value("--provider-segment", "<provider-segment>", "VLAN ID for VLAN networks or Tunnel ID for GENEVE/GRE/VXLAN networks", { dest: "segmentationId" }),
      opt.value("--dns-domain", "<dns-domain>", "Set DNS domain for this network (requires DNS integration extension)"),
      ...tagOpts("network"),
    ],
    positionals: [{ dest: "name", metavar: "<name>", help: "New network name" }],
    exclusive: [
      { dests: ["share", "noShare"] }, { dests: ["enable", "disable"] }, { dests: ["enablePortSecurity", "disablePortSecurity"] },
      { dests: ["external", "internal"] }, { dests: ["default", "noDefault"] }, { dests: ["transparentVlan", "noTransparentVlan"] }, { dests: ["tags", "noTag"] },
    ],
    run(a, ctx) {
      if (str(a, "segmentationId") !== null && str(a, "providerNetworkType") === null) {
        return err(commandError("--provider-segment requires --provider-network-type to be specified."));
      }
      if (str(a, "qosPolicy") !== null) return err(S.qosMissing(ctx.draft, str(a, "qosPolicy") ?? ""));
      return then(projectId(ctx, a), (pid) => {
        const mtuText = str(a, "mtu");
        const seg = str(a, "segmentationId");
        if (mtuText !== null && !/^\d+$/.test(mtuText)) return err(apiError(ctx.draft, 400, "networks", `Invalid input for mtu. Reason: '${mtuText}' is not an integer.`));
        if (seg !== null && !/^\d+$/.test(seg)) return err(apiError(ctx.draft, 400, "networks", `Invalid input for provider:segmentation_id. Reason: '${seg}' is not an integer.`));
        return then(S.createNetwork(ctx.draft, ctx.auth, {
          name: str(a, "name") ?? "", ...(pid ? { projectId: pid } : {}), adminStateUp: !a.disable, ...(a.share ? { shared: true } : {}),
          ...(a.external ? { external: true } : {}), ...(a.default ? { isDefault: true } : {}),
          ...(mtuText !== null ? { mtu: Number(mtuText) } : {}), ...(a.disablePortSecurity ? { portSecurityEnabled: false } : {}),
          providerNetworkType: str(a, "providerNetworkType"), providerPhysicalNetwork: str(a, "physicalNetwork"),
          providerSegmentationId: seg !== null ? Number(seg) : null, description: str(a, "description") ?? "",
          availabilityZoneHints: list(a, "availabilityZoneHints"), ...(str(a, "dnsDomain") !== null ? { dnsDomain: str(a, "dnsDomain") } : {}),
          tags: list(a, "tags"),
        }), (n) => ok(F.networkFields(ctx.draft, n)));
      });
    },
  },
  {
    words: ["network", "delete"], description: "Delete network(s)", output: "none",
    positionals: [{ dest: "network", metavar: "<network>", nargs: "+", help: "Network(s) to delete (name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "network"), { singular: "network", plural: "networks" }, ctx.requestId, (n) =>
{
        const net = S.findNetwork(ctx.draft, ctx.auth, n);
        return net.ok ? S.deleteNetwork(ctx.draft, ctx.auth, net.value.id) : net;
      }));
    },
  },
  {
    words: ["network", "list"], description: "List networks", output: "list",
    options: [
      opt.flag("--external", "List only external networks"), opt.flag("--internal", "List only internal networks"),
      opt.flag("--long", "List additional fields in output"), opt.value("--name", "<name>", "List only networks with the specified name"),
      opt.flag("--enable", "List only enabled networks"), opt.flag("--disable", "List only disabled networks"),
      opt.value("--project", "<project>", "List only networks with the specified project (name or ID)"), projectDomainOpt,
      opt.flag("--share", "List only networks shared between projects"), opt.flag("--no-share", "List only networks not shared between projects"),
      opt.value("--status", "<status>", "List only networks with the specified status ('ACTIVE', 'BUILD', 'DOWN', 'ERROR')", { choices: ["ACTIVE", "BUILD", "DOWN", "ERROR"] }),
      opt.value("--provider-network-type", "<provider-network-type>", "List only networks with the specified physical mechanisms. The supported options are: flat, geneve, gre, local, vlan and vxlan.", { choices: ["flat", "geneve", "gre", "local", "vlan", "vxlan"] }),
      opt.value("--provider-physical-network", "<provider-physical-network>", "List only networks with the specified physical network name", { dest: "physicalNetwork" }),
      opt.value("--provider-segment", "<provider-segment>", "List only networks with the specified provider segment ID (VLAN ID for VLAN networks or Tunnel ID for GENEVE/GRE/VXLAN networks)", { dest: "segmentationId" }),
      opt.value("--agent", "<agent-id>", "List only networks hosted the specified agent (ID only)", { dest: "agentId" }),
      opt.repeat("--tags", "<tag>[,<tag>,...]", "List networks which have all given tag(s) (Comma-separated list of tags)", { dest: "filterTags" }),
    ],
    exclusive: [{ dests: ["external", "internal"] }, { dests: ["enable", "disable"] }, { dests: ["share", "noShare"] }],
    run(a, ctx) {
      return then(projectId(ctx, a), (pid) => {
        const want = list(a, "filterTags").flatMap((t) => t.split(","));
        const nets = ctx.draft.list("networks").filter((n) => S.networkVisible(ctx.draft, ctx.auth, n)).filter((n) =>
          (!a.external || n.external) && (!a.internal || !n.external) && (str(a, "name") === null || n.name === str(a, "name")) &&
          (!a.enable || n.adminStateUp) && (!a.disable || !n.adminStateUp) && (pid === undefined || n.projectId === pid) &&
          (!a.share || n.shared) && (!a.noShare || !n.shared) && (str(a, "status") === null || n.status === str(a, "status")) &&
          (str(a, "providerNetworkType") === null || n.providerNetworkType === str(a, "providerNetworkType")) &&
          (str(a, "physicalNetwork") === null || n.providerPhysicalNetwork === str(a, "physicalNetwork")) &&
          (str(a, "segmentationId") === null || String(n.providerSegmentationId) === str(a, "segmentationId")) &&
          want.every((t) => n.tags.includes(t))).sort(byCreation);
        const subnets = (id: string): Value => listColumn(S.subnetsOf(ctx.draft, id).map((s) => s.id));
        if (a.long) {
          return ok({
            kind: "list", columns: ["ID", "Name", "Status", "Project", "State", "Shared", "Subnets", "Network Type", "Router Type", "Availability Zones", "Tags"],
            rows: nets.map((n): Value[] => [n.id, n.name, n.status, n.projectId, F.adminState(n.adminStateUp), n.shared, subnets(n.id), n.providerNetworkType, F.routerExternal(n.external), listColumn([]), listColumn(n.tags)]),
          });
        }
        return ok({ kind: "list", columns: ["ID", "Name", "Subnets"], rows: nets.map((n): Value[] => [n.id, n.name, subnets(n.id)]) });
      });
    },
  },
  {
    words: ["network", "set"], description: "Set network properties", output: "none",
    options: [
      extraPropertyOpt,
      opt.value("--name", "<name>", "Set network name"), opt.flag("--enable", "Enable network"), opt.flag("--disable", "Disable network"),
      opt.flag("--share", "Share the network between projects"), opt.flag("--no-share", "Do not share the network between projects"),
      opt.value("--description", "<description>", "Set network description"), opt.value("--mtu", "<mtu>", "Set network mtu"),
      opt.flag("--enable-port-security", "Enable port security by default for ports created on this network"),
      opt.flag("--disable-port-security", "Disable port security by default for ports created on this network"),
      opt.flag("--external", "The network has an external routing facility that is not managed by Neutron and can be used. For example: openstack router set --external-gateway NETWORK (external-net extension required)."),
      opt.flag("--internal", "Opposite of '--external'"),
      opt.flag("--default", "Set the network as the default external network"), opt.flag("--no-default", "Do not use the network as the default external network"),
      opt.value("--qos-policy", "<qos-policy>", "QoS policy to attach to this network (name or ID)"), opt.flag("--no-qos-policy", "Remove the QoS policy attached to this network"),
      opt.repeat("--tag", "<tag>", "Tag to be added to the network (repeat option to set multiple tags)", { dest: "tags" }),
      opt.flag("--no-tag", "Clear tags associated with the network. Specify both --tag and --no-tag to overwrite current tags"),
      opt.value("--provider-network-type", "<provider-network-type>", "The physical mechanism by which the virtual network is implemented. For example: flat, geneve, gre, local, vlan or vxlan."),
      opt.value("--provider-physical-network", "<provider-physical-network>", "Name of the physical network over which the virtual network is implemented", { dest: "physicalNetwork" }),
      opt.value("--provider-segment", "<provider-segment>", "VLAN ID for VLAN networks or Tunnel ID for GENEVE/GRE/VXLAN networks", { dest: "segmentationId" }),
      opt.value("--dns-domain", "<dns-domain>", "Set DNS domain for this network (requires DNS integration extension)"),
    ],
    positionals: [{ dest: "network", metavar: "<network>", help: "Network to modify (name or ID)" }],
    exclusive: [
      { dests: ["enable", "disable"] }, { dests: ["share", "noShare"] }, { dests: ["enablePortSecurity", "disablePortSecurity"] },
      { dests: ["external", "internal"] }, { dests: ["default", "noDefault"] }, { dests: ["qosPolicy", "noQosPolicy"] },
    ],
    run(a, ctx) {
      return then(S.findNetwork(ctx.draft, ctx.auth, str(a, "network") ?? ""), (n) => {
        if (str(a, "qosPolicy") !== null) return err(S.qosMissing(ctx.draft, str(a, "qosPolicy") ?? ""));
        if (str(a, "providerNetworkType") !== null || str(a, "physicalNetwork") !== null || str(a, "segmentationId") !== null) {
          if (!isAdmin(ctx.auth)) return err(S.refuse(ctx.draft, `networks/${n.id}`, "update_network", ["provider:network_type"]));
          return err(apiError(ctx.draft, 400, `networks/${n.id}`, "Invalid input for operation: Plugin does not support updating the following provider network attributes: provider:network_type, provider:physical_network, provider:segmentation_id."));
        }
        const mtuText = str(a, "mtu");
        const tags = a.noTag ? list(a, "tags") : [...new Set([...n.tags, ...list(a, "tags")])];
        return then(S.updateNetwork(ctx.draft, ctx.auth, n.id, {
          ...(str(a, "name") !== null ? { name: str(a, "name") ?? "" } : {}), ...(str(a, "description") !== null ? { description: str(a, "description") ?? "" } : {}),
          ...(a.enable ? { adminStateUp: true } : a.disable ? { adminStateUp: false } : {}), ...(a.share ? { shared: true } : a.noShare ? { shared: false } : {}),
          ...(a.external ? { external: true } : a.internal ? { external: false } : {}), ...(a.default ? { isDefault: true } : a.noDefault ? { isDefault: false } : {}),
          ...(a.enablePortSecurity ? { portSecurityEnabled: true } : a.disablePortSecurity ? { portSecurityEnabled: false } : {}),
          ...(mtuText !== null && /^\d+$/.test(mtuText) ? { mtu: Number(mtuText) } : {}), ...(str(a, "dnsDomain") !== null ? { dnsDomain: str(a, "dnsDomain") ?? "" } : {}),
          ...(a.noTag || list(a, "tags").length > 0 ? { tags } : {}),
        }), none);
      });
    },
  },
  {
    words: ["network", "show"], description: "Show network details", output: "show",
    positionals: [{ dest: "network", metavar: "<network>", help: "Network to display (name or ID)" }],
    run(a, ctx) {
      return then(S.findNetwork(ctx.draft, ctx.auth, str(a, "network") ?? ""), (n) => ok(F.networkFields(ctx.draft, n)));
    },
  },
  {
    words: ["network", "unset"], description: "Unset network properties", output: "none",
    options: [
      extraPropertyOpt,
      opt.repeat("--tag", "<tag>", "Tag to be removed from the network (repeat option to remove multiple tags)", { dest: "tags" }),
      opt.flag("--all-tag", "Clear all tags associated with the network"),
    ],
    positionals: [{ dest: "network", metavar: "<network>", help: "Network to modify (name or ID)" }],
    exclusive: [{ dests: ["tags", "allTag"] }],
    run(a, ctx) {
      return then(S.findNetwork(ctx.draft, ctx.auth, str(a, "network") ?? ""), (n) => {
        if (!a.allTag && list(a, "tags").length === 0) return none();
        const tags = a.allTag ? [] : n.tags.filter((t) => !list(a, "tags").includes(t));
        return then(S.updateNetwork(ctx.draft, ctx.auth, n.id, { tags }), none);
      });
    },
  },
];

// ------------------------------------------------------------------ subnet

function routesFrom(values: string[], option: string): Result<{ destination: string; nexthop: string }[], CloudError> {
  const r = multiKeyValue(values, option, ["destination", "gateway"], ["destination", "gateway"]);
  return r.ok ? ok(r.value.map((d) => ({ destination: d.destination ?? "", nexthop: d.gateway ?? "" }))) : r;
}

function pools(a: ParsedArgs): Result<AllocationPool[] | undefined, CloudError> {
  if (list(a, "allocationPools").length === 0) return ok(undefined);
  const r = multiKeyValue(list(a, "allocationPools"), "--allocation-pool", ["start", "end"], ["start", "end"]);
  return r.ok ? ok(r.value.map((d) => ({ start: d.start ?? "", end: d.end ?? "" }))) : r;
}

const subnetCommands: CommandSpec[] = [
  {
    words: ["subnet", "create"], description: "Create a subnet", output: "show",
    options: [
      extraPropertyOpt,
      opt.value("--project", "<project>", "Owner's project (name or ID)"), projectDomainOpt,
      opt.value("--subnet-pool", "<subnet-pool>", "Subnet pool from which this subnet will obtain a CIDR (Name or ID)"),
      opt.flag("--use-prefix-delegation", "Use 'prefix-delegation' if IP is IPv6 format and IP would be delegated externally"),
      opt.flag("--use-default-subnet-pool", "Use default subnet pool for --ip-version"),
      opt.value("--prefix-length", "<prefix-length>", "Prefix length for subnet allocation from subnet pool"),
      opt.value("--subnet-range", "<subnet-range>", "Subnet range in CIDR notation (required if --subnet-pool is not specified, optional otherwise)"),
      opt.flag("--dhcp", "Enable DHCP (default)"), opt.flag("--no-dhcp", "Disable DHCP"),
      opt.flag("--dns-publish-fixed-ip", "Enable publishing fixed IPs in DNS"), opt.flag("--no-dns-publish-fixed-ip", "Disable publishing fixed IPs in DNS (default)"),
      opt.value("--gateway", "<gateway>", "Specify a gateway for the subnet.  The three options are: <ip-address>: Specific IP address to use as the gateway, 'auto': Gateway address should automatically be chosen from within the subnet itself, 'none': This subnet will not use a gateway, e.g.: --gateway 192.168.9.1, --gateway auto, --gateway none (default is 'auto').", { default: "auto" }),
      opt.value("--ip-version", "{4,6}", "IP version (default is 4).  Note that when subnet pool is specified, IP version is determined from the subnet pool and this option is ignored.", { type: "int", choices: ["4", "6"], default: 4 }),
      opt.value("--ipv6-ra-mode", "{dhcpv6-stateful,dhcpv6-stateless,slaac}", "IPv6 RA (Router Advertisement) mode, valid modes: [dhcpv6-stateful, dhcpv6-stateless, slaac]", { choices: ["dhcpv6-stateful", "dhcpv6-stateless", "slaac"] }),
      opt.value("--ipv6-address-mode", "{dhcpv6-stateful,dhcpv6-stateless,slaac}", "IPv6 address mode, valid modes: [dhcpv6-stateful, dhcpv6-stateless, slaac]", { choices: ["dhcpv6-stateful", "dhcpv6-stateless", "slaac"] }),
      opt.value("--network-segment", "<network-segment>", "Network segment to associate with this subnet (name or ID)"),
      opt.value("--network", "<network>", "Network this subnet belongs to (name or ID)", { required: true }),
      opt.value("--description", "<description>", "Set subnet description"),
      opt.repeat("--allocation-pool", "start=<ip-address>,end=<ip-address>", "Allocation pool IP addresses for this subnet e.g.: start=192.168.199.2,end=192.168.199.254 (repeat option to add multiple IP addresses)", { dest: "allocationPools", check: POOL_KEYS }),
      opt.repeat("--dns-nameserver", "<dns-nameserver>", "DNS server for this subnet (repeat option to set multiple DNS servers)", { dest: "dnsNameservers" }),
      opt.repeat("--host-route", "destination=<subnet>,gateway=<ip-address>", "Additional route for this subnet e.g.: destination=10.10.0.0/16,gateway=192.168.71.254 destination: destination subnet (in CIDR notation) gateway: nexthop IP address (repeat option to add multiple routes)", { dest: "hostRoutes", check: ROUTE_KEYS }),
      opt.repeat("--service-type", "<service-type>", "Service type for this subnet e.g.: network:floatingip_agent_gateway. Must be a valid device owner value for a network port (repeat option to set multiple service types)", { dest: "serviceTypes" }),
      ...tagOpts("subnet"),
    ],
    positionals: [{ dest: "name", metavar: "<name>", help: "New subnet name" }],
    exclusive: [{ dests: ["subnetPool", "usePrefixDelegation", "useDefaultSubnetPool"] }, { dests: ["dhcp", "noDhcp"] }, { dests: ["dnsPublishFixedIp", "noDnsPublishFixedIp"] }, { dests: ["tags", "noTag"] }],
    run(a, ctx) {
      if (str(a, "subnetRange") === null && str(a, "subnetPool") === null && !a.useDefaultSubnetPool) {
        return err(commandError("You must specify a subnet range (--subnet-range) or a subnet pool (--subnet-pool or --use-default-subnet-pool)."));
      }
      return then(S.findNetwork(ctx.draft, ctx.auth, str(a, "network") ?? ""), (net) => then(projectId(ctx, a), (pid) => then(pools(a), (p) =>
        then(routesFrom(list(a, "hostRoutes"), "--host-route"), (routes) => {
          let poolId: string | undefined;
          if (str(a, "subnetPool") !== null) {
            const sp = S.findSubnetPool(ctx.draft, ctx.auth, str(a, "subnetPool") ?? "");
            if (!sp.ok) return sp;
            poolId = sp.value.id;
          }
          const gw = (str(a, "gateway") ?? "auto").toLowerCase() === "none" ? null : (str(a, "gateway") ?? "auto");
          const prefix = str(a, "prefixLength");
          return then(S.createSubnet(ctx.draft, ctx.auth, {
            networkId: net.id, name: str(a, "name") ?? "", ...(pid ? { projectId: pid } : {}), cidr: str(a, "subnetRange"),
            ipVersion: a.ipVersion === 6 || a.ipVersion === "6" ? 6 : 4, gatewayIp: gw === "auto" ? "auto" : gw, enableDhcp: !a.noDhcp,
            ...(p ? { allocationPools: p } : {}), dnsNameservers: list(a, "dnsNameservers"), hostRoutes: routes, description: str(a, "description") ?? "",
            ...(poolId ? { subnetPoolId: poolId } : {}), ...(prefix !== null ? { prefixLength: Number(prefix) } : {}), tags: list(a, "tags"),
            serviceTypes: list(a, "serviceTypes"),
            ipv6RaMode: (str(a, "ipv6RaMode") as S.Ipv6Mode | null) ?? null, ipv6AddressMode: (str(a, "ipv6AddressMode") as S.Ipv6Mode | null) ?? null,
          }), (s) => ok(F.subnetFields(s)));
        }))));
    },
  },
  {
    words: ["subnet", "delete"], description: "Delete subnet(s)", output: "none",
    positionals: [{ dest: "subnet", metavar: "<subnet>", nargs: "+", help: "Subnet(s) to delete (name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "subnet"), { singular: "subnet", plural: "subnets" }, ctx.requestId, (n) => {
        const s = S.findSubnet(ctx.draft, ctx.auth, n);
        return s.ok ? S.deleteSubnet(ctx.draft, ctx.auth, s.value.id) : s;
      }));
    },
  },
  {
    words: ["subnet", "list"], description: "List subnets", output: "list",
    options: [
      opt.flag("--long", "List additional fields in output"),
      opt.value("--ip-version", "<ip-version>", "List only subnets of given IP version in output. Allowed values for IP version are 4 and 6.", { type: "int", choices: ["4", "6"] }),
      opt.flag("--dhcp", "List subnets which have DHCP enabled"), opt.flag("--no-dhcp", "List subnets which have DHCP disabled"),
      opt.repeat("--service-type", "<service-type>", "List only subnets of a given service type in output e.g.: network:floatingip_agent_gateway. Must be a valid device owner value for a network port (repeat option to list multiple service types)", { dest: "serviceTypes" }),
      opt.value("--project", "<project>", "List only subnets which belong to a given project in output (name or ID)"), projectDomainOpt,
      opt.value("--network", "<network>", "List only subnets which belong to a given network in output (name or ID)"),
      opt.value("--gateway", "<gateway>", "List only subnets of given gateway IP in output"),
      opt.value("--name", "<name>", "List only subnets of given name in output"),
      opt.value("--subnet-range", "<subnet-range>", "List only subnets of given subnet range (in CIDR notation) in output e.g.: --subnet-range 10.10.0.0/16"),
      opt.value("--subnet-pool", "<subnet-pool>", "List only subnets which belong to a given subnet pool in output (Name or ID)"),
      opt.repeat("--tags", "<tag>[,<tag>,...]", "List subnets which have all given tag(s) (Comma-separated list of tags)", { dest: "filterTags" }),
    ],
    exclusive: [{ dests: ["dhcp", "noDhcp"] }],
    run(a, ctx) {
      let networkId: string | null = null;
      if (str(a, "network") !== null) {
        const n = S.findNetwork(ctx.draft, ctx.auth, str(a, "network") ?? "");
        if (!n.ok) return n;
        networkId = n.value.id;
      }
      return then(projectId(ctx, a), (pid) => {
        const want = list(a, "filterTags").flatMap((t) => t.split(","));
        const rows = ctx.draft.list("subnets").filter((s) => S.subnetVisible(ctx.draft, ctx.auth, s)).filter((s) =>
          (networkId === null || s.networkId === networkId) && (pid === undefined || s.projectId === pid) && (!a.dhcp || s.enableDhcp) &&
          (!a.noDhcp || !s.enableDhcp) && (a.ipVersion === null || a.ipVersion === undefined || Number(a.ipVersion) === s.ipVersion) &&
          (str(a, "gateway") === null || s.gatewayIp === str(a, "gateway")) && (str(a, "name") === null || s.name === str(a, "name")) &&
          (str(a, "subnetRange") === null || s.cidr === str(a, "subnetRange")) && want.every((t) => s.tags.includes(t)) &&
          list(a, "serviceTypes").every((t) => s.serviceTypes.includes(t))).sort(byCreation);
        if (a.long) {
          return ok({
            kind: "list", columns: ["ID", "Name", "Network", "Subnet", "Project", "DHCP", "Name Servers", "Allocation Pools", "Host Routes", "IP Version", "Gateway", "Service Types", "Tags"],
            rows: rows.map((s): Value[] => [s.id, s.name, s.networkId, s.cidr, s.projectId, s.enableDhcp, listColumn(s.dnsNameservers), F.poolsColumn(s), F.hostRoutesColumn(s), s.ipVersion, s.gatewayIp, listColumn(s.serviceTypes), listColumn(s.tags)]),
          });
        }
        return ok({ kind: "list", columns: ["ID", "Name", "Network", "Subnet"], rows: rows.map((s): Value[] => [s.id, s.name, s.networkId, s.cidr]) });
      });
    },
  },
  {
    words: ["subnet", "set"], description: "Set subnet properties", output: "none",
    options: [
      extraPropertyOpt,
      opt.value("--name", "<name>", "Updated name of the subnet"), opt.flag("--dhcp", "Enable DHCP"), opt.flag("--no-dhcp", "Disable DHCP"),
      opt.flag("--dns-publish-fixed-ip", "Enable publishing fixed IPs in DNS"), opt.flag("--no-dns-publish-fixed-ip", "Disable publishing fixed IPs in DNS"),
      opt.value("--gateway", "<gateway>", "Specify a gateway for the subnet. The options are: <ip-address>: Specific IP address to use as the gateway, 'none': This subnet will not use a gateway, e.g.: --gateway 192.168.9.1, --gateway none."),
      opt.value("--network-segment", "<network-segment>", "Network segment to associate with this subnet (name or ID). It is only allowed to set the segment if the current value is `None`, the network must also have only one segment and only one subnet can exist on the network."),
      opt.value("--description", "<description>", "Set subnet description"),
      opt.repeat("--tag", "<tag>", "Tag to be added to the subnet (repeat option to set multiple tags)", { dest: "tags" }),
      opt.flag("--no-tag", "Clear tags associated with the subnet. Specify both --tag and --no-tag to overwrite current tags"),
      opt.repeat("--allocation-pool", "start=<ip-address>,end=<ip-address>", "Allocation pool IP addresses for this subnet e.g.: start=192.168.199.2,end=192.168.199.254 (repeat option to add multiple IP addresses)", { dest: "allocationPools", check: POOL_KEYS }),
      opt.flag("--no-allocation-pool", "Clear associated allocation-pools from the subnet. Specify both --allocation-pool and --no-allocation-pool to overwrite the current allocation pool information."),
      opt.repeat("--dns-nameserver", "<dns-nameserver>", "DNS server for this subnet (repeat option to set multiple DNS servers)", { dest: "dnsNameservers" }),
      opt.flag("--no-dns-nameservers", "Clear existing information of DNS Nameservers. Specify both --dns-nameserver and --no-dns-nameserver to overwrite the current DNS Nameserver information."),
      opt.repeat("--host-route", "destination=<subnet>,gateway=<ip-address>", "Additional route for this subnet e.g.: destination=10.10.0.0/16,gateway=192.168.71.254 destination: destination subnet (in CIDR notation) gateway: nexthop IP address (repeat option to add multiple routes)", { dest: "hostRoutes", check: ROUTE_KEYS }),
      opt.flag("--no-host-route", "Clear associated host-routes from the subnet. Specify both --host-route and --no-host-route to overwrite the current host route information."),
      opt.repeat("--service-type", "<service-type>", "Service type for this subnet e.g.: network:floatingip_agent_gateway. Must be a valid device owner value for a network port (repeat option to set multiple service types)", { dest: "serviceTypes" }),
    ],
    positionals: [{ dest: "subnet", metavar: "<subnet>", help: "Subnet to modify (name or ID)" }],
    exclusive: [{ dests: ["dhcp", "noDhcp"] }, { dests: ["dnsPublishFixedIp", "noDnsPublishFixedIp"] }],
    run(a, ctx) {
      return then(S.findSubnet(ctx.draft, ctx.auth, str(a, "subnet") ?? ""), (s) => then(pools(a), (p) => then(routesFrom(list(a, "hostRoutes"), "--host-route"), (routes) => {
        const gw = str(a, "gateway");
        const patch: S.SubnetPatch = {
          ...(str(a, "name") !== null ? { name: str(a, "name") ?? "" } : {}), ...(str(a, "description") !== null ? { description: str(a, "description") ?? "" } : {}),
          ...(a.dhcp ? { enableDhcp: true } : a.noDhcp ? { enableDhcp: false } : {}),
          ...(gw !== null ? { gatewayIp: gw.toLowerCase() === "none" ? null : gw } : {}),
          ...(p || a.noAllocationPool ? { allocationPools: [...(a.noAllocationPool ? [] : s.allocationPools), ...(p ?? [])] } : {}),
          ...(list(a, "dnsNameservers").length > 0 || a.noDnsNameservers ? { dnsNameservers: [...(a.noDnsNameservers ? [] : s.dnsNameservers), ...list(a, "dnsNameservers")] } : {}),
          ...(routes.length > 0 || a.noHostRoute ? { hostRoutes: [...(a.noHostRoute ? [] : s.hostRoutes), ...routes] } : {}),
          ...(list(a, "tags").length > 0 || a.noTag ? { tags: [...new Set([...(a.noTag ? [] : s.tags), ...list(a, "tags")])] } : {}),
        };
        return then(S.updateSubnet(ctx.draft, ctx.auth, s.id, patch), none);
      })));
    },
  },
  {
    words: ["subnet", "show"], description: "Display subnet details", output: "show",
    positionals: [{ dest: "subnet", metavar: "<subnet>", help: "Subnet to display (name or ID)" }],
    run(a, ctx) {
      return then(S.findSubnet(ctx.draft, ctx.auth, str(a, "subnet") ?? ""), (s) => ok(F.subnetFields(s)));
    },
  },
  {
    words: ["subnet", "unset"], description: "Unset subnet properties", output: "none",
    options: [
      extraPropertyOpt,
      opt.repeat("--allocation-pool", "start=<ip-address>,end=<ip-address>", "Allocation pool IP addresses to be removed from this subnet e.g.: start=192.168.199.2,end=192.168.199.254 (repeat option to unset multiple allocation pools)", { dest: "allocationPools", check: POOL_KEYS }),
      opt.flag("--gateway", "Remove gateway IP from this subnet"),
      opt.repeat("--dns-nameserver", "<dns-nameserver>", "DNS server to be removed from this subnet (repeat option to unset multiple DNS servers)", { dest: "dnsNameservers" }),
      opt.repeat("--host-route", "destination=<subnet>,gateway=<ip-address>", "Route to be removed from this subnet e.g.: destination=10.10.0.0/16,gateway=192.168.71.254 destination: destination subnet (in CIDR notation) gateway: nexthop IP address (repeat option to unset multiple host routes)", { dest: "hostRoutes", check: ROUTE_KEYS }),
      opt.repeat("--service-type", "<service-type>", "Service type to be removed from this subnet e.g.: network:floatingip_agent_gateway. Must be a valid device owner value for a network port (repeat option to unset multiple service types)", { dest: "serviceTypes" }),
      opt.repeat("--tag", "<tag>", "Tag to be removed from the subnet (repeat option to remove multiple tags)", { dest: "tags" }),
      opt.flag("--all-tag", "Clear all tags associated with the subnet"),
    ],
    positionals: [{ dest: "subnet", metavar: "<subnet>", help: "Subnet to modify (name or ID)" }],
    exclusive: [{ dests: ["tags", "allTag"] }],
    run(a, ctx) {
      return then(S.findSubnet(ctx.draft, ctx.auth, str(a, "subnet") ?? ""), (s) => then(pools(a), (p) => then(routesFrom(list(a, "hostRoutes"), "--host-route"), (routes) => {
        for (const ns of list(a, "dnsNameservers")) if (!s.dnsNameservers.includes(ns)) return err(commandError(`Subnet does not contain dns_nameservers ${ns}`));
        for (const pool of p ?? []) if (!s.allocationPools.some((x) => x.start === pool.start && x.end === pool.end)) return err(commandError(`Subnet does not contain allocation_pools {'start': '${pool.start}', 'end': '${pool.end}'}`));
        for (const rt of routes) if (!s.hostRoutes.some((x) => x.destination === rt.destination && x.nexthop === rt.nexthop)) return err(commandError(`Subnet does not contain host_routes {'destination': '${rt.destination}', 'nexthop': '${rt.nexthop}'}`));
        const patch: S.SubnetPatch = {
          ...(a.gateway ? { gatewayIp: null } : {}),
          ...(p ? { allocationPools: s.allocationPools.filter((x) => !p.some((y) => y.start === x.start && y.end === x.end)) } : {}),
          ...(list(a, "dnsNameservers").length > 0 ? { dnsNameservers: s.dnsNameservers.filter((x) => !list(a, "dnsNameservers").includes(x)) } : {}),
          ...(routes.length > 0 ? { hostRoutes: s.hostRoutes.filter((x) => !routes.some((y) => y.destination === x.destination && y.nexthop === x.nexthop)) } : {}),
          ...(a.allTag ? { tags: [] } : list(a, "tags").length > 0 ? { tags: s.tags.filter((t) => !list(a, "tags").includes(t)) } : {}),
        };
        if (Object.keys(patch).length === 0) return none();
        return then(S.updateSubnet(ctx.draft, ctx.auth, s.id, patch), none);
      })));
    },
  },
];

// ------------------------------------------------------------------ port

function fixedIpRequests(ctx: CommandContext, values: string[]): Result<S.FixedIpRequest[] | undefined, CloudError> {
  if (values.length === 0) return ok(undefined);
  const parsed = multiKeyValue(values, "--fixed-ip", ["subnet", "ip-address"], []);
  if (!parsed.ok) return parsed;
  const out: S.FixedIpRequest[] = [];
  for (const d of parsed.value) {
    const req: S.FixedIpRequest = {};
    if (d.subnet) {
      const s = S.findSubnet(ctx.draft, ctx.auth, d.subnet);
      if (!s.ok) return s;
      req.subnetId = s.value.id;
    }
    if (d["ip-address"]) req.ipAddress = d["ip-address"];
    out.push(req);
  }
  return ok(out);
}

function securityGroupIds(ctx: CommandContext, names: string[]): Result<string[], CloudError> {
  const ids: string[] = [];
  for (const n of names) {
    const g = S.findSecurityGroup(ctx.draft, ctx.auth, n);
    if (!g.ok) return g;
    ids.push(g.value.id);
  }
  return ok(ids);
}

function portOptions(kind: "create" | "set"): OptionSpec[] {
  const create = kind === "create";
  return [
    opt.value("--description", "<description>", `Description of this port`),
    opt.value("--device", "<device-id>", "Port device ID"),
    opt.value("--mac-address", "<mac-address>", "MAC address of this port (admin only)"),
    opt.value("--device-owner", "<device-owner>", "Device owner of this port. This is the entity that uses the port (for example, network:dhcp)."),
    opt.value("--vnic-type", "<vnic-type>", "VNIC type for this port (direct | direct-physical | macvtap | normal | baremetal | virtio-forwarder | vdpa | remote-managed, default: normal)"),
    opt.value("--host", "<host-id>", "Allocate port on host <host-id> (ID only)"),
    opt.value("--dns-domain", "dns-domain", "Set DNS domain to this port (requires dns_domain extension for ports)"),
    opt.value("--dns-name", "<dns-name>", "Set DNS name for this port (requires DNS integration extension)"),
    opt.repeat("--fixed-ip", "subnet=<subnet>,ip-address=<ip-address>", `Desired IP and/or subnet for this port (name or ID): subnet=<subnet>,ip-address=<ip-address> (repeat option to set multiple fixed IP addresses)`, { dest: "fixedIps", check: FIXED_IP_KEYS }),
    ...(create ? [opt.flag("--no-fixed-ip", "No IP or subnet for this port.")] : [opt.flag("--no-fixed-ip", "Clear existing information of fixed IP addresses.Specify both --fixed-ip and --no-fixed-ip to overwrite the current fixed IP addresses.")]),
    opt.flag("--enable", create ? "Enable port (default)" : "Enable port"), opt.flag("--disable", "Disable port"),
    opt.flag("--enable-port-security", create ? "Enable port security for this port (Default)" : "Enable port security for this port"),
    opt.flag("--disable-port-security", "Disable port security for this port"),
    opt.repeat("--security-group", "<security-group>", create ? "Security group to associate with this port (name or ID) (repeat option to set multiple security groups)" : "Security group to associate with this port (name or ID) (repeat option to set multiple security groups)", { dest: "securityGroups" }),
    opt.flag("--no-security-group", create ? "Associate no security groups with this port" : "Clear existing security groups associated with this port"),
    opt.repeat("--allowed-address", "ip-address=<ip-address>[,mac-address=<mac-address>]", "Add allowed-address pair associated with this port: ip-address=<ip-address>[,mac-address=<mac-address>] (repeat option to set multiple allowed-address pairs)", { dest: "allowedAddresses", check: PAIR_KEYS }),
    ...(create ? [opt.value("--network", "<network>", "Network this port belongs to (name or ID)", { required: true }), opt.value("--project", "<project>", "Owner's project (name or ID)"), projectDomainOpt] : [opt.value("--name", "<name>", "Set port name"), opt.flag("--no-allowed-address", "Clear existing allowed-address pairs associated with this port. (Specify both --allowed-address and --no-allowed-address to overwrite the current allowed-address pairs)")]),
    opt.repeat("--tag", "<tag>", "Tag to be added to the port (repeat option to set multiple tags)", { dest: "tags" }),
    opt.flag("--no-tag", create ? "No tags associated with the port" : "Clear tags associated with the port. Specify both --tag and --no-tag to overwrite current tags"),
  ];
}

function allowedPairs(values: string[]): Result<{ ipAddress: string; macAddress?: string }[], CloudError> {
  const r = multiKeyValue(values, "--allowed-address", ["ip-address", "mac-address"], ["ip-address"]);
  return r.ok ? ok(r.value.map((d) => ({ ipAddress: d["ip-address"] ?? "", ...(d["mac-address"] ? { macAddress: d["mac-address"] } : {}) }))) : r;
}

const portCommands: CommandSpec[] = [
  {
    words: ["port", "create"], description: "Create a new port", output: "show",
    options: [extraPropertyOpt, ...portOptions("create")],
    positionals: [{ dest: "name", metavar: "<name>", help: "Name of this port" }],
    exclusive: [{ dests: ["fixedIps", "noFixedIp"] }, { dests: ["enable", "disable"] }, { dests: ["enablePortSecurity", "disablePortSecurity"] }, { dests: ["securityGroups", "noSecurityGroup"] }, { dests: ["tags", "noTag"] }],
    run(a, ctx) {
      return then(S.findNetwork(ctx.draft, ctx.auth, str(a, "network") ?? ""), (net) => then(projectId(ctx, a), (pid) =>
        then(fixedIpRequests(ctx, list(a, "fixedIps")), (ips) => then(securityGroupIds(ctx, list(a, "securityGroups")), (sgs) =>
          then(allowedPairs(list(a, "allowedAddresses")), (pairs) => {
            const input: S.PortInput = {
              networkId: net.id, name: str(a, "name") ?? "", ...(pid ? { projectId: pid } : {}), ...(a.noFixedIp ? { fixedIps: [] } : ips ? { fixedIps: ips } : {}),
              ...(a.noSecurityGroup ? { securityGroupIds: [] } : sgs.length > 0 ? { securityGroupIds: sgs } : {}),
              ...(str(a, "device") !== null ? { deviceId: str(a, "device") ?? "" } : {}), ...(str(a, "deviceOwner") !== null ? { deviceOwner: str(a, "deviceOwner") ?? "" } : {}),
              ...(str(a, "macAddress") !== null ? { macAddress: str(a, "macAddress") ?? "" } : {}), adminStateUp: !a.disable,
              ...(a.disablePortSecurity ? { portSecurityEnabled: false } : a.enablePortSecurity ? { portSecurityEnabled: true } : {}),
              description: str(a, "description") ?? "", ...(str(a, "host") !== null ? { hostId: str(a, "host") ?? "" } : {}),
              ...(str(a, "vnicType") !== null ? { vnicType: str(a, "vnicType") ?? "normal" } : {}), allowedAddressPairs: pairs, tags: list(a, "tags"),
            };
            return then(S.createPort(ctx.draft, ctx.auth, input), (p) => ok(F.portFields(p)));
          })))));
    },
  },
  {
    words: ["port", "delete"], description: "Delete port(s)", output: "none",
    positionals: [{ dest: "port", metavar: "<port>", nargs: "+", help: "Port(s) to delete (name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "port"), { singular: "port", plural: "ports" }, ctx.requestId, (n) => {
        const p = S.findPort(ctx.draft, ctx.auth, n);
        if (!p.ok) return p;
        const r = S.deletePort(ctx.draft, ctx.auth, p.value.id);
        if (r.ok) detachFromServer(ctx, p.value);
        return r;
      }));
    },
  },
  {
    words: ["port", "list"], description: "List ports", output: "list",
    options: [
      opt.value("--device-owner", "<device-owner>", "List only ports with the specified device owner. This is the entity that uses the port (for example, network:dhcp)."),
      opt.value("--host", "<host-id>", "List only ports bound to this host ID"),
      opt.value("--network", "<network>", "List only ports connected to this network (name or ID)"),
      opt.value("--router", "<router>", "List only ports attached to this router (name or ID)"),
      opt.value("--server", "<server>", "List only ports attached to this server (name or ID)"),
      opt.value("--device-id", "<device-id>", "List only ports with the specified device ID"),
      opt.value("--mac-address", "<mac-address>", "List only ports with this MAC address"),
      opt.flag("--long", "List additional fields in output"),
      opt.value("--project", "<project>", "List ports according to their project (name or ID)"), projectDomainOpt,
      opt.value("--name", "<name>", "List ports according to their name"),
      opt.repeat("--security-group", "<security-group>", "List only ports associated with this security group", { dest: "securityGroups" }),
      opt.repeat("--fixed-ip", "subnet=<subnet>,ip-address=<ip-address>,ip-substring=<ip-substring>", "Desired IP and/or subnet for filtering ports (name or ID): subnet=<subnet>,ip-address=<ip-address>,ip-substring=<ip-substring> (repeat option to set multiple fixed IP addresses)", { dest: "fixedIps", check: multiKeyValueCheck(["subnet", "ip-address", "ip-substring"], []) }),
      opt.value("--status", "<status>", "List ports according to their status ('ACTIVE', 'BUILD', 'DOWN', 'ERROR')", { choices: ["ACTIVE", "BUILD", "DOWN", "ERROR"] }),
      opt.repeat("--tags", "<tag>[,<tag>,...]", "List ports which have all given tag(s) (Comma-separated list of tags)", { dest: "filterTags" }),
    ],
    exclusive: [{ dests: ["router", "server", "deviceId"] }],
    run(a, ctx) {
      let deviceId: string | null = str(a, "deviceId");
      let networkId: string | null = null;
      if (str(a, "router") !== null) {
        const r = S.findRouter(ctx.draft, ctx.auth, str(a, "router") ?? "");
        if (!r.ok) return r;
        deviceId = r.value.id;
      }
      if (str(a, "server") !== null) {
        const s = findServer(ctx.draft, ctx.auth, str(a, "server") ?? "");
        if (!s.ok) return s;
        deviceId = s.value.id;
      }
      if (str(a, "network") !== null) {
        const n = S.findNetwork(ctx.draft, ctx.auth, str(a, "network") ?? "");
        if (!n.ok) return n;
        networkId = n.value.id;
      }
      const sgs = securityGroupIds(ctx, list(a, "securityGroups"));
      if (!sgs.ok) return sgs;
      const fixed = multiKeyValue(list(a, "fixedIps"), "--fixed-ip", ["subnet", "ip-address", "ip-substring"], []);
      if (!fixed.ok) return fixed;
      const fixedReqs: { subnetId?: string; ip?: string; sub?: string }[] = [];
      for (const d of fixed.value) {
        let subnetId: string | undefined;
        if (d.subnet) {
          const s = S.findSubnet(ctx.draft, ctx.auth, d.subnet);
          if (!s.ok) return s;
          subnetId = s.value.id;
        }
        fixedReqs.push({ ...(subnetId ? { subnetId } : {}), ...(d["ip-address"] ? { ip: d["ip-address"] } : {}), ...(d["ip-substring"] ? { sub: d["ip-substring"] } : {}) });
      }
      return then(projectId(ctx, a), (pid) => {
        const want = list(a, "filterTags").flatMap((t) => t.split(","));
        const ports = ctx.draft.list("ports").filter((p) => S.portVisible(ctx.draft, ctx.auth, p)).filter((p) =>
          (deviceId === null || p.deviceId === deviceId) && (networkId === null || p.networkId === networkId) &&
          (str(a, "deviceOwner") === null || p.deviceOwner === str(a, "deviceOwner")) && (str(a, "host") === null || p.bindingHostId === str(a, "host")) &&
          (str(a, "macAddress") === null || p.macAddress === str(a, "macAddress")) && (pid === undefined || p.projectId === pid) &&
          (str(a, "name") === null || p.name === str(a, "name")) && (str(a, "status") === null || p.status === str(a, "status")) &&
          sgs.value.every((g) => p.securityGroupIds.includes(g)) && want.every((t) => p.tags.includes(t)) &&
          fixedReqs.every((f) => p.fixedIps.some((x) => (f.subnetId === undefined || x.subnetId === f.subnetId) && (f.ip === undefined || x.ipAddress === f.ip) && (f.sub === undefined || x.ipAddress.includes(f.sub))))).sort(byCreation);
        if (a.long) {
          return ok({
            kind: "list", columns: ["ID", "Name", "MAC Address", "Fixed IP Addresses", "Status", "Security Groups", "Device Owner", "Tags"],
            rows: ports.map((p): Value[] => [p.id, p.name, p.macAddress, F.portFixedIpsColumn(p), p.status, listColumn(p.securityGroupIds), p.deviceOwner, listColumn(p.tags)]),
          });
        }
        return ok({ kind: "list", columns: ["ID", "Name", "MAC Address", "Fixed IP Addresses", "Status"], rows: ports.map((p): Value[] => [p.id, p.name, p.macAddress, F.portFixedIpsColumn(p), p.status]) });
      });
    },
  },
  {
    words: ["port", "set"], description: "Set port properties", output: "none",
    options: [extraPropertyOpt, ...portOptions("set")],
    positionals: [{ dest: "port", metavar: "<port>", help: "Port to modify (name or ID)" }],
    exclusive: [{ dests: ["enable", "disable"] }, { dests: ["enablePortSecurity", "disablePortSecurity"] }],
    run(a, ctx) {
      return then(S.findPort(ctx.draft, ctx.auth, str(a, "port") ?? ""), (p) => then(fixedIpRequests(ctx, list(a, "fixedIps")), (ips) =>
        then(securityGroupIds(ctx, list(a, "securityGroups")), (sgs) => then(allowedPairs(list(a, "allowedAddresses")), (pairs) => {
          const current = p.fixedIps.map((f): S.FixedIpRequest => ({ subnetId: f.subnetId, ipAddress: f.ipAddress }));
          const patch: S.PortPatch = {
            ...(str(a, "name") !== null ? { name: str(a, "name") ?? "" } : {}), ...(str(a, "description") !== null ? { description: str(a, "description") ?? "" } : {}),
            ...(a.enable ? { adminStateUp: true } : a.disable ? { adminStateUp: false } : {}),
            ...(ips || a.noFixedIp ? { fixedIps: [...(a.noFixedIp ? [] : current), ...(ips ?? [])] } : {}),
            ...(sgs.length > 0 || a.noSecurityGroup ? { securityGroupIds: [...new Set([...(a.noSecurityGroup ? [] : p.securityGroupIds), ...sgs])] } : {}),
            ...(a.enablePortSecurity ? { portSecurityEnabled: true } : a.disablePortSecurity ? { portSecurityEnabled: false } : {}),
            ...(str(a, "device") !== null ? { deviceId: str(a, "device") ?? "" } : {}), ...(str(a, "deviceOwner") !== null ? { deviceOwner: str(a, "deviceOwner") ?? "" } : {}),
            ...(str(a, "host") !== null ? { hostId: str(a, "host") ?? "" } : {}), ...(str(a, "vnicType") !== null ? { vnicType: str(a, "vnicType") ?? "" } : {}),
            ...(str(a, "macAddress") !== null ? { macAddress: str(a, "macAddress") ?? "" } : {}),
            ...(pairs.length > 0 || a.noAllowedAddress ? { allowedAddressPairs: [...(a.noAllowedAddress ? [] : p.allowedAddressPairs), ...pairs] } : {}),
            ...(list(a, "tags").length > 0 || a.noTag ? { tags: [...new Set([...(a.noTag ? [] : p.tags), ...list(a, "tags")])] } : {}),
          };
          return then(S.updatePort(ctx.draft, ctx.auth, p.id, patch), none);
        }))));
    },
  },
  {
    words: ["port", "show"], description: "Display port details", output: "show",
    positionals: [{ dest: "port", metavar: "<port>", help: "Port to display (name or ID)" }],
    run(a, ctx) {
      return then(S.findPort(ctx.draft, ctx.auth, str(a, "port") ?? ""), (p) => ok(F.portFields(p)));
    },
  },
  {
    words: ["port", "unset"], description: "Unset port properties", output: "none",
    options: [
      extraPropertyOpt,
      opt.repeat("--fixed-ip", "subnet=<subnet>,ip-address=<ip-address>", "Desired IP and/or subnet which should be removed from this port (name or ID): subnet=<subnet>,ip-address=<ip-address> (repeat option to unset multiple fixed IP addresses)", { dest: "fixedIps", check: FIXED_IP_KEYS }),
      opt.repeat("--security-group", "<security-group>", "Security group which should be removed this port (name or ID) (repeat option to unset multiple security groups)", { dest: "securityGroups" }),
      opt.repeat("--allowed-address", "ip-address=<ip-address>[,mac-address=<mac-address>]", "Desired allowed-address pair which should be removed from this port: ip-address=<ip-address>[,mac-address=<mac-address>] (repeat option to unset multiple allowed-address pairs)", { dest: "allowedAddresses", check: PAIR_KEYS }),
      opt.flag("--qos-policy", "Remove the QoS policy attached to the port"),
      opt.repeat("--tag", "<tag>", "Tag to be removed from the port (repeat option to remove multiple tags)", { dest: "tags" }),
      opt.flag("--all-tag", "Clear all tags associated with the port"),
    ],
    positionals: [{ dest: "port", metavar: "<port>", help: "Port to modify (name or ID)" }],
    exclusive: [{ dests: ["tags", "allTag"] }],
    run(a, ctx) {
      return then(S.findPort(ctx.draft, ctx.auth, str(a, "port") ?? ""), (p) => then(fixedIpRequests(ctx, list(a, "fixedIps")), (ips) =>
        then(securityGroupIds(ctx, list(a, "securityGroups")), (sgs) => then(allowedPairs(list(a, "allowedAddresses")), (pairs) => {
          for (const ip of ips ?? []) {
            if (!p.fixedIps.some((f) => (ip.subnetId === undefined || f.subnetId === ip.subnetId) && (ip.ipAddress === undefined || f.ipAddress === ip.ipAddress))) {
              return err(commandError(`Port does not contain fixed-ip ${ip.subnetId !== undefined ? `{'subnet_id': '${ip.subnetId}'${ip.ipAddress ? `, 'ip_address': '${ip.ipAddress}'` : ""}}` : `{'ip_address': '${ip.ipAddress ?? ""}'}`}`));
            }
          }
          for (const g of sgs) if (!p.securityGroupIds.includes(g)) return err(commandError(`Port does not contain security group ${g}`));
          for (const pair of pairs) if (!p.allowedAddressPairs.some((x) => x.ipAddress === pair.ipAddress)) return err(commandError(`Port does not contain allowed-address-pair {'ip_address': '${pair.ipAddress}'}`));
          const keep = p.fixedIps.filter((f) => !(ips ?? []).some((ip) => (ip.subnetId === undefined || f.subnetId === ip.subnetId) && (ip.ipAddress === undefined || f.ipAddress === ip.ipAddress)));
          const patch: S.PortPatch = {
            ...(ips ? { fixedIps: keep.map((f) => ({ subnetId: f.subnetId, ipAddress: f.ipAddress })) } : {}),
            ...(sgs.length > 0 ? { securityGroupIds: p.securityGroupIds.filter((g) => !sgs.includes(g)) } : {}),
            ...(pairs.length > 0 ? { allowedAddressPairs: p.allowedAddressPairs.filter((x) => !pairs.some((y) => y.ipAddress === x.ipAddress)) } : {}),
            ...(a.allTag ? { tags: [] } : list(a, "tags").length > 0 ? { tags: p.tags.filter((t) => !list(a, "tags").includes(t)) } : {}),
          };
          if (Object.keys(patch).length === 0) return none();
          return then(S.updatePort(ctx.draft, ctx.auth, p.id, patch), none);
        }))));
    },
  },
];

/** Nova forgets a port neutron deleted (the instance's interface disappears with it). */
function detachFromServer(ctx: CommandContext, p: Port): void {
  const srv = p.deviceId ? ctx.draft.get("servers", p.deviceId) : undefined;
  if (srv && srv.portIds.includes(p.id)) ctx.draft.update("servers", srv.id, { portIds: srv.portIds.filter((x) => x !== p.id), ownedPortIds: srv.ownedPortIds.filter((x) => x !== p.id) });
}

// ------------------------------------------------------------------ router

function gatewayFrom(ctx: CommandContext, a: ParsedArgs): Result<S.GatewayInput | null, CloudError> {
  const netName = str(a, "externalGateway");
  if (netName === null) {
    if (a.enableSnat || a.disableSnat || list(a, "fixedIp").length > 0) {
      return err(commandError("You must specify '--external-gateway' in order to update the SNAT or fixed-ip values"));
    }
    return ok(null);
  }
  const net = S.findNetwork(ctx.draft, ctx.auth, netName);
  if (!net.ok) return net;
  const ips = fixedIpRequests(ctx, list(a, "fixedIp"));
  if (!ips.ok) return ips;
  return ok({ networkId: net.value.id, ...(a.enableSnat ? { enableSnat: true } : a.disableSnat ? { enableSnat: false } : {}), ...(ips.value ? { fixedIps: ips.value } : {}) });
}

const gatewayOptions = (verb: string): OptionSpec[] => [
  opt.value("--external-gateway", "<network>", `External Network used as router's gateway (name or ID)`),
  opt.flag("--enable-snat", "Enable Source NAT on external gateway"), opt.flag("--disable-snat", "Disable Source NAT on external gateway"),
  opt.repeat("--fixed-ip", "subnet=<subnet>,ip-address=<ip-address>", `Desired IP and/or subnet (name or ID) on external gateway: subnet=<subnet>,ip-address=<ip-address> (repeat option to ${verb} multiple fixed IP addresses)`, { dest: "fixedIp", check: FIXED_IP_KEYS }),
];

function routerInterfaceCommand(verb: "add" | "remove", what: "subnet" | "port"): CommandSpec {
  const add = verb === "add";
  return {
    words: ["router", verb, what], description: add ? `Add a ${what} to a router` : `Remove a ${what} from a router`, output: "none",
    positionals: [
      { dest: "router", metavar: "<router>", help: add ? `Router to which ${what} will be added (name or ID)` : `Router from which the ${what} will be removed (name or ID)` },
      { dest: what, metavar: `<${what}>`, help: add ? `${what === "port" ? "Port" : "Subnet"} to be added (name or ID)` : what === "port" ? "Port to be removed and deleted (name or ID)" : "Subnet to be removed (name or ID)" },
    ],
    run(a, ctx) {
      const target = what === "subnet" ? S.findSubnet(ctx.draft, ctx.auth, str(a, "subnet") ?? "") : S.findPort(ctx.draft, ctx.auth, str(a, "port") ?? "");
      return then(target as Result<{ id: string }, CloudError>, (t) => then(S.findRouter(ctx.draft, ctx.auth, str(a, "router") ?? ""), (r) => {
        const ref = what === "subnet" ? { subnetId: t.id } : { portId: t.id };
        if (add) return then(S.addRouterInterface(ctx.draft, ctx.auth, r.id, ref), none);
        return then(S.removeRouterInterface(ctx.draft, ctx.auth, r.id, ref), none);
      }));
    },
  };
}

const routerCommands: CommandSpec[] = [
  routerInterfaceCommand("add", "port"), routerInterfaceCommand("add", "subnet"),
  {
    words: ["router", "create"], description: "Create a new router", output: "show",
    options: [
      extraPropertyOpt,
      opt.flag("--enable", "Enable router (default)"), opt.flag("--disable", "Disable router"),
      opt.flag("--distributed", "Create a distributed router"), opt.flag("--centralized", "Create a centralized router"),
      opt.flag("--ha", "Create a highly available router"), opt.flag("--no-ha", "Create a legacy router"),
      opt.value("--description", "<description>", "Set router description"),
      opt.value("--project", "<project>", "Owner's project (name or ID)"), projectDomainOpt,
      opt.repeat("--availability-zone-hint", "<availability-zone>", "Availability Zone in which to create this router (Router Availability Zone extension required, repeat option to set multiple availability zones)", { dest: "availabilityZoneHints" }),
      ...tagOpts("router"),
      ...gatewayOptions("set"),
      opt.value("--flavor", "<flavor-id>", "Associate the router to a flavor (by name or ID)"),
    ],
    positionals: [{ dest: "name", metavar: "<name>", help: "New router name" }],
    exclusive: [{ dests: ["enable", "disable"] }, { dests: ["distributed", "centralized"] }, { dests: ["ha", "noHa"] }, { dests: ["enableSnat", "disableSnat"] }, { dests: ["tags", "noTag"] }],
    run(a, ctx) {
      if (a.distributed || a.centralized || a.ha || a.noHa) {
        // ML2/OVN routers are distributed by design; the l3-ha and dvr extensions are not loaded.
        return err(apiError(ctx.draft, 400, "routers", `Unrecognized attribute(s) '${a.distributed || a.centralized ? "distributed" : "ha"}'`));
      }
      if (str(a, "flavor") !== null) return err({ code: "cloud/NotFound", message: `No Flavor found for ${str(a, "flavor")}` });
      return then(projectId(ctx, a), (pid) => then(gatewayFrom(ctx, a), (gw) =>
        then(S.createRouter(ctx.draft, ctx.auth, {
          name: str(a, "name") ?? "", ...(pid ? { projectId: pid } : {}), adminStateUp: !a.disable, description: str(a, "description") ?? "",
          availabilityZoneHints: list(a, "availabilityZoneHints"), tags: list(a, "tags"), ...(gw ? { externalGateway: gw } : {}),
        }), (r) => ok(F.routerFields(ctx.draft, r)))));
    },
  },
  {
    words: ["router", "delete"], description: "Delete router(s)", output: "none",
    positionals: [{ dest: "router", metavar: "<router>", nargs: "+", help: "Router(s) to delete (name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "router"), { singular: "router", plural: "routers" }, ctx.requestId, (n) => {
        const r = S.findRouter(ctx.draft, ctx.auth, n);
        return r.ok ? S.deleteRouter(ctx.draft, ctx.auth, r.value.id) : r;
      }));
    },
  },
  {
    words: ["router", "list"], description: "List routers", output: "list",
    options: [
      opt.value("--name", "<name>", "List routers according to their name"),
      opt.flag("--enable", "List enabled routers"), opt.flag("--disable", "List disabled routers"),
      opt.flag("--long", "List additional fields in output"),
      opt.value("--project", "<project>", "List routers according to their project (name or ID)"), projectDomainOpt,
      opt.value("--agent", "<agent-id>", "List routers hosted by an agent (ID only)"),
      opt.repeat("--tags", "<tag>[,<tag>,...]", "List routers which have all given tag(s) (Comma-separated list of tags)", { dest: "filterTags" }),
    ],
    exclusive: [{ dests: ["enable", "disable"] }],
    run(a, ctx) {
      return then(projectId(ctx, a), (pid) => {
        const want = list(a, "filterTags").flatMap((t) => t.split(","));
        const rows = visibleList(ctx, ctx.draft.list("routers")).filter((r) =>
          (str(a, "name") === null || r.name === str(a, "name")) && (!a.enable || r.adminStateUp) && (!a.disable || !r.adminStateUp) &&
          (pid === undefined || r.projectId === pid) && want.every((t) => r.tags.includes(t))).sort(byCreation);
        const columns = ["ID", "Name", "Status", "State", "Project"];
        const base = (r: (typeof rows)[number]): Value[] => [r.id, r.name, r.status, F.adminState(r.adminStateUp), r.projectId];
        if (a.long) {
          return ok({
            kind: "list", columns: [...columns, "Routes", "External gateway info", "Availability zones", "Tags"],
            rows: rows.map((r): Value[] => [...base(r), F.routesColumn(r), F.routerInfoColumn(F.gatewayInfo(r)), listColumn([]), listColumn(r.tags)]),
          });
        }
        return ok({ kind: "list", columns, rows: rows.map(base) });
      });
    },
  },
  routerInterfaceCommand("remove", "port"), routerInterfaceCommand("remove", "subnet"),
  {
    words: ["router", "set"], description: "Set router properties", output: "none",
    options: [
      extraPropertyOpt,
      opt.value("--name", "<name>", "Set router name"), opt.value("--description", "<description>", "Set router description"),
      opt.flag("--enable", "Enable router"), opt.flag("--disable", "Disable router"),
      opt.flag("--distributed", "Set router to distributed mode (disabled router only)"), opt.flag("--centralized", "Set router to centralized mode (disabled router only)"),
      opt.repeat("--route", "destination=<subnet>,gateway=<ip-address>", "Add routes to the router destination: destination subnet (in CIDR notation) gateway: nexthop IP address (repeat option to add multiple routes). This is deprecated in favor of 'router add/remove route' since it is prone to race conditions between concurrent clients when not used together with --no-route to overwrite the current value of 'routes'.", { dest: "routes" }),
      opt.flag("--no-route", "Clear routes associated with the router. Specify both --route and --no-route to overwrite current value of routes."),
      opt.flag("--ha", "Set the router as highly available (disabled router only)"), opt.flag("--no-ha", "Clear high availability attribute of the router (disabled router only)"),
      ...gatewayOptions("set"),
      opt.value("--qos-policy", "<qos-policy>", "Attach QoS policy to router gateway IPs"), opt.flag("--no-qos-policy", "Remove QoS policy from router gateway IPs"),
      opt.repeat("--tag", "<tag>", "Tag to be added to the router (repeat option to set multiple tags)", { dest: "tags" }),
      opt.flag("--no-tag", "Clear tags associated with the router. Specify both --tag and --no-tag to overwrite current tags"),
    ],
    positionals: [{ dest: "router", metavar: "<router>", help: "Router to modify (name or ID)" }],
    exclusive: [{ dests: ["enable", "disable"] }, { dests: ["distributed", "centralized"] }, { dests: ["ha", "noHa"] }, { dests: ["enableSnat", "disableSnat"] }, { dests: ["qosPolicy", "noQosPolicy"] }],
    run(a, ctx) {
      return then(S.findRouter(ctx.draft, ctx.auth, str(a, "router") ?? ""), (r) => then(routesFrom(list(a, "routes"), "--route"), (routes) => then(gatewayFrom(ctx, a), (gw) => {
        if (a.distributed || a.centralized || a.ha || a.noHa) {
          return err(apiError(ctx.draft, 400, `routers/${r.id}`, `Unrecognized attribute(s) '${a.distributed || a.centralized ? "distributed" : "ha"}'`));
        }
        const patch: S.RouterPatch = {
          ...(str(a, "name") !== null ? { name: str(a, "name") ?? "" } : {}), ...(str(a, "description") !== null ? { description: str(a, "description") ?? "" } : {}),
          ...(a.enable ? { adminStateUp: true } : a.disable ? { adminStateUp: false } : {}),
          ...(routes.length > 0 || a.noRoute ? { routes: [...routes, ...(a.noRoute ? [] : r.routes)] } : {}),
          ...(list(a, "tags").length > 0 || a.noTag ? { tags: [...new Set([...(a.noTag ? [] : r.tags), ...list(a, "tags")])] } : {}),
        };
        if (gw) {
          const g = S.setRouterExternalGateway(ctx.draft, ctx.auth, r.id, gw);
          if (!g.ok) return g;
        }
        if (Object.keys(patch).length === 0) return none();
        return then(S.updateRouter(ctx.draft, ctx.auth, r.id, patch), none);
      })));
    },
  },
  {
    words: ["router", "show"], description: "Display router details", output: "show",
    positionals: [{ dest: "router", metavar: "<router>", help: "Router to display (name or ID)" }],
    run(a, ctx) {
      return then(S.findRouter(ctx.draft, ctx.auth, str(a, "router") ?? ""), (r) => ok(F.routerFields(ctx.draft, r)));
    },
  },
  {
    words: ["router", "unset"], description: "Unset router properties", output: "none",
    options: [
      extraPropertyOpt,
      opt.repeat("--route", "destination=<subnet>,gateway=<ip-address>", "Routes to be removed from the router destination: destination subnet (in CIDR notation) gateway: nexthop IP address (repeat option to unset multiple routes)", { dest: "routes" }),
      opt.flag("--external-gateway", "Remove external gateway information from the router"),
      opt.flag("--qos-policy", "Remove QoS policy from router gateway IPs"),
      opt.repeat("--tag", "<tag>", "Tag to be removed from the router (repeat option to remove multiple tags)", { dest: "tags" }),
      opt.flag("--all-tag", "Clear all tags associated with the router"),
    ],
    positionals: [{ dest: "router", metavar: "<router>", help: "Router to modify (name or ID)" }],
    exclusive: [{ dests: ["tags", "allTag"] }],
    run(a, ctx) {
      return then(S.findRouter(ctx.draft, ctx.auth, str(a, "router") ?? ""), (r) => then(routesFrom(list(a, "routes"), "--route"), (routes) => {
        for (const rt of routes) {
          if (!r.routes.some((x) => x.destination === rt.destination && x.nexthop === rt.nexthop)) {
            return err(commandError(`Router does not contain route {'destination': '${rt.destination}', 'nexthop': '${rt.nexthop}'}`));
          }
        }
        if (a.qosPolicy) return err(commandError("Router does not have external network or qos policy"));
        if (a.externalGateway) {
          const c = S.clearRouterExternalGateway(ctx.draft, ctx.auth, r.id);
          if (!c.ok) return c;
        }
        const fresh = ctx.draft.get("routers", r.id) ?? r;
        const patch: S.RouterPatch = {
          ...(routes.length > 0 ? { routes: fresh.routes.filter((x) => !routes.some((y) => y.destination === x.destination && y.nexthop === x.nexthop)) } : {}),
          ...(a.allTag ? { tags: [] } : list(a, "tags").length > 0 ? { tags: fresh.tags.filter((t) => !list(a, "tags").includes(t)) } : {}),
        };
        if (Object.keys(patch).length === 0) return none();
        return then(S.updateRouter(ctx.draft, ctx.auth, r.id, patch), none);
      }));
    },
  },
];

// ------------------------------------------------------------------ floating ip

const floatingIpCommands: CommandSpec[] = [
  {
    words: ["floating", "ip", "create"], description: "Create floating IP", output: "show",
    options: [
      extraPropertyOpt,
      opt.value("--subnet", "<subnet>", "Subnet on which you want to create the floating IP (name or ID)"),
      opt.value("--port", "<port>", "Port to be associated with the floating IP (name or ID)"),
      opt.value("--floating-ip-address", "<ip-address>", "Floating IP address"),
      opt.value("--fixed-ip-address", "<ip-address>", "Fixed IP address mapped to the floating IP"),
      opt.value("--qos-policy", "<qos-policy>", "Attach QoS policy to the floating IP (name or ID)"),
      opt.value("--description", "<description>", "Set floating IP description"),
      opt.value("--project", "<project>", "Owner's project (name or ID)"),
      opt.value("--dns-domain", "<dns-domain>", "Set DNS domain for this floating IP"),
      opt.value("--dns-name", "<dns-name>", "Set DNS name for this floating IP"),
      projectDomainOpt,
      ...tagOpts("floating IP"),
    ],
    positionals: [{ dest: "network", metavar: "<network>", help: "Network to allocate floating IP from (name or ID)" }],
    exclusive: [{ dests: ["tags", "noTag"] }],
    run(a, ctx) {
      return then(S.findNetwork(ctx.draft, ctx.auth, str(a, "network") ?? ""), (net) => then(projectId(ctx, a), (pid) => {
        let subnetId: string | undefined;
        let portId: string | undefined;
        if (str(a, "subnet") !== null) {
          const s = S.findSubnet(ctx.draft, ctx.auth, str(a, "subnet") ?? "");
          if (!s.ok) return s;
          subnetId = s.value.id;
        }
        if (str(a, "port") !== null) {
          const p = S.findPort(ctx.draft, ctx.auth, str(a, "port") ?? "");
          if (!p.ok) return p;
          portId = p.value.id;
        }
        return then(S.createFloatingIp(ctx.draft, ctx.auth, {
          networkId: net.id, ...(pid ? { projectId: pid } : {}), ...(subnetId ? { subnetId } : {}), ...(portId ? { portId } : {}),
          ...(str(a, "floatingIpAddress") !== null ? { floatingIpAddress: str(a, "floatingIpAddress") ?? "" } : {}),
          ...(str(a, "fixedIpAddress") !== null ? { fixedIpAddress: str(a, "fixedIpAddress") ?? "" } : {}),
          description: str(a, "description") ?? "", tags: list(a, "tags"),
        }), (f) => ok(F.floatingIpFields(f)));
      }));
    },
  },
  {
    words: ["floating", "ip", "delete"], description: "Delete floating IP(s)", output: "none",
    positionals: [{ dest: "floatingIp", metavar: "<floating-ip>", nargs: "+", help: "Floating IP(s) to delete (IP address or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "floatingIp"), { singular: "floating_ip", plural: "floating_ips", by: "name or ID" }, ctx.requestId, (n) => {
        const f = S.findFloatingIp(ctx.draft, ctx.auth, n);
        return f.ok ? S.deleteFloatingIp(ctx.draft, ctx.auth, f.value.id) : f;
      }));
    },
  },
  {
    words: ["floating", "ip", "list"], description: "List floating IP(s)", output: "list",
    options: [
      opt.value("--network", "<network>", "List floating IP(s) according to given network (name or ID)"),
      opt.value("--port", "<port>", "List floating IP(s) according to given port (name or ID)"),
      opt.value("--fixed-ip-address", "<ip-address>", "List floating IP(s) according to given fixed IP address"),
      opt.value("--floating-ip-address", "<ip-address>", "List floating IP(s) according to given floating IP address"),
      opt.flag("--long", "List additional fields in output"),
      opt.value("--status", "<status>", "List floating IP(s) according to given status ('ACTIVE', 'DOWN')", { choices: ["ACTIVE", "DOWN"] }),
      opt.value("--project", "<project>", "List floating IP(s) according to given project (name or ID)"), projectDomainOpt,
      opt.value("--router", "<router>", "List floating IP(s) according to given router (name or ID)"),
      opt.repeat("--tags", "<tag>[,<tag>,...]", "List floating IP which have all given tag(s) (Comma-separated list of tags)", { dest: "filterTags" }),
    ],
    run(a, ctx) {
      let networkId: string | null = null;
      let portId: string | null = null;
      let routerId: string | null = null;
      if (str(a, "network") !== null) { const n = S.findNetwork(ctx.draft, ctx.auth, str(a, "network") ?? ""); if (!n.ok) return n; networkId = n.value.id; }
      if (str(a, "port") !== null) { const p = S.findPort(ctx.draft, ctx.auth, str(a, "port") ?? ""); if (!p.ok) return p; portId = p.value.id; }
      if (str(a, "router") !== null) { const r = S.findRouter(ctx.draft, ctx.auth, str(a, "router") ?? ""); if (!r.ok) return r; routerId = r.value.id; }
      return then(projectId(ctx, a), (pid) => {
        const want = list(a, "filterTags").flatMap((t) => t.split(","));
        const rows = visibleList(ctx, ctx.draft.list("floatingIps")).filter((f) =>
          (networkId === null || f.floatingNetworkId === networkId) && (portId === null || f.portId === portId) && (routerId === null || f.routerId === routerId) &&
          (str(a, "fixedIpAddress") === null || f.fixedIpAddress === str(a, "fixedIpAddress")) &&
          (str(a, "floatingIpAddress") === null || f.floatingIpAddress === str(a, "floatingIpAddress")) &&
          (str(a, "status") === null || f.status === str(a, "status")) && (pid === undefined || f.projectId === pid) && want.every((t) => f.tags.includes(t))).sort(byCreation);
        const columns = ["ID", "Floating IP Address", "Fixed IP Address", "Port", "Floating Network", "Project"];
        const base = (f: (typeof rows)[number]): Value[] => [f.id, f.floatingIpAddress, f.fixedIpAddress, f.portId, f.floatingNetworkId, f.projectId];
        if (a.long) {
          return ok({
            kind: "list", columns: [...columns, "Router", "Status", "Description", "Tags", "DNS Name", "DNS Domain"],
            rows: rows.map((f): Value[] => [...base(f), f.routerId, f.status, f.description, listColumn(f.tags), null, null]),
          });
        }
        return ok({ kind: "list", columns, rows: rows.map(base) });
      });
    },
  },
  {
    words: ["floating", "ip", "set"], description: "Set floating IP Properties", output: "none",
    options: [
      opt.value("--port", "<port>", "Associate the floating IP with port (name or ID)"),
      opt.value("--fixed-ip-address", "<ip-address>", "Fixed IP of the port (required only if port has multiple IPs)"),
      opt.value("--description", "<description>", "Set floating IP description"),
      opt.value("--qos-policy", "<qos-policy>", "Attach QoS policy to the floating IP (name or ID)"), opt.flag("--no-qos-policy", "Remove the QoS policy attached to the floating IP"),
      opt.repeat("--tag", "<tag>", "Tag to be added to the floating IP (repeat option to set multiple tags)", { dest: "tags" }),
      opt.flag("--no-tag", "Clear tags associated with the floating IP. Specify both --tag and --no-tag to overwrite current tags"),
    ],
    positionals: [{ dest: "floatingIp", metavar: "<floating-ip>", help: "Floating IP to modify (IP address or ID)" }],
    exclusive: [{ dests: ["qosPolicy", "noQosPolicy"] }],
    run(a, ctx) {
      return then(S.findFloatingIp(ctx.draft, ctx.auth, str(a, "floatingIp") ?? ""), (f) => {
        if (str(a, "port") !== null) {
          const p = S.findPort(ctx.draft, ctx.auth, str(a, "port") ?? "");
          if (!p.ok) return p;
          const r = S.associateFloatingIp(ctx.draft, ctx.auth, f.id, p.value.id, str(a, "fixedIpAddress") ?? undefined);
          if (!r.ok) return r;
        }
        const current = ctx.draft.get("floatingIps", f.id) ?? f;
        const patch: Partial<typeof f> = {
          ...(str(a, "description") !== null ? { description: str(a, "description") ?? "" } : {}),
          ...(list(a, "tags").length > 0 || a.noTag ? { tags: [...new Set([...(a.noTag ? [] : current.tags), ...list(a, "tags")])] } : {}),
        };
        if (Object.keys(patch).length > 0) {
          if (!S.canWrite(ctx.auth, f.projectId)) return err(S.refuse(ctx.draft, `floatingips/${f.id}`, "update_floatingip"));
          ctx.draft.update("floatingIps", f.id, { ...patch, revisionNumber: current.revisionNumber + 1, updatedAt: ctx.draft.now });
        }
        return none();
      });
    },
  },
  {
    words: ["floating", "ip", "show"], description: "Display floating IP details", output: "show",
    positionals: [{ dest: "floatingIp", metavar: "<floating-ip>", help: "Floating IP to display (IP address or ID)" }],
    run(a, ctx) {
      return then(S.findFloatingIp(ctx.draft, ctx.auth, str(a, "floatingIp") ?? ""), (f) => ok(F.floatingIpFields(f)));
    },
  },
  {
    words: ["floating", "ip", "unset"], description: "Unset floating IP Properties", output: "none",
    options: [
      opt.flag("--port", "Disassociate any port associated with the floating IP"),
      opt.flag("--qos-policy", "Remove the QoS policy attached to the floating IP"),
      opt.repeat("--tag", "<tag>", "Tag to be removed from the floating IP (repeat option to remove multiple tags)", { dest: "tags" }),
      opt.flag("--all-tag", "Clear all tags associated with the floating IP"),
    ],
    positionals: [{ dest: "floatingIp", metavar: "<floating-ip>", help: "Floating IP to disassociate (IP address or ID)" }],
    exclusive: [{ dests: ["tags", "allTag"] }],
    run(a, ctx) {
      return then(S.findFloatingIp(ctx.draft, ctx.auth, str(a, "floatingIp") ?? ""), (f) => {
        if (a.port) {
          const r = S.disassociateFloatingIp(ctx.draft, ctx.auth, f.id);
          if (!r.ok) return r;
        }
        if (a.allTag || list(a, "tags").length > 0) {
          const cur = ctx.draft.get("floatingIps", f.id) ?? f;
          ctx.draft.update("floatingIps", f.id, { tags: a.allTag ? [] : cur.tags.filter((t) => !list(a, "tags").includes(t)) });
        }
        return none();
      });
    },
  },
];

// ------------------------------------------------------------------ security group and rules

const securityGroupCommands: CommandSpec[] = [
  {
    words: ["security", "group", "create"], description: "Create a new security group", output: "show",
    options: [
      extraPropertyOpt,
      opt.value("--description", "<description>", "Security group description"),
      opt.value("--project", "<project>", "Owner's project (name or ID)"),
      opt.flag("--stateful", "Security group is stateful (Default)"), opt.flag("--stateless", "Security group is stateless"),
      projectDomainOpt, ...tagOpts("security group"),
    ],
    positionals: [{ dest: "name", metavar: "<name>", help: "New security group name" }],
    exclusive: [{ dests: ["stateful", "stateless"] }, { dests: ["tags", "noTag"] }],
    run(a, ctx) {
      return then(projectId(ctx, a), (pid) => then(S.createSecurityGroup(ctx.draft, ctx.auth, {
        name: str(a, "name") ?? "", description: str(a, "description") ?? (str(a, "name") ?? ""), ...(pid ? { projectId: pid } : {}), stateful: !a.stateless, tags: list(a, "tags"),
      }), (g) => ok(F.securityGroupFields(ctx.draft, g))));
    },
  },
  {
    words: ["security", "group", "delete"], description: "Delete security group(s)", output: "none",
    positionals: [{ dest: "group", metavar: "<group>", nargs: "+", help: "Security group(s) to delete (name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "group"), { singular: "group", plural: "groups" }, ctx.requestId, (n) => {
        const g = S.findSecurityGroup(ctx.draft, ctx.auth, n);
        return g.ok ? S.deleteSecurityGroup(ctx.draft, ctx.auth, g.value.id) : g;
      }));
    },
  },
  {
    words: ["security", "group", "list"], description: "List security groups", output: "list",
    options: [
      opt.value("--project", "<project>", "List security groups according to the project (name or ID)"), projectDomainOpt,
      opt.flag("--all-projects", "Display information from all projects (deprecated; this is now the default for admins)"),
      opt.repeat("--tags", "<tag>[,<tag>,...]", "List security group which have all given tag(s) (Comma-separated list of tags)", { dest: "filterTags" }),
    ],
    run(a, ctx) {
      // Listing is a project's first contact with neutron's security groups: its `default` group appears.
      if (S.canWrite(ctx.auth, ctx.auth.projectId) || ctx.auth.roles.includes("reader")) S.ensureDefaultSecurityGroup(ctx.draft, ctx.auth.projectId);
      return then(projectId(ctx, a), (pid) => {
        const want = list(a, "filterTags").flatMap((t) => t.split(","));
        const rows = ctx.draft.list("securityGroups").filter((g) => S.securityGroupVisible(ctx.draft, ctx.auth, g))
          .filter((g) => (pid === undefined || g.projectId === pid) && want.every((t) => g.tags.includes(t))).sort(byCreation);
        return ok({ kind: "list", columns: ["ID", "Name", "Description", "Project", "Tags"], rows: rows.map((g): Value[] => [g.id, g.name, g.description, g.projectId, listColumn(g.tags)]) });
      });
    },
  },
  {
    words: ["security", "group", "set"], description: "Set security group properties", output: "none",
    options: [
      extraPropertyOpt,
      opt.value("--name", "<new-name>", "New security group name"), opt.value("--description", "<description>", "New security group description"),
      opt.flag("--stateful", "Security group is stateful (Default)"), opt.flag("--stateless", "Security group is stateless"),
      opt.repeat("--tag", "<tag>", "Tag to be added to the security group (repeat option to set multiple tags)", { dest: "tags" }),
      opt.flag("--no-tag", "Clear tags associated with the security group. Specify both --tag and --no-tag to overwrite current tags"),
    ],
    positionals: [{ dest: "group", metavar: "<group>", help: "Security group to modify (name or ID)" }],
    exclusive: [{ dests: ["stateful", "stateless"] }],
    run(a, ctx) {
      return then(S.findSecurityGroup(ctx.draft, ctx.auth, str(a, "group") ?? ""), (g) => then(S.updateSecurityGroup(ctx.draft, ctx.auth, g.id, {
        ...(str(a, "name") !== null ? { name: str(a, "name") ?? "" } : {}), ...(str(a, "description") !== null ? { description: str(a, "description") ?? "" } : {}),
        ...(a.stateful ? { stateful: true } : a.stateless ? { stateful: false } : {}),
        ...(list(a, "tags").length > 0 || a.noTag ? { tags: [...new Set([...(a.noTag ? [] : g.tags), ...list(a, "tags")])] } : {}),
      }), none));
    },
  },
  {
    words: ["security", "group", "show"], description: "Display security group details", output: "show",
    positionals: [{ dest: "group", metavar: "<group>", help: "Security group to display (name or ID)" }],
    run(a, ctx) {
      return then(S.findSecurityGroup(ctx.draft, ctx.auth, str(a, "group") ?? ""), (g) => ok(F.securityGroupFields(ctx.draft, g)));
    },
  },
  {
    words: ["security", "group", "unset"], description: "Unset security group properties", output: "none",
    options: [
      opt.repeat("--tag", "<tag>", "Tag to be removed from the security group (repeat option to remove multiple tags)", { dest: "tags" }),
      opt.flag("--all-tag", "Clear all tags associated with the security group"),
    ],
    positionals: [{ dest: "group", metavar: "<group>", help: "Security group to modify (name or ID)" }],
    exclusive: [{ dests: ["tags", "allTag"] }],
    run(a, ctx) {
      return then(S.findSecurityGroup(ctx.draft, ctx.auth, str(a, "group") ?? ""), (g) => {
        if (!a.allTag && list(a, "tags").length === 0) return none();
        return then(S.updateSecurityGroup(ctx.draft, ctx.auth, g.id, { tags: a.allTag ? [] : g.tags.filter((t) => !list(a, "tags").includes(t)) }), none);
      });
    },
  },
  {
    words: ["security", "group", "rule", "create"], description: "Create a new security group rule", output: "show",
    options: [
      extraPropertyOpt,
      opt.value("--remote-ip", "<ip-address>", "Remote IP address block (may use CIDR notation; default for IPv4 rule: 0.0.0.0/0, default for IPv6 rule: ::/0)"),
      opt.value("--remote-group", "<group>", "Remote security group (name or ID)"),
      opt.value("--remote-address-group", "<group>", "Remote address group (name or ID)"),
      opt.value("--dst-port", "<port-range>", "Destination port, may be a single port or a starting and ending port range: 137:139. Required for IP protocols TCP and UDP. Ignored for ICMP IP protocols.", { check: rangeCheck }),
      opt.value("--protocol", "<protocol>", "IP protocol (ah, dccp, egp, esp, gre, icmp, igmp, ipv6-encap, ipv6-frag, ipv6-icmp, ipv6-nonxt, ipv6-opts, ipv6-route, ospf, pgm, rsvp, sctp, tcp, udp, udplite, vrrp and integer representations [0-255] or any; default: any (all protocols))"),
      opt.value("--description", "<description>", "Set security group rule description"),
      opt.value("--icmp-type", "<icmp-type>", "ICMP type for ICMP IP protocols"),
      opt.value("--icmp-code", "<icmp-code>", "ICMP code for ICMP IP protocols"),
      opt.flag("--ingress", "Rule applies to incoming network traffic (default)"), opt.flag("--egress", "Rule applies to outgoing network traffic"),
      opt.value("--ethertype", "<ethertype>", "Ethertype of network traffic (IPv4, IPv6; default: based on IP protocol)", { choices: ["IPv4", "IPv6"] }),
      opt.value("--project", "<project>", "Owner's project (name or ID)"), projectDomainOpt,
    ],
    positionals: [{ dest: "group", metavar: "<group>", help: "Create rule in this security group (name or ID)" }],
    exclusive: [{ dests: ["remoteIp", "remoteGroup", "remoteAddressGroup"] }, { dests: ["ingress", "egress"] }],
    run(a, ctx) {
      return then(S.findSecurityGroup(ctx.draft, ctx.auth, str(a, "group") ?? ""), (g) => then(projectId(ctx, a), (pid) => {
        const protocol = str(a, "protocol");
        const icmp = protocol !== null && ["icmp", "ipv6-icmp", "icmpv6", "1", "58"].includes(protocol.toLowerCase());
        let min: number | null = null;
        let max: number | null = null;
        const dst = str(a, "dstPort");
        if (dst !== null && !icmp) {
          const m = /^(\d+)(?::(\d+))?$/.exec(dst);
          if (!m) return err(commandError(`argument --dst-port: Invalid range, '${dst}' is not a valid integer range`));
          min = Number(m[1]);
          max = m[2] !== undefined ? Number(m[2]) : min;
          if (min > max) return err(commandError(`argument --dst-port: Invalid range, ${min} is not less than ${max}`));
        }
        if (str(a, "icmpType") !== null || str(a, "icmpCode") !== null) {
          if (!icmp) return err(commandError("--icmp-type and --icmp-code are only supported for ICMP protocols"));
          min = str(a, "icmpType") !== null ? Number(str(a, "icmpType")) : null;
          max = str(a, "icmpCode") !== null ? Number(str(a, "icmpCode")) : null;
        }
        let ethertype = (str(a, "ethertype") as "IPv4" | "IPv6" | null) ?? null;
        // OSC's _is_ipv6_protocol picks IPv6 for the ipv6-* protocols and their numbers.
        if (ethertype === null) ethertype = protocol !== null && (protocol.toLowerCase().startsWith("ipv6-") || ["icmpv6", "41", "43", "44", "58", "59", "60"].includes(protocol.toLowerCase())) ? "IPv6" : "IPv4";
        let remoteGroupId: string | null = null;
        if (str(a, "remoteGroup") !== null) {
          const rg = S.findSecurityGroup(ctx.draft, ctx.auth, str(a, "remoteGroup") ?? "");
          if (!rg.ok) return rg;
          remoteGroupId = rg.value.id;
        }
        if (str(a, "remoteAddressGroup") !== null) return err({ code: "cloud/NotFound", message: `No AddressGroup found for ${str(a, "remoteAddressGroup")}` });
        // OSC fills in "everywhere" when neither a remote group nor a remote IP is given.
        const remoteIp = str(a, "remoteIp") ?? (remoteGroupId === null ? (ethertype === "IPv4" ? "0.0.0.0/0" : "::/0") : null);
        return then(S.createSecurityGroupRule(ctx.draft, ctx.auth, {
          securityGroupId: g.id, direction: a.egress ? "egress" : "ingress", ethertype, protocol: protocol === null || protocol.toLowerCase() === "any" ? null : protocol.toLowerCase(),
          portRangeMin: min, portRangeMax: max, remoteIpPrefix: remoteIp, remoteGroupId, description: str(a, "description") ?? "",
          ...(pid ? { projectId: pid } : {}),
        }), (r) => ok(F.ruleFields(r)));
      }));
    },
  },
  {
    words: ["security", "group", "rule", "delete"], description: "Delete security group rule(s)", output: "none",
    positionals: [{ dest: "rule", metavar: "<rule>", nargs: "+", help: "Security group rule(s) to delete (ID only)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "rule"), { singular: "rule", plural: "rules", by: "name or ID" }, ctx.requestId, (n) => {
        const r = S.findSecurityGroupRule(ctx.draft, ctx.auth, n);
        return r.ok ? S.deleteSecurityGroupRule(ctx.draft, ctx.auth, r.value.id) : r;
      }));
    },
  },
  {
    words: ["security", "group", "rule", "list"], description: "List security group rules", output: "list",
    options: [
      opt.value("--protocol", "<protocol>", "List rules by the IP protocol (ah, dhcp, egp, esp, gre, icmp, igmp, ipv6-encap, ipv6-frag, ipv6-icmp, ipv6-nonxt, ipv6-opts, ipv6-route, ospf, pgm, rsvp, sctp, tcp, udp, udplite, vrrp and integer representations [0-255] or any; default: any (all protocols))"),
      opt.value("--ethertype", "<ethertype>", "List rules by the Ethertype (IPv4 or IPv6)", { choices: ["IPv4", "IPv6"] }),
      opt.flag("--ingress", "List only rules applied to incoming network traffic"), opt.flag("--egress", "List only rules applied to outgoing network traffic"),
      opt.flag("--long", "**Deprecated** This argument is no longer needed"),
      opt.value("--project", "<project>", "List rules according to the project (name or ID)"), projectDomainOpt,
      opt.flag("--all-projects", "Display information from all projects (deprecated; this is now the default for admins)"),
    ],
    positionals: [{ dest: "group", metavar: "<group>", nargs: "?", help: "List all rules in this security group (name or ID)" }],
    exclusive: [{ dests: ["ingress", "egress"] }],
    run(a, ctx) {
      let groupId: string | null = null;
      if (str(a, "group") !== null) {
        const g = S.findSecurityGroup(ctx.draft, ctx.auth, str(a, "group") ?? "");
        if (!g.ok) return g;
        groupId = g.value.id;
      }
      return then(projectId(ctx, a), (pid) => {
        const protocol = str(a, "protocol")?.toLowerCase() ?? null;
        const rules = visibleList(ctx, ctx.draft.list("securityGroupRules")).filter((r: SecurityGroupRule) =>
          (groupId === null || r.securityGroupId === groupId) && (pid === undefined || r.projectId === pid) &&
          (protocol === null || protocol === "any" || r.protocol === protocol) && (str(a, "ethertype") === null || r.ethertype === str(a, "ethertype")) &&
          (!a.ingress || r.direction === "ingress") && (!a.egress || r.direction === "egress")).sort(byCreation);
        const columns = ["ID", "IP Protocol", "Ethertype", "IP Range", "Port Range", "Direction", "Remote Security Group", "Remote Address Group"];
        const row = (r: SecurityGroupRule): Value[] => [r.id, r.protocol, r.ethertype, F.ipRangeText(r), F.portRangeText(r), r.direction, r.remoteGroupId, r.remoteAddressGroupId];
        if (groupId !== null) return ok({ kind: "list", columns, rows: rules.map(row) });
        return ok({ kind: "list", columns: [...columns, "Security Group"], rows: rules.map((r) => [...row(r), r.securityGroupId]) });
      });
    },
  },
  {
    words: ["security", "group", "rule", "show"], description: "Display security group rule details", output: "show",
    positionals: [{ dest: "rule", metavar: "<rule>", help: "Security group rule to display (ID only)" }],
    run(a, ctx) {
      return then(S.findSecurityGroupRule(ctx.draft, ctx.auth, str(a, "rule") ?? ""), (r) => ok(F.ruleFields(r)));
    },
  },
];

// ------------------------------------------------------------------ rbac, agents, ip availability

const RBAC_TYPES = ["address_group", "address_scope", "security_group", "subnetpool", "qos_policy", "network"] as const;

const rbacCommands: CommandSpec[] = [
  {
    words: ["network", "rbac", "create"], description: "Create network RBAC policy", output: "show",
    options: [
      opt.value("--type", "<type>", "Type of the object that RBAC policy affects (\"address_group\", \"address_scope\", \"security_group\", \"subnetpool\", \"qos_policy\" or \"network\")", { required: true, choices: RBAC_TYPES }),
      opt.value("--action", "<action>", "Action for the RBAC policy (\"access_as_external\" or \"access_as_shared\")", { required: true, choices: ["access_as_external", "access_as_shared"] }),
      opt.value("--target-project", "<target-project>", "The project to which the RBAC policy will be enforced (name or ID)"),
      opt.flag("--target-all-projects", "Allow creating RBAC policy for all projects."),
      opt.value("--target-project-domain", "<target-project-domain>", "Domain the target project belongs to (name or ID). This can be used in case collisions between project names exist."),
      opt.value("--project", "<project>", "The owner project (name or ID)"), projectDomainOpt,
    ],
    positionals: [{ dest: "rbacObject", metavar: "<rbac-object>", help: "The object to which this RBAC policy affects (name or ID)" }],
    exclusive: [{ dests: ["targetProject", "targetAllProjects"], required: true }],
    run(a, ctx) {
      const type = str(a, "type") as (typeof RBAC_TYPES)[number];
      const name = str(a, "rbacObject") ?? "";
      let objectId: string;
      if (type === "network") {
        const n = S.findNetwork(ctx.draft, ctx.auth, name);
        if (!n.ok) return n;
        objectId = n.value.id;
      } else if (type === "security_group") {
        const g = S.findSecurityGroup(ctx.draft, ctx.auth, name);
        if (!g.ok) return g;
        objectId = g.value.id;
      } else {
        const cls = { address_group: "AddressGroup", address_scope: "AddressScope", subnetpool: "SubnetPool", qos_policy: "QoSPolicy" }[type];
        if (type === "subnetpool") {
          const sp = S.findSubnetPool(ctx.draft, ctx.auth, name);
          if (!sp.ok) return sp;
          objectId = sp.value.id;
        } else return err({ code: "cloud/NotFound", message: `No ${cls} found for ${name}` });
      }
      let target = "*";
      if (!a.targetAllProjects) {
        const p = findProject(ctx.draft, str(a, "targetProject") ?? "", str(a, "targetProjectDomain"));
        if (!p.ok) return p;
        target = p.value.id;
      }
      return then(projectId(ctx, a), (pid) => then(S.createRbacPolicy(ctx.draft, ctx.auth, {
        objectType: type, objectId, action: str(a, "action") as "access_as_shared" | "access_as_external", targetProjectId: target, ...(pid ? { projectId: pid } : {}),
      }), (r) => ok(F.rbacFields(r))));
    },
  },
  {
    words: ["network", "rbac", "delete"], description: "Delete network RBAC policy(s)", output: "none",
    positionals: [{ dest: "rbacPolicy", metavar: "<rbac-policy>", nargs: "+", help: "RBAC policy(s) to delete (ID only)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "rbacPolicy"), { singular: "RBAC policy", plural: "RBAC policies", by: "ID" }, ctx.requestId, (n) => {
        const r = S.findRbacPolicy(ctx.draft, ctx.auth, n);
        return r.ok ? S.deleteRbacPolicy(ctx.draft, ctx.auth, r.value.id) : r;
      }));
    },
  },
  {
    words: ["network", "rbac", "list"], description: "List network RBAC policies", output: "list",
    options: [
      opt.value("--type", "<type>", "List network RBAC policies according to given object type (\"address_group\", \"address_scope\", \"security_group\", \"subnetpool\", \"qos_policy\" or \"network\")", { choices: RBAC_TYPES }),
      opt.value("--action", "<action>", "List network RBAC policies according to given action (\"access_as_external\" or \"access_as_shared\")", { choices: ["access_as_external", "access_as_shared"] }),
      opt.value("--target-project", "<target-project>", "List network RBAC policies for a specific target project"),
      opt.flag("--long", "List additional fields in output"),
    ],
    run(a, ctx) {
      let target: string | null = null;
      if (str(a, "targetProject") !== null) {
        const p = findProject(ctx.draft, str(a, "targetProject") ?? "");
        if (!p.ok) return p;
        target = p.value.id;
      }
      const rows = ctx.draft.list("rbacPolicies").filter((r) => isAdmin(ctx.auth) || r.projectId === ctx.auth.projectId || r.targetProjectId === ctx.auth.projectId)
        .filter((r) => (str(a, "type") === null || r.objectType === str(a, "type")) && (str(a, "action") === null || r.action === str(a, "action")) && (target === null || r.targetProjectId === target));
      if (a.long) return ok({ kind: "list", columns: ["ID", "Object Type", "Object ID", "Action"], rows: rows.map((r): Value[] => [r.id, r.objectType, r.objectId, r.action]) });
      return ok({ kind: "list", columns: ["ID", "Object Type", "Object ID"], rows: rows.map((r): Value[] => [r.id, r.objectType, r.objectId]) });
    },
  },
  {
    words: ["network", "rbac", "show"], description: "Display network RBAC policy details", output: "show",
    positionals: [{ dest: "rbacPolicy", metavar: "<rbac-policy>", help: "RBAC policy (ID only)" }],
    run(a, ctx) {
      return then(S.findRbacPolicy(ctx.draft, ctx.auth, str(a, "rbacPolicy") ?? ""), (r) => ok(F.rbacFields(r)));
    },
  },
];

const agentCommands: CommandSpec[] = [
  {
    words: ["network", "agent", "list"], description: "List network agents", output: "list",
    options: [
      opt.value("--agent-type", "<agent-type>", "List only agents with the specified agent type. The supported agent types are: bgp, dhcp, open-vswitch, linux-bridge, ofa, l3, loadbalancer, metering, metadata, macvtap, nic, baremetal.", { choices: ["bgp", "dhcp", "open-vswitch", "linux-bridge", "ofa", "l3", "loadbalancer", "metering", "metadata", "macvtap", "nic", "baremetal"] }),
      opt.value("--host", "<host>", "List only agents running on the specified host"),
      opt.value("--network", "<network>", "List agents hosting a network (name or ID)"),
      opt.value("--router", "<router>", "List agents hosting this router (name or ID)"),
      opt.flag("--long", "List additional fields in output"),
    ],
    exclusive: [{ dests: ["network", "router"] }],
    run(a, ctx) {
      if (!isAdmin(ctx.auth)) return err(apiError(ctx.draft, 403, "agents", "rule:get_agent is disallowed by policy"));
      const typeNames: Record<string, string> = { metadata: "OVN Metadata agent", l3: "L3 agent", dhcp: "DHCP agent", "open-vswitch": "Open vSwitch agent" };
      let agents = ctx.draft.list("networkAgents").filter((x) => (str(a, "host") === null || x.host === str(a, "host")) && (str(a, "agentType") === null || x.agentType === typeNames[str(a, "agentType") ?? ""]));
      if (str(a, "router") !== null) {
        const r = S.findRouter(ctx.draft, ctx.auth, str(a, "router") ?? "");
        if (!r.ok) return r;
        // OVN schedules router gateways on gateway chassis, not on L3 agents.
        agents = [];
      }
      if (str(a, "network") !== null) {
        const n = S.findNetwork(ctx.draft, ctx.auth, str(a, "network") ?? "");
        if (!n.ok) return n;
        agents = [];
      }
      const columns = ["ID", "Agent Type", "Host", "Availability Zone", "Alive", "State", "Binary"];
      const row = (x: (typeof agents)[number]): Value[] => [x.id, x.agentType, x.host, x.availabilityZone ?? "", F.aliveColumn(x.alive), F.adminState(x.adminStateUp), x.binary];
      if (a.long) return ok({ kind: "list", columns: [...columns, "HA State"], rows: agents.map((x) => [...row(x), null]) });
      return ok({ kind: "list", columns, rows: agents.map(row) });
    },
  },
  {
    words: ["network", "agent", "show"], description: "Display network agent details", output: "show",
    positionals: [{ dest: "networkAgent", metavar: "<network-agent>", help: "Network agent to display (ID only)" }],
    run(a, ctx) {
      if (!isAdmin(ctx.auth)) return err(apiError(ctx.draft, 403, `agents/${str(a, "networkAgent")}`, "rule:get_agent is disallowed by policy"));
      const x = ctx.draft.get("networkAgents", str(a, "networkAgent") ?? "");
      if (!x) return err(apiError(ctx.draft, 404, `agents/${str(a, "networkAgent")}`, `Agent ${str(a, "networkAgent")} could not be found.`));
      return ok(F.agentFields(x));
    },
  },
  {
    words: ["network", "agent", "set"], description: "Set network agent properties", output: "none",
    options: [opt.value("--description", "<description>", "Set network agent description"), opt.flag("--enable", "Enable network agent"), opt.flag("--disable", "Disable network agent")],
    positionals: [{ dest: "networkAgent", metavar: "<network-agent>", help: "Network agent to modify (ID only)" }],
    exclusive: [{ dests: ["enable", "disable"] }],
    run(a, ctx) {
      const id = str(a, "networkAgent") ?? "";
      if (!isAdmin(ctx.auth)) return err(apiError(ctx.draft, 403, `agents/${id}`, "rule:update_agent is disallowed by policy"));
      const x = ctx.draft.get("networkAgents", id);
      if (!x) return err(apiError(ctx.draft, 404, `agents/${id}`, `Agent ${id} could not be found.`));
      if (a.enable || a.disable) ctx.draft.update("networkAgents", x.id, { adminStateUp: Boolean(a.enable) });
      return none();
    },
  },
];

/** An address count: a plain number while exact, else the bigint (printed in full by every formatter). */
const count = (n: bigint): Value => (n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : formatted(n.toString(), n));

const ipAvailabilityCommands: CommandSpec[] = [
  {
    words: ["ip", "availability", "list"], description: "List IP availability for network", output: "list",
    options: [
      opt.value("--ip-version", "<ip-version>", "List IP availability of given IP version networks (default is 4)", { type: "int", choices: ["4", "6"], default: 4 }),
      opt.value("--project", "<project>", "List IP availability of given project (name or ID)"), projectDomainOpt,
    ],
    run(a, ctx) {
      if (!isAdmin(ctx.auth)) return err(apiError(ctx.draft, 403, "network-ip-availabilities", "rule:get_network_ip_availability is disallowed by policy"));
      return then(projectId(ctx, a), (pid) => {
        const version = Number(a.ipVersion ?? 4) === 6 ? 6 : 4;
        // The API lists a network once per family it has subnets of; --ip-version picks the family.
        const nets = ctx.draft.list("networks").filter((n) => (pid === undefined || n.projectId === pid) && S.subnetsOf(ctx.draft, n.id).some((x) => x.ipVersion === version)).sort(byCreation);
        return ok({ kind: "list", columns: ["Network ID", "Network Name", "Total IPs", "Used IPs"], rows: nets.map((n): Value[] => { const u = S.ipUsage(ctx.draft, n.id, version); return [n.id, n.name, count(u.total), count(u.used)]; }) });
      });
    },
  },
  {
    words: ["ip", "availability", "show"], description: "Show network IP availability details", output: "show",
    positionals: [{ dest: "network", metavar: "<network>", help: "Show IP availability for a specific network (name or ID)" }],
    run(a, ctx) {
      return then(S.findNetwork(ctx.draft, ctx.auth, str(a, "network") ?? ""), (n) => {
        if (!isAdmin(ctx.auth)) return err(apiError(ctx.draft, 403, `network-ip-availabilities/${n.id}`, "rule:get_network_ip_availability is disallowed by policy"));
        const u = S.ipUsage(ctx.draft, n.id);
        const subs = u.subnets.map((s) => ({ cidr: s.cidr, ip_version: s.ipVersion, subnet_id: s.id, subnet_name: s.name, total_ips: s.total, used_ips: s.used }));
        return ok({ kind: "show", fields: [
          ["network_id", n.id], ["network_name", n.name], ["project_id", n.projectId],
          ["subnet_ip_availability", F.listDictColumn(subs)], ["total_ips", count(u.total)], ["used_ips", count(u.used)],
        ] });
      });
    },
  },
];

// ------------------------------------------------------------------ server add/remove … (nova proxies to neutron)

function serverNetworkCommand(verb: "add" | "remove", what: "floating ip" | "security group" | "port" | "fixed ip"): CommandSpec {
  const words = ["server", verb, ...what.split(" ")];
  const serverPos = { dest: "server", metavar: "<server>", help: verb === "add" ? `Server to receive the ${what === "floating ip" ? "floating IP address" : what === "fixed ip" ? "fixed IP address" : what}${what === "port" ? "" : ""} (name or ID)` : `Server to remove the ${what === "floating ip" ? "floating IP address" : what === "fixed ip" ? "IP address" : what} from (name or ID)` };
  const base = { words, output: "none" as const };
  if (what === "floating ip") {
    return {
      ...base, description: verb === "add" ? "Add floating IP address to server" : "Remove floating IP address from server",
      options: verb === "add" ? [opt.value("--fixed-ip-address", "<ip-address>", "Fixed IP address to associate with this floating IP address. The first server port containing the fixed IP address will be used")] : [],
      positionals: verb === "add"
        ? [{ dest: "server", metavar: "<server>", help: "Server to receive the floating IP address (name or ID)" }, { dest: "ipAddress", metavar: "<ip-address>", help: "Floating IP address to assign to the first available server port (IP only)" }]
        : [{ dest: "server", metavar: "<server>", help: "Server to remove the floating IP address from (name or ID)" }, { dest: "ipAddress", metavar: "<ip-address>", help: "Floating IP address to remove from server (IP only)" }],
      run(a, ctx) {
        return then(findServer(ctx.draft, ctx.auth, str(a, "server") ?? ""), (srv) => then(S.findFloatingIp(ctx.draft, ctx.auth, str(a, "ipAddress") ?? ""), (fip) => {
          if (verb === "remove") return then(S.disassociateFloatingIp(ctx.draft, ctx.auth, fip.id), none);
          const ports = ctx.draft.list("ports").filter((p) => p.deviceId === srv.id).sort(byCreation);
          const wanted = str(a, "fixedIpAddress");
          if (ports.length === 0) return err(commandError(`No attached ports found to associate floating IP with`));
          let lastError: CloudError | null = null;
          // OSC tries each of the server's ports in turn and stops at the first that works.
          for (const p of ports) {
            if (wanted !== null && !p.fixedIps.some((f) => f.ipAddress === wanted)) continue;
            const r = S.associateFloatingIp(ctx.draft, ctx.auth, fip.id, p.id, wanted ?? undefined);
            if (r.ok) return none();
            lastError = r.error;
          }
          if (lastError) return err(lastError);
          return err(commandError(`No port found with fixed IP address ${wanted}`));
        }));
      },
    };
  }
  if (what === "security group") {
    return {
      ...base, description: verb === "add" ? "Add security group to server" : "Remove security group from server",
      positionals: [
        { dest: "server", metavar: "<server>", help: verb === "add" ? "Server (name or ID)" : "Name or ID of server to use" },
        { dest: "group", metavar: "<group>", nargs: "+", help: verb === "add" ? "Security group(s) to add to the server (name or ID)" : "Security group(s) to remove from server (name or ID)" },
      ],
      run(a, ctx) {
        return then(findServer(ctx.draft, ctx.auth, str(a, "server") ?? ""), (srv) => {
          for (const name of list(a, "group")) {
            const g = S.findSecurityGroup(ctx.draft, ctx.auth, name);
            if (!g.ok) return g;
            const ports = ctx.draft.list("ports").filter((p) => p.deviceId === srv.id);
            if (verb === "add") {
              if (ports.every((p) => p.securityGroupIds.includes(g.value.id)) && ports.length > 0) {
                return err({ code: "cloud/Conflict", message: `Security group ${g.value.name} already exists on server ${srv.id}. (HTTP 409) (Request-ID: ${ctx.requestId})` });
              }
              for (const p of ports) {
                if (p.securityGroupIds.includes(g.value.id)) continue;
                const r = S.updatePort(ctx.draft, ctx.auth, p.id, { securityGroupIds: [...p.securityGroupIds, g.value.id] });
                if (!r.ok) return r;
              }
            } else {
              if (!ports.some((p) => p.securityGroupIds.includes(g.value.id))) {
                return err({ code: "cloud/NotFound", message: `Security group ${g.value.name} not associated with the instance ${srv.id} (HTTP 404) (Request-ID: ${ctx.requestId})` });
              }
              for (const p of ports) {
                if (!p.securityGroupIds.includes(g.value.id)) continue;
                const r = S.updatePort(ctx.draft, ctx.auth, p.id, { securityGroupIds: p.securityGroupIds.filter((x) => x !== g.value.id) });
                if (!r.ok) return r;
              }
            }
            const names = new Set<string>();
            for (const p of ctx.draft.list("ports")) if (p.deviceId === srv.id) for (const id of p.securityGroupIds) names.add(ctx.draft.get("securityGroups", id)?.name ?? id);
            const cur = ctx.draft.get("servers", srv.id) ?? srv;
            ctx.draft.update("servers", srv.id, { securityGroupNames: [...names].sort(), updatedAt: Math.max(cur.updatedAt, ctx.draft.now) });
          }
          return none();
        });
      },
    };
  }
  if (what === "port") {
    return {
      ...base, description: verb === "add" ? "Add port to server" : "Remove port from server",
      options: verb === "add" ? [opt.value("--tag", "<tag>", "Tag for the attached interface (supported by --os-compute-api-version 2.49 or later)")] : [],
      positionals: [serverPos, { dest: "port", metavar: "<port>", help: verb === "add" ? "Port to add to the server (name or ID)" : "Port to remove from the server (name or ID)" }],
      run(a, ctx) {
        return then(findServer(ctx.draft, ctx.auth, str(a, "server") ?? ""), (srv) => then(S.findPort(ctx.draft, ctx.auth, str(a, "port") ?? ""), (p) => {
          if (verb === "add") {
            if (p.deviceId !== "") return err({ code: "cloud/Conflict", message: `Port ${p.id} is still in use. (HTTP 409) (Request-ID: ${ctx.requestId})` });
            const r = S.updatePortDevice(ctx.draft, ctx.auth, p.id, { deviceId: srv.id, deviceOwner: `compute:${srv.availabilityZone || "nova"}`, hostId: srv.host });
            if (!r.ok) return r;
            ctx.draft.update("servers", srv.id, { portIds: [...srv.portIds, p.id] });
            return none();
          }
          if (p.deviceId !== srv.id) return err({ code: "cloud/NotFound", message: `Port ${p.id} is not attached (HTTP 404) (Request-ID: ${ctx.requestId})` });
          const owned = srv.ownedPortIds.includes(p.id);
          const r = owned ? S.deletePort(ctx.draft, ctx.auth, p.id) : S.updatePortDevice(ctx.draft, ctx.auth, p.id, { deviceId: "", deviceOwner: "" });
          if (!r.ok) return r;
          ctx.draft.update("servers", srv.id, { portIds: srv.portIds.filter((x) => x !== p.id), ownedPortIds: srv.ownedPortIds.filter((x) => x !== p.id) });
          return none();
        }));
      },
    };
  }
  return {
    ...base, description: verb === "add" ? "Add fixed IP address to server" : "Remove fixed IP address from server",
    options: verb === "add" ? [opt.value("--fixed-ip-address", "<ip-address>", "Requested fixed IP address"), opt.value("--tag", "<tag>", "Tag for the attached interface. (supported by --os-compute-api-version 2.49 or later)")] : [],
    positionals: verb === "add"
      ? [{ dest: "server", metavar: "<server>", help: "Server to receive the fixed IP address (name or ID)" }, { dest: "network", metavar: "<network>", help: "Network to allocate the fixed IP address from (name or ID)" }]
      : [{ dest: "server", metavar: "<server>", help: "Server to remove the fixed IP address from (name or ID)" }, { dest: "ipAddress", metavar: "<ip-address>", help: "Fixed IP address to remove from the server (IP only)" }],
    run(a, ctx) {
      return then(findServer(ctx.draft, ctx.auth, str(a, "server") ?? ""), (srv) => {
        if (verb === "add") {
          return then(S.findNetwork(ctx.draft, ctx.auth, str(a, "network") ?? ""), (n) => {
            const ip = str(a, "fixedIpAddress");
            const r = S.createPort(ctx.draft, ctx.auth, { networkId: n.id, ...(ip !== null ? { fixedIps: [{ ipAddress: ip }] } : {}), deviceId: srv.id, deviceOwner: `compute:${srv.availabilityZone || "nova"}`, hostId: srv.host });
            if (!r.ok) return r;
            ctx.draft.update("servers", srv.id, { portIds: [...srv.portIds, r.value.id], ownedPortIds: [...srv.ownedPortIds, r.value.id] });
            return none();
          });
        }
        const ip = str(a, "ipAddress") ?? "";
        const p = ctx.draft.list("ports").find((x) => x.deviceId === srv.id && x.fixedIps.some((f) => f.ipAddress === ip));
        if (!p) return none();
        const r = srv.ownedPortIds.includes(p.id) ? S.deletePort(ctx.draft, ctx.auth, p.id) : S.updatePortDevice(ctx.draft, ctx.auth, p.id, { deviceId: "", deviceOwner: "" });
        if (!r.ok) return r;
        ctx.draft.update("servers", srv.id, { portIds: srv.portIds.filter((x) => x !== p.id), ownedPortIds: srv.ownedPortIds.filter((x) => x !== p.id) });
        return none();
      });
    },
  };
}

const serverCommands: CommandSpec[] = (["add", "remove"] as const).flatMap((verb) =>
  (["fixed ip", "floating ip", "port", "security group"] as const).map((what) => serverNetworkCommand(verb, what)));

export const networkServiceCommands: CommandSpec[] = [
  ...networkCommands, ...rbacCommands, ...agentCommands, ...subnetCommands, ...portCommands, ...routerCommands, ...floatingIpCommands,
  ...securityGroupCommands, ...ipAvailabilityCommands, ...serverCommands,
];

