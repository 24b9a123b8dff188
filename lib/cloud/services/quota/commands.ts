import type { CommandSpec, OptionSpec, Value } from "../../cli/spec";
import { err, ok } from "../../result";
import { forbidden } from "../../errors";
import { isAdmin } from "../../policy";
import { QUOTA_RESOURCES, quotaLimit, quotaUsage, type QuotaService } from "../../quota";
import { findProject } from "../identity/service";

// `quota show`, `quota set` and `limits show`: the scaffold every service's quotas plug into. Limits live in
// CloudState.quotas / quotaDefaults; usage comes from the counters services register in lib/cloud/quota.ts.

const setOptions: OptionSpec[] = QUOTA_RESOURCES.map((r) => ({
  names: [`--${r.label}`], dest: `q_${r.key}`, metavar: `<${r.label}>`, type: "int" as const, help: `New value for the ${r.label} quota`,
}));

function serviceFilter(a: Record<string, unknown>): (s: QuotaService) => boolean {
  const any = Boolean(a.compute || a.volume || a.network);
  return (s) => !any || Boolean(a[s]);
}

export const quotaCommands: CommandSpec[] = [
  {
    words: ["quota", "show"], description: "Show quotas for project or class.\nSpecify ``--os-compute-api-version 2.50`` or higher to see ``server-groups`` and ``server-group-members`` output for a given quota class.", output: "list",
    options: [
      { names: ["--class"], dest: "isClass", action: "store_true", help: "Show quotas for <class>" },
      { names: ["--default"], dest: "isDefault", action: "store_true", help: "Show default quotas for <project>" },
      { names: ["--usage"], action: "store_true", help: "Show details about quotas usage" },
      { names: ["--compute"], action: "store_true", help: "Show compute quota" },
      { names: ["--volume"], action: "store_true", help: "Show volume quota" },
      { names: ["--network"], action: "store_true", help: "Show network quota" },
    ],
    positionals: [{ dest: "project", metavar: "<project/class>", nargs: "?", help: "Show quotas for this project or class (name or ID)" }],
    exclusive: [{ dests: ["isClass", "isDefault"] }],
    run(a, ctx) {
      let projectId = ctx.auth.projectId;
      if (typeof a.project === "string" && !a.isClass) {
        const p = findProject(ctx.draft, a.project);
        if (!p.ok) return p;
        projectId = p.value.id;
      }
      if (projectId !== ctx.auth.projectId && !isAdmin(ctx.auth)) {
        return err(forbidden(`Policy doesn't allow os_compute_api:os-quota-sets:show to be performed.`));
      }
      const wanted = serviceFilter(a);
      const resources = QUOTA_RESOURCES.filter((r) => wanted(r.service));
      const limit = (key: string): number =>
        a.isDefault || a.isClass ? (ctx.draft.get("quotaDefaults", "default")?.[key] ?? QUOTA_RESOURCES.find((r) => r.key === key)?.defaultLimit ?? -1) : quotaLimit(ctx.draft, projectId, key);
      const sorted = [...resources].sort((x, y) => (x.label < y.label ? -1 : 1));
      if (a.usage) {
        return ok({ kind: "list", columns: ["Resource", "Limit", "In Use", "Reserved"], rows: sorted.map((r): Value[] => [r.label, limit(r.key), quotaUsage(ctx.draft, projectId, r.key), 0]) });
      }
      return ok({ kind: "list", columns: ["Resource", "Limit"], rows: sorted.map((r): Value[] => [r.label, limit(r.key)]) });
    },
  },
  {
    words: ["quota", "set"], description: "Set quotas for project or class", output: "none",
    options: [
      ...setOptions,
      { names: ["--class"], dest: "isClass", action: "store_true", help: "Set quotas for <class>" },
      { names: ["--force"], action: "store_true", help: "Force quota update (only supported by compute and network)" },
      { names: ["--check-limit"], dest: "checkLimit", action: "store_true", help: "Check quota limit when updating (only supported by network)" },
    ],
    positionals: [{ dest: "project", metavar: "<project/class>", help: "Set quotas for this project or class (name or ID)" }],
    exclusive: [{ dests: ["force", "checkLimit"] }],
    run(a, ctx) {
      const changes: Record<string, number> = {};
      for (const r of QUOTA_RESOURCES) {
        const v = a[`q_${r.key}`];
        if (typeof v === "number") changes[r.key] = v;
      }
      if (a.isClass) {
        if (!isAdmin(ctx.auth)) return err(forbidden("Policy doesn't allow os_compute_api:os-quota-class-sets:update to be performed."));
        const current = ctx.draft.get("quotaDefaults", "default") ?? {};
        ctx.draft.put("quotaDefaults", "default", { ...current, ...changes });
        return ok({ kind: "none" });
      }
      const p = findProject(ctx.draft, String(a.project));
      if (!p.ok) return p;
      if (!isAdmin(ctx.auth)) return err(forbidden("Policy doesn't allow os_compute_api:os-quota-sets:update to be performed."));
      const current = ctx.draft.get("quotas", p.value.id) ?? {};
      ctx.draft.put("quotas", p.value.id, { ...current, ...changes });
      return ok({ kind: "none" });
    },
  },
  {
    words: ["limits", "show"], description: "Show compute and block storage limits", output: "list",
    options: [
      { names: ["--absolute"], action: "store_true", help: "Show absolute limits" },
      { names: ["--rate"], action: "store_true", help: "Show rate limits" },
      { names: ["--reserved"], action: "store_true", help: "Include reservations count [only valid with --absolute]" },
      { names: ["--project"], metavar: "<project>", help: "Show limits for a specific project (name or ID) [only valid with --absolute]" },
      { names: ["--domain"], metavar: "<domain>", help: "Domain the project belongs to (name or ID) [only valid with --absolute]" },
    ],
    exclusive: [{ dests: ["absolute", "rate"], required: true }],
    run(a, ctx) {
      if (a.rate) return ok({ kind: "list", columns: ["Verb", "URI", "Value", "Remain", "Unit", "Next Available"], rows: [] });
      let projectId = ctx.auth.projectId;
      if (typeof a.project === "string") {
        const p = findProject(ctx.draft, a.project, typeof a.domain === "string" ? a.domain : null);
        if (!p.ok) return p;
        projectId = p.value.id;
      }
      const l = (k: string): number => quotaLimit(ctx.draft, projectId, k);
      const u = (k: string): number => quotaUsage(ctx.draft, projectId, k);
      // Nova's and Cinder's absolute limits, in the order the APIs return them.
      const rows: Value[][] = [
        ["maxServerMeta", l("metadata_items")], ["maxTotalInstances", l("instances")], ["maxPersonality", l("injected_files")],
        ["totalServerGroupsUsed", u("server_groups")], ["maxImageMeta", l("metadata_items")], ["maxPersonalitySize", l("injected_file_content_bytes")],
        ["maxTotalRAMSize", l("ram")], ["maxServerGroups", l("server_groups")], ["maxSecurityGroupRules", l("secgroup_rules")],
        ["maxTotalKeypairs", l("key_pairs")], ["totalCoresUsed", u("cores")], ["totalRAMUsed", u("ram")], ["maxSecurityGroups", l("secgroups")],
        ["totalFloatingIpsUsed", u("floating_ips")], ["totalInstancesUsed", u("instances")], ["maxServerGroupMembers", l("server_group_members")],
        ["maxTotalFloatingIps", l("floating_ips")], ["totalSecurityGroupsUsed", u("secgroups")], ["maxTotalCores", l("cores")],
        ["totalSnapshotsUsed", u("snapshots")], ["maxTotalBackups", l("backups")], ["maxTotalVolumeGigabytes", l("gigabytes")],
        ["maxTotalSnapshots", l("snapshots")], ["maxTotalBackupGigabytes", l("backup_gigabytes")], ["totalBackupGigabytesUsed", u("backup_gigabytes")],
        ["maxTotalVolumes", l("volumes")], ["totalVolumesUsed", u("volumes")], ["totalBackupsUsed", u("backups")], ["totalGigabytesUsed", u("gigabytes")],
      ];
      return ok({ kind: "list", columns: ["Name", "Value"], rows });
    },
  },
];
