import { describe, expect, it } from "vitest";
import { createDefaultCloud, createSession, type CloudState } from "@/lib/cloud";
import { grade, gradeCheck, parseChecks, resourceKindNames, type Check } from "@/lib/checker";

/**
 * The check language over a state built the way a learner would (identity through the CLI) plus records of the
 * other services written directly, so every resource kind is graded here whatever the simulator supports yet.
 */

function stateWithEverything(): CloudState {
  const session = createSession({ state: createDefaultCloud() });
  for (const line of [
    "openstack project create --description 'Development team' dev",
    "openstack user create --password secret --email alice@example.com --project dev alice",
    "openstack group create developers",
    "openstack group add user developers alice",
    "openstack role add --group developers --project dev member",
    "openstack quota set --instances 4 dev",
  ]) {
    expect(session.run(line).exitCode, line).toBe(0);
  }
  const s = structuredClone(session.state) as CloudState;
  const dev = Object.values(s.projects).find((p) => p.name === "dev")!;
  const admin = Object.values(s.users).find((u) => u.name === "admin")!;
  const net = Object.values(s.networks).find((n) => n.name === "private")!;
  const sub = Object.values(s.subnets).find((n) => n.name === "private-subnet")!;
  const pub = Object.values(s.networks).find((n) => n.name === "public")!;
  const small = Object.values(s.flavors).find((f) => f.name === "m1.small")!;
  const image = Object.values(s.images)[0]!;
  const sg = Object.values(s.securityGroups).find((g) => g.projectId === dev.id) ?? Object.values(s.securityGroups)[0]!;
  const t = s.meta.now;
  s.ports.p1 = {
    id: "p1", name: "", networkId: net.id, projectId: dev.id, macAddress: "fa:16:3e:00:00:01", fixedIps: [{ subnetId: sub.id, ipAddress: "10.0.0.5" }],
    adminStateUp: true, status: "ACTIVE", deviceOwner: "compute:nova", deviceId: "s1", securityGroupIds: [sg.id], portSecurityEnabled: true,
    bindingHostId: "devstack", bindingVnicType: "normal", allowedAddressPairs: [], description: "", tags: [], revisionNumber: 1, createdAt: t, updatedAt: t,
  };
  s.volumes.v1 = {
    id: "v1", name: "data", projectId: dev.id, userId: admin.id, sizeGb: 2, status: "in-use", pending: null, volumeTypeId: Object.keys(s.volumeTypes)[0]!,
    availabilityZone: "nova", bootable: false, multiattach: false, encrypted: false, description: null, sourceVolumeId: null, snapshotId: null, imageId: null,
    attachments: [{ id: "a1", serverId: "s1", device: "/dev/vdb", host: "devstack", attachedAt: t }], metadata: {}, imageMetadata: {}, host: "devstack", createdAt: t, updatedAt: t,
  };
  s.servers.s1 = {
    id: "s1", name: "web1", projectId: dev.id, userId: admin.id, status: "SHUTOFF", powerState: 4, taskState: null, vmState: "stopped", pending: null,
    flavorId: small.id, previousFlavorId: null, imageId: image.id, keyName: "mykey", securityGroupNames: [sg.name], hostId: "h", host: "devstack",
    hypervisorHostname: "devstack", availabilityZone: "nova", portIds: ["p1"], volumeAttachments: [{ volumeId: "v1", device: "/dev/vdb", attachmentId: "a1" }],
    metadata: { role: "web" }, configDrive: "", userData: null, locked: false, lockedReason: null, description: null, tags: [], serverGroupId: null, adminPass: null,
    createdAt: t, updatedAt: t, launchedAt: t, consoleLog: [],
  } as unknown as CloudState["servers"][string];
  s.floatingIps.f1 = {
    id: "f1", projectId: dev.id, floatingNetworkId: pub.id, floatingIpAddress: "172.24.4.50", fixedIpAddress: "10.0.0.5", portId: "p1", routerId: null,
    status: "ACTIVE", description: "", dnsName: "", tags: [], revisionNumber: 1, createdAt: t, updatedAt: t,
  };
  s.securityGroupRules.r1 = {
    id: "r1", securityGroupId: sg.id, projectId: dev.id, direction: "ingress", ethertype: "IPv4", protocol: "tcp", portRangeMin: 80, portRangeMax: 80,
    remoteIpPrefix: "0.0.0.0/0", remoteGroupId: null, remoteAddressGroupId: null, description: "", revisionNumber: 0, createdAt: t, updatedAt: t,
  };
  s.keypairs[`${admin.id}/mykey`] = { name: "mykey", userId: admin.id, type: "ssh", fingerprint: "aa", publicKey: "ssh-ed25519 AAAA", createdAt: t };
  s.aggregates["1"] = { id: 1, uuid: "ag1", name: "fast", availabilityZone: "az-fast", hosts: ["devstack"], metadata: { ssd: "true" }, createdAt: t, updatedAt: null };
  s.imageMembers[`${image.id}/${dev.id}`] = { imageId: image.id, memberId: dev.id, status: "accepted", createdAt: t, updatedAt: t };
  s.volumeSnapshots.sn1 = { id: "sn1", name: "data-snap", volumeId: "v1", projectId: dev.id, sizeGb: 2, status: "available", description: null, metadata: {}, createdAt: t, updatedAt: null };
  s.volumeBackups.b1 = {
    id: "b1", name: "data-backup", volumeId: "v1", snapshotId: null, projectId: dev.id, sizeGb: 2, status: "available", container: "volumebackups", incremental: false,
    hasDependentBackups: false, objectCount: 1, description: null, availabilityZone: null, createdAt: t, updatedAt: null, dataTimestamp: t,
  };
  s.containers[`${dev.id}/logs`] = { id: `${dev.id}/logs`, projectId: dev.id, name: "logs", metadata: {}, readAcl: ".r:*", writeAcl: null, storagePolicy: "Policy-0", createdAt: t };
  s.objects[`${dev.id}/logs/today.txt`] = {
    id: `${dev.id}/logs/today.txt`, projectId: dev.id, container: "logs", name: "today.txt", content: "hello\n", contentType: "text/plain", etag: "x",
    metadata: { owner: "ops" }, deleteAt: t + 30 * 60 * 1000, lastModified: t,
  };
  s.stacks.st1 = {
    id: "st1", name: "web-stack", projectId: dev.id, userId: admin.id, status: "CREATE_COMPLETE", statusReason: "", description: "", template: "", parameters: { flavor: "m1.small" },
    environment: null, outputs: [{ key: "url", description: "", value: "http://172.24.4.50" }], timeoutMins: null, disableRollback: true, tags: [], parentId: null,
    createdAt: t, updatedAt: null, deletedAt: null,
  };
  return s;
}

const state = stateWithEverything();

function check(raw: Record<string, unknown>): Check {
  const parsed = parseChecks([{ id: "c", points: 1, description: "d", ...raw }]);
  expect(parsed.issues).toEqual([]);
  return parsed.checks[0]!;
}

const pass = (raw: Record<string, unknown>) => expect(gradeCheck(state, check(raw)).passed, JSON.stringify(raw)).toBe(true);
const failWith = (raw: Record<string, unknown>, reason: string) => {
  const result = gradeCheck(state, check(raw));
  expect(result.passed).toBe(false);
  expect(result.reason).toBe(reason);
};

describe("every resource kind", () => {
  const cases: Record<string, { ok: Record<string, unknown>; bad: Record<string, unknown>; reason: string }> = {
    domain: { ok: { where: { name: "Default" }, expect: { enabled: true } }, bad: { where: { name: "Default" }, expect: { enabled: false } }, reason: "Domain Default is enabled; the task wants it disabled." },
    project: { ok: { where: { name: "dev" }, expect: { domain: "Default", description: "Development team" } }, bad: { where: { name: "dev" }, expect: { description: "QA" } }, reason: "Project dev has description Development team; the task wants description QA." },
    user: { ok: { where: { name: "alice" }, expect: { email: "alice@example.com", defaultProject: "dev", groups: ["developers"], password: "secret" } }, bad: { where: { name: "alice" }, expect: { defaultProject: "admin" } }, reason: "User alice has default project dev; the task wants default project admin." },
    group: { ok: { where: { name: "developers" }, expect: { members: ["alice"] } }, bad: { where: { name: "developers" }, expect: { members: ["bob"] } }, reason: "Group developers has members alice; the task wants member bob too." },
    roleAssignment: { ok: { where: { user: "alice", project: "dev", role: "reader", effective: true } }, bad: { where: { user: "alice", project: "dev", role: "member" } }, reason: "No role assignment with user alice, with project dev, with role member exists." },
    flavor: { ok: { where: { name: "m1.small" }, expect: { vcpus: 1, ram: 2048, disk: { min: 20 }, public: true } }, bad: { where: { name: "m1.small" }, expect: { vcpus: 2 } }, reason: "Flavor m1.small has vCPUs 1; the task wants 2." },
    server: { ok: { where: { name: "web1" }, expect: { flavor: "m1.small", networks: ["private"], volumes: ["data"], keypair: "mykey", availabilityZone: "nova", floatingIp: true, metadata: { role: "web" } } }, bad: { where: { name: "web1" }, expect: { status: "ACTIVE" } }, reason: "Server web1 is SHUTOFF; the task wants it ACTIVE." },
    keypair: { ok: { where: { name: "mykey" }, expect: { type: "ssh", user: "admin" } }, bad: { where: { name: "mykey" }, expect: { type: "x509" } }, reason: "Key pair mykey has type ssh; the task wants type x509." },
    aggregate: { ok: { where: { name: "fast" }, expect: { availabilityZone: "az-fast", hosts: ["devstack"], properties: { ssd: true } } }, bad: { where: { name: "fast" }, expect: { hosts: ["devstack-compute1"] } }, reason: "Aggregate fast has hosts devstack; the task wants hosts devstack-compute1 too." },
    computeService: { ok: { where: { host: "devstack-compute1", binary: "nova-compute" }, expect: { status: "enabled", state: "up" } }, bad: { where: { host: "devstack-compute1", binary: "nova-compute" }, expect: { status: "disabled" } }, reason: "Service nova-compute on devstack-compute1 is enabled; the task wants it disabled." },
    image: { ok: { where: { name: "cirros-0.6.3-x86_64-disk" }, expect: { visibility: "public", diskFormat: "qcow2", members: ["dev"] } }, bad: { where: { name: "cirros-0.6.3-x86_64-disk" }, expect: { protected: true } }, reason: "Image cirros-0.6.3-x86_64-disk is unprotected; the task wants it protected." },
    imageMember: { ok: { where: { project: "dev" }, expect: { status: "accepted" } }, bad: { where: { project: "dev" }, expect: { status: "pending" } }, reason: "Project dev as a member of image cirros-0.6.3-x86_64-disk is accepted; the task wants it pending." },
    volume: { ok: { where: { name: "data" }, expect: { size: 2, status: "in-use", attachedTo: ["web1"], bootable: false } }, bad: { where: { name: "data" }, expect: { size: { min: 5 } } }, reason: "Volume data has size 2 GiB; the task wants at least 5 GiB." },
    volumeSnapshot: { ok: { where: { name: "data-snap" }, expect: { volume: "data", status: "available" } }, bad: { where: { name: "data-snap" }, expect: { status: "error" } }, reason: "Snapshot data-snap is available; the task wants it error." },
    volumeBackup: { ok: { where: { name: "data-backup" }, expect: { volume: "data", incremental: false } }, bad: { where: { name: "data-backup" }, expect: { incremental: true } }, reason: "Backup data-backup is a full backup; the task wants it incremental." },
    volumeType: { ok: { where: { name: "lvmdriver-1" }, expect: { public: true, properties: { volume_backend_name: "lvmdriver-1" } } }, bad: { where: { name: "lvmdriver-1" }, expect: { properties: { multiattach: "<is> True" } } }, reason: "Volume type lvmdriver-1 has no property multiattach; the task wants multiattach=<is> True." },
    network: { ok: { where: { name: "public" }, expect: { external: true, providerNetworkType: "flat" } }, bad: { where: { name: "private" }, expect: { shared: true } }, reason: "Network private is not shared; the task wants it shared." },
    subnet: { ok: { where: { name: "private-subnet" }, expect: { network: "private", range: "10.0.0.0/26", gateway: "10.0.0.1", dhcp: true, allocationPools: [{ start: "10.0.0.2", end: "10.0.0.62" }] } }, bad: { where: { name: "public-subnet" }, expect: { dhcp: true } }, reason: "Subnet public-subnet is without DHCP; the task wants it DHCP-enabled." },
    router: { ok: { where: { name: "router1" }, expect: { externalGateway: "public", interfaces: ["private-subnet"] } }, bad: { where: { name: "router1" }, expect: { externalGateway: null } }, reason: "Router router1 has external gateway public; the task wants no external gateway." },
    port: { ok: { where: { server: "web1" }, expect: { fixedIps: ["10.0.0.5"], network: "private" } }, bad: { where: { server: "web1" }, expect: { adminStateUp: false } }, reason: "Port p1 is up; the task wants it down." },
    floatingIp: { ok: { where: { server: "web1" }, expect: { network: "public", fixedIp: "10.0.0.5", associated: true } }, bad: { where: { address: "172.24.4.50" }, expect: { server: null } }, reason: "Floating IP 172.24.4.50 has server web1; the task wants no server." },
    securityGroup: { ok: { where: { name: "default", project: "demo" }, expect: { stateful: true } }, bad: { where: { name: "web" } }, reason: "No security group named web exists." },
    securityGroupRule: { ok: { where: { protocol: "tcp", portMin: 80, portMax: 80, remoteIp: "0.0.0.0/0", direction: "ingress" } }, bad: { where: { protocol: "tcp", portMin: 443 } }, reason: "No security group rule with protocol tcp, with lowest port 443 exists." },
    quota: { ok: { where: { project: "dev" }, expect: { instances: 4, cores: 20 } }, bad: { where: { project: "dev" }, expect: { instances: { min: 5 } } }, reason: "Project dev has a instances quota of 4; the task wants at least 5." },
    container: { ok: { where: { name: "logs" }, expect: { readAcl: ".r:*", objects: 1 } }, bad: { where: { name: "logs" }, expect: { writeAcl: "dev:*" } }, reason: "Container logs has write ACL none; the task wants write ACL dev:*." },
    object: { ok: { where: { container: "logs", name: "today.txt" }, expect: { expires: true, expiresWithin: 3600, properties: { owner: "ops" } } }, bad: { where: { name: "today.txt" }, expect: { expiresWithin: 600 } }, reason: "Object logs/today.txt expires in 1800 seconds; the task wants it to expire within 600 seconds." },
    stack: { ok: { where: { name: "web-stack" }, expect: { status: "CREATE_COMPLETE", outputs: { url: "http://172.24.4.50" } } }, bad: { where: { name: "web-stack" }, expect: { status: "UPDATE_COMPLETE" } }, reason: "Stack web-stack is CREATE_COMPLETE; the task wants it UPDATE_COMPLETE." },
  };

  it("covers every kind the checker knows", () => {
    expect(Object.keys(cases).sort()).toEqual([...resourceKindNames].sort());
  });

  for (const [resource, c] of Object.entries(cases)) {
    it(`${resource}: passes when the state matches and says why it fails otherwise`, () => {
      pass({ resource, ...c.ok });
      failWith({ resource, ...c.bad }, c.reason);
    });
  }
});

describe("check kinds", () => {
  it("exists: names or ids both match references", () => {
    const dev = Object.values(state.projects).find((p) => p.name === "dev")!;
    pass({ resource: "server", where: { name: "web1", project: dev.id } });
  });

  it("absent: passes only when nothing matches", () => {
    pass({ resource: "server", check: "absent", where: { name: "web2" } });
    failWith({ resource: "server", check: "absent", where: { name: "web1" } }, "Server web1 still exists; the task wants it gone.");
  });

  it("count: compares how many records match", () => {
    pass({ resource: "network", check: "count", count: 3 });
    failWith({ resource: "user", check: "count", where: { name: "alice" }, count: { min: 2 } }, "Found 1 user named alice; the task wants at least 2.");
  });
});

describe("grading", () => {
  it("gives partial credit by points and grades the state only", () => {
    const { checks } = parseChecks([
      { id: "a", points: 3, description: "A", resource: "project", where: { name: "dev" } },
      { id: "b", points: 2, description: "B", resource: "project", where: { name: "qa" } },
    ]);
    const g = grade(state, checks);
    expect(g).toMatchObject({ score: 3, total: 5 });
    expect(g.results.map((r) => [r.id, r.passed, r.earned])).toEqual([["a", true, 3], ["b", false, 0]]);
  });

  it("grades a lab's worth of checks in well under 5 ms", () => {
    const { checks } = parseChecks(Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, points: 1, description: "x", resource: "server", where: { name: "web1" }, expect: { flavor: "m1.small", networks: ["private"] } })));
    const start = performance.now();
    const rounds = 200;
    for (let i = 0; i < rounds; i++) grade(state, checks);
    expect((performance.now() - start) / rounds).toBeLessThan(5);
  });
});

describe("validation", () => {
  const issues = (raw: unknown) => parseChecks([raw]).issues.map((i) => `${i.path.join(".")}: ${i.message}`);

  it("rejects an unknown check kind, resource kind, field and key", () => {
    expect(issues({ id: "a", points: 1, description: "d", check: "exist", resource: "server", where: { name: "x" } })[0]).toMatch(/^0.check: Unexpected check kind `exist` \(did you mean `exists`\?\)/);
    expect(issues({ id: "a", points: 1, description: "d", resource: "servr", where: { name: "x" } })[0]).toMatch(/^0.resource: Unexpected resource kind `servr`/);
    expect(issues({ id: "a", points: 1, description: "d", resource: "server", where: { name: "x" }, expect: { flavour: "m1" } })[0]).toMatch(/^0.expect.flavour: Unexpected field `flavour`/);
    expect(issues({ id: "a", points: 1, description: "d", resource: "server", where: { flavor: "m1.tiny" } })[0]).toMatch(/can only be expected/);
    expect(issues({ id: "a", points: 1, description: "d", resource: "server", where: { name: "x" }, weight: 2 })[0]).toMatch(/^0.weight: Unexpected key `weight`/);
    expect(issues({ id: "a", points: 1, description: "d", resource: "volume", where: { name: "x" }, expect: { size: "big" } })[0]).toMatch(/^0.expect.size: Unexpected value/);
  });

  it("rejects duplicate ids and missing fields", () => {
    const parsed = parseChecks([
      { id: "a", points: 1, description: "d", resource: "server", where: { name: "x" } },
      { id: "a", points: 1, description: "d", resource: "server", where: { name: "y" } },
      { id: "b", description: "d", resource: "server", where: { name: "y" } },
    ]);
    expect(parsed.issues.map((i) => i.message)).toEqual(["Unexpected second check with id `a`; give each check its own id", "Expected `points` in the check"]);
  });
});
