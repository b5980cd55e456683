// The processes bench:chat measures: the fake model server and the real app (`next start`), each in a process of its
// own so that neither shares an event loop with the client that times them; and a signed-in session for /api/chat.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface Child {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `npm run fake-model` on a free port, as Ollama. */
export async function startModelServer(): Promise<Child> {
  const port = await freePort();
  const child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "scripts", "fake-model-server.ts"), "--port", String(port), "--flavor", "ollama"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the fake model server exited (${code})`)));
    child.stdout!.on("data", (data: Buffer) => data.toString().includes("listening") && resolve());
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => stop(child) };
}

/** `next start` of an already built app in `appDir`, on a free port, pointed at `databaseUrl`. */
export async function startApp(appDir: string, databaseUrl: string, log: (line: string) => void): Promise<Child> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(appDir, "node_modules", "next", "dist", "bin", "next"), "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: appDir,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AUTH_TRUST_HOST: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The app's own log lines are shown once each, indented (an error repeated by 50 concurrent chats is shown once).
  // The fake model counts prompt tokens with its own crude rule, so the chat's warning that the model's count
  // differs from Gemma's is expected here on every answer and is left out.
  const seen = new Set<string>();
  const relay = (data: Buffer) =>
    data
      .toString()
      .split("\n")
      .filter((line) => line.trim() && !/reported \d+ prompt tokens, Enclave counted/.test(line) && !seen.has(line) && seen.add(line))
      .forEach((line) => log(`    [app] ${line}`));
  child.stdout!.on("data", relay);
  child.stderr!.on("data", relay);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    const response = await fetch(`${url}/api/health`).catch(() => undefined);
    if (response) {
      await response.body?.cancel();
      break;
    }
    if (Date.now() > deadline) throw new Error("next start did not answer within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, pid: child.pid!, stop: () => stop(child) };
}

/** Signs in through Auth.js's own endpoints, as the login form does; returns the Cookie header to send. */
export async function signIn(appUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${appUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map(csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!.split(/=(.*)/s).slice(0, 2) as [string, string]));
  const response = await fetch(`${appUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${appUrl}/chat` }),
  });
  await response.body?.cancel();
  for (const cookie of response.headers.getSetCookie()) {
    const [name, value] = cookie.split(";")[0]!.split(/=(.*)/s) as [string, string];
    jar.set(name, value);
  }
  if (!jar.get("authjs.session-token")) throw new Error(`signing in failed (HTTP ${response.status}, location ${response.headers.get("location")})`);
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
