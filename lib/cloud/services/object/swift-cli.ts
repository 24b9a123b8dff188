import type { OpenstackIo, OpenstackResult } from "../../cli/openstack";
import type { AuthContext } from "../../cli/spec";
import type { CloudError } from "../../errors";
import { Draft, commitMetaOnly } from "../../state";
import { settleAll } from "../../lifecycle";
import { authenticate } from "../identity/service";
import type { Props, StoredObject } from "../../types";
import { httpDate } from "./commands";
import * as S from "./service";

// A minimal python-swiftclient (`swift`), the one client that can set `X-Delete-After`/`X-Delete-At`: the
// unified `openstack object` commands have no option for headers. Sub-commands stat, list, upload, download,
// post and delete with the options a course uses; output shaped as swiftclient prints it (its `print_items`
// pads labels to 14 columns; `-v` is the default verbosity, so upload, download and delete echo each name).

const SWIFT_VERSION = "4.6.0";
const PROXY = "http://10.0.0.10:8080/v1";
const LABEL_WIDTH = 14;

const USAGE = `usage: swift [--version] [--help] [--os-help] [--snet] [--verbose]
             [--debug] [--info] [--quiet] [--auth <auth_url>]
             [--auth-version <auth_version> |
                 --os-identity-api-version <api_version> ]
             [--user <username>]
             [--key <api_key>] [--retries <num_retries>]
             [--os-username <auth-user-name>]
             [--os-password <auth-password>]
             [--os-user-domain-name <auth-user-domain-name>]
             [--os-project-name <auth-project-name>]
             [--os-project-domain-name <auth-project-domain-name>]
             [--os-auth-url <auth-url>]
             <subcommand> [--help] [<subcommand options>]

Command-line interface to the OpenStack Swift API.

Positional arguments:
  <subcommand>
    delete               Delete a container or objects within a container.
    download             Download objects from containers.
    list                 Lists the containers for the account or the objects
                         for a container.
    post                 Updates meta information for the account, container,
                         or object; creates containers if not present.
    stat                 Displays information for the account, container,
                         or object.
    upload               Uploads files or directories to the given container.
`;

const SUB_USAGE: Record<string, string> = {
  stat: "Usage: swift stat [--lh] [--header <header:value>]\n                 [<container> [<object>]]\n",
  list: "Usage: swift list [--long] [--lh] [--totals] [--prefix <prefix>]\n                 [--delimiter <delimiter>] [<container>]\n",
  upload: "Usage: swift upload [--changed] [--skip-identical] [--segment-size <size>]\n                   [--object-name <object-name>] [--header <header:value>]\n                   <container> <file_or_directory> [<file_or_directory>] [...]\n",
  download: "Usage: swift download [--all] [--prefix <prefix>] [--output <out_file>]\n                     [--header <header:value>] <container> [<object>] [...]\n",
  post: "Usage: swift post [--read-acl <acl>] [--write-acl <acl>] [--sync-to <sync-to>]\n                 [--sync-key <sync-key>] [--meta <name:value>]\n                 [--header <header:value>]\n                 [<container> [<object>]]\n",
  delete: "Usage: swift delete [--all] [--leave-segments] [--prefix <prefix>]\n                   [<container>] [<object>] [...]\n",
};

/** Options that take a value, per sub-command (optparse: `-m x`, `-mx`, `--meta x`, `--meta=x`). */
const VALUE_OPTIONS: Record<string, string> = {
  "-m": "meta", "--meta": "meta", "-H": "header", "--header": "header", "-r": "readAcl", "--read-acl": "readAcl",
  "-w": "writeAcl", "--write-acl": "writeAcl", "-p": "prefix", "--prefix": "prefix", "-o": "output", "--output": "output",
  "--object-name": "objectName", "-d": "delimiter", "--delimiter": "delimiter", "-t": "syncTo", "--sync-to": "syncTo", "-k": "syncKey", "--sync-key": "syncKey",
};
const FLAG_OPTIONS: Record<string, string> = { "-l": "long", "--long": "long", "--lh": "lh", "-a": "all", "--all": "all", "-t": "totals", "--totals": "totals" };

/** Global options: credentials (as the OS_* variables) and ones accepted and ignored, such as `-V 3`. */
const GLOBAL_VALUES: Record<string, string> = {
  "--os-auth-url": "OS_AUTH_URL", "--os-username": "OS_USERNAME", "--os-password": "OS_PASSWORD", "--os-project-name": "OS_PROJECT_NAME",
  "--os-tenant-name": "OS_PROJECT_NAME", "--os-user-domain-name": "OS_USER_DOMAIN_NAME", "--os-user-domain-id": "OS_USER_DOMAIN_ID",
  "--os-project-domain-name": "OS_PROJECT_DOMAIN_NAME", "--os-project-domain-id": "OS_PROJECT_DOMAIN_ID", "--os-project-id": "OS_PROJECT_ID",
  "--os-region-name": "OS_REGION_NAME", "-V": "auth-version", "--auth-version": "auth-version", "--os-identity-api-version": "auth-version",
  "-A": "OS_AUTH_URL", "--auth": "OS_AUTH_URL", "-U": "OS_USERNAME", "--user": "OS_USERNAME", "-K": "OS_PASSWORD", "--key": "OS_PASSWORD",
  "-R": "retries", "--retries": "retries", "--os-auth-type": "ignored", "--os-interface": "ignored", "--os-cacert": "ignored",
};
const GLOBAL_FLAGS = new Set(["-v", "--verbose", "-q", "--quiet", "--debug", "--info", "-s", "--snet", "--insecure"]);

const AUTH_MISSING = `Auth version 3 requires OS_AUTH_URL, OS_USERNAME, OS_USER_DOMAIN_NAME or OS_USER_DOMAIN_ID, OS_PASSWORD, and
OS_PROJECT_NAME or OS_PROJECT_ID to be set or overridden with --os-auth-url, --os-username, --os-user-domain-name,
--os-password and --os-project-name.`;
const UNAUTHORIZED = "Unauthorized. Check username/id, password, tenant name/id and user/tenant domain name/id.";

interface Parsed {
  command: string;
  positionals: string[];
  values: Record<string, string[]>;
  flags: Set<string>;
  env: Record<string, string>;
  quiet: boolean;
}

function parse(argv: readonly string[], baseEnv: Readonly<Record<string, string>>): Parsed | { usage: string; code: number } {
  const env: Record<string, string> = { ...baseEnv };
  const values: Record<string, string[]> = {};
  const flags = new Set<string>();
  const positionals: string[] = [];
  let command = "";
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? "";
    const eq = token.startsWith("--") ? token.indexOf("=") : -1;
    const name = eq > 0 ? token.slice(0, eq) : token;
    const short = /^-[A-Za-z]./.test(token) && !token.startsWith("--") ? token.slice(0, 2) : null;
    const take = (): string | undefined => (eq > 0 ? token.slice(eq + 1) : short && token.length > 2 ? token.slice(2) : argv[++i]);
    if (token === "--help" || token === "-h") return { usage: command ? (SUB_USAGE[command] ?? USAGE) : USAGE, code: 0 };
    if (token === "--version") return { usage: `python-swiftclient ${SWIFT_VERSION}\n`, code: 0 };
    if (GLOBAL_FLAGS.has(token)) {
      if (token === "-q" || token === "--quiet") quiet = true;
      continue;
    }
    // -t means --totals after `list` and --sync-to after `post`; the sub-command's meaning wins.
    const valueKey = VALUE_OPTIONS[name] ?? (short ? VALUE_OPTIONS[short] : undefined);
    const flagKey = FLAG_OPTIONS[name];
    const globalKey = GLOBAL_VALUES[name] ?? (short && !command ? GLOBAL_VALUES[short] : undefined);
    if (command && flagKey && !(command === "post" && name === "-t")) {
      flags.add(flagKey);
      continue;
    }
    if (command && valueKey) {
      const v = take();
      if (v === undefined) return { usage: `${SUB_USAGE[command] ?? USAGE}\nswift: error: ${name} option requires 1 argument\n`, code: 2 };
      (values[valueKey] ??= []).push(v);
      continue;
    }
    if (globalKey) {
      const v = take();
      if (v === undefined) return { usage: `${USAGE}\nswift: error: ${name} option requires 1 argument\n`, code: 2 };
      if (globalKey.startsWith("OS_")) env[globalKey] = v;
      continue;
    }
    if (token.startsWith("-") && token !== "-") return { usage: `${command ? (SUB_USAGE[command] ?? USAGE) : USAGE}\nswift: error: no such option: ${name}\n`, code: 2 };
    if (!command) command = token;
    else positionals.push(token);
  }
  return { command, positionals, values, flags, env, quiet };
}

const item = (label: string, value: string | number): string => `${label.padStart(LABEL_WIDTH)}: ${value}`.trimEnd();

/** `-H "X-Delete-After: 3600"` / `-m color:blue`: swiftclient splits on the first colon and strips both sides. */
function headerPairs(items: readonly string[] | undefined): Map<string, string> | string {
  const out = new Map<string, string>();
  for (const raw of items ?? []) {
    const at = raw.indexOf(":");
    if (at < 0) return `Usage: swift post ...\nswift: error: Headers must be specified as 'key:value' pairs (got: ${raw})`;
    out.set(raw.slice(0, at).trim().toLowerCase(), raw.slice(at + 1).trim());
  }
  return out;
}

function metaPairs(items: readonly string[] | undefined): Props {
  const out: Props = {};
  for (const raw of items ?? []) {
    const at = raw.indexOf(":");
    if (at < 0) out[raw.trim()] = "";
    else out[raw.slice(0, at).trim()] = raw.slice(at + 1).trim();
  }
  return out;
}

function statusOf(e: CloudError): number {
  return Number(/\(HTTP (\d+)\)/.exec(e.message)?.[1] ?? 0);
}

/** swiftclient's ClientException text: `Object PUT failed: <url> 413 Request Entity Too Large`. */
function requestFailed(what: string, method: string, url: string, e: CloudError): string {
  const status = statusOf(e);
  if (status === 401 || status === 403) return `${what} ${method} failed: ${url} ${status} ${status === 401 ? "Unauthorized" : "Forbidden"}  [first 60 chars of response] <html><h1>${status === 401 ? "Unauthorized" : "Forbidden"}</h1><p>Access was denied to this resourc`;
  const reason = e.message.replace(/ \(HTTP \d+\).*$/, "");
  return `${what} ${method} failed: ${url} ${status} ${reason}`;
}

interface Run {
  draft: Draft;
  auth: AuthContext;
  io: OpenstackIo;
  out: string[];
  errors: string[];
  writes: [string, string][];
  url: string;
}

function statCommand(r: Run, args: string[]): void {
  const [container, object] = args;
  const txHeaders = (): string[] => {
    const tx = S.newTransId(r.draft);
    return [item("X-Timestamp", `${(r.draft.now / 1000).toFixed(5)}`), item("X-Trans-Id", tx), item("X-Openstack-Request-Id", tx)];
  };
  if (container === undefined) {
    const stats = S.accountStats(r.draft, r.auth.projectId);
    const account = S.getAccount(r.draft, r.auth.projectId);
    r.out.push(item("Account", S.accountName(r.auth.projectId)), item("Containers", stats.containers), item("Objects", stats.objects), item("Bytes", stats.bytes));
    for (const [k, v] of Object.entries(account.metadata)) r.out.push(item(`Meta ${k}`, v));
    r.out.push(item("Content-Type", "text/plain; charset=utf-8"), item("Accept-Ranges", "bytes"), ...txHeaders());
    return;
  }
  const c = S.findContainer(r.draft, r.auth, container);
  if (!c.ok) {
    r.errors.push(statusOf(c.error) === 404 ? `Container '${container}' not found` : requestFailed("Container", "HEAD", `${r.url}/${container}`, c.error));
    return;
  }
  if (object === undefined) {
    const usage = S.containerUsage(r.draft, r.auth.projectId, container);
    r.out.push(
      item("Account", S.accountName(r.auth.projectId)), item("Container", container), item("Objects", usage.count), item("Bytes", usage.bytes),
      item("Read ACL", c.value.readAcl ?? ""), item("Write ACL", c.value.writeAcl ?? ""), item("Sync To", ""), item("Sync Key", ""),
    );
    for (const [k, v] of Object.entries(c.value.metadata)) r.out.push(item(`Meta ${k}`, v));
    r.out.push(item("Content-Type", "text/plain; charset=utf-8"), item("X-Storage-Policy", c.value.storagePolicy), item("Last-Modified", httpDate(c.value.createdAt)), item("Accept-Ranges", "bytes"), ...txHeaders());
    return;
  }
  const o = S.findObject(r.draft, r.auth, container, object);
  if (!o.ok) {
    r.errors.push(statusOf(o.error) === 404 ? `Object '${container}/${object}' not found` : requestFailed("Object", "HEAD", `${r.url}/${container}/${object}`, o.error));
    return;
  }
  r.out.push(...objectStat(r, o.value), ...txHeaders());
}

function objectStat(r: Run, o: StoredObject): string[] {
  const lines = [
    item("Account", S.accountName(o.projectId)), item("Container", o.container), item("Object", o.name), item("Content Type", o.contentType),
    item("Content Length", S.byteLength(o.content)), item("Last Modified", httpDate(o.lastModified)), item("ETag", o.etag),
  ];
  for (const [k, v] of Object.entries(o.metadata)) lines.push(item(`Meta ${k}`, v));
  if (o.deleteAt !== null) lines.push(item("X-Delete-At", Math.floor(o.deleteAt / 1000)));
  lines.push(item("Accept-Ranges", "bytes"));
  void r;
  return lines;
}

function listCommand(r: Run, args: string[], p: Parsed): void {
  const prefix = p.values.prefix?.at(-1) ?? "";
  const [container] = args;
  if (container === undefined) {
    for (const c of S.projectContainers(r.draft, r.auth.projectId)) if (c.name.startsWith(prefix)) r.out.push(c.name);
    return;
  }
  const c = S.findContainer(r.draft, r.auth, container);
  if (!c.ok) {
    r.errors.push(statusOf(c.error) === 404 ? `Container '${container}' not found` : requestFailed("Container", "GET", `${r.url}/${container}`, c.error));
    return;
  }
  const delimiter = p.values.delimiter?.at(-1) ?? null;
  const seen = new Set<string>();
  for (const o of S.containerObjects(r.draft, r.auth.projectId, container)) {
    if (!o.name.startsWith(prefix)) continue;
    const at = delimiter ? o.name.indexOf(delimiter, prefix.length) : -1;
    const name = at >= 0 && delimiter ? o.name.slice(0, at + delimiter.length) : o.name;
    if (seen.has(name)) continue;
    seen.add(name);
    r.out.push(p.flags.has("long") ? `${String(S.byteLength(o.content)).padStart(12)} ${new Date(o.lastModified).toISOString().slice(0, 19).replace("T", " ")} ${o.contentType.padStart(25)} ${name}` : name);
  }
}

function uploadCommand(r: Run, args: string[], p: Parsed): void {
  const [container, ...files] = args;
  if (container === undefined || files.length === 0) {
    r.errors.push(SUB_USAGE.upload?.trimEnd() ?? "");
    return;
  }
  const rename = p.values.objectName?.at(-1);
  if (rename !== undefined && files.length > 1) {
    r.errors.push("object-name option only allowed for single file uploads");
    return;
  }
  const headers = headerPairs(p.values.header);
  if (typeof headers === "string") {
    r.errors.push(headers);
    return;
  }
  // `swift upload` creates the container when it is missing (a PUT on an existing one changes nothing).
  const c = S.createContainer(r.draft, r.auth, { name: container });
  if (!c.ok) {
    r.errors.push(requestFailed("Container", "PUT", `${r.url}/${container}`, c.error));
    return;
  }
  for (const file of files) {
    const content = r.io.files.read(file);
    if (content === undefined) {
      r.errors.push(`Local file '${file}' not found`);
      continue;
    }
    // swiftclient drops a leading `./` or `/` from the path to make the object name.
    const name = rename ?? file.replace(/^(\.\/|\/)+/, "");
    const o = S.putObject(r.draft, r.auth, { container, name, content, ...expiry(headers), metadata: metaFromHeaders(headers, "x-object-meta-") });
    if (!o.ok) r.errors.push(requestFailed("Object", "PUT", `${r.url}/${container}/${name}`, o.error));
    else r.out.push(name);
  }
}

function expiry(headers: Map<string, string>): { deleteAt?: number; deleteAfter?: number } {
  const after = headers.get("x-delete-after");
  const at = headers.get("x-delete-at");
  return { ...(after !== undefined ? { deleteAfter: Number(after) } : {}), ...(at !== undefined ? { deleteAt: Number(at) } : {}) };
}

function metaFromHeaders(headers: Map<string, string>, prefix: string): Props {
  const out: Props = {};
  for (const [k, v] of headers) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

function downloadCommand(r: Run, args: string[], p: Parsed): void {
  const [container, ...objects] = args;
  if (container === undefined) {
    r.errors.push(SUB_USAGE.download?.trimEnd() ?? "");
    return;
  }
  const output = p.values.output?.at(-1);
  if (output !== undefined && objects.length !== 1) {
    r.errors.push("-o option only allowed for single file downloads");
    return;
  }
  const c = S.findContainer(r.draft, r.auth, container);
  if (!c.ok) {
    r.errors.push(statusOf(c.error) === 404 ? `Container '${container}' not found` : requestFailed("Container", "GET", `${r.url}/${container}`, c.error));
    return;
  }
  const names = objects.length > 0 ? objects : S.containerObjects(r.draft, r.auth.projectId, container).map((o) => o.name);
  for (const name of names) {
    const o = S.findObject(r.draft, r.auth, container, name);
    if (!o.ok) {
      r.errors.push(`Error downloading object '${container}/${name}': Object GET failed: ${r.url}/${container}/${name} 404 Not Found  [first 60 chars of response] <html><h1>Not Found</h1><p>The resource could not be found.<`);
      continue;
    }
    if (output === "-") {
      r.out.push(o.value.content.replace(/\n$/, ""));
      continue;
    }
    r.writes.push([output ?? name, o.value.content]);
    // The timings swiftclient prints are wall-clock; the simulated cloud answers instantly.
    r.out.push(`${name} [auth 0.000s, headers 0.000s, total 0.000s, 0.000 MB/s]`);
  }
}

function postCommand(r: Run, args: string[], p: Parsed): void {
  const [container, object] = args;
  const headers = headerPairs(p.values.header);
  if (typeof headers === "string") {
    r.errors.push(headers);
    return;
  }
  const meta = metaPairs(p.values.meta);
  if (container === undefined) {
    const a = S.updateAccount(r.draft, r.auth, { set: { ...metaFromHeaders(headers, "x-account-meta-"), ...meta } });
    if (!a.ok) r.errors.push(requestFailed("Account", "POST", r.url, a.error));
    return;
  }
  if (object === undefined) {
    const readAcl = p.values.readAcl?.at(-1) ?? headers.get("x-container-read");
    const writeAcl = p.values.writeAcl?.at(-1) ?? headers.get("x-container-write");
    const change = {
      set: { ...metaFromHeaders(headers, "x-container-meta-"), ...meta },
      ...(readAcl !== undefined ? { readAcl } : {}), ...(writeAcl !== undefined ? { writeAcl } : {}),
    };
    // `swift post CONTAINER` creates the container when the POST answers 404, then applies the headers.
    if (!S.findContainer(r.draft, r.auth, container).ok) {
      const created = S.createContainer(r.draft, r.auth, { name: container });
      if (!created.ok) {
        r.errors.push(requestFailed("Container", "PUT", `${r.url}/${container}`, created.error));
        return;
      }
    }
    const u = S.updateContainer(r.draft, r.auth, container, change);
    if (!u.ok) r.errors.push(requestFailed("Container", "POST", `${r.url}/${container}`, u.error));
    return;
  }
  if (p.values.readAcl || p.values.writeAcl) {
    r.errors.push("-r and -w options only allowed for containers");
    return;
  }
  // An object POST replaces all its metadata and its expiry with what this request carries (see postObject).
  const u = S.postObject(r.draft, r.auth, container, object, { metadata: { ...metaFromHeaders(headers, "x-object-meta-"), ...meta }, ...expiry(headers) });
  if (!u.ok) r.errors.push(statusOf(u.error) === 404 ? `Object '${container}/${object}' not found` : requestFailed("Object", "POST", `${r.url}/${container}/${object}`, u.error));
}

function deleteCommand(r: Run, args: string[]): void {
  const [container, ...objects] = args;
  if (container === undefined) {
    r.errors.push(SUB_USAGE.delete?.trimEnd() ?? "");
    return;
  }
  if (objects.length > 0) {
    for (const name of objects) {
      const d = S.deleteObject(r.draft, r.auth, container, name);
      if (d.ok) r.out.push(name);
      else r.errors.push(`Error Deleting: ${container}/${name}: Object DELETE failed: ${r.url}/${container}/${name} ${statusOf(d.error)} ${d.error.message.replace(/ \(HTTP \d+\).*$/, "")}`);
    }
    return;
  }
  // Deleting a container deletes its objects first, echoing each, then the container itself.
  const c = S.findContainer(r.draft, r.auth, container);
  if (!c.ok) {
    r.errors.push(`Error Deleting: ${container}: Container DELETE failed: ${r.url}/${container} ${statusOf(c.error)} ${c.error.message.replace(/ \(HTTP \d+\).*$/, "")}`);
    return;
  }
  for (const o of S.containerObjects(r.draft, r.auth.projectId, container)) {
    const d = S.deleteObject(r.draft, r.auth, container, o.name);
    if (d.ok) r.out.push(o.name);
  }
  const d = S.deleteContainer(r.draft, r.auth, container);
  if (d.ok) r.out.push(container);
  else r.errors.push(`Error Deleting: ${container}: Container DELETE failed: ${r.url}/${container} ${statusOf(d.error)} ${d.error.message.replace(/ \(HTTP \d+\).*$/, "")}`);
}

const COMMANDS: Record<string, (r: Run, args: string[], p: Parsed) => void> = {
  stat: statCommand, list: listCommand, upload: uploadCommand, download: downloadCommand, post: postCommand, delete: (r, args) => deleteCommand(r, args),
};

/** Runs `swift …` against the state; the same contract as `runOpenstack` (pure, writes only on success). */
export function runSwift(argv: readonly string[], io: OpenstackIo): OpenstackResult {
  const done = (stdout: string, stderr: string, exitCode: number, state = io.state, fileWrites: [string, string][] = []): OpenstackResult => ({ stdout, stderr, exitCode, state, fileWrites });
  const parsed = parse(argv, io.env);
  if ("usage" in parsed) return parsed.code === 0 ? done(parsed.usage, "", 0) : done("", parsed.usage, parsed.code);
  if (!parsed.command) return done("", USAGE, 2);
  const command = COMMANDS[parsed.command];
  if (!command) return done("", `${USAGE}\nswift: error: no such command: ${parsed.command}\n`, 2);

  const env = parsed.env;
  if (!env.OS_AUTH_URL || !env.OS_USERNAME || !env.OS_PASSWORD || (!env.OS_PROJECT_NAME && !env.OS_PROJECT_ID)) return done("", `${AUTH_MISSING}\n`, 1);
  const draft = new Draft(io.state);
  settleAll(draft);
  const auth = authenticate(draft, {
    authUrl: env.OS_AUTH_URL, username: env.OS_USERNAME, userId: null, password: env.OS_PASSWORD, projectName: env.OS_PROJECT_NAME ?? null,
    projectId: env.OS_PROJECT_ID ?? null, userDomainName: env.OS_USER_DOMAIN_NAME ?? null, userDomainId: env.OS_USER_DOMAIN_ID ?? null,
    projectDomainName: env.OS_PROJECT_DOMAIN_NAME ?? null, projectDomainId: env.OS_PROJECT_DOMAIN_ID ?? null, regionName: env.OS_REGION_NAME ?? null,
  });
  if (!auth.ok) return done("", `${UNAUTHORIZED}\n`, 1, commitMetaOnly(io.state, draft));
  const run: Run = { draft, auth: auth.value, io, out: [], errors: [], writes: [], url: `${PROXY}/${S.accountName(auth.value.projectId)}` };
  command(run, parsed.positionals, parsed);
  const stdout = parsed.quiet || run.out.length === 0 ? "" : `${run.out.join("\n")}\n`;
  const stderr = run.errors.length === 0 ? "" : `${run.errors.join("\n")}\n`;
  // swiftclient keeps what succeeded before an error (each request stands alone) and exits 1 on any error.
  return done(stdout, stderr, run.errors.length > 0 ? 1 : 0, draft.commit(), run.writes);
}
