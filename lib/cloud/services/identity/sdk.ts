import type { CommandContext, CommandSpec, ParsedArgs } from "../../cli/spec";
import type { CloudError } from "../../errors";
import type { Draft } from "../../state";
import { err } from "../../result";
import * as S from "./service";

// How today's python-openstackclient prints keystone's answers. Since the 2024–2025 releases the identity v3
// commands for users, groups, projects, domains, roles, role assignments, regions, services, endpoints and
// application credentials call openstacksdk (`self.app.client_manager.sdk_connection.identity`), not
// keystoneclient. Two things change for a learner:
//
// - API errors read the SDK's way (openstack/exceptions.py HttpException.__str__): `ConflictException: 409:
//   Client Error for url: http://<host>/identity/v3/users, <keystone's message>`, with no `(HTTP 409)
//   (Request-ID: …)` suffix. Keystone's own texts (keystone/exception.py) are kept word for word.
// - Lookups fail in one of two ways, depending on how the command looks a name up:
//   `identity_client.find_user(x, ignore_missing=False)` raises the SDK's ResourceNotFound, printed
//   `No User found for x`; the helpers `find_*_id_sdk` / role.py `_find_sdk_id` turn that into
//   `raise exceptions.CommandError from exc`, an osc-lib CommandError with no message, so the client prints
//   an empty error line (and `Failed to delete group with name or ID 'x': ` with nothing after the colon).
//   Duplicate names raise DuplicateResource either way: `More than one User exists with the name 'x'.`

const SDK_CLASS: Record<number, [string, CloudError["code"]]> = {
  400: ["BadRequestException", "cloud/BadRequest"],
  401: ["HttpException", "cloud/Unauthorized"],
  403: ["ForbiddenException", "cloud/Forbidden"],
  404: ["NotFoundException", "cloud/NotFound"],
  409: ["ConflictException", "cloud/Conflict"],
};

/** The SDK's resource class names, as `find_*` puts them in its messages. */
const CLASS_OF: Record<string, string> = {
  user: "User", group: "Group", project: "Project", domain: "Domain", role: "Role",
  region: "Region", endpoint: "Endpoint", service: "Service",
};

/** keystone's public endpoint from the catalog (DevStack: `http://<host>/identity`); the SDK adds `/v3`. */
export function keystoneUrl(draft: Draft): string {
  const svc = draft.list("catalogServices").find((s) => s.type === "identity");
  const ep = svc ? draft.list("endpoints").find((e) => e.serviceId === svc.id && e.interface === "public") : undefined;
  return (ep?.url ?? "http://127.0.0.1/identity").replace(/\/+$/, "").replace(/\/v3$/, "");
}

/** A keystone error for a request to `path` (from `/v3`), framed as openstacksdk frames it. */
export function sdkKeystone(draft: Draft, e: CloudError, path: string): CloudError {
  if (e.httpStatus === undefined) return e;
  const [cls, code] = SDK_CLASS[e.httpStatus] ?? ["HttpException", e.code];
  const source = e.httpStatus >= 500 ? "Server" : "Client";
  return { code, message: `${cls}: ${e.httpStatus}: ${source} Error for url: ${keystoneUrl(draft)}${path}, ${e.message}` };
}

/**
 * How a command resolves names: SDK `find_*` with ignore_missing=False (`No User found for x`), `_find_sdk_id`
 * (empty CommandError), or `find_*` left at ignore_missing=True whose None the command then dereferences.
 */
export type LookupStyle = "find" | "sdkId" | "noneType";

/** `'NoneType' object has no attribute 'id'`: what a `find_*` without ignore_missing=False leads to on a miss. */
export const noneTypeId: CloudError = { code: "cloud/NotFound", message: "'NoneType' object has no attribute 'id'" };

const NOT_FOUND = /^No (\w+) with a name or ID of '([\s\S]*)' exists\.$/;
const DUPLICATE = /^More than one (\w+) exists with the name '([\s\S]*)'\.$/;

/** Rewrites an osc-lib style lookup failure into what the SDK path prints; other errors pass through. */
export function sdkLookup(e: CloudError, style: (resource: string) => LookupStyle | null): CloudError {
  const nf = NOT_FOUND.exec(e.message);
  if (nf) {
    const [, resource = "", ref = ""] = nf;
    const s = style(resource);
    const cls = CLASS_OF[resource];
    if (s === "sdkId") return { code: e.code, message: "" };
    if (s === "noneType") return noneTypeId;
    if (s === "find" && cls) return { code: e.code, message: `No ${cls} found for ${ref}` };
    return e;
  }
  const dup = DUPLICATE.exec(e.message);
  if (dup) {
    const [, resource = "", ref = ""] = dup;
    const cls = CLASS_OF[resource];
    if (cls && style(resource) !== null && style(resource) !== "noneType") return { code: e.code, message: `More than one ${cls} exists with the name '${ref}'.` };
  }
  return e;
}


const str = (a: ParsedArgs, k: string): string | null => (typeof a[k] === "string" ? (a[k] as string) : null);

/** Resolves a name to the id the request URL would carry, read-only; falls back to what was typed. */
function idOf(d: Draft, kind: string, ref: string, domain: string | null = null): string {
  const r =
    kind === "users" ? S.findUser(d, ref, domain) : kind === "groups" ? S.findGroup(d, ref, domain)
      : kind === "projects" ? S.findProject(d, ref, domain) : kind === "domains" ? S.findDomain(d, ref)
        : kind === "roles" ? S.findRole(d, ref, domain) : kind === "services" ? S.findService(d, ref) : null;
  return r?.ok ? r.value.id : ref;
}

/** The path after the endpoint a resource command sends (`/v3/users`, `/v3/users/<id>`, …). */
export function resourcePath(d: Draft, collection: string, verb: string, ref: string | null, domain: string | null = null): string {
  if (verb === "create" || verb === "list" || ref === null) return `/v3/${collection}`;
  return `/v3/${collection}/${idOf(d, collection, ref, domain)}`;
}

/** The grant URL of `role add/remove` (keystone's assignment routes, OS-INHERIT for inherited grants). */
export function grantPath(ctx: CommandContext, a: ParsedArgs, roleId: string): string {
  const d = ctx.draft;
  const actor = str(a, "user") !== null ? `users/${idOf(d, "users", str(a, "user") ?? "", str(a, "userDomain"))}` : `groups/${idOf(d, "groups", str(a, "group") ?? "", str(a, "groupDomain"))}`;
  const scope = str(a, "project") !== null ? `projects/${idOf(d, "projects", str(a, "project") ?? "", str(a, "projectDomain"))}`
    : str(a, "domain") !== null ? `domains/${idOf(d, "domains", str(a, "domain") ?? "")}` : `system`;
  const base = scope === "system" ? `/v3/system/${actor}/roles/${roleId}` : `/v3/${scope}/${actor}/roles/${roleId}`;
  return a.inherited && scope !== "system" ? `/v3/OS-INHERIT/${scope}/${actor}/roles/${roleId}/inherited_to_projects` : base;
}

export interface SdkBinding {
  /** Request path for an API error that escapes the command. */
  path: (a: ParsedArgs, ctx: CommandContext) => string;
  /** Lookup style per resource named in a not-found message; null leaves the message alone. */
  lookup: (resource: string) => LookupStyle | null;
}

/** Wraps a command whose OSC module goes through openstacksdk so its failures read the SDK's way. */
export function withKeystoneSdk(spec: CommandSpec, binding: SdkBinding): CommandSpec {
  return {
    ...spec,
    run(a, ctx) {
      const r = spec.run(a, ctx);
      if (r.ok) return r;
      if (r.error.httpStatus !== undefined) return err(sdkKeystone(ctx.draft, r.error, binding.path(a, ctx)));
      const e = sdkLookup(r.error, binding.lookup);
      return e === r.error ? r : err(e);
    },
  };
}

/**
 * A bulk delete's (or group membership's) per-item failure, as the SDK path words it: lookups by `style`, API
 * errors framed with the item's URL.
 */
export function sdkDeleteError(ctx: CommandContext, e: CloudError, path: string, style: LookupStyle): CloudError {
  if (e.httpStatus !== undefined) return sdkKeystone(ctx.draft, e, path);
  return sdkLookup(e, () => style);
}
