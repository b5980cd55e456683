import "server-only";
import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

// Where a model endpoint really is. A `local` knowledge base's endpoints must resolve, every address of them, to this
// machine or a private network (RFC 1918, IPv6 unique-local); a `hosted` one may point anywhere, but only by an explicit
// admin choice with an API key, and the admin sees a warning. Embedding endpoints stay local in both cases: documents
// are embedded unmasked. Decisions: link-local (169.254/16, fe80::/10) is not local (it includes cloud metadata
// services and no model server is reached that way in practice); nor is 100.64/10 (carrier-grade NAT, also used by
// VPN overlays such as Tailscale: mark such a base hosted) nor 0.0.0.0 / :: (use 127.0.0.1).

export type AddressRange = "loopback" | "private" | "link-local" | "shared" | "unspecified" | "public";

const RANGES: [AddressRange, BlockList][] = (() => {
  const list = (entries: [string, number, "ipv4" | "ipv6"][]) => {
    const blocks = new BlockList();
    for (const [network, prefix, family] of entries) blocks.addSubnet(network, prefix, family);
    return blocks;
  };
  return [
    ["loopback", list([["127.0.0.0", 8, "ipv4"], ["::1", 128, "ipv6"]])],
    ["private", list([["10.0.0.0", 8, "ipv4"], ["172.16.0.0", 12, "ipv4"], ["192.168.0.0", 16, "ipv4"], ["fc00::", 7, "ipv6"]])],
    ["link-local", list([["169.254.0.0", 16, "ipv4"], ["fe80::", 10, "ipv6"]])],
    ["shared", list([["100.64.0.0", 10, "ipv4"]])],
    ["unspecified", list([["0.0.0.0", 8, "ipv4"], ["::", 128, "ipv6"]])],
  ];
})();

/** The range an IP address belongs to (IPv4-mapped IPv6 addresses count as their IPv4 address). */
export function addressRange(address: string): AddressRange {
  const family = isIP(address);
  if (family === 0) throw new Error(`addressRange: not an IP address: ${address}`);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const [value, type] = mapped ? [mapped, "ipv4" as const] : [address, family === 4 ? ("ipv4" as const) : ("ipv6" as const)];
  for (const [range, blocks] of RANGES) if (blocks.check(value, type)) return range;
  return "public";
}

export const isLocalRange = (range: AddressRange) => range === "loopback" || range === "private";

export interface ResolvedAddress {
  address: string;
  range: AddressRange;
}

export interface EndpointClass {
  /** Scheme, host and path: safe to show (no credentials, query or fragment). */
  display: string;
  host: string;
  protocol: "http:" | "https:";
  addresses: ResolvedAddress[];
  /** Every address is loopback or private. */
  isLocal: boolean;
  /** Set when the URL is unusable or the host does not resolve. */
  problem?: string;
}

export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Parses and resolves `url` (every address the resolver returns), and says whether it stays inside the building. */
export async function classifyEndpoint(url: string, lookup: LookupAll = systemLookup): Promise<EndpointClass> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { display: "(invalid URL)", host: "", protocol: "http:", addresses: [], isLocal: false, problem: "is not a valid URL" };
  }
  const display = `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, "")}`;
  const base = { display, host: parsed.hostname, protocol: parsed.protocol as "http:" | "https:", addresses: [], isLocal: false };
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return { ...base, problem: "must be an http:// or https:// URL" };
  if (parsed.username || parsed.password) return { ...base, problem: "must not contain a user name or password; put the key in the API key field" };
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  let resolved: { address: string }[];
  try {
    resolved = isIP(host) ? [{ address: host }] : await lookup(host);
  } catch {
    return { ...base, problem: `names the host ${host}, which does not resolve from this server` };
  }
  if (resolved.length === 0) return { ...base, problem: `names the host ${host}, which does not resolve from this server` };
  const addresses = resolved.map(({ address }) => ({ address, range: addressRange(address) }));
  return { ...base, addresses, isLocal: addresses.every((a) => isLocalRange(a.range)) };
}

/** Why an endpoint is not local, in words an admin can act on. */
export function notLocalReason(endpoint: EndpointClass): string {
  const outside = endpoint.addresses.filter((a) => !isLocalRange(a.range));
  const described = outside.map((a) => `${a.address} (${RANGE_WORDS[a.range]})`).join(", ");
  return `resolves to ${described}, outside this machine and the private network ranges (127.0.0.0/8, ::1, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7)`;
}

const RANGE_WORDS: Record<AddressRange, string> = {
  loopback: "loopback",
  private: "private network",
  "link-local": "link-local, not accepted as local",
  shared: "carrier-grade NAT / VPN overlay range 100.64.0.0/10, not accepted as local",
  unspecified: "unspecified address; use 127.0.0.1",
  public: "public internet",
};
