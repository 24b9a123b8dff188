import { describe, expect, it } from "vitest";
import { createSession } from "@/lib/cloud";

describe("network rules", () => {
  it("a learner's topology connects: subnet on a router with a gateway lets a floating IP reach a port", () => {
    const s = createSession({ seed: 7 });
    s.run("source /home/stack/demo-openrc");
    s.run("openstack network create web-net && openstack subnet create --network web-net --subnet-range 10.7.0.0/24 web-sub");
    s.run("openstack router create web-r && openstack router add subnet web-r web-sub && openstack router set --external-gateway public web-r");
    s.run("openstack port create --network web-net web-port");
    const fip = s.run("openstack floating ip create public -f value -c floating_ip_address").stdout.trim();
    expect(s.run(`openstack floating ip set --port web-port ${fip}`).exitCode).toBe(0);
    expect(s.run(`openstack floating ip show ${fip} -f value -c status`).stdout).toBe("ACTIVE\n");
  });

  it("a floating IP cannot reach a subnet that no router connects to the external network", () => {
    const s = createSession({ seed: 7 });
    s.run("openstack network create lonely && openstack subnet create --network lonely --subnet-range 10.8.0.0/24 lonely-sub && openstack port create --network lonely p");
    const fip = s.run("openstack floating ip create public -f value -c floating_ip_address").stdout.trim();
    const r = s.run(`openstack floating ip set --port p ${fip}`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^NotFoundException: 404: Client Error for url: .*is not reachable from subnet/);
  });

  it("a subnet with a router interface cannot be deleted until the interface is removed, and nothing changes on refusal", () => {
    const s = createSession({ seed: 7 });
    s.run("openstack network create n && openstack subnet create --network n --subnet-range 10.9.0.0/24 sn && openstack router create r && openstack router add subnet r sn");
    const before = s.state.subnets;
    expect(s.run("openstack subnet delete sn").stderr).toContain("One or more ports have an IP allocation from this subnet.");
    expect(s.state.subnets).toBe(before);
    expect(s.run("openstack router remove subnet r sn && openstack subnet delete sn").exitCode).toBe(0);
  });

  it("neutron's router quota is enforced with its own wording", () => {
    const s = createSession({ seed: 7 });
    s.run("openstack quota set --routers 1 demo && source /home/stack/demo-openrc");
    const r = s.run("openstack router create extra");
    expect(r.stderr).toMatch(/Quota exceeded for resources: \['router'\]\./);
  });

  it("a duplicate security group rule reports the existing rule's id", () => {
    const s = createSession({ seed: 7 });
    s.run("openstack security group create web");
    const id = s.run("openstack security group rule create --protocol tcp --dst-port 22 web -f value -c id").stdout.trim();
    expect(s.run("openstack security group rule create --protocol tcp --dst-port 22 web").stderr).toContain(`Security group rule already exists. Rule id is ${id}.`);
  });
});
