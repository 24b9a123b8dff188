import type * as T from "./types";
import { nextUint32 } from "./random";

// The whole cloud as one plain-JSON value. Every collection is a `Record<key, record>` so a draft can copy a
// single collection on first write and share the others (structural sharing keeps a command well under 1 ms).

export interface CloudMeta {
  seed: number;
  /** mulberry32 position; ids, MACs and secrets are drawn from it. */
  rng: number;
  /** Virtual clock, ms since the epoch. */
  now: number;
  /** Counts API requests so request ids and aggregate ids stay stable. */
  serial: number;
  region: string;
}

export interface CloudCollections {
  domains: Record<string, T.Domain>;
  projects: Record<string, T.Project>;
  users: Record<string, T.User>;
  groups: Record<string, T.Group>;
  roles: Record<string, T.Role>;
  roleAssignments: Record<string, T.RoleAssignment>;
  regions: Record<string, T.Region>;
  catalogServices: Record<string, T.CatalogService>;
  endpoints: Record<string, T.Endpoint>;
  applicationCredentials: Record<string, T.ApplicationCredential>;
  identityProviders: Record<string, T.IdentityProvider>;
  federationMappings: Record<string, T.FederationMapping>;
  /** Keyed `<idpId>/<protocolId>`. */
  federationProtocols: Record<string, T.FederationProtocol>;
  serviceProviders: Record<string, T.ServiceProvider>;

  flavors: Record<string, T.Flavor>;
  servers: Record<string, T.Server>;
  serverEvents: Record<string, T.ServerEvent>;
  /** Keyed `<userId>/<name>`: keypairs belong to a user. */
  keypairs: Record<string, T.Keypair>;
  aggregates: Record<string, T.Aggregate>;
  hypervisors: Record<string, T.Hypervisor>;
  computeServices: Record<string, T.ComputeService>;
  serverGroups: Record<string, T.ServerGroup>;

  images: Record<string, T.Image>;
  /** Keyed `<imageId>/<memberId>`. */
  imageMembers: Record<string, T.ImageMember>;

  volumes: Record<string, T.Volume>;
  volumeTypes: Record<string, T.VolumeType>;
  volumeSnapshots: Record<string, T.VolumeSnapshot>;
  volumeBackups: Record<string, T.VolumeBackup>;
  volumeTransfers: Record<string, T.VolumeTransfer>;
  qosSpecs: Record<string, T.QosSpec>;
  /** Keyed `<binary>@<host>`. */
  volumeServices: Record<string, T.VolumeService>;

  networks: Record<string, T.Network>;
  subnets: Record<string, T.Subnet>;
  subnetPools: Record<string, T.SubnetPool>;
  ports: Record<string, T.Port>;
  routers: Record<string, T.Router>;
  floatingIps: Record<string, T.FloatingIp>;
  securityGroups: Record<string, T.SecurityGroup>;
  securityGroupRules: Record<string, T.SecurityGroupRule>;
  rbacPolicies: Record<string, T.RbacPolicy>;
  networkAgents: Record<string, T.NetworkAgent>;
  portForwardings: Record<string, T.PortForwarding>;
  meteringLabels: Record<string, T.MeteringLabel>;
  meteringLabelRules: Record<string, T.MeteringLabelRule>;

  accounts: Record<string, T.Account>;
  containers: Record<string, T.Container>;
  objects: Record<string, T.StoredObject>;

  stacks: Record<string, T.Stack>;
  stackResources: Record<string, T.StackResource>;
  stackEvents: Record<string, T.StackEvent>;

  /** Per-project overrides keyed by project id; missing keys fall back to `quotaDefaults`. */
  quotas: Record<string, T.QuotaSet>;
  /** The quota class `default` (what `openstack quota show --default` prints). */
  quotaDefaults: Record<string, T.QuotaSet>;
}

export type CollectionName = keyof CloudCollections;
export type RecordOf<C extends CollectionName> = CloudCollections[C][string];

export interface CloudState extends CloudCollections {
  version: 1;
  meta: CloudMeta;
}

export const COLLECTION_NAMES: readonly CollectionName[] = [
  "domains", "projects", "users", "groups", "roles", "roleAssignments", "regions", "catalogServices", "endpoints",
  "applicationCredentials", "flavors", "servers", "serverEvents", "keypairs", "aggregates", "hypervisors",
  "computeServices", "serverGroups", "images", "imageMembers", "volumes", "volumeTypes", "volumeSnapshots",
  "volumeBackups", "volumeTransfers", "qosSpecs", "volumeServices", "networks", "subnets", "subnetPools", "ports",
  "routers", "floatingIps", "securityGroups", "securityGroupRules", "rbacPolicies", "networkAgents", "portForwardings",
  "meteringLabels", "meteringLabelRules", "identityProviders", "federationMappings", "federationProtocols", "serviceProviders", "accounts",
  "containers", "objects", "stacks", "stackResources", "stackEvents", "quotas", "quotaDefaults",
];

export function createEmptyState(seed: number, now: number): CloudState {
  const collections = Object.fromEntries(COLLECTION_NAMES.map((name) => [name, {}])) as unknown as CloudCollections;
  return { version: 1, meta: { seed, rng: seed >>> 0, now, serial: 0, region: "RegionOne" }, ...collections };
}

/**
 * A copy-on-write view of a state for one command. Reads see the base state plus this command's writes;
 * the first write to a collection copies that collection's map (records themselves are replaced, never
 * mutated). `commit()` returns the new state; dropping the draft discards everything, so a failed command
 * leaves no trace.
 */
export class Draft {
  private readonly base: CloudState;
  private readonly changed = new Map<CollectionName, Record<string, unknown>>();
  private metaCopy: CloudMeta;

  constructor(base: CloudState) {
    this.base = base;
    this.metaCopy = { ...base.meta };
  }

  get meta(): Readonly<CloudMeta> {
    return this.metaCopy;
  }

  get now(): number {
    return this.metaCopy.now;
  }

  /** The collection as currently seen by this draft. Treat it as read-only. */
  all<C extends CollectionName>(name: C): Readonly<CloudCollections[C]> {
    return (this.changed.get(name) ?? this.base[name]) as CloudCollections[C];
  }

  list<C extends CollectionName>(name: C): RecordOf<C>[] {
    return Object.values(this.all(name)) as RecordOf<C>[];
  }

  get<C extends CollectionName>(name: C, key: string): RecordOf<C> | undefined {
    const map = this.all(name) as Record<string, RecordOf<C>>;
    return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
  }

  put<C extends CollectionName>(name: C, key: string, record: RecordOf<C>): void {
    this.writable(name)[key] = record;
  }

  /** Replaces a record with a shallow-updated copy; returns the new record. */
  update<C extends CollectionName>(name: C, key: string, patch: Partial<RecordOf<C>>): RecordOf<C> {
    const current = this.get(name, key);
    if (current === undefined) throw new Error(`update of missing ${name}/${key}`);
    const next = { ...current, ...patch } as RecordOf<C>;
    this.put(name, key, next);
    return next;
  }

  remove(name: CollectionName, key: string): void {
    delete this.writable(name)[key];
  }

  /** Next uint32 from the seeded generator (advances the draft's rng). */
  randomUint32(): number {
    const r = nextUint32(this.metaCopy.rng);
    this.metaCopy.rng = r.state;
    return r.value;
  }

  nextSerial(): number {
    this.metaCopy.serial += 1;
    return this.metaCopy.serial;
  }

  advanceClock(ms: number): void {
    this.metaCopy.now += ms;
  }

  /** True when this draft wrote anything (meta changes from reads such as request ids do not count). */
  get dirty(): boolean {
    return this.changed.size > 0;
  }

  commit(): CloudState {
    const next: CloudState = { ...this.base, meta: { ...this.metaCopy } };
    for (const [name, map] of this.changed) (next as unknown as Record<string, unknown>)[name] = map;
    return next;
  }

  private writable(name: CollectionName): Record<string, unknown> {
    let map = this.changed.get(name);
    if (map === undefined) {
      map = { ...(this.base[name] as Record<string, unknown>) };
      this.changed.set(name, map);
    }
    return map;
  }
}

/** Moves the virtual clock (the shell does this between commands; it is not part of any command's draft). */
export function advanceClock(state: CloudState, ms: number): CloudState {
  return { ...state, meta: { ...state.meta, now: state.meta.now + ms } };
}

/** Keeps only the meta of a failed command's draft (its rng draws and request serials), not its writes. */
export function commitMetaOnly(state: CloudState, draft: Draft): CloudState {
  return { ...state, meta: { ...draft.meta } };
}
