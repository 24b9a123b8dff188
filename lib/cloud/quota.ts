import type { Draft } from "./state";

// Quota limits and usage. Limits come from the project's overrides, else the `default` quota class. Usage is
// counted by the service that owns the resource: each service registers a counter for its keys at import time
// (see README.md, "Quotas"). Keys are the names `openstack quota set` uses, with underscores.

export type QuotaService = "compute" | "volume" | "network";

export interface QuotaResourceDef {
  key: string;
  service: QuotaService;
  /** The upstream default (nova.conf [quota], cinder.conf, neutron.conf [quotas]). -1 means unlimited. */
  defaultLimit: number;
  /** The option of `openstack quota set` (without dashes) and the row name of `openstack quota show`. */
  label: string;
}

/** Upstream defaults for a fresh DevStack (nova, cinder and neutron defaults are unchanged by DevStack). */
export const QUOTA_RESOURCES: readonly QuotaResourceDef[] = [
  { key: "cores", service: "compute", defaultLimit: 20, label: "cores" },
  { key: "instances", service: "compute", defaultLimit: 10, label: "instances" },
  { key: "ram", service: "compute", defaultLimit: 51200, label: "ram" },
  { key: "key_pairs", service: "compute", defaultLimit: 100, label: "key-pairs" },
  { key: "metadata_items", service: "compute", defaultLimit: 128, label: "properties" },
  { key: "injected_files", service: "compute", defaultLimit: 5, label: "injected-files" },
  { key: "injected_file_content_bytes", service: "compute", defaultLimit: 10240, label: "injected-file-size" },
  { key: "injected_file_path_bytes", service: "compute", defaultLimit: 255, label: "injected-path-size" },
  { key: "server_groups", service: "compute", defaultLimit: 10, label: "server-groups" },
  { key: "server_group_members", service: "compute", defaultLimit: 10, label: "server-group-members" },
  { key: "volumes", service: "volume", defaultLimit: 10, label: "volumes" },
  { key: "snapshots", service: "volume", defaultLimit: 10, label: "snapshots" },
  { key: "gigabytes", service: "volume", defaultLimit: 1000, label: "gigabytes" },
  { key: "backups", service: "volume", defaultLimit: 10, label: "backups" },
  { key: "backup_gigabytes", service: "volume", defaultLimit: 1000, label: "backup-gigabytes" },
  { key: "per_volume_gigabytes", service: "volume", defaultLimit: -1, label: "per-volume-gigabytes" },
  { key: "groups", service: "volume", defaultLimit: 10, label: "groups" },
  { key: "networks", service: "network", defaultLimit: 100, label: "networks" },
  { key: "subnets", service: "network", defaultLimit: 100, label: "subnets" },
  { key: "ports", service: "network", defaultLimit: 500, label: "ports" },
  { key: "routers", service: "network", defaultLimit: 10, label: "routers" },
  { key: "floating_ips", service: "network", defaultLimit: 50, label: "floating-ips" },
  { key: "secgroups", service: "network", defaultLimit: 10, label: "secgroups" },
  { key: "secgroup_rules", service: "network", defaultLimit: 100, label: "secgroup-rules" },
  { key: "rbac_policies", service: "network", defaultLimit: 10, label: "rbac-policies" },
  { key: "subnet_pools", service: "network", defaultLimit: -1, label: "subnet-pools" },
];

export type UsageCounter = (draft: Draft, projectId: string) => number;

const usageCounters = new Map<string, UsageCounter>();

/** Called by a service module at import time for each quota key it owns. */
export function registerUsage(key: string, counter: UsageCounter): void {
  usageCounters.set(key, counter);
}

export function quotaLimit(draft: Draft, projectId: string, key: string): number {
  const override = draft.get("quotas", projectId)?.[key];
  if (override !== undefined) return override;
  const classDefault = draft.get("quotaDefaults", "default")?.[key];
  if (classDefault !== undefined) return classDefault;
  return QUOTA_RESOURCES.find((r) => r.key === key)?.defaultLimit ?? -1;
}

export function quotaUsage(draft: Draft, projectId: string, key: string): number {
  return usageCounters.get(key)?.(draft, projectId) ?? 0;
}

export interface QuotaCheck { ok: boolean; limit: number; used: number }

/** Whether `requested` more units fit. Each service words its own over-quota error from the numbers. */
export function checkQuota(draft: Draft, projectId: string, key: string, requested: number): QuotaCheck {
  const limit = quotaLimit(draft, projectId, key);
  const used = quotaUsage(draft, projectId, key);
  return { ok: limit < 0 || used + requested <= limit, limit, used };
}
