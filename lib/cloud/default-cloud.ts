import { createEmptyState, Draft, type CloudState } from "./state";
import { newHexId, newMac, newUuid } from "./ids";
import { DEFAULT_EPOCH_MS } from "./clock";
import { QUOTA_RESOURCES } from "./quota";
import type * as T from "./types";

// A fresh single-region DevStack (2024.x defaults: OVN, lvm-backed cinder, swift, heat) with a second compute
// host. Names, ids of flavors, address ranges and default quotas follow DevStack's stackrc and lib/ scripts.

export const HOST_IP = "192.168.122.10";
export const DEVSTACK_PASSWORD = "secret";
export const CIRROS_IMAGE_NAME = "cirros-0.6.3-x86_64-disk";
export const CONTROLLER_HOST = "devstack";
export const COMPUTE_HOST = "devstack-compute1";
export const SEED_DEFAULT = 42;

export function createDefaultCloud(seed = SEED_DEFAULT, now = DEFAULT_EPOCH_MS): CloudState {
  const d = new Draft(createEmptyState(seed, now));
  const t = now - 60 * 60 * 1000; // everything was created an hour before the learner arrives
  const put = <C extends Parameters<Draft["put"]>[0]>(c: C, key: string, rec: Parameters<Draft["put"]>[2] & object) => d.put(c, key, rec as never);

  // ---------------------------------------------------------------- identity
  put("domains", "default", { id: "default", name: "Default", description: "The default domain", enabled: true, tags: [] } satisfies T.Domain);
  const project = (name: string, description: string): T.Project => {
    const p: T.Project = { id: newHexId(d), name, domainId: "default", description, enabled: true, parentId: "default", tags: [], options: {} };
    put("projects", p.id, p);
    return p;
  };
  const admin = project("admin", "Bootstrap project for initializing the cloud.");
  const service = project("service", "");
  const demo = project("demo", "");
  const altDemo = project("alt_demo", "");
  const invisible = project("invisible_to_admin", "");

  const role = (name: string, description: string | null = null): T.Role => {
    const r: T.Role = { id: newHexId(d), name, domainId: null, description, impliedRoleIds: [] };
    put("roles", r.id, r);
    return r;
  };
  const reader = role("reader");
  const member = role("member");
  const manager = role("manager");
  const adminRole = role("admin");
  const serviceRole = role("service");
  role("ResellerAdmin");
  const another = role("anotherrole");
  role("heat_stack_owner");
  role("heat_stack_user");
  // keystone-manage bootstrap's implied roles: admin ⊃ manager ⊃ member ⊃ reader.
  d.put("roles", adminRole.id, { ...adminRole, impliedRoleIds: [manager.id] });
  d.put("roles", manager.id, { ...manager, impliedRoleIds: [member.id] });
  d.put("roles", member.id, { ...member, impliedRoleIds: [reader.id] });

  const user = (name: string, email: string | null = null): T.User => {
    const u: T.User = { id: newHexId(d), name, domainId: "default", enabled: true, password: DEVSTACK_PASSWORD, email, description: null, defaultProjectId: null };
    put("users", u.id, u);
    return u;
  };
  const grant = (r: T.Role, u: T.User, scope: T.RoleAssignment["scope"]): void => {
    const a: T.RoleAssignment = { id: newHexId(d), roleId: r.id, actor: { kind: "user", id: u.id }, scope, inherited: false };
    put("roleAssignments", a.id, a);
  };
  const on = (p: T.Project): T.RoleAssignment["scope"] => ({ kind: "project", id: p.id });
  const adminUser = user("admin");
  grant(adminRole, adminUser, on(admin));
  grant(adminRole, adminUser, { kind: "system", id: "all" });
  grant(adminRole, adminUser, { kind: "domain", id: "default" });
  const demoUser = user("demo", "demo@example.com");
  grant(member, demoUser, on(demo));
  grant(another, demoUser, on(demo));
  grant(member, demoUser, on(invisible));
  const altUser = user("alt_demo", "alt_demo@example.com");
  grant(member, altUser, on(altDemo));
  grant(another, altUser, on(altDemo));
  grant(reader, user("demo_reader", "demo_reader@example.com"), on(demo));
  grant(member, user("alt_demo_member", "alt_demo_member@example.com"), on(altDemo));
  grant(reader, user("alt_demo_reader", "alt_demo_reader@example.com"), on(altDemo));
  grant(member, user("system_member"), { kind: "system", id: "all" });
  grant(reader, user("system_reader"), { kind: "system", id: "all" });
  for (const name of ["nova", "glance", "cinder", "neutron", "placement", "swift", "heat"]) {
    const u = user(name);
    grant(adminRole, u, on(service));
    grant(serviceRole, u, on(service));
  }

  put("regions", "RegionOne", { id: "RegionOne", description: "", parentRegionId: null } satisfies T.Region);
  const catalog: [string, string, string, [T.Endpoint["interface"], string][]][] = [
    ["keystone", "identity", "Keystone Identity Service", [["public", `http://${HOST_IP}/identity`]]],
    ["nova", "compute", "Nova Compute Service", [["public", `http://${HOST_IP}/compute/v2.1`]]],
    ["placement", "placement", "Placement Service", [["public", `http://${HOST_IP}/placement`]]],
    ["glance", "image", "Glance Image Service", [["public", `http://${HOST_IP}/image`]]],
    // DevStack's lib/cinder registers the project-scoped URL for both types; tokens carry it with the id filled in.
    ["cinder", "block-storage", "Cinder Volume Service", [["public", `http://${HOST_IP}/volume/v3/$(project_id)s`]]],
    ["cinderv3", "volumev3", "Cinder Volume Service V3", [["public", `http://${HOST_IP}/volume/v3/$(project_id)s`]]],
    ["neutron", "network", "Neutron Service", [["public", `http://${HOST_IP}:9696/networking`]]],
    ["swift", "object-store", "Swift Service", [["public", `http://${HOST_IP}:8080/v1/AUTH_$(project_id)s`], ["admin", `http://${HOST_IP}:8080`]]],
    ["heat", "orchestration", "Heat Orchestration Service", [["public", `http://${HOST_IP}/heat-api/v1/$(project_id)s`]]],
    ["heat-cfn", "cloudformation", "Heat CloudFormation Service", [["public", `http://${HOST_IP}/heat-api-cfn/v1`]]],
  ];
  for (const [name, type, description, eps] of catalog) {
    const s: T.CatalogService = { id: newHexId(d), name, type, description, enabled: true };
    put("catalogServices", s.id, s);
    for (const [iface, url] of eps) {
      const e: T.Endpoint = { id: newHexId(d), serviceId: s.id, interface: iface, url, regionId: "RegionOne", enabled: true };
      put("endpoints", e.id, e);
    }
  }

  // ---------------------------------------------------------------- compute
  const flavors: [string, string, number, number, number][] = [
    ["1", "m1.tiny", 1, 512, 1], ["2", "m1.small", 1, 2048, 20], ["3", "m1.medium", 2, 4096, 40], ["4", "m1.large", 4, 8192, 80],
    ["5", "m1.xlarge", 8, 16384, 160], ["42", "m1.nano", 1, 128, 1], ["84", "m1.micro", 1, 192, 1], ["c1", "cirros256", 1, 256, 1],
    ["d1", "ds512M", 1, 512, 5], ["d2", "ds1G", 1, 1024, 10], ["d3", "ds2G", 2, 2048, 10], ["d4", "ds4G", 4, 4096, 20],
  ];
  for (const [id, name, vcpus, ramMb, diskGb] of flavors) {
    put("flavors", id, { id, name, vcpus, ramMb, diskGb, ephemeralGb: 0, swapMb: 0, rxtxFactor: 1, isPublic: true, description: null, extraSpecs: {}, accessProjectIds: [] } satisfies T.Flavor);
  }
  const hosts: [string, string][] = [[CONTROLLER_HOST, "192.168.122.10"], [COMPUTE_HOST, "192.168.122.11"]];
  for (const [host, ip] of hosts) {
    const h: T.Hypervisor = { id: newUuid(d), hostname: host, hostIp: ip, type: "QEMU", version: 8002002, state: "up", status: "enabled", vcpus: 8, memoryMb: 15990, localGb: 77, serviceHost: host };
    put("hypervisors", h.id, h);
  }
  const computeService = (binary: string, host: string, zone: string): void => {
    const s: T.ComputeService = { id: newUuid(d), binary, host, zone, status: "enabled", state: "up", disabledReason: null, forcedDown: false, updatedAt: now };
    put("computeServices", s.id, s);
  };
  computeService("nova-scheduler", CONTROLLER_HOST, "internal");
  computeService("nova-conductor", CONTROLLER_HOST, "internal");
  computeService("nova-compute", CONTROLLER_HOST, "nova");
  computeService("nova-compute", COMPUTE_HOST, "nova");

  // ---------------------------------------------------------------- image
  const cirros: T.Image = {
    id: newUuid(d), name: CIRROS_IMAGE_NAME, ownerId: admin.id, status: "active", visibility: "public", protected: false,
    diskFormat: "qcow2", containerFormat: "bare", minDiskGb: 0, minRamMb: 0, sizeBytes: 21692416, virtualSizeBytes: 117440512,
    checksum: "87617e24a5e9c8a8d2d8f3a3c4c8e9b1", osHashValue: "6b813aa46bb90b4da216a4d19376593fa3f4fc7e617f03a92b7fe11e9a3981cbe8f0959dbebe36225e5f53dc4492341a4863cac4ed1ee0909f3fc78ef9c3e869",
    // DevStack uploads cirros through openstacksdk, which records these `owner_specified.openstack.*` keys.
    properties: { hw_rng_model: "virtio", "owner_specified.openstack.md5": "", "owner_specified.openstack.object": `images/${CIRROS_IMAGE_NAME}`, "owner_specified.openstack.sha256": "" },
    tags: [], createdAt: t, updatedAt: t, data: null,
  };
  put("images", cirros.id, cirros);

  // ---------------------------------------------------------------- block storage
  const defaultType: T.VolumeType = { id: newUuid(d), name: "__DEFAULT__", description: "Default Volume Type", isPublic: true, extraSpecs: {}, accessProjectIds: [], qosSpecsId: null };
  const lvmType: T.VolumeType = { id: newUuid(d), name: "lvmdriver-1", description: null, isPublic: true, extraSpecs: { volume_backend_name: "lvmdriver-1" }, accessProjectIds: [], qosSpecsId: null };
  put("volumeTypes", defaultType.id, defaultType);
  put("volumeTypes", lvmType.id, lvmType);
  for (const [binary, host] of [["cinder-scheduler", CONTROLLER_HOST], ["cinder-volume", `${CONTROLLER_HOST}@lvmdriver-1`], ["cinder-backup", CONTROLLER_HOST]] as const) {
    put("volumeServices", `${binary}@${host}`, { binary, host, zone: "nova", status: "enabled", state: "up", updatedAt: now } satisfies T.VolumeService);
  }

  // ---------------------------------------------------------------- network
  const network = (name: string, projectId: string, extra: Partial<T.Network>): T.Network => {
    const n: T.Network = {
      id: newUuid(d), name, projectId, adminStateUp: true, status: "ACTIVE", shared: false, external: false, mtu: 1442, portSecurityEnabled: true,
      isDefault: null, providerNetworkType: "geneve", providerPhysicalNetwork: null, providerSegmentationId: null, availabilityZoneHints: [],
      description: "", dnsDomain: "", qosPolicyId: null, tags: [], revisionNumber: 2, createdAt: t, updatedAt: t, ...extra,
    };
    put("networks", n.id, n);
    return n;
  };
  const subnet = (name: string, net: T.Network, cidr: string, gatewayIp: string, pool: T.AllocationPool, enableDhcp: boolean): T.Subnet => {
    const s: T.Subnet = {
      id: newUuid(d), name, networkId: net.id, projectId: net.projectId, ipVersion: 4, cidr, gatewayIp, enableDhcp, allocationPools: [pool],
      dnsNameservers: [], hostRoutes: [], ipv6RaMode: null, ipv6AddressMode: null, subnetPoolId: null, description: "", serviceTypes: [],
      segmentId: null, tags: [], revisionNumber: 0, createdAt: t, updatedAt: t,
    };
    put("subnets", s.id, s);
    return s;
  };
  const port = (net: T.Network, projectId: string, fixedIps: T.FixedIp[], deviceOwner: string, deviceId: string, name = ""): T.Port => {
    const p: T.Port = {
      id: newUuid(d), name, networkId: net.id, projectId, macAddress: newMac(d), fixedIps, adminStateUp: true, status: "ACTIVE", deviceOwner, deviceId,
      securityGroupIds: [], portSecurityEnabled: deviceOwner.startsWith("compute:"), bindingHostId: CONTROLLER_HOST, bindingVnicType: "normal",
      allowedAddressPairs: [], description: "", tags: [], revisionNumber: 3, createdAt: t, updatedAt: t,
    };
    put("ports", p.id, p);
    return p;
  };
  const publicNet = network("public", admin.id, { external: true, providerNetworkType: "flat", providerPhysicalNetwork: "public", mtu: 1500, isDefault: true });
  const publicSubnet = subnet("public-subnet", publicNet, "172.24.4.0/24", "172.24.4.1", { start: "172.24.4.2", end: "172.24.4.254" }, false);
  const privateNet = network("private", demo.id, { providerSegmentationId: 1 });
  const privateSubnet = subnet("private-subnet", privateNet, "10.0.0.0/26", "10.0.0.1", { start: "10.0.0.2", end: "10.0.0.62" }, true);
  const sharedNet = network("shared", admin.id, { shared: true, providerSegmentationId: 2 });
  const sharedSubnet = subnet("shared-subnet", sharedNet, "192.168.233.0/24", "192.168.233.1", { start: "192.168.233.2", end: "192.168.233.254" }, true);
  // OVN's metadata/DHCP ports take the first pool address of each DHCP-enabled subnet.
  port(privateNet, demo.id, [{ subnetId: privateSubnet.id, ipAddress: "10.0.0.2" }], "network:distributed", `ovnmeta-${privateNet.id}`);
  port(sharedNet, admin.id, [{ subnetId: sharedSubnet.id, ipAddress: "192.168.233.2" }], "network:distributed", `ovnmeta-${sharedNet.id}`);
  const router: T.Router = {
    id: newUuid(d), name: "router1", projectId: demo.id, adminStateUp: true, status: "ACTIVE",
    externalGateway: { networkId: publicNet.id, enableSnat: true, externalFixedIps: [{ subnetId: publicSubnet.id, ipAddress: "172.24.4.37" }] },
    routes: [], distributed: false, ha: false, availabilityZoneHints: [], description: "", tags: [], revisionNumber: 3, createdAt: t, updatedAt: t,
  };
  put("routers", router.id, router);
  port(publicNet, "", [{ subnetId: publicSubnet.id, ipAddress: "172.24.4.37" }], "network:router_gateway", router.id);
  port(privateNet, demo.id, [{ subnetId: privateSubnet.id, ipAddress: "10.0.0.1" }], "network:router_interface", router.id);

  for (const p of [admin, demo, altDemo]) {
    const sg: T.SecurityGroup = { id: newUuid(d), name: "default", projectId: p.id, description: "Default security group", stateful: true, tags: [], revisionNumber: 1, createdAt: t, updatedAt: t };
    put("securityGroups", sg.id, sg);
    for (const [direction, ethertype, remote] of [["egress", "IPv4", false], ["egress", "IPv6", false], ["ingress", "IPv4", true], ["ingress", "IPv6", true]] as const) {
      const r: T.SecurityGroupRule = {
        id: newUuid(d), securityGroupId: sg.id, projectId: p.id, direction, ethertype, protocol: null, portRangeMin: null, portRangeMax: null,
        remoteIpPrefix: null, remoteGroupId: remote ? sg.id : null, remoteAddressGroupId: null, description: "", revisionNumber: 0, createdAt: t, updatedAt: t,
      };
      put("securityGroupRules", r.id, r);
    }
  }
  // DevStack's IP_VERSION=4+6 default (lib/neutron_plugins/services/l3): a SLAAC /64 on `private` joined to
  // router1, and 2001:db8::/64 without DHCP on `public`, where router1's gateway port takes 2001:db8::1.
  const v6 = (name: string, net: T.Network, cidr: string, gatewayIp: string, pools: T.AllocationPool[], slaac: boolean): T.Subnet => {
    const s: T.Subnet = {
      id: newUuid(d), name, networkId: net.id, projectId: net.projectId, ipVersion: 6, cidr, gatewayIp, enableDhcp: slaac, allocationPools: pools,
      dnsNameservers: [], hostRoutes: [], ipv6RaMode: slaac ? "slaac" : null, ipv6AddressMode: slaac ? "slaac" : null, subnetPoolId: null,
      description: "", serviceTypes: [], segmentId: null, tags: [], revisionNumber: 0, createdAt: t, updatedAt: t,
    };
    put("subnets", s.id, s);
    return s;
  };
  const privateV6 = v6("ipv6-private-subnet", privateNet, "fd5e:8a3c:42b7::/64", "fd5e:8a3c:42b7::1", [{ start: "fd5e:8a3c:42b7::2", end: "fd5e:8a3c:42b7:0:ffff:ffff:ffff:ffff" }], true);
  const publicV6 = v6("ipv6-public-subnet", publicNet, "2001:db8::/64", "2001:db8::2", [{ start: "2001:db8::1", end: "2001:db8::1" }, { start: "2001:db8::3", end: "2001:db8::ffff:ffff:ffff:ffff" }], false);
  port(privateNet, demo.id, [{ subnetId: privateV6.id, ipAddress: "fd5e:8a3c:42b7::1" }], "network:router_interface", router.id);
  const gwPort = d.list("ports").find((p) => p.deviceOwner === "network:router_gateway" && p.deviceId === router.id);
  if (gwPort) put("ports", gwPort.id, { ...gwPort, fixedIps: [...gwPort.fixedIps, { subnetId: publicV6.id, ipAddress: "2001:db8::1" }] });
  put("routers", router.id, { ...router, externalGateway: { ...router.externalGateway!, externalFixedIps: [...router.externalGateway!.externalFixedIps, { subnetId: publicV6.id, ipAddress: "2001:db8::1" }] } });
  const agent = (agentType: string, binary: string, host: string): void => {
    const a: T.NetworkAgent = { id: newUuid(d), agentType, binary, host, availabilityZone: null, alive: true, adminStateUp: true, topic: "n/a", configurations: {}, createdAt: t, startedAt: t, heartbeatAt: now };
    put("networkAgents", a.id, a);
  };
  agent("OVN Controller Gateway agent", "ovn-controller", CONTROLLER_HOST);
  agent("OVN Metadata agent", "neutron-ovn-metadata-agent", CONTROLLER_HOST);
  agent("OVN Controller agent", "ovn-controller", COMPUTE_HOST);
  agent("OVN Metadata agent", "neutron-ovn-metadata-agent", COMPUTE_HOST);

  // ---------------------------------------------------------------- quotas: the `default` quota class
  put("quotaDefaults", "default", Object.fromEntries(QUOTA_RESOURCES.map((r) => [r.key, r.defaultLimit])));
  void service;
  return d.commit();
}

/** The environment after DevStack's `source openrc admin admin`. */
export function devstackEnv(user = "admin", project = user): Record<string, string> {
  return {
    HOME: "/home/stack", USER: "stack", PATH: "/usr/local/bin:/usr/bin:/bin", SHELL: "/bin/bash", PWD: "/home/stack",
    OS_AUTH_URL: `http://${HOST_IP}/identity`, OS_AUTH_TYPE: "password", OS_IDENTITY_API_VERSION: "3", OS_REGION_NAME: "RegionOne",
    OS_USERNAME: user, OS_PASSWORD: DEVSTACK_PASSWORD, OS_PROJECT_NAME: project, OS_USER_DOMAIN_ID: "default", OS_PROJECT_DOMAIN_ID: "default",
    OS_CACERT: "", OS_VOLUME_API_VERSION: "3",
  };
}

/** Files a fresh DevStack host has that labs commonly `source` or read. */
export function devstackFiles(): Record<string, string> {
  const openrc = (user: string, project: string): string =>
    [
      `export OS_AUTH_URL=http://${HOST_IP}/identity`, "export OS_AUTH_TYPE=password", "export OS_IDENTITY_API_VERSION=3",
      "export OS_REGION_NAME=RegionOne", `export OS_USERNAME=${user}`, `export OS_PASSWORD=${DEVSTACK_PASSWORD}`,
      `export OS_PROJECT_NAME=${project}`, "export OS_USER_DOMAIN_ID=default", "export OS_PROJECT_DOMAIN_ID=default", "",
    ].join("\n");
  const cloud = (user: string, project: string): string =>
    `    auth:\n      auth_url: http://${HOST_IP}/identity\n      password: ${DEVSTACK_PASSWORD}\n      project_domain_id: default\n      project_name: ${project}\n      user_domain_id: default\n      username: ${user}\n    identity_api_version: '3'\n    region_name: RegionOne\n    volume_api_version: '3'\n`;
  return {
    "/home/stack/admin-openrc": openrc("admin", "admin"),
    "/home/stack/demo-openrc": openrc("demo", "demo"),
    "/etc/openstack/clouds.yaml": `clouds:\n  devstack:\n${cloud("demo", "demo")}  devstack-admin:\n${cloud("admin", "admin")}  devstack-alt:\n${cloud("alt_demo", "alt_demo")}`,
  };
}
