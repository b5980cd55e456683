import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";
import { oidcProvider, oidcSettings } from "./oidc";

const CONFIGURED = {
  AUTH_OIDC_ISSUER: "https://login.example.com/realms/acme",
  AUTH_OIDC_CLIENT_ID: "enclave",
  AUTH_OIDC_CLIENT_SECRET: "client-secret-value",
};

describe("single sign-on settings", () => {
  it("are off unless configured", () => {
    expect(oidcSettings(parseEnv({}))).toBeUndefined();
  });

  it("come with defaults for the label, the groups claim and provisioning", () => {
    expect(oidcSettings(parseEnv(CONFIGURED))).toEqual({
      issuer: CONFIGURED.AUTH_OIDC_ISSUER,
      clientId: "enclave",
      clientSecret: "client-secret-value",
      name: "single sign-on",
      groupsClaim: "groups",
      isProvisioningAllowed: true,
    });
    const custom = parseEnv({ ...CONFIGURED, AUTH_OIDC_NAME: "Acme SSO", AUTH_OIDC_GROUPS_CLAIM: "roles", AUTH_OIDC_ALLOW_PROVISIONING: "false" });
    expect(oidcSettings(custom)).toMatchObject({ name: "Acme SSO", groupsClaim: "roles", isProvisioningAllowed: false });
  });

  it("need the issuer, client id and secret together, in one clear error", () => {
    const attempt = () => parseEnv({ AUTH_OIDC_ISSUER: CONFIGURED.AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_SECRET: "" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      "Invalid configuration: AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET must be set too: single sign-on needs " +
        "AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID, AUTH_OIDC_CLIENT_SECRET together, or none of them",
    );
  });

  it("take a public address (AUTH_URL) only by a name Next.js keeps as it is", () => {
    expect(parseEnv({ AUTH_URL: "https://enclave.example.com" }).AUTH_URL).toBe("https://enclave.example.com");
    expect(() => parseEnv({ AUTH_URL: "http://127.0.0.1:3000" })).toThrow(/AUTH_URL must name localhost, not a loopback IP/);
  });

  it("take an https issuer, or http only on this machine", () => {
    expect(() => parseEnv({ ...CONFIGURED, AUTH_OIDC_ISSUER: "http://login.example.com" })).toThrow(/AUTH_OIDC_ISSUER must be an https:\/\/ URL/);
    for (const issuer of ["http://127.0.0.1:9400", "http://localhost:8080/realms/dev", "http://[::1]:9400"]) {
      expect(parseEnv({ ...CONFIGURED, AUTH_OIDC_ISSUER: issuer }).AUTH_OIDC_ISSUER).toBe(issuer);
    }
    expect(() => parseEnv({ ...CONFIGURED, AUTH_OIDC_ALLOW_PROVISIONING: "sometimes" })).toThrow(/AUTH_OIDC_ALLOW_PROVISIONING must be true or false/);
  });
});

describe("the Auth.js provider", () => {
  it("discovers the issuer and uses the code flow with PKCE, state and nonce", () => {
    const provider = oidcProvider(oidcSettings(parseEnv(CONFIGURED))!);
    expect(provider).toMatchObject({ id: "oidc", type: "oidc", issuer: CONFIGURED.AUTH_OIDC_ISSUER, clientId: "enclave" });
    expect(provider.checks).toEqual(expect.arrayContaining(["pkce", "state", "nonce"]));
    expect(provider.authorization).toEqual({ params: { scope: "openid email profile" } });
  });
});
