import type { CommandContext, CommandOutput, CommandSpec, OptionSpec, ParsedArgs, Value } from "../../cli/spec";
import { dictColumn, formatted } from "../../cli/spec";
import { bulkDelete, opt, raw, sortedShow } from "../../cli/helpers";
import { err, ok, type Result } from "../../result";
import { badRequest, commandError, conflict, forbidden, notFound, renderError, type CloudError } from "../../errors";
import { isoMicrosNoZone } from "../../clock";
import { newSecret, newUuid } from "../../ids";
import { isAdmin } from "../../policy";
import type { QosSpec, Volume, VolumeBackup, VolumeSnapshot, VolumeTransfer, VolumeType } from "../../types";
import { findImage } from "../image/service";
import { findProject } from "../identity/service";
import { findServer } from "../compute/service";
import * as S from "./service";

// `openstack volume …` and `server add/remove volume` (python-openstackclient volume v3 over cinderclient at
// the default microversion 3.0; backups go through openstacksdk, so their lookups read `No Backup found for x`).

type Out = Result<CommandOutput, CloudError>;

const str = (a: ParsedArgs, k: string): string | null => (typeof a[k] === "string" ? (a[k] as string) : null);
const num = (a: ParsedArgs, k: string): number | null => (typeof a[k] === "number" ? (a[k] as number) : null);
const list = (a: ParsedArgs, k: string): string[] => (Array.isArray(a[k]) ? (a[k] as string[]) : []);
const props = (a: ParsedArgs, k = "property"): Record<string, string> => (a[k] as Record<string, string> | undefined) ?? {};
const time = (ms: number | null): string | null => (ms === null ? null : isoMicrosNoZone(ms));
const none = (): Out => ok({ kind: "none" });

function typeName(ctx: CommandContext, id: string): string | null {
  return ctx.draft.get("volumeTypes", id)?.name ?? null;
}

/** Cinder's attachment view, printed with Python's str() in the show table. */
function attachmentsRaw(v: Volume): Value {
  return raw(v.attachments.map((x) => ({
    id: v.id, attachment_id: x.id, volume_id: v.id, server_id: x.serverId, host_name: x.host, device: x.device, attached_at: isoMicrosNoZone(x.attachedAt),
  })));
}

/** `volume show` / `volume create`: the API body with `metadata` → properties and `volume_type` → type. */
export function volumeFields(ctx: CommandContext, v: Volume, fresh = false): CommandOutput {
  const f: Record<string, Value> = {
    attachments: attachmentsRaw(v), availability_zone: v.availabilityZone, bootable: v.bootable ? "true" : "false",
    consistencygroup_id: null, created_at: time(v.createdAt), description: v.description, encrypted: v.encrypted, id: v.id,
    multiattach: v.multiattach, name: v.name, properties: dictColumn(v.metadata), replication_status: null,
    size: v.sizeGb, snapshot_id: v.snapshotId, source_volid: v.sourceVolumeId, status: v.status, type: typeName(ctx, v.volumeTypeId),
    updated_at: time(v.updatedAt), user_id: v.userId,
  };
  if (Object.keys(v.imageMetadata).length > 0) f.volume_image_metadata = raw(v.imageMetadata);
  if (isAdmin(ctx.auth)) {
    // cinder's detail view adds migration_status for admins only (api/v2/views/volumes.py), like the extended
    // attributes below; the scheduler has not placed a volume that is still being created.
    f.migration_status = null;
    f["os-vol-host-attr:host"] = fresh ? null : v.host;
    f["os-vol-mig-status-attr:migstat"] = null;
    f["os-vol-mig-status-attr:name_id"] = null;
    f["os-vol-tenant-attr:tenant_id"] = v.projectId;
  }
  return sortedShow(f);
}

function attachedTo(ctx: CommandContext, v: Volume): Value {
  const human = v.attachments.map((x) => `Attached to ${ctx.draft.get("servers", x.serverId)?.name ?? x.serverId} on ${x.device} `).join("");
  return formatted(human, v.attachments.map((x) => ({ id: v.id, attachment_id: x.id, volume_id: v.id, server_id: x.serverId, host_name: x.host, device: x.device, attached_at: isoMicrosNoZone(x.attachedAt) })));
}

function volumeArg(ctx: CommandContext, a: ParsedArgs, key = "volume"): Result<Volume, CloudError> {
  return S.findVolume(ctx.draft, ctx.auth, str(a, key) ?? "");
}

const projectDomain = opt.value("--project-domain", "<project-domain>", "Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.");
const paging: OptionSpec[] = [
  opt.value("--limit", "<limit>", "The maximum number of entries to return. If the value exceeds the server-defined maximum, then the maximum value will be used.", { type: "int" }),
  opt.value("--marker", "<marker>", "The first position in the collection to return results from. This should be a value that was returned in a previous request."),
];

function projectFilter(ctx: CommandContext, a: ParsedArgs): Result<string | null, CloudError> {
  const ref = str(a, "project");
  if (ref === null) return ok(null);
  const p = findProject(ctx.draft, ref, str(a, "projectDomain"));
  return p.ok ? ok(p.value.id) : p;
}

/** cinder lists a non-admin's own project; `--all-projects` is ignored for them (all_tenants needs admin). */
function scoped<T extends { projectId: string }>(ctx: CommandContext, items: T[], allProjects: boolean, projectId: string | null): T[] {
  if (!isAdmin(ctx.auth)) return items.filter((i) => i.projectId === ctx.auth.projectId);
  if (projectId !== null) return items.filter((i) => i.projectId === projectId);
  return allProjects ? items : items.filter((i) => i.projectId === ctx.auth.projectId);
}

// ------------------------------------------------------------------ volume

const volumeCommands: CommandSpec[] = [
  {
    words: ["volume", "create"], description: "Create new volume", output: "show",
    options: [
      opt.value("--size", "<size>", "Volume size in GB (required unless --snapshot or --source specified)", { type: "int" }),
      opt.value("--type", "<volume-type>", "Set the type of volume"),
      opt.value("--image", "<image>", "Use <image> as source of volume (name or ID)"),
      opt.value("--snapshot", "<snapshot>", "Use <snapshot> as source of volume (name or ID)"),
      opt.value("--source", "<volume>", "Volume to clone (name or ID)"),
      { names: ["--source-replicated"], metavar: "<replicated-volume>", help: "", hidden: true },
      opt.value("--description", "<description>", "Volume description"),
      opt.value("--availability-zone", "<availability-zone>", "Create volume in <availability-zone>"),
      opt.value("--consistency-group", "consistency-group>", "Consistency group where the new volume belongs to"),
      opt.property("Set a property to this volume (repeat option to set multiple properties)"),
      { names: ["--hint"], metavar: "<key=value>", action: "keyvalue", help: "Arbitrary scheduler hint key-value pairs to help creating a volume. Repeat the option to set multiple hints. 'same_host' and 'different_host' get values appended when repeated, all other keys take the last given value" },
      opt.flag("--bootable", "Mark volume as bootable"),
      opt.flag("--non-bootable", "Mark volume as non-bootable (default)"),
      opt.flag("--read-only", "Set volume to read-only access mode"),
      opt.flag("--read-write", "Set volume to read-write access mode (default)"),
      opt.value("--backup", "<backup>", "Restore backup to a volume (name or ID) (supported by --os-volume-api-version 3.47 or later)"),
      { names: ["--remote-source"], dest: "remoteSource", metavar: "<key=value>", action: "keyvalue", help: "The attribute(s) of the existing remote volume (admin required) (repeat option to specify multiple attributes, e.g.: '--remote-source source-name=test_name --remote-source source-id=test_id')" },
      opt.value("--host", "<host>", "Cinder host on which the existing volume resides; takes the form: host@backend-name#pool. This is only used along with the --remote-source option."),
      opt.value("--cluster", "<cluster>", "Cinder cluster on which the existing volume resides; takes the form: cluster@backend-name#pool. This is only used along with the --remote-source option. (supported by --os-volume-api-version 3.16 or above)"),
    ],
    positionals: [{ dest: "name", metavar: "<name>", nargs: "?", help: "Volume name" }],
    exclusive: [{ dests: ["image", "snapshot", "source", "sourceReplicated", "backup", "remoteSource"] }, { dests: ["bootable", "nonBootable"] }, { dests: ["readOnly", "readWrite"] }],
    run(a, ctx) {
      const hasSource = str(a, "snapshot") !== null || str(a, "source") !== null || str(a, "backup") !== null || Object.keys(props(a, "remoteSource")).length > 0;
      if (!hasSource && num(a, "size") === null) {
        return err(commandError("--size is a required option if none of --snapshot, --backup, --source, or --remote-source are provided."));
      }
      if ((str(a, "host") || str(a, "cluster")) && Object.keys(props(a, "remoteSource")).length === 0) {
        return err(commandError("The --host and --cluster options are only supported with --remote-source parameter."));
      }
      if (str(a, "backup")) return err(commandError("--os-volume-api-version 3.47 or greater is required to create a volume from backup."));
      if (Object.keys(props(a, "remoteSource")).length > 0) return err(S.policyDenied("volume_extension:volume_manage"));
      let size = num(a, "size") ?? 0;
      let sourceId: string | null = null;
      let snapshotId: string | null = null;
      let imageId: string | null = null;
      if (str(a, "source")) {
        const src = volumeArg(ctx, a, "source");
        if (!src.ok) return src;
        sourceId = src.value.id;
        size = Math.max(size, src.value.sizeGb);
      }
      if (str(a, "image")) {
        const img = findImage(ctx.draft, ctx.auth, str(a, "image") ?? "");
        if (!img.ok) return img;
        imageId = img.value.id;
      }
      if (str(a, "snapshot")) {
        const snap = S.findSnapshot(ctx.draft, ctx.auth, str(a, "snapshot") ?? "");
        if (!snap.ok) return snap;
        snapshotId = snap.value.id;
        size = Math.max(size, snap.value.sizeGb);
      }
      const created = S.createVolume(ctx.draft, ctx.auth, {
        size, imageId, snapshotId, sourceVolumeId: sourceId, name: str(a, "name"), description: str(a, "description"),
        typeName: str(a, "type"), availabilityZone: str(a, "availabilityZone"), metadata: props(a),
        ...(a.bootable ? { bootable: true } : a.nonBootable ? { bootable: false } : {}),
      });
      if (!created.ok) return created;
      return ok(volumeFields(ctx, created.value, true));
    },
  },
  {
    words: ["volume", "delete"], description: "Delete volume(s)", output: "none",
    options: [
      opt.flag("--force", "Attempt forced removal of volume(s), regardless of state (defaults to False)"),
      opt.flag("--purge", "Remove any snapshots along with volume(s) (defaults to False)"),
      opt.flag("--remote", "Specify this parameter to unmanage a volume."),
    ],
    positionals: [{ dest: "volumes", metavar: "<volume>", nargs: "+", help: "Volume(s) to delete (name or ID)" }],
    exclusive: [{ dests: ["force", "purge"] }],
    run(a, ctx) {
      if (a.remote && (a.force || a.purge)) return err(commandError("The --force and --purge options are not supported with the --remote parameter."));
      return ok(bulkDelete(list(a, "volumes"), { singular: "volume", plural: "volumes" }, ctx.requestId, (n) => {
        const v = S.findVolume(ctx.draft, ctx.auth, n);
        if (!v.ok) return v;
        return S.deleteVolume(ctx.draft, ctx.auth, v.value, { force: Boolean(a.force), cascade: Boolean(a.purge) });
      }));
    },
  },
  {
    words: ["volume", "list"], description: "List volumes", output: "list",
    options: [
      opt.value("--project", "<project>", "Filter results by project (name or ID) (admin only)"), projectDomain,
      opt.value("--user", "<user>", "Filter results by user (name or ID) (admin only)"),
      opt.value("--user-domain", "<user-domain>", "Domain the user belongs to (name or ID). This can be used in case collisions between user names exist."),
      opt.value("--name", "<name>", "Filter results by volume name"),
      opt.value("--status", "<status>", "Filter results by status"),
      opt.flag("--all-projects", "Include all projects (admin only)"),
      opt.flag("--long", "List additional fields in output"),
      ...paging,
    ],
    run(a, ctx) {
      const p = projectFilter(ctx, a);
      if (!p.ok) return p;
      let vols = scoped(ctx, ctx.draft.list("volumes"), Boolean(a.allProjects), p.value);
      const name = str(a, "name");
      const status = str(a, "status");
      vols = vols.filter((v) => (name === null || v.name === name) && (status === null || v.status === status));
      // cinder sorts by created_at descending (newest first).
      vols.sort((x, y) => y.createdAt - x.createdAt || (x.id < y.id ? -1 : 1));
      const limit = num(a, "limit");
      if (limit !== null && limit >= 0) vols = vols.slice(0, limit);
      if (a.long) {
        return ok({
          kind: "list", columns: ["ID", "Name", "Status", "Size", "Type", "Bootable", "Attached to", "Properties"],
          rows: vols.map((v): Value[] => [v.id, v.name, v.status, v.sizeGb, typeName(ctx, v.volumeTypeId), v.bootable ? "true" : "false", attachedTo(ctx, v), dictColumn(v.metadata)]),
        });
      }
      return ok({ kind: "list", columns: ["ID", "Name", "Status", "Size", "Attached to"], rows: vols.map((v): Value[] => [v.id, v.name, v.status, v.sizeGb, attachedTo(ctx, v)]) });
    },
  },
  {
    words: ["volume", "show"], description: "Display volume details", output: "show",
    positionals: [{ dest: "volume", metavar: "<volume>", help: "Volume to display (name or ID)" }],
    run(a, ctx) {
      const v = volumeArg(ctx, a);
      return v.ok ? ok(volumeFields(ctx, v.value)) : v;
    },
  },
  {
    words: ["volume", "set"], description: "Set volume properties", output: "none",
    options: [
      opt.value("--name", "<name>", "New volume name"),
      opt.value("--size", "<size>", "Extend volume size in GB", { type: "int" }),
      opt.value("--description", "<description>", "New volume description"),
      opt.flag("--no-property", "Remove all properties from <volume> (specify both --no-property and --property to remove the current properties before setting new properties.)"),
      opt.property("Set a property on this volume (repeat option to set multiple properties)"),
      { names: ["--image-property"], dest: "imageProperty", metavar: "<key=value>", action: "keyvalue", help: "Set an image property on this volume (repeat option to set multiple image properties)" },
      { names: ["--state"], metavar: "<state>", choices: ["available", "error", "creating", "deleting", "in-use", "attaching", "detaching", "error_deleting", "maintenance"], help: 'New volume state ("available", "error", "creating", "deleting", "in-use", "attaching", "detaching", "error_deleting" or "maintenance") (admin only) (This option simply changes the state of the volume in the database with no regard to actual status, exercise caution when using)' },
      opt.flag("--attached", 'Set volume attachment status to "attached" (admin only) (This option simply changes the state of the volume in the database with no regard to actual status, exercise caution when using)'),
      opt.flag("--detached", 'Set volume attachment status to "detached" (admin only) (This option simply changes the state of the volume in the database with no regard to actual status, exercise caution when using)'),
      opt.value("--type", "<volume-type>", "New volume type (name or ID)"),
      { names: ["--retype-policy"], metavar: "<retype-policy>", choices: ["never", "on-demand"], help: "", hidden: true },
      { names: ["--migration-policy"], metavar: "<migration-policy>", choices: ["never", "on-demand"], help: 'Migration policy while re-typing volume ("never" or "on-demand", default is "never" ) (available only when --type option is specified)' },
      opt.flag("--bootable", "Mark volume as bootable"),
      opt.flag("--non-bootable", "Mark volume as non-bootable"),
      opt.flag("--read-only", "Set volume to read-only access mode"),
      opt.flag("--read-write", "Set volume to read-write access mode"),
    ],
    positionals: [{ dest: "volume", metavar: "<volume>", help: "Volume to modify (name or ID)" }],
    exclusive: [{ dests: ["attached", "detached"] }, { dests: ["bootable", "nonBootable"] }, { dests: ["readOnly", "readWrite"] }],
    run(a, ctx) {
      const found = volumeArg(ctx, a);
      if (!found.ok) return found;
      const d = ctx.draft;
      const id = found.value.id;
      const cur = (): Volume => d.get("volumes", id) as Volume;
      // Each requested change is its own API call in the client: failures are logged and the rest still apply.
      const warnings: string[] = [];
      const attempt = (label: string, f: () => Result<unknown, CloudError>): void => {
        const r = f();
        if (!r.ok) warnings.push(`${label}: ${renderError(r.error, ctx.requestId)}`);
      };
      const size = num(a, "size");
      if (size !== null && size !== 0) {
        attempt("Failed to set volume size", () => {
          const v = cur();
          if (size <= v.sizeGb) return err(commandError(`New size must be greater than ${v.sizeGb} GB`));
          if (v.status !== "available" && v.status !== "in-use") return err(commandError(`Volume is in ${v.status} state, it must be available or in-use before size can be extended.`));
          if (v.status === "in-use" && !apiAtLeast(ctx, 3, 42)) return err(commandError("--os-volume-api-version 3.42 or greater is required to extend in-use volumes."));
          return S.extendVolume(d, ctx.auth, v, size);
        });
      }
      const guardUpdate = (): Result<void, CloudError> => S.authorizeVolume(ctx.auth, "volume:update_volume_metadata", cur().projectId);
      if (a.noProperty) attempt("Failed to clean volume properties", () => (guardUpdate().ok ? ok(d.update("volumes", id, { metadata: {} })) : guardUpdate()));
      if (Object.keys(props(a)).length > 0) attempt("Failed to set volume property", () => (guardUpdate().ok ? ok(d.update("volumes", id, { metadata: { ...cur().metadata, ...props(a) } })) : guardUpdate()));
      if (Object.keys(props(a, "imageProperty")).length > 0) {
        attempt("Failed to set image property", () => (guardUpdate().ok ? ok(d.update("volumes", id, { imageMetadata: { ...cur().imageMetadata, ...props(a, "imageProperty") } })) : guardUpdate()));
      }
      const adminOnly = (rule: string): Result<void, CloudError> => (isAdmin(ctx.auth) ? ok(undefined) : err(S.policyDenied(rule)));
      const state = str(a, "state");
      if (state) attempt("Failed to set volume state", () => {
        const g = adminOnly("volume_extension:volume_admin_actions:reset_status");
        return g.ok ? ok(d.update("volumes", id, { status: state as Volume["status"], pending: null, updatedAt: d.now })) : g;
      });
      if (a.attached || a.detached) attempt("Failed to set volume attach-status", () => adminOnly("volume_extension:volume_admin_actions:reset_status"));
      if (a.bootable || a.nonBootable) attempt("Failed to set volume bootable property", () => {
        const g = S.authorizeVolume(ctx.auth, "volume:update", cur().projectId);
        return g.ok ? ok(d.update("volumes", id, { bootable: Boolean(a.bootable) })) : g;
      });
      if (a.readOnly || a.readWrite) attempt("Failed to set volume read-only access mode flag", () => {
        const g = S.authorizeVolume(ctx.auth, "volume:update", cur().projectId);
        return g.ok ? ok(d.update("volumes", id, { metadata: { ...cur().metadata, readonly: a.readOnly ? "True" : "False" } })) : g;
      });
      const policy = str(a, "migrationPolicy") ?? str(a, "retypePolicy");
      if (str(a, "retypePolicy")) warnings.unshift("The '--retype-policy' option has been deprecated in favor of '--migration-policy' option. The '--retype-policy' option will be removed in a future release. Please use '--migration-policy' instead.");
      const typeRef = str(a, "type");
      if (typeRef) attempt("Failed to set volume type", () => {
        const t = S.findVolumeType(d, ctx.auth, typeRef);
        if (!t.ok) return t;
        const v = cur();
        if (v.status !== "available" && v.status !== "in-use") return err(badRequest(`Invalid volume: Volume ${v.id} status must be available or in-use, but current status is: ${v.status}.`));
        if (t.value.id === v.volumeTypeId) return err(badRequest(`Invalid input received: New volume type must be different from the original volume type.`));
        return ok(d.update("volumes", id, { volumeTypeId: t.value.id, updatedAt: d.now }));
      });
      else if (policy) warnings.push(`'${str(a, "migrationPolicy") ? "--migration-policy" : "--retype-policy"}' option will not work without '--type' option`);
      const name = str(a, "name");
      const description = str(a, "description");
      if (name || description) attempt("Failed to update volume display name or display description", () => {
        const g = S.authorizeVolume(ctx.auth, "volume:update", cur().projectId);
        return g.ok ? ok(d.update("volumes", id, { ...(name ? { name } : {}), ...(description ? { description } : {}), updatedAt: d.now })) : g;
      });
      const failed = warnings.some((w) => w.startsWith("Failed"));
      return ok({ kind: "none", warnings, ...(failed ? { failure: "One or more of the set operations failed" } : {}) });
    },
  },
  {
    words: ["volume", "unset"], description: "Unset volume properties", output: "none",
    options: [
      opt.repeat("--property", "<key>", "Remove a property from volume (repeat option to remove multiple properties)"),
      opt.repeat("--image-property", "<key>", "Remove an image property from volume (repeat option to remove multiple image properties)"),
    ],
    positionals: [{ dest: "volume", metavar: "<volume>", help: "Volume to modify (name or ID)" }],
    run(a, ctx) {
      const found = volumeArg(ctx, a);
      if (!found.ok) return found;
      const v = found.value;
      const warnings: string[] = [];
      const keys = list(a, "property");
      const imageKeys = list(a, "imageProperty");
      const g = S.authorizeVolume(ctx.auth, "volume:delete_volume_metadata", v.projectId);
      if (keys.length > 0) {
        if (!g.ok) warnings.push(`Failed to unset volume property: ${renderError(g.error, ctx.requestId)}`);
        else {
          const metadata = { ...v.metadata };
          for (const k of keys) delete metadata[k];
          ctx.draft.update("volumes", v.id, { metadata });
        }
      }
      if (imageKeys.length > 0) {
        const missing = imageKeys.find((k) => !(k in v.imageMetadata));
        if (!g.ok) warnings.push(`Failed to unset image property: ${renderError(g.error, ctx.requestId)}`);
        else if (missing) warnings.push(`Failed to unset image property: ${renderError(notFound(`Glance metadata for volume ${v.id} and key ${missing} cannot be found.`), ctx.requestId)}`);
        else {
          const imageMetadata = { ...v.imageMetadata };
          for (const k of imageKeys) delete imageMetadata[k];
          ctx.draft.update("volumes", v.id, { imageMetadata });
        }
      }
      return ok({ kind: "none", warnings, ...(warnings.length > 0 ? { failure: "One or more of the unset operations failed" } : {}) });
    },
  },
  {
    words: ["volume", "service", "list"], description: "List service command", output: "list",
    options: [opt.value("--host", "<host>", "List services on specified host (name only)"), opt.value("--service", "<service>", "List only specified service (name only)"), opt.flag("--long", "List additional fields in output")],
    run(a, ctx) {
      if (!isAdmin(ctx.auth)) return err(S.policyDenied("volume_extension:services:index"));
      const svcs = ctx.draft.list("volumeServices").filter((s) => (str(a, "host") === null || s.host === str(a, "host")) && (str(a, "service") === null || s.binary === str(a, "service")));
      const cols = ["Binary", "Host", "Zone", "Status", "State", "Updated At"];
      const rows = svcs.map((s): Value[] => [s.binary, s.host, s.zone, s.status, s.state, isoMicrosNoZone(ctx.draft.now - (ctx.draft.now % 10_000))]);
      if (a.long) return ok({ kind: "list", columns: [...cols, "Disabled Reason"], rows: rows.map((r) => [...r, null]) });
      return ok({ kind: "list", columns: cols, rows });
    },
  },
];

function apiAtLeast(ctx: CommandContext, major: number, minor: number): boolean {
  const v = ctx.env.OS_VOLUME_API_VERSION ?? "3";
  const [ma, mi] = v.split(".").map((x) => Number(x));
  return (ma ?? 0) > major || ((ma ?? 0) === major && (mi ?? 0) >= minor);
}

// ------------------------------------------------------------------ server add/remove volume

const serverVolumeCommands: CommandSpec[] = [
  {
    words: ["server", "add", "volume"], description: "Add volume to server.\n\nSpecify ``--os-compute-api-version 2.20`` or higher to add a volume to a server with status ``SHELVED`` or ``SHELVED_OFFLOADED``.", output: "show",
    options: [
      opt.value("--device", "<device>", "Server internal device name for volume"),
      opt.value("--tag", "<tag>", "Tag for the attached volume (supported by --os-compute-api-version 2.49 or above)"),
      opt.flag("--enable-delete-on-termination", "Delete the volume when the server is destroyed (supported by --os-compute-api-version 2.79 or above)"),
      opt.flag("--disable-delete-on-termination", "Do not delete the volume when the server is destroyed (supported by --os-compute-api-version 2.79 or above)"),
    ],
    positionals: [
      { dest: "server", metavar: "<server>", help: "Server (name or ID)" },
      { dest: "volume", metavar: "<volume>", help: "Volume to add (name or ID)" },
    ],
    exclusive: [{ dests: ["enableDeleteOnTermination", "disableDeleteOnTermination"] }],
    run(a, ctx) {
      if (str(a, "tag")) return err(commandError("--os-compute-api-version 2.49 or greater is required to support the --tag option"));
      if (a.enableDeleteOnTermination || a.disableDeleteOnTermination) {
        return err(commandError(`--os-compute-api-version 2.79 or greater is required to support the ${a.enableDeleteOnTermination ? "--enable-delete-on-termination" : "--disable-delete-on-termination"} option`));
      }
      const server = findServer(ctx.draft, ctx.auth, str(a, "server") ?? "");
      if (!server.ok) return server;
      const vol = S.findVolume(ctx.draft, ctx.auth, str(a, "volume") ?? "");
      if (!vol.ok) return vol;
      const r = S.attachVolume(ctx.draft, ctx.auth, { serverId: server.value.id, volumeId: vol.value.id, device: str(a, "device") });
      if (!r.ok) return r;
      const att = r.value.attachments.find((x) => x.serverId === server.value.id);
      return ok({ kind: "show", fields: [["ID", vol.value.id], ["Server ID", server.value.id], ["Volume ID", vol.value.id], ["Device", att?.device ?? null]] });
    },
  },
  {
    words: ["server", "remove", "volume"], description: "Remove volume from server.\n\nSpecify ``--os-compute-api-version 2.20`` or higher to remove a volume from a server with status ``SHELVED`` or ``SHELVED_OFFLOADED``.", output: "none",
    positionals: [
      { dest: "server", metavar: "<server>", help: "Server (name or ID)" },
      { dest: "volume", metavar: "<volume>", help: "Volume to remove (name or ID)" },
    ],
    run(a, ctx) {
      const server = findServer(ctx.draft, ctx.auth, str(a, "server") ?? "");
      if (!server.ok) return server;
      const vol = S.findVolume(ctx.draft, ctx.auth, str(a, "volume") ?? "");
      if (!vol.ok) return vol;
      if (!vol.value.attachments.some((x) => x.serverId === server.value.id)) {
        return err(notFound(`Volume ${vol.value.id} is not attached to server ${server.value.id}.`));
      }
      const r = S.detachVolume(ctx.draft, ctx.auth, { serverId: server.value.id, volumeId: vol.value.id });
      return r.ok ? none() : r;
    },
  },
];

// ------------------------------------------------------------------ snapshots

function snapshotFields(ctx: CommandContext, s: VolumeSnapshot, created = false): CommandOutput {
  const f: Record<string, Value> = {
    created_at: time(s.createdAt), description: s.description, id: s.id, name: s.name, properties: dictColumn(s.metadata), size: s.sizeGb,
    status: s.status, updated_at: time(s.updatedAt), volume_id: s.volumeId,
  };
  if (!created && isAdmin(ctx.auth)) {
    f["os-extended-snapshot-attributes:progress"] = s.status === "available" ? "100%" : "0%";
    f["os-extended-snapshot-attributes:project_id"] = s.projectId;
  }
  return sortedShow(f);
}

const snapshotCommands: CommandSpec[] = [
  {
    // OSC's VolumeRevertToSnapshot goes through openstacksdk and refuses below microversion 3.40 before any call.
    words: ["volume", "revert"], description: "Revert a volume to a snapshot.", output: "none",
    positionals: [{ dest: "snapshot", metavar: "<snapshot>", help: "Name or ID of the snapshot to restore. The snapshot must be the most recent one known to cinder." }],
    run(a, ctx) {
      if (!apiAtLeast(ctx, 3, 40)) return err(commandError("--os-volume-api-version 3.40 or greater is required to support the 'volume revert snapshot' command"));
      const ref = str(a, "snapshot") ?? "";
      const snap = sdkFind(S.findSnapshot(ctx.draft, ctx.auth, ref), "Snapshot", ref);
      if (!snap.ok) return snap;
      const v = ctx.draft.get("volumes", snap.value.volumeId);
      if (!v) return err({ code: "cloud/NotFound", message: `No Volume found for ${snap.value.volumeId}` });
      const path = `/volumes/${v.id}/action`;
      const pol = S.authorizeVolume(ctx.auth, "volume:revert_to_snapshot", v.projectId);
      if (!pol.ok) return err(sdkCinderError(ctx, pol.error, path));
      const latest = ctx.draft.list("volumeSnapshots").filter((s) => s.volumeId === v.id).sort((x, y) => y.createdAt - x.createdAt || (x.id < y.id ? 1 : -1))[0];
      if (latest && latest.id !== snap.value.id) {
        return err(sdkCinderError(ctx, badRequest(`Specified snapshot ${snap.value.id} is not the latest one of volume ${v.id}.`), path));
      }
      if (v.status !== "available") {
        return err(sdkCinderError(ctx, badRequest(`Invalid volume: Cannot revert volume ${v.id} to its latest snapshot. Volume's status must be 'available'.`), path));
      }
      if (snap.value.status !== "available") {
        return err(sdkCinderError(ctx, badRequest(`Invalid snapshot: Cannot revert volume ${v.id} to snapshot ${snap.value.id}. Snapshot's status must be 'available'.`), path));
      }
      // The revert runs on the backend; the volume passes through `reverting` and is available again at once here.
      ctx.draft.update("volumes", v.id, { updatedAt: ctx.draft.now });
      ctx.draft.update("volumeSnapshots", snap.value.id, { updatedAt: ctx.draft.now });
      return none();
    },
  },
  {
    words: ["volume", "snapshot", "create"], description: "Create new volume snapshot", output: "show",
    options: [
      opt.value("--volume", "<volume>", "Volume to snapshot (name or ID) (default is <snapshot-name>)"),
      opt.value("--description", "<description>", "Description of the snapshot"),
      opt.flag("--force", "Create a snapshot attached to an instance. Default is False"),
      opt.property("Set a property to this snapshot (repeat option to set multiple properties)"),
      { names: ["--remote-source"], dest: "remoteSource", metavar: "<key=value>", action: "keyvalue", help: "The attribute(s) of the existing remote volume snapshot (admin required) (repeat option to specify multiple attributes) e.g.: '--remote-source source-name=test_name --remote-source source-id=test_id'" },
    ],
    positionals: [{ dest: "snapshotName", metavar: "<snapshot-name>", help: "Name of the new snapshot" }],
    run(a, ctx) {
      const name = str(a, "snapshotName") ?? "";
      const v = S.findVolume(ctx.draft, ctx.auth, str(a, "volume") ?? name);
      if (!v.ok) return v;
      const s = S.createSnapshot(ctx.draft, ctx.auth, v.value, { name, description: str(a, "description"), force: Boolean(a.force), metadata: props(a) });
      return s.ok ? ok(snapshotFields(ctx, s.value, true)) : s;
    },
  },
  {
    words: ["volume", "snapshot", "delete"], description: "Delete volume snapshot(s)", output: "none",
    options: [opt.flag("--force", "Attempt forced removal of snapshot(s), regardless of state (defaults to False)")],
    positionals: [{ dest: "snapshots", metavar: "<snapshot>", nargs: "+", help: "Snapshot(s) to delete (name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "snapshots"), { singular: "snapshot", plural: "snapshots" }, ctx.requestId, (n) => {
        const s = S.findSnapshot(ctx.draft, ctx.auth, n);
        if (!s.ok) return s;
        const g = S.authorizeVolume(ctx.auth, "volume:delete_snapshot", s.value.projectId);
        if (!g.ok) return g;
        if (!a.force && !["available", "error"].includes(s.value.status)) {
          return err(badRequest("Invalid snapshot: Volume Snapshot status must be available or error and must not be part of a group."));
        }
        ctx.draft.remove("volumeSnapshots", s.value.id);
        return ok(undefined);
      }));
    },
  },
  {
    words: ["volume", "snapshot", "list"], description: "List volume snapshots", output: "list",
    options: [
      opt.flag("--all-projects", "Include all projects (admin only)"),
      opt.value("--project", "<project>", "Filter results by a project (name or ID) (admin only)"), projectDomain,
      opt.flag("--long", "List additional fields in output"),
      opt.value("--name", "<name>", "Filters results by a name."),
      { names: ["--status"], metavar: "<status>", choices: ["available", "error", "creating", "deleting", "error_deleting"], help: "Filters results by a status. ('available', 'error', 'creating', 'deleting' or 'error_deleting')" },
      opt.value("--volume", "<volume>", "Filters results by a volume (name or ID)."),
      ...paging,
    ],
    run(a, ctx) {
      const p = projectFilter(ctx, a);
      if (!p.ok) return p;
      let volumeId: string | null = null;
      if (str(a, "volume")) {
        const v = volumeArg(ctx, a);
        if (!v.ok) return v;
        volumeId = v.value.id;
      }
      const snaps = scoped(ctx, ctx.draft.list("volumeSnapshots"), Boolean(a.allProjects), p.value)
        .filter((s) => (str(a, "name") === null || s.name === str(a, "name")) && (str(a, "status") === null || s.status === str(a, "status")) && (volumeId === null || s.volumeId === volumeId))
        .sort((x, y) => y.createdAt - x.createdAt || (x.id < y.id ? -1 : 1));
      if (a.long) {
        return ok({
          kind: "list", columns: ["ID", "Name", "Description", "Status", "Size", "Created At", "Volume", "Properties"],
          rows: snaps.map((s): Value[] => [s.id, s.name, s.description, s.status, s.sizeGb, time(s.createdAt), ctx.draft.get("volumes", s.volumeId)?.name ?? s.volumeId, dictColumn(s.metadata)]),
        });
      }
      return ok({ kind: "list", columns: ["ID", "Name", "Description", "Status", "Size"], rows: snaps.map((s): Value[] => [s.id, s.name, s.description, s.status, s.sizeGb]) });
    },
  },
  {
    words: ["volume", "snapshot", "show"], description: "Display volume snapshot details", output: "show",
    positionals: [{ dest: "snapshot", metavar: "<snapshot>", help: "Snapshot to display (name or ID)" }],
    run(a, ctx) {
      const s = S.findSnapshot(ctx.draft, ctx.auth, str(a, "snapshot") ?? "");
      return s.ok ? ok(snapshotFields(ctx, s.value)) : s;
    },
  },
  {
    words: ["volume", "snapshot", "set"], description: "Set volume snapshot properties", output: "none",
    options: [
      opt.value("--name", "<name>", "New snapshot name"),
      opt.value("--description", "<description>", "New snapshot description"),
      opt.flag("--no-property", "Remove all properties from <snapshot> (specify both --no-property and --property to remove the current properties before setting new properties.)"),
      opt.property("Property to add/change for this snapshot (repeat option to set multiple properties)"),
      { names: ["--state"], metavar: "<state>", choices: ["available", "error", "creating", "deleting", "error_deleting"], help: 'New snapshot state. ("available", "error", "creating", "deleting", or "error_deleting") (admin only) (This option simply changes the state of the snapshot in the database with no regard to actual status, exercise caution when using)' },
    ],
    positionals: [{ dest: "snapshot", metavar: "<snapshot>", help: "Snapshot to modify (name or ID)" }],
    run(a, ctx) {
      const s = S.findSnapshot(ctx.draft, ctx.auth, str(a, "snapshot") ?? "");
      if (!s.ok) return s;
      const warnings: string[] = [];
      const state = str(a, "state");
      if (state && !isAdmin(ctx.auth)) warnings.push(`Failed to set snapshot state: ${renderError(S.policyDenied("volume_extension:snapshot_admin_actions:reset_status"), ctx.requestId)}`);
      const g = S.authorizeVolume(ctx.auth, "volume:update_snapshot", s.value.projectId);
      if (!g.ok) return g;
      const metadata = { ...(a.noProperty ? {} : s.value.metadata), ...props(a) };
      ctx.draft.update("volumeSnapshots", s.value.id, {
        metadata, ...(str(a, "name") ? { name: str(a, "name") } : {}), ...(str(a, "description") ? { description: str(a, "description") } : {}),
        ...(state && isAdmin(ctx.auth) ? { status: state } : {}), updatedAt: ctx.draft.now,
      });
      return ok({ kind: "none", warnings, ...(warnings.length > 0 ? { failure: "One or more of the set operations failed" } : {}) });
    },
  },
];

// ------------------------------------------------------------------ backups (openstacksdk)

/**
 * cinder's endpoint as the SDK resolves it: the token's catalog, where keystone has put the caller's project id
 * into DevStack's `http://<host>/volume/v3/$(project_id)s` (lib/cinder registers it so for both
 * `block-storage` and `volumev3`).
 */
function cinderUrl(ctx: CommandContext): string {
  const d = ctx.draft;
  const svc = d.list("catalogServices").find((s) => s.type === "block-storage") ?? d.list("catalogServices").find((s) => s.type === "volumev3");
  const ep = svc ? d.list("endpoints").find((e) => e.serviceId === svc.id && e.interface === "public") : undefined;
  const url = ep?.url ?? "http://127.0.0.1/volume/v3/$(project_id)s";
  return url.replace(/\$\((?:project_id|tenant_id)\)s/g, ctx.auth.projectId).replace(/\/+$/, "");
}

/** A cinder error as openstacksdk prints it (JSON body: the `message` is the detail); `path` follows the endpoint. */
function sdkCinderError(ctx: CommandContext, e: CloudError, path: string): CloudError {
  if (e.httpStatus === undefined) return e;
  const cls = e.httpStatus === 400 ? "BadRequestException" : e.httpStatus === 403 ? "ForbiddenException" : e.httpStatus === 404 ? "NotFoundException" : "HttpException";
  return { code: e.code, message: `${cls}: ${e.httpStatus}: Client Error for url: ${cinderUrl(ctx)}${path}, ${e.message}` };
}
function sdkFind<T>(r: Result<T, CloudError>, resource: string, ref: string): Result<T, CloudError> {
  if (r.ok) return r;
  if (r.error.code === "cloud/NotFound") return err({ code: "cloud/NotFound", message: `No ${resource} found for ${ref}` });
  if (r.error.code === "cloud/NoUniqueMatch") return err({ code: "cloud/NoUniqueMatch", message: `More than one ${resource} exists with the name '${ref}'.` });
  return r;
}

function backupFields(ctx: CommandContext, b: VolumeBackup): CommandOutput {
  return sortedShow({
    availability_zone: b.availabilityZone, container: b.container, created_at: time(b.createdAt), data_timestamp: time(b.dataTimestamp),
    description: b.description, fail_reason: null, has_dependent_backups: b.hasDependentBackups, id: b.id, is_incremental: b.incremental,
    name: b.name, object_count: b.status === "available" ? b.objectCount : 0, size: b.sizeGb, snapshot_id: b.snapshotId, status: b.status,
    updated_at: time(b.updatedAt), volume_id: b.volumeId,
  });
}

const backupCommands: CommandSpec[] = [
  {
    words: ["volume", "backup", "create"], description: "Create new volume backup", output: "show",
    options: [
      opt.value("--name", "<name>", "Name of the backup"),
      opt.value("--description", "<description>", "Description of the backup"),
      opt.value("--container", "<container>", "Optional backup container name"),
      opt.value("--snapshot", "<snapshot>", "Snapshot to backup (name or ID)"),
      opt.flag("--force", "Allow to back up an in-use volume"),
      opt.flag("--incremental", "Perform an incremental backup"),
      { names: ["--no-incremental"], dest: "noIncremental", action: "store_false", help: "Do not perform an incremental backup" },
      { names: ["--property"], dest: "properties", metavar: "<key=value>", action: "keyvalue", help: "Set a property on this backup (repeat option to remove multiple values) (supported by --os-volume-api-version 3.43 or above)" },
      opt.value("--availability-zone", "<zone-name>", "AZ where the backup should be stored; by default it will be the same as the source (supported by --os-volume-api-version 3.51 or above)"),
    ],
    positionals: [{ dest: "volume", metavar: "<volume>", help: "Volume to backup (name or ID)" }],
    run(a, ctx) {
      const v = sdkFind(volumeArg(ctx, a), "Volume", str(a, "volume") ?? "");
      if (!v.ok) return v;
      let snapshotId: string | null = null;
      if (str(a, "snapshot")) {
        const s = sdkFind(S.findSnapshot(ctx.draft, ctx.auth, str(a, "snapshot") ?? ""), "Snapshot", str(a, "snapshot") ?? "");
        if (!s.ok) return s;
        snapshotId = s.value.id;
      }
      if (Object.keys(props(a, "properties")).length > 0 && !apiAtLeast(ctx, 3, 43)) return err(commandError("--os-volume-api-version 3.43 or greater is required to support the --property option"));
      if (str(a, "availabilityZone") && !apiAtLeast(ctx, 3, 51)) return err(commandError("--os-volume-api-version 3.51 or greater is required to support the --availability-zone option"));
      const b = S.createBackup(ctx.draft, ctx.auth, v.value, {
        name: str(a, "name"), description: str(a, "description"), container: str(a, "container"), force: Boolean(a.force), incremental: Boolean(a.incremental), snapshotId,
      });
      if (!b.ok) return err(sdkCinderError(ctx, b.error, `/backups`));
      return ok({ kind: "show", fields: [["id", b.value.id], ["name", b.value.name], ["volume_id", b.value.volumeId]] });
    },
  },
  {
    words: ["volume", "backup", "delete"], description: "Delete volume backup(s)", output: "none",
    options: [opt.flag("--force", "Allow delete in state other than error or available")],
    positionals: [{ dest: "backups", metavar: "<backup>", nargs: "+", help: "Backup(s) to delete (name or ID)" }],
    run(a, ctx) {
      return ok(bulkDelete(list(a, "backups"), { singular: "backup", plural: "backups" }, ctx.requestId, (n) => {
        const b = sdkFind(S.findBackup(ctx.draft, ctx.auth, n), "Backup", n);
        if (!b.ok) return b;
        const r = S.deleteBackup(ctx.draft, ctx.auth, b.value, Boolean(a.force));
        return r.ok ? r : err(sdkCinderError(ctx, r.error, `/backups/${b.value.id}`));
      }));
    },
  },
  {
    words: ["volume", "backup", "list"], description: "List volume backups", output: "list",
    options: [
      opt.flag("--long", "List additional fields in output"),
      opt.value("--name", "<name>", "Filters results by the backup name"),
      { names: ["--status"], metavar: "<status>", choices: ["creating", "available", "deleting", "error", "restoring", "error_restoring"], help: "Filters results by the backup status, one of: creating, available, deleting, error, restoring or error_restoring" },
      opt.value("--volume", "<volume>", "Filters results by the volume which they backup (name or ID)"),
      ...paging,
      opt.flag("--all-projects", "Include all projects (admin only)"),
    ],
    run(a, ctx) {
      let volumeId: string | null = null;
      if (str(a, "volume")) {
        const v = volumeArg(ctx, a);
        volumeId = v.ok ? v.value.id : str(a, "volume");
      }
      const backups = scoped(ctx, ctx.draft.list("volumeBackups"), Boolean(a.allProjects), null)
        .filter((b) => (str(a, "name") === null || b.name === str(a, "name")) && (str(a, "status") === null || b.status === str(a, "status")) && (volumeId === null || b.volumeId === volumeId))
        .sort((x, y) => y.createdAt - x.createdAt || (x.id < y.id ? -1 : 1));
      const columns = ["ID", "Name", "Description", "Status", "Size", "Incremental", "Created At"];
      const base = (b: VolumeBackup): Value[] => [b.id, b.name, b.description, b.status, b.sizeGb, b.incremental, time(b.createdAt)];
      if (a.long) {
        return ok({ kind: "list", columns: [...columns, "Availability Zone", "Volume", "Container"], rows: backups.map((b): Value[] => [...base(b), b.availabilityZone, ctx.draft.get("volumes", b.volumeId)?.name ?? b.volumeId, b.container]) });
      }
      return ok({ kind: "list", columns, rows: backups.map(base) });
    },
  },
  {
    words: ["volume", "backup", "show"], description: "Display volume backup details", output: "show",
    positionals: [{ dest: "backup", metavar: "<backup>", help: "Backup to display (name or ID)" }],
    run(a, ctx) {
      const b = sdkFind(S.findBackup(ctx.draft, ctx.auth, str(a, "backup") ?? ""), "Backup", str(a, "backup") ?? "");
      return b.ok ? ok(backupFields(ctx, b.value)) : b;
    },
  },
  {
    words: ["volume", "backup", "restore"], description: "Restore volume backup", output: "show",
    options: [opt.flag("--force", "Restore the backup to an existing volume (default to False)")],
    positionals: [
      { dest: "backup", metavar: "<backup>", help: "Backup to restore (name or ID)" },
      { dest: "volume", metavar: "<volume>", nargs: "?", help: "Volume to restore to (name or ID for existing volume, name only for new volume) (default to None)" },
    ],
    run(a, ctx) {
      const b = sdkFind(S.findBackup(ctx.draft, ctx.auth, str(a, "backup") ?? ""), "Backup", str(a, "backup") ?? "");
      if (!b.ok) return b;
      const ref = str(a, "volume");
      const existing = ref === null ? null : S.findVolume(ctx.draft, ctx.auth, ref);
      // Since python-openstackclient 6.x a name that matches no volume creates a new one; restoring over an
      // existing volume needs --force (older clients required an existing target volume).
      if (existing?.ok && !a.force) {
        return err(commandError(`Volume '${ref}' already exists; if you want to restore the backup to it you need to specify the '--force' option`));
      }
      const r = S.restoreBackup(ctx.draft, ctx.auth, b.value, existing?.ok ? { volumeId: existing.value.id } : { name: ref });
      if (!r.ok) return err(sdkCinderError(ctx, r.error, `/backups/${b.value.id}/restore`));
      return ok({ kind: "show", fields: [["id", b.value.id], ["volume_id", r.value.id], ["volume_name", r.value.name]] });
    },
  },
];

// ------------------------------------------------------------------ volume types and QoS

function typeFields(ctx: CommandContext, t: VolumeType): CommandOutput {
  const f: Record<string, Value> = {
    description: t.description, id: t.id, is_public: t.isPublic, name: t.name, properties: dictColumn(t.extraSpecs), qos_specs_id: t.qosSpecsId,
  };
  if (!t.isPublic) f.access_project_ids = t.accessProjectIds.join(", ");
  return sortedShow(f);
}

/**
 * Volume types are admin business. cinder split the old `volume_extension:types_manage` rule (deprecated since
 * Yoga) into one rule per verb, and names the new one when it refuses.
 */
const adminTypes = (ctx: CommandContext, rule: "type_create" | "type_update" | "type_delete" | "types_extra_specs:delete"): Result<void, CloudError> =>
  (isAdmin(ctx.auth) ? ok(undefined) : err(S.policyDenied(`volume_extension:${rule}`)));

const typeCommands: CommandSpec[] = [
  {
    words: ["volume", "type", "create"], description: "Create new volume type", output: "show",
    options: [
      opt.value("--description", "<description>", "Volume type description"),
      opt.flag("--public", "Volume type is accessible to the public"),
      opt.flag("--private", "Volume type is not accessible to the public"),
      opt.property("Set a property on this volume type (repeat option to set multiple properties)"),
      opt.value("--project", "<project>", "Allow <project> to access private type (name or ID) (must be used with --private option)"), projectDomain,
      opt.value("--encryption-provider", "<provider>", "Set the encryption provider format for this volume type (e.g \"luks\" or \"plain\") (admin only) (this option is required when setting encryption type of a volume; consider using other encryption options such as: \"--encryption-cipher\", \"--encryption-key-size\" and \"--encryption-control-location\")"),
    ],
    positionals: [{ dest: "name", metavar: "<name>", help: "Volume type name" }],
    exclusive: [{ dests: ["public", "private"] }],
    run(a, ctx) {
      if (str(a, "project") && !a.private) return err(commandError("--project is only allowed with --private"));
      const g = adminTypes(ctx, "type_create");
      if (!g.ok) return g;
      const name = str(a, "name") ?? "";
      if (ctx.draft.list("volumeTypes").some((t) => t.name === name)) return err(conflict(`Volume Type ${name} already exists.`));
      const access: string[] = [];
      if (str(a, "project")) {
        const p = findProject(ctx.draft, str(a, "project") ?? "", str(a, "projectDomain"));
        if (!p.ok) return p;
        access.push(p.value.id);
      }
      const t: VolumeType = { id: newUuid(ctx.draft), name, description: str(a, "description"), isPublic: !a.private, extraSpecs: props(a), accessProjectIds: access, qosSpecsId: null };
      ctx.draft.put("volumeTypes", t.id, t);
      return ok(typeFields(ctx, t));
    },
  },
  {
    words: ["volume", "type", "delete"], description: "Delete volume type(s)", output: "none",
    positionals: [{ dest: "volumeTypes", metavar: "<volume-type>", nargs: "+", help: "Volume type(s) to delete (name or ID)" }],
    run(a, ctx) {
      const names = list(a, "volumeTypes");
      const warnings: string[] = [];
      for (const n of names) {
        const t = S.findVolumeType(ctx.draft, ctx.auth, n);
        let r: Result<void, CloudError> = t.ok ? adminTypes(ctx, "type_delete") : t;
        if (r.ok && t.ok) {
          if (ctx.draft.list("volumes").some((v) => v.volumeTypeId === t.value.id)) r = err(badRequest("Target volume type is still in use."));
          // volume_types.destroy protects only the configured default_volume_type (lvmdriver-1 on DevStack);
          // cinder's own __DEFAULT__ may go once nothing uses it.
          else if (t.value.name === S.DEFAULT_VOLUME_TYPE) r = err(badRequest(`The volume type ${t.value.id} is a default volume type and cannot be deleted.`));
          else ctx.draft.remove("volumeTypes", t.value.id);
        }
        if (!r.ok) warnings.push(`Failed to delete volume type with name or ID '${n}': ${renderError(r.error, ctx.requestId)}`);
      }
      if (warnings.length === 0) return none();
      return ok({ kind: "none", warnings, failure: `${warnings.length} of ${names.length} volume types failed to delete.` });
    },
  },
  {
    words: ["volume", "type", "list"], description: "List volume types", output: "list",
    options: [
      opt.flag("--long", "List additional fields in output"),
      opt.flag("--default", "List the default volume type"),
      opt.flag("--public", "List only public types"),
      opt.flag("--private", "List only private types (admin only)"),
    ],
    exclusive: [{ dests: ["public", "private"] }],
    run(a, ctx) {
      let types = ctx.draft.list("volumeTypes").filter((t) => S.typeVisible(ctx.auth, t));
      if (a.default) types = types.filter((t) => t.name === S.DEFAULT_VOLUME_TYPE);
      if (a.public) types = types.filter((t) => t.isPublic);
      if (a.private) types = types.filter((t) => !t.isPublic);
      // cinder's default order is created_at descending (api/common.py get_sort_params): newest first. Types
      // carry no creation time here, but the collection keeps insertion order, which is creation order.
      types.reverse();
      if (a.long) {
        return ok({ kind: "list", columns: ["ID", "Name", "Is Public", "Description", "Properties"], rows: types.map((t): Value[] => [t.id, t.name, t.isPublic, t.description, dictColumn(t.extraSpecs)]) });
      }
      return ok({ kind: "list", columns: ["ID", "Name", "Is Public"], rows: types.map((t): Value[] => [t.id, t.name, t.isPublic]) });
    },
  },
  {
    words: ["volume", "type", "show"], description: "Display volume type details", output: "show",
    options: [opt.flag("--encryption-type", "Display encryption information of this volume type (admin only)")],
    positionals: [{ dest: "volumeType", metavar: "<volume-type>", help: "Volume type to display (name or ID)" }],
    run(a, ctx) {
      const t = S.findVolumeType(ctx.draft, ctx.auth, str(a, "volumeType") ?? "");
      return t.ok ? ok(typeFields(ctx, t.value)) : t;
    },
  },
  {
    words: ["volume", "type", "set"], description: "Set volume type properties", output: "none",
    options: [
      opt.value("--name", "<name>", "Set volume type name"),
      opt.value("--description", "<description>", "Set volume type description"),
      opt.property("Set a property on this volume type (repeat option to set multiple properties)"),
      opt.value("--project", "<project>", "Set volume type access to project (name or ID) (admin only)"), projectDomain,
      opt.flag("--public", "Volume type is accessible to the public"),
      opt.flag("--private", "Volume type is not accessible to the public"),
    ],
    positionals: [{ dest: "volumeType", metavar: "<volume-type>", help: "Volume type to modify (name or ID)" }],
    exclusive: [{ dests: ["public", "private"] }],
    run(a, ctx) {
      const t = S.findVolumeType(ctx.draft, ctx.auth, str(a, "volumeType") ?? "");
      if (!t.ok) return t;
      const g = adminTypes(ctx, "type_update");
      if (!g.ok) return g;
      const name = str(a, "name");
      if (name && ctx.draft.list("volumeTypes").some((x) => x.name === name && x.id !== t.value.id)) return err(conflict(`Volume Type ${name} already exists.`));
      let access = t.value.accessProjectIds;
      const warnings: string[] = [];
      if (str(a, "project")) {
        const p = findProject(ctx.draft, str(a, "project") ?? "", str(a, "projectDomain"));
        if (!p.ok) warnings.push(`Failed to set volume type access to project: ${p.error.message}`);
        else if (t.value.isPublic && !a.private) warnings.push(`Failed to set volume type access to project: ${renderError(badRequest("Invalid volume type: Type access modification is not applicable to public volume type."), ctx.requestId)}`);
        else if (!access.includes(p.value.id)) access = [...access, p.value.id];
      }
      ctx.draft.update("volumeTypes", t.value.id, {
        ...(name ? { name } : {}), ...(str(a, "description") !== null ? { description: str(a, "description") } : {}),
        extraSpecs: { ...t.value.extraSpecs, ...props(a) }, accessProjectIds: access,
        ...(a.public ? { isPublic: true } : a.private ? { isPublic: false } : {}),
      });
      return ok({ kind: "none", warnings, ...(warnings.length > 0 ? { failure: "Command Failed: One or more of the operations failed" } : {}) });
    },
  },
  {
    words: ["volume", "type", "unset"], description: "Unset volume type properties", output: "none",
    options: [
      opt.repeat("--property", "<key>", "Remove a property from this volume type (repeat option to remove multiple properties)"),
      opt.value("--project", "<project>", "Removes volume type access to project (name or ID) (admin only)"), projectDomain,
    ],
    positionals: [{ dest: "volumeType", metavar: "<volume-type>", help: "Volume type to modify (name or ID)" }],
    run(a, ctx) {
      const t = S.findVolumeType(ctx.draft, ctx.auth, str(a, "volumeType") ?? "");
      if (!t.ok) return t;
      const g = adminTypes(ctx, "types_extra_specs:delete");
      if (!g.ok) return g;
      const extraSpecs = { ...t.value.extraSpecs };
      for (const k of list(a, "property")) delete extraSpecs[k];
      let access = t.value.accessProjectIds;
      if (str(a, "project")) {
        const p = findProject(ctx.draft, str(a, "project") ?? "", str(a, "projectDomain"));
        if (!p.ok) return p;
        access = access.filter((x) => x !== p.value.id);
      }
      ctx.draft.update("volumeTypes", t.value.id, { extraSpecs, accessProjectIds: access });
      return none();
    },
  },
];

function qosFields(ctx: CommandContext, q: QosSpec): CommandOutput {
  const assoc = ctx.draft.list("volumeTypes").filter((t) => t.qosSpecsId === q.id).map((t) => t.name);
  return sortedShow({ associations: assoc.join(", "), consumer: q.consumer, id: q.id, name: q.name, properties: dictColumn(q.specs) });
}
const adminQos = (ctx: CommandContext, action: string): Result<void, CloudError> => (isAdmin(ctx.auth) ? ok(undefined) : err(S.policyDenied(`volume_extension:qos_specs_manage:${action}`)));

const qosCommands: CommandSpec[] = [
  {
    words: ["volume", "qos", "create"], description: "Create new QoS specification", output: "show",
    options: [
      { names: ["--consumer"], metavar: "<consumer>", choices: ["back-end", "both", "front-end"], default: "both", help: "Consumer of the QoS. Valid consumers: back-end, both, front-end (defaults to 'both')" },
      opt.property("Set a QoS specification property (repeat option to set multiple properties)"),
    ],
    positionals: [{ dest: "name", metavar: "<name>", help: "New QoS specification name" }],
    run(a, ctx) {
      const g = adminQos(ctx, "create");
      if (!g.ok) return g;
      const name = str(a, "name") ?? "";
      if (ctx.draft.list("qosSpecs").some((q) => q.name === name)) return err(conflict(`QoS Specs ${name} already exists.`));
      const q: QosSpec = { id: newUuid(ctx.draft), name, consumer: (str(a, "consumer") ?? "both") as QosSpec["consumer"], specs: props(a) };
      ctx.draft.put("qosSpecs", q.id, q);
      // The create call returns no associations; the client prints the spec's own fields.
      return ok(sortedShow({ consumer: q.consumer, id: q.id, name: q.name, properties: dictColumn(q.specs) }));
    },
  },
  {
    words: ["volume", "qos", "delete"], description: "Delete QoS specification", output: "none",
    options: [opt.flag("--force", "Allow to delete in-use QoS specification(s)")],
    positionals: [{ dest: "qosSpecs", metavar: "<qos-spec>", nargs: "+", help: "QoS specification(s) to delete (name or ID)" }],
    run(a, ctx) {
      const names = list(a, "qosSpecs");
      const warnings: string[] = [];
      for (const n of names) {
        const q = S.findQos(ctx.draft, n);
        let r: Result<void, CloudError> = q.ok ? adminQos(ctx, "delete") : q;
        if (r.ok && q.ok) {
          const users = ctx.draft.list("volumeTypes").filter((t) => t.qosSpecsId === q.value.id);
          if (users.length > 0 && !a.force) r = err(badRequest(`QoS Specs ${q.value.id} is still associated with entities.`));
          else {
            for (const t of users) ctx.draft.update("volumeTypes", t.id, { qosSpecsId: null });
            ctx.draft.remove("qosSpecs", q.value.id);
          }
        }
        if (!r.ok) warnings.push(`Failed to delete QoS specification with name or ID '${n}': ${renderError(r.error, ctx.requestId)}`);
      }
      if (warnings.length === 0) return none();
      return ok({ kind: "none", warnings, failure: `${warnings.length} of ${names.length} QoS specifications failed to delete.` });
    },
  },
  {
    words: ["volume", "qos", "list"], description: "List QoS specifications", output: "list",
    run(_a, ctx) {
      const g = adminQos(ctx, "get_all");
      if (!g.ok) return g;
      const rows = ctx.draft.list("qosSpecs").map((q): Value[] => {
        const assoc = ctx.draft.list("volumeTypes").filter((t) => t.qosSpecsId === q.id).map((t) => t.name);
        return [q.id, q.name, q.consumer, assoc.join(", "), dictColumn(q.specs)];
      });
      return ok({ kind: "list", columns: ["ID", "Name", "Consumer", "Associations", "Properties"], rows });
    },
  },
  {
    words: ["volume", "qos", "show"], description: "Display QoS specification details", output: "show",
    positionals: [{ dest: "qosSpec", metavar: "<qos-spec>", help: "QoS specification to display (name or ID)" }],
    run(a, ctx) {
      const g = adminQos(ctx, "get");
      if (!g.ok) return g;
      const q = S.findQos(ctx.draft, str(a, "qosSpec") ?? "");
      return q.ok ? ok(qosFields(ctx, q.value)) : q;
    },
  },
  {
    words: ["volume", "qos", "set"], description: "Set QoS specification properties", output: "none",
    options: [opt.property("Property to add or modify for this QoS specification (repeat option to set multiple properties)")],
    positionals: [{ dest: "qosSpec", metavar: "<qos-spec>", help: "QoS specification to modify (name or ID)" }],
    run(a, ctx) {
      const q = S.findQos(ctx.draft, str(a, "qosSpec") ?? "");
      if (!q.ok) return q;
      const g = adminQos(ctx, "update");
      if (!g.ok) return g;
      ctx.draft.update("qosSpecs", q.value.id, { specs: { ...q.value.specs, ...props(a) } });
      return none();
    },
  },
  {
    words: ["volume", "qos", "unset"], description: "Unset QoS specification properties", output: "none",
    options: [opt.repeat("--property", "<key>", "Property to remove from the QoS specification. (repeat option to unset multiple properties)")],
    positionals: [{ dest: "qosSpec", metavar: "<qos-spec>", help: "QoS specification to modify (name or ID)" }],
    run(a, ctx) {
      const q = S.findQos(ctx.draft, str(a, "qosSpec") ?? "");
      if (!q.ok) return q;
      const g = adminQos(ctx, "update");
      if (!g.ok) return g;
      const specs = { ...q.value.specs };
      for (const k of list(a, "property")) delete specs[k];
      ctx.draft.update("qosSpecs", q.value.id, { specs });
      return none();
    },
  },
  {
    words: ["volume", "qos", "associate"], description: "Associate a QoS specification to a volume type", output: "none",
    positionals: [
      { dest: "qosSpec", metavar: "<qos-spec>", help: "QoS specification to modify (name or ID)" },
      { dest: "volumeType", metavar: "<volume-type>", help: "Volume type to associate the QoS (name or ID)" },
    ],
    run(a, ctx) {
      const q = S.findQos(ctx.draft, str(a, "qosSpec") ?? "");
      if (!q.ok) return q;
      const t = S.findVolumeType(ctx.draft, ctx.auth, str(a, "volumeType") ?? "");
      if (!t.ok) return t;
      const g = adminQos(ctx, "update");
      if (!g.ok) return g;
      if (t.value.qosSpecsId !== null && t.value.qosSpecsId !== q.value.id) {
        return err(badRequest(`Type ${t.value.id} is already associated with another qos specs: ${t.value.qosSpecsId}`));
      }
      ctx.draft.update("volumeTypes", t.value.id, { qosSpecsId: q.value.id });
      return none();
    },
  },
  {
    words: ["volume", "qos", "disassociate"], description: "Disassociate a QoS specification from a volume type", output: "none",
    options: [opt.value("--volume-type", "<volume-type>", "Volume type to disassociate the QoS from (name or ID)"), opt.flag("--all", "Disassociate the QoS from every volume type")],
    positionals: [{ dest: "qosSpec", metavar: "<qos-spec>", help: "QoS specification to modify (name or ID)" }],
    exclusive: [{ dests: ["volumeType", "all"] }],
    run(a, ctx) {
      const q = S.findQos(ctx.draft, str(a, "qosSpec") ?? "");
      if (!q.ok) return q;
      const g = adminQos(ctx, "update");
      if (!g.ok) return g;
      if (str(a, "volumeType")) {
        const t = S.findVolumeType(ctx.draft, ctx.auth, str(a, "volumeType") ?? "");
        if (!t.ok) return t;
        if (t.value.qosSpecsId === q.value.id) ctx.draft.update("volumeTypes", t.value.id, { qosSpecsId: null });
      } else if (a.all) {
        for (const t of ctx.draft.list("volumeTypes")) if (t.qosSpecsId === q.value.id) ctx.draft.update("volumeTypes", t.id, { qosSpecsId: null });
      }
      return none();
    },
  },
];

// ------------------------------------------------------------------ transfers

function findTransfer(ctx: CommandContext, ref: string): Result<VolumeTransfer, CloudError> {
  const mine = ctx.draft.list("volumeTransfers").filter((t) => isAdmin(ctx.auth) || t.projectId === ctx.auth.projectId);
  const byId = ctx.draft.get("volumeTransfers", ref);
  if (byId) return ok(byId);
  const m = mine.filter((t) => t.name === ref);
  if (m.length === 1 && m[0]) return ok(m[0]);
  if (m.length > 1) return err({ code: "cloud/NoUniqueMatch", message: `More than one volumetransfer exists with the name '${ref}'.` });
  return err({ code: "cloud/NotFound", message: `No volumetransfer with a name or ID of '${ref}' exists.` });
}

const transferCommands: CommandSpec[] = [
  {
    words: ["volume", "transfer", "request", "create"], description: "Create volume transfer request.", output: "show",
    options: [
      opt.value("--name", "<name>", "New transfer request name (default to None)"),
      opt.flag("--snapshots", "Allow transfer volumes without snapshots (default) (supported by --os-volume-api-version 3.55 or later)"),
      opt.flag("--no-snapshots", "Disallow transfer volumes without snapshots (supported by --os-volume-api-version 3.55 or later)"),
    ],
    positionals: [{ dest: "volume", metavar: "<volume>", help: "Volume to transfer (name or ID)" }],
    exclusive: [{ dests: ["snapshots", "noSnapshots"] }],
    run(a, ctx) {
      const v = volumeArg(ctx, a);
      if (!v.ok) return v;
      const g = S.authorizeVolume(ctx.auth, "volume:create_transfer", v.value.projectId);
      if (!g.ok) return g;
      if (v.value.status !== "available") return err(badRequest(`Invalid volume: Status of volume must be available, but current status is: ${v.value.status}.`));
      const t: VolumeTransfer = { id: newUuid(ctx.draft), name: str(a, "name"), volumeId: v.value.id, projectId: v.value.projectId, authKey: newSecret(ctx.draft, 16).toLowerCase().replace(/[^a-z0-9]/g, "0"), createdAt: ctx.draft.now };
      ctx.draft.put("volumeTransfers", t.id, t);
      ctx.draft.update("volumes", v.value.id, { status: "awaiting-transfer", pending: null });
      return ok(sortedShow({ auth_key: t.authKey, created_at: time(t.createdAt), id: t.id, name: t.name, volume_id: t.volumeId }));
    },
  },
  {
    words: ["volume", "transfer", "request", "accept"], description: "Accept volume transfer request.", output: "show",
    options: [opt.value("--auth-key", "<key>", "Volume transfer request authentication key")],
    positionals: [{ dest: "transferRequest", metavar: "<transfer-request-id>", help: "Volume transfer request to accept (ID only)" }],
    run(a, ctx) {
      const ref = str(a, "transferRequest") ?? "";
      const t = ctx.draft.get("volumeTransfers", ref);
      if (!t) return err(notFound(`Transfer ${ref} could not be found.`));
      if (str(a, "authKey") === null) return err(commandError("argument --auth-key is required"));
      if (str(a, "authKey") !== t.authKey) return err(badRequest(`Invalid auth key: Attempt to transfer ${t.id} with invalid auth key.`));
      const v = ctx.draft.get("volumes", t.volumeId);
      if (!v) return err(notFound(`Volume ${t.volumeId} could not be found.`));
      const g = S.authorizeVolume(ctx.auth, "volume:accept_transfer", ctx.auth.projectId);
      if (!g.ok) return g;
      const q = S.checkVolumeQuota(ctx.draft, ctx.auth.projectId, "volumes", v.sizeGb);
      if (!q.ok) return q;
      ctx.draft.update("volumes", v.id, { projectId: ctx.auth.projectId, userId: ctx.auth.userId, status: "available", updatedAt: ctx.draft.now });
      for (const s of ctx.draft.list("volumeSnapshots")) if (s.volumeId === v.id) ctx.draft.update("volumeSnapshots", s.id, { projectId: ctx.auth.projectId });
      ctx.draft.remove("volumeTransfers", t.id);
      return ok(sortedShow({ id: t.id, name: t.name, volume_id: t.volumeId }));
    },
  },
  {
    words: ["volume", "transfer", "request", "list"], description: "Lists all volume transfer requests.", output: "list",
    options: [opt.flag("--all-projects", "Include all projects (admin only)")],
    run(a, ctx) {
      const rows = scoped(ctx, ctx.draft.list("volumeTransfers"), Boolean(a.allProjects), null).map((t): Value[] => [t.id, t.name, t.volumeId]);
      return ok({ kind: "list", columns: ["ID", "Name", "Volume"], rows });
    },
  },
  {
    words: ["volume", "transfer", "request", "show"], description: "Show volume transfer request details.", output: "show",
    positionals: [{ dest: "transferRequest", metavar: "<transfer-request>", help: "Volume transfer request to display (name or ID)" }],
    run(a, ctx) {
      const t = findTransfer(ctx, str(a, "transferRequest") ?? "");
      return t.ok ? ok(sortedShow({ created_at: time(t.value.createdAt), id: t.value.id, name: t.value.name, volume_id: t.value.volumeId })) : t;
    },
  },
  {
    words: ["volume", "transfer", "request", "delete"], description: "Delete volume transfer request(s).", output: "none",
    positionals: [{ dest: "transferRequests", metavar: "<transfer-request>", nargs: "+", help: "Volume transfer request(s) to delete (name or ID)" }],
    run(a, ctx) {
      const names = list(a, "transferRequests");
      const warnings: string[] = [];
      for (const n of names) {
        const t = findTransfer(ctx, n);
        if (!t.ok) {
          warnings.push(`Failed to delete volume transfer request with name or ID '${n}': ${renderError(t.error, ctx.requestId)}`);
          continue;
        }
        const v = ctx.draft.get("volumes", t.value.volumeId);
        if (v && v.status === "awaiting-transfer") ctx.draft.update("volumes", v.id, { status: "available" });
        ctx.draft.remove("volumeTransfers", t.value.id);
      }
      if (warnings.length === 0) return none();
      return ok({ kind: "none", warnings, failure: `${warnings.length} of ${names.length} volume transfer requests failed to delete.` });
    },
  },
];

// cinder's attachments API (3.27+): one row per server a volume is attached to.
const attachmentCommands: CommandSpec[] = [
  {
    words: ["volume", "attachment", "list"], description: "Lists all volume attachments.", output: "list",
    options: [
      opt.value("--project", "<project>", "Filter results by project (name or ID) (admin only)"),
      opt.value("--project-domain", "<project-domain>", "Domain the project belongs to (name or ID). This can be used in case collisions between project names exist."),
      opt.flag("--all-projects", "Shows details for all projects (admin only)."),
      opt.value("--volume-id", "<volume-id>", "Filters results by a volume ID. This option is mutually exclusive with --all-projects."),
      opt.value("--status", "<status>", "Filters results by a status. This option is mutually exclusive with --all-projects."),
      opt.value("--marker", "<marker>", "Begin returning volume attachments that appear later in volume attachment list than that represented by this ID."),
      opt.value("--limit", "<limit>", "Maximum number of volume attachments to return.", { type: "int" }),
    ],
    run(a, ctx) {
      if (!apiAtLeast(ctx, 3, 27)) return err(commandError("--os-volume-api-version 3.27 or greater is required to support the 'volume attachment list' command"));
      let projectId: string | null = ctx.auth.projectId;
      if (a.allProjects || str(a, "project") !== null) {
        if (!isAdmin(ctx.auth)) return err(forbidden("Policy doesn't allow volume:attachment_get_all to be performed."));
        projectId = null;
        if (str(a, "project") !== null) {
          const p = findProject(ctx.draft, str(a, "project") ?? "", str(a, "projectDomain"));
          if (!p.ok) return p;
          projectId = p.value.id;
        }
      }
      const rows: Value[][] = [];
      for (const v of ctx.draft.list("volumes")) {
        if (projectId !== null && v.projectId !== projectId) continue;
        if (str(a, "volumeId") !== null && v.id !== str(a, "volumeId")) continue;
        for (const x of v.attachments) {
          if (str(a, "status") !== null && str(a, "status") !== "attached") continue;
          rows.push([x.id, v.id, x.serverId, "attached"]);
        }
      }
      const limit = typeof a.limit === "number" ? a.limit : rows.length;
      return ok({ kind: "list", columns: ["ID", "Volume ID", "Server ID", "Status"], rows: rows.slice(0, limit) });
    },
  },
];

export const volumeCommandList: CommandSpec[] = [
  ...attachmentCommands, ...volumeCommands, ...serverVolumeCommands, ...snapshotCommands, ...backupCommands, ...typeCommands, ...qosCommands, ...transferCommands,
];

