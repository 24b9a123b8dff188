import type { Draft } from "../../state";
import type { CloudError, CloudErrorCode } from "../../errors";

// How python-openstackclient prints a neutron refusal. The network commands go through openstacksdk, whose
// HttpException renders as `ConflictException: 409: Client Error for url: <url>, <neutron message>` (see
// openstack/exceptions.py, HttpException.__str__), not keystoneclient's `… (HTTP 409) (Request-ID: …)`. So these
// errors carry the whole line as their message and no httpStatus (the CLI then prints them verbatim).

const CLASS_BY_STATUS: Record<number, [string, CloudErrorCode]> = {
  400: ["BadRequestException", "cloud/BadRequest"],
  403: ["ForbiddenException", "cloud/Forbidden"],
  404: ["NotFoundException", "cloud/NotFound"],
  409: ["ConflictException", "cloud/Conflict"],
};

/** The neutron endpoint from the catalog (DevStack: `http://<host>:9696/networking`). */
export function neutronUrl(draft: Draft): string {
  const svc = draft.list("catalogServices").find((s) => s.type === "network");
  const ep = svc ? draft.list("endpoints").find((e) => e.serviceId === svc.id && e.interface === "public") : undefined;
  return (ep?.url ?? "http://127.0.0.1:9696/networking").replace(/\/+$/, "");
}

/** A neutron API error as the SDK words it; `path` is the request path after `/v2.0/`. */
export function apiError(draft: Draft, status: 400 | 403 | 404 | 409, path: string, message: string): CloudError {
  const [cls, code] = CLASS_BY_STATUS[status] ?? ["HttpException", "cloud/InternalError"];
  return { code, message: `${cls}: ${status}: Client Error for url: ${neutronUrl(draft)}/v2.0/${path}, ${message}` };
}

/** openstacksdk Resource.find when nothing matches (`No Network found for x`). */
export const sdkNotFound = (cls: string, nameOrId: string): CloudError => ({ code: "cloud/NotFound", message: `No ${cls} found for ${nameOrId}` });

/** openstacksdk Resource._get_one_match when a name matches several resources. */
export const sdkDuplicate = (cls: string, name: string): CloudError => ({
  code: "cloud/NoUniqueMatch",
  message: `More than one ${cls} exists with the name '${name}'.`,
});

/** neutron-lib OverQuota, which neutron returns as 409 with the resource names in a Python list. */
export const overQuotaMessage = (resource: string): string => `Quota exceeded for resources: ['${resource}'].`;

/**
 * oslo.policy's PolicyNotAuthorized as neutron raises it: the checked rule, and for each attribute with its
 * own policy an AndCheck around it, e.g. `(rule:create_network and rule:create_network:shared)`.
 */
export function policyRuleText(action: string, attributes: readonly string[]): string {
  let text = `rule:${action}`;
  for (const a of attributes) text = `(${text} and rule:${action}:${a})`;
  return `${text} is disallowed by policy`;
}
