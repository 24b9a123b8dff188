import { describe, expect, it } from "vitest";
import { createSession } from "@/lib/cloud";

describe("identity rules", () => {
  it("a user granted member on a project can sign in to it and read it, but not administer", () => {
    const s = createSession({ seed: 11 });
    s.run("openstack project create lab && openstack user create --password pw alice && openstack role add --user alice --project lab member");
    s.run("export OS_USERNAME=alice OS_PASSWORD=pw OS_PROJECT_NAME=lab");
    expect(s.run("openstack project show lab -f value -c name").stdout).toBe("lab\n");
    const refused = s.run("openstack user create bob");
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/^ForbiddenException: 403: Client Error for url: http:\/\/192\.168\.122\.10\/identity\/v3\/users, You are not authorized to perform the requested action: identity:create_user\.$/m);
  });

  it("removing the only role stops sign-in with HTTP 401", () => {
    const s = createSession({ seed: 11 });
    s.run("openstack project create lab; openstack user create --password pw alice; openstack role add --user alice --project lab reader");
    s.run("openstack role remove --user alice --project lab reader");
    const r = s.run("openstack --os-username alice --os-password pw --os-project-name lab token issue");
    expect(r.stderr).toMatch(/^The request you have made requires authentication\. \(HTTP 401\)/);
  });

  it("group grants and domain inheritance show up as effective assignments", () => {
    const s = createSession({ seed: 11 });
    s.run("openstack project create lab; openstack user create --password pw alice; openstack group create g; openstack group add user g alice");
    s.run("openstack role add --group g --project lab reader; openstack role add --user alice --domain Default --inherited member");
    const out = s.run("openstack role assignment list --user alice --project lab --effective --names -f value -c Role").stdout.split("\n").filter(Boolean);
    // reader arrives twice: from the group, and implied by the inherited member grant (a separate row).
    expect([...new Set(out)].sort()).toEqual(["member", "reader"]);
  });

  it("a changed password works and the old one no longer does", () => {
    const s = createSession({ seed: 11 });
    s.run("openstack user create --password old --project demo carol; openstack role add --user carol --project demo member");
    s.run("openstack user set --password new carol");
    expect(s.run("openstack --os-username carol --os-password old --os-project-name demo token issue").exitCode).toBe(1);
    expect(s.run("openstack --os-username carol --os-password new --os-project-name demo token issue").exitCode).toBe(0);
  });

  it("deleting a user removes its role assignments", () => {
    const s = createSession({ seed: 11 });
    s.run("openstack user create dave; openstack role add --user dave --project demo member; openstack user delete dave");
    expect(Object.values(s.state.roleAssignments).some((a) => a.actor.id === "dave")).toBe(false);
    expect(s.run("openstack role assignment list --project demo --names -f value -c User").stdout).not.toContain("dave@");
  });

  it("without credentials the client says what the real one says", () => {
    const s = createSession({ seed: 11 });
    s.run("unset OS_AUTH_URL");
    expect(s.run("openstack user list")).toMatchObject({ stderr: "Missing value auth-url required for auth plugin password\n", exitCode: 1 });
  });
});
