// `npm run user:create -- [--admin] --email a@b.org [--name "A B"]`: creates a user. The password is read from a
// hidden prompt, or from standard input when it is piped (never from an argument, which would land in shell history).
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { assertAcceptablePassword } from "@/lib/auth/accounts";
import { hashPassword } from "@/lib/auth/password";
import { recordAuditEvent } from "@/lib/db/audit";
import { db } from "@/lib/db/client";
import { openDatabaseForCli } from "@/lib/db/cli";
import { createUser } from "@/lib/db/users";
import { AppError } from "@/lib/errors";

const USAGE = "usage: npm run user:create -- [--admin] --email <address> [--name <name>]   (password from a prompt or stdin)";

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let input = "";
    for await (const chunk of process.stdin) input += chunk;
    return input.replace(/\r?\n$/, "");
  }
  const ask = async (question: string) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    // Echo nothing while the password is typed.
    (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = (text) => {
      if (text.startsWith(question)) process.stdout.write(question);
    };
    const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
    rl.close();
    process.stdout.write("\n");
    return answer;
  };
  const password = await ask("Password: ");
  if ((await ask("Password again: ")) !== password) throw new AppError("invalid_input", "The two passwords differ.");
  return password;
}

async function main() {
  const { values } = parseArgs({ options: { admin: { type: "boolean", default: false }, email: { type: "string" }, name: { type: "string" } } });
  if (!values.email) throw new AppError("invalid_input", USAGE);
  const database = await openDatabaseForCli();
  try {
    const password = await readPassword();
    assertAcceptablePassword(password, values.email);
    const user = await createUser({ email: values.email, name: values.name ?? null, role: values.admin ? "admin" : "member", passwordHash: await hashPassword(password) });
    await recordAuditEvent({ action: "user.create", target: { type: "user", id: user.id }, details: { email: user.email, role: user.role, via: "cli" } });
    console.log(`Created ${user.role} ${user.email}.`);
  } finally {
    await db().$disconnect();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(`enclave: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
