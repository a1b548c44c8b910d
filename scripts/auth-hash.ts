// npm run --silent auth:hash -- <password>   (or the password on standard input, which
// keeps it out of the shell history). Prints the hash for DASHBOARD_USERS and nothing else.
import { hashPassword } from "../lib/auth/password-hash";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

const password = process.argv[2] ?? (process.stdin.isTTY ? undefined : await readStdin());
if (!password) {
  console.error("usage: npm run --silent auth:hash -- <password>   (or: echo -n <password> | npm run --silent auth:hash)");
  process.exit(2);
}
process.stdout.write(`${await hashPassword(password)}\n`);
