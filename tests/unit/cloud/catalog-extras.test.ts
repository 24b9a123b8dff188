import { describe, expect, it } from "vitest";
import { createSession, validateState } from "@/lib/cloud";

// The catalog commands added last: keystone federation, subnet pools, metering, port forwarding, segments and
// volume revert. Each test asserts what a learner (or the lab checker reading the state) would notice.

describe("keystone federation records", () => {
  it("an identity provider, its mapping and protocol are stored, and deleting the provider takes its protocols", () => {
    const s = createSession({ seed: 3 });
    s.run(`echo '[{"local": [{"user": {"name": "{0}"}}], "remote": [{"type": "REMOTE_USER"}]}]' > rules.json`);
    expect(s.run("openstack identity provider create --remote-id https://sso.example.org uni").exitCode).toBe(0);
    expect(s.run("openstack mapping create --rules rules.json uni-map").exitCode).toBe(0);
    expect(s.run("openstack federation protocol create --identity-provider uni --mapping uni-map saml2").exitCode).toBe(0);
    expect(s.state.federationProtocols["uni/saml2"]?.mappingId).toBe("uni-map");
    // keystone made a domain for the provider, as it does when none is given.
    const domainId = s.state.identityProviders.uni?.domainId ?? "";
    expect(s.state.domains[domainId]?.description).toBe("Auto generated federated domain for Identity Provider: uni");
    expect(s.run("openstack identity provider delete uni").exitCode).toBe(0);
    expect(s.state.federationProtocols).toEqual({});
    expect(validateState(JSON.parse(JSON.stringify(s.state))).ok).toBe(true);
  });

  it("a member may not read or create identity providers", () => {
    const s = createSession({ seed: 3 });
    s.run("source demo-openrc");
    const r = s.run("openstack identity provider create evil");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("You are not authorized to perform the requested action: identity:create_identity_provider.");
    expect(s.state.identityProviders).toEqual({});
  });

  it("rules that are not JSON are refused by the client before any call", () => {
    const s = createSession({ seed: 3 });
    s.run("echo 'not json' > r.json");
    const r = s.run("openstack mapping create --rules r.json m");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^An error occurred when reading rules from file r\.json: Expecting value: line 1 column 1/);
  });
});

describe("subnet pools", () => {
  it("subnets carve the next free block of the pool's default size, and a pool in use cannot be deleted", () => {
    const s = createSession({ seed: 3 });
    s.run("openstack subnet pool create --pool-prefix 10.60.0.0/16 --default-prefix-length 24 p");
    expect(s.run("openstack subnet create --network shared --subnet-pool p a -f value -c cidr").stdout).toBe("10.60.0.0/24\n");
    expect(s.run("openstack subnet create --network shared --subnet-pool p b -f value -c cidr").stdout).toBe("10.60.1.0/24\n");
    const del = s.run("openstack subnet pool delete p");
    expect(del.exitCode).toBe(1);
    expect(del.stderr).toContain("Subnet pool has existing allocations.");
    expect(Object.values(s.state.subnetPools).map((p) => p.name)).toEqual(["p"]);
  });

  it("only an admin may share a pool", () => {
    const s = createSession({ seed: 3 });
    s.run("source demo-openrc");
    expect(s.run("openstack subnet pool create --pool-prefix 10.61.0.0/16 --share p").stderr).toContain("(rule:create_subnetpool and rule:create_subnetpool:shared) is disallowed by policy");
    expect(s.run("openstack subnet pool create --pool-prefix 10.61.0.0/16 p -f value -c shared").stdout).toBe("False\n");
  });
});

describe("metering, port forwarding, segments", () => {
  it("meters are admin-only: a member sees none and cannot create one", () => {
    const s = createSession({ seed: 3 });
    s.run("openstack network meter create m && openstack network meter rule create --remote-ip-prefix 0.0.0.0/0 m");
    expect(Object.keys(s.state.meteringLabelRules)).toHaveLength(1);
    s.run("source demo-openrc");
    expect(s.run("openstack network meter list").stdout).toBe("\n");
    expect(s.run("openstack network meter create mine").exitCode).toBe(1);
    s.run("source admin-openrc");
    s.run("openstack network meter delete m");
    expect(s.state.meteringLabelRules).toEqual({});
  });

  it("a port forwarding maps a floating IP's port to a fixed address and goes away with its port", () => {
    const s = createSession({ seed: 3 });
    s.run("openstack network create n && openstack subnet create --network n --subnet-range 10.70.0.0/24 sn");
    s.run("openstack router create r && openstack router add subnet r sn && openstack router set --external-gateway public r");
    s.run("openstack port create --network n --fixed-ip ip-address=10.70.0.5 web");
    const fip = s.run("openstack floating ip create public -f value -c floating_ip_address").stdout.trim();
    const r = s.run(`openstack floating ip port forwarding create --port web --internal-ip-address 10.70.0.5 --internal-protocol-port 22 --external-protocol-port 2205 --protocol tcp ${fip} -f value -c external_port`);
    expect(r.stdout).toBe("2205\n");
    expect(Object.values(s.state.portForwardings)[0]?.internalIpAddress).toBe("10.70.0.5");
    s.run("openstack port delete web");
    expect(s.state.portForwardings).toEqual({});
  });

  it("each network shows one segment whose id stays the same between commands", () => {
    const s = createSession({ seed: 3 });
    const first = s.run("openstack network segment list --network public -f value -c ID -c 'Network Type'").stdout;
    expect(first).toMatch(/^[0-9a-f-]{36} flat\n$/);
    expect(s.run("openstack network segment list --network public -f value -c ID -c 'Network Type'").stdout).toBe(first);
    const id = first.split(" ")[0] ?? "";
    expect(s.run(`openstack network segment show ${id} -f value -c physical_network`).stdout).toBe("public\n");
  });
});

describe("volume revert and the volume API version flag", () => {
  it("needs microversion 3.40 from the flag or the environment, and only reverts to the latest snapshot", () => {
    const s = createSession({ seed: 3 });
    s.run("openstack volume create --size 1 v && openstack volume snapshot create --volume v s1 && openstack volume snapshot create --volume v s2");
    expect(s.run("openstack volume revert s2").stderr).toContain("--os-volume-api-version 3.40 or greater is required");
    expect(s.run("openstack --os-volume-api-version 3.40 volume revert s1").stderr).toContain("is not the latest one of volume");
    expect(s.run("openstack --os-volume-api-version 3.40 volume revert s2").exitCode).toBe(0);
    s.run("export OS_VOLUME_API_VERSION=3.40");
    expect(s.run("openstack volume revert s2").exitCode).toBe(0);
  });

  it("`openstack unknown --help` fails like cliff's help command", () => {
    const r = createSession({ seed: 3 }).run("openstack unknown --help");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe("Unknown command ['unknown']\n");
  });
});
