// SSRF guard: nghe fetches URLs that come from feeds and users, so a hostile feed must not be
// able to make it read from the machine itself or the private network behind it. Addresses
// are checked after DNS resolution (at connect time) so rebinding and redirects are caught too.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { isIP } from 'node:net';

/** An IPv4 range as [first octets..., prefix length]. */
interface Ipv4Range {
  base: [number, number, number, number];
  prefix: number;
}

function v4(a: number, b: number, c: number, d: number, prefix: number): Ipv4Range {
  return { base: [a, b, c, d], prefix };
}

// Everything that is not ordinary public unicast (IANA special-purpose registry).
const BLOCKED_IPV4: readonly Ipv4Range[] = [
  v4(0, 0, 0, 0, 8), // "this network", includes 0.0.0.0 unspecified
  v4(10, 0, 0, 0, 8), // private
  v4(100, 64, 0, 0, 10), // carrier-grade NAT
  v4(127, 0, 0, 0, 8), // loopback
  v4(169, 254, 0, 0, 16), // link-local, cloud metadata endpoints live here
  v4(172, 16, 0, 0, 12), // private
  v4(192, 0, 0, 0, 24), // IETF protocol assignments
  v4(192, 0, 2, 0, 24), // documentation
  v4(192, 88, 99, 0, 24), // 6to4 relay anycast (deprecated)
  v4(192, 168, 0, 0, 16), // private
  v4(198, 18, 0, 0, 15), // benchmarking
  v4(198, 51, 100, 0, 24), // documentation
  v4(203, 0, 113, 0, 24), // documentation
  v4(224, 0, 0, 0, 4), // multicast
  v4(240, 0, 0, 0, 4), // reserved, includes 255.255.255.255 broadcast
];

function inIpv4Range(bytes: readonly number[], range: Ipv4Range): boolean {
  let bits = range.prefix;
  for (let i = 0; i < 4 && bits > 0; i++) {
    const take = Math.min(8, bits);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== (range.base[i]! & mask)) return false;
    bits -= take;
  }
  return true;
}

function parseIpv4(address: string): number[] | null {
  const parts = address.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : Number.NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

/** 16 bytes of an IPv6 address, or null when it is not one. Accepts a trailing dotted IPv4. */
function parseIpv6(address: string): number[] | null {
  let text = address.split('%')[0] ?? '';
  if (isIP(text) !== 6) return null;
  const lastColon = text.lastIndexOf(':');
  const lastPart = text.slice(lastColon + 1);
  if (lastPart.includes('.')) {
    // Rewrite a trailing dotted IPv4 as two hex groups so one parser handles both forms.
    const four = parseIpv4(lastPart);
    if (!four) return null;
    const hi = ((four[0]! << 8) | four[1]!).toString(16);
    const lo = ((four[2]! << 8) | four[3]!).toString(16);
    text = `${text.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const halves = text.split('::');
  const toGroups = (part: string | undefined) =>
    part ? part.split(':').map((g) => Number.parseInt(g, 16)) : [];
  const head = toGroups(halves[0]);
  const tail = toGroups(halves[1]);
  const groups =
    halves.length > 1
      ? [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail]
      : head;
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g))) return null;
  return groups.flatMap((g) => [(g >> 8) & 0xff, g & 0xff]);
}

function startsWith(bytes: readonly number[], prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function isBlockedIpv6(bytes: readonly number[]): boolean {
  const b0 = bytes[0]!;
  const b1 = bytes[1]!;
  const embeddedV4 = bytes.slice(12, 16);
  if (bytes.every((b) => b === 0)) return true; // :: unspecified
  if (startsWith(bytes, [...new Array<number>(15).fill(0), 1])) return true; // ::1 loopback
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, deprecated) and 64:ff9b::/96 (NAT64)
  // carry an IPv4 address: judge that address instead.
  if (startsWith(bytes, [...new Array<number>(10).fill(0), 0xff, 0xff])) {
    return isBlockedIpv4Bytes(embeddedV4);
  }
  if (startsWith(bytes, new Array<number>(12).fill(0))) return true;
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b, ...new Array<number>(8).fill(0)])) {
    return isBlockedIpv4Bytes(embeddedV4);
  }
  if (b0 === 0x20 && b1 === 0x02) return isBlockedIpv4Bytes(bytes.slice(2, 6)); // 6to4
  if ((b0 & 0xfe) === 0xfc) return true; // fc00::/7 unique local
  if (b0 === 0xfe && (b1 & 0xc0) === 0x80) return true; // fe80::/10 link-local
  if (b0 === 0xfe && (b1 & 0xc0) === 0xc0) return true; // fec0::/10 site-local (deprecated)
  if (b0 === 0xff) return true; // multicast
  if (startsWith(bytes, [0x20, 0x01, 0x0d, 0xb8])) return true; // documentation
  if (startsWith(bytes, [0x01, 0x00, 0, 0, 0, 0, 0, 0])) return true; // discard-only 100::/64
  return false;
}

function isBlockedIpv4Bytes(bytes: readonly number[]): boolean {
  return BLOCKED_IPV4.some((range) => inIpv4Range(bytes, range));
}

/**
 * True when an IP address is anything but public unicast: loopback, private, link-local,
 * CGNAT, multicast, broadcast, reserved, unspecified, or an IPv6 form wrapping one of those.
 * Strings that are not IP addresses are reported as blocked, so callers fail closed.
 */
export function isBlockedAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare.split('%')[0] ?? '');
  if (family === 4) {
    const bytes = parseIpv4(bare);
    return bytes ? isBlockedIpv4Bytes(bytes) : true;
  }
  if (family === 6) {
    const bytes = parseIpv6(bare);
    return bytes ? isBlockedIpv6(bytes) : true;
  }
  return true;
}

/** Error raised by the guarded lookup; the client maps it to FetchError 'blocked-address'. */
export class BlockedAddressError extends Error {
  readonly code = 'ENGHE_BLOCKED_ADDRESS';
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`${hostname} resolves to ${address}, a private or reserved address`);
    this.name = 'BlockedAddressError';
  }
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

interface LookupOptionsLike {
  family?: number | string;
  hints?: number;
  all?: boolean;
}

export type AddressPolicy = (address: string) => boolean;

export type GuardedLookup = (
  hostname: string,
  options: LookupOptionsLike | number | LookupCallback,
  callback?: LookupCallback,
) => void;

/**
 * A drop-in for dns.lookup, for socket `lookup` options, that fails with BlockedAddressError
 * when any resolved address is blocked by `isBlocked` (a name that mixes public and private
 * answers is a rebinding pattern, not a real site). Sockets do not call lookup for literal
 * IPs; check those with the same policy before connecting.
 */
export function createGuardedLookup(isBlocked: AddressPolicy = isBlockedAddress): GuardedLookup {
  return (hostname, options, callback) => {
    const cb = (typeof options === 'function' ? options : callback) as LookupCallback;
    const opts: LookupOptionsLike = typeof options === 'object' && options !== null ? options : {};
    const family = typeof options === 'number' ? options : opts.family;
    const allOptions: LookupAllOptions = {
      all: true,
      hints: opts.hints,
      family: family === 'IPv4' ? 4 : family === 'IPv6' ? 6 : (family as 0 | 4 | 6 | undefined),
    };
    dnsLookup(hostname, allOptions, (err, addresses) => {
      if (err) {
        cb(err, opts.all ? [] : '');
        return;
      }
      const blocked = addresses.find((a) => isBlocked(a.address));
      const first = addresses[0];
      if (blocked || !first) {
        cb(new BlockedAddressError(hostname, blocked?.address ?? 'nothing'), opts.all ? [] : '');
        return;
      }
      if (opts.all) cb(null, addresses);
      else cb(null, first.address, first.family);
    });
  };
}
