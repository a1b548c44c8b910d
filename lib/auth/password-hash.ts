// Dashboard password hashes: scrypt, with its cost parameters stored in the hash so they
// can be raised later without invalidating old ones. The text form has no ":" or ","
// because it sits inside DASHBOARD_USERS ("name:hash,name:hash").
//   scrypt$<log2 N>$<r>$<p>$<salt, base64url>$<key, base64url>
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

const PREFIX = "scrypt";
const KEY_BYTES = 32;
const SALT_BYTES = 16;
// N = 2^15, r = 8: about 32 MiB and some tens of milliseconds per check, OWASP's floor.
const DEFAULT_COST = { log2N: 15, r: 8, p: 1 } as const;
const HASH_SHAPE = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{43})$/;

type ParsedHash = { log2N: number; r: number; p: number; salt: Buffer; key: Buffer };

function derive(password: string, salt: Buffer, cost: { log2N: number; r: number; p: number }): Promise<Buffer> {
  const N = 2 ** cost.log2N;
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export function parsePasswordHash(encoded: string): ParsedHash | undefined {
  const match = HASH_SHAPE.exec(encoded);
  if (!match) return undefined;
  const [log2N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Bounds keep a hostile or mistyped hash from asking for gigabytes of memory.
  if (log2N < 10 || log2N > 20 || r < 1 || r > 32 || p < 1 || p > 16) return undefined;
  const key = Buffer.from(match[5] ?? "", "base64url");
  if (key.length !== KEY_BYTES) return undefined;
  return { log2N, r, p, salt: Buffer.from(match[4] ?? "", "base64url"), key };
}

export function isPasswordHash(encoded: string): boolean {
  return parsePasswordHash(encoded) !== undefined;
}

export async function hashPassword(password: string, cost: { log2N: number; r: number; p: number } = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost);
  return [PREFIX, cost.log2N, cost.r, cost.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parsePasswordHash(encoded);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed);
  return timingSafeEqual(key, parsed.key);
}

// For unknown user names: the same work as a real check, so the answer's timing does
// not tell which names exist.
let decoyHash: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
  await verifyPassword(password, await decoyHash);
  return false;
}
