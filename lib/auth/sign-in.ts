import "server-only";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { getDb } from "@/lib/db/client";
import { getAuthState } from "./auth-state";
import { verifyAgainstDecoy, verifyPassword } from "./password-hash";
import { credentialTag, type SessionData } from "./session-cookie";
import { processGlobal } from "@/lib/process-global";

// Failed sign-ins are limited per user name and address (a password guesser), per
// address alone (one address trying many names) and, more loosely, per user name alone
// (a guesser forging addresses; it can lock that name out for a window, no longer). Every attempt takes a point before the
// password is checked, so parallel guesses cannot slip past the count; a success gives
// its points back. The counters live in Postgres, shared by every instance.
export const SIGN_IN_LIMITS = {
  windowSeconds: 15 * 60,
  perUserAndAddress: 5,
  perAddress: 30,
  perUser: 50,
} as const;

type Limiters = Record<"perUserAndAddress" | "perAddress" | "perUser", RateLimiterPrisma>;

function limiters(): Limiters {
  const make = (keyPrefix: string, points: number) =>
    new RateLimiterPrisma({ storeClient: getDb(), tableName: "signInThrottle", keyPrefix, points, duration: SIGN_IN_LIMITS.windowSeconds });
  return processGlobal("signInLimiters", () => ({
    perUserAndAddress: make("user-address", SIGN_IN_LIMITS.perUserAndAddress),
    perAddress: make("address", SIGN_IN_LIMITS.perAddress),
    perUser: make("user", SIGN_IN_LIMITS.perUser),
  }));
}

// Who signed in, with what credential; startSession makes the session of it.
export type SignedIn = Omit<SessionData, "sid">;

export type SignInAttempt = { name: string; password: string; address: string };

export type SignInResult =
  | { ok: true; session: SignedIn }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export async function signIn({ name, password, address }: SignInAttempt): Promise<SignInResult> {
  const { perUserAndAddress, perAddress, perUser } = limiters();
  const user = name.toLowerCase();
  const userKey = `${user}|${address}`;
  const taken = await Promise.allSettled([perUserAndAddress.consume(userKey), perAddress.consume(address), perUser.consume(user)]);
  const refusals = taken.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
  const storeError = refusals.find((reason) => !(reason instanceof RateLimiterRes));
  if (storeError !== undefined) throw storeError instanceof Error ? storeError : new Error("the sign-in counters failed", { cause: storeError });
  if (refusals.length > 0) {
    const waitMs = Math.max(...refusals.map((reason) => (reason as RateLimiterRes).msBeforeNext));
    return { ok: false, reason: "throttled", retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  const auth = await getAuthState();
  const hash = auth.accounts.get(name);
  const valid = hash === undefined ? await verifyAgainstDecoy(password) : await verifyPassword(password, hash);
  if (!valid || hash === undefined) return { ok: false, reason: "invalid" };

  await Promise.all([perUserAndAddress.delete(userKey), perAddress.reward(address, 1), perUser.reward(user, 1)]);
  return { ok: true, session: { user: name, credential: credentialTag(hash), signedInAt: Date.now() } };
}
