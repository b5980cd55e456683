// The fixed people of the local OpenID provider (scripts/oidc-test-provider.ts) that the end-to-end tests sign in
// as. Their ids are what the tester types on the provider's login form, and the `sub` the provider issues.

export interface OidcTestAccount {
  email: string;
  email_verified: boolean;
  name: string;
  /** Sent as the `groups` claim; omitted from the ID token when undefined. */
  groups?: string[];
}

/** The IdP group mapped to a team in the tests. */
export const OIDC_TEST_GROUP = "enclave-support";

export const OIDC_TEST_ACCOUNTS = {
  "sso-member": { email: "Sso.Member@idp.e2e.test", email_verified: true, name: "Sam Member", groups: [OIDC_TEST_GROUP, "unmapped-group"] },
  "sso-nogroups": { email: "sso.nogroups@idp.e2e.test", email_verified: true, name: "Nia Nogroups" },
  "sso-unverified": { email: "sso.unverified@idp.e2e.test", email_verified: false, name: "Uma Unverified", groups: [OIDC_TEST_GROUP] },
} satisfies Record<string, OidcTestAccount>;

export type OidcTestAccountId = keyof typeof OIDC_TEST_ACCOUNTS;
