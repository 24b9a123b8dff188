// Address arithmetic for both IP families, as neutron does it through netaddr: addresses are bigints so an IPv6
// /64 (2^64 addresses) needs no special casing, and every address neutron stores is printed the way netaddr
// prints it (IPv6 in RFC 5952 form: lower case, leading zeros dropped, the longest run of zero groups as `::`).
// The IPv4-only helpers in ../../net.ts stay for the code that predates IPv6 support.

export type IpVersion = 4 | 6;
export interface Ip { version: IpVersion; value: bigint }
/** A parsed range: `first` is the network address; `text` is the range as neutron stores it. */
export interface IpNet { version: IpVersion; first: bigint; last: bigint; prefix: number; text: string }

const BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

function parseV4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256n + BigInt(p);
  }
  return n;
}

function parseV6(text: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(":")) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (part: string): number[] | null => {
    if (part === "") return [];
    const out: number[] = [];
    const items = part.split(":");
    for (const [i, g] of items.entries()) {
      // An embedded IPv4 tail (`::ffff:192.0.2.1`) counts as two groups.
      if (i === items.length - 1 && g.includes(".")) {
        const v4 = parseV4(g);
        if (v4 === null) return null;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0] ?? "");
  const tail = halves.length === 2 ? groups(halves[1] ?? "") : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  let n = 0n;
  for (const g of [...head, ...new Array<number>(missing).fill(0), ...tail]) n = (n << 16n) | BigInt(g);
  return n;
}

export function parseIp(text: string): Ip | null {
  const v4 = parseV4(text);
  if (v4 !== null) return { version: 4, value: v4 };
  const v6 = parseV6(text);
  return v6 === null ? null : { version: 6, value: v6 };
}

export function formatIp(version: IpVersion, value: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first one on a tie.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}

/** Re-prints an address the way neutron stores it (`FD00:0::5` → `fd00::5`), or null when it is not one. */
export function normalizeIp(text: string): string | null {
  const ip = parseIp(text);
  return ip ? formatIp(ip.version, ip.value) : null;
}

/** Parses `addr/prefix` (host bits allowed, as netaddr.IPNetwork does); `text` is the masked network. */
export function parseNet(text: string): IpNet | null {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(text);
  if (!m) return null;
  const ip = parseIp(m[1] ?? "");
  const prefix = Number(m[2]);
  if (!ip || prefix > BITS[ip.version]) return null;
  const hostBits = BigInt(BITS[ip.version] - prefix);
  const first = (ip.value >> hostBits) << hostBits;
  const last = first + (1n << hostBits) - 1n;
  return { version: ip.version, first, last, prefix, text: `${formatIp(ip.version, first)}/${prefix}` };
}

export const netContains = (net: IpNet, ip: Ip): boolean => ip.version === net.version && ip.value >= net.first && ip.value <= net.last;
export const netsOverlap = (a: IpNet, b: IpNet): boolean => a.version === b.version && a.first <= b.last && b.first <= a.last;

/**
 * neutron/ipam/utils.py generate_pools: every address but the network address (and the IPv4 broadcast),
 * split around the gateway. IPv6 has no broadcast, so a /64 pool runs to `…:ffff:ffff:ffff:ffff`.
 */
export function defaultPools(net: IpNet, gateway: Ip | null): { start: string; end: string }[] {
  const first = net.first + 1n;
  const last = net.last - (net.version === 4 ? 1n : 0n);
  if (first > last) return [];
  const f = (v: bigint): string => formatIp(net.version, v);
  if (!gateway || gateway.value < first || gateway.value > last) return [{ start: f(first), end: f(last) }];
  const pools: { start: string; end: string }[] = [];
  if (gateway.value > first) pools.push({ start: f(first), end: f(gateway.value - 1n) });
  if (gateway.value < last) pools.push({ start: f(gateway.value + 1n), end: f(last) });
  return pools;
}

/** The number of addresses in the pools (an IPv6 /64 holds more than a JS number can count exactly). */
export function poolSize(pools: readonly { start: string; end: string }[]): bigint {
  let n = 0n;
  for (const p of pools) {
    const s = parseIp(p.start);
    const e = parseIp(p.end);
    if (s && e && e.value >= s.value) n += e.value - s.value + 1n;
  }
  return n;
}

/** The lowest pool address not in `used` (compared in normalized form), or null when the pools are full. */
export function firstFree(pools: readonly { start: string; end: string }[], used: ReadonlySet<string>): string | null {
  for (const p of pools) {
    const s = parseIp(p.start);
    const e = parseIp(p.end);
    if (!s || !e) continue;
    // At most used.size addresses can be taken, so the search ends within used.size + 1 steps.
    const stop = e.value < s.value + BigInt(used.size) ? e.value : s.value + BigInt(used.size);
    for (let v = s.value; v <= stop; v++) {
      const text = formatIp(s.version, v);
      if (!used.has(text)) return text;
    }
  }
  return null;
}

/**
 * neutron's ipv6_utils.get_ipv6_addr_by_EUI64: the /64 prefix plus the modified EUI-64 interface id built
 * from the MAC (ff:fe inserted in the middle, the universal/local bit flipped), so fa:16:3e:12:34:56 on
 * fd00::/64 gives fd00::f816:3eff:fe12:3456.
 */
export function eui64Address(net: IpNet, mac: string): string | null {
  const bytes = mac.split(":").map((b) => parseInt(b, 16));
  if (bytes.length !== 6 || bytes.some((b) => Number.isNaN(b))) return null;
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0] = bytes;
  let iid = 0n;
  for (const b of [b0 ^ 0x02, b1, b2, 0xff, 0xfe, b3, b4, b5]) iid = (iid << 8n) | BigInt(b);
  return formatIp(6, net.first + iid);
}
