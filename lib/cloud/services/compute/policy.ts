import type { AuthContext } from "../../cli/spec";
import { forbidden, type CloudError } from "../../errors";
import { rules, type PolicyCheck, type PolicyTarget } from "../../policy";
import { err, ok, type Result } from "../../result";

// nova's default policies (2023.1+, "secure RBAC" defaults) reduced to admin / project member / project reader.
// Nova words its refusals itself (nova.exception.PolicyNotAuthorized), not with oslo.policy's sentence:
// `Policy doesn't allow os_compute_api:servers:create to be performed.` (HTTP 403).

const member = rules.projectMember;
const reader = rules.projectReader;
const admin = rules.admin;

export const COMPUTE_POLICY: Record<string, PolicyCheck> = {
  "os_compute_api:servers:create": member,
  "os_compute_api:servers:create:forced_host": admin,
  "os_compute_api:servers:index": reader,
  "os_compute_api:servers:detail": reader,
  "os_compute_api:servers:index:get_all_tenants": admin,
  "os_compute_api:servers:detail:get_all_tenants": admin,
  "os_compute_api:servers:show": reader,
  "os_compute_api:servers:delete": member,
  "os_compute_api:servers:update": member,
  "os_compute_api:servers:start": member,
  "os_compute_api:servers:stop": member,
  "os_compute_api:servers:reboot": member,
  "os_compute_api:servers:resize": member,
  "os_compute_api:servers:confirm_resize": member,
  "os_compute_api:servers:revert_resize": member,
  "os_compute_api:servers:rebuild": member,
  "os_compute_api:servers:create_image": member,
  "os_compute_api:os-pause-server:pause": member,
  "os_compute_api:os-pause-server:unpause": member,
  "os_compute_api:os-suspend-server:suspend": member,
  "os_compute_api:os-suspend-server:resume": member,
  "os_compute_api:os-lock-server:lock": member,
  "os_compute_api:os-deferred-delete:restore": member,
  "os_compute_api:os-lock-server:unlock": member,
  "os_compute_api:os-lock-server:unlock:unlock_override": admin,
  "os_compute_api:os-shelve:shelve": member,
  "os_compute_api:os-shelve:unshelve": member,
  "os_compute_api:os-rescue": member,
  "os_compute_api:os-unrescue": member,
  "os_compute_api:os-migrate-server:migrate": admin,
  "os_compute_api:os-migrate-server:migrate_live": admin,
  "os_compute_api:os-evacuate": admin,
  "os_compute_api:os-console-output": member,
  "os_compute_api:os-remote-consoles": member,
  "os_compute_api:os-instance-actions:list": reader,
  "os_compute_api:os-instance-actions:show": reader,
  "os_compute_api:server-metadata:create": member,
  "os_compute_api:server-metadata:update_all": member,
  "os_compute_api:server-metadata:delete": member,
  "os_compute_api:os-server-groups:create": member,
  "os_compute_api:os-server-groups:index": reader,
  "os_compute_api:os-server-groups:index:all_projects": admin,
  "os_compute_api:os-server-groups:show": reader,
  "os_compute_api:os-server-groups:delete": member,
  "os_compute_api:os-flavor-manage:create": admin,
  "os_compute_api:os-flavor-manage:update": admin,
  "os_compute_api:os-flavor-manage:delete": admin,
  "os_compute_api:os-flavor-extra-specs:create": admin,
  "os_compute_api:os-flavor-extra-specs:update": admin,
  "os_compute_api:os-flavor-extra-specs:delete": admin,
  "os_compute_api:os-flavor-access": admin,
  "os_compute_api:os-flavor-access:add_tenant_access": admin,
  "os_compute_api:os-flavor-access:remove_tenant_access": admin,
  /** Key pairs belong to a user: `role:admin or user_id:%(user_id)s`. */
  "os_compute_api:os-keypairs:create": rules.owner,
  "os_compute_api:os-keypairs:index": rules.owner,
  "os_compute_api:os-keypairs:show": rules.owner,
  "os_compute_api:os-keypairs:delete": rules.owner,
  "os_compute_api:os-aggregates:create": admin,
  "os_compute_api:os-aggregates:index": admin,
  "os_compute_api:os-aggregates:show": admin,
  "os_compute_api:os-aggregates:update": admin,
  "os_compute_api:os-aggregates:delete": admin,
  "os_compute_api:os-aggregates:add_host": admin,
  "os_compute_api:os-aggregates:remove_host": admin,
  "os_compute_api:os-aggregates:set_metadata": admin,
  "os_compute_api:os-availability-zone:list": rules.anyone,
  "os_compute_api:os-availability-zone:detail": admin,
  "os_compute_api:os-hypervisors:list": admin,
  "os_compute_api:os-hypervisors:list-detail": admin,
  "os_compute_api:os-hypervisors:show": admin,
  "os_compute_api:os-hypervisors:statistics": admin,
  "os_compute_api:os-services:list": admin,
  "os_compute_api:os-services:update": admin,
  "os_compute_api:os-services:delete": admin,
  "os_compute_api:os-hosts:list": admin,
  "os_compute_api:os-hosts:show": admin,
  "os_compute_api:os-simple-tenant-usage:show": reader,
  "os_compute_api:os-simple-tenant-usage:list": admin,
  "os_compute_api:os-extended-server-attributes": admin,
};

export const novaPolicyRefusal = (rule: string): CloudError => forbidden(`Policy doesn't allow ${rule} to be performed.`);

export function novaAuthorize(auth: AuthContext, rule: string, target: PolicyTarget = {}): Result<void, CloudError> {
  const check = COMPUTE_POLICY[rule] ?? admin;
  return check(auth, target) ? ok(undefined) : err(novaPolicyRefusal(rule));
}

export const novaAllows = (auth: AuthContext, rule: string, target: PolicyTarget = {}): boolean =>
  (COMPUTE_POLICY[rule] ?? admin)(auth, target);
