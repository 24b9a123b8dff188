/**
 * The topics every piece of content belongs to, in teaching order. `domain` is the exam domain a topic counts
 * towards (the COA exam weighs Compute 35 %, Networking 30 %, Identity 15 %, Block Storage 10 %, Object
 * Storage 5 %, Image 5 %); topics outside those domains are background the exam assumes.
 */
export const examDomains = [
  { id: "compute", title: "Compute", weight: 35 },
  { id: "networking", title: "Networking", weight: 30 },
  { id: "identity", title: "Identity", weight: 15 },
  { id: "block-storage", title: "Block Storage", weight: 10 },
  { id: "object-storage", title: "Object Storage", weight: 5 },
  { id: "image", title: "Image", weight: 5 },
] as const;

export type ExamDomainId = (typeof examDomains)[number]["id"];

export interface Topic {
  id: string;
  title: string;
  /** The service's code name, when the topic is one OpenStack service. */
  service?: string;
  domain: ExamDomainId | null;
  summary: string;
}

export const topics = [
  { id: "cloud-basics", title: "Cloud and virtualization basics", domain: null, summary: "Service and deployment models, hypervisor types, what a cloud adds to virtualization." },
  { id: "virtualization", title: "KVM, QEMU and libvirt", domain: "compute", summary: "How instances actually run on a compute host: KVM, QEMU, libvirt and virsh, disk image formats." },
  { id: "architecture", title: "OpenStack architecture and messaging", domain: null, summary: "Services, APIs and endpoints, the message queue, the database, and how a request travels." },
  { id: "identity", title: "Identity (Keystone)", service: "keystone", domain: "identity", summary: "Domains, projects, users, groups, roles, tokens, the service catalog and policy." },
  { id: "dashboard", title: "Dashboard (Horizon)", service: "horizon", domain: null, summary: "What each Horizon panel does and the CLI command that does the same." },
  { id: "compute", title: "Compute (Nova)", service: "nova", domain: "compute", summary: "Flavors, servers and their lifecycle, scheduling, keypairs, aggregates, migration, quotas." },
  { id: "image", title: "Image (Glance)", service: "glance", domain: "image", summary: "Disk and container formats, visibility, sharing, properties, uploading and downloading images." },
  { id: "block-storage", title: "Block Storage (Cinder) and Ceph", service: "cinder", domain: "block-storage", summary: "Volumes, types, snapshots, backups, transfers, attachments, and the Ceph and LVM back ends." },
  { id: "networking", title: "Networking (Neutron)", service: "neutron", domain: "networking", summary: "Networks, subnets, ports, routers, floating IPs, security groups, provider networks and agents." },
  { id: "object-storage", title: "Object Storage (Swift)", service: "swift", domain: "object-storage", summary: "Accounts, containers and objects, metadata, ACLs, expiring objects and the ring." },
  { id: "orchestration", title: "Orchestration (Heat)", service: "heat", domain: null, summary: "HOT templates, parameters, resources, intrinsic functions, outputs and the stack lifecycle." },
  { id: "telemetry", title: "Telemetry (Ceilometer)", service: "ceilometer", domain: null, summary: "Meters, samples, Gnocchi and Aodh: how a cloud measures itself." },
  { id: "operations", title: "DevStack, operations and troubleshooting", domain: null, summary: "Running services, reading logs, and finding why a server, volume or network does not work." },
] as const satisfies readonly Topic[];

export type TopicId = (typeof topics)[number]["id"];

export const topicIds = topics.map((topic) => topic.id) as unknown as readonly [TopicId, ...TopicId[]];

export function isTopicId(value: string): value is TopicId {
  return (topicIds as readonly string[]).includes(value);
}
