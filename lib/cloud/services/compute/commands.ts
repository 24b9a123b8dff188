import type { ActionFailure, CommandContext, CommandOutput, CommandSpec, OptionSpec, ParsedArgs, Value } from "../../cli/spec";
import { formatted, listColumn } from "../../cli/spec";
import { bulkDelete, opt } from "../../cli/helpers";
import { err, ok, type Result } from "../../result";
import { badRequest, commandError, conflict, notFound, type CloudError } from "../../errors";
import { newSecret, newUuid } from "../../ids";
import { isAdmin } from "../../policy";
import { checkQuota } from "../../quota";
import type { Flavor, Keypair, Server, ServerStatus } from "../../types";
import { findProject } from "../identity/service";
import * as net from "../network/service";
import * as img from "../image/service";
import { imageFields } from "../image/commands";
import * as vol from "../volume/service";
import { novaAllows, novaAuthorize, novaPolicyRefusal } from "./policy";
import * as S from "./service";
import { computeAdminCommands } from "./admin-commands";
import { sdkNova, withSdkErrors } from "./errors";
import { addressesCol, dictCol, flavorFields, formatDict, imageLabel, novaMicros, powerStateCol, pyFloat, serverFields } from "./format";

// `openstack` compute commands (python-openstackclient compute v2, openstacksdk-backed), bound to nova's rules.

type Out = Result<CommandOutput, CloudError>;

const str = (a: ParsedArgs, k: string): string | null => (typeof a[k] === "string" ? (a[k] as string) : null);
const num = (a: ParsedArgs, k: string): number | null => (typeof a[k] === "number" ? (a[k] as number) : null);
const list = (a: ParsedArgs, k: string): string[] => (Array.isArray(a[k]) ? (a[k] as string[]) : []);
const props = (a: ParsedArgs, k = "properties"): Record<string, string> => (a[k] as Record<string, string> | undefined) ?? {};
const none = (): Out => ok({ kind: "none" });
const show = (fields: [string, Value][]): Out => ok({ kind: "show", fields });

const waitOpt = (what: string): OptionSpec => opt.flag("--wait", `Wait for ${what} to complete`);

// ================================================================== flavor

function flavorCreate(a: ParsedArgs, ctx: CommandContext): Out {
  const g = novaAuthorize(ctx.auth, "os_compute_api:os-flavor-manage:create");
  if (!g.ok) return g;
  const isPublic = a.public !== false;
  if (str(a, "project") && isPublic) return err(commandError("--project is only allowed with --private"));
  const name = str(a, "name") ?? "";
  const rxtxText = str(a, "rxtxFactor") ?? "1.0";
  const rxtx = Number(rxtxText);
  if (!Number.isFinite(rxtx) || rxtxText.trim() === "") return err(commandError(`argument --rxtx-factor: invalid float value: '${rxtxText}'`));
  for (const [k, v] of [["ram", num(a, "ram") ?? 256], ["vcpus", num(a, "vcpus") ?? 1]] as const) {
    if (v < 1) return err(badRequest(`Invalid input for field/attribute ${k}. Value: ${v}. ${v} is less than the minimum of 1`));
  }
  for (const [k, v] of [["disk", num(a, "disk") ?? 0], ["OS-FLV-EXT-DATA:ephemeral", num(a, "ephemeral") ?? 0], ["swap", num(a, "swap") ?? 0]] as const) {
    if (v < 0) return err(badRequest(`Invalid input for field/attribute ${k}. Value: ${v}. ${v} is less than the minimum of 0`));
  }
  if (ctx.draft.list("flavors").some((f) => f.name === name)) return err(conflict(`Flavor with name ${name} already exists.`));
  const id = str(a, "id") ?? newUuid(ctx.draft);
  if (ctx.draft.get("flavors", id)) return err(conflict(`Flavor with ID ${id} already exists.`));
  const f: Flavor = {
    id, name, vcpus: num(a, "vcpus") ?? 1, ramMb: num(a, "ram") ?? 256, diskGb: num(a, "disk") ?? 0, ephemeralGb: num(a, "ephemeral") ?? 0,
    swapMb: num(a, "swap") ?? 0, rxtxFactor: rxtx, isPublic, description: str(a, "description"), extraSpecs: { ...props(a) }, accessProjectIds: [],
  };
  const warnings: string[] = [];
  const project = str(a, "project");
  if (project) {
    const p = findProject(ctx.draft, project, str(a, "projectDomain"));
    if (p.ok) f.accessProjectIds = [p.value.id];
    // The client logs the failure and still prints the flavor it created.
    else warnings.push(`Failed to add project ${project} access to flavor: ${p.error.message}`);
  }
  ctx.draft.put("flavors", f.id, f);
  return ok({ kind: "show", fields: flavorFields(f), warnings });
}

function visibleFlavorsFor(ctx: CommandContext): Flavor[] {
  return ctx.draft.list("flavors").filter((f) => S.flavorVisible(ctx.auth, f));
}

const projectDomainOpt = opt.value("--project-domain", "<project-domain>", "Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.");

const flavorCommands: CommandSpec[] = [
  {
    words: ["flavor", "create"], description: "Create new flavor", output: "show",
    options: [
      opt.value("--id", "<id>", "Unique flavor ID"),
      opt.value("--ram", "<size-mb>", "Memory size in MB (default 256M)", { type: "int" }),
      opt.value("--disk", "<size-gb>", "Disk size in GB (default 0G)", { type: "int" }),
      opt.value("--ephemeral", "<size-gb>", "Ephemeral disk size in GB (default 0G)", { type: "int" }),
      opt.value("--swap", "<size-mb>", "Additional swap space size in MB (default 0M)", { type: "int" }),
      opt.value("--vcpus", "<vcpus>", "Number of vcpus (default 1)", { type: "int" }),
      opt.value("--rxtx-factor", "<factor>", "RX/TX factor (default 1.0)"),
      { names: ["--public"], dest: "public", action: "store_true", default: true, help: "Flavor is available to other projects (default)" },
      { names: ["--private"], dest: "public", action: "store_false", help: "Flavor is not available to other projects" },
      { names: ["--property"], dest: "properties", metavar: "<key=value>", action: "keyvalue", help: "Property to add for this flavor (repeat option to set multiple properties)" },
      opt.value("--project", "<project>", "Allow <project> to access private flavor (name or ID) (Must be used with --private option)"),
      opt.value("--description", "<description>", "Description for the flavor.(Supported by API versions '2.55' - '2.latest'"),
      projectDomainOpt,
    ],
    positionals: [{ dest: "name", metavar: "<flavor-name>", help: "New flavor name" }],
    exclusive: [{ dests: ["public"] }],
    run: flavorCreate,
  },
  {
    words: ["flavor", "delete"], description: "Delete flavor(s)", output: "none",
    positionals: [{ dest: "flavors", metavar: "<flavor>", nargs: "+", help: "Flavor(s) to delete (name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "flavors"), { singular: "flavor", plural: "flavors" }, ctx.requestId, (n) => {
        const f = S.findFlavor(ctx.draft, ctx.auth, n);
        if (!f.ok) return f;
        const g = novaAuthorize(ctx.auth, "os_compute_api:os-flavor-manage:delete");
        if (!g.ok) return err(sdkNova(ctx.draft, g.error, `/flavors/${f.value.id}`));
        ctx.draft.remove("flavors", f.value.id);
        return ok(undefined);
      }));
    },
  },
  {
    words: ["flavor", "list"], description: "List flavors", output: "list",
    options: [
      { names: ["--public"], dest: "public", action: "store_true", default: true, help: "List only public flavors (default)" },
      { names: ["--private"], dest: "public", action: "store_false", help: "List only private flavors" },
      { names: ["--all"], dest: "all", action: "store_true", help: "List all flavors, whether public or private" },
      opt.value("--min-disk", "<min-disk>", "Filters the flavors by a minimum disk space, in GiB.", { type: "int" }),
      opt.value("--min-ram", "<min-ram>", "Filters the flavors by a minimum RAM, in MiB.", { type: "int" }),
      opt.flag("--long", "List additional fields in output"),
      opt.value("--marker", "<marker>", "The last flavor ID of the previous page"),
      opt.value("--limit", "<limit>", "Maximum number of flavors to display. This is also configurable on the server. The actual limit used will be the lower of the user-supplied value and the server configuration-derived value", { type: "int" }),
    ],
    exclusive: [{ dests: ["public", "all"] }],
    run(a, ctx) {
      // nova: is_public=None lists all (admin: every flavor; others: public + those shared with them).
      let flavors = visibleFlavorsFor(ctx).filter((f) => (a.all ? true : a.public === false ? !f.isPublic : f.isPublic || (!isAdmin(ctx.auth) && f.accessProjectIds.includes(ctx.auth.projectId))));
      const minDisk = num(a, "minDisk");
      const minRam = num(a, "minRam");
      if (minDisk !== null) flavors = flavors.filter((f) => f.diskGb >= minDisk);
      if (minRam !== null) flavors = flavors.filter((f) => f.ramMb >= minRam);
      // nova sorts by flavorid (a string) by default.
      flavors.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
      const marker = str(a, "marker");
      if (marker !== null) {
        const i = flavors.findIndex((f) => f.id === marker);
        if (i < 0) return err(badRequest(`Marker ${marker} could not be found.`));
        flavors = flavors.slice(i + 1);
      }
      const limit = num(a, "limit");
      if (limit !== null && limit >= 0) flavors = flavors.slice(0, limit);
      const columns = ["ID", "Name", "RAM", "Disk", "Ephemeral", "VCPUs", "Is Public"];
      if (a.long) columns.push("Swap", "RXTX Factor", "Properties");
      const rows = flavors.map((f): Value[] => {
        const r: Value[] = [f.id, f.name, f.ramMb, f.diskGb, f.ephemeralGb, f.vcpus, f.isPublic];
        if (a.long) r.push(f.swapMb, pyFloat(f.rxtxFactor), dictCol(f.extraSpecs));
        return r;
      });
      return ok({ kind: "list", columns, rows });
    },
  },
  {
    words: ["flavor", "show"], description: "Display flavor details", output: "show",
    positionals: [{ dest: "flavor", metavar: "<flavor>", help: "Flavor to display (name or ID)" }],
    run(a, ctx) {
      const f = S.findFlavor(ctx.draft, ctx.auth, str(a, "flavor") ?? "");
      if (!f.ok) return f;
      const warnings: string[] = [];
      if (!f.value.isPublic && !isAdmin(ctx.auth)) {
        // Listing a private flavor's access needs the admin-only os-flavor-access policy; the client logs and goes on.
        warnings.push(`Failed to get access projects list for flavor '${str(a, "flavor")}': ${sdkNova(ctx.draft, novaPolicyRefusal("os_compute_api:os-flavor-access"), `/flavors/${f.value.id}/os-flavor-access`).message}`);
        return ok({ kind: "show", fields: flavorFields(f.value, { access: true }).map(([k, v]): [string, Value] => [k, k === "access_project_ids" ? null : v]), warnings });
      }
      return show(flavorFields(f.value, { access: true }));
    },
  },
  {
    words: ["flavor", "set"], description: "Set flavor properties", output: "none",
    options: [
      opt.flag("--no-property", "Remove all properties from this flavor (specify both --no-property and --property to remove the current properties before setting new properties.)"),
      { names: ["--property"], dest: "properties", metavar: "<key=value>", action: "keyvalue", help: "Property to add or modify for this flavor (repeat option to set multiple properties)" },
      opt.value("--project", "<project>", "Set flavor access to project (name or ID) (admin only)"),
      projectDomainOpt,
      opt.value("--description", "<description>", "Set description for the flavor.(Supported by API versions '2.55' - '2.latest'"),
    ],
    positionals: [{ dest: "flavor", metavar: "<flavor>", help: "Flavor to modify (name or ID)" }],
    run(a, ctx) {
      const found = S.findFlavor(ctx.draft, ctx.auth, str(a, "flavor") ?? "");
      if (!found.ok) return err(commandError(found.error.message));
      let f = found.value;
      const description = str(a, "description");
      if (description) {
        const g = novaAuthorize(ctx.auth, "os_compute_api:os-flavor-manage:update");
        if (!g.ok) return g;
        f = ctx.draft.update("flavors", f.id, { description });
      }
      const errors: string[] = [];
      const logged = (prefix: string, e: CloudError, path = "/os-extra_specs"): void => void errors.push(`${prefix}: ${sdkNova(ctx.draft, e, `/flavors/${f.id}${path}`).message}`);
      if (a.noProperty) {
        const g = novaAuthorize(ctx.auth, "os_compute_api:os-flavor-extra-specs:delete");
        if (g.ok) f = ctx.draft.update("flavors", f.id, { extraSpecs: {} });
        else logged("Failed to clear flavor properties", g.error);
      }
      if (Object.keys(props(a)).length > 0) {
        const g = novaAuthorize(ctx.auth, "os_compute_api:os-flavor-extra-specs:create");
        if (g.ok) f = ctx.draft.update("flavors", f.id, { extraSpecs: { ...f.extraSpecs, ...props(a) } });
        else logged("Failed to set flavor properties", g.error);
      }
      const project = str(a, "project");
      if (project) {
        if (f.isPublic) errors.push("Failed to set flavor access to project: Cannot set access for a public flavor");
        else {
          const g = novaAuthorize(ctx.auth, "os_compute_api:os-flavor-access:add_tenant_access");
          const p = g.ok ? findProject(ctx.draft, project, str(a, "projectDomain")) : null;
          if (!g.ok) logged("Failed to set flavor access to project", g.error);
          else if (p && !p.ok) logged("Failed to set flavor access to project", p.error);
          else if (p && p.ok) {
            if (f.accessProjectIds.includes(p.value.id)) logged("Failed to set flavor access to project", conflict(`Flavor access already exists for flavor ${f.id} and project ${p.value.id} combination.`));
            else f = ctx.draft.update("flavors", f.id, { accessProjectIds: [...f.accessProjectIds, p.value.id] });
          }
        }
      }
      if (errors.length > 0) return ok({ kind: "none", warnings: errors, failure: "Command Failed: One or more of the operations failed" });
      return none();
    },
  },
  {
    words: ["flavor", "unset"], description: "Unset flavor properties", output: "none",
    options: [
      { names: ["--property"], dest: "properties", metavar: "<key>", action: "append", help: "Property to remove from flavor (repeat option to unset multiple properties)" },
      opt.value("--project", "<project>", "Remove flavor access from project (name or ID) (admin only)"),
      projectDomainOpt,
    ],
    positionals: [{ dest: "flavor", metavar: "<flavor>", help: "Flavor to modify (name or ID)" }],
    run(a, ctx) {
      const found = S.findFlavor(ctx.draft, ctx.auth, str(a, "flavor") ?? "");
      if (!found.ok) return err(commandError(found.error.message));
      let f = found.value;
      const errors: string[] = [];
      for (const key of list(a, "properties")) {
        const g = novaAuthorize(ctx.auth, "os_compute_api:os-flavor-extra-specs:delete");
        const path = `/flavors/${f.id}/os-extra_specs/${key}`;
        if (!g.ok) errors.push(`Failed to unset flavor property: ${sdkNova(ctx.draft, g.error, path).message}`);
        else if (!(key in f.extraSpecs)) errors.push(`Failed to unset flavor property: ${sdkNova(ctx.draft, notFound(`Flavor ${f.id} has no extra specs with key ${key}.`), path).message}`);
        else {
          const { [key]: _removed, ...rest } = f.extraSpecs;
          void _removed;
          f = ctx.draft.update("flavors", f.id, { extraSpecs: rest });
        }
      }
      const project = str(a, "project");
      if (project) {
        if (f.isPublic) errors.push("Failed to remove flavor access from project: Cannot remove access for a public flavor");
        else {
          const g = novaAuthorize(ctx.auth, "os_compute_api:os-flavor-access:remove_tenant_access");
          const p = findProject(ctx.draft, project, str(a, "projectDomain"));
          if (!g.ok) errors.push(`Failed to remove flavor access from project: ${sdkNova(ctx.draft, g.error, `/flavors/${f.id}/action`).message}`);
          else if (!p.ok) errors.push(`Failed to remove flavor access from project: ${p.error.message}`);
          else if (!f.accessProjectIds.includes(p.value.id)) errors.push(`Failed to remove flavor access from project: ${sdkNova(ctx.draft, notFound(`Flavor access not found for ${f.id} / ${p.value.id} combination.`), `/flavors/${f.id}/action`).message}`);
          else f = ctx.draft.update("flavors", f.id, { accessProjectIds: f.accessProjectIds.filter((x) => x !== p.value.id) });
        }
      }
      if (errors.length > 0) return ok({ kind: "none", warnings: errors, failure: "Command Failed: One or more of the operations failed" });
      return none();
    },
  },
];

// ================================================================== server

const SERVER_STATUSES = [
  "ACTIVE", "BUILD", "DELETED", "ERROR", "HARD_REBOOT", "MIGRATING", "PASSWORD", "PAUSED", "REBOOT", "REBUILD", "RESCUE", "RESIZE",
  "REVERT_RESIZE", "SHELVED", "SHELVED_OFFLOADED", "SHUTOFF", "SOFT_DELETED", "SUSPENDED", "VERIFY_RESIZE",
] as const;

function findServerArg(ctx: CommandContext, nameOrId: string, allProjects = false): Result<Server, CloudError> {
  const r = S.findServer(ctx.draft, ctx.auth, nameOrId, { allProjects });
  if (!r.ok) return r;
  const g = novaAuthorize(ctx.auth, "os_compute_api:servers:show", { projectId: r.value.projectId });
  return g.ok ? r : g;
}

const NIC_FORM = "'net-id=net-uuid,port-id=port-uuid,v4-fixed-ip=ip-addr,v6-fixed-ip=ip-addr,tag=tag'";

/** OSC's NICAction, run while argparse reads each `--nic` (its ArgumentTypeError escapes argparse: exit 1). */
function nicCheck(text: string): ActionFailure | null {
  if (text === "none" || text === "auto") return null;
  const seen = new Set<string>();
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    const k = eq < 0 ? part : part.slice(0, eq);
    if (!["net-id", "port-id", "v4-fixed-ip", "v6-fixed-ip", "tag"].includes(k) || eq < 0 || eq === part.length - 1) {
      return { usage: false, message: `Invalid argument ${text}; argument must be of form ${NIC_FORM}` };
    }
    seen.add(k);
  }
  if (seen.has("net-id") && seen.has("port-id")) return { usage: false, message: `Invalid argument ${text}; either network or port should be specified but not both` };
  return null;
}

/** `--nic net-id=…,v4-fixed-ip=…,port-id=…` / `none` / `auto` as python-openstackclient parses it. */
function parseNic(ctx: CommandContext, text: string): Result<S.NicRequest | "none" | "auto", CloudError> {
  if (text === "none" || text === "auto") return ok(text);
  const nic: S.NicRequest = {};
  const bad = (): CloudError => commandError(
    `Invalid argument ${text}; argument must be of form 'net-id=net-uuid,port-id=port-uuid,v4-fixed-ip=ip-addr,v6-fixed-ip=ip-addr,tag=tag'`,
  );
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return err(bad());
    const k = part.slice(0, eq);
    const v = part.slice(eq + 1);
    if (k === "net-id") {
      const n = net.findNetwork(ctx.draft, ctx.auth, v);
      if (!n.ok) return n;
      nic.networkId = n.value.id;
    } else if (k === "port-id") {
      const p = net.findPort(ctx.draft, ctx.auth, v);
      if (!p.ok) return p;
      nic.portId = p.value.id;
    } else if (k === "v4-fixed-ip" || k === "v6-fixed-ip") nic.fixedIp = v;
    else if (k !== "tag") return err(bad());
  }
  if (nic.networkId && nic.portId) return err(commandError(`Invalid argument ${text}; either network or port should be specified but not both`));
  if (!nic.networkId && !nic.portId) return err(bad());
  return ok(nic);
}

function serverCreate(a: ParsedArgs, ctx: CommandContext): Out {
  const d = ctx.draft;
  const flavor = S.findFlavor(d, ctx.auth, str(a, "flavor") ?? "");
  if (!flavor.ok) return flavor;
  let imageId: string | null = null;
  const imageArg = str(a, "image");
  if (imageArg) {
    const i = img.findImage(d, ctx.auth, imageArg);
    if (!i.ok) return i;
    imageId = i.value.id;
  }
  let volumeId: string | null = null;
  const volumeArg = str(a, "volume");
  if (volumeArg) {
    const v = vol.findVolume(d, ctx.auth, volumeArg);
    if (!v.ok) return v;
    volumeId = v.value.id;
  }
  const bfv = num(a, "bootFromVolume");
  if (bfv !== null && !imageId) return err(commandError("An image (--image or --image-property) is required to support --boot-from-volume option"));
  const nicsArgs = list(a, "nics");
  let nics: S.NicRequest[] | "auto" | "none" | undefined;
  const explicit: S.NicRequest[] = [];
  for (const text of nicsArgs) {
    const r = parseNic(ctx, text);
    if (!r.ok) return r;
    if (r.value === "auto" || r.value === "none") {
      if (nicsArgs.length > 1) return err(commandError("Specifying a --nic of auto or none cannot be used with any other --nic, --network or --port value."));
      nics = r.value;
    } else explicit.push(r.value);
  }
  for (const n of list(a, "networks")) {
    const r = net.findNetwork(d, ctx.auth, n);
    if (!r.ok) return r;
    explicit.push({ networkId: r.value.id });
  }
  for (const p of list(a, "ports")) {
    const r = net.findPort(d, ctx.auth, p);
    if (!r.ok) return r;
    explicit.push({ portId: r.value.id });
  }
  if (a.noNetwork) nics = "none";
  if (explicit.length > 0) nics = explicit;
  const sgIds: string[] = [];
  for (const sg of list(a, "securityGroups")) {
    const r = net.findSecurityGroup(d, ctx.auth, sg);
    if (!r.ok) return r;
    sgIds.push(r.value.id);
  }
  let userData: string | null = null;
  const udPath = str(a, "userData");
  if (udPath) {
    const content = ctx.files.read(udPath);
    if (content === undefined) return err(commandError(`Can't open '${udPath}': [Errno 2] No such file or directory: '${udPath}'`));
    userData = Buffer.from(content, "utf8").toString("base64");
  }
  let groupId: string | null = null;
  for (const hint of list(a, "hints")) {
    const [k, v] = [hint.slice(0, hint.indexOf("=")), hint.slice(hint.indexOf("=") + 1)];
    if (k === "group") groupId = v;
  }
  const sgArg = str(a, "serverGroup");
  if (sgArg) {
    const g = S.findServerGroup(d, ctx.auth, sgArg);
    if (!g.ok) return g;
    groupId = g.value.id;
  }
  let zone = str(a, "availabilityZone");
  const host = str(a, "host");
  if (host) zone = `${zone ?? ""}:${host}`;
  const configDrive = a.configDrive === true || (typeof a.configDriveValue === "string" && a.configDriveValue !== "" && a.configDriveValue.toLowerCase() !== "false");
  const requestId = ctx.requestId;
  const r = S.createServers(d, ctx.auth, {
    name: str(a, "serverName") ?? "", flavorId: flavor.value.id, imageId, volumeId, bootVolumeSize: bfv, nics, securityGroupIds: sgIds,
    keyName: str(a, "keyName"), availabilityZone: zone, userData, configDrive, metadata: props(a, "property"), description: str(a, "description"),
    serverGroupId: groupId, min: num(a, "min") ?? 1, max: num(a, "max") ?? num(a, "min") ?? 1, wait: Boolean(a.wait), requestId, tags: list(a, "tags"),
  });
  if (!r.ok) return r;
  const first = r.value[0];
  if (!first) return err(badRequest("no server created"));
  // The request succeeded and nova keeps the instance (in ERROR, with its fault); only the client's wait
  // fails: it prints `Error creating server: NAME` and exits 1 (CommandError), so the server is committed.
  if (a.wait && first.status === "ERROR") return ok({ kind: "none", failure: `Error creating server: ${str(a, "serverName")}` });
  const adminPass = newSecret(d, 12).replace(/[-_]/g, "x");
  const out = show(serverFields(d, ctx.auth, d.get("servers", first.id) ?? first, { adminPass }));
  // osc-lib wait_for_status draws `\rProgress: N` only while nova reports progress (0 during BUILD), then the
  // client ends that line with a newline: the table follows an empty line.
  return a.wait && out.ok ? ok({ ...out.value, preface: "\n" }) : out;
}

/** reboot, resize and migrate with `--wait`: once wait_for_status succeeds the client writes `Complete`. */
const waitComplete = (a: ParsedArgs): Result<CommandOutput, CloudError> => ok(a.wait ? { kind: "text", text: "Complete\n" } : { kind: "none" });

const serverPositional = (help: string) => ({ dest: "server", metavar: "<server>", help });
const serversPositional = (help: string) => ({ dest: "servers", metavar: "<server>", nargs: "+" as const, help });

interface ActionDef {
  words: string[]; description: string; rule: string; nova: string; allowed: string[]; transient: ServerStatus | "same"; task: string;
  target: ServerStatus; multi?: boolean; helpVerb: string; extraOpts?: OptionSpec[];
  /** `--wait` help, only where today's client offers it (server.py: shelve and unshelve do; start, stop, pause, … do not). */
  waitable?: string;
  /**
   * Servers the client passes over without a request (server.py: shelve skips servers already SHELVED or
   * SHELVED_OFFLOADED, unshelve skips any that are not), so nova's vm_state conflict never shows.
   */
  skip?: (s: Server) => boolean;
  /** `--all-projects` help text: start and stop look servers up across projects (server.py, boolenv ALL_PROJECTS). */
  allProjects?: string;
  patch?: (s: Server, a: ParsedArgs, ctx: CommandContext) => Result<Partial<Server>, CloudError>;
  /** Settles into the state it came from (rebuild of a stopped server, confirm of a resize from SHUTOFF). */
  targetFor?: (s: Server) => ServerStatus;
}

/** Runs one instance action with nova's checks: policy, lock, vm_state, task_state. */
function runAction(ctx: CommandContext, def: ActionDef, s: Server, a: ParsedArgs): Result<Server, CloudError> {
  const r = tryAction(ctx, def, s, a);
  return r.ok ? r : err(sdkNova(ctx.draft, r.error, `/servers/${s.id}/action`));
}

function tryAction(ctx: CommandContext, def: ActionDef, s: Server, a: ParsedArgs): Result<Server, CloudError> {
  const g = novaAuthorize(ctx.auth, def.rule, { projectId: s.projectId });
  if (!g.ok) return g;
  const l = S.checkLock(ctx.auth, s);
  if (!l.ok) return l;
  if (!def.allowed.includes(s.vmState)) return err(S.invalidState(def.nova, s));
  if (s.taskState !== null) return err(S.invalidState(def.nova, s, "task_state"));
  let patch: Partial<Server> = {};
  if (def.patch) {
    const p = def.patch(s, a, ctx);
    if (!p.ok) return p;
    patch = p.value;
  }
  S.recordEvent(ctx.draft, ctx.auth, s.id, def.nova, ctx.requestId);
  const target = def.targetFor ? def.targetFor(s) : def.target;
  const transient = def.transient === "same" ? s.status : def.transient;
  return ok(S.beginTransition(ctx.draft, { ...s, ...patch }, transient, def.task, target, patch, Boolean(a.wait), S.ACTION_MS));
}

const ALL_RUNNING = ["active", "stopped", "paused", "suspended", "error"];

const ACTIONS: ActionDef[] = [
  { words: ["server", "start"], description: "Start server(s).", rule: "os_compute_api:servers:start", nova: "start", allowed: ["stopped"], transient: "same", task: "powering-on", target: "ACTIVE", multi: true, helpVerb: "Server(s) to start (name or ID)", allProjects: "Start server(s) in another project by name (admin only)(can be specified using the ALL_PROJECTS envvar)" },
  { words: ["server", "stop"], description: "Stop server(s).", rule: "os_compute_api:servers:stop", nova: "stop", allowed: ["active", "error"], transient: "same", task: "powering-off", target: "SHUTOFF", multi: true, helpVerb: "Server(s) to stop (name or ID)", allProjects: "Stop server(s) in another project by name (admin only)(can be specified using the ALL_PROJECTS envvar)" },
  { words: ["server", "pause"], description: "Pause server(s)", rule: "os_compute_api:os-pause-server:pause", nova: "pause", allowed: ["active"], transient: "same", task: "pausing", target: "PAUSED", multi: true, helpVerb: "Server(s) to pause (name or ID)" },
  { words: ["server", "unpause"], description: "Unpause server(s)", rule: "os_compute_api:os-pause-server:unpause", nova: "unpause", allowed: ["paused"], transient: "same", task: "unpausing", target: "ACTIVE", multi: true, helpVerb: "Server(s) to unpause (name or ID)" },
  { words: ["server", "suspend"], description: "Suspend server(s)", rule: "os_compute_api:os-suspend-server:suspend", nova: "suspend", allowed: ["active", "shutoff"], transient: "same", task: "suspending", target: "SUSPENDED", multi: true, helpVerb: "Server(s) to suspend (name or ID)" },
  { words: ["server", "resume"], description: "Resume server(s)", rule: "os_compute_api:os-suspend-server:resume", nova: "resume", allowed: ["suspended"], transient: "same", task: "resuming", target: "ACTIVE", multi: true, helpVerb: "Server(s) to resume (name or ID)" },
  {
    words: ["server", "shelve"], description: "Shelve and optionally offload server(s).\n\nShelving a server creates a snapshot of the server and stores this snapshot before shutting down the server. This shelved server can then be offloaded or deleted from the host, freeing up remaining resources on the host, such as network interfaces. Shelved servers can be unshelved, restoring the server from the snapshot. Shelving is therefore useful where users wish to retain the UUID and IP of a server, without utilizing other resources or disks.\n\nMost clouds are configured to automatically offload shelved servers immediately or after a small delay. For clouds where this is not configured, or where the delay is larger, offloading can be manually specified. This is an admin-only operation by default.",
    rule: "os_compute_api:os-shelve:shelve", nova: "shelve", allowed: ["active", "stopped", "paused", "suspended"], transient: "same", task: "shelving", target: "SHELVED_OFFLOADED", multi: true, waitable: "Wait for shelve and/or offload operation to complete",
    skip: (s) => s.status === "SHELVED" || s.status === "SHELVED_OFFLOADED",
    helpVerb: "Server(s) to shelve (name or ID)", extraOpts: [opt.flag("--offload", "Remove the shelved server(s) from the host (admin only). Invoking this option on an unshelved server(s) will result in the server being shelved first")],
    // shelved_offload_time = 0 (nova's default): the instance leaves its host at once.
    patch: (s) => ok({ host: "", hypervisorHostname: "", hostId: "" }),
  },
  {
    words: ["server", "unshelve"], description: "Unshelve server(s)", rule: "os_compute_api:os-shelve:unshelve", nova: "unshelve", allowed: ["shelved", "shelved_offloaded"], transient: "same", task: "unshelving", target: "ACTIVE", multi: true, waitable: "Wait for unshelve operation to complete",
    skip: (s) => s.status !== "SHELVED" && s.status !== "SHELVED_OFFLOADED",
    helpVerb: "Server(s) to unshelve (name or ID)", extraOpts: [opt.value("--availability-zone", "<availability-zone>", "Name of the availability zone in which to unshelve a SHELVED_OFFLOADED server (supported by --os-compute-api-version 2.77 or above)")],
    patch: (s, a, ctx) => {
      const placement = S.schedule(ctx.draft, { flavor: s.flavor, bootFromVolume: s.bootVolume !== null, zone: str(a, "availabilityZone"), forcedHost: null, group: null });
      if (!placement) return err(badRequest("No valid host was found. There are not enough hosts available."));
      return ok({ host: placement.host, hypervisorHostname: placement.hypervisorHostname, hostId: S.hostIdFor(s.projectId, placement.host), availabilityZone: S.zoneOfHost(ctx.draft, placement.host) });
    },
  },
  {
    words: ["server", "rescue"], description: "Put server in rescue mode", rule: "os_compute_api:os-rescue", nova: "rescue", allowed: ["active", "stopped", "error"], transient: "same", task: "rescuing", target: "RESCUE",
    helpVerb: "Server (name or ID)",
    extraOpts: [
      opt.value("--image", "<image>", "Image (name or ID) to use for the rescue mode. Defaults to the currently used one."),
      opt.value("--password", "<password>", "Set the password on the rescued instance. This option requires the --os-compute-api-version 2.1 or later."),
    ],
    patch: (s, a, ctx) => {
      const image = str(a, "image");
      if (image) {
        const i = img.findImage(ctx.draft, ctx.auth, image);
        if (!i.ok) return i;
      }
      if (s.bootVolume) return err(badRequest(`Cannot rescue a volume-backed instance`));
      return ok({});
    },
  },
  { words: ["server", "unrescue"], description: "Restore server from rescue mode", rule: "os_compute_api:os-unrescue", nova: "unrescue", allowed: ["rescued"], transient: "same", task: "unrescuing", target: "ACTIVE", helpVerb: "Server (name or ID)" },
];

function actionCommand(def: ActionDef): CommandSpec {
  return {
    words: def.words, description: def.description, output: "none",
    options: [
      ...(def.extraOpts ?? []),
      ...(def.allProjects ? [opt.flag("--all-projects", def.allProjects)] : []),
      ...(def.waitable ? [opt.flag("--wait", def.waitable)] : []),
    ],
    positionals: [def.multi ? serversPositional(def.helpVerb) : serverPositional(def.helpVerb)],
    run(a, ctx) {
      const names = def.multi ? list(a, "servers") : [str(a, "server") ?? ""];
      const all = def.allProjects !== undefined && (Boolean(a.allProjects) || /^(1|true|yes)$/i.test(ctx.env.ALL_PROJECTS ?? ""));
      // start/stop look the name up with all_projects; when nova refuses that listing (403) the client raises
      // osc-lib's Forbidden itself, so the line has the HTTP code but no request id.
      if (all && !novaAllows(ctx.auth, "os_compute_api:servers:detail:get_all_tenants")) {
        return err({ code: "cloud/Forbidden", message: "Policy doesn't allow passing all-projects (HTTP 403)" });
      }
      for (const n of names) {
        const s = findServerArg(ctx, n, all);
        if (!s.ok) return s;
        if (def.skip?.(s.value)) continue;
        const r = runAction(ctx, def, s.value, a);
        if (!r.ok) return r;
      }
      return none();
    },
  };
}

function serverListRows(ctx: CommandContext, a: ParsedArgs): Result<Server[], CloudError> {
  const g = novaAuthorize(ctx.auth, "os_compute_api:servers:detail", { projectId: ctx.auth.projectId });
  if (!g.ok) return g;
  const all = Boolean(a.allProjects);
  if (all && !novaAllows(ctx.auth, "os_compute_api:servers:detail:get_all_tenants")) return err(novaPolicyRefusal("os_compute_api:servers:detail:get_all_tenants"));
  let servers = ctx.draft.list("servers").filter((s) => (all ? true : s.projectId === ctx.auth.projectId));
  const project = str(a, "project");
  if (project) {
    const p = findProject(ctx.draft, project, str(a, "projectDomain"));
    if (!p.ok) return p;
    servers = ctx.draft.list("servers").filter((s) => s.projectId === p.value.id && (isAdmin(ctx.auth) || s.projectId === ctx.auth.projectId));
  }
  const status = str(a, "status");
  if (status) servers = servers.filter((s) => s.status === status);
  const name = str(a, "name");
  if (name) {
    // nova matches `name` as a regular expression.
    let re: RegExp;
    try {
      re = new RegExp(name);
    } catch {
      re = new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    }
    servers = servers.filter((s) => re.test(s.name));
  }
  const host = str(a, "host");
  if (host) {
    if (!isAdmin(ctx.auth)) servers = [];
    else servers = servers.filter((s) => s.host === host);
  }
  const flavor = str(a, "flavor");
  if (flavor) {
    const f = S.findFlavor(ctx.draft, ctx.auth, flavor);
    if (!f.ok) return f;
    servers = servers.filter((s) => s.flavorId === f.value.id);
  }
  const image = str(a, "image");
  if (image) {
    const i = img.findImage(ctx.draft, ctx.auth, image);
    if (!i.ok) return i;
    servers = servers.filter((s) => s.imageId === i.value.id);
  }
  // nova lists newest first.
  servers.sort((x, y) => y.createdAt - x.createdAt || (x.id < y.id ? -1 : 1));
  const limit = num(a, "limit");
  if (limit !== null && limit >= 0) servers = servers.slice(0, limit);
  return ok(servers);
}

const serverCommands: CommandSpec[] = [
  {
    words: ["server", "create"], description: "Create a new server", output: "show",
    options: [
      opt.value("--flavor", "<flavor>", "Create server with this flavor (name or ID)", { required: true }),
      opt.value("--image", "<image>", "Create server boot disk from this image (name or ID)"),
      opt.property("Create server using the image that matches the specified property. Property must match exactly one property.", "--image-property"),
      opt.value("--volume", "<volume>", "Create server using this volume as the boot disk (name or ID)\nThis option automatically creates a block device mapping with a boot index of 0. On many hypervisors (libvirt/kvm for example) this will be device vda. Do not create a duplicate mapping using --block-device-mapping for this volume."),
      opt.value("--snapshot", "<snapshot>", "Create server using this snapshot as the boot disk (name or ID)\nThis option automatically creates a block device mapping with a boot index of 0. On many hypervisors (libvirt/kvm for example) this will be device vda. Do not create a duplicate mapping using --block-device-mapping for this volume."),
      opt.value("--boot-from-volume", "<volume-size>", "When used in conjunction with the ``--image`` or ``--image-property`` option, this option automatically creates a block device mapping with a boot index of 0 and tells the compute service to create a volume of the given size (in GB) from the specified image and use it as the root disk of the server. The root volume will not be deleted when the server is deleted. This option is mutually exclusive with the ``--volume`` and ``--snapshot`` options.", { type: "int" }),
      { names: ["--network"], dest: "networks", metavar: "<network>", action: "append", help: "Create a NIC on the server and connect it to network. Specify option multiple times to create multiple NICs. This is a wrapper for the '--nic net-id=<network>' parameter that provides simple syntax for the standard use case of connecting a new server to a given network. For more advanced use cases, refer to the '--nic' parameter." },
      { names: ["--port"], dest: "ports", metavar: "<port>", action: "append", help: "Create a NIC on the server and connect it to port. Specify option multiple times to create multiple NICs. This is a wrapper for the '--nic port-id=<port>' parameter that provides simple syntax for the standard use case of connecting a new server to a given port. For more advanced use cases, refer to the '--nic' parameter." },
      opt.flag("--no-network", "Do not attach a network to the server. This is a wrapper for the '--nic none' option that provides a simple syntax for disabling network connectivity for a new server. For more advanced use cases, refer to the '--nic' parameter. (supported by --os-compute-api-version 2.37 or above)"),
      opt.flag("--auto-network", "Automatically allocate a network to the server. This is the default network allocation policy. For more advanced use cases, refer to the '--nic' parameter. (supported by --os-compute-api-version 2.37 or above)"),
      { names: ["--nic"], dest: "nics", metavar: "<net-id=net-uuid,port-id=port-uuid,v4-fixed-ip=ip-addr,v6-fixed-ip=ip-addr,tag=tag,auto,none>", action: "append", help: "Create a NIC on the server.\nNIC in the format:\nnet-id=<net-uuid>: attach NIC to network with this UUID,\nport-id=<port-uuid>: attach NIC to port with this UUID,\nv4-fixed-ip=<ip-addr>: IPv4 fixed address for NIC (optional),\nv6-fixed-ip=<ip-addr>: IPv6 fixed address for NIC (optional),\ntag: interface metadata tag (optional) (supported by --os-compute-api-version 2.43 or above),\nnone: (v2.37+) no network is attached,\nauto: (v2.37+) the compute service will automatically allocate a network.\n\nSpecify option multiple times to create multiple NICs.\nSpecifying a --nic of auto or none cannot be used with any other --nic value.\nEither net-id or port-id must be provided, but not both.", check: nicCheck },
      opt.value("--password", "<password>", "Set the password to this server. This option requires cloud support."),
      { names: ["--security-group"], dest: "securityGroups", metavar: "<security-group>", action: "append", help: "Security group to assign to this server (name or ID) (repeat option to set multiple groups)" },
      opt.value("--key-name", "<key-name>", "Keypair to inject into this server"),
      opt.property("Set a property on this server (repeat option to set multiple values)"),
      opt.repeat("--file", "<dest-filename=source-filename>", "File(s) to inject into image before boot (repeat option to set multiple files)(supported by --os-compute-api-version 2.57 or below)", { dest: "files" }),
      opt.value("--user-data", "<user-data>", "User data file to serve from the metadata server"),
      opt.value("--description", "<description>", "Set description for the server (supported by --os-compute-api-version 2.19 or above)"),
      opt.value("--availability-zone", "<zone-name>", "Select an availability zone for the server. Host and node are optional parameters. Availability zone in the format <zone-name>:<host-name>:<node-name>, <zone-name>::<node-name>, <zone-name>:<host-name> or <zone-name>"),
      opt.value("--host", "<host>", "Requested host to create servers. (admin only) (supported by --os-compute-api-version 2.74 or above)"),
      opt.value("--hypervisor-hostname", "<hypervisor-hostname>", "Requested hypervisor hostname to create servers. (admin only) (supported by --os-compute-api-version 2.74 or above)"),
      opt.value("--server-group", "<server-group>", "Server group to create the server within (this is an alias for '--hint group=<server-group-id>')"),
      { names: ["--hint"], dest: "hints", metavar: "<key=value>", action: "append", help: "Hints for the scheduler" },
      { names: ["--use-config-drive"], dest: "configDrive", action: "store_true", default: false, help: "Enable config drive." },
      { names: ["--no-config-drive"], dest: "configDrive", action: "store_false", default: false, help: "Disable config drive." },
      { names: ["--config-drive"], dest: "configDriveValue", metavar: "<config-drive-volume>|True", help: "**Deprecated** Use specified volume as the config drive, or 'True' to use an ephemeral drive. Replaced by '--use-config-drive'." },
      opt.value("--min", "<count>", "Minimum number of servers to launch (default=1)", { type: "int" }),
      opt.value("--max", "<count>", "Maximum number of servers to launch (default=1)", { type: "int" }),
      { names: ["--tag"], dest: "tags", metavar: "<tag>", action: "append", help: "Tags for the server. Specify multiple times to add multiple tags. (supported by --os-compute-api-version 2.52 or above)" },
      opt.value("--hostname", "<hostname>", "Hostname configured for the server in the metadata service. If unset, a hostname will be automatically generated from the server name. A utility such as cloud-init is required to propagate the hostname in the metadata service to the guest OS itself. (supported by --os-compute-api-version 2.90 or above)"),
      waitOpt("build"),
    ],
    positionals: [{ dest: "serverName", metavar: "<server-name>", help: "New server name" }],
    exclusive: [
      { dests: ["image", "imageProperty", "volume", "snapshot"], required: true },
      { dests: ["configDrive", "configDriveValue"] },
    ],
    run: serverCreate,
  },
  {
    words: ["server", "delete"], description: "Delete server(s)", output: "none",
    options: [
      opt.flag("--force", "Force delete server(s)"),
      opt.flag("--all-projects", "Delete server(s) in another project by name (admin only)(can be specified using the ALL_PROJECTS envvar)"),
      waitOpt("delete"),
    ],
    positionals: [serversPositional("Server(s) to delete (name or ID)")],
    run(a, ctx) {
      const all = Boolean(a.allProjects) || /^(1|true|yes)$/i.test(ctx.env.ALL_PROJECTS ?? "");
      return ok(bulkDelete(list(a, "servers"), { singular: "server", plural: "servers" }, ctx.requestId, (n) => {
        const s = S.findServer(ctx.draft, ctx.auth, n, { allProjects: all });
        if (!s.ok) return s;
        const r = S.deleteServer(ctx.draft, ctx.auth, s.value.id);
        return r.ok ? r : err(sdkNova(ctx.draft, r.error, `/servers/${s.value.id}`));
      }));
    },
  },
  {
    words: ["server", "list"], description: "List servers", output: "list",
    options: [
      opt.value("--reservation-id", "<reservation-id>", "Only return instances that match the reservation"),
      opt.value("--ip", "<ip-address-regex>", "Regular expression to match IP addresses"),
      opt.value("--ip6", "<ip-address-regex>", "Regular expression to match IPv6 addresses. Note that this option only applies for non-admin users when using ``--os-compute-api-version`` 2.5 or greater."),
      opt.value("--name", "<name-regex>", "Regular expression to match names"),
      opt.value("--instance-name", "<server-name>", "Regular expression to match instance name (admin only)"),
      opt.value("--status", "<status>", "Search by server status", { choices: SERVER_STATUSES }),
      opt.value("--flavor", "<flavor>", "Search by flavor (name or ID)"),
      opt.value("--image", "<image>", "Search by image (name or ID)"),
      opt.value("--host", "<hostname>", "Search by hostname"),
      opt.flag("--all-projects", "Include all projects (admin only) (can be specified using the ALL_PROJECTS envvar)"),
      opt.value("--project", "<project>", "Search by project (admin only) (name or ID)"),
      opt.value("--project-domain", "<project-domain>", "Domain the project belongs to (name or ID). This can be used in case collisions between project names exist."),
      opt.value("--user", "<user>", "Search by user (name or ID) (admin only before microversion 2.83)"),
      opt.value("--user-domain", "<user-domain>", "Domain the user belongs to (name or ID). This can be used in case collisions between user names exist."),
      opt.flag("--deleted", "Only display deleted servers (admin only)"),
      opt.flag("--long", "List additional fields in output"),
      opt.flag("-n", "List server IDs instead of names", { names: ["-n", "--no-name-lookup"], dest: "noNameLookup" }),
      opt.value("--marker", "<server>", "The last server of the previous page. Display list of servers after marker. Display all servers if not specified. When used with ``--deleted``, the marker must be an ID, otherwise a name or ID can be used."),
      opt.value("--limit", "<num-servers>", "Maximum number of servers to display. If limit equals -1, all servers will be displayed. If limit is greater than 'osapi_max_limit' option of Nova API, 'osapi_max_limit' will be used instead.", { type: "int" }),
    ],
    run(a, ctx) {
      const all = Boolean(a.allProjects) || /^(1|true|yes)$/i.test(ctx.env.ALL_PROJECTS ?? "");
      const r = serverListRows(ctx, { ...a, allProjects: all });
      if (!r.ok) return r;
      const d = ctx.draft;
      const flavorName = (s: Server): string => (a.noNameLookup ? s.flavorId : s.flavor.originalName);
      const imageName = (s: Server): string => (a.noNameLookup ? (s.imageId ?? "") : imageLabel(d, s, false));
      if (a.long) {
        const columns = ["ID", "Name", "Status", "Task State", "Power State", "Networks", "Image Name", "Image ID", "Flavor", "Availability Zone", "Host", "Properties"];
        const rows = r.value.map((s): Value[] => [
          s.id, s.name, s.status, s.taskState, powerStateCol(s.powerState), addressesCol(d, s), imageName(s), s.imageId ?? "", flavorName(s), s.availabilityZone,
          isAdmin(ctx.auth) ? s.host : "", dictCol(s.metadata),
        ]);
        return ok({ kind: "list", columns, rows });
      }
      const rows = r.value.map((s): Value[] => [s.id, s.name, s.status, addressesCol(d, s), imageName(s), flavorName(s)]);
      return ok({ kind: "list", columns: ["ID", "Name", "Status", "Networks", "Image", "Flavor"], rows });
    },
  },
  {
    words: ["server", "show"], description: "Show server details.\n\nSpecify ``--os-compute-api-version 2.47`` or higher to see the embedded flavor information for the server.", output: "show",
    options: [opt.flag("--diagnostics", "Display server diagnostics information"), opt.flag("--topology", "Include topology information in the output (supported by --os-compute-api-version 2.78 or above)")],
    positionals: [serverPositional("Server to show (name or ID)")],
    run(a, ctx) {
      const s = findServerArg(ctx, str(a, "server") ?? "");
      if (!s.ok) return s;
      if (a.diagnostics) {
        if (!isAdmin(ctx.auth)) return err(novaPolicyRefusal("os_compute_api:os-server-diagnostics"));
        if (s.value.status !== "ACTIVE") return err(conflict(`Cannot 'get_diagnostics' instance ${s.value.id} while it is in vm_state ${s.value.vmState}`));
        const f = s.value.flavor;
        return show([
          ["config_drive", s.value.configDrive === "True"], ["cpu_details", formatted(`[{'id': 0, 'time': 1740000000, 'utilisation': None}]`, [{ id: 0, time: 1740000000, utilisation: null }])],
          ["disk_details", formatted(`[{'read_bytes': 26015232, 'read_requests': 1183, 'write_bytes': 327680, 'write_requests': 87, 'errors_count': -1}]`, [])],
          ["driver", "libvirt"], ["hypervisor", "qemu"], ["hypervisor_os", "linux"], ["memory_details", formatted(`{'maximum': ${Math.floor(f.ramMb / 1024) || 0}, 'used': 0}`, { maximum: Math.floor(f.ramMb / 1024), used: 0 })],
          ["nic_details", formatted("[]", [])], ["num_cpus", f.vcpus], ["num_disks", 1], ["num_nics", s.value.portIds.length], ["state", "running"], ["uptime", 61],
        ]);
      }
      return show(serverFields(ctx.draft, ctx.auth, s.value));
    },
  },
  ...ACTIONS.map(actionCommand),
  {
    words: ["server", "reboot"], description: "Perform a hard or soft server reboot", output: "none",
    options: [
      { names: ["--hard"], dest: "reboot", action: "store_const", const: "HARD", default: "SOFT", help: "Perform a hard reboot" },
      { names: ["--soft"], dest: "reboot", action: "store_const", const: "SOFT", default: "SOFT", help: "Perform a soft reboot" },
      waitOpt("reboot"),
    ],
    positionals: [serverPositional("Server (name or ID)")],
    exclusive: [{ dests: ["reboot"] }],
    run(a, ctx) {
      const s = findServerArg(ctx, str(a, "server") ?? "");
      if (!s.ok) return s;
      const hard = a.reboot === "HARD";
      const def: ActionDef = {
        words: [], description: "", rule: "os_compute_api:servers:reboot", nova: "reboot", helpVerb: "",
        allowed: hard ? ALL_RUNNING : ["active"], transient: hard ? "HARD_REBOOT" : "REBOOT", task: hard ? "reboot_started_hard" : "reboot_started", target: "ACTIVE",
      };
      const r = runAction(ctx, def, s.value, a);
      return r.ok ? waitComplete(a) : r;
    },
  },
  {
    words: ["server", "lock"], description: "Lock server(s).\n\nA non-admin user will not be able to execute actions.", output: "none",
    options: [opt.value("--reason", "<reason>", "Reason for locking the server(s) (supported by --os-compute-api-version 2.73 or above)")],
    positionals: [serversPositional("Server(s) to lock (name or ID)")],
    run(a, ctx) {
      for (const n of list(a, "servers")) {
        const s = findServerArg(ctx, n);
        if (!s.ok) return s;
        const g = novaAuthorize(ctx.auth, "os_compute_api:os-lock-server:lock", { projectId: s.value.projectId });
        if (!g.ok) return g;
        S.recordEvent(ctx.draft, ctx.auth, s.value.id, "lock", ctx.requestId);
        ctx.draft.update("servers", s.value.id, { locked: true, lockedReason: str(a, "reason"), updatedAt: ctx.draft.now });
      }
      return none();
    },
  },
  {
    words: ["server", "unlock"], description: "Unlock server(s)", output: "none",
    positionals: [serversPositional("Server(s) to unlock (name or ID)")],
    run(a, ctx) {
      for (const n of list(a, "servers")) {
        const s = findServerArg(ctx, n);
        if (!s.ok) return s;
        const g = novaAuthorize(ctx.auth, "os_compute_api:os-lock-server:unlock", { projectId: s.value.projectId });
        if (!g.ok) return g;
        S.recordEvent(ctx.draft, ctx.auth, s.value.id, "unlock", ctx.requestId);
        ctx.draft.update("servers", s.value.id, { locked: false, lockedReason: null, updatedAt: ctx.draft.now });
      }
      return none();
    },
  },
  {
    words: ["server", "resize"], description: "Scale server to a new flavor.\n\nA resize operation is implemented by creating a new server and copying the contents of the original disk into a new one. It is a two-step process for the user: the first step is to perform the resize, and the second step is to either confirm (verify) success and release the old server or to declare a revert to release the new server and restart the old one.", output: "none",
    options: [
      opt.value("--flavor", "<flavor>", "Resize server to specified flavor"),
      opt.flag("--confirm", "**Deprecated** Confirm server resize is complete. Replaced by the 'openstack server resize confirm' and 'openstack server migration confirm' commands"),
      opt.flag("--revert", "**Deprecated** Restore server state before resize. Replaced by the 'openstack server resize revert' and 'openstack server migration revert' commands"),
      waitOpt("resize"),
    ],
    positionals: [serverPositional("Server (name or ID)")],
    exclusive: [{ dests: ["flavor", "confirm", "revert"] }],
    run(a, ctx) {
      const s = findServerArg(ctx, str(a, "server") ?? "");
      if (!s.ok) return s;
      if (a.confirm) return resizeFinish(ctx, s.value, "confirm", a);
      if (a.revert) return resizeFinish(ctx, s.value, "revert", a);
      const flavorArg = str(a, "flavor");
      if (!flavorArg) return none();
      const f = S.findFlavor(ctx.draft, ctx.auth, flavorArg);
      if (!f.ok) return f;
      const def: ActionDef = {
        words: [], description: "", helpVerb: "", rule: "os_compute_api:servers:resize", nova: "resize", allowed: ["active", "stopped"], transient: "RESIZE", task: "resize_prep", target: "VERIFY_RESIZE",
        patch: (cur) => resizePatch(ctx, cur, f.value),
      };
      const r = runAction(ctx, def, s.value, a);
      return r.ok ? waitComplete(a) : r;
    },
  },
  {
    words: ["server", "resize", "confirm"], description: "Confirm server resize.\n\nConfirm (verify) success of resize operation and release the old server.", output: "none",
    positionals: [serverPositional("Server (name or ID)")],
    run(a, ctx) {
      const s = findServerArg(ctx, str(a, "server") ?? "");
      return s.ok ? resizeFinish(ctx, s.value, "confirm", a) : s;
    },
  },
  {
    words: ["server", "resize", "revert"], description: "Revert server resize.\n\nRevert the resize and restore the original server.", output: "none",
    positionals: [serverPositional("Server (name or ID)")],
    run(a, ctx) {
      const s = findServerArg(ctx, str(a, "server") ?? "");
      return s.ok ? resizeFinish(ctx, s.value, "revert", a) : s;
    },
  },
  {
    words: ["server", "migrate"], description: "Migrate server to different host.\n\nA migrate operation is implemented as a resize operation using the same flavor as the old server. This means that, like resize, migrate works by creating a new server using the same flavor and copying the contents of the original disk into a new one. As with resize, the migrate operation is a two-step process for the user: the first step is to perform the migrate, and the second step is to either confirm (verify) success and release the old server, or to declare a revert to release the new server and restart the old one.", output: "none",
    options: [
      opt.flag("--live-migration", "Live migrate the server; use the ``--host`` option to specify a target host for the migration which will be validated by the scheduler"),
      opt.value("--host", "<hostname>", "Migrate the server to the specified host. (supported with --os-compute-api-version 2.30 or above when used with the --live-migration option) (supported with --os-compute-api-version 2.56 or above when used without the --live-migration option)"),
      { names: ["--shared-migration"], dest: "blockMigration", action: "store_false", default: null, help: "Perform a shared live migration (default before --os-compute-api-version 2.25, auto after)" },
      { names: ["--block-migration"], dest: "blockMigration", action: "store_true", default: null, help: "Perform a block live migration (auto-configured from --os-compute-api-version 2.25)" },
      opt.flag("--disk-overcommit", "Allow disk over-commit on the destination host(supported with --os-compute-api-version 2.24 or below)"),
      waitOpt("migrate"),
    ],
    positionals: [serverPositional("Server (name or ID)")],
    exclusive: [{ dests: ["blockMigration"] }],
    run(a, ctx) {
      const s = findServerArg(ctx, str(a, "server") ?? "");
      if (!s.ok) return s;
      const live = Boolean(a.liveMigration);
      const rule = live ? "os_compute_api:os-migrate-server:migrate_live" : "os_compute_api:os-migrate-server:migrate";
      const host = str(a, "host");
      const def: ActionDef = {
        words: [], description: "", helpVerb: "", rule, nova: live ? "os-migrateLive" : "migrate", allowed: live ? ["active", "paused"] : ["active", "stopped"],
        transient: live ? "MIGRATING" : "RESIZE", task: live ? "migrating" : "resize_prep", target: live ? "ACTIVE" : "VERIFY_RESIZE",
        patch: (cur) => {
          if (host && !S.computeServiceOf(ctx.draft, host)) return err(badRequest(`Compute host ${host} could not be found.`));
          const placement = S.schedule(ctx.draft, { flavor: cur.flavor, bootFromVolume: cur.bootVolume !== null, zone: null, forcedHost: host, group: null, ignoreHost: cur.host });
          if (!placement) return err(badRequest("No valid host was found. No valid host found for cold migrate"));
          const moved = { host: placement.host, hypervisorHostname: placement.hypervisorHostname, hostId: S.hostIdFor(cur.projectId, placement.host) };
          if (live) return ok(moved);
          return ok({ ...moved, resize: { oldFlavor: cur.flavor, oldHost: cur.host, oldHypervisorHostname: cur.hypervisorHostname, wasStopped: cur.vmState === "stopped", migration: true } });
        },
        targetFor: (cur) => (live ? (cur.status as ServerStatus) : "VERIFY_RESIZE"),
      };
      const r = runAction(ctx, def, s.value, a);
      return r.ok ? waitComplete(a) : r;
    },
  },
  {
    words: ["server", "migrate", "confirm"], description: "Confirm server migration.\n\nConfirm (verify) success of the migration operation and release the old server.", output: "none",
    positionals: [serverPositional("Server (name or ID)")],
    run(a, ctx) {
      const s = findServerArg(ctx, str(a, "server") ?? "");
      return s.ok ? resizeFinish(ctx, s.value, "confirm", a) : s;
    },
  },
  {
    words: ["server", "migrate", "revert"], description: "Revert server migration.\n\nRevert the migration operation. Release the new server and restart the old one.", output: "none",
    positionals: [serverPositional("Server (name or ID)")],
    run(a, ctx) {
      const s = findServerArg(ctx, str(a, "server") ?? "");
      return s.ok ? resizeFinish(ctx, s.value, "revert", a) : s;
    },
  },
  {
    words: ["server", "rebuild"], description: "Rebuild server", output: "show",
    options: [
      opt.value("--image", "<image>", "Recreate server from the specified image (name or ID). Defaults to the currently used one."),
      opt.value("--name", "<name>", "Set the new name of the rebuilt server"),
      opt.value("--password", "<password>", "Set the password on the rebuilt server"),
      opt.property("Set a new property on the rebuilt server (repeat option to set multiple values)"),
      opt.value("--description", "<description>", "Set a new description on the rebuilt server (supported by --os-compute-api-version 2.19 or above)"),
      opt.value("--key-name", "<key-name>", "Set the key name of key pair on the rebuilt server. Cannot be specified with the '--key-unset' option. (supported by --os-compute-api-version 2.54 or above)"),
      waitOpt("rebuild"),
    ],
    positionals: [serverPositional("Server (name or ID)")],
    run(a, ctx) {
      const s = findServerArg(ctx, str(a, "server") ?? "");
      if (!s.ok) return s;
      // ERROR is a state nova rebuilds from, but only on the host the instance lives on: one the scheduler
      // never placed has no host to rebuild on (nova's InstanceNotReady).
      if (s.value.status === "ERROR" && !s.value.host) return err(conflict(`Instance ${s.value.id} is not ready`));
      let imageId = s.value.imageId;
      const imageArg = str(a, "image");
      if (imageArg) {
        const i = img.findImage(ctx.draft, ctx.auth, imageArg);
        if (!i.ok) return i;
        imageId = i.value.id;
      }
      if (!imageId) return err(commandError("The --image option is required when rebuilding a volume-backed server"));
      const keyName = str(a, "keyName");
      if (keyName && !ctx.draft.get("keypairs", S.keypairKey(ctx.auth.userId, keyName))) return err(badRequest("Invalid key_name provided."));
      const def: ActionDef = {
        words: [], description: "", helpVerb: "", rule: "os_compute_api:servers:rebuild", nova: "rebuild", allowed: ["active", "stopped", "error"], transient: "REBUILD", task: "rebuilding", target: "ACTIVE",
        patch: (cur) => {
          const image = imageId ? ctx.draft.get("images", imageId) : undefined;
          if (image && image.status !== "active") return err(badRequest(`Image ${image.id} is not active.`));
          if (image && image.minRamMb > cur.flavor.ramMb) return err(badRequest("Flavor's memory is too small for requested image."));
          if (image && image.minDiskGb > cur.flavor.diskGb && cur.flavor.diskGb > 0) return err(badRequest("Flavor's disk is too small for requested image."));
          return ok({
            imageId, ...(str(a, "name") ? { name: str(a, "name") ?? cur.name } : {}), ...(str(a, "description") ? { description: str(a, "description") } : {}),
            ...(keyName ? { keyName } : {}), metadata: { ...cur.metadata, ...props(a, "property") }, consoleLog: [],
          });
        },
        targetFor: (cur) => (cur.vmState === "stopped" ? "SHUTOFF" : "ACTIVE"),
      };
      const r = runAction(ctx, def, s.value, a);
      if (!r.ok) return r;
      const out = show(serverFields(ctx.draft, ctx.auth, r.value, { adminPass: newSecret(ctx.draft, 12).replace(/[-_]/g, "x") }));
      // Like resize, a waited rebuild says `Complete` before the server's table.
      return a.wait && out.ok ? ok({ ...out.value, preface: "Complete\n" }) : out;
    },
  },
  {
    words: ["server", "evacuate"], description: "Evacuate a server to a different host.\n\nThis command is used to recreate a server after the host it was on has failed. It can only be used if the compute service that manages the server is down. This command should only be used by an admin after they have confirmed that the instance is not running on the failed host.", output: "show",
    options: [
      opt.flag("--wait", "Wait for evacuation to complete"),
      opt.value("--host", "<host>", "Set the preferred host on which to rebuild the evacuated server. The host will be validated by the scheduler. (supported by --os-compute-api-version 2.29 or above)"),
      opt.value("--password", "<password>", "Set the password on the evacuated instance. This option is mutually exclusive with the --shared-storage option. This option requires cloud support."),
    ],
    positionals: [serverPositional("Server (name or ID)")],
    run(a, ctx) {
      const s = findServerArg(ctx, str(a, "server") ?? "");
      if (!s.ok) return s;
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-evacuate", { projectId: s.value.projectId });
      if (!g.ok) return g;
      const svc = S.computeServiceOf(ctx.draft, s.value.host);
      if (svc && svc.state === "up" && !svc.forcedDown) return err(badRequest(`Compute service of ${s.value.host} is still in use.`));
      const host = str(a, "host");
      const placement = S.schedule(ctx.draft, { flavor: s.value.flavor, bootFromVolume: s.value.bootVolume !== null, zone: null, forcedHost: host, group: null, ignoreHost: s.value.host });
      if (!placement) return err(badRequest("No valid host was found. There are not enough hosts available."));
      S.recordEvent(ctx.draft, ctx.auth, s.value.id, "evacuate", ctx.requestId);
      const r = S.beginTransition(ctx.draft, s.value, "REBUILD", "rebuilding", s.value.vmState === "stopped" ? "SHUTOFF" : "ACTIVE", {
        host: placement.host, hypervisorHostname: placement.hypervisorHostname, hostId: S.hostIdFor(s.value.projectId, placement.host),
      }, Boolean(a.wait));
      return show(serverFields(ctx.draft, ctx.auth, r));
    },
  },
  {
    words: ["server", "set"], description: "Set server properties", output: "none",
    options: [
      opt.value("--name", "<new-name>", "New server name"),
      opt.flag("--auto-password", "Prompt for new root password"),
      opt.value("--password", "<password>", "Set the server password. This option requires cloud support."),
      opt.flag("--no-password", "Clear the admin password for the server from the metadata service; note that this action does not actually change the server password"),
      opt.property("Property to add/change for this server (repeat option to set multiple properties)"),
      opt.value("--state", "<state>", "New server state (valid value: active, error)", { choices: ["active", "error"] }),
      opt.value("--description", "<description>", "New server description (supported by --os-compute-api-version 2.19 or above)"),
      { names: ["--tag"], dest: "tags", metavar: "<tag>", action: "append", help: "Tag for the server. Specify multiple times to add multiple tags. (supported by --os-compute-api-version 2.26 or above)" },
    ],
    positionals: [serverPositional("Server (name or ID)")],
    run(a, ctx) {
      const s = findServerArg(ctx, str(a, "server") ?? "");
      if (!s.ok) return s;
      const g = novaAuthorize(ctx.auth, "os_compute_api:servers:update", { projectId: s.value.projectId });
      if (!g.ok) return g;
      const l = S.checkLock(ctx.auth, s.value);
      if (!l.ok) return l;
      const patch: Partial<Server> = { updatedAt: ctx.draft.now };
      if (str(a, "name") !== null) patch.name = str(a, "name") ?? s.value.name;
      if (str(a, "description") !== null) patch.description = str(a, "description");
      if (Object.keys(props(a, "property")).length > 0) {
        const meta = { ...s.value.metadata, ...props(a, "property") };
        const q = checkQuota(ctx.draft, s.value.projectId, "metadata_items", 0);
        if (q.limit >= 0 && Object.keys(meta).length > q.limit) return err({ code: "cloud/OverQuota", httpStatus: 403, message: "Quota exceeded for metadata_items: Requested 1, but already used " + Object.keys(s.value.metadata).length + " of " + q.limit + " metadata_items" });
        patch.metadata = meta;
      }
      if (list(a, "tags").length > 0) patch.tags = [...new Set([...s.value.tags, ...list(a, "tags")])];
      const state = str(a, "state");
      if (state) {
        if (!isAdmin(ctx.auth)) return err(novaPolicyRefusal("os_compute_api:os-admin-actions:reset_state"));
        Object.assign(patch, state === "active" ? { status: "ACTIVE", vmState: "active", taskState: null, pending: null } : { status: "ERROR", vmState: "error", taskState: null, pending: null });
      }
      ctx.draft.update("servers", s.value.id, patch);
      return none();
    },
  },
  {
    words: ["server", "unset"], description: "Unset server properties and tags", output: "none",
    options: [
      { names: ["--property"], dest: "properties", metavar: "<key>", action: "append", help: "Property key to remove from server (repeat option to remove multiple values)" },
      opt.flag("--description", "Unset server description (supported by --os-compute-api-version 2.19 or above)"),
      { names: ["--tag"], dest: "tags", metavar: "<tag>", action: "append", help: "Tag to remove from the server. Specify multiple times to remove multiple tags. (supported by --os-compute-api-version 2.26 or later" },
    ],
    positionals: [serverPositional("Server (name or ID)")],
    run(a, ctx) {
      const s = findServerArg(ctx, str(a, "server") ?? "");
      if (!s.ok) return s;
      const g = novaAuthorize(ctx.auth, "os_compute_api:server-metadata:delete", { projectId: s.value.projectId });
      if (!g.ok) return g;
      const l = S.checkLock(ctx.auth, s.value);
      if (!l.ok) return l;
      const meta = { ...s.value.metadata };
      for (const k of list(a, "properties")) {
        if (!(k in meta)) return err(sdkNova(ctx.draft, notFound("Metadata item was not found"), `/servers/${s.value.id}/metadata/${k}`));
        delete meta[k];
      }
      const tags = s.value.tags.filter((t) => !list(a, "tags").includes(t));
      ctx.draft.update("servers", s.value.id, { metadata: meta, tags, ...(a.description ? { description: null } : {}), updatedAt: ctx.draft.now });
      return none();
    },
  },
];

function resizePatch(ctx: CommandContext, cur: Server, f: Flavor): Result<Partial<Server>, CloudError> {
  const next = S.embedFlavor(f);
  if (f.id === cur.flavorId) return err(badRequest("When resizing, instances must change flavor!"));
  if (cur.bootVolume === null && f.diskGb < cur.flavor.diskGb && f.diskGb !== 0) return err(badRequest("Resize error: Unable to resize disk down."));
  const dv = next.vcpus - cur.flavor.vcpus;
  const dr = next.ramMb - cur.flavor.ramMb;
  const over = ([["cores", dv], ["ram", dr]] as const).filter(([k, n]) => n > 0 && !checkQuota(ctx.draft, cur.projectId, k, n).ok);
  if (over.length > 0) {
    const q = over.map(([k, n]) => ({ k, n, c: checkQuota(ctx.draft, cur.projectId, k, n) }));
    const names = q.map((x) => x.k).join(", ");
    return err({ code: "cloud/OverQuota", httpStatus: 403, message: `Quota exceeded for ${names}: Requested ${q.map((x) => x.n).join(", ")}, but already used ${q.map((x) => x.c.used).join(", ")} of ${q.map((x) => x.c.limit).join(", ")} ${names}` });
  }
  // nova's allow_resize_to_same_host defaults to False: the resized instance moves to another host.
  const placement = S.schedule(ctx.draft, { flavor: next, bootFromVolume: cur.bootVolume !== null, zone: cur.availabilityZone || null, forcedHost: null, group: null, ignoreHost: cur.host });
  if (!placement) return err(badRequest("No valid host was found. No valid host found for resize"));
  return ok({
    flavor: next, flavorId: f.id, previousFlavorId: cur.flavorId, host: placement.host, hypervisorHostname: placement.hypervisorHostname, hostId: S.hostIdFor(cur.projectId, placement.host),
    resize: { oldFlavor: cur.flavor, oldHost: cur.host, oldHypervisorHostname: cur.hypervisorHostname, wasStopped: cur.vmState === "stopped", migration: false },
  });
}

function resizeFinish(ctx: CommandContext, s: Server, how: "confirm" | "revert", a: ParsedArgs): Out {
  const rule = how === "confirm" ? "os_compute_api:servers:confirm_resize" : "os_compute_api:servers:revert_resize";
  const g = novaAuthorize(ctx.auth, rule, { projectId: s.projectId });
  if (!g.ok) return g;
  const l = S.checkLock(ctx.auth, s);
  if (!l.ok) return l;
  if (s.vmState !== "resized" || !s.resize) {
    if (s.taskState !== null && s.resize) return err(S.invalidState(how === "confirm" ? "confirmResize" : "revertResize", s, "task_state"));
    return err(badRequest("Instance has not been resized."));
  }
  const back: ServerStatus = s.resize.wasStopped ? "SHUTOFF" : "ACTIVE";
  S.recordEvent(ctx.draft, ctx.auth, s.id, how === "confirm" ? "confirmResize" : "revertResize", ctx.requestId);
  if (how === "confirm") {
    S.beginTransition(ctx.draft, s, s.status, null, back, { resize: null, previousFlavorId: null }, true);
    return none();
  }
  const old = s.resize;
  const oldFlavorId = s.previousFlavorId ?? s.flavorId;
  S.beginTransition(ctx.draft, s, "REVERT_RESIZE", "resize_reverting", back, {
    resize: null, flavor: old.oldFlavor, flavorId: oldFlavorId, previousFlavorId: null, host: old.oldHost, hypervisorHostname: old.oldHypervisorHostname,
    hostId: S.hostIdFor(s.projectId, old.oldHost),
  }, Boolean(a.wait));
  return none();
}

// ------------------------------------------------------------------ server image / console / events / groups

const serverExtraCommands: CommandSpec[] = [
  {
    words: ["server", "image", "create"], description: "Create a new server disk image from an existing server", output: "show",
    options: [
      opt.value("--name", "<image-name>", "Name of new disk image (default: server name)"),
      opt.property("Set a new property to meta_data.json on the metadata server (repeat option to set multiple values)"),
      opt.flag("--wait", "Wait for operation to complete"),
    ],
    positionals: [serverPositional("Server to back up (name or ID)")],
    run(a, ctx) {
      const s = findServerArg(ctx, str(a, "server") ?? "");
      if (!s.ok) return s;
      const g = novaAuthorize(ctx.auth, "os_compute_api:servers:create_image", { projectId: s.value.projectId });
      if (!g.ok) return g;
      const l = S.checkLock(ctx.auth, s.value);
      if (!l.ok) return l;
      if (!["active", "stopped", "paused", "suspended", "shelved", "shelved_offloaded"].includes(s.value.vmState)) return err(S.invalidState("createImage", s.value));
      if (s.value.taskState !== null) return err(S.invalidState("createImage", s.value, "task_state"));
      const base = s.value.imageId ? ctx.draft.get("images", s.value.imageId) : undefined;
      const bfv = s.value.bootVolume !== null;
      const properties: Record<string, string> = {
        ...props(a, "property"), image_type: "snapshot", instance_uuid: s.value.id, user_id: ctx.auth.userId, owner_project_name: ctx.auth.projectName,
        owner_user_name: ctx.auth.userName, ...(s.value.imageId ? { base_image_ref: s.value.imageId } : { base_image_ref: "" }),
        ...(bfv ? { bdm_v2: "True", root_device_name: "/dev/vda", block_device_mapping: `[{"source_type": "snapshot", "destination_type": "volume", "boot_index": 0, "volume_size": 1, "device_name": "/dev/vda", "delete_on_termination": false}]` } : {}),
      };
      for (const k of ["hw_rng_model"]) if (base?.properties[k] !== undefined) properties[k] = base.properties[k] ?? "";
      S.recordEvent(ctx.draft, ctx.auth, s.value.id, "createImage", ctx.requestId);
      const r = img.createImage(ctx.draft, ctx.auth, {
        name: str(a, "name") ?? s.value.name, diskFormat: bfv ? null : (base?.diskFormat ?? "qcow2"), containerFormat: bfv ? null : (base?.containerFormat ?? "bare"),
        minDiskGb: s.value.flavor.diskGb, minRamMb: base?.minRamMb ?? 0, visibility: "private", properties,
        // A boot-from-volume snapshot is a zero-byte image pointing at a volume snapshot.
        sizeBytes: bfv ? 0 : (base?.sizeBytes ?? 21692416) + 4_000_000, virtualSizeBytes: bfv ? null : s.value.flavor.diskGb * 1024 ** 3,
        // nova registers the image at once (queued) and uploads the disk afterwards; a volume-backed server's
        // snapshot is a zero-byte image that is active straight away.
        ...(bfv ? {} : { uploadMs: S.ACTION_MS }),
      });
      if (!r.ok) return r;
      if (!a.wait) return ok(imageFields(r.value));
      // osc-lib wait_for_status polls until `active`; glance images have no progress, so the client only ends the
      // (empty) progress line with a newline before the table.
      const settled = img.settleImageNow(ctx.draft, r.value.id) ?? r.value;
      return ok({ ...imageFields(settled), preface: "\n" });
    },
  },
  {
    words: ["console", "log", "show"], description: "Show server's console output", output: "none",
    options: [opt.value("--lines", "<num-lines>", "Number of lines to display from the end of the log (default=all)", { type: "int" })],
    positionals: [serverPositional("Server to show console log (name or ID)")],
    run(a, ctx) {
      const s = findServerArg(ctx, str(a, "server") ?? "");
      if (!s.ok) return s;
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-console-output", { projectId: s.value.projectId });
      if (!g.ok) return g;
      if (s.value.vmState !== "active" && s.value.vmState !== "rescued" && s.value.vmState !== "stopped") return err(S.invalidState("get_console_output", s.value));
      const lines = num(a, "lines");
      if (lines !== null && lines < 0) return err(commandError("argument --lines: invalid positive integer"));
      let log = s.value.consoleLog;
      if (lines !== null) log = lines === 0 ? [] : log.slice(-lines);
      return ok({ kind: "text", text: log.length > 0 ? `${log.join("\n")}\n` : "\n" });
    },
  },
  {
    words: ["console", "url", "show"], description: "Show server's remote console URL", output: "show",
    options: [
      { names: ["--novnc"], dest: "urlType", action: "store_const", const: "novnc", default: "novnc", help: "Show noVNC console URL (default)" },
      { names: ["--xvpvnc"], dest: "urlType", action: "store_const", const: "xvpvnc", help: "Show xvpvnc console URL" },
      { names: ["--spice"], dest: "urlType", action: "store_const", const: "spice-html5", help: "Show SPICE console URL" },
      { names: ["--rdp"], dest: "urlType", action: "store_const", const: "rdp-html5", help: "Show RDP console URL" },
      { names: ["--serial"], dest: "urlType", action: "store_const", const: "serial", help: "Show serial console URL" },
      { names: ["--mks"], dest: "urlType", action: "store_const", const: "webmks", help: "Show WebMKS console URL" },
    ],
    positionals: [serverPositional("Server to show URL (name or ID)")],
    exclusive: [{ dests: ["urlType"] }],
    run(a, ctx) {
      const s = findServerArg(ctx, str(a, "server") ?? "");
      if (!s.ok) return s;
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-remote-consoles", { projectId: s.value.projectId });
      if (!g.ok) return g;
      if (s.value.vmState !== "active" && s.value.vmState !== "rescued") return err(conflict(`Instance ${s.value.id} is not ready`));
      const type = String(a.urlType ?? "novnc");
      if (type !== "novnc") return err(badRequest("Unavailable console type " + type + "."));
      const token = newUuid(ctx.draft);
      return show([["protocol", "vnc"], ["type", "novnc"], ["url", `http://192.168.122.10:6080/vnc_lite.html?path=%3Ftoken%3D${token}`]]);
    },
  },
  {
    words: ["server", "event", "list"], description: "List recent events of a server.\n\nSpecify ``--os-compute-api-version 2.21`` or higher to show events for a deleted server, specified by ID only.", output: "list",
    options: [opt.flag("--long", "List additional fields in output")],
    positionals: [serverPositional("Server to list events (name or ID)")],
    run(a, ctx) {
      const s = findServerArg(ctx, str(a, "server") ?? "");
      if (!s.ok) return s;
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-instance-actions:list", { projectId: s.value.projectId });
      if (!g.ok) return g;
      const events = ctx.draft.list("serverEvents").filter((e) => e.serverId === s.value.id).sort((x, y) => y.startTime - x.startTime || (x.id < y.id ? 1 : -1));
      const columns = a.long ? ["Request ID", "Server ID", "Action", "Start Time", "Message", "Project ID", "User ID"] : ["Request ID", "Server ID", "Action", "Start Time"];
      const rows = events.map((e): Value[] => {
        const r: Value[] = [e.requestId, e.serverId, e.action, novaMicros(e.startTime)];
        if (a.long) r.push(e.message, e.projectId, e.userId);
        return r;
      });
      return ok({ kind: "list", columns, rows });
    },
  },
  {
    words: ["server", "event", "show"], description: "Show server event details.\n\nSpecify ``--os-compute-api-version 2.21`` or higher to show event details for a deleted server, specified by ID only. Specify ``--os-compute-api-version 2.51`` or higher to show event details for non-admin users.", output: "show",
    positionals: [serverPositional("Server to show event details (name or ID)"), { dest: "requestId", metavar: "<request-id>", help: "Request ID of the event to show (ID only)" }],
    run(a, ctx) {
      const s = findServerArg(ctx, str(a, "server") ?? "");
      if (!s.ok) return s;
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-instance-actions:show", { projectId: s.value.projectId });
      if (!g.ok) return g;
      const reqId = str(a, "requestId") ?? "";
      const e = ctx.draft.get("serverEvents", `${s.value.id}/${reqId}`);
      if (!e) return err(notFound(`Action ${reqId} on instance ${s.value.id} could not be found.`));
      const start = novaMicros(e.startTime);
      const event = { event: `compute_${e.action === "create" ? "build_and_run_instance" : e.action.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_instance`, start_time: start, finish_time: novaMicros(e.startTime + S.ACTION_MS), result: "Success" };
      const fields: Record<string, Value> = {
        action: e.action, events: formatted(formatDict(event), [event]), id: e.requestId, message: e.message, project_id: e.projectId, request_id: e.requestId,
        server_id: e.serverId, start_time: start, updated_at: novaMicros(e.startTime + S.ACTION_MS), user_id: e.userId,
      };
      return show(Object.keys(fields).sort().map((k) => [k, fields[k] ?? null]));
    },
  },
];

// ================================================================== keypair

/** A stable-looking OpenSSH public key and its MD5 fingerprint, drawn from the seeded generator. */
function generateKey(ctx: CommandContext, name: string): { publicKey: string; privateKey: string; fingerprint: string } {
  const body = `AAAAB3NzaC1yc2EAAAADAQABAAABAQ${newSecret(ctx.draft, 342).replace(/[-_]/g, "A")}`;
  const publicKey = `ssh-rsa ${body} Generated-by-Nova`;
  const fingerprint = fingerprintOf(body);
  const lines: string[] = [];
  const blob = newSecret(ctx.draft, 1588).replace(/-/g, "+").replace(/_/g, "/");
  for (let i = 0; i < blob.length; i += 64) lines.push(blob.slice(i, i + 64));
  void name;
  return { publicKey, fingerprint, privateKey: `-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA${lines.join("\n")}\n-----END RSA PRIVATE KEY-----\n` };
}

function fingerprintOf(text: string): string {
  const bytes: string[] = [];
  let h = 0x9e3779b9;
  for (let i = 0; bytes.length < 16; i++) {
    h = Math.imul(h ^ (text.charCodeAt(i % Math.max(1, text.length)) + i), 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    bytes.push((h & 0xff).toString(16).padStart(2, "0"));
  }
  return bytes.join(":");
}

function keypairFields(k: Keypair, opts: { publicKey: boolean }): [string, Value][] {
  const fields: Record<string, Value> = {
    created_at: opts.publicKey ? novaMicros(k.createdAt) : null, fingerprint: k.fingerprint, id: k.name, is_deleted: opts.publicKey ? false : null, name: k.name,
    type: k.type, user_id: k.userId,
  };
  if (opts.publicKey) fields.public_key = k.publicKey;
  return Object.keys(fields).sort().map((x) => [x, fields[x] ?? null]);
}

const KEYPAIR_NAME = /^[a-zA-Z0-9 _.@-]+$/;

function resolveUser(ctx: CommandContext, a: ParsedArgs): Result<string, CloudError> {
  const user = str(a, "user");
  if (!user) return ok(ctx.auth.userId);
  const u = ctx.draft.list("users").filter((x) => x.id === user || x.name === user);
  if (u.length === 0) return err({ code: "cloud/NotFound", message: `No user with a name or ID of '${user}' exists.` });
  return ok((u[0] as { id: string }).id);
}

const userOpts = [
  opt.value("--user", "<user>", "The owner of the keypair. (admin only) (name or ID). Requires ``--os-compute-api-version`` 2.10 or greater."),
  opt.value("--user-domain", "<user-domain>", "Domain the user belongs to (name or ID). This can be used in case collisions between user names exist."),
];

const keypairCommands: CommandSpec[] = [
  {
    words: ["keypair", "create"], description: "Create new public or private key for server ssh access", output: "show",
    options: [
      opt.value("--public-key", "<file>", "Filename for public key to add. If not used, generates a private key in ssh-ed25519 format. To generate keys in other formats, including the legacy ssh-rsa format, you must use an external tool such as ssh-keygen and specify this argument."),
      opt.value("--private-key", "<file>", "Filename for private key to save. If not used, print private key in console."),
      opt.value("--type", "<type>", "Keypair type (supported by --os-compute-api-version 2.2 or above)", { choices: ["ssh", "x509"] }),
      ...userOpts,
    ],
    positionals: [{ dest: "name", metavar: "<name>", help: "New public or private key name" }],
    exclusive: [{ dests: ["publicKey", "privateKey"] }],
    run(a, ctx) {
      const user = resolveUser(ctx, a);
      if (!user.ok) return user;
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-keypairs:create", { userId: user.value });
      if (!g.ok) return g;
      const name = str(a, "name") ?? "";
      if (!KEYPAIR_NAME.test(name) || name.length > 255) {
        return err(badRequest("Keypair data is invalid: Keypair name contains unsafe characters"));
      }
      if (ctx.draft.get("keypairs", S.keypairKey(user.value, name))) return err(conflict(`Key pair '${name}' already exists.`));
      const q = checkQuota(ctx.draft, ctx.auth.projectId, "key_pairs", 1);
      if (!q.ok || ctx.draft.list("keypairs").filter((k) => k.userId === user.value).length >= q.limit && q.limit >= 0) return err(forbiddenQuota("Quota exceeded, too many key pairs."));
      const pubPath = str(a, "publicKey");
      let rec: Keypair;
      let privateKey: string | null = null;
      if (pubPath) {
        const content = ctx.files.read(pubPath);
        if (content === undefined) return err(commandError(`Key file ${pubPath} not found: [Errno 2] No such file or directory: '${pubPath}'`));
        const parts = content.trim().split(/\s+/);
        if (parts.length < 2 || !/^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521))$/.test(parts[0] ?? "")) {
          return err(badRequest("Keypair data is invalid: failed to generate fingerprint"));
        }
        rec = { name, userId: user.value, type: (str(a, "type") as Keypair["type"] | null) ?? "ssh", fingerprint: fingerprintOf(parts[1] ?? ""), publicKey: content.trim(), createdAt: ctx.draft.now };
      } else {
        const gen = generateKey(ctx, name);
        privateKey = gen.privateKey;
        rec = { name, userId: user.value, type: (str(a, "type") as Keypair["type"] | null) ?? "ssh", fingerprint: gen.fingerprint, publicKey: gen.publicKey, createdAt: ctx.draft.now };
      }
      ctx.draft.put("keypairs", S.keypairKey(user.value, name), rec);
      const privPath = str(a, "privateKey");
      if (privateKey !== null && privPath === null) return ok({ kind: "text", text: privateKey });
      if (privateKey !== null && privPath !== null) ctx.files.write(privPath, privateKey);
      return show(keypairFields(rec, { publicKey: false }));
    },
  },
  {
    words: ["keypair", "delete"], description: "Delete public or private key(s)", output: "none",
    options: userOpts,
    positionals: [{ dest: "names", metavar: "<key>", nargs: "+", help: "Name of key(s) to delete (name only)" }],
    run(a, ctx) {
      const user = resolveUser(ctx, a);
      if (!user.ok) return user;
      const warnings: string[] = [];
      const names = list(a, "names");
      for (const n of names) {
        const g = novaAuthorize(ctx.auth, "os_compute_api:os-keypairs:delete", { userId: user.value });
        const k = ctx.draft.get("keypairs", S.keypairKey(user.value, n));
        if (!g.ok) warnings.push(`Failed to delete key with name '${n}': ${sdkNova(ctx.draft, g.error, `/os-keypairs/${n}`).message}`);
        else if (!k) warnings.push(`Failed to delete key with name '${n}': No Keypair found for ${n}`);
        else ctx.draft.remove("keypairs", S.keypairKey(user.value, n));
      }
      if (warnings.length > 0) return ok({ kind: "none", warnings, failure: `${warnings.length} of ${names.length} keys failed to delete.` });
      return none();
    },
  },
  {
    words: ["keypair", "list"], description: "List key fingerprints", output: "list",
    options: [
      ...userOpts,
      opt.value("--project", "<project>", "List key-pairs of all users in this project (admin only) (name or ID). Requires ``--os-compute-api-version`` 2.10 or greater."),
      opt.value("--project-domain", "<project-domain>", "Domain the project belongs to (name or ID). This can be used in case collisions between project names exist."),
      opt.value("--marker", "<marker>", "The last keypair ID of the previous page"),
      opt.value("--limit", "<limit>", "Maximum number of keypairs to display", { type: "int" }),
    ],
    exclusive: [{ dests: ["user", "project"] }],
    run(a, ctx) {
      let users: string[];
      const project = str(a, "project");
      if (project) {
        if (!isAdmin(ctx.auth)) return err(novaPolicyRefusal("os_compute_api:os-keypairs:index"));
        const p = findProject(ctx.draft, project, str(a, "projectDomain"));
        if (!p.ok) return p;
        users = [...new Set(ctx.draft.list("roleAssignments").filter((x) => x.actor.kind === "user" && x.scope.kind === "project" && x.scope.id === p.value.id).map((x) => x.actor.id))];
      } else {
        const u = resolveUser(ctx, a);
        if (!u.ok) return u;
        const g = novaAuthorize(ctx.auth, "os_compute_api:os-keypairs:index", { userId: u.value });
        if (!g.ok) return g;
        users = [u.value];
      }
      const keys = ctx.draft.list("keypairs").filter((k) => users.includes(k.userId)).sort((x, y) => (x.name < y.name ? -1 : 1));
      return ok({ kind: "list", columns: ["Name", "Fingerprint", "Type"], rows: keys.map((k): Value[] => [k.name, k.fingerprint, k.type]) });
    },
  },
  {
    words: ["keypair", "show"], description: "Display key details", output: "show",
    options: [opt.flag("--public-key", "Show only bare public key paired with the generated key"), ...userOpts],
    positionals: [{ dest: "name", metavar: "<key>", help: "Public or private key to display (name only)" }],
    run(a, ctx) {
      const user = resolveUser(ctx, a);
      if (!user.ok) return user;
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-keypairs:show", { userId: user.value });
      if (!g.ok) return g;
      const k = S.findKeypair(ctx.draft, ctx.auth, str(a, "name") ?? "", user.value);
      if (!k.ok) return k;
      if (a.publicKey) return ok({ kind: "text", text: `${k.value.publicKey}\n` });
      return show(keypairFields(k.value, { publicKey: true }));
    },
  },
];

const forbiddenQuota = (message: string): CloudError => ({ code: "cloud/OverQuota", httpStatus: 403, message });

// Nova restores only SOFT_DELETED servers; DevStack sets no reclaim_instance_interval, so a delete is final
// and every restore meets nova's state check.
const restoreCommand: CommandSpec = {
  words: ["server", "restore"], description: "Restore server(s)", output: "none",
  positionals: [serversPositional("Server(s) to restore (name or ID)")],
  run(a, ctx) {
    for (const n of list(a, "servers")) {
      const s = findServerArg(ctx, n);
      if (!s.ok) return s;
      const g = novaAuthorize(ctx.auth, "os_compute_api:os-deferred-delete:restore", { projectId: s.value.projectId });
      if (!g.ok) return g;
      if (s.value.status !== "SOFT_DELETED") return err(conflict(`Cannot 'restore' instance ${s.value.id} while it is in vm_state ${s.value.vmState}`));
    }
    return none();
  },
};

export const computeCommands: CommandSpec[] = [restoreCommand, ...flavorCommands, ...serverCommands, ...serverExtraCommands, ...keypairCommands, ...computeAdminCommands].map(withSdkErrors);
