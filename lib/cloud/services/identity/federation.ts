import type { CommandContext, CommandOutput, CommandSpec, ParsedArgs } from "../../cli/spec";
import { listColumn } from "../../cli/spec";
import { opt, raw, sortedShow } from "../../cli/helpers";
import { authorize, rules } from "../../policy";
import { err, ok, type Result } from "../../result";
import { badRequest, commandError, conflict, noResourceWithNameOrId, notFound, renderError, type CloudError } from "../../errors";
import { newHexId } from "../../ids";
import type { FederationMapping, FederationProtocol, IdentityProvider, ServiceProvider } from "../../types";
import { findDomain } from "./service";
import type { Draft } from "../../state";

// keystone's OS-FEDERATION records as python-openstackclient's identity v3 commands drive them (identity_provider.py,
// mapping.py, federation_protocol.py). Identity providers and mappings are named by the admin: the name is the id.
// keystoneclient talks to keystone directly, so API errors carry the ` (HTTP 404) (Request-ID: …)` suffix.

type Out = Result<CommandOutput, CloudError>;

const str = (a: ParsedArgs, k: string): string | null => (typeof a[k] === "string" ? (a[k] as string) : null);
const list = (a: ParsedArgs, k: string): string[] => (Array.isArray(a[k]) ? (a[k] as string[]) : []);

/** Every OS-FEDERATION call is `rule:admin_required` in keystone's default policy. */
const guard = (ctx: CommandContext, rule: string): Result<void, CloudError> => authorize(ctx.auth, `identity:${rule}`, rules.admin);

const idpNotFound = (id: string): CloudError => notFound(`Could not find Identity Provider: ${id}.`);
const mappingNotFound = (id: string): CloudError => notFound(`Could not find mapping: ${id}.`);
const protocolNotFound = (idp: string, id: string): CloudError => notFound(`Could not find federated protocol ${id} for Identity Provider: ${idp}.`);

/** osc-lib utils.read_blob_file_contents: the file, stripped, or a CommandError. */
function readBlob(ctx: CommandContext, path: string): Result<string, CloudError> {
  const text = ctx.files.read(path);
  return text === undefined ? err(commandError(`Error occurred trying to read from file ${path}`)) : ok(text.trim());
}

/** Python's json.loads error text for the first problem JSON.parse reports (line/column from its offset). */
function pythonJsonError(text: string, e: unknown): string {
  const m = /position (\d+)/.exec(e instanceof Error ? e.message : "");
  // Node names the offset only for some errors; otherwise the first non-blank character is where Python stops too.
  const atEnd = /end of JSON input/.test(e instanceof Error ? e.message : "");
  const pos = m ? Number(m[1]) : atEnd ? text.length : Math.max(0, text.search(/\S/));
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  const column = pos - before.lastIndexOf("\n");
  return `Expecting value: line ${line} column ${column} (char ${pos})`;
}

/** mapping.py's _RulesReader plus keystone's validate_mapping_structure (a jsonschema check of the rules). */
function readRules(ctx: CommandContext, path: string): Result<unknown, CloudError> {
  const blob = readBlob(ctx, path);
  if (!blob.ok) return blob;
  try {
    return ok(JSON.parse(blob.value) as unknown);
  } catch (e) {
    return err(commandError(`An error occurred when reading rules from file ${path}: ${pythonJsonError(blob.value, e)}`));
  }
}

function validateRules(rules: unknown): Result<unknown[], CloudError> {
  if (!Array.isArray(rules)) return err(badRequest(`${JSON.stringify(rules)} is not of type 'array'\n`));
  const messages: string[] = [];
  for (const r of rules) {
    if (typeof r !== "object" || r === null || Array.isArray(r)) messages.push(`${JSON.stringify(r)} is not of type 'object'`);
    else for (const k of ["local", "remote"]) if (!(k in r)) messages.push(`'${k}' is a required property`);
  }
  return messages.length > 0 ? err(badRequest(messages.sort().map((m) => `${m}\n`).join(""))) : ok(rules);
}

function remoteIds(ctx: CommandContext, a: ParsedArgs): Result<string[] | null, CloudError> {
  const file = str(a, "remoteIdFile");
  if (file !== null) {
    const blob = readBlob(ctx, file);
    return blob.ok ? ok(blob.value.split(/\r?\n/).map((l) => l.trim())) : blob;
  }
  return ok(list(a, "remoteId").length === 0 ? null : list(a, "remoteId"));
}

function remoteIdTaken(ctx: CommandContext, ids: readonly string[], except: string | null): CloudError | null {
  for (const other of ctx.draft.list("identityProviders")) {
    if (other.id === except) continue;
    const dup = ids.find((r) => other.remoteIds.includes(r));
    if (dup !== undefined) return conflict(`Conflict occurred attempting to store identity_provider - Duplicate remote ID: ${dup}.`);
  }
  return null;
}

const idpFields = (p: IdentityProvider): CommandOutput =>
  sortedShow({ authorization_ttl: p.authorizationTtl, description: p.description, domain_id: p.domainId, enabled: p.enabled, id: p.id, remote_ids: listColumn(p.remoteIds) });
const mappingFields = (m: FederationMapping): CommandOutput => sortedShow({ id: m.id, rules: raw(m.rules), schema_version: m.schemaVersion });

/** The multi-delete loop of these three commands: each failure logged, then `N of M … failed to delete.`. */
function deleteEach(ctx: CommandContext, names: readonly string[], what: { singular: string; plural: string }, del: (n: string) => Result<void, CloudError>): Out {
  const warnings: string[] = [];
  for (const n of names) {
    const r = del(n);
    if (!r.ok) warnings.push(`Failed to delete ${what.singular} with name or ID '${n}': ${renderError(r.error, ctx.requestId)}`);
  }
  if (warnings.length === 0) return ok({ kind: "none" });
  return ok({ kind: "none", warnings, failure: `${warnings.length} of ${names.length} ${what.plural} failed to delete.` });
}

const ttlOpt = opt.value("--authorization-ttl", "<authorization-ttl>", "Time to keep the role assignments for users authenticating via this identity provider. When not provided, global default configured in the Identity service will be used. Available since Identity API version 3.14 (Ussuri).", { type: "int" });
const remoteOpts = (verb: string) => [
  opt.repeat("--remote-id", "<remote-id>", `Remote IDs to associate with the Identity Provider (repeat option to provide multiple values)`, { dest: "remoteId" }),
  opt.value("--remote-id-file", "<file-name>", `Name of a file that contains many remote IDs to associate with the identity provider, one per line${verb}`),
];

const identityProviderCommands: CommandSpec[] = [
  {
    words: ["identity", "provider", "create"], description: "Create new identity provider", output: "show",
    options: [
      ...remoteOpts(""),
      opt.value("--description", "<description>", "New identity provider description"),
      opt.value("--domain", "<domain>", "Domain to associate with the identity provider. If not specified, a domain will be created automatically. (Name or ID)"),
      ttlOpt,
      opt.flag("--enable", "Enable identity provider (default)"), opt.flag("--disable", "Disable the identity provider"),
    ],
    positionals: [{ dest: "name", metavar: "<name>", help: "New identity provider name (must be unique)" }],
    exclusive: [{ dests: ["remoteId", "remoteIdFile"] }, { dests: ["enable", "disable"] }],
    run(a, ctx) {
      const ids = remoteIds(ctx, a);
      if (!ids.ok) return ids;
      let domainId: string | null = null;
      const domainArg = str(a, "domain");
      if (domainArg !== null) {
        const d = findDomain(ctx.draft, domainArg);
        if (!d.ok) return d;
        domainId = d.value.id;
      }
      const g = guard(ctx, "create_identity_provider");
      if (!g.ok) return g;
      const id = str(a, "name") ?? "";
      const ttl = typeof a.authorizationTtl === "number" ? a.authorizationTtl : null;
      if (ttl !== null && ttl < 0) return err(badRequest(`Invalid input for field 'authorization_ttl': ${ttl} is less than the minimum of 0`));
      // keystone makes a domain for an identity provider created without one (named after its own id).
      const autoDomain = domainId === null ? newHexId(ctx.draft) : null;
      const effectiveDomain = domainId ?? autoDomain ?? "";
      if (ctx.draft.get("identityProviders", id)) {
        return err(conflict(`Conflict occurred attempting to store identity_provider - Duplicate entry found with ID ${id} at domain ID ${effectiveDomain}.`));
      }
      const taken = remoteIdTaken(ctx, ids.value ?? [], null);
      if (taken) return err(taken);
      if (autoDomain !== null) {
        ctx.draft.put("domains", autoDomain, { id: autoDomain, name: autoDomain, description: `Auto generated federated domain for Identity Provider: ${id}`, enabled: true, tags: [] });
      }
      const idp: IdentityProvider = { id, description: str(a, "description"), domainId: effectiveDomain, enabled: !a.disable, remoteIds: ids.value ?? [], authorizationTtl: ttl };
      ctx.draft.put("identityProviders", id, idp);
      return ok(idpFields(idp));
    },
  },
  {
    words: ["identity", "provider", "delete"], description: "Delete identity provider(s)", output: "none",
    positionals: [{ dest: "idps", metavar: "<identity-provider>", nargs: "+", help: "Identity provider(s) to delete" }],
    run(a, ctx) {
      return deleteEach(ctx, list(a, "idps"), { singular: "identity providers", plural: "identity providers" }, (n) => {
        const g = guard(ctx, "delete_identity_provider");
        if (!g.ok) return g;
        if (!ctx.draft.get("identityProviders", n)) return err(idpNotFound(n));
        // The protocols of a provider go with it (keystone's foreign key cascades).
        for (const p of ctx.draft.list("federationProtocols")) if (p.idpId === n) ctx.draft.remove("federationProtocols", p.key);
        ctx.draft.remove("identityProviders", n);
        return ok(undefined);
      });
    },
  },
  {
    words: ["identity", "provider", "list"], description: "List identity providers", output: "list",
    options: [
      opt.value("--id", "<id>", "The Identity Providers' ID attribute"),
      opt.flag("--enabled", "The Identity Providers that are enabled will be returned"),
    ],
    run(a, ctx) {
      const g = guard(ctx, "list_identity_providers");
      if (!g.ok) return g;
      const rows = ctx.draft.list("identityProviders")
        .filter((p) => (str(a, "id") === null || p.id === str(a, "id")) && (!a.enabled || p.enabled))
        .map((p) => [p.id, p.enabled, p.domainId, p.description]);
      return ok({ kind: "list", columns: ["ID", "Enabled", "Domain ID", "Description"], rows });
    },
  },
  {
    words: ["identity", "provider", "set"], description: "Set identity provider properties", output: "none",
    options: [
      opt.value("--description", "<description>", "Set identity provider description"),
      ...remoteOpts(""),
      ttlOpt,
      opt.flag("--enable", "Enable the identity provider"), opt.flag("--disable", "Disable the identity provider"),
    ],
    positionals: [{ dest: "idp", metavar: "<identity-provider>", help: "Identity provider to modify" }],
    exclusive: [{ dests: ["remoteId", "remoteIdFile"] }, { dests: ["enable", "disable"] }],
    run(a, ctx) {
      const ttl = typeof a.authorizationTtl === "number" ? a.authorizationTtl : null;
      if (!a.enable && !a.disable && list(a, "remoteId").length === 0 && str(a, "remoteIdFile") === null && !str(a, "description") && ttl === null) {
        return ok({ kind: "none", warnings: ["No changes requested"] });
      }
      const ids = remoteIds(ctx, a);
      if (!ids.ok) return ids;
      const g = guard(ctx, "update_identity_provider");
      if (!g.ok) return g;
      const id = str(a, "idp") ?? "";
      const idp = ctx.draft.get("identityProviders", id);
      if (!idp) return err(idpNotFound(id));
      if (ttl !== null && ttl < 0) return err(badRequest(`Invalid input for field 'authorization_ttl': ${ttl} is less than the minimum of 0`));
      if (ids.value !== null) {
        const taken = remoteIdTaken(ctx, ids.value, id);
        if (taken) return err(taken);
      }
      ctx.draft.update("identityProviders", id, {
        ...(str(a, "description") ? { description: str(a, "description") } : {}),
        ...(a.enable ? { enabled: true } : a.disable ? { enabled: false } : {}),
        ...(ids.value !== null ? { remoteIds: ids.value } : {}),
        ...(ttl !== null ? { authorizationTtl: ttl } : {}),
      });
      return ok({ kind: "none" });
    },
  },
  {
    words: ["identity", "provider", "show"], description: "Display identity provider details", output: "show",
    positionals: [{ dest: "idp", metavar: "<identity-provider>", help: "Identity provider to display" }],
    run(a, ctx) {
      const g = guard(ctx, "get_identity_provider");
      if (!g.ok) return g;
      const id = str(a, "idp") ?? "";
      const idp = ctx.draft.get("identityProviders", id);
      // osc-lib find_resource names the manager's resource class: IdentityProvider → `identityprovider`.
      return idp ? ok(idpFields(idp)) : err(noResourceWithNameOrId("identityprovider", id));
    },
  },
];

const schemaVersionOpt = opt.value("--schema-version", "<schema_version>", "The federated attribute mapping schema version. The default value on the client side is 'None'; however, that will lead the backend to set the default according to 'attribute_mapping_default_schema_version' option.");

const mappingCommands: CommandSpec[] = [
  {
    words: ["mapping", "create"], description: "Create new mapping", output: "show",
    options: [opt.value("--rules", "<filename>", "Filename that contains a set of mapping rules (required)", { required: true }), schemaVersionOpt],
    positionals: [{ dest: "mapping", metavar: "<name>", help: "New mapping name (must be unique)" }],
    run(a, ctx) {
      const parsed = readRules(ctx, str(a, "rules") ?? "");
      if (!parsed.ok) return parsed;
      const g = guard(ctx, "create_mapping");
      if (!g.ok) return g;
      const rules = validateRules(parsed.value);
      if (!rules.ok) return rules;
      const id = str(a, "mapping") ?? "";
      if (ctx.draft.get("federationMappings", id)) return err(conflict("Conflict occurred attempting to store mapping - Duplicate entry."));
      const m: FederationMapping = { id, rules: rules.value, schemaVersion: str(a, "schemaVersion") ?? "1.0" };
      ctx.draft.put("federationMappings", id, m);
      return ok(mappingFields(m));
    },
  },
  {
    words: ["mapping", "delete"], description: "Delete mapping(s)", output: "none",
    positionals: [{ dest: "mappings", metavar: "<mapping>", nargs: "+", help: "Mapping(s) to delete" }],
    run(a, ctx) {
      return deleteEach(ctx, list(a, "mappings"), { singular: "mapping", plural: "mappings" }, (n) => {
        const g = guard(ctx, "delete_mapping");
        if (!g.ok) return g;
        if (!ctx.draft.get("federationMappings", n)) return err(mappingNotFound(n));
        ctx.draft.remove("federationMappings", n);
        return ok(undefined);
      });
    },
  },
  {
    words: ["mapping", "list"], description: "List mappings", output: "list",
    run(_a, ctx) {
      const g = guard(ctx, "list_mappings");
      if (!g.ok) return g;
      return ok({ kind: "list", columns: ["ID", "schema_version"], rows: ctx.draft.list("federationMappings").map((m) => [m.id, m.schemaVersion]) });
    },
  },
  {
    words: ["mapping", "set"], description: "Set mapping properties", output: "none",
    options: [opt.value("--rules", "<filename>", "Filename that contains a new set of mapping rules"), schemaVersionOpt],
    positionals: [{ dest: "mapping", metavar: "<name>", help: "Mapping to modify" }],
    run(a, ctx) {
      const file = str(a, "rules");
      if (file === null) return ok({ kind: "none", warnings: ["No changes requested"] });
      const parsed = readRules(ctx, file);
      if (!parsed.ok) return parsed;
      const g = guard(ctx, "update_mapping");
      if (!g.ok) return g;
      const rules = validateRules(parsed.value);
      if (!rules.ok) return rules;
      const id = str(a, "mapping") ?? "";
      if (!ctx.draft.get("federationMappings", id)) return err(mappingNotFound(id));
      ctx.draft.update("federationMappings", id, { rules: rules.value, ...(str(a, "schemaVersion") ? { schemaVersion: str(a, "schemaVersion") ?? "1.0" } : {}) });
      return ok({ kind: "none" });
    },
  },
  {
    words: ["mapping", "show"], description: "Display mapping details", output: "show",
    positionals: [{ dest: "mapping", metavar: "<mapping>", help: "Mapping to display" }],
    run(a, ctx) {
      const g = guard(ctx, "get_mapping");
      if (!g.ok) return g;
      const m = ctx.draft.get("federationMappings", str(a, "mapping") ?? "");
      return m ? ok(mappingFields(m)) : err(mappingNotFound(str(a, "mapping") ?? ""));
    },
  },
];

const idpOpt = (help: string, required = true) => opt.value("--identity-provider", "<identity-provider>", help, { required });

function protocolOf(ctx: CommandContext, idp: string, id: string): Result<FederationProtocol, CloudError> {
  if (!ctx.draft.get("identityProviders", idp)) return err(idpNotFound(idp));
  const p = ctx.draft.get("federationProtocols", `${idp}/${id}`);
  return p ? ok(p) : err(protocolNotFound(idp, id));
}

const protocolCommands: CommandSpec[] = [
  {
    words: ["federation", "protocol", "create"], description: "Create new federation protocol", output: "show",
    options: [
      idpOpt("Identity provider that will support the new federation protocol (name or ID) (required)"),
      opt.value("--mapping", "<mapping>", "Mapping that is to be used (name or ID) (required)", { required: true }),
    ],
    positionals: [{ dest: "protocol", metavar: "<name>", help: "New federation protocol name (must be unique per identity provider)" }],
    run(a, ctx) {
      const g = guard(ctx, "create_protocol");
      if (!g.ok) return g;
      const idp = str(a, "identityProvider") ?? "";
      const id = str(a, "protocol") ?? "";
      const mapping = str(a, "mapping") ?? "";
      if (!ctx.draft.get("identityProviders", idp)) return err(idpNotFound(idp));
      if (!ctx.draft.get("federationMappings", mapping)) return err(mappingNotFound(mapping));
      const key = `${idp}/${id}`;
      if (ctx.draft.get("federationProtocols", key)) return err(conflict("Conflict occurred attempting to store federation_protocol - Duplicate entry."));
      ctx.draft.put("federationProtocols", key, { key, id, idpId: idp, mappingId: mapping });
      // keystone leaves the provider out of its answer; the client adds back the name it was given.
      return ok(sortedShow({ id, identity_provider: idp, mapping }));
    },
  },
  {
    words: ["federation", "protocol", "delete"], description: "Delete federation protocol(s)", output: "none",
    options: [idpOpt("Identity provider that supports <federation-protocol> (name or ID) (required)")],
    positionals: [{ dest: "protocols", metavar: "<federation-protocol>", nargs: "+", help: "Federation protocol(s) to delete (name or ID)" }],
    run(a, ctx) {
      const idp = str(a, "identityProvider") ?? "";
      return deleteEach(ctx, list(a, "protocols"), { singular: "federation protocol", plural: "federation protocols" }, (n) => {
        const g = guard(ctx, "delete_protocol");
        if (!g.ok) return g;
        const p = protocolOf(ctx, idp, n);
        if (!p.ok) return p;
        ctx.draft.remove("federationProtocols", p.value.key);
        return ok(undefined);
      });
    },
  },
  {
    words: ["federation", "protocol", "list"], description: "List federation protocols", output: "list",
    options: [idpOpt("Identity provider to list (name or ID) (required)")],
    run(a, ctx) {
      const g = guard(ctx, "list_protocols");
      if (!g.ok) return g;
      const idp = str(a, "identityProvider") ?? "";
      if (!ctx.draft.get("identityProviders", idp)) return err(idpNotFound(idp));
      const rows = ctx.draft.list("federationProtocols").filter((p) => p.idpId === idp).map((p) => [p.id, p.mappingId]);
      return ok({ kind: "list", columns: ["id", "mapping"], rows });
    },
  },
  {
    words: ["federation", "protocol", "set"], description: "Set federation protocol properties", output: "none",
    options: [idpOpt("Identity provider that supports <federation-protocol> (name or ID) (required)"), opt.value("--mapping", "<mapping>", "Mapping that is to be used (name or ID)")],
    positionals: [{ dest: "protocol", metavar: "<name>", help: "Federation protocol to modify (name or ID)" }],
    run(a, ctx) {
      const g = guard(ctx, "update_protocol");
      if (!g.ok) return g;
      const p = protocolOf(ctx, str(a, "identityProvider") ?? "", str(a, "protocol") ?? "");
      if (!p.ok) return p;
      const mapping = str(a, "mapping");
      if (mapping !== null) {
        if (!ctx.draft.get("federationMappings", mapping)) return err(mappingNotFound(mapping));
        ctx.draft.update("federationProtocols", p.value.key, { mappingId: mapping });
      }
      return ok({ kind: "none" });
    },
  },
  {
    words: ["federation", "protocol", "show"], description: "Display federation protocol details", output: "show",
    options: [idpOpt("Identity provider that supports <federation-protocol> (name or ID) (required)")],
    positionals: [{ dest: "protocol", metavar: "<federation-protocol>", help: "Federation protocol to display (name or ID)" }],
    run(a, ctx) {
      const g = guard(ctx, "get_protocol");
      if (!g.ok) return g;
      const p = protocolOf(ctx, str(a, "identityProvider") ?? "", str(a, "protocol") ?? "");
      return p.ok ? ok(sortedShow({ id: p.value.id, mapping: p.value.mappingId })) : p;
    },
  },
];

// ---------------------------------------------------------------- service providers
// Unlike the commands above, `service provider …` moved to openstacksdk (service_provider.py calls
// create/update/delete/find_service_provider on the SDK's identity proxy). So keystone's refusals come back in the
// SDK's words, `ConflictException: 409: Client Error for url: <url>, <keystone message>`, lookups fail with
// `No ServiceProvider found for x`, and a delete of a missing provider passes quietly (the proxy's
// `ignore_missing=True`).

const SDK_CLASS: Record<number, [string, CloudError["code"]]> = {
  400: ["BadRequestException", "cloud/BadRequest"],
  403: ["ForbiddenException", "cloud/Forbidden"],
  404: ["NotFoundException", "cloud/NotFound"],
  409: ["ConflictException", "cloud/Conflict"],
};

/** keystone's public endpoint from the catalog (DevStack: `http://<host>/identity`). */
function keystoneUrl(draft: Draft): string {
  const svc = draft.list("catalogServices").find((s) => s.type === "identity");
  const ep = svc ? draft.list("endpoints").find((e) => e.serviceId === svc.id && e.interface === "public") : undefined;
  return (ep?.url ?? "http://127.0.0.1/identity").replace(/\/+$/, "").replace(/\/v3$/, "");
}

const SP_PATH = "/v3/OS-FEDERATION/service_providers";

/** A keystone error as openstacksdk's HttpException prints it; the message already holds the whole line. */
function sdkError(draft: Draft, status: 400 | 403 | 404 | 409, path: string, message: string): CloudError {
  const [cls, code] = SDK_CLASS[status] ?? ["HttpException", "cloud/InternalError"];
  return { code, message: `${cls}: ${status}: Client Error for url: ${keystoneUrl(draft)}${path}, ${message}` };
}

/** Every service-provider call needs `admin_required` (list/get also allow a system reader, which this cloud has not). */
function spGuard(ctx: CommandContext, rule: string, path: string): Result<void, CloudError> {
  const g = authorize(ctx.auth, `identity:${rule}`, rules.admin);
  return g.ok ? g : err(sdkError(ctx.draft, 403, path, g.error.message));
}

/** keystone's `parameter_types.url`: lenient, just `scheme:rest` (rfc1738 §2.1), at most 225 characters. */
function checkUrl(draft: Draft, path: string, field: string, value: string | null): CloudError | null {
  if (value === null) return null;
  if (!/^[a-zA-Z0-9+.-]+:.+/.test(value)) {
    return sdkError(draft, 400, path, `Invalid input for field '${field}': '${value}' does not match '^[a-zA-Z0-9+.-]+:.+'`);
  }
  if (value.length > 225) return sdkError(draft, 400, path, `Invalid input for field '${field}': '${value}' is too long`);
  return null;
}

/** _format_service_provider: its own column order, not sorted. */
const spFields = (sp: ServiceProvider): CommandOutput => ({
  kind: "show",
  fields: [["id", sp.id], ["enabled", sp.enabled], ["description", sp.description], ["auth_url", sp.authUrl], ["sp_url", sp.spUrl], ["relay_state_prefix", sp.relayStatePrefix]],
});

const serviceProviderCommands: CommandSpec[] = [
  {
    words: ["service", "provider", "create"], description: "Create new service provider", output: "show",
    options: [
      opt.value("--auth-url", "<auth-url>", "Authentication URL of remote federated service provider (required)", { required: true }),
      opt.value("--description", "<description>", "New service provider description"),
      opt.value("--service-provider-url", "<sp-url>", "A service URL where SAML assertions are being sent (required)", { required: true }),
      opt.flag("--enable", "Enable the service provider (default)"), opt.flag("--disable", "Disable the service provider"),
    ],
    positionals: [{ dest: "id", metavar: "<name>", help: "New service provider name (must be unique)" }],
    exclusive: [{ dests: ["enable", "disable"] }],
    run(a, ctx) {
      const id = str(a, "id") ?? "";
      const path = `${SP_PATH}/${id}`;
      const g = spGuard(ctx, "create_service_provider", path);
      if (!g.ok) return g;
      const authUrl = str(a, "authUrl") ?? "";
      const spUrl = str(a, "serviceProviderUrl") ?? "";
      const bad = checkUrl(ctx.draft, path, "auth_url", authUrl) ?? checkUrl(ctx.draft, path, "sp_url", spUrl);
      if (bad) return err(bad);
      if (ctx.draft.get("serviceProviders", id)) {
        return err(sdkError(ctx.draft, 409, path, `Conflict occurred attempting to store service_provider - Duplicate entry found with ID ${id}.`));
      }
      // The client leaves out an empty description; keystone fills relay_state_prefix from [saml] (default `ss:mem:`).
      const sp: ServiceProvider = { id, description: str(a, "description") || null, enabled: !a.disable, authUrl, spUrl, relayStatePrefix: "ss:mem:" };
      ctx.draft.put("serviceProviders", id, sp);
      return ok(spFields(sp));
    },
  },
  {
    words: ["service", "provider", "delete"], description: "Delete service provider(s)", output: "none",
    positionals: [{ dest: "sps", metavar: "<service-provider>", nargs: "+", help: "Service provider(s) to delete" }],
    run(a, ctx) {
      return deleteEach(ctx, list(a, "sps"), { singular: "service provider", plural: "service providers" }, (n) => {
        const g = spGuard(ctx, "delete_service_provider", `${SP_PATH}/${n}`);
        if (!g.ok) return g;
        if (ctx.draft.get("serviceProviders", n)) ctx.draft.remove("serviceProviders", n);
        return ok(undefined);
      });
    },
  },
  {
    words: ["service", "provider", "list"], description: "List service providers", output: "list",
    run(_a, ctx) {
      const g = spGuard(ctx, "list_service_providers", SP_PATH);
      if (!g.ok) return g;
      const rows = ctx.draft.list("serviceProviders").sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
        .map((s) => [s.id, s.enabled, s.description, s.authUrl, s.spUrl, s.relayStatePrefix]);
      return ok({ kind: "list", columns: ["ID", "Enabled", "Description", "Auth URL", "Service Provider URL", "Relay State Prefix"], rows });
    },
  },
  {
    words: ["service", "provider", "set"], description: "Set service provider properties", output: "show",
    options: [
      opt.value("--auth-url", "<auth-url>", "New Authentication URL of remote federated service provider"),
      opt.value("--description", "<description>", "New service provider description"),
      opt.value("--service-provider-url", "<sp-url>", "New service provider URL, where SAML assertions are sent"),
      opt.flag("--enable", "Enable the service provider"), opt.flag("--disable", "Disable the service provider"),
    ],
    positionals: [{ dest: "sp", metavar: "<service-provider>", help: "Service provider to modify" }],
    exclusive: [{ dests: ["enable", "disable"] }],
    run(a, ctx) {
      const id = str(a, "sp") ?? "";
      const path = `${SP_PATH}/${id}`;
      const g = spGuard(ctx, "update_service_provider", path);
      if (!g.ok) return g;
      // Empty strings are dropped by the client (`if parsed_args.description:`), as are absent options.
      const authUrl = str(a, "authUrl") || null;
      const spUrl = str(a, "serviceProviderUrl") || null;
      const bad = checkUrl(ctx.draft, path, "auth_url", authUrl) ?? checkUrl(ctx.draft, path, "sp_url", spUrl);
      if (bad) return err(bad);
      const sp = ctx.draft.get("serviceProviders", id);
      if (!sp) return err(sdkError(ctx.draft, 404, path, `Could not find service provider: ${id}.`));
      const next: ServiceProvider = {
        ...sp,
        ...(str(a, "description") ? { description: str(a, "description") } : {}),
        ...(authUrl !== null ? { authUrl } : {}),
        ...(spUrl !== null ? { spUrl } : {}),
        ...(a.enable ? { enabled: true } : a.disable ? { enabled: false } : {}),
      };
      ctx.draft.put("serviceProviders", id, next);
      return ok(spFields(next));
    },
  },
  {
    words: ["service", "provider", "show"], description: "Display service provider details", output: "show",
    positionals: [{ dest: "sp", metavar: "<service-provider>", help: "Service provider to display" }],
    run(a, ctx) {
      const id = str(a, "sp") ?? "";
      // find_service_provider: a GET by id, whose 403/404 it swallows, then a list, whose 403 it does not.
      const g = spGuard(ctx, "list_service_providers", SP_PATH);
      if (!g.ok) return g;
      const sp = ctx.draft.get("serviceProviders", id);
      return sp ? ok(spFields(sp)) : err({ code: "cloud/NotFound", message: `No ServiceProvider found for ${id}` });
    },
  },
];

export const federationCommands: CommandSpec[] = [...identityProviderCommands, ...mappingCommands, ...protocolCommands, ...serviceProviderCommands];
