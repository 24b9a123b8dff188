// IPv4 address arithmetic for subnets, pools and allocation. Addresses are handled as unsigned 32-bit numbers.
// IPv6 parsing is limited to validation of the textual form; allocation of v6 addresses belongs to the network
// service when it needs it.

export interface Cidr4 { network: number; prefix: number; size: number }

export function parseIpv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n >>> 0;
}

export function formatIpv4(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** Parses `10.0.0.0/26`. Host bits must be zero, as neutron demands of a subnet range. */
export function parseCidr4(text: string): Cidr4 | null {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(text);
  if (!m) return null;
  const ip = parseIpv4(m[1] ?? "");
  const prefix = Number(m[2]);
  if (ip === null || prefix > 32) return null;
  const size = 2 ** (32 - prefix);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { network: (ip & mask) >>> 0, prefix, size };
}

export function cidrContains(cidr: Cidr4, ip: number): boolean {
  return ip >= cidr.network && ip < cidr.network + cidr.size;
}

export function cidrsOverlap(a: Cidr4, b: Cidr4): boolean {
  return a.network < b.network + b.size && b.network < a.network + a.size;
}

/** Neutron's defaults: gateway = first host, pool = the remaining hosts (broadcast excluded). */
export function defaultGatewayAndPool(cidr: Cidr4): { gateway: string; pool: { start: string; end: string } } {
  const first = cidr.network + 1;
  const last = cidr.network + cidr.size - 2;
  return { gateway: formatIpv4(first), pool: { start: formatIpv4(first + 1), end: formatIpv4(last) } };
}

/** The lowest address of the pools not in `used`, or null when the pools are exhausted. */
export function allocateFromPools(pools: readonly { start: string; end: string }[], used: ReadonlySet<string>): string | null {
  for (const pool of pools) {
    const start = parseIpv4(pool.start);
    const end = parseIpv4(pool.end);
    if (start === null || end === null) continue;
    for (let ip = start; ip <= end; ip++) {
      const text = formatIpv4(ip);
      if (!used.has(text)) return text;
    }
  }
  return null;
}

export function isIpv6(text: string): boolean {
  if (!/^[0-9a-fA-F:]+$/.test(text) || !text.includes(":")) return false;
  const doubles = text.split("::").length - 1;
  if (doubles > 1) return false;
  const groups = text.split(":").filter((g) => g !== "");
  return groups.every((g) => g.length <= 4) && (doubles === 1 ? groups.length < 8 : groups.length === 8);
}
