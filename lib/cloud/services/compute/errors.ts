import type { CommandContext, CommandSpec, ParsedArgs } from "../../cli/spec";
import type { CloudError } from "../../errors";
import type { Draft } from "../../state";
import { err } from "../../result";
import * as S from "./service";

// How today's client prints a nova refusal. Every compute command of python-openstackclient goes through
// openstacksdk since novaclient was dropped, so an API error reads the SDK's way (openstack/exceptions.py,
// HttpException.__str__): `ForbiddenException: 403: Client Error for url: <url>, <nova's message>`, with no
// `(HTTP 403) (Request-ID: …)` suffix. Nova's own wording (`Policy doesn't allow … to be performed.`, `Cannot
// 'suspend' instance … while it is in vm_state paused`) is kept; only the frame changes.

const SDK_CLASS: Record<number, string> = {
  400: "BadRequestException", 403: "ForbiddenException", 404: "NotFoundException", 409: "ConflictException", 412: "PreconditionFailedException",
};

/** nova's public endpoint from the catalog (DevStack: `http://<host>/compute/v2.1`). */
export function novaUrl(draft: Draft): string {
  const svc = draft.list("catalogServices").find((s) => s.type === "compute");
  const ep = svc ? draft.list("endpoints").find((e) => e.serviceId === svc.id && e.interface === "public") : undefined;
  return (ep?.url ?? "http://127.0.0.1/compute/v2.1").replace(/\/+$/, "");
}

/** An API error nova returned for a request to `path` (after `/v2.1`), framed as the SDK frames it. */
export function sdkNova(draft: Draft, e: CloudError, path: string): CloudError {
  if (e.httpStatus === undefined) return e;
  const cls = SDK_CLASS[e.httpStatus] ?? "HttpException";
  const source = e.httpStatus >= 500 ? "Server" : "Client";
  return { code: e.code, message: `${cls}: ${e.httpStatus}: ${source} Error for url: ${novaUrl(draft)}${path}, ${e.message}` };
}

const first = (a: ParsedArgs, ...keys: string[]): string | null => {
  for (const k of keys) {
    const v = a[k];
    if (typeof v === "string") return v;
    if (Array.isArray(v) && typeof v[0] === "string") return v[0];
  }
  return null;
};

/**
 * The request path a compute command sends, for the URL in its error. Ids are resolved read-only from the
 * arguments; when a name does not resolve, the command failed before any request and has no HTTP error anyway.
 */
export function novaPath(words: readonly string[], a: ParsedArgs, ctx: CommandContext): string {
  const d = ctx.draft;
  const serverId = (): string => {
    const ref = first(a, "server", "servers") ?? "";
    const s = S.findServer(d, ctx.auth, ref, { allProjects: Boolean(a.allProjects) });
    return s.ok ? s.value.id : ref;
  };
  const flavorId = (): string => {
    const ref = first(a, "flavor", "flavors") ?? "";
    const f = S.findFlavor(d, ctx.auth, ref);
    return f.ok ? f.value.id : ref;
  };
  const aggregateId = (): string => {
    const ref = first(a, "aggregate", "aggregates") ?? "";
    const g = S.findAggregate(d, ref);
    return g.ok ? String(g.value.id) : ref;
  };
  const [w0, w1, w2] = words;
  switch (w0) {
    case "flavor":
      if (w1 === "create") return "/flavors";
      if (w1 === "list") return "/flavors/detail";
      if (w1 === "set" || w1 === "unset") return `/flavors/${flavorId()}/os-extra_specs`;
      return `/flavors/${flavorId()}`;
    case "aggregate":
      if (w1 === "create" || w1 === "list") return "/os-aggregates";
      if (w1 === "add" || w1 === "remove" || w1 === "unset") return `/os-aggregates/${aggregateId()}/action`;
      return `/os-aggregates/${aggregateId()}`;
    case "keypair":
      if (w1 === "create" || w1 === "list") return "/os-keypairs";
      return `/os-keypairs/${first(a, "name", "names") ?? ""}`;
    case "hypervisor":
      if (w1 === "list") return "/os-hypervisors/detail";
      if (w1 === "stats") return "/os-hypervisors/statistics";
      return `/os-hypervisors/${first(a, "hypervisor") ?? ""}`;
    case "compute":
      return "/os-services";
    case "availability":
      return "/os-availability-zone/detail";
    case "host":
      return w1 === "show" ? `/os-hosts/${first(a, "host") ?? ""}` : "/os-hosts";
    case "usage":
      return w1 === "show" ? `/os-simple-tenant-usage/${ctx.auth.projectId}` : "/os-simple-tenant-usage";
    case "console":
      return w1 === "url" ? `/servers/${serverId()}/remote-consoles` : `/servers/${serverId()}/action`;
    case "server":
      if (w1 === "group") return w2 === "create" || w2 === "list" ? "/os-server-groups" : `/os-server-groups/${first(a, "group", "groups") ?? ""}`;
      if (w1 === "create") return "/servers";
      if (w1 === "list") return "/servers/detail";
      if (w1 === "event") return `/servers/${serverId()}/os-instance-actions`;
      if (w1 === "show" || w1 === "delete" || w1 === "set" || w1 === "unset") return `/servers/${serverId()}`;
      return `/servers/${serverId()}/action`;
    default:
      return "";
  }
}

/** Wraps a compute command so an API error that escapes it is printed the SDK's way. */
export function withSdkErrors(spec: CommandSpec): CommandSpec {
  return {
    ...spec,
    run(a, ctx) {
      const r = spec.run(a, ctx);
      if (r.ok || r.error.httpStatus === undefined) return r;
      return err(sdkNova(ctx.draft, r.error, novaPath(spec.words, a, ctx)));
    },
  };
}
