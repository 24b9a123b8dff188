import type { Draft } from "./state";

// Identifiers drawn from the draft's seeded generator, shaped like the real ones.

function hex32(draft: Draft): string {
  return draft.randomUint32().toString(16).padStart(8, "0");
}

/** A version-4-shaped UUID with dashes (nova, neutron, cinder, glance, heat). */
export function newUuid(draft: Draft): string {
  const h = hex32(draft) + hex32(draft) + hex32(draft) + hex32(draft);
  const variant = ((parseInt(h[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Keystone ids are 32 hex characters without dashes. */
export function newHexId(draft: Draft): string {
  return newUuid(draft).replace(/-/g, "");
}

/** `req-<uuid>`, as returned in the x-openstack-request-id header. */
export function newRequestId(draft: Draft): string {
  return `req-${newUuid(draft)}`;
}

/** Neutron's default base_mac is fa:16:3e:00:00:00; the last three octets are random. */
export function newMac(draft: Draft): string {
  const n = draft.randomUint32();
  const octets = [(n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].map((o) => o.toString(16).padStart(2, "0"));
  return `fa:16:3e:${octets.join(":")}`;
}

/** Random token material (token ids, application credential secrets), url-safe base64-looking. */
export function newSecret(draft: Draft, length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  let out = "";
  while (out.length < length) {
    const n = draft.randomUint32();
    for (let shift = 0; shift < 30 && out.length < length; shift += 6) out += alphabet[(n >>> shift) & 63];
  }
  return out;
}
