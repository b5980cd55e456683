// A real OpenID provider for tests and local trials (oidc-provider, the certified implementation): discovery, the
// authorization code flow with PKCE required, signed ID tokens carrying email, email_verified, name and groups.
// Its login page is a form where the tester types an account id from tests/oidc-provider.ts; no password.
//
//   tsx scripts/oidc-test-provider.ts --port 9400 --client-id enclave --client-secret s3cret \
//     --redirect-uri http://127.0.0.1:3000/api/auth/callback/oidc
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import Provider, { type Configuration } from "oidc-provider";
import { OIDC_TEST_ACCOUNTS, type OidcTestAccount } from "@/tests/oidc-provider";

export interface OidcTestProviderOptions {
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  accounts?: Record<string, OidcTestAccount>;
}

/** Starts the provider on 127.0.0.1:`port` (issuer `http://127.0.0.1:port`); resolves once it listens. */
export async function startOidcTestProvider(options: OidcTestProviderOptions): Promise<http.Server> {
  const accounts = options.accounts ?? OIDC_TEST_ACCOUNTS;
  const issuer = `http://127.0.0.1:${options.port}`;
  const provider = new Provider(issuer, configuration(options, accounts));
  const handleProtocol = provider.callback();
  // The relying party only sees "invalid_grant" and the like: say why here, where the test run's log shows it.
  const report = (event: string) => (_ctx: unknown, error: Error & { error_description?: string }) => {
    console.error(`oidc-test-provider ${event}: ${error.message}${error.error_description ? ` (${error.error_description})` : ""}`);
  };
  provider.on("authorization.error", report("authorization.error"));
  provider.on("grant.error", report("grant.error"));
  provider.on("server_error", report("server_error"));

  const server = http.createServer((req, res) => {
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url ?? "/", issuer).pathname);
    if (!match) return void handleProtocol(req, res);
    const isSubmit = req.method === "POST" && match[2] === "/login";
    (isSubmit ? submitLogin : showLogin)(provider, accounts, req, res).catch((error: unknown) => {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end(`Interaction failed: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  return server;
}

function configuration(options: OidcTestProviderOptions, accounts: Record<string, OidcTestAccount>): Configuration {
  // A fresh signing key per run, so no development key (and no warning) is used.
  const jwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  return {
    clients: [{ client_id: options.clientId, client_secret: options.clientSecret, redirect_uris: options.redirectUris }],
    jwks: { keys: [{ ...jwk, kid: "test-key", alg: "RS256", use: "sig" }] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    // Like Keycloak or Okta with a groups mapper: the claims ride in the ID token, groups with the profile scope.
    conformIdTokenClaims: false,
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    async findAccount(_ctx, sub) {
      const account = accounts[sub];
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...account }) };
    },
    // A first-party client: consent is implied, so the only interaction is the login form.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  };
}

async function showLogin(provider: Provider, accounts: Record<string, OidcTestAccount>, req: http.IncomingMessage, res: http.ServerResponse) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name !== "login") throw new Error(`unsupported prompt ${details.prompt.name}`);
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(loginPage(details.uid, Object.keys(accounts)));
}

async function submitLogin(provider: Provider, accounts: Record<string, OidcTestAccount>, req: http.IncomingMessage, res: http.ServerResponse) {
  const details = await provider.interactionDetails(req, res);
  const accountId = new URLSearchParams(await readBody(req)).get("login")?.trim() ?? "";
  if (!accounts[accountId]) {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(loginPage(details.uid, Object.keys(accounts), "No such account."));
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
}

function loginPage(uid: string, accountIds: string[], error?: string): string {
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head><body>
<h1>Test identity provider</h1>
${error ? `<p role="alert" data-testid="idp-error">${escape(error)}</p>` : ""}
<form method="post" action="/interaction/${escape(uid)}/login">
  <label>Account <input name="login" autofocus data-testid="idp-login"></label>
  <button type="submit" data-testid="idp-submit">Continue</button>
</form>
<p>Accounts: ${accountIds.map(escape).join(", ")}</p>
</body></html>`;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").slice(0, 10_000);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "9400" },
      "client-id": { type: "string", default: "enclave" },
      "client-secret": { type: "string" },
      "redirect-uri": { type: "string", multiple: true },
    },
  });
  if (!values["client-secret"] || !values["redirect-uri"]?.length) {
    console.error("usage: oidc-test-provider --port N --client-id ID --client-secret SECRET --redirect-uri URL [--redirect-uri URL]");
    process.exit(2);
  }
  const port = Number(values.port);
  await startOidcTestProvider({ port, clientId: values["client-id"], clientSecret: values["client-secret"], redirectUris: values["redirect-uri"] });
  console.log(`test OpenID provider at http://127.0.0.1:${port} (accounts: ${Object.keys(OIDC_TEST_ACCOUNTS).join(", ")})`);
}
