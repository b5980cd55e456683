import { defineConfig } from "@playwright/test";
import { ADMIN, APP_PORT, APP_URL, FAKE_MODEL_PORT, FAKE_MODEL_URL, findChromium, OIDC_CLIENT, OIDC_PORT, OIDC_URL } from "./e2e/environment";

const chromium = findChromium();
if (!chromium) {
  throw new Error(
    "No Chromium found for the end-to-end tests. Install one (Debian/Ubuntu: sudo apt-get install chromium) " +
      "or point CHROMIUM_PATH at a Chrome/Chromium binary.",
  );
}

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      // The machine's network is closed: without these flags Chromium keeps trying to reach Google's services.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  webServer: [
    {
      command: `node_modules/.bin/tsx scripts/fake-model-server.ts --port ${FAKE_MODEL_PORT} --flavor ollama`,
      url: `${FAKE_MODEL_URL}/api/version`,
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      command: [
        "node_modules/.bin/tsx scripts/oidc-test-provider.ts",
        `--port ${OIDC_PORT} --client-id ${OIDC_CLIENT.id} --client-secret ${OIDC_CLIENT.secret}`,
        `--redirect-uri ${APP_URL}/api/auth/callback/oidc`,
      ].join(" "),
      url: `${OIDC_URL}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      command: "node_modules/.bin/tsx --conditions=react-server scripts/e2e-server.ts",
      url: `${APP_URL}/login`,
      reuseExistingServer: false,
      timeout: 300_000,
      // SIGTERM lets the launcher stop Next.js and drop its throwaway database (the default is SIGKILL).
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      stdout: "pipe",
      env: {
        PORT: String(APP_PORT),
        HOSTNAME: "127.0.0.1",
        ENCLAVE_CHAT_BASE_URL: `${FAKE_MODEL_URL}/v1`,
        ENCLAVE_ADMIN_EMAIL: ADMIN.email,
        ENCLAVE_ADMIN_PASSWORD: ADMIN.password,
        AUTH_OIDC_ISSUER: OIDC_URL,
        AUTH_OIDC_CLIENT_ID: OIDC_CLIENT.id,
        AUTH_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
        AUTH_OIDC_NAME: OIDC_CLIENT.name,
        NEXT_TELEMETRY_DISABLED: "1",
        // A fixed test key: hosted knowledge bases store their API key encrypted with it (e2e/privacy.spec.ts).
        ENCLAVE_SECRET_KEY: "e2e0".repeat(16),
      },
    },
  ],
});
