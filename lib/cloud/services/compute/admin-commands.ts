import type { CommandContext, CommandOutput, CommandSpec, ParsedArgs, Value } from "../../cli/spec";
import { formatted, listColumn } from "../../cli/spec";
import { bulkDelete, opt } from "../../cli/helpers";
import { err, ok, type Result } from "../../result";
import { badRequest, conflict, notFound, type CloudError } from "../../errors";
import { newUuid } from "../../ids";
import { isAdmin } from "../../policy";
import { checkQuota } from "../../quota";
import type { Aggregate, ServerGroup } from "../../types";
import { findProject } from "../identity/service";
import { novaAuthorize, novaPolicyRefusal } from "./policy";
import * as S from "./service";
import { sdkNova } from "./errors";
import { dictCol, novaMicros } from "./format";

// Compute administration: host aggregates, availability zones, hypervisors, compute services, hosts, usage
// and server groups (python-openstackclient compute v2 + common/availability_zone.py).

type Out = Result<CommandOutput, CloudError>;
const str = (a: ParsedArgs, k: string): string | null => (typeof a[k] === "string" ? (a[k] as string) : null);
const list = (a: ParsedArgs, k: string): string[] => (Array.isArray(a[k]) ? (a[k] as string[]) : []);
const props = (a: ParsedArgs, k = "properties"): Record<string, string> => (a[k] as Record<string, string> | undefined) ?? {};
const show = (fields: Record<string, Value>): Out => ok({ kind: "show", fields: Object.keys(fields).sort().map((k) => [k, fields[k] ?? null]) });

// ================================================================== aggregate

function aggregateFields(a: Aggregate, opts: { hideZoneProperty?: boolean; bare?: boolean } = {}): Record<string, Value> {
  const meta = { ...a.metadata };
  if (opts.hideZoneProperty) delete meta.availability_zone;
  return {
    availability_zone: a.availabilityZone, created_at: novaMicros(a.createdAt), deleted_at: null,
    // POST /os-aggregates answers without hosts or metadata; the client prints them empty.
    hosts: opts.bare ? formatted("", null) : listColumn(a.hosts), id: a.id, is_deleted: false, name: a.name,
    properties: opts.bare ? formatted("", null) : dictCol(meta), updated_at: novaMicros(a.updatedAt), uuid: a.uuid,
  };
}

function aggregateArg(ctx: CommandContext, a: ParsedArgs, rule: string): Result<Aggregate, CloudError> {
  const g = novaAuthorize(ctx.auth, rule);
  if (!g.ok) return g;
  return S.findAggregate(ctx.draft, str(a, "aggregate") ?? "");
}

/** nova: a host may sit in several aggregates only if they agree on the availability zone. */
function zoneConflict(ctx: CommandContext, agg: Aggregate, host: string, zone: string | null): CloudError | null {
  if (!zone) return null;
  const others = ctx.draft.list("aggregates").filter((x) => x.id !== agg.id && x.hosts.includes(host) && x.availabilityZone && x.availabilityZone !== zone);
  if (others.length === 0) return null;
  return conflict(`Cannot add host to aggregate ${agg.id}. Reason: One or more hosts already in availability zone(s) [${others.map((o) => `'${o.availabilityZone}'`).join(", ")}].`);
}

const aggregateCommands: CommandSpec[] = [
  {
    words: ["aggregate", "create"], description: "Create a new aggregate", output: "show",
    options: [
      opt.value("--zone", "<availability-zone>", "Availability zone name"),
      { names: ["--property"], dest: "properties", metavar: "<key=value>", action: "keyvalue", help: "Property to add to this aggregate (repeat option to set multiple properties)" },
    ],
    positionals: [{ dest: "name", metavar: "<name>", help: "New aggregate name" }],
    run(a, ctx) {
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-aggregates:create");
      if (!g.ok) return g;
      const name = str(a, "name") ?? "";
      if (ctx.draft.list("aggregates").some((x) => x.name === name)) return err(conflict(`Aggregate ${name} already exists.`));
      const zone = str(a, "zone");
      if (zone === "internal") return err(badRequest("Aggregate availability zone can not be the internal zone"));
      const id = ctx.draft.list("aggregates").reduce((m, x) => Math.max(m, x.id), 0) + 1;
      const agg: Aggregate = {
        id, uuid: newUuid(ctx.draft), name, availabilityZone: zone, hosts: [], metadata: zone ? { availability_zone: zone } : {},
        createdAt: ctx.draft.now, updatedAt: null,
      };
      const properties = props(a);
      if (Object.keys(properties).length > 0) {
        agg.metadata = { ...agg.metadata, ...properties };
        ctx.draft.put("aggregates", String(id), agg);
        return show(aggregateFields(agg));
      }
      ctx.draft.put("aggregates", String(id), agg);
      return show(aggregateFields(agg, { bare: true }));
    },
  },
  {
    words: ["aggregate", "delete"], description: "Delete existing aggregate(s)", output: "none",
    positionals: [{ dest: "aggregates", metavar: "<aggregate>", nargs: "+", help: "Aggregate(s) to delete (name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "aggregates"), { singular: "aggregate", plural: "aggregates" }, ctx.requestId, (n) => {
        const found = S.findAggregate(ctx.draft, n);
        if (!found.ok) return found;
        const path = `/os-aggregates/${found.value.id}`;
        const g = novaAuthorize(ctx.auth, "os_compute_api:os-aggregates:delete");
        if (!g.ok) return err(sdkNova(ctx.draft, g.error, path));
        if (found.value.hosts.length > 0) return err(sdkNova(ctx.draft, badRequest(`Cannot remove host from aggregate ${found.value.id}. Reason: Host aggregate is not empty.`), path));
        ctx.draft.remove("aggregates", String(found.value.id));
        return ok(undefined);
      }));
    },
  },
  {
    words: ["aggregate", "list"], description: "List all aggregates", output: "list",
    options: [opt.flag("--long", "List additional fields in output")],
    run(a, ctx) {
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-aggregates:index");
      if (!g.ok) return g;
      const aggs = ctx.draft.list("aggregates").sort((x, y) => x.id - y.id);
      const columns = ["ID", "UUID", "Name", "Availability Zone"];
      if (a.long) columns.push("Properties", "Hosts");
      const rows = aggs.map((x): Value[] => {
        const r: Value[] = [x.id, x.uuid, x.name, x.availabilityZone];
        if (a.long) {
          const meta = { ...x.metadata };
          delete meta.availability_zone;
          r.push(dictCol(meta), listColumn(x.hosts));
        }
        return r;
      });
      return ok({ kind: "list", columns, rows });
    },
  },
  {
    words: ["aggregate", "show"], description: "Display aggregate details", output: "show",
    positionals: [{ dest: "aggregate", metavar: "<aggregate>", help: "Aggregate to display (name or ID)" }],
    run(a, ctx) {
      const agg = aggregateArg(ctx, a, "os_compute_api:os-aggregates:show");
      return agg.ok ? show(aggregateFields(agg.value, { hideZoneProperty: true })) : agg;
    },
  },
  {
    words: ["aggregate", "set"], description: "Set aggregate properties", output: "none",
    options: [
      opt.value("--name", "<name>", "Set aggregate name"),
      opt.value("--zone", "<availability-zone>", "Set availability zone name"),
      { names: ["--property"], dest: "properties", metavar: "<key=value>", action: "keyvalue", help: "Property to set on <aggregate> (repeat option to set multiple properties)" },
      opt.flag("--no-property", "Remove all properties from <aggregate> (specify both --property and --no-property to overwrite the current properties)"),
    ],
    positionals: [{ dest: "aggregate", metavar: "<aggregate>", help: "Aggregate to modify (name or ID)" }],
    run(a, ctx) {
      const found = aggregateArg(ctx, a, "os_compute_api:os-aggregates:update");
      if (!found.ok) return found;
      let agg = found.value;
      const name = str(a, "name");
      const zone = str(a, "zone");
      if (name && ctx.draft.list("aggregates").some((x) => x.name === name && x.id !== agg.id)) return err(conflict(`Aggregate ${name} already exists.`));
      if (zone) {
        for (const h of agg.hosts) {
          const c = zoneConflict(ctx, agg, h, zone);
          if (c) return err(badRequest(`Cannot update aggregate ${agg.id}. Reason: One or more hosts contain instances in this zone.`));
        }
      }
      if (name || zone) {
        agg = ctx.draft.update("aggregates", String(agg.id), {
          ...(name ? { name } : {}), ...(zone ? { availabilityZone: zone, metadata: { ...agg.metadata, availability_zone: zone } } : {}), updatedAt: ctx.draft.now,
        });
      }
      let meta = { ...agg.metadata };
      if (a.noProperty) meta = agg.metadata.availability_zone !== undefined ? { availability_zone: agg.metadata.availability_zone } : {};
      const properties = props(a);
      if (a.noProperty || Object.keys(properties).length > 0) {
        meta = { ...meta, ...properties };
        ctx.draft.update("aggregates", String(agg.id), { metadata: meta, availabilityZone: meta.availability_zone ?? null, updatedAt: ctx.draft.now });
      }
      return ok({ kind: "none" });
    },
  },
  {
    words: ["aggregate", "unset"], description: "Unset aggregate properties", output: "none",
    options: [{ names: ["--property"], dest: "properties", metavar: "<key>", action: "append", help: "Property to remove from aggregate (repeat option to remove multiple properties)" }],
    positionals: [{ dest: "aggregate", metavar: "<aggregate>", help: "Aggregate to modify (name or ID)" }],
    run(a, ctx) {
      const found = aggregateArg(ctx, a, "os_compute_api:os-aggregates:set_metadata");
      if (!found.ok) return found;
      const keys = list(a, "properties");
      if (keys.length === 0) return ok({ kind: "none" });
      const meta = { ...found.value.metadata };
      for (const k of keys) {
        if (!(k in meta)) return err(notFound(`Aggregate ${found.value.id} has no metadata with key ${k}.`));
        delete meta[k];
      }
      ctx.draft.update("aggregates", String(found.value.id), { metadata: meta, availabilityZone: meta.availability_zone ?? null, updatedAt: ctx.draft.now });
      return ok({ kind: "none" });
    },
  },
  {
    words: ["aggregate", "add", "host"], description: "Add host to aggregate", output: "show",
    positionals: [{ dest: "aggregate", metavar: "<aggregate>", help: "Aggregate (name or ID)" }, { dest: "host", metavar: "<host>", help: "Host to add to <aggregate>" }],
    run(a, ctx) {
      const found = aggregateArg(ctx, a, "os_compute_api:os-aggregates:add_host");
      if (!found.ok) return found;
      const host = str(a, "host") ?? "";
      if (!S.computeServiceOf(ctx.draft, host)) return err(notFound(`Compute host ${host} could not be found.`));
      if (found.value.hosts.includes(host)) return err(conflict(`Aggregate ${found.value.id} already has host ${host}.`));
      const c = zoneConflict(ctx, found.value, host, found.value.availabilityZone);
      if (c) return err(c);
      const agg = ctx.draft.update("aggregates", String(found.value.id), { hosts: [...found.value.hosts, host], updatedAt: ctx.draft.now });
      return show(aggregateFields(agg));
    },
  },
  {
    words: ["aggregate", "remove", "host"], description: "Remove host from aggregate", output: "show",
    positionals: [{ dest: "aggregate", metavar: "<aggregate>", help: "Aggregate (name or ID)" }, { dest: "host", metavar: "<host>", help: "Host to remove from <aggregate>" }],
    run(a, ctx) {
      const found = aggregateArg(ctx, a, "os_compute_api:os-aggregates:remove_host");
      if (!found.ok) return found;
      const host = str(a, "host") ?? "";
      if (!S.computeServiceOf(ctx.draft, host)) return err(notFound(`Compute host ${host} could not be found.`));
      if (!found.value.hosts.includes(host)) return err(notFound(`Aggregate ${found.value.id} has no host ${host}.`));
      const agg = ctx.draft.update("aggregates", String(found.value.id), { hosts: found.value.hosts.filter((h) => h !== host), updatedAt: ctx.draft.now });
      return show(aggregateFields(agg));
    },
  },
];

// ================================================================== availability zone

const availabilityZoneCommands: CommandSpec[] = [
  {
    words: ["availability", "zone", "list"], description: "List availability zones and their status", output: "list",
    options: [
      opt.flag("--compute", "List compute availability zones"),
      opt.flag("--network", "List network availability zones"),
      opt.flag("--volume", "List volume availability zones"),
      opt.flag("--long", "List additional fields in output"),
    ],
    run(a, ctx) {
      const all = !a.compute && !a.network && !a.volume;
      const rows: Value[][] = [];
      const long = Boolean(a.long);
      const row = (zone: string, status: string, host = "", svc = "", svcStatus = ""): Value[] => (long ? [zone, status, "", host, svc, svcStatus] : [zone, status]);
      if (all || a.compute) {
        // The detailed listing (with the `internal` zone and per-host services) is admin-only; others fall back
        // to the plain one, which hides `internal`. nova (availability_zones.get_availability_zones) calls a zone
        // available when one of its services is enabled, whether or not it is up, and returns the available zones
        // sorted, then the others sorted; only enabled services appear under a zone's hosts.
        const detail = isAdmin(ctx.auth);
        const services = ctx.draft.list("computeServices");
        const zoneOf = (s: { binary: string; host: string }): string => (s.binary === "nova-compute" ? S.zoneOfHost(ctx.draft, s.host) : "internal");
        const enabled = services.filter((s) => s.status === "enabled");
        const available = [...new Set(enabled.map(zoneOf))].sort();
        const unavailable = [...new Set(services.map(zoneOf))].filter((z) => !available.includes(z)).sort();
        const visible = (z: string): boolean => detail || z !== "internal";
        for (const z of available.filter(visible)) {
          if (!long || !detail) {
            rows.push(row(z, "available"));
            continue;
          }
          const inZone = enabled.filter((s) => zoneOf(s) === z);
          for (const host of [...new Set(inZone.map((s) => s.host))]) {
            for (const s of inZone.filter((x) => x.host === host)) {
              rows.push(row(z, "available", host, s.binary, `enabled ${s.state === "up" ? ":-)" : "XXX"} ${novaMicros(s.updatedAt)}`));
            }
          }
        }
        for (const z of unavailable.filter(visible)) rows.push(row(z, "not available"));
      }
      if (all || a.volume) {
        // cinder's list_availability_zones: the zones of cinder-volume services, available when one is enabled.
        const volumeServices = ctx.draft.list("volumeServices").filter((s) => s.binary === "cinder-volume");
        const zones = [...new Set(volumeServices.map((s) => s.zone))].sort();
        for (const z of zones) rows.push(row(z, volumeServices.some((s) => s.zone === z && s.status === "enabled") ? "available" : "not available"));
      }
      if (all || a.network) {
        // ML2/OVN reports router zones only from gateway chassis whose ovn-cms-options name `availability-zones`;
        // DevStack sets just `enable-chassis-as-gw`, so neutron has no zones to list (and no warning: the
        // extension is there).
      }
      const columns = long ? ["Zone Name", "Zone Status", "Zone Resource", "Host Name", "Service Name", "Service Status"] : ["Zone Name", "Zone Status"];
      return ok({ kind: "list", columns, rows });
    },
  },
];

// ================================================================== hypervisor / host / compute service

function hypervisorArg(ctx: CommandContext, nameOrId: string, rule: string) {
  const g = novaAuthorize(ctx.auth, rule);
  if (!g.ok) return g;
  return S.findHypervisor(ctx.draft, nameOrId);
}

const hostCommands: CommandSpec[] = [
  {
    words: ["hypervisor", "list"], description: "List hypervisors", output: "list",
    options: [
      opt.value("--matching", "<hostname>", "Filter hypervisors using <hostname> substringHypervisor Type and Host IP are not returned when using microversion 2.52 or lower"),
      opt.value("--marker", "<marker>", "The UUID of the last hypervisor of the previous page; displays list of hypervisors after 'marker'. (supported with --os-compute-api-version 2.33 or above)"),
      opt.value("--limit", "<limit>", "Maximum number of hypervisors to display. Note that there is a configurable max limit on the server, and the limit that is used will be the minimum of what is requested here and what is configured in the server. (supported with --os-compute-api-version 2.33 or above)", { type: "int" }),
      opt.flag("--long", "List additional fields in output"),
    ],
    run(a, ctx) {
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-hypervisors:list");
      if (!g.ok) return g;
      const m = str(a, "matching");
      const hs = ctx.draft.list("hypervisors").filter((h) => !m || h.hostname.includes(m));
      if (m && hs.length === 0) return err(notFound(`No hypervisor matching '${m}' could be found.`));
      // Since microversion 2.88 nova no longer reports per-hypervisor vCPU/RAM figures (placement owns them),
      // so `--long` adds nothing on a current cloud.
      return ok({ kind: "list", columns: ["ID", "Hypervisor Hostname", "Hypervisor Type", "Host IP", "State"], rows: hs.map((h): Value[] => [h.id, h.hostname, h.type, h.hostIp, h.state]) });
    },
  },
  {
    words: ["hypervisor", "show"], description: "Display hypervisor details", output: "show",
    positionals: [{ dest: "hypervisor", metavar: "<hypervisor>", help: "Hypervisor to display (name or ID)" }],
    run(a, ctx) {
      const h = hypervisorArg(ctx, str(a, "hypervisor") ?? "", "os_compute_api:os-hypervisors:show");
      if (!h.ok) return h;
      const hv = h.value;
      const aggs = ctx.draft.list("aggregates").filter((x) => x.hosts.includes(hv.serviceHost)).map((x) => x.name);
      const svc = S.computeServiceOf(ctx.draft, hv.serviceHost);
      const servers = ctx.draft.list("servers").filter((s) => s.host === hv.serviceHost).length;
      return show({
        aggregates: formatted(`[${aggs.map((x) => `'${x}'`).join(", ")}]`, aggs), cpu_info: null, host_ip: hv.hostIp, host_time: "09:00:00",
        hypervisor_hostname: hv.hostname, hypervisor_type: hv.type, hypervisor_version: hv.version, id: hv.id, load_average: "0.12, 0.08, 0.05",
        service_host: hv.serviceHost, service_id: svc?.id ?? null, state: hv.state, status: svc?.status === "disabled" ? "disabled" : hv.status,
        uptime: "3 days,  1:02", users: `${servers > 0 ? 1 : 0}`,
      });
    },
  },
  {
    words: ["hypervisor", "stats", "show"], description: "Display hypervisor stats details", output: "show",
    run(_a, ctx) {
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-hypervisors:statistics");
      if (!g.ok) return g;
      const hs = ctx.draft.list("hypervisors");
      let vcpus = 0, used = 0, mem = 0, memUsed = 0, disk = 0, diskUsed = 0, running = 0;
      for (const h of hs) {
        const u = S.hostUsage(ctx.draft, h.serviceHost);
        vcpus += h.vcpus; used += u.vcpus; mem += h.memoryMb; memUsed += u.ramMb + S.RESERVED_HOST_MEMORY_MB; disk += h.localGb; diskUsed += u.diskGb; running += u.servers;
      }
      return show({
        count: hs.length, current_workload: 0, disk_available_least: disk - diskUsed, free_disk_gb: disk - diskUsed, free_ram_mb: mem - memUsed, local_gb: disk,
        local_gb_used: diskUsed, memory_mb: mem, memory_mb_used: memUsed, running_vms: running, vcpus, vcpus_used: used,
      });
    },
  },
  {
    words: ["compute", "service", "list"], description: "List compute services", output: "list",
    options: [
      opt.value("--host", "<host>", "List services on specified host (name only)"),
      opt.value("--service", "<service>", "List only specified service binaries (name only). For example, ``nova-compute``, ``nova-conductor``, etc."),
      opt.flag("--long", "List additional fields in output"),
    ],
    run(a, ctx) {
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-services:list");
      if (!g.ok) return g;
      const host = str(a, "host");
      const svc = str(a, "service");
      const rows = ctx.draft.list("computeServices").filter((s) => (!host || s.host === host) && (!svc || s.binary === svc)).map((s): Value[] => {
        const zone = s.binary === "nova-compute" ? S.zoneOfHost(ctx.draft, s.host) : s.zone;
        const r: Value[] = [s.id, s.binary, s.host, zone, s.status, s.state, novaMicros(s.updatedAt)];
        if (a.long) r.push(s.disabledReason, s.forcedDown);
        return r;
      });
      const columns = ["ID", "Binary", "Host", "Zone", "Status", "State", "Updated At"];
      if (a.long) columns.push("Disabled Reason", "Forced Down");
      return ok({ kind: "list", columns, rows });
    },
  },
  {
    words: ["compute", "service", "set"], description: "Set compute service properties", output: "none",
    options: [
      opt.flag("--enable", "Enable service"),
      opt.flag("--disable", "Disable service"),
      opt.value("--disable-reason", "<reason>", "Reason for disabling the service (in quotes). Should be used with --disable option."),
      opt.flag("--up", "Force up service. Requires ``--os-compute-api-version`` 2.11 or greater."),
      opt.flag("--down", "Force down service. Requires ``--os-compute-api-version`` 2.11 or greater."),
    ],
    positionals: [{ dest: "host", metavar: "<host>", help: "Name of host" }, { dest: "service", metavar: "<service>", help: "Name of service (Binary name), for example ``nova-compute``" }],
    exclusive: [{ dests: ["enable", "disable"] }, { dests: ["up", "down"] }],
    run(a, ctx) {
      const reason = str(a, "disableReason");
      if (reason && !a.disable) return err({ code: "cloud/CommandError", message: "Cannot specify option --disable-reason without --disable specified." });
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-services:update");
      if (!g.ok) return g;
      const host = str(a, "host") ?? "";
      const binary = str(a, "service") ?? "";
      const s = ctx.draft.list("computeServices").find((x) => x.host === host && x.binary === binary);
      if (!s) return err({ code: "cloud/CommandError", message: `Compute service for host ${host} and binary ${binary} not found.` });
      const errors: string[] = [];
      if (a.enable) ctx.draft.update("computeServices", s.id, { status: "enabled", disabledReason: null, updatedAt: ctx.draft.now });
      if (a.disable) ctx.draft.update("computeServices", s.id, { status: "disabled", disabledReason: reason, updatedAt: ctx.draft.now });
      if (a.up || a.down) ctx.draft.update("computeServices", s.id, { forcedDown: Boolean(a.down), state: a.down ? "down" : "up", updatedAt: ctx.draft.now });
      if (errors.length > 0) return ok({ kind: "none", warnings: errors, failure: "Compute service set failed" });
      return ok({ kind: "none" });
    },
  },
  {
    words: ["host", "list"], description: "List hosts", output: "list",
    options: [opt.value("--zone", "<zone>", "Only return hosts in the availability zone")],
    run(a, ctx) {
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-hosts:list");
      if (!g.ok) return g;
      const zone = str(a, "zone");
      const rows: Value[][] = [];
      for (const s of ctx.draft.list("computeServices")) {
        const z = s.binary === "nova-compute" ? S.zoneOfHost(ctx.draft, s.host) : "internal";
        if (zone && z !== zone) continue;
        rows.push([s.host, s.binary.replace(/^nova-/, ""), z]);
      }
      return ok({ kind: "list", columns: ["Host Name", "Service", "Zone"], rows });
    },
  },
  {
    words: ["host", "show"], description: "Display host details", output: "list",
    positionals: [{ dest: "host", metavar: "<host>", help: "Name of host" }],
    run(a, ctx) {
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-hosts:show");
      if (!g.ok) return g;
      const host = str(a, "host") ?? "";
      const hv = ctx.draft.list("hypervisors").find((h) => h.serviceHost === host);
      if (!hv) return err(notFound(`Compute host ${host} could not be found.`));
      const used = S.hostUsage(ctx.draft, host);
      const rows: Value[][] = [
        [host, "(total)", hv.vcpus, hv.memoryMb, hv.localGb],
        [host, "(used_now)", used.vcpus, used.ramMb + S.RESERVED_HOST_MEMORY_MB, used.diskGb],
        [host, "(used_max)", used.vcpus, used.ramMb, used.diskGb],
      ];
      const perProject = new Map<string, { c: number; r: number; d: number }>();
      for (const s of ctx.draft.list("servers").filter((x) => x.host === host)) {
        const p = perProject.get(s.projectId) ?? { c: 0, r: 0, d: 0 };
        p.c += s.flavor.vcpus; p.r += s.flavor.ramMb; p.d += s.flavor.diskGb;
        perProject.set(s.projectId, p);
      }
      for (const [p, v] of perProject) rows.push([host, p, v.c, v.r, v.d]);
      return ok({ kind: "list", columns: ["Host", "Project", "CPU", "Memory MB", "Disk GB"], rows });
    },
  },
];

// ================================================================== usage

const HOUR = 3_600_000;

function usageOf(ctx: CommandContext, projectId: string, start: number, end: number) {
  let ram = 0, cpu = 0, disk = 0, servers = 0;
  for (const s of ctx.draft.list("servers")) {
    if (s.projectId !== projectId) continue;
    const from = Math.max(start, s.createdAt);
    const hours = Math.max(0, end - from) / HOUR;
    if (s.createdAt > end) continue;
    servers += 1;
    ram += s.flavor.ramMb * hours;
    cpu += s.flavor.vcpus * hours;
    disk += s.flavor.diskGb * hours;
  }
  return { servers, ram, cpu, disk };
}

/** `--start`/`--end` as the client parses them (YYYY-MM-DD); the default window is the last four weeks. */
function usageWindow(ctx: CommandContext, a: ParsedArgs): Result<[number, number], CloudError> {
  const parse = (k: string, fallback: number): number | null => {
    const v = str(a, k);
    if (!v) return fallback;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  };
  const end = parse("end", ctx.draft.now + 24 * HOUR);
  const start = parse("start", ctx.draft.now - 27 * 24 * HOUR);
  if (end === null || start === null) return err({ code: "cloud/CommandError", message: "time data does not match format '%Y-%m-%d'" });
  return ok([start, end]);
}

const two = (n: number): string => n.toFixed(2);

const usageCommands: CommandSpec[] = [
  {
    words: ["usage", "list"], description: "List resource usage per project", output: "list",
    options: [
      opt.value("--start", "<start>", "Usage range start date, ex 2012-01-20 (default: 4 weeks ago)"),
      opt.value("--end", "<end>", "Usage range end date, ex 2012-01-20 (default: tomorrow)"),
    ],
    run(a, ctx) {
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-simple-tenant-usage:list");
      if (!g.ok) return g;
      const w = usageWindow(ctx, a);
      if (!w.ok) return w;
      const [start, end] = w.value;
      const projects = [...new Set(ctx.draft.list("servers").map((s) => s.projectId))];
      const rows = projects.map((p): Value[] => {
        const u = usageOf(ctx, p, start, end);
        return [ctx.draft.get("projects", p)?.name ?? p, u.servers, formatted(two(u.ram), u.ram), formatted(two(u.cpu), u.cpu), formatted(two(u.disk), u.disk)];
      });
      return ok({ kind: "list", columns: ["Project", "Servers", "RAM MB-Hours", "CPU Hours", "Disk GB-Hours"], rows });
    },
  },
  {
    words: ["usage", "show"], description: "Show resource usage for a single project", output: "show",
    options: [
      opt.value("--project", "<project>", "Name or ID of project to show usage for"),
      opt.value("--start", "<start>", "Usage range start date, ex 2012-01-20 (default: 4 weeks ago)"),
      opt.value("--end", "<end>", "Usage range end date, ex 2012-01-20 (default: tomorrow)"),
    ],
    run(a, ctx) {
      let projectId = ctx.auth.projectId;
      const project = str(a, "project");
      if (project) {
        const p = findProject(ctx.draft, project);
        if (!p.ok) return p;
        projectId = p.value.id;
      }
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-simple-tenant-usage:show", { projectId });
      if (!g.ok) return g;
      const w = usageWindow(ctx, a);
      if (!w.ok) return w;
      const u = usageOf(ctx, projectId, w.value[0], w.value[1]);
      return show({ "CPU Hours": formatted(two(u.cpu), u.cpu), "Disk GB-Hours": formatted(two(u.disk), u.disk), "RAM MB-Hours": formatted(two(u.ram), u.ram), Servers: u.servers });
    },
  },
];

// ================================================================== server group

function serverGroupFields(g: ServerGroup): Record<string, Value> {
  return { id: g.id, members: formatted(g.memberIds.join(", "), [...g.memberIds]), name: g.name, policy: g.policy, project_id: g.projectId, rules: dictCol({}), user_id: g.userId };
}

const POLICIES = ["affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity"] as const;

const serverGroupCommands: CommandSpec[] = [
  {
    words: ["server", "group", "create"], description: "Create a new server group.", output: "show",
    options: [
      opt.value("--policy", "<policy>", "Add a policy to <name> Specify --os-compute-api-version 2.15 or higher for the 'soft-affinity' or 'soft-anti-affinity' policy.", { choices: POLICIES, default: "affinity" }),
      { names: ["--rule"], dest: "rules", metavar: "<key=value>", action: "keyvalue", help: "A rule for the policy. Currently, only the 'max_server_per_host' rule is supported for the 'anti-affinity' policy." },
    ],
    positionals: [{ dest: "name", metavar: "<name>", help: "New server group name" }],
    run(a, ctx) {
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-server-groups:create", { projectId: ctx.auth.projectId });
      if (!g.ok) return g;
      const q = checkQuota(ctx.draft, ctx.auth.projectId, "server_groups", 1);
      if (!q.ok) return err({ code: "cloud/OverQuota", httpStatus: 403, message: "Quota exceeded, too many server groups." });
      const grp: ServerGroup = { id: newUuid(ctx.draft), name: str(a, "name") ?? "", projectId: ctx.auth.projectId, userId: ctx.auth.userId, policy: String(a.policy ?? "affinity"), memberIds: [] };
      ctx.draft.put("serverGroups", grp.id, grp);
      return show(serverGroupFields(grp));
    },
  },
  {
    words: ["server", "group", "delete"], description: "Delete existing server group(s).", output: "none",
    positionals: [{ dest: "groups", metavar: "<server-group>", nargs: "+", help: "server group(s) to delete (name or ID)" }],
    run(a, ctx) {
      const warnings: string[] = [];
      const names = list(a, "groups");
      for (const n of names) {
        const f = S.findServerGroup(ctx.draft, ctx.auth, n);
        const g = f.ok ? novaAuthorize(ctx.auth, "os_compute_api:os-server-groups:delete", { projectId: f.value.projectId }) : f;
        if (!g.ok) warnings.push(sdkNova(ctx.draft, g.error, `/os-server-groups/${f.ok ? f.value.id : n}`).message);
        else if (f.ok) ctx.draft.remove("serverGroups", f.value.id);
      }
      if (warnings.length > 0) return ok({ kind: "none", warnings, failure: `${warnings.length} of ${names.length} server groups failed to delete.` });
      return ok({ kind: "none" });
    },
  },
  {
    words: ["server", "group", "list"], description: "List all server groups.", output: "list",
    options: [opt.flag("--all-projects", "Display information from all projects (admin only)"), opt.flag("--long", "List additional fields in output")],
    run(a, ctx) {
      if (a.allProjects && !isAdmin(ctx.auth)) return err(novaPolicyRefusal("os_compute_api:os-server-groups:index:all_projects"));
      const groups = ctx.draft.list("serverGroups").filter((g) => a.allProjects || g.projectId === ctx.auth.projectId);
      const columns = a.long ? ["ID", "Name", "Policy", "Members", "Project Id", "User Id"] : ["ID", "Name", "Policy"];
      const rows = groups.map((g): Value[] => (a.long ? [g.id, g.name, g.policy, listColumn(g.memberIds), g.projectId, g.userId] : [g.id, g.name, g.policy]));
      return ok({ kind: "list", columns, rows });
    },
  },
  {
    words: ["server", "group", "show"], description: "Display server group details.", output: "show",
    positionals: [{ dest: "group", metavar: "<server-group>", help: "server group to display (name or ID)" }],
    run(a, ctx) {
      const f = S.findServerGroup(ctx.draft, ctx.auth, str(a, "group") ?? "");
      return f.ok ? show(serverGroupFields(f.value)) : f;
    },
  },
];

export const computeAdminCommands: CommandSpec[] = [...aggregateCommands, ...availabilityZoneCommands, ...hostCommands, ...usageCommands, ...serverGroupCommands];
