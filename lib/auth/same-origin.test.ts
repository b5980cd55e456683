import { describe, expect, it } from "vitest";
import { isSameOrigin } from "./same-origin";

const headers = (values: Record<string, string>) => new Headers(values);

describe("isSameOrigin", () => {
  it("trusts the browser's Sec-Fetch-Site when it sends one", () => {
    expect(isSameOrigin(headers({ "sec-fetch-site": "same-origin", host: "enclave.example" }))).toBe(true);
    for (const site of ["cross-site", "same-site", "none"]) {
      expect(isSameOrigin(headers({ "sec-fetch-site": site, origin: "https://enclave.example", host: "enclave.example" })), site).toBe(false);
    }
  });

  it("otherwise needs an Origin naming this host (or the forwarded host behind a proxy)", () => {
    expect(isSameOrigin(headers({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }))).toBe(true);
    expect(isSameOrigin(headers({ origin: "https://enclave.example", host: "10.0.0.5:3000", "x-forwarded-host": "enclave.example" }))).toBe(true);
    expect(isSameOrigin(headers({ origin: "https://evil.example", host: "enclave.example" }))).toBe(false);
    expect(isSameOrigin(headers({ origin: "null", host: "enclave.example" }))).toBe(false);
    expect(isSameOrigin(headers({ host: "enclave.example" }))).toBe(false);
  });
});
