import { parse as parseYaml } from "yaml";
import { err, ok, type Result } from "../../result";

// HOT templates: parsing, the static checks heat-engine runs before it creates anything (version, sections,
// parameters and their constraints, references), and the intrinsic functions. Messages are heat's own
// (heat/common/exception.py); the CLI prefixes them with `ERROR: ` as heatclient does.

export const HOT_VERSIONS = [
  "2013-05-23", "2014-10-16", "2015-04-30", "2015-10-15", "2016-04-08", "2016-10-14", "2017-02-24", "2017-09-01",
  "2018-03-02", "2018-08-31", "2021-04-16", "newton", "ocata", "pike", "queens", "rocky", "wallaby",
];
const SECTIONS = ["heat_template_version", "description", "parameter_groups", "parameters", "resources", "outputs", "conditions"];
const FUNCTIONS = ["get_param", "get_resource", "get_attr", "str_replace", "list_join", "get_file", "digest", "repeat", "str_split", "map_merge", "yaql", "if", "equals", "not", "and", "or", "contains", "filter", "make_url", "list_concat", "map_replace", "str_replace_strict"];
const SUPPORTED_FUNCTIONS = ["get_param", "get_resource", "get_attr", "str_replace", "list_join"];

export interface HeatError { message: string }
const fail = (message: string): Result<never, HeatError> => err({ message });

export type ParamType = "string" | "number" | "json" | "comma_delimited_list" | "boolean";
export interface Constraint {
  kind: "allowed_values" | "range" | "length" | "allowed_pattern" | "custom_constraint";
  values?: unknown[]; min?: number; max?: number; pattern?: string; name?: string; description?: string;
}
export interface ParamDef { type: ParamType; default: unknown; hasDefault: boolean; hidden: boolean; description: string; constraints: Constraint[] }
export interface ResourceDef { type: string; properties: Record<string, unknown>; dependsOn: string[] }
export interface OutputDef { description: string; value: unknown }
export interface Template {
  version: string; description: string; parameters: Record<string, ParamDef>; resources: Record<string, ResourceDef>;
  outputs: Record<string, OutputDef>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** heatclient's template_format.parse: YAML (or JSON), and a version key must be present. Client-side errors. */
export function parseTemplateText(text: string, url: string): Result<Obj, HeatError> {
  let doc: unknown;
  try {
    doc = text.trim().startsWith("{") ? JSON.parse(text) : parseYaml(text, { uniqueKeys: false });
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
    return fail(`Error parsing template ${url} ${detail}`);
  }
  if (doc === null || doc === undefined) doc = {};
  if (!isObj(doc)) return fail(`Error parsing template ${url} Template format version not found.`);
  if (!("heat_template_version" in doc) && !("HeatTemplateFormatVersion" in doc) && !("AWSTemplateFormatVersion" in doc)) {
    return fail(`Error parsing template ${url} Template format version not found.`);
  }
  return ok(doc);
}

function versionText(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

/** The server-side structure checks of heat.engine.hot.template. */
export function loadTemplate(doc: Obj): Result<Template, HeatError> {
  if (!("heat_template_version" in doc)) {
    const key = "HeatTemplateFormatVersion" in doc ? "HeatTemplateFormatVersion" : "AWSTemplateFormatVersion";
    return fail(`The template version is invalid: "${key}: ${versionText(doc[key])}". "${key}" should be one of: ${key === "AWSTemplateFormatVersion" ? "2010-09-09" : "2012-12-12"}`);
  }
  const version = versionText(doc.heat_template_version);
  if (!HOT_VERSIONS.includes(version)) {
    return fail(`The template version is invalid: "heat_template_version: ${version}". "heat_template_version" should be one of: ${[...HOT_VERSIONS].sort().join(", ")}`);
  }
  for (const k of Object.keys(doc)) if (!SECTIONS.includes(k)) return fail(`The template section is invalid: ${k}`);
  const parameters: Record<string, ParamDef> = {};
  const rawParams = doc.parameters ?? {};
  if (!isObj(rawParams)) return fail('The template section is invalid: parameters');
  for (const [name, def] of Object.entries(rawParams)) {
    if (!isObj(def)) return fail(`Invalid parameter ${name}: the parameter definition must be a map`);
    if (!("type" in def)) return fail(`Missing parameter type for parameter: ${name}`);
    const type = String(def.type);
    if (!["string", "number", "json", "comma_delimited_list", "boolean"].includes(type)) return fail(`Invalid type (${type})`);
    for (const k of Object.keys(def)) {
      if (!["type", "default", "hidden", "description", "label", "constraints", "immutable", "tags"].includes(k)) {
        return fail(`Invalid key '${k}' for parameter (${name})`);
      }
    }
    const constraints: Constraint[] = [];
    for (const c of Array.isArray(def.constraints) ? def.constraints : []) {
      if (!isObj(c)) continue;
      const description = typeof c.description === "string" ? c.description : undefined;
      if ("allowed_values" in c) constraints.push({ kind: "allowed_values", values: Array.isArray(c.allowed_values) ? c.allowed_values : [c.allowed_values], description });
      else if ("range" in c && isObj(c.range)) constraints.push({ kind: "range", min: num(c.range.min), max: num(c.range.max), description });
      else if ("length" in c && isObj(c.length)) constraints.push({ kind: "length", min: num(c.length.min), max: num(c.length.max), description });
      else if ("allowed_pattern" in c) constraints.push({ kind: "allowed_pattern", pattern: String(c.allowed_pattern), description });
      else if ("custom_constraint" in c) constraints.push({ kind: "custom_constraint", name: String(c.custom_constraint), description });
    }
    parameters[name] = {
      type: type as ParamType, default: def.default, hasDefault: "default" in def, hidden: def.hidden === true,
      description: typeof def.description === "string" ? def.description : "", constraints,
    };
  }
  const resources: Record<string, ResourceDef> = {};
  const rawResources = doc.resources ?? {};
  if (!isObj(rawResources)) return fail("The template section is invalid: resources");
  for (const [name, def] of Object.entries(rawResources)) {
    // heat.engine.resource.Resource.__init__: the name becomes a path segment of the resource's URL.
    if (name.includes("/")) return fail('Resource name may not contain "/"');
    if (!isObj(def)) return fail(`Resource ${name} has an invalid definition: "resources.${name}" must be a map`);
    for (const k of Object.keys(def)) {
      if (!["type", "properties", "depends_on", "metadata", "deletion_policy", "update_policy", "condition", "external_id"].includes(k)) {
        return fail(`"${k}" is not a valid keyword inside a resource definition`);
      }
    }
    if (typeof def.type !== "string") return fail(`Resource ${name} type type must be string`);
    const props = def.properties ?? {};
    if (!isObj(props)) return fail(`"properties" must be a map for resource ${name}`);
    const dependsOn = def.depends_on === undefined || def.depends_on === null ? [] : Array.isArray(def.depends_on) ? def.depends_on.map(String) : [String(def.depends_on)];
    resources[name] = { type: def.type, properties: props, dependsOn };
  }
  const outputs: Record<string, OutputDef> = {};
  const rawOutputs = doc.outputs ?? {};
  if (!isObj(rawOutputs)) return fail("The template section is invalid: outputs");
  for (const [name, def] of Object.entries(rawOutputs)) {
    if (!isObj(def) || !("value" in def)) return fail(`Each output definition must contain a value key.`);
    outputs[name] = { description: typeof def.description === "string" ? def.description : "No description given", value: def.value };
  }
  const description = typeof doc.description === "string" ? doc.description : "No description";
  return ok({ version, description, parameters, resources, outputs });
}

function num(v: unknown): number | undefined {
  return typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : undefined;
}

// ------------------------------------------------------------------ parameters

/** A custom constraint checker (`nova.flavor`, `glance.image`, …): returns the lookup's message on failure. */
export type CustomConstraint = (value: string) => string | null;

function pyList(values: unknown[]): string {
  return `[${values.map((v) => String(v)).join(", ")}]`;
}

function checkConstraint(c: Constraint, value: unknown, custom: Record<string, CustomConstraint>): string | null {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  switch (c.kind) {
    case "allowed_values":
      if ((c.values ?? []).some((v) => String(v) === String(value))) return null;
      return c.description ?? `"${text}" is not an allowed value ${pyList(c.values ?? [])}`;
    case "range": {
      const n = Number(value);
      if ((c.min === undefined || n >= c.min) && (c.max === undefined || n <= c.max)) return null;
      if (c.description) return c.description;
      if (c.min !== undefined && c.max !== undefined) return `${n} is out of range (min: ${c.min}, max: ${c.max})`;
      return c.min !== undefined ? `${n} is out of range (min: ${c.min}, max: None)` : `${n} is out of range (min: None, max: ${c.max})`;
    }
    case "length": {
      const len = Array.isArray(value) ? value.length : String(value).length;
      if ((c.min === undefined || len >= c.min) && (c.max === undefined || len <= c.max)) return null;
      if (c.description) return c.description;
      if (c.min !== undefined && c.max !== undefined) return `length (${len}) is out of range (min: ${c.min}, max: ${c.max})`;
      return c.min !== undefined ? `length (${len}) is out of range (min: ${c.min}, max: None)` : `length (${len}) is out of range (min: None, max: ${c.max})`;
    }
    case "allowed_pattern": {
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${c.pattern ?? ""})$`);
      } catch {
        return `"${text}" does not match pattern "${c.pattern}"`;
      }
      return re.test(String(value)) ? null : (c.description ?? `"${text}" does not match pattern "${c.pattern}"`);
    }
    case "custom_constraint": {
      const check = custom[c.name ?? ""];
      if (!check) return null;
      const problem = check(String(value));
      return problem === null ? null : (c.description ?? `Error validating value '${text}': ${problem}`);
    }
  }
}

/** Heat's pseudo parameters, present in every stack. */
export interface PseudoParams { stackName: string; stackId: string; projectId: string }

/** Parameter values after defaults and type conversion; raw strings as the user gave them are kept for `show`. */
export function resolveParameters(
  t: Template, given: Record<string, string>, custom: Record<string, CustomConstraint>,
): Result<Record<string, unknown>, HeatError> {
  for (const k of Object.keys(given)) {
    if (!(k in t.parameters)) return fail(`The Parameter (${k}) was not defined in template.`);
  }
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(t.parameters)) {
    const raw: unknown = name in given ? given[name] : def.default;
    if (raw === undefined || raw === null) return fail(`The Parameter (${name}) was not provided.`);
    let value: unknown = raw;
    const bad = (exp: string): Result<never, HeatError> => fail(`Parameter '${name}' is invalid: ${exp}`);
    if (def.type === "number") {
      const n = typeof raw === "number" ? raw : Number(String(raw).trim());
      if (String(raw).trim() === "" || Number.isNaN(n)) return bad(`Value '${String(raw)}' is not an integer`);
      value = n;
    } else if (def.type === "boolean") {
      const s = String(raw).toLowerCase();
      if (!["true", "false", "yes", "no", "1", "0", "t", "f", "y", "n", "on", "off"].includes(s)) return bad(`Unrecognized value '${String(raw)}', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'`);
      value = ["true", "yes", "1", "t", "y", "on"].includes(s);
    } else if (def.type === "comma_delimited_list") {
      value = Array.isArray(raw) ? raw.map(String) : String(raw) === "" ? [] : String(raw).split(",").map((s) => s.trim());
    } else if (def.type === "json") {
      if (typeof raw === "string") {
        try {
          value = JSON.parse(raw);
        } catch {
          return bad(`Value must be valid JSON: ${raw}`);
        }
      }
    } else value = typeof raw === "string" ? raw : String(raw);
    for (const c of def.constraints) {
      const problem = checkConstraint(c, value, custom);
      if (problem !== null) return bad(problem);
    }
    out[name] = value;
  }
  return ok(out);
}

// ------------------------------------------------------------------ intrinsic functions

export interface ResolveEnv {
  params: Record<string, unknown>;
  pseudo: PseudoParams;
  resources: Record<string, ResourceDef>;
  /** Physical id of a created resource (null before it exists). */
  physicalId(name: string): string | null;
  /** An attribute of a created resource; `undefined` when the resource type has no such attribute. */
  attribute(name: string, attr: string): unknown;
}

function functionOf(v: unknown): [string, unknown] | null {
  if (!isObj(v)) return null;
  const keys = Object.keys(v);
  if (keys.length !== 1) return null;
  const k = keys[0] as string;
  return FUNCTIONS.includes(k) ? [k, v[k]] : null;
}

/** Resource names a snippet refers to through get_resource / get_attr, with the path where each appears. */
export function references(v: unknown, path: string, out: { name: string; path: string }[] = []): { name: string; path: string }[] {
  const fn = functionOf(v);
  if (fn) {
    const [k, arg] = fn;
    if (k === "get_resource") out.push({ name: String(arg), path });
    else if (k === "get_attr" && Array.isArray(arg) && arg.length > 0) out.push({ name: String(arg[0]), path });
    references(arg, path, out);
    return out;
  }
  if (Array.isArray(v)) v.forEach((x, i) => references(x, `${path}[${i}]`, out));
  else if (isObj(v)) for (const [k, x] of Object.entries(v)) references(x, path === "" ? k : `${path}.${k}`, out);
  return out;
}

/** Functions the simulator does not evaluate: rejected up front so a stack never half-works. */
export function unsupportedFunction(v: unknown): string | null {
  const fn = functionOf(v);
  if (fn) {
    if (!SUPPORTED_FUNCTIONS.includes(fn[0])) return fn[0];
    return unsupportedFunction(fn[1]);
  }
  if (Array.isArray(v)) {
    for (const x of v) {
      const u = unsupportedFunction(x);
      if (u) return u;
    }
  } else if (isObj(v)) {
    for (const x of Object.values(v)) {
      const u = unsupportedFunction(x);
      if (u) return u;
    }
  }
  return null;
}

function stringify(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null || v === undefined) return "";
  return JSON.stringify(v);
}

export function resolve(v: unknown, env: ResolveEnv): Result<unknown, HeatError> {
  const fn = functionOf(v);
  if (fn) {
    const [k, rawArg] = fn;
    const argR = k === "get_resource" || k === "get_attr" || k === "get_param" ? ok(rawArg) : resolve(rawArg, env);
    if (!argR.ok) return argR;
    const arg = argR.value;
    if (k === "get_param") {
      const [name, ...keys] = Array.isArray(arg) ? arg.map((x) => String(x)) : [String(arg)];
      let value: unknown;
      if (name === "OS::stack_name") value = env.pseudo.stackName;
      else if (name === "OS::stack_id") value = env.pseudo.stackId;
      else if (name === "OS::project_id") value = env.pseudo.projectId;
      else if (name !== undefined && name in env.params) value = env.params[name];
      else return fail(`The Parameter (${name ?? ""}) was not provided.`);
      for (const key of keys) value = isObj(value) ? value[key] : Array.isArray(value) ? value[Number(key)] : undefined;
      return ok(value);
    }
    if (k === "get_resource") return ok(env.physicalId(String(arg)));
    if (k === "get_attr") {
      const [name, attr, ...rest] = Array.isArray(arg) ? arg : [arg];
      let value = env.attribute(String(name), String(attr));
      for (const key of rest) value = isObj(value) ? value[String(key)] : Array.isArray(value) ? value[Number(key)] : null;
      return ok(value ?? null);
    }
    if (k === "str_replace") {
      if (!isObj(arg) || typeof arg.template !== "string" || !isObj(arg.params)) return fail('"str_replace" parameters must be a mapping');
      let text = arg.template;
      // Longer keys first, as heat does, so `$var1` is not clobbered by `$var`.
      for (const key of Object.keys(arg.params).sort((a, b) => b.length - a.length)) text = text.split(key).join(stringify(arg.params[key]));
      return ok(text);
    }
    if (k === "list_join") {
      if (!Array.isArray(arg) || arg.length < 2) return fail('Incorrect arguments to "list_join" should be: {"list_join": [delim, [str1, str2, ...]]}');
      const [delim, ...lists] = arg;
      const items = lists.flatMap((l) => (Array.isArray(l) ? l : [l]));
      return ok(items.map(stringify).join(String(delim)));
    }
    return ok(null);
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      const r = resolve(x, env);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return ok(out);
  }
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      const r = resolve(x, env);
      if (!r.ok) return r;
      out[k] = r.value;
    }
    return ok(out);
  }
  return ok(v);
}

/** Whether a snippet can be evaluated before any resource exists (no get_resource / get_attr inside). */
export const isStatic = (v: unknown): boolean => references(v, "").length === 0;

/** Creation order: depends_on plus implicit dependencies of get_resource/get_attr; null on a cycle. */
export function creationOrder(resources: Record<string, ResourceDef>): string[] | null {
  const deps = new Map<string, Set<string>>();
  for (const [name, def] of Object.entries(resources)) {
    const set = new Set(def.dependsOn);
    for (const r of references(def.properties, "")) set.add(r.name);
    deps.set(name, set);
  }
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (n: string): boolean => {
    const s = state.get(n);
    if (s === "done") return true;
    if (s === "visiting") return false;
    state.set(n, "visiting");
    for (const d of [...(deps.get(n) ?? [])].sort()) if (deps.has(d) && !visit(d)) return false;
    state.set(n, "done");
    order.push(n);
    return true;
  };
  for (const n of Object.keys(resources)) if (!visit(n)) return null;
  return order;
}

/** Which resources depend on each resource (heat's `required_by`). */
export function requiredBy(resources: Record<string, ResourceDef>): Record<string, string[]> {
  const out: Record<string, string[]> = Object.fromEntries(Object.keys(resources).map((n) => [n, [] as string[]]));
  for (const [name, def] of Object.entries(resources)) {
    const set = new Set(def.dependsOn);
    for (const r of references(def.properties, "")) set.add(r.name);
    for (const d of set) if (out[d] && !out[d].includes(name)) out[d].push(name);
  }
  return out;
}
