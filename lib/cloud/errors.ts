// Errors as the real client prints them. Two families:
// - `http`: the service answered with an error status; python-openstackclient prints the service's message
//   followed by ` (HTTP 409) (Request-ID: req-…)`.
// - `client`: the client itself refused (osc-lib's CommandError), printed verbatim, e.g.
//   `No project with a name or ID of 'x' exists.`
// Both exit with status 1. Argument errors (exit 2) belong to the CLI parser, not here.

export type CloudErrorCode =
  | "cloud/NotFound" | "cloud/Conflict" | "cloud/Forbidden" | "cloud/BadRequest" | "cloud/Unauthorized"
  | "cloud/OverQuota" | "cloud/NoUniqueMatch" | "cloud/CommandError" | "cloud/InternalError";

export interface CloudError {
  code: CloudErrorCode;
  /** Set for errors the API returned; absent for client-side errors. */
  httpStatus?: number;
  message: string;
}

export const httpError = (code: CloudErrorCode, httpStatus: number, message: string): CloudError => ({ code, httpStatus, message });

export const notFound = (message: string): CloudError => httpError("cloud/NotFound", 404, message);
export const conflict = (message: string): CloudError => httpError("cloud/Conflict", 409, message);
export const forbidden = (message: string): CloudError => httpError("cloud/Forbidden", 403, message);
export const badRequest = (message: string): CloudError => httpError("cloud/BadRequest", 400, message);
export const unauthorized = (): CloudError =>
  httpError("cloud/Unauthorized", 401, "The request you have made requires authentication.");
export const commandError = (message: string): CloudError => ({ code: "cloud/CommandError", message });

/** osc-lib `utils.find_resource` wording, which every `openstack … <name-or-id>` lookup shares. */
export const noResourceWithNameOrId = (resource: string, nameOrId: string): CloudError => ({
  code: "cloud/NotFound",
  message: `No ${resource} with a name or ID of '${nameOrId}' exists.`,
});

export const moreThanOne = (resource: string, name: string): CloudError => ({
  code: "cloud/NoUniqueMatch",
  message: `More than one ${resource} exists with the name '${name}'.`,
});

/** The policy refusal keystone, nova, cinder and neutron all phrase the same way through oslo.policy. */
export const policyRefusal = (rule: string): CloudError =>
  forbidden(`You are not authorized to perform the requested action: ${rule}.`);

/** Renders an error line as the client prints it on stderr. */
export function renderError(error: CloudError, requestId: string): string {
  if (error.httpStatus === undefined) return error.message;
  return `${error.message} (HTTP ${error.httpStatus}) (Request-ID: ${requestId})`;
}
