import { describe, expect, it } from "vitest";
import { createSession } from "@/lib/cloud";
import { formatIp, parseIp } from "@/lib/cloud/services/network/ip";

const dualStack = (seed = 11) => {
  const s = createSession({ seed });
  s.run("openstack network create dual && openstack subnet create --network dual --subnet-range 10.40.0.0/24 v4");
  s.run("openstack subnet create --network dual --ip-version 6 --subnet-range fd00:40::/64 --ipv6-ra-mode slaac --ipv6-address-mode slaac v6");
  return s;
};

describe("IPv6 addresses as neutron prints them", () => {
  it("prints every address in the shortest RFC 5952 form, whatever the learner typed", () => {
    const cases: [string, string][] = [
      ["2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
      ["fd00:0:0:1:0:0:0:1", "fd00:0:0:1::1"],
      ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
      ["::", "::"],
      ["::ffff:192.0.2.1", "::ffff:c000:201"],
    ];
    for (const [typed, printed] of cases) {
      const ip = parseIp(typed);
      expect(ip && formatIp(ip.version, ip.value)).toBe(printed);
    }
    for (const bad of ["1::2::3", "12345::", "fd00:::1", "1:2:3:4:5:6:7:8:9", "10.0.0.256"]) expect(parseIp(bad)).toBeNull();
  });

  it("a SLAAC subnet gets ::1 as gateway and a pool up to the last address of the /64", () => {
    const s = dualStack();
    const out = s.run("openstack subnet show v6 -f json -c gateway_ip -c allocation_pools -c cidr").stdout;
    expect(JSON.parse(out)).toEqual({ allocation_pools: [{ start: "fd00:40::2", end: "fd00:40::ffff:ffff:ffff:ffff" }], cidr: "fd00:40::/64", gateway_ip: "fd00:40::1" });
  });

  it("a port's SLAAC address is the EUI-64 of its MAC, listed after its IPv4 address", () => {
    const s = dualStack();
    s.run("openstack port create --network dual --mac-address fa:16:3e:12:34:56 p");
    const ips = JSON.parse(s.run("openstack port show p -f json -c fixed_ips").stdout).fixed_ips.map((f: { ip_address: string }) => f.ip_address);
    expect(ips).toEqual(["10.40.0.3", "fd00:40::f816:3eff:fe12:3456"]);
  });

  it("a server on a dual-stack network shows both families in its addresses", () => {
    const s = dualStack();
    s.run("openstack server create --image cirros-0.6.3-x86_64-disk --flavor m1.tiny --network dual vm");
    const table = s.run("openstack server list -c Networks").stdout;
    expect(table).toMatch(/\| dual=10\.40\.0\.\d+, fd00:40::f816:3eff:fe[0-9a-f]{2}:[0-9a-f]{1,4} +\|/);
  });

  it("refuses mismatched RA and address modes with neutron's message and stores nothing", () => {
    const s = dualStack();
    const before = s.state.subnets;
    const r = s.run("openstack subnet create --network dual --ip-version 6 --subnet-range fd00:41::/64 --ipv6-ra-mode slaac --ipv6-address-mode dhcpv6-stateful x");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("ipv6_ra_mode set to 'slaac' with ipv6_address_mode set to 'dhcpv6-stateful' is not valid. If both attributes are set, they must be the same value.");
    expect(s.state.subnets).toBe(before);
  });

  it("a stateful DHCPv6 subnet hands out pool addresses in order, and the router takes its gateway", () => {
    const s = dualStack();
    s.run("openstack subnet create --network dual --ip-version 6 --subnet-range fd00:42::/64 --ipv6-ra-mode dhcpv6-stateful --ipv6-address-mode dhcpv6-stateful st");
    s.run("openstack port create --network dual --fixed-ip subnet=st a && openstack port create --network dual --fixed-ip subnet=st b");
    const first = (p: string) => JSON.parse(s.run(`openstack port show ${p} -f json -c fixed_ips`).stdout).fixed_ips[0].ip_address;
    expect([first("a"), first("b")]).toEqual(["fd00:42::2", "fd00:42::3"]);
    s.run("openstack router create r && openstack router add subnet r st && openstack router add subnet r v6");
    // Both IPv6 subnets of one network share the router's single IPv6 port.
    const ports = s.run("openstack port list --router r -f json -c 'Fixed IP Addresses'").stdout;
    expect(JSON.parse(ports)).toHaveLength(1);
  });
});

describe("heat events as heatclient prints them", () => {
  const template = "heat_template_version: 2018-08-31\nresources:\n  net:\n    type: OS::Neutron::Net\n";

  it("`stack event list` defaults to the log format and qualifies resources once the stack's own event is listed", () => {
    const s = createSession({ seed: 3, files: { "/home/stack/t.yaml": template } });
    s.run("openstack stack create -t t.yaml --wait st");
    const log = s.run("openstack stack event list st").stdout.split("\n");
    expect(log[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \[st\]: CREATE_IN_PROGRESS {2}Stack CREATE started$/);
    expect(log[1]).toMatch(/\[st\.net\]: CREATE_IN_PROGRESS {2}state changed$/);
    // Without the stack's event in the listing, the bare resource name is all heatclient can print.
    expect(s.run("openstack stack event list st --resource net").stdout).toMatch(/^\S+ \S+ \[net\]: CREATE_IN_PROGRESS/);
    expect(s.run("openstack stack event list st -f value -c resource_status").stdout).toBe("CREATE_IN_PROGRESS\nCREATE_IN_PROGRESS\nCREATE_COMPLETE\nCREATE_COMPLETE\n");
  });

  it("`--wait` prints the event lines on stdout before the stack table, and delete --wait by name ends before the purge", () => {
    const s = createSession({ seed: 3, files: { "/home/stack/t.yaml": template } });
    const created = s.run("openstack stack create -t t.yaml --wait st");
    expect(created.stderr).toBe("");
    expect(created.stdout.indexOf("[st]: CREATE_COMPLETE")).toBeLessThan(created.stdout.indexOf("| stack_status"));
    const deleted = s.run("openstack stack delete -y --wait st");
    expect(deleted.exitCode).toBe(0);
    expect(deleted.stdout).toContain("[st.net]: DELETE_COMPLETE");
    expect(deleted.stdout).not.toContain("[st]: DELETE_COMPLETE");
    expect(s.run("openstack stack list").stdout).toBe("\n");
  });
});
