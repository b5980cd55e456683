import dgram from "node:dgram";
import dns from "node:dns";
import net from "node:net";

// Records every outbound connection this process opens (TCP and TLS go through net.Socket#connect, UDP through
// dgram's send) and every host name it resolves, so a test can assert the app talks to nothing but what it should.

export interface OutboundRecorder {
  /** "host:port" (or "unix:/path") of every TCP connection, "udp:host:port" of every datagram. */
  readonly destinations: Set<string>;
  readonly lookups: Set<string>;
  /** Destinations not in `allowed` (host:port strings). */
  violations(allowed: Iterable<string>): string[];
  restore(): void;
}

type ConnectOptions = { port?: number | string; host?: string; path?: string };

function describeConnect(args: unknown[]): string {
  // net.connect() hands Socket#connect its normalized arguments as one array: [options, callback].
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === "object" && first !== null) {
    const options = first as ConnectOptions;
    if (options.path) return `unix:${options.path}`;
    return `${options.host ?? "localhost"}:${options.port}`;
  }
  if (typeof first === "string" && Number.isNaN(Number(first))) return `unix:${first}`;
  return `${typeof args[1] === "string" ? args[1] : "localhost"}:${String(first)}`;
}

/** Starts recording; call restore() when done. */
export function recordOutbound(): OutboundRecorder {
  const destinations = new Set<string>();
  const lookups = new Set<string>();
  const connect = net.Socket.prototype.connect;
  const send = dgram.Socket.prototype.send;
  const lookup = dns.lookup;
  const promisesLookup = dns.promises.lookup;

  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    destinations.add(describeConnect(args));
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;
  dgram.Socket.prototype.send = function (this: dgram.Socket, ...args: unknown[]) {
    const port = args.find((arg) => typeof arg === "number" && arg > 0 && arg < 65_536 && arg !== (args[0] as { length?: number })?.length);
    const host = args.find((arg, index) => index > 0 && typeof arg === "string");
    destinations.add(`udp:${String(host ?? "connected")}:${String(port ?? "?")}`);
    return (send as (...a: unknown[]) => void).apply(this, args);
  } as typeof send;
  dns.lookup = function (hostname: string, ...rest: unknown[]) {
    lookups.add(hostname);
    return (lookup as (...a: unknown[]) => void).call(dns, hostname, ...rest);
  } as typeof dns.lookup;
  dns.promises.lookup = function (hostname: string, ...rest: unknown[]) {
    lookups.add(hostname);
    return (promisesLookup as (...a: unknown[]) => Promise<unknown>).call(dns.promises, hostname, ...rest);
  } as typeof dns.promises.lookup;

  return {
    destinations,
    lookups,
    violations(allowed) {
      const permitted = new Set(allowed);
      return [...destinations].filter((destination) => !permitted.has(destination)).sort();
    },
    restore() {
      net.Socket.prototype.connect = connect;
      dgram.Socket.prototype.send = send;
      dns.lookup = lookup;
      dns.promises.lookup = promisesLookup;
    },
  };
}

/** "host:port" of a URL, with the scheme's default port. */
export function hostPort(url: string): string {
  const parsed = new URL(url);
  const port = parsed.port || ({ "http:": "80", "https:": "443", "postgres:": "5432", "postgresql:": "5432" } as Record<string, string>)[parsed.protocol] || "";
  return `${parsed.hostname.replace(/^\[|\]$/g, "")}:${port}`;
}
