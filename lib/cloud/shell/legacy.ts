// The legacy per-service clients. The unified `openstack` client replaced them: the `keystone` CLI was removed in
// 2016 and python-neutronclient's CLI in 2023; `nova` is deprecated, and although `cinder` and `glance` still
// ship, the exam and this course use `openstack`. The simulated host has none of them installed, like a fresh
// DevStack, so each answers "command not found" plus the `openstack` command to use instead. `swift` is the
// exception: it is the only client that sets an object's expiry (X-Delete-After), so it is installed
// (services/object/swift-cli.ts).

const HINTS: Record<string, Record<string, string>> = {
  nova: {
    list: "openstack server list", boot: "openstack server create", show: "openstack server show", delete: "openstack server delete",
    start: "openstack server start", stop: "openstack server stop", reboot: "openstack server reboot", "flavor-list": "openstack flavor list",
    "flavor-create": "openstack flavor create", "flavor-key": "openstack flavor set --property", "flavor-access-add": "openstack flavor set --project",
    "image-list": "openstack image list", "keypair-list": "openstack keypair list", "keypair-add": "openstack keypair create",
    "hypervisor-list": "openstack hypervisor list", "service-list": "openstack compute service list", "aggregate-create": "openstack aggregate create",
    "aggregate-add-host": "openstack aggregate add host", "aggregate-set-metadata": "openstack aggregate set --property",
    "availability-zone-list": "openstack availability zone list", "secgroup-add-rule": "openstack security group rule create",
    "secgroup-list": "openstack security group list", "get-vnc-console": "openstack console url show --novnc", "console-log": "openstack console log show",
    rescue: "openstack server rescue", unrescue: "openstack server unrescue", pause: "openstack server pause", unpause: "openstack server unpause",
    suspend: "openstack server suspend", resume: "openstack server resume", resize: "openstack server resize --flavor",
    "resize-confirm": "openstack server resize confirm", "image-create": "openstack server image create", "interface-list": "openstack port list --server",
    "volume-attach": "openstack server add volume", "volume-detach": "openstack server remove volume", "quota-show": "openstack quota show",
    "quota-update": "openstack quota set", endpoints: "openstack catalog list", diagnostics: "openstack server show --diagnostics",
    migrate: "openstack server migrate", "live-migration": "openstack server migrate --live-migration",
  },
  neutron: {
    "net-list": "openstack network list", "net-create": "openstack network create", "net-show": "openstack network show", "net-delete": "openstack network delete",
    "subnet-list": "openstack subnet list", "subnet-create": "openstack subnet create", "router-create": "openstack router create",
    "router-list": "openstack router list", "router-interface-add": "openstack router add subnet", "router-gateway-set": "openstack router set --external-gateway",
    "router-update": "openstack router set", "port-list": "openstack port list", "port-create": "openstack port create", "agent-list": "openstack network agent list",
    "floatingip-create": "openstack floating ip create", "floatingip-list": "openstack floating ip list", "floatingip-associate": "openstack floating ip set --port",
    "security-group-rule-create": "openstack security group rule create", "security-group-list": "openstack security group list",
    "l3-agent-list-hosting-router": "openstack network agent list --router", "meter-label-create": "openstack network meter create",
    "meter-label-rule-create": "openstack network meter rule create",
  },
  cinder: {
    list: "openstack volume list", create: "openstack volume create", show: "openstack volume show", delete: "openstack volume delete",
    extend: "openstack volume set --size", "type-list": "openstack volume type list", "type-create": "openstack volume type create",
    "type-key": "openstack volume type set --property", "qos-create": "openstack volume qos create", "qos-associate": "openstack volume qos associate",
    "snapshot-create": "openstack volume snapshot create", "snapshot-list": "openstack volume snapshot list", "backup-create": "openstack volume backup create",
    "backup-list": "openstack volume backup list", "backup-restore": "openstack volume backup restore", "backup-delete": "openstack volume backup delete",
    "service-list": "openstack volume service list", "upload-to-image": "openstack image create --volume", "transfer-create": "openstack volume transfer request create",
  },
  glance: {
    "image-list": "openstack image list", "image-create": "openstack image create", "image-show": "openstack image show",
    "image-delete": "openstack image delete", "image-update": "openstack image set", "image-download": "openstack image save",
    "member-create": "openstack image add project", "member-list": "openstack image member list",
  },
  keystone: {
    "user-list": "openstack user list", "user-create": "openstack user create", "tenant-list": "openstack project list",
    "tenant-create": "openstack project create", "role-list": "openstack role list", "user-role-add": "openstack role add",
    "service-create": "openstack service create", "endpoint-create": "openstack endpoint create", "endpoint-list": "openstack endpoint list",
    "token-get": "openstack token issue", catalog: "openstack catalog list",
  },
};

const GENERAL: Record<string, string> = {
  nova: "openstack server …, openstack flavor …, openstack hypervisor …",
  neutron: "openstack network …, openstack subnet …, openstack router …, openstack port …",
  cinder: "openstack volume …",
  glance: "openstack image …",
  keystone: "openstack user …, openstack project …, openstack role …",
};

export const LEGACY_CLIENTS = Object.keys(HINTS);

export function legacyHint(program: string, args: readonly string[]): string {
  const sub = args.find((a) => !a.startsWith("-") && !/^\d+$/.test(a));
  const specific = sub ? HINTS[program]?.[sub] : undefined;
  const lines = [`bash: ${program}: command not found`];
  lines.push(`hint: the legacy '${program}' client is not installed; use the unified client instead:`);
  lines.push(`  ${specific ?? GENERAL[program] ?? "openstack --help"}`);
  return lines.join("\n") + "\n";
}
