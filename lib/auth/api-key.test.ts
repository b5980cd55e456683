import { describe, expect, it } from "vitest";
import { apiKeyFromHeaders } from "./api-key";

describe("apiKeyFromHeaders", () => {
  it("reads a bearer token, whatever the scheme's case", () => {
    expect(apiKeyFromHeaders(new Headers({ authorization: "Bearer enc_abc" }))).toBe("enc_abc");
    expect(apiKeyFromHeaders(new Headers({ authorization: "bearer   enc_abc " }))).toBe("enc_abc");
  });

  it("reads X-API-Key when there is no bearer token", () => {
    expect(apiKeyFromHeaders(new Headers({ "x-api-key": " enc_abc " }))).toBe("enc_abc");
    expect(apiKeyFromHeaders(new Headers({ authorization: "Basic dXNlcjpwYXNz", "x-api-key": "enc_abc" }))).toBe("enc_abc");
  });

  it("prefers the bearer token when both are sent", () => {
    expect(apiKeyFromHeaders(new Headers({ authorization: "Bearer enc_bearer", "x-api-key": "enc_header" }))).toBe("enc_bearer");
  });

  it("finds nothing in a request without a usable key", () => {
    expect(apiKeyFromHeaders(new Headers())).toBeUndefined();
    expect(apiKeyFromHeaders(new Headers({ authorization: "Bearer" }))).toBeUndefined();
    expect(apiKeyFromHeaders(new Headers({ authorization: "Bearer a b" }))).toBeUndefined();
    expect(apiKeyFromHeaders(new Headers({ "x-api-key": "  " }))).toBeUndefined();
  });
});
