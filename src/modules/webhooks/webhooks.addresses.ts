import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { badUserInput } from "../../graphql/errors";

/**
 * Which endpoint URLs the server may call, checked when one is registered and again on every
 * connection (the name may resolve elsewhere by then: DNS rebinding). Unless allowPrivate, no
 * address of the host may be private, loopback, link-local or otherwise not on the internet:
 * the server must not be made to call into its own network (cloud metadata at 169.254.169.254,
 * a database on localhost).
 */
export interface AddressPolicy {
  /** https: only, unless development (NODE_ENV) allows http: too. */
  httpAllowed: boolean;
  /** WEBHOOKS_ALLOW_PRIVATE. */
  allowPrivate: boolean;
}

const MAX_URL_LENGTH = 2000;

// IPv4 and IPv6 ranges that are not public internet addresses (RFC 6890 and its updates).
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 96], // unspecified, loopback, and the deprecated IPv4-compatible addresses
  ["2001::", 32], // Teredo: an IPv4 address behind a relay
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv6");
}

/** Whether an address (as DNS or a URL gives it) is one the server may call without WEBHOOKS_ALLOW_PRIVATE. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NOT_PUBLIC.check(address, "ipv4");
  if (family !== 6) return false;
  // A zone (fe80::1%eth0) names a local interface: never a public address.
  if (address.includes("%")) return false;
  // An IPv6 address that carries an IPv4 one reaches that IPv4 address, whatever it is.
  const carried = carriedIPv4(groupsOf(address));
  if (carried) return isPublicAddress(carried);
  return !NOT_PUBLIC.check(address, "ipv6");
}

/** The eight 16-bit groups of an IPv6 address (URL's parser writes a dotted IPv4 tail in hex first). */
function groupsOf(address: string): number[] {
  const [head, tail] = new URL(`http://[${address}]`).hostname.slice(1, -1).split("::");
  const groups = (part: string | undefined) => (part ? part.split(":").map((group) => parseInt(group, 16)) : []);
  const left = groups(head);
  const right = groups(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The IPv4 address an IPv6 one stands for: IPv4-mapped (::ffff:a.b.c.d), NAT64's well-known
 * prefix (64:ff9b::a.b.c.d, which a NAT64 gateway translates to a.b.c.d) and 6to4 (2002:AABB:CCDD::).
 */
function carriedIPv4(groups: number[]): string | undefined {
  const ipv4 = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
  const zeros = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
  if (zeros(0, 5) && groups[5] === 0xffff) return ipv4(groups[6]!, groups[7]!);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return ipv4(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return ipv4(groups[1]!, groups[2]!);
  return undefined;
}

/**
 * The URL, checked for registration: its form, its scheme, and every address its host resolves
 * to now. Throws BAD_USER_INPUT saying what is wrong.
 */
export async function checkEndpointUrl(raw: string, policy: AddressPolicy): Promise<URL> {
  if (raw.length > MAX_URL_LENGTH) throw badUserInput(`url must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badUserInput("url must be an absolute URL, e.g. https://partner.example/hooks/mobility-plan");
  }
  if (url.protocol !== "https:" && !(policy.httpAllowed && url.protocol === "http:")) {
    throw badUserInput(`url must start with https:${policy.httpAllowed ? " or http:" : ""} (got ${url.protocol})`);
  }
  // Credentials in a URL would be shown by every listing of webhooks and kept in the audit trail.
  if (url.username || url.password) throw badUserInput("url must not hold a user name or password; the signature authenticates the server");
  if (url.hash) throw badUserInput("url must not have a #fragment");
  const addresses = await resolve(hostOf(url)).catch(() => {
    throw badUserInput(`url's host ${url.hostname} does not resolve`);
  });
  if (!policy.allowPrivate) {
    const refused = addresses.filter((address) => !isPublicAddress(address));
    if (refused.length > 0) {
      throw badUserInput(`url's host ${url.hostname} resolves to ${refused.join(", ")}: private, loopback and link-local addresses are refused`);
    }
  }
  return url;
}

/** The host as DNS takes it: an IPv6 literal without its brackets. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1");

async function resolve(host: string): Promise<string[]> {
  if (isIP(host)) return [host];
  const found = await dnsLookup(host, { all: true, verbatim: true });
  return found.map((entry) => entry.address);
}

/**
 * A `lookup` for http.request that checks every address the host resolves to at connection
 * time, and connects only to checked ones: the check and the connection use the same answer,
 * so a name that resolved to a public address at registration cannot be pointed at a private
 * one afterwards (DNS rebinding).
 */
export function checkedLookup(policy: Pick<AddressPolicy, "allowPrivate">): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname.replace(/^\[(.*)\]$/, "$1")).then(
      (addresses) => {
        const refused = policy.allowPrivate ? [] : addresses.filter((address) => !isPublicAddress(address));
        if (refused.length > 0 || addresses.length === 0) {
          const error = Object.assign(new Error(`${hostname} resolves to ${refused.join(", ") || "nothing"}: not a public address`), { code: "EADDRNOTPUBLIC" });
          callback(error, "", 4);
          return;
        }
        const entries = addresses.map((address) => ({ address, family: isIP(address) }));
        if (options.all) callback(null, entries);
        else callback(null, entries[0]!.address, entries[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 4),
    );
  };
}
