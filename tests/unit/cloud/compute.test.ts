import { describe, expect, it } from "vitest";
import { createSession } from "@/lib/cloud";

const BOOT = "openstack server create --image cirros-0.6.3-x86_64-disk --network private";
const value = (s: ReturnType<typeof createSession>, line: string): string => s.run(line).stdout.trim();

describe("compute rules", () => {
  it("a new server shows BUILD, then ACTIVE on the next command, and stop/start move it through SHUTOFF", () => {
    const s = createSession({ seed: 11 });
    expect(value(s, `${BOOT} --flavor m1.tiny vm -f value -c status`)).toBe("BUILD");
    expect(value(s, "openstack server show vm -f value -c status")).toBe("ACTIVE");
    // Tables print nova's power state by name; `-f value` prints the raw code, as cliff's machine_readable does.
    expect(s.run("openstack server show vm -c OS-EXT-STS:power_state").stdout).toContain("| OS-EXT-STS:power_state | Running |");
    expect(value(s, "openstack server show vm -f value -c OS-EXT-STS:power_state")).toBe("1");
    expect(s.run("openstack server stop vm").exitCode).toBe(0);
    expect(value(s, "openstack server show vm -f value -c status")).toBe("SHUTOFF");
    const again = s.run("openstack server stop vm");
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(/^ConflictException: 409: Client Error for url: http:\/\/192\.168\.122\.10\/compute\/v2\.1\/servers\/[0-9a-f-]{36}\/action, Cannot 'stop' instance [0-9a-f-]{36} while it is in vm_state stopped$/m);
    expect(s.run("openstack server start vm").exitCode).toBe(0);
    expect(value(s, "openstack server list -f value -c Name -c Status")).toBe("vm ACTIVE");
  });

  it("a flavor larger than any hypervisor leaves the server in ERROR with nova's scheduler fault", () => {
    const s = createSession({ seed: 11 });
    // m1.xlarge wants 16384 MB; each DevStack hypervisor has 15990 MB.
    expect(s.run(`${BOOT} --flavor m1.xlarge big`).exitCode).toBe(0);
    expect(value(s, "openstack server show big -f value -c status")).toBe("ERROR");
    expect(value(s, "openstack server show big -f value -c fault")).toContain("No valid host was found. There are not enough hosts available.");
    // The failed boot used no capacity: a small server still fits.
    expect(value(s, `${BOOT} --flavor m1.tiny --wait small -f value -c status`)).toBe("ACTIVE");
  });

  it("the instances and cores quotas refuse a boot with nova's wording and create nothing", () => {
    const s = createSession({ seed: 11 });
    s.run("openstack quota set --instances 1 demo");
    s.run("source /home/stack/demo-openrc");
    expect(s.run(`${BOOT} --flavor m1.tiny one`).exitCode).toBe(0);
    const before = s.state.servers;
    const r = s.run(`${BOOT} --flavor m1.tiny two`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^ForbiddenException: 403: Client Error for url: http:\/\/192\.168\.122\.10\/compute\/v2\.1\/servers, Quota exceeded for instances: Requested 1, but already used 1 of 1 instances$/m);
    expect(s.state.servers).toBe(before);
    s.run("source /home/stack/admin-openrc && openstack quota set --instances 10 --cores 1 demo && source /home/stack/demo-openrc");
    expect(s.run(`${BOOT} --flavor m1.medium two`).stderr).toMatch(/, Quota exceeded for cores: Requested 2, but already used 1 of 1 cores$/m);
  });

  it("a member sees only its project's servers and is refused admin-only calls with nova's policy text", () => {
    const s = createSession({ seed: 11 });
    s.run(`${BOOT.replace("private", "shared")} --flavor m1.tiny admin-vm`);
    s.run("source /home/stack/demo-openrc");
    s.run(`${BOOT} --flavor m1.tiny demo-vm`);
    expect(value(s, "openstack server list -f value -c Name")).toBe("demo-vm");
    expect(s.run("openstack server show admin-vm").stderr).toBe("No Server found for admin-vm\n");
    const all = s.run("openstack server list --all-projects");
    expect(all.exitCode).toBe(1);
    expect(all.stderr).toMatch(/^ForbiddenException: 403: Client Error for url: http:\/\/192\.168\.122\.10\/compute\/v2\.1\/servers\/detail, Policy doesn't allow os_compute_api:servers:detail:get_all_tenants to be performed\.$/m);
    expect(s.run("openstack flavor create --ram 64 mine").stderr).toMatch(/^ForbiddenException: 403: Client Error for url: http:\/\/192\.168\.122\.10\/compute\/v2\.1\/flavors, Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed\.$/m);
    expect(s.run("openstack hypervisor list").exitCode).toBe(1);
  });

  it("resize waits in VERIFY_RESIZE until confirmed, then runs on the new flavor", () => {
    const s = createSession({ seed: 11 });
    s.run(`${BOOT} --flavor m1.tiny --wait vm`);
    expect(s.run("openstack server resize --flavor m1.small vm").exitCode).toBe(0);
    expect(value(s, "openstack server show vm -f value -c status")).toBe("VERIFY_RESIZE");
    expect(s.run("openstack server resize confirm vm").exitCode).toBe(0);
    expect(value(s, "openstack server show vm -f value -c status")).toBe("ACTIVE");
    expect(value(s, "openstack server show vm -f json -c flavor")).toContain('"original_name": "m1.small"');
    expect(value(s, "openstack server list -f value -c Flavor")).toBe("m1.small");
    // A second confirm has nothing to confirm.
    expect(s.run("openstack server resize confirm vm").exitCode).toBe(1);
    expect(value(s, "openstack server event list vm -f value -c Action")).toBe("confirmResize\nresize\ncreate");
  });

  it("a locked server refuses its owner's actions until unlocked, and keeps the reason", () => {
    const s = createSession({ seed: 11 });
    s.run("source /home/stack/demo-openrc");
    s.run(`${BOOT} --flavor m1.tiny --wait vm`);
    s.run("openstack server lock --reason maintenance vm");
    expect(value(s, "openstack server show vm -f value -c locked -c locked_reason")).toBe("True\nmaintenance");
    const stop = s.run("openstack server stop vm");
    expect(stop.exitCode).toBe(1);
    expect(stop.stderr).toMatch(/^ConflictException: 409: Client Error for url: http:\/\/192\.168\.122\.10\/compute\/v2\.1\/servers\/[0-9a-f-]{36}\/action, Instance [0-9a-f-]{36} is locked$/m);
    const del = s.run("openstack server delete vm");
    expect(del.stderr).toContain("1 of 1 servers failed to delete.");
    expect(value(s, "openstack server list -f value -c Name")).toBe("vm");
    expect(s.run("openstack server unlock vm && openstack server stop vm").exitCode).toBe(0);
    expect(value(s, "openstack server show vm -f value -c status")).toBe("SHUTOFF");
  });

  it("deleting a server frees the ports nova made for it and its quota", () => {
    const s = createSession({ seed: 11 });
    const ports = Object.keys(s.state.ports).length;
    s.run(`${BOOT} --flavor m1.tiny --wait vm`);
    expect(Object.keys(s.state.ports).length).toBe(ports + 1);
    expect(s.run("openstack server delete --wait vm").exitCode).toBe(0);
    expect(Object.keys(s.state.ports).length).toBe(ports);
    expect(s.run("openstack server show vm").stderr).toBe("No Server found for vm\n");
  });
});
