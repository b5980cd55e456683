import { existsSync } from "node:fs";

// Shared by playwright.config.ts, scripts/e2e-server.ts and the specs: where the app, the fake model and the test
// OpenID provider run, and the first admin's credentials (created by the launcher's first-run bootstrap from these).

export const APP_PORT = Number(process.env.ENCLAVE_E2E_PORT ?? 3100);
export const FAKE_MODEL_PORT = Number(process.env.ENCLAVE_E2E_MODEL_PORT ?? 11500);
export const APP_URL = `http://127.0.0.1:${APP_PORT}`;
export const FAKE_MODEL_URL = `http://127.0.0.1:${FAKE_MODEL_PORT}`;
export const ADMIN = { email: "admin@e2e.test", password: "e2e-admin-password-1" } as const;

export const OIDC_PORT = Number(process.env.ENCLAVE_E2E_OIDC_PORT ?? 11600);
export const OIDC_URL = `http://127.0.0.1:${OIDC_PORT}`;
/** The app's client at the test provider (scripts/oidc-test-provider.ts) and its button label. */
export const OIDC_CLIENT = { id: "enclave-e2e", secret: "e2e-oidc-client-secret", name: "Test IdP" } as const;

const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** A system Chromium for Playwright (never a downloaded one), or undefined when the machine has none. */
export function findChromium(): string | undefined {
  return CHROMIUM_CANDIDATES.find((candidate): candidate is string => !!candidate && existsSync(candidate));
}
