import type { Draft } from "../../state";
import type { AuthContext, Value } from "../../cli/spec";
import { formatDict as sharedFormatDict, formatted, pyCompare } from "../../cli/spec";
import type { EmbeddedFlavor, Flavor, Server } from "../../types";
import { isoSeconds, isoMicrosNoZone } from "../../clock";
import { isAdmin } from "../../policy";

// How python-openstackclient prints nova's records: osc-lib's format_dict / format_list_of_dicts / the
// server AddressesColumn, and the field sets of `server show`, `flavor show` and friends.

/** osc-lib utils.format_dict: sorted `key='value'` pairs, nested dicts flattened as `a.b='c'`, None as `key=`. */
export const formatDict = (data: Readonly<Record<string, unknown>>, prefix = ""): string => sharedFormatDict(data, prefix);

/** format_columns.DictColumn. */
export const dictCol = (d: Readonly<Record<string, unknown>>): Value => formatted(formatDict(d), { ...d });

/** format_columns.ListDictColumn: one `format_dict` line per item. */
export const listDictCol = (items: readonly Record<string, unknown>[]): Value => formatted(items.map((i) => formatDict(i)).join("\n"), items.map((i) => ({ ...i })));

/** A float the way Python prints it (`1.0`). */
export const pyFloat = (n: number): Value => formatted(Number.isInteger(n) ? `${n}.0` : String(n), n);

export const novaTime = (ms: number | null): string | null => (ms === null ? null : isoSeconds(ms));
export const novaMicros = (ms: number | null): string | null => (ms === null ? null : isoMicrosNoZone(ms));

/** `{network: [addresses]}` built from the server's ports and the floating IPs associated with them. */
export function serverAddresses(draft: Draft, s: Server): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const portId of s.portIds) {
    const port = draft.get("ports", portId);
    if (!port) continue;
    const netName = draft.get("networks", port.networkId)?.name ?? port.networkId;
    const list = out[netName] ?? [];
    for (const ip of port.fixedIps) list.push(ip.ipAddress);
    for (const fip of draft.list("floatingIps")) if (fip.portId === port.id) list.push(fip.floatingIpAddress);
    out[netName] = list;
  }
  return out;
}

/**
 * The server AddressesColumn: `net1=10.0.0.5, 172.24.4.9; net2=…`. It goes through osc-lib's
 * format_dict_of_list → format_list, which sorts each network's addresses as strings (so a floating
 * 172.24.4.x prints before a fixed 192.168.x.y); json/yaml keep nova's order.
 */
export function addressesCol(draft: Draft, s: Server): Value {
  const a = serverAddresses(draft, s);
  const human = Object.keys(a).sort(pyCompare).map((k) => `${k}=${[...(a[k] ?? [])].sort(pyCompare).join(", ")}`).join("; ");
  return formatted(human, a);
}

export const IMAGE_STRING_FOR_BFV = "N/A (booted from volume)";

export function imageLabel(draft: Draft, s: Server, withId: boolean): string {
  if (!s.imageId) return IMAGE_STRING_FOR_BFV;
  const image = draft.get("images", s.imageId);
  if (!withId) return image?.name ?? "";
  return image ? `${image.name} (${s.imageId})` : s.imageId;
}

/** The embedded flavor (microversion 2.47+), as the SDK's Flavor resource prints through format_dict. */
export function embeddedFlavorDict(f: EmbeddedFlavor): Record<string, unknown> {
  return {
    description: null, disk: f.diskGb, ephemeral: f.ephemeralGb, extra_specs: { ...f.extraSpecs }, id: f.originalName, is_disabled: null,
    is_public: true, location: null, name: f.originalName, original_name: f.originalName, ram: f.ramMb, rxtx_factor: null, swap: f.swapMb, vcpus: f.vcpus,
  };
}

const POWER_NAMES = ["NOSTATE", "Running", "", "Paused", "Shutdown", "", "Crashed", "Suspended"];
export const powerStateCol = (n: number): Value => formatted(POWER_NAMES[n] ?? "N/A", n);

export function serverSecurityGroups(s: Server): Value {
  return listDictCol(s.securityGroupNames.map((name) => ({ name })));
}

/** `server show` / `server create`: `_prep_server_detail`, sorted by field name. */
export function serverFields(draft: Draft, auth: AuthContext, s: Server, extra: { adminPass?: string } = {}): [string, Value][] {
  const admin = isAdmin(auth);
  const attr = <T>(v: T): T | null => (admin ? v : null);
  const f: Record<string, Value> = {
    "OS-DCF:diskConfig": "MANUAL",
    "OS-EXT-AZ:availability_zone": s.availabilityZone,
    "OS-EXT-SRV-ATTR:host": attr(s.host || null),
    "OS-EXT-SRV-ATTR:hostname": attr(s.name.toLowerCase().replace(/[^a-z0-9-]+/g, "-")),
    "OS-EXT-SRV-ATTR:hypervisor_hostname": attr(s.hypervisorHostname || null),
    "OS-EXT-SRV-ATTR:instance_name": attr(s.instanceName),
    "OS-EXT-SRV-ATTR:kernel_id": attr(""),
    "OS-EXT-SRV-ATTR:launch_index": attr(0),
    "OS-EXT-SRV-ATTR:ramdisk_id": attr(""),
    "OS-EXT-SRV-ATTR:reservation_id": attr(s.reservationId),
    "OS-EXT-SRV-ATTR:root_device_name": attr(s.host ? "/dev/vda" : null),
    "OS-EXT-SRV-ATTR:user_data": attr(s.userData),
    "OS-EXT-STS:power_state": powerStateCol(s.powerState),
    "OS-EXT-STS:task_state": s.taskState,
    "OS-EXT-STS:vm_state": s.vmState,
    "OS-SRV-USG:launched_at": novaMicros(s.launchedAt),
    "OS-SRV-USG:terminated_at": null,
    accessIPv4: "",
    accessIPv6: "",
    addresses: addressesCol(draft, s),
    config_drive: s.configDrive,
    created: novaTime(s.createdAt),
    description: s.description,
    flavor: dictCol(embeddedFlavorDict(s.flavor)),
    hostId: s.hostId,
    host_status: admin && s.host ? "UP" : null,
    id: s.id,
    image: imageLabel(draft, s, true),
    key_name: s.keyName,
    locked: s.locked,
    locked_reason: s.lockedReason,
    name: s.name,
    pinned_availability_zone: null,
    progress: 0,
    project_id: s.projectId,
    properties: dictCol(s.metadata),
    security_groups: serverSecurityGroups(s),
    server_groups: formatted(s.serverGroupId ? `['${s.serverGroupId}']` : "[]", s.serverGroupId ? [s.serverGroupId] : []),
    status: s.status,
    tags: formatted(s.tags.join(", "), [...s.tags]),
    trusted_image_certificates: null,
    updated: novaTime(s.updatedAt),
    user_id: s.userId,
    volumes_attached: listDictCol(s.volumeAttachments.map((a) => ({ delete_on_termination: s.bootVolume?.volumeId === a.volumeId ? s.bootVolume.deleteOnTermination : false, id: a.volumeId }))),
  };
  if (s.securityGroupNames.length === 0 && s.status === "ERROR") delete f.security_groups;
  if (s.fault) f.fault = formatted(`{'code': ${s.fault.code}, 'created': '${novaTime(s.fault.created)}', 'message': '${s.fault.message}'}`, { code: s.fault.code, created: novaTime(s.fault.created), message: s.fault.message });
  if (extra.adminPass !== undefined) f.adminPass = extra.adminPass;
  return Object.keys(f).sort().map((k) => [k, f[k] ?? null]);
}

/** `flavor show` / `flavor create`: SDK Flavor attributes with OSC's legacy names, sorted. */
export function flavorFields(f: Flavor, opts: { access?: boolean } = {}): [string, Value][] {
  const fields: Record<string, Value> = {
    "OS-FLV-DISABLED:disabled": false,
    "OS-FLV-EXT-DATA:ephemeral": f.ephemeralGb,
    description: f.description,
    disk: f.diskGb,
    id: f.id,
    name: f.name,
    "os-flavor-access:is_public": f.isPublic,
    properties: dictCol(f.extraSpecs),
    ram: f.ramMb,
    rxtx_factor: pyFloat(f.rxtxFactor),
    swap: f.swapMb,
    vcpus: f.vcpus,
  };
  if (opts.access) fields.access_project_ids = f.isPublic ? null : formatted(`[${f.accessProjectIds.map((p) => `'${p}'`).join(", ")}]`, [...f.accessProjectIds]);
  return Object.keys(fields).sort().map((k) => [k, fields[k] ?? null]);
}
