/**
 * The SSRF guard: a URL is fetched only when it is http(s) and every address its host resolves to is a public
 * one. Private, loopback, link-local, unique-local, multicast, unspecified and reserved addresses are refused,
 * IPv4 and IPv6 alike, including IPv4 addresses hidden in IPv6 (mapped, compatible, NAT64, 6to4). Numeric tricks
 * (`http://2130706433/`, `http://0177.1/`, `http://0x7f.1/`) need no special care: the WHATWG URL parser turns
 * them into the dotted address they mean before the check sees the host.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, isIPv4, type LookupFunction } from 'node:net';

export type AddressKind =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

const KIND_WORDING: Readonly<Record<Exclude<AddressKind, 'public'>, string>> = {
  unspecified: 'the unspecified address',
  loopback: 'a loopback address',
  private: 'a private address',
  'link-local': 'a link-local address',
  'unique-local': 'a unique-local address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address (not publicly routable)',
};

/** IPv4 blocks that are not public, most specific first. */
const IPV4_BLOCKS: readonly [string, number, Exclude<AddressKind, 'public'>][] = [
  ['255.255.255.255', 32, 'broadcast'],
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private'], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'reserved'], // documentation
  ['192.88.99.0', 24, 'reserved'], // 6to4 relay anycast
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['198.51.100.0', 24, 'reserved'], // documentation
  ['203.0.113.0', 24, 'reserved'], // documentation
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** What kind of address an IPv4 or IPv6 literal is. Throws a TypeError for anything else. */
export function classifyAddress(address: string): AddressKind {
  const bare = address.replace(/^\[|\]$/g, '');
  if (isIPv4(bare)) return classifyIpv4(ipv4ToNumber(bare));
  if (isIP(bare.replace(/%.*$/, '')) === 6) return classifyIpv6(parseIpv6(bare));
  throw new TypeError(`not an IP address: ${address}`);
}

function classifyIpv4(value: number): AddressKind {
  for (const [base, prefix, kind] of IPV4_BLOCKS) {
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    if (((value & mask) >>> 0) === ((ipv4ToNumber(base) & mask) >>> 0)) return kind;
  }
  return 'public';
}

function classifyIpv6(groups: number[]): AddressKind {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const embedded = ((g6 << 16) | g7) >>> 0;
  const zerosBefore = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (zerosBefore(8)) return 'unspecified';
  if (zerosBefore(7) && g7 === 1) return 'loopback';
  if (zerosBefore(5) && g5 === 0xffff) return classifyIpv4(embedded); // ::ffff:a.b.c.d, IPv4-mapped
  if (zerosBefore(6)) return classifyIpv4(embedded); // ::a.b.c.d, IPv4-compatible (deprecated)
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return classifyIpv4(embedded); // NAT64
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'private'; // local-use NAT64
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // site-local (deprecated)
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local';
  if (g0 === 0x2002) return classifyIpv4(((g1 << 16) | g2) >>> 0); // 6to4 carries an IPv4 address
  if (g0 === 0x2001 && g1 === 0x0db8) return 'reserved'; // documentation
  if (g0 === 0x2001 && g1 < 0x0200) return 'reserved'; // IETF protocol assignments, Teredo among them
  if (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0) return 'reserved'; // discard prefix
  // Only 2000::/3 is allocated for global unicast.
  return (g0 & 0xe000) === 0x2000 ? 'public' : 'reserved';
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((value, part) => ((value << 8) | Number(part)) >>> 0, 0);
}

/** Eight 16-bit groups of a valid IPv6 literal (`::`, embedded dotted IPv4 and zone ids handled). */
function parseIpv6(address: string): number[] {
  let text = address.replace(/%.*$/, '').toLowerCase();
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = ipv4ToNumber(tail);
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', rest] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const before = parse(head);
  const after = rest === undefined ? [] : parse(rest);
  const zeros = new Array<number>(8 - before.length - after.length).fill(0);
  return [...before, ...zeros, ...after];
}

// ---------------------------------------------------------------------------------------------------------
// URLs

export interface AddressGuardOptions {
  /** Fetch from any address, private ones included (`--allow-private-network`). */
  allowPrivateNetwork?: boolean;
  /** `host:port` (as a URL's `host` gives it) fetched even though it is private: a known mirror, a test server. */
  allowedPrivateHosts?: readonly string[];
  /** Resolves a host name to all its addresses; dns.lookup by default. */
  lookup?: (hostname: string) => Promise<string[]>;
}

/** A URL the guard will not fetch; the message names it and says why. */
export class RefusedUrlError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`refusing ${url}: ${reason}`);
    this.name = 'RefusedUrlError';
  }
}

const ALLOW_HINT = ' (pass --allow-private-network to fetch it)';

/**
 * The URL when it may be fetched; throws RefusedUrlError when its scheme is not http(s) or when its host is, or
 * resolves to, any address that is not public. Host names that do not resolve throw a plain Error.
 */
export async function assertFetchable(url: string | URL, options: AddressGuardOptions = {}): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RefusedUrlError(String(url), 'not a valid absolute URL');
  }
  const href = parsed.href;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new RefusedUrlError(href, `only http and https URLs are fetched, not ${parsed.protocol.slice(0, -1)}`);
  }
  if (parsed.username !== '' || parsed.password !== '') throw new RefusedUrlError(href, 'URLs with credentials are not fetched');
  if (isExemptFromGuard(parsed, options)) return parsed;

  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    const kind = classifyAddress(host);
    if (kind !== 'public') throw new RefusedUrlError(href, `${host} is ${KIND_WORDING[kind]}${ALLOW_HINT}`);
    return parsed;
  }
  const lookup = options.lookup ?? lookupAll;
  let addresses: string[];
  try {
    addresses = await lookup(host.replace(/\.$/, ''));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new Error(`cannot resolve ${host} for ${href}: ${typeof code === 'string' ? code : (error as Error).message}`);
  }
  if (addresses.length === 0) throw new Error(`cannot resolve ${host} for ${href}: no addresses`);
  const refusal = refuseResolved(host, addresses);
  if (refusal) throw new RefusedUrlError(href, refusal);
  return parsed;
}

/** Whether the options let this URL reach private addresses: all private networks, or its host:port by name. */
export function isExemptFromGuard(url: URL, options: AddressGuardOptions): boolean {
  return options.allowPrivateNetwork === true || options.allowedPrivateHosts?.includes(url.host) === true;
}

/**
 * Why a host's addresses may not be connected to, or undefined when all are public. Every address counts: a
 * name answering with one public and one private address could be sent to either.
 */
function refuseResolved(host: string, addresses: readonly string[]): string | undefined {
  for (const address of addresses) {
    const kind = classifyAddress(address);
    if (kind !== 'public') return `its host ${host} resolves to ${address}, ${KIND_WORDING[kind]}${ALLOW_HINT}`;
  }
  return undefined;
}

/** All the addresses of a name, as the system resolver gives them (the guard's default resolver). */
export async function lookupAll(hostname: string): Promise<string[]> {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => answer.address);
}

/** A connection refused because its host resolved to an address that is not public; `reason` says which. */
export class RefusedAddressError extends Error {
  readonly code = 'ERR_REFUSED_ADDRESS';
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RefusedAddressError';
  }
}

/**
 * A `lookup` for net.connect that resolves with the guard's resolver and, when `check` is set, fails with
 * RefusedAddressError unless every answer is public. The connection then goes to the very addresses that were
 * checked: a name whose answers change between the guard's look-up and the connection (DNS rebinding) cannot
 * slip a private address in. Without `check` (private networks allowed) it only resolves.
 */
export function guardedLookup(options: { lookup?: AddressGuardOptions['lookup']; check: boolean }): LookupFunction {
  const resolve = options.lookup ?? lookupAll;
  return (hostname, lookupOptions, callback) => {
    const host = hostname.replace(/\.$/, '');
    resolve(host).then(
      (addresses) => {
        const refusal = options.check ? refuseResolved(host, addresses) : undefined;
        const family = lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family;
        const answers = addresses.map((address) => ({ address, family: isIP(address) })).filter((a) => !family || a.family === family);
        if (refusal) callback(new RefusedAddressError(refusal), '', 0);
        else if (answers.length === 0) callback(Object.assign(new Error(`cannot resolve ${host}: no addresses`), { code: 'ENOTFOUND' }), '', 0);
        else if (lookupOptions.all) (callback as unknown as (error: null, answers: { address: string; family: number }[]) => void)(null, answers);
        else callback(null, answers[0]!.address, answers[0]!.family);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
}
