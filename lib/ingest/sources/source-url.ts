import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";

// A sync source is named by a connection URL that may carry a password. The password goes to the driver and
// nowhere else: messages, job details, audit events and the sync-state key all use the display form without it.

export type SourceKind = "postgresql" | "mysql";

export interface SourceLocation {
  kind: SourceKind;
  /** The URL as given, for the driver only. */
  url: URL;
  /** The URL without password or secret-looking parameters, e.g. `mysql://root@127.0.0.1:3306/test`. */
  display: string;
  password: string;
}

const KINDS: Record<string, SourceKind> = { "postgresql:": "postgresql", "postgres:": "postgresql", "mysql:": "mysql", "mariadb:": "mysql" };
const SECRET_PARAMETER = /pass|secret|token|key/i;

/** Parses a source URL; the error never repeats the URL, which may hold a password. */
export function parseSourceUrl(text: string): SourceLocation {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError("invalid_input", "The source is not a valid URL. Use postgresql://user:password@host:5432/database or mysql://user:password@host:3306/database (mariadb:// works too).");
  }
  const kind = KINDS[url.protocol];
  if (!kind || !url.hostname) {
    throw new AppError("invalid_input", `The source must be a postgresql://, mysql:// or mariadb:// URL with a host, not ${url.protocol}//… .`);
  }
  return { kind, url, display: displaySourceUrl(url), password: decodeURIComponent(url.password) };
}

/** The URL with its password and secret-looking query parameters removed. */
export function displaySourceUrl(url: URL): string {
  const user = url.username ? `${url.username}@` : "";
  const kept = [...url.searchParams].filter(([name]) => !SECRET_PARAMETER.test(name));
  const query = kept.length > 0 ? `?${new URLSearchParams(kept).toString()}` : "";
  return `${url.protocol}//${user}${url.host}${url.pathname}${query}`;
}

/** Replaces every occurrence of the password (plain and URL-encoded) in a driver's message. */
export function redactPassword(message: string, password: string): string {
  if (!password) return message;
  return [password, encodeURIComponent(password)].reduce((text, secret) => text.split(secret).join("***"), message);
}

/** A short, stable fingerprint of a query (the audit log records it instead of the text). */
export function queryHash(query: string): string {
  return createHash("sha256").update(query).digest("hex");
}
