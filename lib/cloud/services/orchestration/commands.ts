import { pyYaml } from "../../cli/format";
import type { CommandContext, CommandOutput, CommandSpec, ParsedArgs, Value } from "../../cli/spec";
import { formatted } from "../../cli/spec";
import { opt, raw } from "../../cli/helpers";
import { err, ok, type Result } from "../../result";
import { commandError, type CloudError } from "../../errors";
import { isoSeconds } from "../../clock";
import type { Stack, StackEvent } from "../../types";
import { HOST_IP } from "../../default-cloud";
import * as T from "./template";
import * as S from "./service";
import { RESOURCE_TYPES } from "./resources";

// `openstack stack …` and `openstack orchestration …` (python-heatclient's OSC plugin). Heat API errors print
// as heatclient's `ERROR: <message>`; "Stack not found: x" and friends are client-side CommandErrors.

type Out = Result<CommandOutput, CloudError>;
const str = (a: ParsedArgs, k: string): string | null => (typeof a[k] === "string" ? (a[k] as string) : null);
const list = (a: ParsedArgs, k: string): string[] => (Array.isArray(a[k]) ? (a[k] as string[]) : []);
const heatError = (e: S.HeatError): CloudError => commandError(`ERROR: ${e.message}`);
const notFound = (x: string): CloudError => commandError(`Stack not found: ${x}`);
const time = (ms: number | null): Value => (ms === null ? null : isoSeconds(ms));

/** heatclient's yaml_formatter (safe_dump, block style) for tables; json_formatter for value/shell. */
function complex(a: ParsedArgs, v: unknown): Value {
  const f = String(a.formatter ?? "table");
  if (f === "value" || f === "shell") return JSON.stringify(v);
  if (f === "table") return formatted(pyYaml(v) + (v === null ? "...\n" : ""), v);
  return formatted(JSON.stringify(v), v);
}

/** The stack's URL as heat-api builds it from the catalog endpoint (`/heat-api/v1/<project>`). */
const stackUrl = (s: Stack): string => `http://${HOST_IP}/heat-api/v1/${s.projectId}/stacks/${s.name}/${s.id}`;

function links(ctx: CommandContext, s: Stack): unknown[] {
  void ctx;
  return [{ href: stackUrl(s), rel: "self" }];
}

function stackShow(ctx: CommandContext, a: ParsedArgs, s: Stack, short: boolean): CommandOutput {
  const fields: [string, Value][] = [
    ["id", s.id], ["stack_name", s.name], ["description", s.description], ["creation_time", time(s.createdAt)],
    ["updated_time", time(s.updatedAt)], ["stack_status", s.status], ["stack_status_reason", s.statusReason],
  ];
  if (short) return { kind: "show", fields };
  const t = S.loadStackTemplate(s);
  const outputs = S.stackOutputs(ctx.draft, ctx.auth, s).map((o) => (o.error ? { description: o.description, output_error: o.error, output_key: o.key, output_value: null } : { description: o.description, output_key: o.key, output_value: o.value }));
  fields.push(["parameters", complex(a, S.parameterEcho(s, t))]);
  if (!a.noResolveOutputs) fields.push(["outputs", complex(a, outputs)]);
  fields.push(
    ["links", complex(a, links(ctx, s))], ["deletion_time", null], ["notification_topics", raw([])], ["capabilities", raw([])],
    ["disable_rollback", s.disableRollback], ["timeout_mins", s.timeoutMins], ["stack_owner", ctx.draft.get("users", s.userId)?.name ?? null],
    ["parent", s.parentId], ["tags", complex(a, s.tags.length > 0 ? s.tags : null)], ["stack_user_project_id", s.projectId],
  );
  return { kind: "show", fields };
}

/** `--parameter k=v` (repeatable; `k=v1;v2` also splits on `;` in heatclient's format_parameters). */
function parseParameters(items: string[]): Result<Record<string, string>, CloudError> {
  const out: Record<string, string> = {};
  for (const item of items) {
    for (const piece of item.split(";")) {
      const at = piece.indexOf("=");
      if (at < 0) return err(commandError(`Malformed parameter(${piece}). Use the key=value format.`));
      out[piece.slice(0, at)] = piece.slice(at + 1);
    }
  }
  return ok(out);
}

function readTemplate(ctx: CommandContext, path: string): Result<{ doc: Record<string, unknown>; text: string }, CloudError> {
  const text = ctx.files.read(path);
  const abs = path.startsWith("/") ? path : `${ctx.env.PWD ?? ctx.env.HOME ?? "/home/stack"}/${path}`;
  if (text === undefined) return err(commandError(`<urlopen error [Errno 2] No such file or directory: '${abs}'>`));
  if (text.trim() === "") return err(commandError(`Could not fetch template from file://${abs}`));
  const doc = T.parseTemplateText(text, `file://${abs}`);
  if (!doc.ok) return err(commandError(doc.error.message));
  return ok({ doc: doc.value, text });
}

function withStack(ctx: CommandContext, nameOrId: string, f: (s: Stack) => Out): Out {
  const s = S.findStack(ctx.draft, ctx.auth, nameOrId);
  return s ? f(s) : err(notFound(nameOrId));
}

/**
 * heatclient's event_log_formatter: `<time> [<name>]: <STATUS>  <reason>`, one line per event. Its
 * EventLogContext names a resource `stack.resource` only once it has seen an event of the stack itself (one
 * whose physical id is the stack's id) earlier in the same listing; before that, or when the listing holds
 * no stack event (`--resource`), the bare resource name is printed.
 */
function eventLog(s: Stack, events: StackEvent[]): string {
  const seen = new Set<string>();
  return events.map((e) => {
    const isStack = e.physicalId === e.stackId;
    if (isStack) seen.add(e.stackId);
    const name = isStack ? s.name : seen.has(e.stackId) ? `${s.name}.${e.resourceName}` : e.resourceName;
    return `${isoSeconds(e.time).replace("T", " ")} [${name}]: ${e.status}  ${e.statusReason}`;
  }).join("\n");
}

/** What poll_for_events writes to stdout while `--wait` polls: the new events, then a newline. */
function waitLog(s: Stack, events: StackEvent[]): string {
  return events.length > 0 ? `${eventLog(s, events)}\n` : "";
}

const eventIds = (ctx: CommandContext, s: Stack): Set<string> => new Set(S.stackEvents(ctx.draft, s.id).map((e) => e.id));
const eventsAfter = (ctx: CommandContext, s: Stack, before: Set<string>): StackEvent[] => S.stackEvents(ctx.draft, s.id).filter((e) => !before.has(e.id));

const stackCommands: CommandSpec[] = [
  {
    words: ["stack", "create"], description: "Create a stack.", output: "show",
    options: [
      { names: ["-e", "--environment"], dest: "environment", metavar: "<environment>", action: "append", help: "Path to the environment. Can be specified multiple times" },
      opt.value("--timeout", "<timeout>", "Stack creating timeout in minutes", { type: "int" }),
      opt.repeat("--pre-create", "<resource>", "Name of a resource to set a pre-create hook to.", { dest: "preCreate" }),
      opt.flag("--enable-rollback", "Enable rollback on create/update failure"),
      opt.repeat("--parameter", "<key=value>", "Parameter values used to create the stack. This can be specified multiple times", { dest: "parameter" }),
      opt.repeat("--parameter-file", "<key=file>", "Parameter values from file used to create the stack. This can be specified multiple times. Parameter values would be the content of the file", { dest: "parameterFile" }),
      opt.flag("--wait", "Wait until stack goes to CREATE_COMPLETE or CREATE_FAILED"),
      opt.value("--tags", "<tag1,tag2...>", "A list of tags to associate with the stack"),
      opt.flag("--dry-run", "Do not actually perform the stack create, but show what would be created"),
      { names: ["-t", "--template"], dest: "template", metavar: "<template>", required: true, help: "Path to the template" },
    ],
    positionals: [{ dest: "name", metavar: "<stack-name>", help: "Name of the stack to create" }],
    run(a, ctx) {
      const tpl = readTemplate(ctx, str(a, "template") ?? "");
      if (!tpl.ok) return tpl;
      const params = parseParameters(list(a, "parameter"));
      if (!params.ok) return params;
      for (const pf of list(a, "parameterFile")) {
        const at = pf.indexOf("=");
        const content = at > 0 ? ctx.files.read(pf.slice(at + 1)) : undefined;
        if (at <= 0 || content === undefined) return err(commandError(`Malformed parameter(${pf}). Use the key=value format.`));
        params.value[pf.slice(0, at)] = content;
      }
      let environment: string | null = null;
      for (const e of list(a, "environment")) {
        const text = ctx.files.read(e);
        if (text === undefined) return err(commandError(`<urlopen error [Errno 2] No such file or directory: '${e.startsWith("/") ? e : `${ctx.env.PWD ?? "/home/stack"}/${e}`}'>`));
        environment = text;
        const env = T.parseTemplateText(`heat_template_version: 2013-05-23\n`, "");
        void env;
        try {
          const parsed = (toYamlParse(text) ?? {}) as { parameters?: Record<string, unknown>; parameter_defaults?: Record<string, unknown> };
          for (const [k, v] of Object.entries({ ...(parsed.parameter_defaults ?? {}), ...(parsed.parameters ?? {}) })) if (!(k in params.value)) params.value[k] = String(v);
        } catch {
          return err(commandError(`Error parsing template file://${e}`));
        }
      }
      const name = str(a, "name") ?? "";
      if (a.dryRun) {
        const p = S.prepare(ctx.draft, ctx.auth, tpl.value.doc, params.value, { stackName: name, stackId: "None", projectId: ctx.auth.projectId });
        if (!p.ok) return err(heatError(p.error));
        return ok({ kind: "show", fields: [["description", p.value.template.description], ["stack_name", name], ["resources", raw(p.value.order.map((n) => ({ resource_name: n, resource_type: p.value.template.resources[n]?.type })))]] });
      }
      const created = S.createStack(ctx.draft, ctx.auth, {
        name, doc: tpl.value.doc, templateText: tpl.value.text, parameters: params.value, wait: Boolean(a.wait),
        tags: str(a, "tags")?.split(",").filter(Boolean) ?? [], timeoutMins: typeof a.timeout === "number" ? a.timeout : null,
        disableRollback: !a.enableRollback, environment,
      });
      if (!created.ok) return err(heatError(created.error));
      const out = stackShow(ctx, a, created.value, true);
      if (a.wait) {
        // poll_for_events writes the event lines to stdout; then CommandError on failure, else the stack table.
        const log = waitLog(created.value, S.stackEvents(ctx.draft, created.value.id));
        if (created.value.status === "CREATE_FAILED") return ok({ kind: "text", text: log, failure: `\n Stack ${name} CREATE_FAILED \n` });
        return ok({ ...out, preface: log });
      }
      return ok(out);
    },
  },
  {
    words: ["stack", "list"], description: "List stacks.", output: "list",
    options: [
      opt.flag("--deleted", "Include soft-deleted stacks in the stack listing"),
      opt.flag("--nested", "Include nested stacks in the stack listing"),
      opt.flag("--hidden", "Include hidden stacks in the stack listing"),
      opt.repeat("--property", "<key=value>", "Filter properties to apply on returned stacks (repeat to filter on multiple properties)", { dest: "properties" }),
      opt.value("--tags", "<tag1,tag2...>", "List of tags to filter by. Can be combined with --tag-mode to specify how to filter tags"),
      opt.value("--tag-mode", "<mode>", 'Method of filtering tags. Must be one of "any", "not", or "not-any". If not specified, multiple tags will be combined with the boolean AND expression'),
      opt.value("--limit", "<limit>", "The number of stacks returned"),
      opt.value("--marker", "<id>", "Only return stacks that appear after the given ID"),
      opt.value("--sort", "<key>[:<direction>]", "Sort output by selected keys and directions (asc or desc) (default: asc). Specify multiple times to sort on multiple properties"),
      opt.flag("--all-projects", "Include all projects (admin only)"),
      opt.flag("--short", "List fewer fields in output"),
      opt.flag("--long", "List additional fields in output, this is implied by --all-projects"),
    ],
    run(a, ctx) {
      const global = Boolean(a.allProjects || a.long);
      if (global && !ctx.auth.roles.includes("admin")) return err(commandError("ERROR: You are not authorized to use global_index."));
      let stacks = ctx.draft.list("stacks").filter((s) => global || s.projectId === ctx.auth.projectId);
      const props = Object.fromEntries(list(a, "properties").map((p) => [p.split("=")[0] ?? "", p.slice(p.indexOf("=") + 1)]));
      if (props.stack_status) stacks = stacks.filter((s) => s.status === props.stack_status);
      if (props.name) stacks = stacks.filter((s) => s.name === props.name);
      const tags = str(a, "tags")?.split(",").filter(Boolean) ?? [];
      const mode = str(a, "tagMode");
      if (mode && !["any", "not", "not-any"].includes(mode)) return err(commandError('tag mode must be one of "any", "not", "not-any"'));
      if (tags.length > 0) {
        stacks = stacks.filter((s) => {
          const all = tags.every((t) => s.tags.includes(t));
          const any = tags.some((t) => s.tags.includes(t));
          return mode === "any" ? any : mode === "not" ? !all : mode === "not-any" ? !any : all;
        });
      }
      // Heat lists newest first.
      stacks.sort((x, y) => y.createdAt - x.createdAt || (x.id < y.id ? -1 : 1));
      const limit = Number(str(a, "limit") ?? "0");
      if (limit > 0) stacks = stacks.slice(0, limit);
      const columns = ["ID", "Stack Name", "Stack Status", "Creation Time", "Updated Time"];
      if (a.short) columns.splice(3, 2);
      if (a.long) columns.splice(2, 0, "Stack Owner");
      if (a.nested) columns.push("Parent");
      if (a.deleted) columns.push("Deletion Time");
      // heatclient inserts "Project" when the API returns it, which heat does for every stack.
      if (stacks.length > 0) columns.splice(2, 0, "Project");
      const value = (s: Stack, c: string): Value => ({
        ID: s.id, "Stack Name": s.name, Project: s.projectId, "Stack Owner": ctx.draft.get("users", s.userId)?.name ?? null,
        "Stack Status": s.status, "Creation Time": time(s.createdAt), "Updated Time": time(s.updatedAt), Parent: s.parentId, "Deletion Time": null,
      } as Record<string, Value>)[c] ?? null;
      return ok({ kind: "list", columns, rows: stacks.map((s) => columns.map((c) => value(s, c))) });
    },
  },
  {
    words: ["stack", "show"], description: "Show stack details.", output: "show",
    options: [opt.flag("--no-resolve-outputs", "Do not resolve outputs of the stack.")],
    positionals: [{ dest: "stack", metavar: "<stack>", help: "Stack to display (name or ID)" }],
    run(a, ctx) {
      return withStack(ctx, str(a, "stack") ?? "", (s) => ok(stackShow(ctx, a, s, false)));
    },
  },
  {
    words: ["stack", "delete"], description: "Delete stack(s).", output: "none",
    options: [{ names: ["-y", "--yes"], dest: "yes", action: "store_true", help: "Skip yes/no prompt (assume yes)" }, opt.flag("--wait", "Wait for stack delete to complete")],
    positionals: [{ dest: "stack", metavar: "<stack>", nargs: "+", help: "Stack(s) to delete (name or ID)" }],
    run(a, ctx) {
      const names = list(a, "stack");
      const messages: string[] = [];
      let failures = 0;
      // heatclient sends every delete first, then polls each stack it deleted in turn.
      const waiting: [string, Stack, StackEvent[]][] = [];
      for (const n of names) {
        const s = S.findStack(ctx.draft, ctx.auth, n);
        if (!s) {
          failures++;
          // With --wait it first lists the stack's events for a marker; that 404 prints heat's own message.
          messages.push(a.wait ? `ERROR: The Stack (${n}) could not be found.` : `Stack not found: ${n}`);
          continue;
        }
        const r = S.deleteStack(ctx.draft, ctx.auth, s, Boolean(a.wait));
        if (!r.ok) {
          failures++;
          messages.push(r.error.status === 403 ? `Forbidden: ${n}` : `ERROR: ${r.error.message}`);
          continue;
        }
        waiting.push([n, s, r.value]);
      }
      for (const [n, s, events] of a.wait ? waiting : []) {
        // poll_for_events looks the stack up as it was named. Heat finds a purged stack by id but no longer by
        // name, so a delete by name ends on the 404 that follows the last in-progress events, silently.
        const purged = !ctx.draft.get("stacks", s.id);
        const shown = purged && n !== s.id ? events.filter((e) => e.status !== "DELETE_COMPLETE" || e.physicalId !== s.id) : events;
        const log = waitLog(s, shown);
        if (log !== "") messages.push(log.slice(0, -1));
        if (ctx.draft.get("stacks", s.id)?.status === "DELETE_FAILED") {
          failures++;
          messages.push(`\n Stack ${n} DELETE_FAILED \n`);
        }
      }
      // heatclient prints each failure on stdout, then raises the summary.
      const text = messages.map((m) => `${m}\n`).join("");
      if (failures > 0) return ok({ kind: "text", text, failure: `Unable to delete ${failures} of the ${names.length} stacks.` });
      return ok({ kind: "text", text });
    },
  },
  {
    words: ["stack", "update"], description: "Update a stack.", output: "show",
    options: [
      { names: ["-t", "--template"], dest: "template", metavar: "<template>", help: "Path to the template" },
      { names: ["-e", "--environment"], dest: "environment", metavar: "<environment>", action: "append", help: "Path to the environment. Can be specified multiple times" },
      opt.value("--timeout", "<timeout>", "Stack update timeout in minutes", { type: "int" }),
      opt.value("--rollback", "<value>", 'Set rollback on update failure. Value "enabled" sets rollback to enabled. Value "disabled" sets rollback to disabled. Value "keep" uses the value of existing stack to be updated (default)'),
      opt.flag("--dry-run", "Do not actually perform the stack update, but show what would be changed"),
      opt.repeat("--parameter", "<key=value>", "Parameter values used to create the stack. This can be specified multiple times", { dest: "parameter" }),
      opt.flag("--existing", "Re-use the template, parameters and environment of the current stack. If the template argument is omitted then the existing template is used. If no --environment is specified then the existing environment is used. Parameters specified in --parameter will patch over the existing values in the current stack. Parameters omitted will keep the existing values"),
      opt.repeat("--clear-parameter", "<parameter>", "Remove the parameters from the set of parameters of current stack for the stack-update. The default value in the template will be used. This can be specified multiple times", { dest: "clearParameter" }),
      opt.value("--tags", "<tag1,tag2...>", "An updated list of tags to associate with the stack"),
      opt.flag("--wait", "Wait until stack goes to UPDATE_COMPLETE or UPDATE_FAILED"),
    ],
    positionals: [{ dest: "stack", metavar: "<stack>", help: "Name or ID of stack to update" }],
    run(a, ctx) {
      const rollback = str(a, "rollback");
      if (rollback !== null && !["enabled", "disabled", "keep"].includes(rollback.trim().toLowerCase())) return err(commandError(`--rollback invalid value: ${rollback}`));
      const target = str(a, "stack") ?? "";
      const s = S.findStack(ctx.draft, ctx.auth, target);
      const path = str(a, "template");
      if (path === null && !a.existing) return err(commandError("Need to specify exactly one of --template-file, --template-url or --template-object"));
      let doc: { doc: Record<string, unknown>; text: string };
      if (path !== null) {
        const t = readTemplate(ctx, path);
        if (!t.ok) return t;
        doc = t.value;
      } else {
        if (!s) return err(commandError(`ERROR: The Stack (${target}) could not be found.`));
        const parsed = T.parseTemplateText(s.template, "");
        if (!parsed.ok) return err(commandError(`ERROR: ${parsed.error.message}`));
        doc = { doc: parsed.value, text: s.template };
      }
      if (!s) return err(commandError(`ERROR: The Stack (${target}) could not be found.`));
      const params = parseParameters(list(a, "parameter"));
      if (!params.ok) return params;
      // heatclient takes the newest event as its polling marker before it sends the update.
      const before = eventIds(ctx, s);
      const r = S.updateStack(ctx.draft, ctx.auth, s, {
        doc: doc.doc, templateText: doc.text, parameters: params.value, wait: Boolean(a.wait), existing: Boolean(a.existing),
        clearParameters: list(a, "clearParameter"),
      });
      if (!r.ok) return err(heatError(r.error));
      if (!a.wait) return ok(stackShow(ctx, a, r.value, true));
      const log = waitLog(r.value, eventsAfter(ctx, r.value, before));
      if (r.value.status === "UPDATE_FAILED") return ok({ kind: "text", text: log, failure: `\n Stack ${s.name} UPDATE_FAILED \n` });
      return ok({ ...stackShow(ctx, a, r.value, true), preface: log });
    },
  },
  {
    words: ["stack", "resource", "list"], description: "List stack resources.", output: "list",
    options: [
      opt.flag("--long", "Enable detailed information presented for each resource in resource list"),
      { names: ["-n", "--nested-depth"], dest: "nestedDepth", metavar: "<nested-depth>", type: "int", help: "Depth of nested stacks from which to display resources" },
      opt.repeat("--filter", "<key=value>", "Filter parameters to apply on returned resources based on their name, status, type, action, id and physical_resource_id", { dest: "filter" }),
    ],
    positionals: [{ dest: "stack", metavar: "<stack>", help: "Name or ID of stack to query" }],
    run(a, ctx) {
      return withStack(ctx, str(a, "stack") ?? "", (s) => {
        const filters = Object.fromEntries(list(a, "filter").map((f) => [f.split("=")[0] ?? "", f.slice(f.indexOf("=") + 1)]));
        const resources = S.stackResources(ctx.draft, s.id).filter((r) =>
          (!filters.name || r.logicalId === filters.name) && (!filters.status || r.status.endsWith(filters.status)) && (!filters.type || r.type === filters.type));
        const columns = ["resource_name", "physical_resource_id", "resource_type", "resource_status", "updated_time"];
        if (a.long || a.nestedDepth) columns.push("stack_name");
        const rows = resources.map((r): Value[] => {
          const row: Value[] = [r.logicalId, r.physicalId ?? "", r.type, r.status, isoSeconds(r.updatedAt)];
          if (a.long || a.nestedDepth) row.push(s.name);
          return row;
        });
        return ok({ kind: "list", columns, rows });
      });
    },
  },
  {
    words: ["stack", "resource", "show"], description: "Display stack resource.", output: "show",
    options: [opt.repeat("--with-attr", "<attribute>", "Attribute to show, can be specified multiple times", { dest: "withAttr" })],
    positionals: [
      { dest: "stack", metavar: "<stack>", help: "Name or ID of stack to query" },
      { dest: "resource", metavar: "<resource>", help: "Name of resource" },
    ],
    run(a, ctx) {
      const stackName = str(a, "stack") ?? "";
      const resName = str(a, "resource") ?? "";
      const s = S.findStack(ctx.draft, ctx.auth, stackName);
      const r = s ? S.stackResources(ctx.draft, s.id).find((x) => x.logicalId === resName) : undefined;
      if (!s || !r) return err(commandError(`Stack or resource not found: ${stackName} ${resName}`));
      const plugin = RESOURCE_TYPES[r.type];
      const attrs: Record<string, unknown> = {};
      for (const name of [...(plugin?.attributes ?? []).filter((x) => x !== "show"), ...list(a, "withAttr")]) {
        attrs[name] = r.physicalId && plugin ? plugin.attribute({ draft: ctx.draft, auth: ctx.auth, stackName: s.name, logicalId: r.logicalId }, r.physicalId, name) : null;
      }
      const base = `http://10.0.0.10/heat-api/v1/${s.projectId}/stacks/${s.name}/${s.id}`;
      const fields: Record<string, Value> = {
        attributes: raw(attrs), creation_time: isoSeconds(r.updatedAt), description: "",
        links: raw([{ href: `${base}/resources/${r.logicalId}`, rel: "self" }, { href: base, rel: "stack" }]),
        logical_resource_id: r.logicalId, physical_resource_id: r.physicalId ?? "", required_by: raw(r.requiredBy), resource_name: r.logicalId,
        resource_status: r.status, resource_status_reason: r.statusReason, resource_type: r.type, updated_time: isoSeconds(r.updatedAt),
      };
      return ok({ kind: "show", fields: Object.keys(fields).sort().map((k) => [k, fields[k] ?? null] as [string, Value]) });
    },
  },
  {
    words: ["stack", "output", "list"], description: "List stack outputs.", output: "list",
    positionals: [{ dest: "stack", metavar: "<stack>", help: "Name or ID of stack to query" }],
    run(a, ctx) {
      return withStack(ctx, str(a, "stack") ?? "", (s) => ok({
        kind: "list", columns: ["output_key", "description"], rows: S.stackOutputs(ctx.draft, ctx.auth, s).map((o) => [o.key, o.description]),
      }));
    },
  },
  {
    words: ["stack", "output", "show"], description: "Show stack output.", output: "show",
    options: [opt.flag("--all", "Display all stack outputs")],
    positionals: [
      { dest: "stack", metavar: "<stack>", help: "Name or ID of stack to query" },
      { dest: "output", metavar: "<output>", nargs: "?", help: "Name of an output to display" },
    ],
    run(a, ctx) {
      const output = str(a, "output");
      if (!a.all && output === null) return err(commandError("Either <OUTPUT NAME> or --all must be specified."));
      if (a.all && output !== null) return err(commandError("Cannot specify both <OUTPUT NAME> and --all."));
      const stackName = str(a, "stack") ?? "";
      const s = S.findStack(ctx.draft, ctx.auth, stackName);
      if (a.all) {
        if (!s) return err(notFound(stackName));
        const outs = S.stackOutputs(ctx.draft, ctx.auth, s);
        return ok({ kind: "show", fields: outs.map((o) => [o.key, JSON.stringify(o.error ? { output_key: o.key, output_error: o.error, description: o.description, output_value: null } : { output_key: o.key, description: o.description, output_value: o.value }, null, 2)] as [string, Value]) });
      }
      const o = s ? S.stackOutputs(ctx.draft, ctx.auth, s).find((x) => x.key === output) : undefined;
      if (!s || !o) return err(commandError(`Stack ${stackName} or output ${output ?? ""} not found.`));
      if (o.error) return err(commandError(`Output error: ${o.error}`));
      const value = typeof o.value === "string" || o.value === null ? (o.value as Value) : raw(o.value);
      return ok({ kind: "show", fields: [["description", o.description], ["output_key", o.key], ["output_value", value]] });
    },
  },
  {
    words: ["stack", "event", "list"], description: "List events.", output: "list",
    formats: { choices: ["csv", "json", "log", "table", "value", "yaml"], default: "log" },
    options: [
      opt.value("--resource", "<resource>", "Name of resource to show events for. Note: this cannot be specified with --nested-depth"),
      opt.repeat("--filter", "<key=value>", "Filter parameters to apply on returned events", { dest: "filter" }),
      opt.value("--limit", "<limit>", "Limit the number of events returned", { type: "int" }),
      opt.value("--marker", "<id>", "Only return events that appear after the given ID"),
      opt.value("--nested-depth", "<depth>", "Depth of nested stacks from which to display events. Note: this cannot be specified with --resource", { type: "int" }),
      opt.repeat("--sort", "<key>[:<direction>]", 'Sort output by selected keys and directions (asc or desc) (default: asc). Specify multiple times to sort on multiple keys. Sort key can be: "event_time" (default), "resource_name", "links", "logical_resource_id", "resource_status", "resource_status_reason", "physical_resource_id", or "id". You can leave the key empty and specify ":desc" for sorting by reverse time.', { dest: "sort" }),
      opt.flag("--follow", "Print events until process is halted"),
    ],
    positionals: [{ dest: "stack", metavar: "<stack>", help: "Name or ID of stack to show events for" }],
    run(a, ctx) {
      if (str(a, "resource") && a.nestedDepth) return err(commandError("--nested-depth cannot be specified with --resource"));
      if (a.follow && a.formatter !== "log") return err(commandError("--follow can only be specified with --format log"));
      const target = str(a, "stack") ?? "";
      const s = S.findStack(ctx.draft, ctx.auth, target);
      // The events API answers a missing stack with a 404 that heatclient re-raises as it came.
      if (!s) return err(commandError(`ERROR: The Stack (${target}) could not be found.`));
      let events = S.stackEvents(ctx.draft, s.id);
      const resource = str(a, "resource");
      if (resource) {
        if (!S.stackResources(ctx.draft, s.id).some((r) => r.logicalId === resource)) return err(commandError(`ERROR: The Resource (${resource}) could not be found.`));
        events = events.filter((e) => e.resourceName === resource && e.physicalId !== e.stackId);
      }
      const filters = Object.fromEntries(list(a, "filter").flatMap((f) => f.split(";")).map((f) => [f.split("=")[0] ?? "", f.slice(f.indexOf("=") + 1)]));
      if (filters.resource_status) events = events.filter((e) => e.status === filters.resource_status);
      if (filters.resource_name) events = events.filter((e) => e.resourceName === filters.resource_name);
      if (filters.resource_action) events = events.filter((e) => e.status.startsWith(`${filters.resource_action}_`));
      // The API pages first: its sort_dir comes from the first --sort's direction, then marker and limit apply.
      const sorts = list(a, "sort");
      if ((sorts[0] ?? "").split(":")[1]?.toLowerCase() === "desc") events = [...events].reverse();
      const marker = str(a, "marker");
      if (marker !== null) {
        const at = events.findIndex((e) => e.id === marker);
        if (at < 0) return err(commandError(`ERROR: The Event (${marker}) could not be found.`));
        events = events.slice(at + 1);
      }
      if (typeof a.limit === "number" && a.limit > 0) events = events.slice(0, a.limit);
      // Then heatclient sorts that page by each `key[:dir]` (a bare `:desc` means event_time), stably.
      const field = (e: StackEvent, key: string): string | number | null => ({
        event_time: e.time, resource_name: e.resourceName, logical_resource_id: e.resourceName, resource_status: e.status,
        resource_status_reason: e.statusReason, physical_resource_id: e.physicalId ?? "", id: e.id,
      } as Record<string, string | number>)[key] ?? null;
      for (const sort of [...sorts].reverse()) {
        const [key = "", dir = "asc"] = (sort.startsWith(":") ? `event_time${sort}` : sort).split(":");
        const sign = dir.toLowerCase() === "desc" ? -1 : 1;
        if (events.length === 0 || field(events[0] as StackEvent, key) === null) continue;
        events = [...events].sort((x, y) => {
          const fx = field(x, key) ?? "";
          const fy = field(y, key) ?? "";
          return (fx < fy ? -1 : fx > fy ? 1 : 0) * sign;
        });
      }
      // LogFormatter writes the log and a newline, so an empty listing is one empty line.
      if (a.formatter === "log") return ok({ kind: "text", text: `${eventLog(s, events)}\n` });
      const columns = ["id", "resource_status", "resource_status_reason", "event_time", "physical_resource_id"];
      if (a.nestedDepth) columns.push("stack_name");
      if (events.length > 0) {
        columns.unshift("resource_name");
        columns.push("logical_resource_id");
      }
      const cell = (e: StackEvent, c: string): Value => ({
        resource_name: e.resourceName, id: e.id, resource_status: e.status, resource_status_reason: e.statusReason, event_time: isoSeconds(e.time),
        physical_resource_id: e.physicalId ?? "", stack_name: s.name, logical_resource_id: e.resourceName,
      } as Record<string, Value>)[c] ?? null;
      return ok({ kind: "list", columns, rows: events.map((e) => columns.map((c) => cell(e, c))) });
    },
  },
  {
    words: ["stack", "event", "show"], description: "Show event details.", output: "show",
    positionals: [
      { dest: "stack", metavar: "<stack>", help: "Name or ID of stack to show events for" },
      { dest: "resource", metavar: "<resource>", help: "Name of the resource event belongs to" },
      { dest: "event", metavar: "<event>", help: "ID of event to display details for" },
    ],
    run(a, ctx) {
      const stackName = str(a, "stack") ?? "";
      const resName = str(a, "resource") ?? "";
      const eventId = str(a, "event") ?? "";
      // ShowEvent fetches the stack, the resource, then the event, re-raising each 404 as heat words it.
      const s = S.findStack(ctx.draft, ctx.auth, stackName);
      if (!s) return err(commandError(`ERROR: The Stack (${stackName}) could not be found.`));
      // The stack is not one of its own resources, so its stack-level events cannot be shown this way.
      if (!S.stackResources(ctx.draft, s.id).some((r) => r.logicalId === resName)) return err(commandError(`ERROR: The Resource (${resName}) could not be found.`));
      const e = S.stackEvents(ctx.draft, s.id).find((x) => x.id === eventId && x.resourceName === resName && x.physicalId !== x.stackId);
      if (!e) return err(commandError(`ERROR: The Event (${eventId}) could not be found.`));
      const resourceUrl = `${stackUrl(s)}/resources/${e.resourceName}`;
      const type = ctx.draft.get("stackResources", `${s.id}/${e.resourceName}`)?.type ?? "";
      const props = S.resourceProperties(ctx.draft, ctx.auth, s, e.resourceName);
      // heatclient's link_formatter and json_formatter turn these into text in every output format.
      const fields: [string, Value][] = [
        ["event_time", isoSeconds(e.time)], ["id", e.id],
        ["links", `${resourceUrl}/events/${e.id} (self)\n${resourceUrl} (resource)\n${stackUrl(s)} (stack)`],
        ["logical_resource_id", e.resourceName], ["physical_resource_id", e.physicalId ?? ""], ["resource_name", e.resourceName],
        ["resource_properties", pyJsonText(props)], ["resource_status", e.status], ["resource_status_reason", e.statusReason], ["resource_type", type],
      ];
      return ok({ kind: "show", fields });
    },
  },
  {
    // format_utils.YamlFormat: a ShowOne whose default formatter is yaml, so the template prints as YAML.
    words: ["stack", "template", "show"], description: "Display stack template.", output: "show",
    formats: { choices: ["json", "shell", "table", "value", "yaml"], default: "yaml" },
    positionals: [{ dest: "stack", metavar: "<stack>", help: "Name or ID of stack to query" }],
    run(a, ctx) {
      return withStack(ctx, str(a, "stack") ?? "", (s) => {
        const doc = T.parseTemplateText(s.template, "");
        const d = doc.ok ? doc.value : {};
        return ok({ kind: "show", fields: Object.keys(d).map((k) => [k, raw(d[k])] as [string, Value]) });
      });
    },
  },
  {
    words: ["stack", "environment", "show"], description: "Show a stack's environment.", output: "show",
    formats: { choices: ["json", "shell", "table", "value", "yaml"], default: "yaml" },
    positionals: [{ dest: "id", metavar: "<NAME or ID>", help: "Name or ID of stack to query" }],
    run(a, ctx) {
      return withStack(ctx, str(a, "id") ?? "", (s) => {
        // Heat merges the environment files' parameter_defaults; --parameter values land in `parameters`.
        let defaults: Record<string, unknown> = {};
        let envParams: Record<string, unknown> = {};
        if (s.environment) {
          try {
            const env = (toYamlParse(s.environment) ?? {}) as { parameters?: Record<string, unknown>; parameter_defaults?: Record<string, unknown> };
            defaults = env.parameter_defaults ?? {};
            envParams = env.parameters ?? {};
          } catch {
            // An environment that no longer parses shows as empty, as heat stored nothing it could read.
          }
        }
        const given = Object.entries(s.parameters).filter(([k, v]) => !(k in defaults) || String(defaults[k]) !== v);
        const parameters = { ...envParams, ...Object.fromEntries(given) };
        return ok({ kind: "show", fields: [["parameters", raw(parameters)], ["resource_registry", raw({ resources: {} })], ["parameter_defaults", raw(defaults)]] });
      });
    },
  },
  {
    words: ["stack", "failures", "list"], description: "Show information about failed stack resources.", output: "none",
    options: [opt.flag("--long", "Show full deployment logs in output")],
    positionals: [{ dest: "stack", metavar: "<stack>", help: "Stack to display (name or ID)" }],
    run(a, ctx) {
      const target = str(a, "stack") ?? "";
      const s = S.findStack(ctx.draft, ctx.auth, target);
      // stacks.get's 404 is not caught here, so cliff prints heat's own message.
      if (!s) return err(commandError(`ERROR: The Stack (${target}) could not be found.`));
      if (!s.status.endsWith("_FAILED")) return ok({ kind: "text", text: "" });
      const TRUNCATE_LINES = 10;
      const text = S.stackResources(ctx.draft, s.id).filter((r) => r.status.endsWith("FAILED")).map((r) => {
        // format_utils.indent_and_truncate keeps the last lines behind a `...` line when --long is not given.
        const lines = r.statusReason.split("\n");
        const shown = !a.long && lines.length > TRUNCATE_LINES ? lines.slice(-TRUNCATE_LINES) : lines;
        const reason = `${shown.length < lines.length ? "    ...\n\n" : ""}${shown.map((l) => `    ${l}`).join("\n")}`;
        return `${s.name}.${r.logicalId}:\n  resource_type: ${r.type}\n  physical_resource_id: ${r.physicalId ?? ""}\n  status: ${r.status}\n` +
          `  status_reason: |\n${reason}\n`;
      }).join("");
      return ok({ kind: "text", text });
    },
  },
];

const orchestrationCommands: CommandSpec[] = [
  {
    words: ["orchestration", "template", "validate"], description: "Validate a template", output: "show",
    options: [
      { names: ["-e", "--environment"], dest: "environment", metavar: "<environment>", action: "append", help: "Path to the environment. Can be specified multiple times" },
      opt.flag("--show-nested", "Resolve parameters from nested templates as well"),
      opt.repeat("--parameter", "<key=value>", "Parameter values used to create the stack. This can be specified multiple times", { dest: "parameter" }),
      opt.flag("--ignore-errors", "List of heat errors to ignore"),
      { names: ["-t", "--template"], dest: "template", metavar: "<template>", required: true, help: "Path to the template" },
    ],
    run(a, ctx) {
      const tpl = readTemplate(ctx, str(a, "template") ?? "");
      if (!tpl.ok) return tpl;
      const params = parseParameters(list(a, "parameter"));
      if (!params.ok) return params;
      const t = T.loadTemplate(tpl.value.doc);
      if (!t.ok) return err(commandError(`ERROR: ${t.error.message}`));
      // Validation does not need values for parameters without defaults; give each a placeholder.
      const given: Record<string, string> = { ...params.value };
      for (const [k, def] of Object.entries(t.value.parameters)) if (!(k in given) && !def.hasDefault) given[k] = def.type === "number" ? "0" : "";
      const p = S.prepare(ctx.draft, ctx.auth, tpl.value.doc, given, { stackName: "None", stackId: "None", projectId: ctx.auth.projectId });
      if (!p.ok && !p.error.message.startsWith("Parameter '") && !p.error.message.startsWith("Property error:")) return err(heatError(p.error));
      const parameters: Record<string, unknown> = {};
      for (const [k, def] of Object.entries(t.value.parameters)) {
        const entry: Record<string, unknown> = { Type: def.type === "string" ? "String" : def.type === "number" ? "Number" : def.type === "json" ? "Json" : def.type === "boolean" ? "Boolean" : "CommaDelimitedList", Description: def.description, Label: k, NoEcho: def.hidden ? "true" : "false" };
        if (def.hasDefault) entry.Default = def.default;
        if (k in params.value) entry.Value = params.value[k];
        parameters[k] = entry;
      }
      return ok({ kind: "show", fields: [["Description", t.value.description], ["Parameters", raw(parameters)]] });
    },
  },
  {
    words: ["orchestration", "resource", "type", "list"], description: "List resource types.", output: "list",
    options: [
      opt.repeat("--filter", "<key=value>", "Filter parameters to apply on returned resource types. This can be specified multiple times. It can be any of name, version or support_status", { dest: "filter" }),
      opt.flag("--long", "Show resource types with corresponding description of each resource type."),
    ],
    run(a, ctx) {
      void ctx;
      const filters = Object.fromEntries(list(a, "filter").map((f) => [f.split("=")[0] ?? "", f.slice(f.indexOf("=") + 1)]));
      const names = Object.keys(RESOURCE_TYPES).sort().filter((n) => !filters.name || n.includes(filters.name));
      if (a.long) return ok({ kind: "list", columns: ["Resource Type", "Description"], rows: names.map((n) => [n, ""]) });
      return ok({ kind: "list", columns: ["Resource Type"], rows: names.map((n) => [n]) });
    },
  },
];

/** heatclient's json_formatter: `jsonutils.dumps(v, indent=2, separators=(', ', ': '))`. */
function pyJsonText(v: unknown): string {
  return JSON.stringify(v, null, 2).replace(/,\n/g, ", \n");
}

function toYamlParse(text: string): unknown {
  const r = T.parseTemplateText(`heat_template_version: 2013-05-23\n${text}`, "");
  if (!r.ok) throw new Error(r.error.message);
  const { heat_template_version: _v, ...rest } = r.value;
  return rest;
}

export const heatCommands: CommandSpec[] = [...stackCommands, ...orchestrationCommands];
