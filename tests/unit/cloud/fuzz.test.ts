import { describe, expect, it } from "vitest";
import { createSession, createStateChecker, validateState } from "@/lib/cloud";
import { createRandom } from "@/lib/cloud/random";
import { COLLECTION_NAMES, type CloudState } from "@/lib/cloud/state";

const changed = (a: CloudState, b: CloudState): boolean => COLLECTION_NAMES.some((n) => a[n] !== b[n]);

// 100,000 random and mutated command lines, seeded. Every line must return an exit status without throwing,
// and the cloud state must stay valid. After every line that changed any collection (a command that only read
// the cloud moves nothing but the clock) the incremental checker gives the schema's verdict, re-parsing only
// the collections that line replaced and every reference across the state; every 500th line the full zod
// schema runs from scratch as well, so a record mutated in place behind the checker's back is still caught.
const LINES = 100_000;
const FULL_CHECK_EVERY = 500;

const SEEDS = [
  "openstack project create p1", "openstack project delete p1", "openstack user create --password x u1 --project demo",
  "openstack role add --user u1 --project demo member", "openstack role remove --user u1 --project demo member",
  "openstack group create g1", "openstack group add user g1 u1", "openstack domain create d1", "openstack domain set --disable d1",
  "openstack domain delete d1", "openstack project create --domain d1 p2", "openstack project create --parent p1 c1",
  "openstack role assignment list --names --effective", "openstack user delete u1", "openstack group delete g1",
  "openstack region create R2", "openstack service create --name s1 svc", "openstack endpoint create s1 public http://x",
  "openstack quota set --cores 5 demo", "openstack quota show demo", "openstack catalog list", "openstack token issue",
  "openstack application credential create a1", "openstack project list -f json", "source demo-openrc", ". admin-openrc",
  "X=$(openstack project show demo -f value -c id); echo $X", "cat > f <<EOF\n$OS_USERNAME\nEOF", "echo 'a\"b' > g; cat g",
  "openstack network create n1", "openstack subnet create --network n1 --subnet-range 10.5.0.0/24 s1", "openstack router create r1",
  "openstack router add subnet r1 s1", "openstack router set --external-gateway public r1", "openstack port create --network n1 p1",
  "openstack floating ip create public", "openstack floating ip set --port p1 172.24.4.2", "openstack network delete n1",
  "openstack subnet pool create --pool-prefix 10.80.0.0/16 sp1", "openstack subnet create --network n1 --subnet-pool sp1 s2",
  "openstack floating ip port forwarding create --port p1 --internal-ip-address 10.5.0.3 --internal-protocol-port 22 --external-protocol-port 2222 --protocol tcp 172.24.4.2",
  "openstack network meter create m1", "openstack network meter rule create --remote-ip-prefix 10.0.0.0/8 m1",
  "openstack identity provider create idp1", "echo '[{\"local\": [], \"remote\": []}]' > r.json; openstack mapping create --rules r.json map1",
  "openstack federation protocol create --identity-provider idp1 --mapping map1 saml2", "openstack --os-volume-api-version 3.40 volume revert snap1",
  "openstack security group rule create --protocol tcp --dst-port 22 default", "openstack router remove subnet r1 s1",
  "openstack help project list", "openstack user list --long -c Name --sort-column Name -f csv", "nova list", "ls -la",
  "openstack volume create --size 1 v1", "openstack volume snapshot create --volume v1 s1", "openstack volume delete v1",
  "openstack volume backup create --name b1 v1", "openstack volume backup restore b1 v2", "openstack volume type create t1",
  "openstack image create --file f i1", "openstack image set --protected i1", "openstack image delete i1", "openstack image add project i1 demo",
  "openstack server create --image cirros-0.6.3-x86_64-disk --flavor m1.tiny --network shared vm1", "openstack server stop vm1",
  "openstack server delete vm1", "openstack flavor create --ram 64 f1", "openstack aggregate create --zone z1 a1",
  "openstack aggregate add host a1 devstack", "openstack keypair create k1", "openstack server resize --flavor m1.small vm1",
  "openstack service provider create --auth-url https://x/v3 --service-provider-url https://x/ecp sp1", "openstack service provider set --disable sp1",
  "openstack service provider delete sp1", "openstack server image create --name snap1 vm1", "openstack availability zone list --long",
  "openstack subnet create --network n1 --ip-version 6 --subnet-range fd00:5::/64 --ipv6-ra-mode slaac --ipv6-address-mode slaac s6",
  "openstack subnet create --network n1 --ip-version 6 --subnet-range fd00:6::/64 --ipv6-ra-mode dhcpv6-stateful s7", "openstack router add subnet r1 s6",
  "openstack security group rule create --ethertype IPv6 --remote-ip fd00::/8 default", "openstack ip availability list --ip-version 6",
  "printf 'heat_template_version: 2018-08-31\\nresources:\\n  n:\\n    type: OS::Neutron::Net\\n' > t.yaml; openstack stack create -t t.yaml --wait st1",
  "openstack stack event list st1", "openstack stack event list st1 -f json", "openstack stack delete -y --wait st1",
];
const TOKENS = [
  "openstack", "project", "user", "role", "group", "domain", "create", "delete", "list", "show", "set", "add", "remove", "--name",
  "--domain", "--project", "--user", "--group", "--password", "-f", "json", "yaml", "value", "-c", "Name", "ID", "--long", "--",
  "'", "\"", "$(", ")", "$?", "${", "}", "&&", "||", ";", "|", ">", ">>", "<<EOF", "\\", "#", "=", "--enable", "--disable",
  "demo", "admin", "p1", "u1", "g1", "--inherited", "--effective", "--names", "--property", "k=v", "--max-width", "-5", "999",
  "", " ", "\n", "\t", "é", "\u0000", "--help", "-h", "help", "--os-cloud", "devstack", "unset", "OS_AUTH_URL", "export",
];

function mutate(line: string, rnd: ReturnType<typeof createRandom>): string {
  const chars = [...line];
  const n = 1 + rnd.int(3);
  for (let k = 0; k < n; k++) {
    const at = rnd.int(chars.length + 1);
    const op = rnd.int(3);
    if (op === 0) chars.splice(at, 1);
    else if (op === 1) chars.splice(at, 0, rnd.pick(TOKENS));
    else chars.splice(at, 0, String.fromCharCode(32 + rnd.int(95)));
  }
  return chars.join("");
}

describe("cloud fuzz", () => {
  it(`answers ${LINES} random lines with an exit status and keeps the state valid`, () => {
    const rnd = createRandom(20250106);
    let session = createSession({ seed: 1 });
    const check = createStateChecker();
    let checks = 0;
    for (let i = 0; i < LINES; i++) {
      if (i % 5_000 === 0) session = createSession({ seed: i });
      const kind = rnd.int(3);
      const line = kind === 0 ? rnd.pick(SEEDS) : kind === 1 ? mutate(rnd.pick(SEEDS), rnd) : Array.from({ length: 1 + rnd.int(8) }, () => rnd.pick(TOKENS)).join(" ");
      const before = session.state;
      const r = session.run(line);
      if (!Number.isInteger(r.exitCode) || typeof r.stdout !== "string" || typeof r.stderr !== "string") throw new Error(`no answer for ${JSON.stringify(line)}`);
      if (changed(before, session.state)) {
        const v = check(session.state);
        checks++;
        if (!v.ok) throw new Error(`invalid state after ${JSON.stringify(line)}: ${v.issues.join("; ")}`);
      }
      if (i % FULL_CHECK_EVERY === 0) {
        const v = validateState(session.state);
        if (!v.ok) throw new Error(`invalid state (full check) after ${JSON.stringify(line)}: ${v.issues.join("; ")}`);
      }
      if (r.exit) session = createSession({ seed: i });
    }
    expect(checks).toBeGreaterThan(100);
  }, 120_000);
});
