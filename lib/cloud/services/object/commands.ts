import type { CommandContext, CommandOutput, CommandSpec, ParsedArgs, Value } from "../../cli/spec";
import { dictColumn } from "../../cli/spec";
import { opt, sortedShow } from "../../cli/helpers";
import { err, ok, type Result } from "../../result";
import { commandError, type CloudError } from "../../errors";
import type { Container, StoredObject } from "../../types";
import * as S from "./service";

// `openstack container|object|object store account` (python-openstackclient object/v1 over its own
// object_store_v1 API library). Values that come from Swift's response headers (counts, sizes) are strings,
// exactly as the client passes them through; listing values come from JSON and are numbers.

type Out = Result<CommandOutput, CloudError>;

const str = (a: ParsedArgs, k: string): string | null => (typeof a[k] === "string" ? (a[k] as string) : null);
const list = (a: ParsedArgs, k: string): string[] => (Array.isArray(a[k]) ? (a[k] as string[]) : []);
const props = (a: ParsedArgs, k = "property"): Record<string, string> => (a[k] as Record<string, string> | undefined) ?? {};

/** `Mon, 06 Jan 2025 09:00:00 GMT`, the Last-Modified header. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** `2025-01-06T09:00:00.000000`, the last_modified of a JSON listing. */
export function listingDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000");
}

/** osc-lib refuses non-ASCII metadata before sending it (it logs an error and skips the key). */
const ascii = (s: string): boolean => [...s].every((c) => c.charCodeAt(0) < 128);
function asciiProps(p: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(p).filter(([k, v]) => ascii(k) && ascii(v)));
}

/** swift's listing filters: prefix, marker, end_marker, limit, and delimiter roll-up into `subdir` entries. */
export function applyListing<T extends { name: string }>(
  items: T[], a: ParsedArgs, delimiter: string | null,
): ({ kind: "item"; item: T } | { kind: "subdir"; subdir: string })[] {
  const prefix = str(a, "prefix") ?? "";
  const marker = str(a, "marker");
  const endMarker = str(a, "endMarker");
  const limit = typeof a.limit === "number" && a.limit > 0 ? a.limit : 10_000;
  const out: ({ kind: "item"; item: T } | { kind: "subdir"; subdir: string })[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (!item.name.startsWith(prefix)) continue;
    if (marker !== null && item.name <= marker) continue;
    if (endMarker !== null && item.name >= endMarker) continue;
    if (delimiter) {
      const at = item.name.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        const subdir = item.name.slice(0, at + delimiter.length);
        if (!seen.has(subdir)) {
          seen.add(subdir);
          out.push({ kind: "subdir", subdir });
        }
        continue;
      }
    }
    out.push({ kind: "item", item });
  }
  return out.slice(0, limit);
}

function containerShow(ctx: CommandContext, c: Container): CommandOutput {
  const usage = S.containerUsage(ctx.draft, c.projectId, c.name);
  const fields: Record<string, Value> = {
    account: S.accountName(c.projectId), container: c.name, object_count: String(usage.count), bytes_used: String(usage.bytes),
    storage_policy: c.storagePolicy,
  };
  if (c.readAcl !== null) fields.read_acl = c.readAcl;
  if (c.writeAcl !== null) fields.write_acl = c.writeAcl;
  if (Object.keys(c.metadata).length > 0) fields.properties = dictColumn(c.metadata);
  return sortedShow(fields);
}

function objectShow(o: StoredObject): CommandOutput {
  const fields: Record<string, Value> = {
    account: S.accountName(o.projectId), container: o.container, object: o.name, "content-type": o.contentType,
    "content-length": String(S.byteLength(o.content)), "last-modified": httpDate(o.lastModified), etag: o.etag,
  };
  if (Object.keys(o.metadata).length > 0) fields.properties = dictColumn(o.metadata);
  return sortedShow(fields);
}

/** The loop python-openstackclient runs for multi-name commands: stop at the first failure, keep what was done. */
function eachUntilFailure(names: readonly string[], f: (n: string) => Result<void, CloudError>): Out {
  for (const n of names) {
    const r = f(n);
    if (!r.ok) return ok({ kind: "none", failure: r.error.message });
  }
  return ok({ kind: "none" });
}

function chain<T>(r: Result<T, CloudError>, f: (v: T) => Out): Out {
  return r.ok ? f(r.value) : r;
}

// ------------------------------------------------------------------ container

const containerCommands: CommandSpec[] = [
  {
    words: ["container", "create"], description: "Create new container", output: "list",
    options: [
      opt.flag("--public", "Make the container publicly accessible"),
      opt.value("--storage-policy", "STORAGE_POLICY", "Specify a particular storage policy to use."),
    ],
    positionals: [{ dest: "containers", metavar: "<container-name>", nargs: "+", help: "New container name(s)" }],
    run(a, ctx) {
      const rows: Value[][] = [];
      const warnings: string[] = [];
      for (const name of list(a, "containers")) {
        if (name.length > S.MAX_CONTAINER_NAME_LENGTH) warnings.push(`Container name is ${name.length} characters long, the default limit is 256`);
        const c = S.createContainer(ctx.draft, ctx.auth, {
          name, storagePolicy: str(a, "storagePolicy"), ...(a.public ? { readAcl: ".r:*,.rlistings" } : {}),
        });
        if (!c.ok) return c;
        rows.push([S.accountName(ctx.auth.projectId), name, S.newTransId(ctx.draft)]);
      }
      return ok({ kind: "list", columns: ["account", "container", "x-trans-id"], rows, warnings });
    },
  },
  {
    words: ["container", "delete"], description: "Delete container", output: "none",
    options: [{ names: ["--recursive", "-r"], action: "store_true", help: "Recursively delete objects and container" }],
    positionals: [{ dest: "containers", metavar: "<container>", nargs: "+", help: "Container(s) to delete" }],
    run(a, ctx) {
      return eachUntilFailure(list(a, "containers"), (name) => {
        if (a.recursive) {
          const c = S.findContainer(ctx.draft, ctx.auth, name);
          if (!c.ok) return c;
          for (const o of S.containerObjects(ctx.draft, ctx.auth.projectId, name)) {
            const d = S.deleteObject(ctx.draft, ctx.auth, name, o.name);
            if (!d.ok) return d;
          }
        }
        return S.deleteContainer(ctx.draft, ctx.auth, name);
      });
    },
  },
  {
    words: ["container", "list"], description: "List containers", output: "list",
    options: [
      opt.value("--prefix", "<prefix>", "Filter list using <prefix>"),
      opt.value("--marker", "<marker>", "Anchor for paging"),
      opt.value("--end-marker", "<end-marker>", "End anchor for paging"),
      opt.value("--limit", "<num-containers>", "Limit the number of containers returned", { type: "int" }),
      opt.flag("--long", "List additional fields in output"),
      opt.flag("--all", "List all containers (default is 10000)"),
    ],
    run(a, ctx) {
      const r = S.requireRead(ctx.draft, ctx.auth);
      if (!r.ok) return r;
      const entries = applyListing(S.projectContainers(ctx.draft, ctx.auth.projectId), a, null);
      const rows = entries.flatMap((e): Value[][] => {
        if (e.kind !== "item") return [];
        if (!a.long) return [[e.item.name]];
        const u = S.containerUsage(ctx.draft, ctx.auth.projectId, e.item.name);
        return [[e.item.name, u.bytes, u.count]];
      });
      return ok({ kind: "list", columns: a.long ? ["Name", "Bytes", "Count"] : ["Name"], rows });
    },
  },
  {
    words: ["container", "save"], description: "Save container contents locally", output: "none",
    positionals: [{ dest: "container", metavar: "<container>", help: "Container to save" }],
    run(a, ctx) {
      const name = str(a, "container") ?? "";
      return chain(S.findContainer(ctx.draft, ctx.auth, name), () => {
        for (const o of S.containerObjects(ctx.draft, ctx.auth.projectId, name)) ctx.files.write(o.name, o.content);
        return ok({ kind: "none" });
      });
    },
  },
  {
    words: ["container", "set"], description: "Set container properties", output: "none",
    options: [{ ...opt.property("Set a property on this container (repeat option to set multiple properties)"), required: true }],
    positionals: [{ dest: "container", metavar: "<container>", help: "Container to modify" }],
    run(a, ctx) {
      return chain(S.updateContainer(ctx.draft, ctx.auth, str(a, "container") ?? "", { set: asciiProps(props(a)) }), () => ok({ kind: "none" }));
    },
  },
  {
    words: ["container", "show"], description: "Display container details", output: "show",
    positionals: [{ dest: "container", metavar: "<container>", help: "Container to display" }],
    run(a, ctx) {
      return chain(S.findContainer(ctx.draft, ctx.auth, str(a, "container") ?? ""), (c) => ok(containerShow(ctx, c)));
    },
  },
  {
    words: ["container", "unset"], description: "Unset container properties", output: "none",
    options: [opt.repeat("--property", "<key>", "Property to remove from container (repeat option to remove multiple properties)", { required: true, dest: "property" })],
    positionals: [{ dest: "container", metavar: "<container>", help: "Container to modify" }],
    run(a, ctx) {
      return chain(S.updateContainer(ctx.draft, ctx.auth, str(a, "container") ?? "", { remove: list(a, "property") }), () => ok({ kind: "none" }));
    },
  },
];

// ------------------------------------------------------------------ object

const objectCommands: CommandSpec[] = [
  {
    words: ["object", "create"], description: "Upload object to container", output: "list",
    options: [opt.value("--name", "<name>", "Upload a file and rename it. Can only be used when uploading a single object")],
    positionals: [
      { dest: "container", metavar: "<container>", help: "Container for new object" },
      { dest: "objects", metavar: "<filename>", nargs: "+", help: "Local filename(s) to upload" },
    ],
    run(a, ctx) {
      const files = list(a, "objects");
      const rename = str(a, "name");
      if (rename && files.length > 1) return err(commandError("Attempting to upload multiple objects and using --name is not permitted"));
      const container = str(a, "container") ?? "";
      const rows: Value[][] = [];
      const warnings: string[] = [];
      for (const file of files) {
        if (file.length > S.MAX_OBJECT_NAME_LENGTH) warnings.push(`Object name is ${file.length} characters long, default limit is 1024`);
        const content = ctx.files.read(file);
        if (content === undefined) return err(commandError(`[Errno 2] No such file or directory: '${file}'`));
        const o = S.putObject(ctx.draft, ctx.auth, { container, name: rename || file, content });
        if (!o.ok) return o;
        rows.push([o.value.name, container, o.value.etag]);
      }
      return ok({ kind: "list", columns: ["object", "container", "etag"], rows, warnings });
    },
  },
  {
    words: ["object", "delete"], description: "Delete object from container", output: "none",
    positionals: [
      { dest: "container", metavar: "<container>", help: "Delete object(s) from <container>" },
      { dest: "objects", metavar: "<object>", nargs: "+", help: "Object(s) to delete" },
    ],
    run(a, ctx) {
      const container = str(a, "container") ?? "";
      return eachUntilFailure(list(a, "objects"), (n) => S.deleteObject(ctx.draft, ctx.auth, container, n));
    },
  },
  {
    words: ["object", "list"], description: "List objects", output: "list",
    options: [
      opt.value("--prefix", "<prefix>", "Filter list using <prefix>"),
      opt.value("--delimiter", "<delimiter>", "Roll up items with <delimiter>"),
      opt.value("--marker", "<marker>", "Anchor for paging"),
      opt.value("--end-marker", "<end-marker>", "End anchor for paging"),
      opt.value("--limit", "<num-objects>", "Limit the number of objects returned", { type: "int" }),
      opt.flag("--long", "List additional fields in output"),
      opt.flag("--all", "List all objects in container (default is 10000)"),
    ],
    positionals: [{ dest: "container", metavar: "<container>", help: "Container to list" }],
    run(a, ctx) {
      const container = str(a, "container") ?? "";
      return chain(S.findContainer(ctx.draft, ctx.auth, container), () => {
        const entries = applyListing(S.containerObjects(ctx.draft, ctx.auth.projectId, container), a, str(a, "delimiter"));
        // A rolled-up `subdir` entry has no `name` key, so the client prints it as an empty row (real behaviour).
        const rows = entries.map((e): Value[] => {
          if (e.kind === "subdir") return a.long ? ["", "", "", "", ""] : [""];
          const o = e.item;
          return a.long ? [o.name, S.byteLength(o.content), o.etag, o.contentType, listingDate(o.lastModified)] : [o.name];
        });
        return ok({ kind: "list", columns: a.long ? ["Name", "Bytes", "Hash", "Content Type", "Last Modified"] : ["Name"], rows });
      });
    },
  },
  {
    words: ["object", "save"], description: "Save object locally", output: "none",
    options: [opt.value("--file", "<filename>", "Destination filename (defaults to object name)")],
    positionals: [
      { dest: "container", metavar: "<container>", help: "Download <object> from <container>" },
      { dest: "object", metavar: "<object>", help: "Object to save" },
    ],
    run(a, ctx) {
      return chain(S.findObject(ctx.draft, ctx.auth, str(a, "container") ?? "", str(a, "object") ?? ""), (o) => {
        const file = str(a, "file") || o.name;
        if (file === "-") return ok({ kind: "text", text: o.content });
        ctx.files.write(file, o.content);
        return ok({ kind: "none" });
      });
    },
  },
  {
    words: ["object", "set"], description: "Set object properties", output: "none",
    options: [{ ...opt.property("Set a property on this object (repeat option to set multiple properties)"), required: true }],
    positionals: [
      { dest: "container", metavar: "<container>", help: "Modify <object> from <container>" },
      { dest: "object", metavar: "<object>", help: "Object to modify" },
    ],
    run(a, ctx) {
      const r = S.postObject(ctx.draft, ctx.auth, str(a, "container") ?? "", str(a, "object") ?? "", { metadata: asciiProps(props(a)) });
      return chain(r, () => ok({ kind: "none" }));
    },
  },
  {
    words: ["object", "show"], description: "Display object details", output: "show",
    positionals: [
      { dest: "container", metavar: "<container>", help: "Display <object> from <container>" },
      { dest: "object", metavar: "<object>", help: "Object to display" },
    ],
    run(a, ctx) {
      return chain(S.findObject(ctx.draft, ctx.auth, str(a, "container") ?? "", str(a, "object") ?? ""), (o) => ok(objectShow(o)));
    },
  },
  {
    words: ["object", "unset"], description: "Unset object properties", output: "none",
    options: [opt.repeat("--property", "<key>", "Property to remove from object (repeat option to remove multiple properties)", { required: true, dest: "property" })],
    positionals: [
      { dest: "container", metavar: "<container>", help: "Modify <object> from <container>" },
      { dest: "object", metavar: "<object>", help: "Object to modify" },
    ],
    run(a, ctx) {
      // The POST carries only X-Remove-Object-Meta-* headers, which the object server ignores while it
      // replaces the user metadata with the (empty) set the request sends.
      const r = S.postObject(ctx.draft, ctx.auth, str(a, "container") ?? "", str(a, "object") ?? "", { metadata: {} });
      return chain(r, () => ok({ kind: "none" }));
    },
  },
];

// ------------------------------------------------------------------ account

const accountCommands: CommandSpec[] = [
  {
    words: ["object", "store", "account", "set"], description: "Set account properties", output: "none",
    options: [{ ...opt.property("Set a property on this account (repeat option to set multiple properties)"), required: true }],
    run(a, ctx) {
      return chain(S.updateAccount(ctx.draft, ctx.auth, { set: asciiProps(props(a)) }), () => ok({ kind: "none" }));
    },
  },
  {
    words: ["object", "store", "account", "show"], description: "Display account details", output: "show",
    run(_a, ctx) {
      const r = S.requireRead(ctx.draft, ctx.auth);
      if (!r.ok) return r;
      const stats = S.accountStats(ctx.draft, ctx.auth.projectId);
      const meta = S.getAccount(ctx.draft, ctx.auth.projectId).metadata;
      const fields: Record<string, Value> = {
        Account: S.accountName(ctx.auth.projectId), Bytes: String(stats.bytes), Containers: String(stats.containers), Objects: String(stats.objects),
      };
      if (Object.keys(meta).length > 0) fields.properties = dictColumn(meta);
      return ok(sortedShow(fields));
    },
  },
  {
    words: ["object", "store", "account", "unset"], description: "Unset account properties", output: "none",
    options: [opt.repeat("--property", "<key>", "Property to remove from account (repeat option to remove multiple properties)", { required: true, dest: "property" })],
    run(a, ctx) {
      return chain(S.updateAccount(ctx.draft, ctx.auth, { remove: list(a, "property") }), () => ok({ kind: "none" }));
    },
  },
];

export const objectStoreCommands: CommandSpec[] = [...containerCommands, ...objectCommands, ...accountCommands];
