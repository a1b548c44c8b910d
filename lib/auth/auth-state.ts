import "server-only";
import { randomBytes } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { getEnv, type Account } from "@/lib/env";
import { logger } from "@/lib/logger";
import { hashPassword } from "./password-hash";
import { credentialTag, unsealSession, type SessionData } from "./session-cookie";
import { isSessionLive } from "./session-store";
import { forgetProcessGlobal, processGlobal } from "@/lib/process-global";

export type AuthState = {
  secret: string;
  // name → password hash and role. DASHBOARD_USERS when it is set; otherwise the
  // first-start admin, an operator.
  accounts: ReadonlyMap<string, Account>;
  maxAgeSeconds: number;
};

export const FIRST_ADMIN = "admin";

// Loaded once per process (start-up does it before the first request) and shared by the
// proxy's bundle and the app's through globalThis. A failed load is not cached, so a
// database that was down at start is retried on the next request.
export function getAuthState(): Promise<AuthState> {
  return processGlobal("authState", () =>
    loadAuthState().catch((error: unknown) => {
      forgetProcessGlobal("authState");
      throw error;
    }),
  );
}

async function loadAuthState(): Promise<AuthState> {
  const env = getEnv();
  const [secret, accounts] = await Promise.all([
    env.SESSION_SECRET ?? loadGeneratedSessionSecret(),
    env.DASHBOARD_USERS.size > 0 ? env.DASHBOARD_USERS : loadFirstAdmin(),
  ]);
  return { secret, accounts, maxAgeSeconds: env.SESSION_MAX_AGE_HOURS * 3600 };
}

// Without SESSION_SECRET, the first instance to start makes one and every instance then
// reads the same row, so sessions survive restarts and work behind a load balancer.
async function loadGeneratedSessionSecret(): Promise<string> {
  const db = getDb();
  const candidate = randomBytes(32).toString("base64url");
  await db.$executeRaw`INSERT INTO app_secrets (name, value) VALUES ('session', ${candidate}) ON CONFLICT (name) DO NOTHING`;
  const row = await db.appSecret.findUniqueOrThrow({ where: { name: "session" } });
  return row.value;
}

// With no DASHBOARD_USERS, the first start creates "admin" with a random password and
// prints it once; only its hash is stored. When several instances start together the
// insert decides which one's password counts, and only that one prints.
async function loadFirstAdmin(): Promise<ReadonlyMap<string, Account>> {
  const db = getDb();
  const existing = await db.dashboardAccount.findMany();
  if (existing.length > 0) return new Map(existing.map((account) => [account.name, { hash: account.passwordHash, role: "operator" as const }]));
  const password = randomBytes(18).toString("base64url");
  const passwordHash = await hashPassword(password);
  const inserted = await db.$executeRaw`INSERT INTO dashboard_accounts (name, password_hash) VALUES (${FIRST_ADMIN}, ${passwordHash}) ON CONFLICT (name) DO NOTHING`;
  if (inserted === 1) {
    // The one deliberate exception to "no secret in the log": there is no other channel
    // to hand this password over, and it is printed once, never again.
    logger.warn(
      { user: FIRST_ADMIN },
      `No DASHBOARD_USERS configured: created dashboard user "${FIRST_ADMIN}" with password ${password} . It is shown only this once; set DASHBOARD_USERS to replace it.`,
    );
  }
  return loadFirstAdmin();
}

// Unsealing a cookie (key derivation, an HMAC and AES) is the largest cost of the proxy's
// check, paid on every request of a page and its data. What it yields for one cookie and
// one secret never changes but for the session's age, so it is kept for a second, with
// the rest of the check (account, password, the session not ended) still made each time.
const UNSEAL_KEEP_MS = 1_000;
const UNSEALED_MAX = 10_000;
type Unsealed = { secret: string; until: number; session: SessionData | undefined };
const unsealed = () => processGlobal("unsealedSessions", () => new Map<string, Unsealed>());

async function unsealCached(cookieValue: string, auth: AuthState, now = Date.now()): Promise<SessionData | undefined> {
  const cache = unsealed();
  const hit = cache.get(cookieValue);
  if (hit && hit.secret === auth.secret && hit.until > now) return hit.session;
  const session = await unsealSession(cookieValue, auth.secret, auth.maxAgeSeconds, now);
  if (cache.size >= UNSEALED_MAX) cache.clear();
  cache.set(cookieValue, { secret: auth.secret, until: now + UNSEAL_KEEP_MS, session });
  return session;
}

// The user a session cookie belongs to, if it is a current session of an account that
// still exists with the same password, and the server has not ended it.
export async function sessionUser(cookieValue: string | undefined): Promise<SessionData | undefined> {
  if (!cookieValue) return undefined;
  const auth = await getAuthState();
  const session = await unsealCached(cookieValue, auth);
  if (!session) return undefined;
  const account = auth.accounts.get(session.user);
  if (account === undefined || credentialTag(account.hash) !== session.credential) return undefined;
  return (await isSessionLive(session.sid, session.user)) ? session : undefined;
}
