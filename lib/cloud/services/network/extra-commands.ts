import type { CommandContext, CommandOutput, CommandSpec, OptionSpec, ParsedArgs, Value } from "../../cli/spec";
import { listColumn } from "../../cli/spec";
import { bulkDelete, opt, sortedShow } from "../../cli/helpers";
import { err, ok, type Result } from "../../result";
import type { CloudError } from "../../errors";
import { isAdmin } from "../../policy";
import { newUuid } from "../../ids";
import { checkQuota } from "../../quota";
import { cidrsOverlap, parseCidr4, parseIpv4 } from "../../net";
import { parseNet } from "./ip";
import { pyRepr } from "../../cli/spec";
import { findProject } from "../identity/service";
import { md5Hex } from "../object/md5";
import type { MeteringLabel, MeteringLabelRule, Network, PortForwarding, SubnetPool } from "../../types";
import * as S from "./service";
import { time } from "./format";
import { apiError, overQuotaMessage, sdkDuplicate, sdkNotFound } from "./errors";

// python-openstackclient network v2 commands the course's catalog names beyond the core ones: subnet pools
// (subnet_pool.py), floating IP port forwarding (floating_ip_port_forwarding.py), metering labels and their
// rules (network_meter.py, network_meter_rule.py) and network segments (network_segment.py). All go through
// openstacksdk, so lookups fail with `No SubnetPool found for x` and API errors carry the SDK's prefix.

type Out = Result<CommandOutput, CloudError>;
type R<T> = Result<T, CloudError>;

const str = (a: ParsedArgs, k: string): string | null => (typeof a[k] === "string" ? (a[k] as string) : null);
const list = (a: ParsedArgs, k: string): string[] => (Array.isArray(a[k]) ? (a[k] as string[]) : []);
const num = (a: ParsedArgs, k: string): number | null => (typeof a[k] === "number" ? (a[k] as number) : null);

const projectDomainOpt = opt.value("--project-domain", "<project-domain>", "Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.");

function projectOf(ctx: CommandContext, a: ParsedArgs): R<string | null> {
  const p = str(a, "project");
  if (p === null) return ok(null);
  const found = findProject(ctx.draft, p, str(a, "projectDomain"));
  return found.ok ? ok(found.value.id) : found;
}

/** openstacksdk find: an id, else a unique name among what the caller can see. */
function find<T extends { id: string; name: string }>(items: readonly T[], nameOrId: string, cls: string): R<T> {
  const byId = items.find((i) => i.id === nameOrId);
  if (byId) return ok(byId);
  const named = items.filter((i) => i.name === nameOrId);
  if (named.length === 1 && named[0]) return ok(named[0]);
  return err(named.length > 1 ? sdkDuplicate(cls, nameOrId) : sdkNotFound(cls, nameOrId));
}

const refuse = (ctx: CommandContext, path: string, action: string, attrs: readonly string[] = []): CloudError => S.refuse(ctx.draft, path, action, attrs);

// ------------------------------------------------------------------ subnet pool

const poolVisible = (ctx: CommandContext, p: SubnetPool): boolean => isAdmin(ctx.auth) || p.projectId === ctx.auth.projectId || p.shared;

function poolFields(p: SubnetPool): CommandOutput {
  return sortedShow({
    address_scope_id: null, created_at: time(p.createdAt), default_prefixlen: p.defaultPrefixLen, default_quota: p.defaultQuota,
    description: p.description, id: p.id, ip_version: p.ipVersion, is_default: p.isDefault, max_prefixlen: p.maxPrefixLen,
    min_prefixlen: p.minPrefixLen, name: p.name, prefixes: listColumn(p.prefixes), project_id: p.projectId,
    revision_number: p.revisionNumber, shared: p.shared, tags: listColumn(p.tags), updated_at: time(p.updatedAt),
  });
}

/** neutron's prefix checks: valid IPv4 CIDRs (this lab cloud has no IPv6), lengths ordered within [prefix, 32]. */
/** The family of a pool's prefixes (IPv4 when none parse; checkPool reports those). */
function poolVersion(prefixes: readonly string[]): 4 | 6 {
  return prefixes.map((p) => parseNet(p)).find((n) => n !== null)?.version ?? 4;
}

/** neutron's prefix-length defaults per family: min 8 and max 32 for IPv4, min 64 and max 128 for IPv6. */
const POOL_BOUNDS = { 4: { min: 8, max: 32 }, 6: { min: 64, max: 128 } } as const;

function checkPool(ctx: CommandContext, path: string, prefixes: readonly string[], lens: { min: number; def: number; max: number }): R<string[]> {
  const out: string[] = [];
  const version = poolVersion(prefixes);
  for (const text of prefixes) {
    const c = parseNet(text);
    if (!c) return err(apiError(ctx.draft, 400, path, `Invalid input for prefixes. Reason: '${text}' is not a valid IP subnet.`));
    if (c.version !== version) return err(apiError(ctx.draft, 400, path, "Cannot mix IPv4 and IPv6 prefixes in a subnet pool."));
    if (!out.includes(c.text)) out.push(c.text);
  }
  const bound = (t: string, v: number, bt: string, bv: number): CloudError => apiError(ctx.draft, 400, path, `Illegal prefix bounds: ${t}=${v}, ${bt}=${bv}.`);
  const familyMax = POOL_BOUNDS[version].max;
  if (lens.min < 0 || lens.max > familyMax) return err(bound("max_prefixlen", lens.max, "ip_version_max", familyMax));
  if (lens.def < lens.min) return err(bound("default_prefixlen", lens.def, "min_prefixlen", lens.min));
  if (lens.def > lens.max) return err(bound("default_prefixlen", lens.def, "max_prefixlen", lens.max));
  return ok(out);
}

function findPool(ctx: CommandContext, nameOrId: string): R<SubnetPool> {
  return find(ctx.draft.list("subnetPools").filter((p) => poolVisible(ctx, p)), nameOrId, "SubnetPool");
}

const poolCommonOpts = (verb: "Set" | "Set"): OptionSpec[] => [
  opt.value("--default-prefix-length", "<default-prefix-length>", `${verb} subnet pool default prefix length`, { type: "int" }),
  opt.value("--min-prefix-length", "<min-prefix-length>", `${verb} subnet pool minimum prefix length`, { type: "int" }),
  opt.value("--max-prefix-length", "<max-prefix-length>", `${verb} subnet pool maximum prefix length`, { type: "int" }),
];

const subnetPoolCommands: CommandSpec[] = [
  {
    words: ["subnet", "pool", "create"], description: "Create subnet pool", output: "show",
    options: [
      opt.repeat("--pool-prefix", "<pool-prefix>", "Set subnet pool prefixes (in CIDR notation) (repeat option to set multiple prefixes)", { dest: "prefixes", required: true }),
      ...poolCommonOpts("Set"),
      opt.value("--project", "<project>", "Owner's project (name or ID)"), projectDomainOpt,
      opt.value("--address-scope", "<address-scope>", "Set address scope associated with the subnet pool (name or ID), prefixes must be unique across address scopes"),
      opt.flag("--default", "Set this as a default subnet pool"), opt.flag("--no-default", "Set this as a non-default subnet pool"),
      opt.flag("--share", "Set this subnet pool as shared"), opt.flag("--no-share", "Set this subnet pool as not shared"),
      opt.value("--description", "<description>", "Set subnet pool description"),
      opt.value("--default-quota", "<num-ip-addresses>", "Set default per-project quota for this subnet pool as the number of IP addresses that can be allocated from the subnet pool", { type: "int" }),
      opt.repeat("--tag", "<tag>", "Tag to be added to the subnet pool (repeat option to set multiple tags)", { dest: "tags" }),
      opt.flag("--no-tag", "No tags associated with the subnet pool"),
    ],
    positionals: [{ dest: "name", metavar: "<name>", help: "Name of the new subnet pool" }],
    exclusive: [{ dests: ["default", "noDefault"] }, { dests: ["share", "noShare"] }, { dests: ["tags", "noTag"] }],
    run(a, ctx) {
      const owner = projectOf(ctx, a);
      if (!owner.ok) return owner;
      // DevStack defines no address scopes, so the SDK's lookup of any name fails.
      if (str(a, "addressScope") !== null) return err(sdkNotFound("AddressScope", str(a, "addressScope") ?? ""));
      const path = "subnetpools";
      const projectId = owner.value ?? ctx.auth.projectId;
      if (!S.canWrite(ctx.auth, projectId)) return err(refuse(ctx, path, "create_subnetpool"));
      const adminAttrs = [...(a.share ? ["shared"] : []), ...(a.default ? ["is_default"] : [])];
      if (adminAttrs.length > 0 && !isAdmin(ctx.auth)) return err(refuse(ctx, path, "create_subnetpool", adminAttrs));
      if (!checkQuota(ctx.draft, projectId, "subnet_pools", 1).ok) return err(apiError(ctx.draft, 409, path, overQuotaMessage("subnetpool")));
      const version = poolVersion(list(a, "prefixes"));
      const min = num(a, "minPrefixLength") ?? POOL_BOUNDS[version].min;
      const lens = { min, def: num(a, "defaultPrefixLength") ?? min, max: num(a, "maxPrefixLength") ?? POOL_BOUNDS[version].max };
      const prefixes = checkPool(ctx, path, list(a, "prefixes"), lens);
      if (!prefixes.ok) return prefixes;
      if (a.default && ctx.draft.list("subnetPools").some((p) => p.isDefault && p.ipVersion === version)) {
        return err(apiError(ctx.draft, 400, path, "Invalid input for operation: A default subnetpool for this IP family has already been set. Only one default may exist per IP family."));
      }
      const pool: SubnetPool = {
        id: newUuid(ctx.draft), name: str(a, "name") ?? "", projectId, prefixes: prefixes.value, defaultPrefixLen: lens.def,
        minPrefixLen: lens.min, maxPrefixLen: lens.max, shared: Boolean(a.share), isDefault: Boolean(a.default), ipVersion: version,
        description: str(a, "description") ?? "", defaultQuota: num(a, "defaultQuota"), tags: list(a, "tags"), revisionNumber: 0,
        createdAt: ctx.draft.now, updatedAt: ctx.draft.now,
      };
      ctx.draft.put("subnetPools", pool.id, pool);
      return ok(poolFields(pool));
    },
  },
  {
    words: ["subnet", "pool", "delete"], description: "Delete subnet pool(s)", output: "none",
    positionals: [{ dest: "pools", metavar: "<subnet-pool>", nargs: "+", help: "Subnet pool(s) to delete (name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "pools"), { singular: "subnet pool", plural: "subnet pools" }, ctx.requestId, (n) => {
        const p = findPool(ctx, n);
        if (!p.ok) return p;
        const path = `subnetpools/${p.value.id}`;
        if (!S.canWrite(ctx.auth, p.value.projectId)) return err(refuse(ctx, path, "delete_subnetpool"));
        if (ctx.draft.list("subnets").some((s) => s.subnetPoolId === p.value.id)) {
          return err(apiError(ctx.draft, 409, path, `Unable to complete operation on subnet pool ${p.value.id}. Subnet pool has existing allocations.`));
        }
        ctx.draft.remove("subnetPools", p.value.id);
        return ok(undefined);
      }));
    },
  },
  {
    words: ["subnet", "pool", "list"], description: "List subnet pools", output: "list",
    options: [
      opt.flag("--long", "List additional fields in output"),
      opt.flag("--share", "List subnet pools shared between projects"), opt.flag("--no-share", "List subnet pools not shared between projects"),
      opt.flag("--default", "List subnet pools used as the default external subnet pool"), opt.flag("--no-default", "List subnet pools not used as the default external subnet pool"),
      opt.value("--project", "<project>", "List subnet pools according to their project (name or ID)"), projectDomainOpt,
      opt.value("--name", "<name>", "List only subnet pools of given name in output"),
      opt.value("--address-scope", "<address-scope>", "List only subnet pools of given address scope in output (name or ID)"),
      opt.repeat("--tags", "<tag>[,<tag>,...]", "List subnet pools which have all given tag(s) (Comma-separated list of tags)", { dest: "filterTags" }),
    ],
    exclusive: [{ dests: ["share", "noShare"] }, { dests: ["default", "noDefault"] }],
    run(a, ctx) {
      const owner = projectOf(ctx, a);
      if (!owner.ok) return owner;
      if (str(a, "addressScope") !== null) return err(sdkNotFound("AddressScope", str(a, "addressScope") ?? ""));
      const want = list(a, "filterTags").flatMap((t) => t.split(","));
      const pools = ctx.draft.list("subnetPools").filter((p) => poolVisible(ctx, p) &&
        (!a.share || p.shared) && (!a.noShare || !p.shared) && (!a.default || p.isDefault) && (!a.noDefault || !p.isDefault) &&
        (owner.value === null || p.projectId === owner.value) && (str(a, "name") === null || p.name === str(a, "name")) &&
        want.every((t) => p.tags.includes(t))).sort((x, y) => x.createdAt - y.createdAt || (x.id < y.id ? -1 : 1));
      const base = (p: SubnetPool): Value[] => [p.id, p.name, listColumn(p.prefixes)];
      if (a.long) {
        return ok({
          kind: "list", columns: ["ID", "Name", "Prefixes", "Default Prefix Length", "Address Scope", "Default Subnet Pool", "Shared", "Tags"],
          rows: pools.map((p): Value[] => [...base(p), p.defaultPrefixLen, null, p.isDefault, p.shared, listColumn(p.tags)]),
        });
      }
      return ok({ kind: "list", columns: ["ID", "Name", "Prefixes"], rows: pools.map(base) });
    },
  },
  {
    words: ["subnet", "pool", "set"], description: "Set subnet pool properties", output: "none",
    options: [
      opt.value("--name", "<name>", "Set subnet pool name"),
      opt.repeat("--pool-prefix", "<pool-prefix>", "Set subnet pool prefixes (in CIDR notation) (repeat option to set multiple prefixes)", { dest: "prefixes" }),
      ...poolCommonOpts("Set"),
      opt.value("--address-scope", "<address-scope>", "Set address scope associated with the subnet pool (name or ID), prefixes must be unique across address scopes"),
      opt.flag("--no-address-scope", "Remove address scope associated with the subnet pool"),
      opt.flag("--default", "Set this as a default subnet pool"), opt.flag("--no-default", "Set this as a non-default subnet pool"),
      opt.value("--description", "<description>", "Set subnet pool description"),
      opt.value("--default-quota", "<num-ip-addresses>", "Set default per-project quota for this subnet pool as the number of IP addresses that can be allocated from the subnet pool", { type: "int" }),
      opt.repeat("--tag", "<tag>", "Tag to be added to the subnet pool (repeat option to set multiple tags)", { dest: "tags" }),
      opt.flag("--no-tag", "Clear tags associated with the subnet pool. Specify both --tag and --no-tag to overwrite current tags"),
    ],
    positionals: [{ dest: "pool", metavar: "<subnet-pool>", help: "Subnet pool to modify (name or ID)" }],
    exclusive: [{ dests: ["addressScope", "noAddressScope"] }, { dests: ["default", "noDefault"] }],
    run(a, ctx) {
      const found = findPool(ctx, str(a, "pool") ?? "");
      if (!found.ok) return found;
      const p = found.value;
      if (str(a, "addressScope") !== null) return err(sdkNotFound("AddressScope", str(a, "addressScope") ?? ""));
      const path = `subnetpools/${p.id}`;
      if (!S.canWrite(ctx.auth, p.projectId)) return err(refuse(ctx, path, "update_subnetpool"));
      if ((a.default || a.noDefault) && !isAdmin(ctx.auth)) return err(refuse(ctx, path, "update_subnetpool", ["is_default"]));
      const lens = { min: num(a, "minPrefixLength") ?? p.minPrefixLen, def: num(a, "defaultPrefixLength") ?? p.defaultPrefixLen, max: num(a, "maxPrefixLength") ?? p.maxPrefixLen };
      // `--pool-prefix` adds to the pool; neutron refuses to shrink a pool.
      const prefixes = checkPool(ctx, path, [...p.prefixes, ...list(a, "prefixes")], lens);
      if (!prefixes.ok) return prefixes;
      if (a.default && ctx.draft.list("subnetPools").some((o) => o.isDefault && o.id !== p.id && o.ipVersion === p.ipVersion)) {
        return err(apiError(ctx.draft, 400, path, "Invalid input for operation: A default subnetpool for this IP family has already been set. Only one default may exist per IP family."));
      }
      const tags = a.noTag ? list(a, "tags") : [...p.tags, ...list(a, "tags").filter((t) => !p.tags.includes(t))];
      ctx.draft.update("subnetPools", p.id, {
        ...(str(a, "name") !== null ? { name: str(a, "name") ?? "" } : {}), prefixes: prefixes.value, minPrefixLen: lens.min,
        defaultPrefixLen: lens.def, maxPrefixLen: lens.max, ...(a.default ? { isDefault: true } : a.noDefault ? { isDefault: false } : {}),
        ...(str(a, "description") !== null ? { description: str(a, "description") ?? "" } : {}),
        ...(num(a, "defaultQuota") !== null ? { defaultQuota: num(a, "defaultQuota") } : {}), tags,
        revisionNumber: p.revisionNumber + 1, updatedAt: ctx.draft.now,
      });
      return ok({ kind: "none" });
    },
  },
  {
    words: ["subnet", "pool", "show"], description: "Display subnet pool details", output: "show",
    positionals: [{ dest: "pool", metavar: "<subnet-pool>", help: "Subnet pool to display (name or ID)" }],
    run(a, ctx) {
      const p = findPool(ctx, str(a, "pool") ?? "");
      return p.ok ? ok(poolFields(p.value)) : p;
    },
  },
];

// ------------------------------------------------------------------ floating ip port forwarding

function pfFields(pf: PortForwarding): CommandOutput {
  const single = (lo: number, hi: number): boolean => lo === hi;
  return sortedShow({
    description: pf.description, external_port: single(pf.externalPort, pf.externalPortEnd) ? pf.externalPort : null,
    external_port_range: single(pf.externalPort, pf.externalPortEnd) ? null : `${pf.externalPort}:${pf.externalPortEnd}`,
    floatingip_id: pf.floatingIpId, id: pf.id, internal_ip_address: pf.internalIpAddress,
    internal_port: single(pf.internalPort, pf.internalPortEnd) ? pf.internalPort : null,
    internal_port_id: pf.internalPortId,
    internal_port_range: single(pf.internalPort, pf.internalPortEnd) ? null : `${pf.internalPort}:${pf.internalPortEnd}`,
    name: null, protocol: pf.protocol,
  });
}

/** OSC's port argument check: a number or `start:end` within 1–65535 (a CommandError otherwise). */
function portRange(text: string, option: string): R<[number, number]> {
  const parts = text.split(":");
  const nums = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : Number.NaN));
  const bad = (): R<[number, number]> => err({ code: "cloud/CommandError", message: `The port number range is <1-65535>` });
  if (parts.length > 2 || nums.some((n) => Number.isNaN(n))) {
    return err({ code: "cloud/CommandError", message: `The ${option} should be a number or a range in the format of '<start>:<end>'` });
  }
  const [lo = 0, hi = lo] = nums;
  if (lo < 1 || hi > 65535 || lo > hi) return bad();
  return ok([lo, hi]);
}

const pfPath = (fipId: string, id?: string): string => `floatingips/${fipId}/port_forwardings${id ? `/${id}` : ""}`;

function findPf(ctx: CommandContext, fipId: string, id: string): R<PortForwarding> {
  const pf = ctx.draft.get("portForwardings", id);
  return pf && pf.floatingIpId === fipId ? ok(pf) : err(sdkNotFound("PortForwarding", id));
}

/** neutron's port-forwarding plugin checks: the address is the port's, the port has no floating IP, no duplicate. */
function validatePf(ctx: CommandContext, path: string, pf: PortForwarding): R<void> {
  const port = ctx.draft.get("ports", pf.internalPortId);
  if (!port) return err(sdkNotFound("Port", pf.internalPortId));
  if (!port.fixedIps.some((f) => f.ipAddress === pf.internalIpAddress)) {
    const fixed = pyRepr(port.fixedIps.map((f) => ({ subnet_id: f.subnetId, ip_address: f.ipAddress })));
    return err(apiError(ctx.draft, 400, path, `Bad port_forwarding request: Requested internal IP address ${pf.internalIpAddress} is not suitable for internal neutron port ${port.id}, as its fixed_ips are ${fixed}.`));
  }
  const fip = ctx.draft.get("floatingIps", pf.floatingIpId);
  if (fip && ctx.draft.list("floatingIps").some((f) => f.portId === port.id)) {
    return err(apiError(ctx.draft, 409, path, `Cannot create port forwarding to floating IP ${fip.floatingIpAddress} (${fip.id}) with port ${port.id} using fixed IP ${pf.internalIpAddress}, as that port already has a binding floating IP.`));
  }
  const clash = ctx.draft.list("portForwardings").find((o) => o.id !== pf.id && o.floatingIpId === pf.floatingIpId && o.protocol === pf.protocol &&
    o.externalPort <= pf.externalPortEnd && pf.externalPort <= o.externalPortEnd);
  if (clash) {
    const conflict = `{'floatingip_id': '${pf.floatingIpId}', 'external_port': ${pf.externalPort}, 'protocol': '${pf.protocol}'}`;
    return err(apiError(ctx.draft, 400, path, `Bad port_forwarding request: A duplicate port forwarding entry with same attributes already exists, conflicting values are ${conflict}.`));
  }
  if (pf.internalPortEnd - pf.internalPort !== pf.externalPortEnd - pf.externalPort) {
    return err(apiError(ctx.draft, 400, path, "Bad port_forwarding request: The internal and external port ranges must have the same size."));
  }
  return ok(undefined);
}

const pfOpts = (required: boolean): OptionSpec[] => [
  opt.value("--port", "<port>", "The name or ID of the network port associated to the floating IP port forwarding", { required }),
  opt.value("--internal-ip-address", "<internal-ip-address>", "The fixed IPv4 address of the network port associated to the floating IP port forwarding", { required }),
  opt.value("--internal-protocol-port", "<port-number>", "The protocol port number of the network port fixed IPv4 address associated to the floating IP port forwarding", { required }),
  opt.value("--external-protocol-port", "<port-number>", "The protocol port number of the port forwarding's floating IP address", { required }),
  opt.value("--protocol", "<protocol>", "The protocol used in the floating IP port forwarding, for instance: TCP, UDP", { required }),
  opt.value("--description", "<description>", "A text to describe/contextualize the use of the port forwarding configuration"),
];

const fipPositional = { dest: "floatingIp", metavar: "<floating-ip>", help: "Floating IP that the port forwarding belongs to (IP address or ID)" };

function protocolOf(ctx: CommandContext, path: string, text: string): R<"tcp" | "udp"> {
  const p = text.toLowerCase();
  if (p === "tcp" || p === "udp") return ok(p);
  return err(apiError(ctx.draft, 400, path, `Invalid input for protocol. Reason: ${p} is not in valid_values.`));
}

const portForwardingCommands: CommandSpec[] = [
  {
    words: ["floating", "ip", "port", "forwarding", "create"], description: "Create floating IP port forwarding", output: "show",
    options: pfOpts(true), positionals: [fipPositional],
    run(a, ctx) {
      const internal = portRange(str(a, "internalProtocolPort") ?? "", "internal protocol port");
      if (!internal.ok) return internal;
      const external = portRange(str(a, "externalProtocolPort") ?? "", "external protocol port");
      if (!external.ok) return external;
      const fip = S.findFloatingIp(ctx.draft, ctx.auth, str(a, "floatingIp") ?? "");
      if (!fip.ok) return fip;
      const port = S.findPort(ctx.draft, ctx.auth, str(a, "port") ?? "");
      if (!port.ok) return port;
      const path = pfPath(fip.value.id);
      if (!S.canWrite(ctx.auth, fip.value.projectId)) return err(refuse(ctx, path, "create_floatingip_port_forwarding"));
      const protocol = protocolOf(ctx, path, str(a, "protocol") ?? "");
      if (!protocol.ok) return protocol;
      const address = str(a, "internalIpAddress") ?? "";
      if (parseIpv4(address) === null) return err(apiError(ctx.draft, 400, path, `Invalid input for internal_ip_address. Reason: '${address}' is not a valid IP address.`));
      const pf: PortForwarding = {
        id: newUuid(ctx.draft), floatingIpId: fip.value.id, projectId: fip.value.projectId, internalPortId: port.value.id,
        internalIpAddress: address, internalPort: internal.value[0], internalPortEnd: internal.value[1], externalPort: external.value[0],
        externalPortEnd: external.value[1], protocol: protocol.value, description: str(a, "description") ?? "",
      };
      const valid = validatePf(ctx, path, pf);
      if (!valid.ok) return valid;
      ctx.draft.put("portForwardings", pf.id, pf);
      return ok(pfFields(pf));
    },
  },
  {
    words: ["floating", "ip", "port", "forwarding", "delete"], description: "Delete floating IP port forwarding", output: "none",
    positionals: [fipPositional, { dest: "ids", metavar: "<port-forwarding-id>", nargs: "+", help: "The ID of the floating IP port forwarding(s) to delete" }],
    run(a, ctx) {
      const fip = S.findFloatingIp(ctx.draft, ctx.auth, str(a, "floatingIp") ?? "");
      if (!fip.ok) return fip;
      const ids = list(a, "ids");
      const warnings: string[] = [];
      for (const id of ids) {
        const path = pfPath(fip.value.id, id);
        const pf = ctx.draft.get("portForwardings", id);
        let e: CloudError | null = null;
        if (!pf || pf.floatingIpId !== fip.value.id) e = apiError(ctx.draft, 404, path, `Port Forwarding ${id} could not be found.`);
        else if (!S.canWrite(ctx.auth, fip.value.projectId)) e = refuse(ctx, path, "delete_floatingip_port_forwarding");
        if (e) warnings.push(`Failed to delete floating IP port forwarding '${id}': ${e.message}`);
        else ctx.draft.remove("portForwardings", id);
      }
      if (warnings.length === 0) return ok({ kind: "none" });
      return ok({ kind: "none", warnings, failure: `${warnings.length} of ${ids.length} Port forwarding failed to delete.` });
    },
  },
  {
    words: ["floating", "ip", "port", "forwarding", "list"], description: "List floating IP port forwarding", output: "list",
    options: [
      opt.value("--port", "<port>", "Filter the list result by the ID or name of the internal network port"),
      opt.value("--external-protocol-port", "<port-number>", "Filter the list result by the protocol port number of the floating IP", { dest: "externalProtocolPort" }),
      opt.value("--protocol", "<protocol>", "Filter the list result by the port protocol"),
    ],
    positionals: [fipPositional],
    run(a, ctx) {
      const fip = S.findFloatingIp(ctx.draft, ctx.auth, str(a, "floatingIp") ?? "");
      if (!fip.ok) return fip;
      let portId: string | null = null;
      if (str(a, "port") !== null) {
        const p = S.findPort(ctx.draft, ctx.auth, str(a, "port") ?? "");
        if (!p.ok) return p;
        portId = p.value.id;
      }
      const ext = str(a, "externalProtocolPort");
      const proto = str(a, "protocol")?.toLowerCase() ?? null;
      const rows = ctx.draft.list("portForwardings").filter((pf) => pf.floatingIpId === fip.value.id && (portId === null || pf.internalPortId === portId) &&
        (ext === null || String(pf.externalPort) === ext) && (proto === null || pf.protocol === proto)).map((pf): Value[] => {
        const f = pfFields(pf);
        const get = (k: string): Value => (f.kind === "show" ? (f.fields.find(([n]) => n === k)?.[1] ?? null) : null);
        return [pf.id, pf.internalPortId, pf.internalIpAddress, get("internal_port"), get("internal_port_range"), get("external_port"), get("external_port_range"), pf.protocol, pf.description];
      });
      return ok({ kind: "list", columns: ["ID", "Internal Port ID", "Internal IP Address", "Internal Port", "Internal Port Range", "External Port", "External Port Range", "Protocol", "Description"], rows });
    },
  },
  {
    words: ["floating", "ip", "port", "forwarding", "set"], description: "Set floating IP Port Forwarding Properties", output: "none",
    options: pfOpts(false),
    positionals: [fipPositional, { dest: "id", metavar: "<port-forwarding-id>", help: "The ID of the floating IP port forwarding" }],
    run(a, ctx) {
      const fip = S.findFloatingIp(ctx.draft, ctx.auth, str(a, "floatingIp") ?? "");
      if (!fip.ok) return fip;
      const found = findPf(ctx, fip.value.id, str(a, "id") ?? "");
      if (!found.ok) return found;
      const path = pfPath(fip.value.id, found.value.id);
      if (!S.canWrite(ctx.auth, fip.value.projectId)) return err(refuse(ctx, path, "update_floatingip_port_forwarding"));
      let next: PortForwarding = { ...found.value };
      if (str(a, "port") !== null) {
        const p = S.findPort(ctx.draft, ctx.auth, str(a, "port") ?? "");
        if (!p.ok) return p;
        next = { ...next, internalPortId: p.value.id };
      }
      if (str(a, "internalIpAddress") !== null) next = { ...next, internalIpAddress: str(a, "internalIpAddress") ?? "" };
      if (str(a, "internalProtocolPort") !== null) {
        const r = portRange(str(a, "internalProtocolPort") ?? "", "internal protocol port");
        if (!r.ok) return r;
        next = { ...next, internalPort: r.value[0], internalPortEnd: r.value[1] };
      }
      if (str(a, "externalProtocolPort") !== null) {
        const r = portRange(str(a, "externalProtocolPort") ?? "", "external protocol port");
        if (!r.ok) return r;
        next = { ...next, externalPort: r.value[0], externalPortEnd: r.value[1] };
      }
      if (str(a, "protocol") !== null) {
        const p = protocolOf(ctx, path, str(a, "protocol") ?? "");
        if (!p.ok) return p;
        next = { ...next, protocol: p.value };
      }
      if (str(a, "description") !== null) next = { ...next, description: str(a, "description") ?? "" };
      const valid = validatePf(ctx, path, next);
      if (!valid.ok) return valid;
      ctx.draft.put("portForwardings", next.id, next);
      return ok({ kind: "none" });
    },
  },
  {
    words: ["floating", "ip", "port", "forwarding", "show"], description: "Display floating IP Port Forwarding details", output: "show",
    positionals: [fipPositional, { dest: "id", metavar: "<port-forwarding-id>", help: "The ID of the floating IP port forwarding" }],
    run(a, ctx) {
      const fip = S.findFloatingIp(ctx.draft, ctx.auth, str(a, "floatingIp") ?? "");
      if (!fip.ok) return fip;
      const pf = findPf(ctx, fip.value.id, str(a, "id") ?? "");
      return pf.ok ? ok(pfFields(pf.value)) : pf;
    },
  },
];

// ------------------------------------------------------------------ network meter (metering labels)

// neutron's metering policies are all `rule:admin_only`: others see no labels at all.
const meterFields = (m: MeteringLabel): CommandOutput => sortedShow({ description: m.description, id: m.id, name: m.name, project_id: m.projectId, shared: m.shared });

function findMeter(ctx: CommandContext, nameOrId: string): R<MeteringLabel> {
  return find(isAdmin(ctx.auth) ? ctx.draft.list("meteringLabels") : [], nameOrId, "MeteringLabel");
}

const meterCommands: CommandSpec[] = [
  {
    words: ["network", "meter", "create"], description: "Create network meter", output: "show",
    options: [
      opt.value("--description", "<description>", "Create description for meter"),
      opt.value("--project", "<project>", "Owner's project (name or ID)"), projectDomainOpt,
      opt.flag("--share", "Share meter between projects"), opt.flag("--no-share", "Do not share meter between projects"),
    ],
    positionals: [{ dest: "name", metavar: "<name>", help: "Name of meter" }],
    exclusive: [{ dests: ["share", "noShare"] }],
    run(a, ctx) {
      const owner = projectOf(ctx, a);
      if (!owner.ok) return owner;
      if (!isAdmin(ctx.auth)) return err(refuse(ctx, "metering/metering-labels", "create_metering_label"));
      const m: MeteringLabel = { id: newUuid(ctx.draft), name: str(a, "name") ?? "", projectId: owner.value ?? ctx.auth.projectId, description: str(a, "description") ?? "", shared: Boolean(a.share) };
      ctx.draft.put("meteringLabels", m.id, m);
      return ok(meterFields(m));
    },
  },
  {
    words: ["network", "meter", "delete"], description: "Delete network meter", output: "none",
    positionals: [{ dest: "meters", metavar: "<meter>", nargs: "+", help: "Meter to delete (name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "meters"), { singular: "meter", plural: "meters" }, ctx.requestId, (n) => {
        const m = findMeter(ctx, n);
        if (!m.ok) return m;
        // A label's rules go with it.
        for (const r of ctx.draft.list("meteringLabelRules")) if (r.meteringLabelId === m.value.id) ctx.draft.remove("meteringLabelRules", r.id);
        ctx.draft.remove("meteringLabels", m.value.id);
        return ok(undefined);
      }));
    },
  },
  {
    words: ["network", "meter", "list"], description: "List network meters", output: "list",
    run(_a, ctx) {
      const rows = (isAdmin(ctx.auth) ? ctx.draft.list("meteringLabels") : []).map((m): Value[] => [m.id, m.name, m.description, m.shared]);
      return ok({ kind: "list", columns: ["ID", "Name", "Description", "Shared"], rows });
    },
  },
  {
    words: ["network", "meter", "show"], description: "Show network meter", output: "show",
    positionals: [{ dest: "meter", metavar: "<meter>", help: "Meter to display (name or ID)" }],
    run(a, ctx) {
      const m = findMeter(ctx, str(a, "meter") ?? "");
      return m.ok ? ok(meterFields(m.value)) : m;
    },
  },
];

const ruleFields = (r: MeteringLabelRule): CommandOutput => sortedShow({
  destination_ip_prefix: r.destinationIpPrefix, direction: r.direction, excluded: r.excluded, id: r.id, metering_label_id: r.meteringLabelId,
  name: null, project_id: r.projectId, remote_ip_prefix: r.remoteIpPrefix, source_ip_prefix: r.sourceIpPrefix,
});

function checkPrefix(ctx: CommandContext, field: string, text: string | null): R<string | null> {
  if (text === null) return ok(null);
  const c = parseCidr4(text);
  if (!c) return err(apiError(ctx.draft, 400, "metering/metering-label-rules", `Invalid input for ${field}. Reason: '${text}' is not a valid IP subnet.`));
  return ok(text);
}

const meterRuleCommands: CommandSpec[] = [
  {
    words: ["network", "meter", "rule", "create"], description: "Create a new meter rule", output: "show",
    options: [
      opt.value("--project", "<project>", "Owner's project (name or ID)"), projectDomainOpt,
      opt.flag("--exclude", "Exclude remote IP prefix from traffic count"), opt.flag("--include", "Include remote IP prefix from traffic count (default)"),
      opt.flag("--ingress", "Apply rule to incoming network traffic (default)"), opt.flag("--egress", "Apply rule to outgoing network traffic"),
      opt.value("--remote-ip-prefix", "<remote-ip-prefix>", "The remote IP prefix to associate with this rule"),
      opt.value("--source-ip-prefix", "<remote-ip-prefix>", "The source IP prefix to associate with this rule"),
      opt.value("--destination-ip-prefix", "<remote-ip-prefix>", "The destination IP prefix to associate with this rule"),
    ],
    positionals: [{ dest: "meter", metavar: "<meter>", help: "Label to associate with this metering rule (name or ID)" }],
    exclusive: [{ dests: ["exclude", "include"] }, { dests: ["ingress", "egress"] }],
    run(a, ctx) {
      const owner = projectOf(ctx, a);
      if (!owner.ok) return owner;
      const m = findMeter(ctx, str(a, "meter") ?? "");
      if (!m.ok) return m;
      const path = "metering/metering-label-rules";
      const remote = checkPrefix(ctx, "remote_ip_prefix", str(a, "remoteIpPrefix"));
      if (!remote.ok) return remote;
      const source = checkPrefix(ctx, "source_ip_prefix", str(a, "sourceIpPrefix"));
      if (!source.ok) return source;
      const destination = checkPrefix(ctx, "destination_ip_prefix", str(a, "destinationIpPrefix"));
      if (!destination.ok) return destination;
      if (remote.value !== null && (source.value !== null || destination.value !== null)) {
        return err(apiError(ctx.draft, 400, path, "Cannot use 'remote-ip-prefix' in conjunction with 'source-ip-prefix' or 'destination-ip-prefix'."));
      }
      if (remote.value === null && source.value === null && destination.value === null) {
        return err(apiError(ctx.draft, 400, path, "You must define at least one of the following parameters 'remote_ip_prefix', or 'source_ip_prefix' or 'destination_ip_prefix'."));
      }
      const r: MeteringLabelRule = {
        id: newUuid(ctx.draft), meteringLabelId: m.value.id, projectId: owner.value ?? ctx.auth.projectId, direction: a.egress ? "egress" : "ingress",
        excluded: Boolean(a.exclude), remoteIpPrefix: remote.value, sourceIpPrefix: source.value, destinationIpPrefix: destination.value,
      };
      const rp = (x: string | null) => (x === null ? null : parseCidr4(x));
      const dup = ctx.draft.list("meteringLabelRules").find((o) => o.meteringLabelId === r.meteringLabelId && o.direction === r.direction &&
        o.excluded === r.excluded && [["remoteIpPrefix"], ["sourceIpPrefix"], ["destinationIpPrefix"]].every(([k]) => {
          const x = rp(o[k as "remoteIpPrefix"]);
          const y = rp(r[k as "remoteIpPrefix"]);
          return (x === null) === (y === null) && (x === null || y === null || cidrsOverlap(x, y));
        }));
      if (dup) return err(apiError(ctx.draft, 409, path, `Metering label rule with remote_ip_prefix ${r.remoteIpPrefix ?? r.sourceIpPrefix ?? r.destinationIpPrefix} overlaps another.`));
      ctx.draft.put("meteringLabelRules", r.id, r);
      return ok(ruleFields(r));
    },
  },
  {
    words: ["network", "meter", "rule", "delete"], description: "Delete meter rule(s)", output: "none",
    positionals: [{ dest: "ids", metavar: "<meter-rule-id>", nargs: "+", help: "Meter rule to delete (ID only)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "ids"), { singular: "meter rule", plural: "meter rules", by: "ID" }, ctx.requestId, (id) => {
        const r = isAdmin(ctx.auth) ? ctx.draft.get("meteringLabelRules", id) : undefined;
        if (!r) return err(sdkNotFound("MeteringLabelRule", id));
        ctx.draft.remove("meteringLabelRules", id);
        return ok(undefined);
      }));
    },
  },
  {
    words: ["network", "meter", "rule", "list"], description: "List meter rules", output: "list",
    run(_a, ctx) {
      const rows = (isAdmin(ctx.auth) ? ctx.draft.list("meteringLabelRules") : [])
        .map((r): Value[] => [r.id, r.excluded, r.direction, r.remoteIpPrefix, r.sourceIpPrefix, r.destinationIpPrefix]);
      return ok({ kind: "list", columns: ["ID", "Excluded", "Direction", "Remote IP Prefix", "Source IP Prefix", "Destination IP Prefix"], rows });
    },
  },
  {
    words: ["network", "meter", "rule", "show"], description: "Display meter rules details", output: "show",
    positionals: [{ dest: "id", metavar: "<meter-rule-id>", help: "Meter rule (ID only)" }],
    run(a, ctx) {
      const id = str(a, "id") ?? "";
      const r = isAdmin(ctx.auth) ? ctx.draft.get("meteringLabelRules", id) : undefined;
      return r ? ok(ruleFields(r)) : err(sdkNotFound("MeteringLabelRule", id));
    },
  },
];

// ------------------------------------------------------------------ network segment

/**
 * ML2 keeps one segment per network (the provider attributes). Its id is not stored: it is derived from the
 * network's id, so it is stable across commands and replays like any other id.
 */
export function segmentId(networkId: string): string {
  const h = md5Hex(`segment:${networkId}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[Number.parseInt(h[16] ?? "0", 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const segmentFields = (n: Network): CommandOutput => sortedShow({
  description: null, id: segmentId(n.id), name: null, network_id: n.id, network_type: n.providerNetworkType,
  physical_network: n.providerPhysicalNetwork, segmentation_id: n.providerSegmentationId,
});

/** `get_segment` is `rule:admin_only`: other users see no segments. */
const segmentNetworks = (ctx: CommandContext): Network[] =>
  isAdmin(ctx.auth) ? ctx.draft.list("networks").slice().sort((x, y) => x.createdAt - y.createdAt || (x.id < y.id ? -1 : 1)) : [];

const segmentCommands: CommandSpec[] = [
  {
    words: ["network", "segment", "list"], description: "List network segments", output: "list",
    options: [
      opt.flag("--long", "List additional fields in output"),
      opt.value("--network", "<network>", "List network segments that belong to this network (name or ID)"),
    ],
    run(a, ctx) {
      let networkId: string | null = null;
      if (str(a, "network") !== null) {
        const n = S.findNetwork(ctx.draft, ctx.auth, str(a, "network") ?? "");
        if (!n.ok) return n;
        networkId = n.value.id;
      }
      const nets = segmentNetworks(ctx).filter((n) => networkId === null || n.id === networkId);
      const base = (n: Network): Value[] => [segmentId(n.id), null, n.id, n.providerNetworkType, n.providerSegmentationId];
      if (a.long) return ok({ kind: "list", columns: ["ID", "Name", "Network", "Network Type", "Segment", "Physical Network"], rows: nets.map((n) => [...base(n), n.providerPhysicalNetwork]) });
      return ok({ kind: "list", columns: ["ID", "Name", "Network", "Network Type", "Segment"], rows: nets.map(base) });
    },
  },
  {
    words: ["network", "segment", "show"], description: "Display network segment details", output: "show",
    positionals: [{ dest: "segment", metavar: "<network-segment>", help: "Segment to display (name or ID)" }],
    run(a, ctx) {
      const id = str(a, "segment") ?? "";
      const n = segmentNetworks(ctx).find((x) => segmentId(x.id) === id);
      return n ? ok(segmentFields(n)) : err(sdkNotFound("Segment", id));
    },
  },
];

export const networkExtraCommands: CommandSpec[] = [...subnetPoolCommands, ...portForwardingCommands, ...meterCommands, ...meterRuleCommands, ...segmentCommands];
