import { describe, expect, it } from "vitest";
import { createSession, validateState } from "@/lib/cloud";

// What the review against today's client changed, asserted the way a learner (or the lab checker reading the
// state) would notice it: service providers, availability zones, snapshot images, compute errors in the SDK's
// frame, volume type order and policy names.

const SP = "--auth-url https://sp.example.org/v3 --service-provider-url https://sp.example.org/ecp";

describe("federation service providers", () => {
  it("are stored for the checker, listed, updated and deleted by an admin", () => {
    const s = createSession({ seed: 5 });
    expect(s.run(`openstack service provider create ${SP} --disable partner`).exitCode).toBe(0);
    expect(s.state.serviceProviders.partner).toMatchObject({ enabled: false, spUrl: "https://sp.example.org/ecp", relayStatePrefix: "ss:mem:" });
    expect(s.run("openstack service provider set --enable partner -f value -c enabled").stdout).toBe("True\n");
    expect(s.run("openstack service provider list -f value -c ID").stdout).toBe("partner\n");
    expect(validateState(JSON.parse(JSON.stringify(s.state))).ok).toBe(true);
    expect(s.run("openstack service provider delete partner").exitCode).toBe(0);
    expect(s.state.serviceProviders).toEqual({});
  });

  it("refuse a duplicate id with keystone's conflict and a member with keystone's policy text", () => {
    const s = createSession({ seed: 5 });
    s.run(`openstack service provider create ${SP} partner`);
    const dup = s.run(`openstack service provider create ${SP} partner`);
    expect(dup.exitCode).toBe(1);
    expect(dup.stderr).toContain("ConflictException: 409: Client Error for url: http://192.168.122.10/identity/v3/OS-FEDERATION/service_providers/partner, Conflict occurred attempting to store service_provider - Duplicate entry found with ID partner.");
    s.run("source demo-openrc");
    const refused = s.run(`openstack service provider create ${SP} mine`);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("You are not authorized to perform the requested action: identity:create_service_provider.");
    expect(Object.keys(s.state.serviceProviders)).toEqual(["partner"]);
  });

  it("need both URLs, as argparse says before anything is sent", () => {
    const r = createSession({ seed: 5 }).run("openstack service provider create partner");
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("error: the following arguments are required: --auth-url, --service-provider-url");
  });
});

describe("availability zones", () => {
  it("list a host's new zone once an aggregate with that zone holds it, sorted with nova's others", () => {
    const s = createSession({ seed: 5 });
    expect(s.run("openstack availability zone list --compute -f value -c 'Zone Name'").stdout).toBe("internal\nnova\n");
    s.run("openstack aggregate create --zone az2 agg");
    expect(s.run("openstack availability zone list --compute -f value -c 'Zone Name'").stdout).toBe("internal\nnova\n");
    s.run("openstack aggregate add host agg devstack-compute1");
    expect(s.run("openstack availability zone list --compute -f value -c 'Zone Name'").stdout).toBe("az2\ninternal\nnova\n");
  });

  it("reports no network zones on ML2/OVN and a zone with only disabled services as not available", () => {
    const s = createSession({ seed: 5 });
    expect(s.run("openstack availability zone list --network").stdout).toBe("\n");
    s.run("openstack compute service set --disable devstack nova-compute");
    s.run("openstack compute service set --disable devstack-compute1 nova-compute");
    expect(s.run("openstack availability zone list --compute -f value").stdout).toBe("internal available\nnova not available\n");
  });
});

describe("server image create", () => {
  const BOOT = "openstack server create --image cirros-0.6.3-x86_64-disk --flavor m1.tiny --network private --wait vm1";

  it("shows the image queued without size, and it is active with its size by the next command", () => {
    const s = createSession({ seed: 5 });
    s.run(BOOT);
    const created = s.run("openstack server image create --name snap vm1 -f json");
    const shown = JSON.parse(created.stdout) as Record<string, unknown>;
    expect(shown.status).toBe("queued");
    expect(shown).not.toHaveProperty("size");
    expect(validateState(JSON.parse(JSON.stringify(s.state))).ok).toBe(true);
    expect(s.run("openstack image show snap -f value -c status -c size").stdout).toBe("25692416\nactive\n");
  });

  it("a waited server create starts with the client's newline, a waited rebuild or resize with `Complete`", () => {
    const s = createSession({ seed: 5 });
    expect(s.run(`${BOOT} -f value -c status`).stdout).toBe("\nACTIVE\n");
    expect(s.run("openstack server rebuild --wait vm1 -f value -c status").stdout).toBe("Complete\nACTIVE\n");
    expect(s.run("openstack server resize --flavor m1.small --wait vm1").stdout).toBe("Complete\n");
  });

  it("with --wait prints the finished image after the client's empty progress line", () => {
    const s = createSession({ seed: 5 });
    s.run(BOOT);
    expect(s.run("openstack server image create --name snap --wait vm1 -f value -c status").stdout).toBe("\nactive\n");
  });
});

describe("compute errors as the SDK-based client prints them", () => {
  it("frame nova's message with the exception class and the request URL, without a request id", () => {
    const s = createSession({ seed: 5 });
    s.run("source demo-openrc");
    const r = s.run("openstack flavor create --ram 64 mine");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe("ForbiddenException: 403: Client Error for url: http://192.168.122.10/compute/v2.1/flavors, Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.\n");
  });
});

describe("volume types", () => {
  it("list newest first, as cinder sorts by created_at descending", () => {
    const s = createSession({ seed: 5 });
    s.run("openstack volume type create gold");
    expect(s.run("openstack volume type list -f value -c Name").stdout).toBe("gold\nlvmdriver-1\n__DEFAULT__\n");
  });

  it("keep the configured default type with cinder's wording, while its own __DEFAULT__ may go", () => {
    const s = createSession({ seed: 5 });
    const r = s.run("openstack volume type delete lvmdriver-1");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^Failed to delete volume type with name or ID 'lvmdriver-1': The volume type [0-9a-f-]{36} is a default volume type and cannot be deleted\. \(HTTP 400\)/);
    expect(s.run("openstack volume type delete __DEFAULT__").exitCode).toBe(0);
    expect(s.run("openstack volume type list -f value -c Name").stdout).toBe("lvmdriver-1\n");
  });

  it("refuse a member with the per-verb policy name and hide migration_status from it", () => {
    const s = createSession({ seed: 5 });
    s.run("source demo-openrc");
    expect(s.run("openstack volume type create gold").stderr).toContain("Policy doesn't allow volume_extension:type_create to be performed.");
    s.run("openstack volume create --size 1 v1");
    const r = s.run("openstack volume show v1 -c migration_status");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("No recognized column names in ['migration_status'].");
  });
});
