import { parse as parseYaml } from "yaml";
import type { CloudState } from "../state";
import { Draft, commitMetaOnly } from "../state";
import { renderError } from "../errors";
import { newRequestId } from "../ids";
import { settleAll } from "../lifecycle";
import { authenticate, type Credentials } from "../services/identity/service";
import { buildParser, formatHelp, formatUsage, parseArgs } from "./argparse";
import { formatList, formatShow, type FormatOptions } from "./format";
import type { CommandContext, CommandSpec, VirtualFiles } from "./spec";
import { pyRepr } from "./spec";
import { commandTable, type CommandTable } from "./registry";

// `openstack …`: global options, command lookup (cliff's CommandManager), argument parsing, sign-in,
// running the handler on a draft, and formatting. Pure: the caller passes the state in and gets the next one.

export const CLIENT_VERSION = "openstack 7.2.1";

export interface OpenstackIo {
  state: CloudState;
  env: Readonly<Record<string, string>>;
  files: { read(path: string): string | undefined; exists(path: string): boolean };
  /** Set when stdout is a terminal: tables are fitted to it, as cliff does on a TTY. */
  terminalWidth?: number;
}

export interface OpenstackResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  state: CloudState;
  fileWrites: [string, string][];
}

interface GlobalSpec { names: string[]; key: string; env?: string[]; flag?: boolean }

/** The global options of python-openstackclient that matter to a simulated cloud (others are accepted). */
const GLOBALS: GlobalSpec[] = [
  { names: ["--os-cloud"], key: "cloud", env: ["OS_CLOUD"] },
  { names: ["--os-auth-url"], key: "authUrl", env: ["OS_AUTH_URL"] },
  { names: ["--os-username"], key: "username", env: ["OS_USERNAME"] },
  { names: ["--os-user-id"], key: "userId", env: ["OS_USER_ID"] },
  { names: ["--os-password"], key: "password", env: ["OS_PASSWORD"] },
  { names: ["--os-project-name", "--os-tenant-name"], key: "projectName", env: ["OS_PROJECT_NAME", "OS_TENANT_NAME"] },
  { names: ["--os-project-id", "--os-tenant-id"], key: "projectId", env: ["OS_PROJECT_ID", "OS_TENANT_ID"] },
  { names: ["--os-user-domain-name"], key: "userDomainName", env: ["OS_USER_DOMAIN_NAME"] },
  { names: ["--os-user-domain-id"], key: "userDomainId", env: ["OS_USER_DOMAIN_ID"] },
  { names: ["--os-project-domain-name"], key: "projectDomainName", env: ["OS_PROJECT_DOMAIN_NAME"] },
  { names: ["--os-project-domain-id"], key: "projectDomainId", env: ["OS_PROJECT_DOMAIN_ID"] },
  { names: ["--os-region-name"], key: "regionName", env: ["OS_REGION_NAME"] },
  { names: ["--os-auth-type"], key: "authType", env: ["OS_AUTH_TYPE"] },
  { names: ["--os-identity-api-version"], key: "identityApiVersion", env: ["OS_IDENTITY_API_VERSION"] },
  { names: ["--os-interface"], key: "interface", env: ["OS_INTERFACE"] },
  { names: ["--os-compute-api-version"], key: "computeApiVersion", env: ["OS_COMPUTE_API_VERSION"] },
  { names: ["--os-volume-api-version"], key: "volumeApiVersion", env: ["OS_VOLUME_API_VERSION"] },
  { names: ["--os-image-api-version"], key: "imageApiVersion", env: ["OS_IMAGE_API_VERSION"] },
  { names: ["--os-network-api-version"], key: "networkApiVersion" },
  { names: ["--os-default-domain"], key: "defaultDomain", env: ["OS_DEFAULT_DOMAIN"] },
  { names: ["--os-cacert"], key: "cacert", env: ["OS_CACERT"] },
  { names: ["--log-file"], key: "logFile" },
  { names: ["--debug"], key: "debug", flag: true },
  { names: ["-v", "--verbose"], key: "verbose", flag: true },
  { names: ["-q", "--quiet"], key: "quiet", flag: true },
  { names: ["--insecure"], key: "insecure", flag: true },
  { names: ["--timing"], key: "timing", flag: true },
  { names: ["--os-beta-command"], key: "beta", flag: true },
];

const GLOBAL_BY_NAME = new Map(GLOBALS.flatMap((g) => g.names.map((n) => [n, g] as const)));

const TOP_USAGE =
  "usage: openstack [--version] [-v | -q] [--log-file LOG_FILE] [-h] [--debug]\n" +
  "                 [--os-cloud <cloud-config-name>]\n" +
  "                 [--os-region-name <auth-region-name>]\n" +
  "                 [--os-cacert <ca-bundle-file>] [--os-cert <certificate-file>]\n" +
  "                 [--os-key <key-file>] [--verify | --insecure]\n" +
  "                 [--os-default-domain <auth-domain>]\n" +
  "                 [--os-interface <interface>]\n" +
  "                 [--os-service-provider <service_provider>]\n" +
  "                 [--os-remote-project-name <remote_project_name> | --os-remote-project-id <remote_project_id>]\n" +
  "                 [--os-remote-project-domain-name <remote_project_domain_name> | --os-remote-project-domain-id <remote_project_domain_id>]\n" +
  "                 [--timing] [--os-beta-command] [--os-profile hmac-key]\n" +
  "                 [--os-compute-api-version <compute-api-version>]\n" +
  "                 [--os-identity-api-version <identity-api-version>]\n" +
  "                 [--os-image-api-version <image-api-version>]\n" +
  "                 [--os-network-api-version <network-api-version>]\n" +
  "                 [--os-object-api-version <object-api-version>]\n" +
  "                 [--os-volume-api-version <volume-api-version>]\n" +
  "                 [--os-orchestration-api-version <orchestration-api-version>]\n" +
  "                 [--os-auth-type <auth-type>]\n" +
  "                 [--os-auth-url <auth-auth-url>] [--os-username <auth-username>]\n" +
  "                 [--os-password <auth-password>]\n" +
  "                 [--os-project-name <auth-project-name>]\n" +
  "                 [--os-user-domain-name <auth-user-domain-name>]\n" +
  "                 [--os-project-domain-name <auth-project-domain-name>]\n" +
  "                 [--os-token <auth-token>]";

function topHelp(table: CommandTable): string {
  const names = [...table.byName.keys()].sort();
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const lines = names.map((n) => `  ${n.padEnd(width)}${(table.byName.get(n)?.description ?? "").split("\n")[0]}`);
  return `${TOP_USAGE}\n\nCommand-line interface to the OpenStack APIs\n\noptions:\n  --version             show program's version number and exit\n  -h, --help            show this help message and exit\n  --os-cloud <cloud-config-name>\n                        Cloud name in clouds.yaml (Env: OS_CLOUD)\n  --os-auth-url <auth-auth-url>\n                        Authentication URL (Env: OS_AUTH_URL)\n  --os-username <auth-username>\n                        Username (Env: OS_USERNAME)\n  --os-password <auth-password>\n                        User's password (Env: OS_PASSWORD)\n  --os-project-name <auth-project-name>\n                        Project name to scope to (Env: OS_PROJECT_NAME)\n\nCommands:\n${lines.join("\n")}\n`;
}

// cliff's utils.COST: a swap is free, an insertion costs 1, a substitution 2, a deletion 3, so a word that is
// a typo'd prefix of a command ranks above one that merely shares letters.
const COST = { swap: 0, sub: 2, add: 1, del: 3 };

/** cliff's utils.damerau_levenshtein with its weighted costs (three rolling rows, as upstream). */
function distance(s1: string, s2: string): number {
  if (s1 === s2) return 0;
  const len1 = s1.length;
  const len2 = s2.length;
  if (len1 === 0) return len2 * COST.add;
  if (len2 === 0) return len1 * COST.del;
  let row1 = new Int32Array(len2 + 1);
  for (let j = 0; j <= len2; j++) row1[j] = j * COST.add;
  let row2 = row1.slice();
  let row0 = row1.slice();
  for (let i = 0; i < len1; i++) {
    row2[0] = (i + 1) * COST.del;
    for (let j = 0; j < len2; j++) {
      let best = Math.min(
        (row1[j] ?? 0) + (s1[i] !== s2[j] ? COST.sub : 0),
        (row2[j] ?? 0) + COST.add,
        (row1[j + 1] ?? 0) + COST.del,
      );
      if (i > 0 && j > 0 && s1[i - 1] === s2[j] && s1[i] === s2[j - 1]) best = Math.min(best, (row0[j - 1] ?? 0) + COST.swap);
      row2[j + 1] = best;
    }
    [row0, row1, row2] = [row1, row2, row0];
  }
  return row1[len2] ?? 0;
}

// Suggestions depend only on the mistyped word, and a session (or the fuzz test) repeats the same typos, so
// they are memoised per table. Bounded so a stream of random words cannot grow it without limit.
const fuzzyCache = new WeakMap<CommandTable, Map<string, string[]>>();
const FUZZY_CACHE_LIMIT = 2_000;

/**
 * cliff's App.get_fuzzy_matches: every command starting with the typed word scores 0, the rest score the
 * weighted distance to their first word plus one; the answer is all 0-score commands followed by every
 * command at the lowest non-zero score.
 */
function fuzzyMatches(table: CommandTable, cmd: string): string[] {
  let cache = fuzzyCache.get(table);
  if (!cache) fuzzyCache.set(table, (cache = new Map()));
  const hit = cache.get(cmd);
  if (hit) return hit;
  const byPrefix = new Map<string, number>();
  const scored = [...table.byName.keys()].map((candidate) => {
    if (candidate.startsWith(cmd)) return [0, candidate] as const;
    const prefix = candidate.split(" ")[0] ?? "";
    let d = byPrefix.get(prefix);
    if (d === undefined) byPrefix.set(prefix, (d = distance(cmd, prefix)));
    return [d + 1, candidate] as const;
  });
  scored.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  const matches: string[] = [];
  let matchDistance = 0;
  for (const [d, candidate] of scored) {
    if (d > matchDistance) {
      if (matchDistance) break;
      matchDistance = d;
    }
    matches.push(candidate);
  }
  if (cache.size >= FUZZY_CACHE_LIMIT) cache.clear();
  cache.set(cmd, matches);
  return matches;
}

/** cliff CommandManager.find_command: longest word prefix, each word also matching as a unique prefix. */
function findCommand(table: CommandTable, argv: string[]): { spec: CommandSpec; rest: string[] } | null {
  let last = argv.findIndex((a) => a.startsWith("-"));
  if (last < 0) last = argv.length;
  for (let i = last; i > 0; i--) {
    const words = argv.slice(0, i);
    const exact = table.byName.get(words.join(" "));
    if (exact) return { spec: exact, rest: argv.slice(i) };
    const candidates = [...table.byName.values()].filter((s) => s.words.length === words.length && s.words.every((w, k) => w.startsWith(words[k] ?? "")));
    if (candidates.length === 1 && candidates[0]) return { spec: candidates[0], rest: argv.slice(i) };
  }
  return null;
}

function cloudsYaml(io: OpenstackIo, cloud: string): Record<string, string> | "missing" {
  const home = io.env.HOME ?? "/home/stack";
  for (const path of ["./clouds.yaml", `${home}/.config/openstack/clouds.yaml`, "/etc/openstack/clouds.yaml"]) {
    const text = io.files.read(path);
    if (text === undefined) continue;
    try {
      const doc = parseYaml(text) as { clouds?: Record<string, { auth?: Record<string, unknown>; region_name?: string }> };
      const entry = doc?.clouds?.[cloud];
      if (!entry) continue;
      const out: Record<string, string> = {};
      const auth = entry.auth ?? {};
      const map: Record<string, string> = {
        auth_url: "authUrl", username: "username", user_id: "userId", password: "password", project_name: "projectName",
        project_id: "projectId", user_domain_name: "userDomainName", user_domain_id: "userDomainId",
        project_domain_name: "projectDomainName", project_domain_id: "projectDomainId",
      };
      for (const [k, v] of Object.entries(auth)) if (map[k] && v !== null && v !== undefined) out[map[k] as string] = String(v);
      if (entry.region_name) out.regionName = String(entry.region_name);
      return out;
    } catch {
      continue;
    }
  }
  return "missing";
}

export function runOpenstack(argv: readonly string[], io: OpenstackIo, table: CommandTable = commandTable()): OpenstackResult {
  const done = (stdout: string, stderr: string, exitCode: number, state = io.state, fileWrites: [string, string][] = []): OpenstackResult => ({ stdout, stderr, exitCode, state, fileWrites });

  // Global options may appear anywhere (cliff parses them with parse_known_args).
  const globals: Record<string, string | boolean> = {};
  const rest: string[] = [];
  let wantsHelp = false;
  let wantsVersion = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? "";
    const eq = token.startsWith("--") ? token.indexOf("=") : -1;
    const name = eq > 0 ? token.slice(0, eq) : token;
    const g = GLOBAL_BY_NAME.get(name);
    if (token === "--version") wantsVersion = true;
    else if (token === "-h" || token === "--help") wantsHelp = true;
    else if (g?.flag) globals[g.key] = true;
    else if (g) {
      const value = eq > 0 ? token.slice(eq + 1) : argv[i + 1];
      if (value === undefined) return done("", `${TOP_USAGE}\nopenstack: error: argument ${g.names[0]}: expected one argument\n`, 2);
      if (eq < 0) i++;
      globals[g.key] = value;
    } else rest.push(token);
  }
  if (wantsVersion) return done(`${CLIENT_VERSION}\n`, "", 0);

  if (rest[0] === "help") return helpCommand(table, rest.slice(1), done);
  if (rest.length === 0) return done(topHelp(table), "", 0);

  const found = findCommand(table, rest);
  if (!found) {
    // osc-lib runs cliff with deferred help: `openstack foo --help` becomes `openstack help foo`.
    if (wantsHelp) return helpCommand(table, rest, done);
    return unknownCommand(table, rest, done);
  }
  const parser = buildParser(found.spec);
  if (wantsHelp) return done(formatHelp(parser), "", 0);
  const parsed = parseArgs(parser, found.rest);
  if (!parsed.ok && parsed.exitCode === 1) return done("", `${parsed.message}\n`, 1);
  if (!parsed.ok) return done("", `${formatUsage(parser)}\n${parser.prog}: error: ${parsed.message}\n`, 2);
  if (parsed.help) return done(formatHelp(parser), "", 0);

  const draft = new Draft(io.state);
  settleAll(draft);
  const requestId = newRequestId(draft);
  const failed = (message: string): OpenstackResult => done("", `${message}\n`, 1, commitMetaOnly(io.state, draft));

  // Credentials: command line over environment over clouds.yaml, as openstacksdk's config loader merges them.
  const cloudName = (globals.cloud as string | undefined) ?? io.env.OS_CLOUD;
  let fromCloud: Record<string, string> = {};
  if (cloudName) {
    const c = cloudsYaml(io, cloudName);
    if (c === "missing") return failed(`Cloud ${cloudName} was not found.`);
    fromCloud = c;
  }
  const pick = (key: string): string | null => {
    const fromFlag = globals[key];
    if (typeof fromFlag === "string") return fromFlag;
    const spec = GLOBALS.find((g) => g.key === key);
    if (!cloudName) for (const e of spec?.env ?? []) if (io.env[e]) return io.env[e] ?? null;
    return fromCloud[key] ?? (cloudName ? (spec?.env ?? []).map((e) => io.env[e]).find((v) => v) ?? null : null);
  };
  const creds: Credentials = {
    authUrl: pick("authUrl"), username: pick("username"), userId: pick("userId"), password: pick("password"),
    projectName: pick("projectName"), projectId: pick("projectId"), userDomainName: pick("userDomainName"),
    userDomainId: pick("userDomainId"), projectDomainName: pick("projectDomainName"), projectDomainId: pick("projectDomainId"),
    regionName: pick("regionName"),
  };
  if (!creds.authUrl) return failed("Missing value auth-url required for auth plugin password");
  const keystone = draft.list("endpoints").find((e) => e.interface === "public" && draft.get("catalogServices", e.serviceId)?.type === "identity");
  const base = keystone?.url.replace(/\/v3\/?$/, "").replace(/\/$/, "");
  if (!base || !creds.authUrl.replace(/\/$/, "").replace(/\/v3$/, "").startsWith(base)) {
    return failed(`Failed to discover available identity versions when contacting ${creds.authUrl}. Attempting to parse version from URL.\nUnable to establish connection to ${creds.authUrl.replace(/\/$/, "")}/auth/tokens: HTTPConnectionPool(host='${creds.authUrl.replace(/^\w+:\/\//, "").split(/[/:]/)[0]}', port=80): Max retries exceeded`);
  }
  if (!creds.username && !creds.userId) {
    return failed("Missing value username required for auth plugin password");
  }
  const region = creds.regionName;
  if (region && !draft.get("regions", region)) {
    return failed(`Region ${region} is not valid. Valid regions are: ${draft.list("regions").map((r) => r.id).join(", ")}`);
  }
  const auth = authenticate(draft, creds);
  if (!auth.ok) return failed(renderError(auth.error, requestId));

  const writes: [string, string][] = [];
  const files: VirtualFiles = {
    read: (p) => writes.find(([w]) => w === p)?.[1] ?? io.files.read(p),
    exists: (p) => writes.some(([w]) => w === p) || io.files.exists(p),
    write: (p, content) => void writes.push([p, content]),
  };
  // `--os-volume-api-version 3.40` (and its compute/image kin) outrank the OS_*_API_VERSION variables, as in
  // osc-lib's option defaults; commands read the version the client would negotiate from the env they get.
  const env: Record<string, string> = { ...io.env };
  for (const [key, name] of [["volumeApiVersion", "OS_VOLUME_API_VERSION"], ["computeApiVersion", "OS_COMPUTE_API_VERSION"], ["imageApiVersion", "OS_IMAGE_API_VERSION"]] as const) {
    const v = globals[key];
    if (typeof v === "string") env[name] = v;
  }
  const ctx: CommandContext = { draft, auth: auth.value, files, env, requestId };
  let result;
  try {
    result = found.spec.run(parsed.args, ctx);
  } catch (cause) {
    // A handler bug must not take the learner's terminal down; the real client would print a traceback-ish line.
    const detail = cause instanceof Error ? cause.message : String(cause);
    return failed(`Unexpected error: ${detail}`);
  }
  if (!result.ok) return failed(renderError(result.error, requestId));

  const out = result.value;
  const next = draft.commit();
  const args = parsed.args;
  const fopts: FormatOptions = {
    formatter: String(args.formatter ?? "table"),
    columns: (args.columns as string[] | undefined) ?? [],
    noindent: Boolean(args.noindent),
    prefix: String(args.prefix ?? ""),
    variables: (args.variables as string[] | undefined) ?? [],
    maxWidth: Number(args.maxWidth ?? 0) || Number(io.env.CLIFF_MAX_TERM_WIDTH ?? 0) || 0,
    fitWidth: Boolean(args.fitWidth),
    printEmpty: Boolean(args.printEmpty),
    quoteMode: String(args.quoteMode ?? "nonnumeric"),
    sortColumns: (args.sortColumns as string[] | undefined) ?? [],
    sortDescending: Boolean(args.sortDescending),
    terminalWidth: io.terminalWidth,
  };
  let stdout = "";
  if (out.kind === "show") {
    const f = formatShow(out.fields, fopts);
    if (!f.ok) return done("", `${f.message}\n`, 1, next, writes);
    stdout = f.text;
  } else if (out.kind === "list") {
    const f = formatList(out.columns, out.rows, fopts);
    if (!f.ok) return done("", `${f.message}\n`, 1, next, writes);
    stdout = f.text;
  } else if (out.kind === "text") stdout = out.text;
  stdout = (out.preface ?? "") + stdout;
  const warnings = (out.warnings ?? []).map((w) => `${w}\n`).join("");
  if (out.failure) return done(stdout, `${warnings}${out.failure}\n`, 1, next, writes);
  return done(stdout, warnings, 0, next, writes);
}

/**
 * cliff's HelpCommand: the command's help; for words that name no command, every command starting with the
 * first word (`Command "serv" matches:`), or the ValueError of find_command, logged with exit 1.
 */
function helpCommand(table: CommandTable, words: string[], done: (o: string, e: string, c: number) => OpenstackResult): OpenstackResult {
  if (words.length === 0) return done(topHelp(table), "", 0);
  const found = findCommand(table, words);
  if (found) return done(formatHelp(buildParser(found.spec)), "", 0);
  const first = words[0] ?? "";
  const matches = [...table.byName.keys()].filter((name) => name.startsWith(first)).sort();
  if (matches.length === 0) return done("", `Unknown command ${pyRepr(words)}\n`, 1);
  return done(`Command "${first}" matches:\n${matches.map((m) => `  ${m}\n`).join("")}`, "", 0);
}

function unknownCommand(table: CommandTable, words: string[], done: (o: string, e: string, c: number) => OpenstackResult): OpenstackResult {
  const matches = fuzzyMatches(table, words[0] ?? "");
  const head = `openstack: '${words.join(" ")}' is not an openstack command. See 'openstack --help'.\n`;
  if (matches.length === 0) return done(head, "", 2);
  return done(`${head}Did you mean one of these?\n${matches.map((m) => `  ${m}\n`).join("")}`, "", 2);
}

/**
 * Parses an `openstack …` argv with the client's own grammar, without running it: the command's full words and
 * its arguments by destination, so two spellings of one command (flag order, `--opt=value` or `--opt value`,
 * unique word prefixes) compare equal. Used to grade command questions.
 */
export function parseOpenstackCommand(argv: readonly string[], table: CommandTable = commandTable()): { ok: true; command: string; args: Record<string, unknown> } | { ok: false; message: string } {
  const rest = argv.filter((token) => !GLOBAL_BY_NAME.has(token.split("=")[0] ?? token));
  const found = findCommand(table, rest);
  if (!found) return { ok: false, message: `Unknown command ${rest.slice(0, 3).join(" ")}` };
  const parsed = parseArgs(buildParser(found.spec), found.rest);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  return { ok: true, command: found.spec.words.join(" "), args: parsed.args as Record<string, unknown> };
}
