import type { CommandContext, CommandOutput, CommandSpec, OptionSpec, ParsedArgs, Value } from "../../cli/spec";
import { dictColumn, listColumn } from "../../cli/spec";
import { opt } from "../../cli/helpers";
import { err, ok, type Result } from "../../result";
import { commandError, renderError, type CloudError } from "../../errors";
import { isoSeconds } from "../../clock";
import { isAdmin } from "../../policy";
import type { Image, ImageMember } from "../../types";
import { findProject } from "../identity/service";
import { findVolume } from "../volume/service";
import * as S from "./service";

// `openstack image …` (python-openstackclient image v2, which talks to Glance through openstacksdk).

type Out = Result<CommandOutput, CloudError>;

const str = (a: ParsedArgs, k: string): string | null => (typeof a[k] === "string" ? (a[k] as string) : null);
const num = (a: ParsedArgs, k: string): number | null => (typeof a[k] === "number" ? (a[k] as number) : null);
const list = (a: ParsedArgs, k: string): string[] => (Array.isArray(a[k]) ? (a[k] as string[]) : []);
const props = (a: ParsedArgs, k: string): Record<string, string> => (a[k] as Record<string, string> | undefined) ?? {};

/** openstackclient's `_format_image`: the API attributes, `properties` folding the rest, sorted by name. */
export function imageFields(image: Image): CommandOutput {
  const properties: Record<string, unknown> = { ...image.properties };
  if (image.osHashValue !== null) {
    properties.os_hash_algo = "sha512";
    properties.os_hash_value = image.osHashValue;
  }
  properties.os_hidden = false;
  const f: Record<string, Value> = {
    container_format: image.containerFormat, created_at: isoSeconds(image.createdAt), disk_format: image.diskFormat,
    file: `/v2/images/${image.id}/file`, id: image.id, min_disk: image.minDiskGb, min_ram: image.minRamMb, name: image.name,
    owner: image.ownerId, properties: dictColumn(properties), protected: image.protected, schema: "/v2/schemas/image",
    status: image.status, tags: listColumn(image.tags), updated_at: isoSeconds(image.updatedAt), visibility: image.visibility,
  };
  // The SDK drops attributes Glance returns as null (`to_dict(ignore_none=True)`): a queued image has no size.
  if (image.sizeBytes !== null) f.size = image.sizeBytes;
  if (image.checksum !== null) f.checksum = image.checksum;
  if (image.virtualSizeBytes !== null) f.virtual_size = image.virtualSizeBytes;
  return { kind: "show", fields: Object.keys(f).sort().map((k) => [k, f[k] ?? null] as [string, Value]) };
}

function memberFields(m: ImageMember): CommandOutput {
  return {
    kind: "show",
    fields: [
      ["created_at", isoSeconds(m.createdAt)], ["image_id", m.imageId], ["member_id", m.memberId], ["schema", "/v2/schemas/member"],
      ["status", m.status], ["updated_at", isoSeconds(m.updatedAt)],
    ],
  };
}

/** identity common.find_project: a non-admin may not list projects, so a raw id passes through. */
function projectId(ctx: CommandContext, nameOrId: string, domain: string | null): Result<string, CloudError> {
  const p = findProject(ctx.draft, nameOrId, domain);
  if (p.ok) return ok(p.value.id);
  if (!isAdmin(ctx.auth)) return ok(nameOrId);
  return p;
}

const projectDomain = opt.value("--project-domain", "<project-domain>", "Domain the project belongs to (name or ID). This can be used in case collisions between project names exist.");

const visibilityOpts = (): OptionSpec[] => [
  { names: ["--public"], action: "store_const", const: "public", dest: "visibility", help: "Image is accessible and visible to all users" },
  { names: ["--private"], action: "store_const", const: "private", dest: "visibility", help: "Image is only accessible by the owner (default until --os-image-api-version 2.5)" },
  { names: ["--community"], action: "store_const", const: "community", dest: "visibility", help: "Image is accessible by all users but does not appear in the default image list of any user except the owner (requires --os-image-api-version 2.5 or later)" },
  { names: ["--shared"], action: "store_const", const: "shared", dest: "visibility", help: "Image is only accessible by the owner and image members (requires --os-image-api-version 2.5 or later) (default since --os-image-api-version 2.5)" },
];
const protectedOpts = (): OptionSpec[] => [
  { names: ["--protected"], action: "store_const", const: true, dest: "isProtected", help: "Prevent image from being deleted" },
  { names: ["--unprotected"], action: "store_const", const: false, dest: "isProtected", help: "Allow image to be deleted (default)" },
];
const VIS_GROUP = { dests: ["visibility"] };
const PROT_GROUP = { dests: ["isProtected"] };

const deadOpt = (name: string, dest = name): OptionSpec => ({ names: [`--${name}`], metavar: `<${name}>`, dest: `dead_${dest}`, help: "", hidden: true });
function deadOption(a: ParsedArgs, names: string[]): CloudError | null {
  for (const n of names) if (a[`dead_${n.replace(/-/g, "_")}`]) return commandError(`ERROR: --${n} was given, which is an Image v1 option that is no longer supported in Image v2`);
  return null;
}

const CONTAINER_LIST = S.CONTAINER_FORMATS.join(", ");
const DISK_LIST = S.DISK_FORMATS.join(", ");
const CREATE_DEAD = ["size", "location", "copy-from", "checksum", "store"];

function findImageArg(ctx: CommandContext, a: ParsedArgs, key = "image"): Result<Image, CloudError> {
  return S.findImage(ctx.draft, ctx.auth, str(a, key) ?? "");
}

export const imageCommands: CommandSpec[] = [
  {
    words: ["image", "create"], description: "Create/upload an image", output: "show",
    options: [
      opt.value("--id", "<id>", "Image ID to reserve"),
      { names: ["--container-format"], metavar: "<container-format>", choices: S.CONTAINER_FORMATS, default: "bare", help: `Image container format. The supported options are: ${CONTAINER_LIST}. The default format is: bare` },
      { names: ["--disk-format"], metavar: "<disk-format>", choices: S.DISK_FORMATS, default: "raw", help: `Image disk format. The supported options are: ${DISK_LIST}. The default format is: raw` },
      opt.value("--min-disk", "<disk-gb>", "Minimum disk size needed to boot image, in gigabytes", { type: "int" }),
      opt.value("--min-ram", "<ram-mb>", "Minimum RAM size needed to boot image, in megabytes", { type: "int" }),
      opt.value("--file", "<file>", "Upload image from local file", { dest: "filename" }),
      opt.value("--volume", "<volume>", "Create image from a volume"),
      opt.flag("--force", "Force image creation if volume is in use (only meaningful with --volume)"),
      opt.flag("--progress", "Show upload progress bar (ignored if passing data via stdin)"),
      opt.value("--sign-key-path", "<sign-key-path>", "Sign the image using the specified private key. Only use in combination with --sign-cert-id"),
      opt.value("--sign-cert-id", "<sign-cert-id>", "The specified certificate UUID is a reference to the certificate in the key manager that corresponds to the public key and is used for signature validation. Only use in combination with --sign-key-path"),
      ...protectedOpts(), ...visibilityOpts(),
      { names: ["--property"], dest: "properties", metavar: "<key=value>", action: "keyvalue", help: "Set a property on this image (repeat option to set multiple properties)" },
      opt.repeat("--tag", "<tag>", "Set a tag on this image (repeat option to set multiple tags)", { dest: "tags" }),
      opt.value("--project", "<project>", "Set an alternate project on this image (name or ID)"),
      { names: ["--import"], dest: "useImport", action: "store_true", help: "Force the use of glance image import instead of direct upload" },
      projectDomain,
      ...CREATE_DEAD.map((n) => deadOpt(n, n.replace(/-/g, "_"))),
    ],
    positionals: [{ dest: "name", metavar: "<image-name>", help: "New image name" }],
    exclusive: [{ dests: ["filename", "volume"] }, PROT_GROUP, VIS_GROUP],
    run(a, ctx) {
      const dead = deadOption(a, CREATE_DEAD);
      if (dead) return err(dead);
      const name = str(a, "name") ?? "";
      const volumeRef = str(a, "volume");
      if (volumeRef) return createFromVolume(a, ctx, name, volumeRef);
      let ownerId: string | null = null;
      const project = str(a, "project");
      if (project) {
        const p = projectId(ctx, project, str(a, "projectDomain"));
        if (!p.ok) return p;
        ownerId = p.value;
      }
      let data: string | null = null;
      const filename = str(a, "filename");
      if (filename !== null) {
        const content = ctx.files.read(filename);
        if (content === undefined) return err(commandError(`'${filename}' is not a valid file`));
        data = content;
      }
      const created = S.createImage(ctx.draft, ctx.auth, {
        name, id: str(a, "id"), diskFormat: str(a, "diskFormat"), containerFormat: str(a, "containerFormat"),
        minDiskGb: num(a, "minDisk") ?? undefined, minRamMb: num(a, "minRam") ?? undefined,
        visibility: (str(a, "visibility") as Image["visibility"] | null) ?? null,
        protected: typeof a.isProtected === "boolean" ? a.isProtected : undefined,
        // openstacksdk's create_image (which the client calls) always records these keys; the hashes stay
        // empty because the client does not ask it to validate checksums.
        properties: {
          ...props(a, "properties"), "owner_specified.openstack.md5": "", "owner_specified.openstack.sha256": "",
          "owner_specified.openstack.object": `images/${name}`,
        },
        tags: list(a, "tags"), ownerId, data,
      });
      return created.ok ? ok(imageFields(created.value)) : created;
    },
  },
  {
    words: ["image", "delete"], description: "Delete image(s)", output: "none",
    options: [opt.value("--store", "<STORE>", "Store to delete image(s) from.")],
    positionals: [{ dest: "images", metavar: "<image>", nargs: "+", help: "Image(s) to delete (name or ID)" }],
    run(a, ctx) {
      const names = list(a, "images");
      const warnings: string[] = [];
      for (const n of names) {
        const found = S.findImage(ctx.draft, ctx.auth, n);
        // python-openstackclient turns any "not found" from this loop into the multi-store message and
        // stops at once: a known quirk of the current client, kept because learners meet it.
        if (!found.ok && found.error.code === "cloud/NotFound") return err(commandError("Multi Backend support not enabled."));
        const r = found.ok ? S.deleteImage(ctx.draft, ctx.auth, found.value) : found;
        if (!r.ok) warnings.push(`Failed to delete image with name or ID '${n}': ${renderError(r.error, ctx.requestId)}`);
      }
      if (warnings.length === 0) return ok({ kind: "none" });
      return ok({ kind: "none", warnings, failure: `Failed to delete ${warnings.length} of ${names.length} images.` });
    },
  },
  {
    words: ["image", "list"], description: "List available images", output: "list",
    options: [
      { names: ["--public"], action: "store_const", const: "public", dest: "visibility", help: "List only public images" },
      { names: ["--private"], action: "store_const", const: "private", dest: "visibility", help: "List only private images" },
      { names: ["--community"], action: "store_const", const: "community", dest: "visibility", help: "List only community images (requires --os-image-api-version 2.5 or later)" },
      { names: ["--shared"], action: "store_const", const: "shared", dest: "visibility", help: "List only shared images (requires --os-image-api-version 2.5 or later)" },
      { names: ["--all"], action: "store_const", const: "all", dest: "visibility", help: "List all images" },
      opt.property("Filter output based on property (repeat option to filter on multiple properties)"),
      opt.value("--name", "<name>", "Filter images based on name."),
      opt.value("--status", "<status>", "Filter images based on status."),
      { names: ["--member-status"], metavar: "<member-status>", dest: "memberStatus", choices: ["accepted", "pending", "rejected", "all"], help: "Filter images based on member status. The supported options are: accepted, pending, rejected, all. " },
      opt.value("--project", "<project>", "Search by project (admin only) (name or ID)"),
      projectDomain,
      opt.repeat("--tag", "<tag>", "Filter images based on tag. (repeat option to filter on multiple tags)"),
      { names: ["--hidden"], dest: "isHidden", action: "store_true", help: "List hidden images" },
      opt.flag("--long", "List additional fields in output"),
      opt.value("--sort", "<key>[:<direction>]", "Sort output by selected keys and directions (asc or desc) (default: name:asc), multiple keys and directions can be specified separated by comma", { default: "name:asc" }),
      opt.value("--limit", "<limit>", "The maximum number of entries to return. If the value exceeds the server-defined maximum, then the maximum value will be used.", { type: "int" }),
      opt.value("--marker", "<marker>", "The first position in the collection to return results from. This should be a value that was returned in a previous request."),
    ],
    exclusive: [VIS_GROUP],
    run(a, ctx) {
      const vis = str(a, "visibility");
      const memberStatus = str(a, "memberStatus") ?? "accepted";
      let owner: string | null = null;
      if (str(a, "project")) {
        const p = projectId(ctx, str(a, "project") ?? "", str(a, "projectDomain"));
        if (!p.ok) return p;
        owner = p.value;
      }
      const d = ctx.draft;
      let images = d.list("images").filter((i) => {
        if (vis === "all") return S.canSeeImage(d, ctx.auth, i);
        if (vis === "shared") {
          // Shared images the caller is a member of (with the requested member status), or owns.
          const m = S.memberOf(d, i.id, ctx.auth.projectId);
          return i.visibility === "shared" && (i.ownerId === ctx.auth.projectId || (m !== undefined && (memberStatus === "all" || m.status === memberStatus)));
        }
        if (vis !== null) return i.visibility === vis && S.canSeeImage(d, ctx.auth, i);
        return S.listsImage(d, ctx.auth, i) && i.visibility !== "community" || (i.visibility === "community" && i.ownerId === ctx.auth.projectId);
      });
      const name = str(a, "name");
      const status = str(a, "status");
      const tags = list(a, "tag");
      const wanted = props(a, "property");
      images = images.filter((i) => (name === null || i.name === name) && (status === null || i.status === status) && (owner === null || i.ownerId === owner)
        && tags.every((t) => i.tags.includes(t)) && Object.entries(wanted).every(([k, v]) => i.properties[k] === v));
      const sort = (str(a, "sort") ?? "name:asc").split(",")[0]?.split(":") ?? ["name"];
      const key = sort[0] ?? "name";
      const desc = sort[1] === "desc";
      const keyOf = (i: Image): string => String(key === "name" ? i.name : key === "status" ? i.status : key === "created_at" ? i.createdAt : key === "size" ? i.sizeBytes ?? "" : i.id);
      images.sort((x, y) => (keyOf(x) < keyOf(y) ? -1 : keyOf(x) > keyOf(y) ? 1 : 0) * (desc ? -1 : 1));
      const limit = num(a, "limit");
      if (limit !== null && limit >= 0) images = images.slice(0, limit);
      if (a.long) {
        return ok({
          kind: "list",
          columns: ["ID", "Name", "Disk Format", "Container Format", "Size", "Checksum", "Status", "Visibility", "Protected", "Project", "Tags"],
          rows: images.map((i): Value[] => [i.id, i.name, i.diskFormat, i.containerFormat, i.sizeBytes, i.checksum, i.status, i.visibility, i.protected, i.ownerId, listColumn(i.tags)]),
        });
      }
      return ok({ kind: "list", columns: ["ID", "Name", "Status"], rows: images.map((i): Value[] => [i.id, i.name, i.status]) });
    },
  },
  {
    words: ["image", "show"], description: "Display image details", output: "show",
    options: [opt.flag("--human-readable", "Print image size in a human-friendly format.")],
    positionals: [{ dest: "image", metavar: "<image>", help: "Image to display (name or ID)" }],
    run(a, ctx) {
      const found = findImageArg(ctx, a);
      if (!found.ok) return found;
      const out = imageFields(found.value);
      if (a.humanReadable && out.kind === "show" && found.value.sizeBytes !== null) {
        out.fields = out.fields.map(([k, v]) => (k === "size" ? [k, humanSize(found.value.sizeBytes ?? 0)] : [k, v]));
      }
      return ok(out);
    },
  },
  {
    words: ["image", "set"], description: "Set image properties", output: "none",
    options: [
      opt.value("--name", "<name>", "New image name"),
      opt.value("--min-disk", "<disk-gb>", "Minimum disk size needed to boot image, in gigabytes", { type: "int" }),
      opt.value("--min-ram", "<ram-mb>", "Minimum RAM size needed to boot image, in megabytes", { type: "int" }),
      { names: ["--container-format"], metavar: "<container-format>", choices: S.CONTAINER_FORMATS, help: `Image container format. The supported options are: ${CONTAINER_LIST}` },
      { names: ["--disk-format"], metavar: "<disk-format>", choices: S.DISK_FORMATS, help: `Image disk format. The supported options are: ${DISK_LIST}` },
      ...protectedOpts(), ...visibilityOpts(),
      { names: ["--property"], dest: "properties", metavar: "<key=value>", action: "keyvalue", help: "Set a property on this image (repeat option to set multiple properties)" },
      opt.repeat("--tag", "<tag>", "Set a tag on this image (repeat option to set multiple tags)", { dest: "tags" }),
      opt.value("--architecture", "<architecture>", "Operating system architecture"),
      opt.value("--instance-id", "<instance-id>", "ID of server instance used to create this image"),
      opt.value("--kernel-id", "<kernel-id>", "ID of kernel image used to boot this disk image"),
      opt.value("--os-distro", "<os-distro>", "Operating system distribution name"),
      opt.value("--os-version", "<os-version>", "Operating system distribution version"),
      opt.value("--ramdisk-id", "<ramdisk-id>", "ID of ramdisk image used to boot this disk image"),
      opt.flag("--deactivate", "Deactivate the image"),
      opt.flag("--activate", "Activate the image"),
      opt.value("--project", "<project>", "Set an alternate project on this image (name or ID)"),
      projectDomain,
      deadOpt("visibility"),
      { names: ["--accept"], action: "store_const", const: "accepted", dest: "membership", help: "Accept the image membership for either the project indicated by '--project', if provided, or the current user's project" },
      { names: ["--reject"], action: "store_const", const: "rejected", dest: "membership", help: "Reject the image membership for either the project indicated by '--project', if provided, or the current user's project" },
      { names: ["--pending"], action: "store_const", const: "pending", dest: "membership", help: "Reset the image membership to 'pending'" },
      { names: ["--hidden"], action: "store_const", const: true, dest: "isHidden", help: "Hide the image" },
      { names: ["--unhidden"], action: "store_const", const: false, dest: "isHidden", help: "Unhide the image" },
    ],
    positionals: [{ dest: "image", metavar: "<image>", help: "Image to modify (name or ID)" }],
    exclusive: [PROT_GROUP, VIS_GROUP, { dests: ["deactivate", "activate"] }, { dests: ["membership"] }, { dests: ["isHidden"] }],
    run(a, ctx) {
      const dead = deadOption(a, ["visibility"]);
      if (dead) return err(dead);
      const found = findImageArg(ctx, a);
      if (!found.ok) return found;
      let image = found.value;
      let project: string | null = null;
      if (str(a, "project")) {
        const p = projectId(ctx, str(a, "project") ?? "", str(a, "projectDomain"));
        if (!p.ok) return p;
        project = p.value;
      }
      if (a.deactivate || a.activate) {
        const r = S.setImageActivation(ctx.draft, ctx.auth, image, Boolean(a.activate));
        if (!r.ok) return r;
        image = r.value;
      }
      const membership = str(a, "membership") as ImageMember["status"] | null;
      if (membership) {
        const r = S.updateImageMember(ctx.draft, ctx.auth, image, project ?? ctx.auth.projectId, membership);
        if (!r.ok) return r;
      }
      const extra: Record<string, string> = {};
      for (const [opt_, key] of [["architecture", "architecture"], ["instanceId", "instance_id"], ["kernelId", "kernel_id"], ["osDistro", "os_distro"], ["osVersion", "os_version"], ["ramdiskId", "ramdisk_id"]] as const) {
        const v = str(a, opt_);
        if (v !== null) extra[key] = v;
      }
      const newProps = { ...props(a, "properties"), ...extra };
      if (typeof a.isHidden === "boolean") newProps.os_hidden = a.isHidden ? "True" : "False";
      const tags = list(a, "tags");
      const input: S.UpdateImageInput = {
        ...(str(a, "name") !== null ? { name: str(a, "name") as string } : {}),
        ...(num(a, "minDisk") !== null ? { minDiskGb: num(a, "minDisk") as number } : {}),
        ...(num(a, "minRam") !== null ? { minRamMb: num(a, "minRam") as number } : {}),
        ...(str(a, "diskFormat") !== null ? { diskFormat: str(a, "diskFormat") as string } : {}),
        ...(str(a, "containerFormat") !== null ? { containerFormat: str(a, "containerFormat") as string } : {}),
        ...(str(a, "visibility") !== null ? { visibility: str(a, "visibility") as Image["visibility"] } : {}),
        ...(typeof a.isProtected === "boolean" ? { protected: a.isProtected } : {}),
        ...(project !== null && !membership ? { ownerId: project } : {}),
        ...(Object.keys(newProps).length > 0 ? { properties: newProps } : {}),
        ...(tags.length > 0 ? { tags: [...image.tags, ...tags.filter((t) => !image.tags.includes(t))] } : {}),
      };
      // The SDK sends no PATCH when nothing changed, so a member accepting a share needs no modify_image right.
      if (Object.keys(input).length === 0) return ok({ kind: "none" });
      const r = S.updateImage(ctx.draft, ctx.auth, image, input);
      return r.ok ? ok({ kind: "none" }) : r;
    },
  },
  {
    words: ["image", "unset"], description: "Unset image tags and properties", output: "none",
    options: [
      opt.repeat("--tag", "<tag>", "Unset a tag on this image (repeat option to unset multiple tags)", { dest: "tags" }),
      opt.repeat("--property", "<property-key>", "Unset a property on this image (repeat option to unset multiple properties)", { dest: "properties" }),
    ],
    positionals: [{ dest: "image", metavar: "<image>", help: "Image to modify (name or ID)" }],
    run(a, ctx) {
      const found = findImageArg(ctx, a);
      if (!found.ok) return found;
      const image = found.value;
      const tags = list(a, "tags");
      const keys = list(a, "properties");
      const warnings: string[] = [];
      let tagret = 0;
      let propret = 0;
      const mod = S.assertCanModify(ctx.auth, image);
      if ((tags.length > 0 || keys.length > 0) && !mod.ok) return mod;
      const keptTags = image.tags.filter((t) => !tags.includes(t));
      for (const t of tags) if (!image.tags.includes(t)) {
        tagret++;
        warnings.push(`tag unset failed, '${t}' is a nonexistent tag `);
      }
      const remove: string[] = [];
      for (const k of keys) {
        if (k in image.properties) remove.push(k);
        else {
          propret++;
          warnings.push(`property unset failed, '${k}' is a nonexistent property `);
        }
      }
      if (keptTags.length !== image.tags.length || remove.length > 0) {
        const r = S.updateImage(ctx.draft, ctx.auth, image, { tags: keptTags, removeProperties: remove });
        if (!r.ok) return r;
      }
      let failure: string | undefined;
      if (tagret > 0 && propret > 0) failure = `Failed to unset ${tagret} of ${tags.length} tags,Failed to unset ${propret} of ${keys.length} properties.`;
      else if (tagret > 0) failure = `Failed to unset ${tagret} of ${tags.length} tags.`;
      else if (propret > 0) failure = `Failed to unset ${propret} of ${keys.length} properties.`;
      return ok({ kind: "none", warnings, ...(failure ? { failure } : {}) });
    },
  },
  {
    words: ["image", "save"], description: "Save an image locally", output: "none",
    options: [opt.value("--file", "<filename>", "Downloaded image save filename (default: stdout)", { dest: "filename" })],
    positionals: [{ dest: "image", metavar: "<image>", help: "Image to save (name or ID)" }],
    run(a, ctx) {
      const found = findImageArg(ctx, a);
      if (!found.ok) return found;
      const data = S.downloadImage(ctx.auth, found.value);
      if (!data.ok) return data;
      const content = data.value ?? "";
      const filename = str(a, "filename");
      if (filename === null) return ok({ kind: "text", text: content });
      ctx.files.write(filename, content);
      return ok({ kind: "none" });
    },
  },
  {
    words: ["image", "add", "project"], description: "Associate project with image", output: "show",
    options: [projectDomain],
    positionals: [
      { dest: "image", metavar: "<image>", help: "Image to share (name or ID)" },
      { dest: "project", metavar: "<project>", help: "Project to associate with image (ID)" },
    ],
    run(a, ctx) {
      const p = projectId(ctx, str(a, "project") ?? "", str(a, "projectDomain"));
      if (!p.ok) return p;
      const found = findImageArg(ctx, a);
      if (!found.ok) return found;
      const m = S.addImageMember(ctx.draft, ctx.auth, found.value, p.value);
      return m.ok ? ok(memberFields(m.value)) : m;
    },
  },
  {
    words: ["image", "remove", "project"], description: "Disassociate project with image", output: "none",
    options: [projectDomain],
    positionals: [
      { dest: "image", metavar: "<image>", help: "Image to unshare (name or ID)" },
      { dest: "project", metavar: "<project>", help: "Project to disassociate with image (name or ID)" },
    ],
    run(a, ctx) {
      const p = projectId(ctx, str(a, "project") ?? "", str(a, "projectDomain"));
      if (!p.ok) return p;
      const found = findImageArg(ctx, a);
      if (!found.ok) return found;
      const r = S.removeImageMember(ctx.draft, ctx.auth, found.value, p.value);
      return r.ok ? ok({ kind: "none" }) : r;
    },
  },
  {
    words: ["image", "member", "list"], description: "List projects associated with image", output: "list",
    options: [projectDomain],
    positionals: [{ dest: "image", metavar: "<image>", help: "Image (name or ID)" }],
    run(a, ctx) {
      const found = findImageArg(ctx, a);
      if (!found.ok) return found;
      const members = S.listImageMembers(ctx.draft, ctx.auth, found.value);
      if (!members.ok) return members;
      return ok({ kind: "list", columns: ["Image ID", "Member ID", "Status"], rows: members.value.map((m): Value[] => [m.imageId, m.memberId, m.status]) });
    },
  },
];

/** osc-lib utils.format_size: 1024-based with one decimal, e.g. `20.7M`. */
function humanSize(bytes: number): string {
  const suffixes = ["", "K", "M", "G", "T", "P"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < suffixes.length - 1) {
    v /= 1024;
    i++;
  }
  const s = v.toFixed(1).replace(/\.0$/, "");
  return `${s}${suffixes[i]}`;
}

/** `image create --volume`: cinder's os-volume_upload_image action (the image appears once Cinder uploads it). */
function createFromVolume(a: ParsedArgs, ctx: CommandContext, name: string, volumeRef: string): Out {
  const found = findVolume(ctx.draft, ctx.auth, volumeRef);
  if (!found.ok) return found;
  const v = found.value;
  const visibility = (str(a, "visibility") as Image["visibility"] | null) ?? "private";
  if (!(v.status === "available" || (v.status === "in-use" && a.force))) {
    return err({ code: "cloud/BadRequest", httpStatus: 400, message: `Invalid volume: Volume ${v.id} status must be available or in-use, but the current status is ${v.status}.` });
  }
  if (v.status === "in-use" && !a.force) return err({ code: "cloud/BadRequest", httpStatus: 400, message: "Invalid volume: Volume status is in-use." });
  const image = S.createImage(ctx.draft, ctx.auth, {
    name, diskFormat: str(a, "diskFormat") ?? "raw", containerFormat: str(a, "containerFormat") ?? "bare", visibility,
    protected: a.isProtected === true, sizeBytes: v.sizeGb * 1024 ** 3, virtualSizeBytes: v.sizeGb * 1024 ** 3, minDiskGb: v.sizeGb,
  });
  if (!image.ok) return image;
  const type = ctx.draft.get("volumeTypes", v.volumeTypeId);
  const fields: Record<string, Value> = {
    container_format: image.value.containerFormat, disk_format: image.value.diskFormat, display_description: v.description,
    id: v.id, image_id: image.value.id, image_name: name, protected: image.value.protected, size: v.sizeGb, status: "uploading",
    updated_at: v.updatedAt === null ? null : new Date(v.updatedAt).toISOString().replace(/\.(\d{3})Z$/, ".$1000"),
    visibility, volume_type: type?.name ?? null,
  };
  return ok({ kind: "show", fields: Object.keys(fields).sort().map((k) => [k, fields[k] ?? null] as [string, Value]) });
}
