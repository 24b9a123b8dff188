import { describe, expect, it } from "vitest";
import { createSession } from "@/lib/cloud/index";

// Image and block storage as a learner meets them: upload/save round trips, the volume lifecycle with its
// conflicts, and what a member of another project may not do.

function run(s: ReturnType<typeof createSession>, line: string) {
  return s.run(line);
}

describe("image service", () => {
  it("uploads a file and saves it back byte for byte, with glance's md5 checksum", () => {
    const s = createSession();
    run(s, "printf 'hello\\n' > disk.img");
    run(s, "echo hello > disk.img");
    const created = run(s, "openstack image create --file disk.img --disk-format qcow2 myimage -f value -c checksum -c status -c size");
    expect(created.exitCode).toBe(0);
    // md5("hello\n")
    expect(created.stdout).toBe("b1946ac92492d2347c6235b4d2611184\n6\nactive\n");
    expect(run(s, "openstack image save --file out.img myimage").exitCode).toBe(0);
    expect(s.readFile("out.img")).toBe("hello\n");
  });

  it("refuses to delete a protected image until it is unprotected", () => {
    const s = createSession();
    run(s, "openstack image create --protected keep");
    const refused = run(s, "openstack image delete keep");
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("is protected and cannot be deleted.");
    expect(refused.stderr).toContain("Failed to delete 1 of 1 images.");
    run(s, "openstack image set --unprotected keep");
    expect(run(s, "openstack image delete keep").exitCode).toBe(0);
    expect(run(s, "openstack image show keep").stderr).toBe("No Image found for keep\n");
  });

  it("shares an image only after the member project accepts it", () => {
    const s = createSession();
    const id = run(s, "openstack image create --shared team-img -f value -c id").stdout.trim();
    expect(run(s, "openstack image add project team-img demo").exitCode).toBe(0);
    run(s, "source demo-openrc");
    expect(run(s, "openstack image list -f value -c Name").stdout).not.toContain("team-img");
    // A pending image is not in the member's default list, so only its id finds it (as on a real cloud).
    expect(run(s, "openstack image set --accept team-img").stderr).toBe("No Image found for team-img\n");
    expect(run(s, `openstack image set --accept ${id}`).exitCode).toBe(0);
    expect(run(s, "openstack image list -f value -c Name").stdout).toContain("team-img");
    expect(run(s, "openstack image create --public nope").stderr).toContain("You are not authorized to complete publicize_image action.");
  });
});

describe("block storage service", () => {
  it("moves a volume creating → available by the next command, and --size extends it", () => {
    const s = createSession();
    expect(run(s, "openstack volume create --size 2 myvol -f value -c status").stdout).toBe("creating\n");
    expect(run(s, "openstack volume show myvol -f value -c status").stdout).toBe("available\n");
    expect(run(s, "openstack volume set --size 4 myvol").exitCode).toBe(0);
    expect(run(s, "openstack volume show myvol -f value -c size").stdout).toBe("4\n");
    const shrink = run(s, "openstack volume set --size 1 myvol");
    expect(shrink.exitCode).toBe(1);
    expect(shrink.stderr).toBe("Failed to set volume size: New size must be greater than 4 GB\nOne or more of the set operations failed\n");
  });

  it("keeps a volume with snapshots from deletion and leaves a failed command without a trace", () => {
    const s = createSession();
    run(s, "openstack volume create --size 1 v");
    run(s, "openstack volume snapshot create --volume v snap");
    const before = JSON.stringify(s.state.volumes);
    const r = run(s, "openstack volume delete v");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("have snapshots");
    expect(Object.keys(s.state.volumes)).toEqual(Object.keys(JSON.parse(before) as object));
    expect(run(s, "openstack volume delete --purge v").exitCode).toBe(0);
    expect(run(s, "openstack volume snapshot list -f value").stdout).toBe("");
  });

  it("restores a backup into a new volume and needs --force to overwrite an existing one", () => {
    const s = createSession();
    run(s, "openstack volume create --size 1 myvol");
    expect(run(s, "openstack volume backup create --name bk myvol").exitCode).toBe(0);
    const over = run(s, "openstack volume backup restore bk myvol");
    expect(over.stderr).toBe("Volume 'myvol' already exists; if you want to restore the backup to it you need to specify the '--force' option\n");
    expect(run(s, "openstack volume backup restore bk restored").exitCode).toBe(0);
    expect(run(s, "openstack volume show restored -f value -c status -c size").stdout).toBe("1\navailable\n");
  });

  it("counts gigabytes against cinder's quota with its own wording", () => {
    const s = createSession();
    run(s, "openstack quota set --gigabytes 3 admin");
    const r = run(s, "openstack volume create --size 4 big");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota\. Requested 4G, quota is 3G and 0G has been consumed\. \(HTTP 413\)/);
  });

  it("lets a member see only its project's volumes and refuses admin-only type management", () => {
    const s = createSession();
    run(s, "openstack volume create --size 1 adminvol");
    run(s, "source demo-openrc");
    expect(run(s, "openstack volume list -f value -c Name").stdout).toBe("");
    expect(run(s, "openstack volume type create gold").stderr).toContain("Policy doesn't allow volume_extension:type_create to be performed.");
  });
});
