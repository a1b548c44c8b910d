import "server-only";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { getDb } from "@/lib/db/client";
import { getAuthState } from "./auth-state";
import type { Device } from "./device-cookie";
import { onHashingQueue } from "./hashing-queue";
import { verifyAgainstDecoy, verifyPassword } from "./password-hash";
import { credentialTag, type SessionData } from "./session-cookie";
import { processGlobal } from "@/lib/process-global";

// Failed sign-ins are limited per user name and address (a password guesser), per
// address alone (one address trying many names) and, more loosely, per user name alone
// (a guesser forging addresses). The name-wide limit only slows unknown devices: past
// it, they get one attempt per SLOW_SECONDS for that name, never a window-long lockout.
// A browser that has signed in as the user before (device-cookie.ts) is counted on its
// own, so nobody else's failures can lock it out. Every attempt takes a point before the
// password is checked, so parallel guesses cannot slip past the count; a success gives
// its points back. The counters live in Postgres, shared by every instance.
export const SIGN_IN_LIMITS = {
  windowSeconds: 15 * 60,
  perUserAndAddress: 5,
  perAddress: 30,
  perUser: 50,
  perDevice: 10,
  slowSeconds: 30,
} as const;

type Limiters = Record<"perUserAndAddress" | "perAddress" | "perUser" | "perDevice" | "perUserSlow", RateLimiterPrisma>;

function limiters(): Limiters {
  const make = (keyPrefix: string, points: number, duration: number = SIGN_IN_LIMITS.windowSeconds) =>
    new RateLimiterPrisma({ storeClient: getDb(), tableName: "signInThrottle", keyPrefix, points, duration });
  return processGlobal("signInLimiters", () => ({
    perUserAndAddress: make("user-address", SIGN_IN_LIMITS.perUserAndAddress),
    perAddress: make("address", SIGN_IN_LIMITS.perAddress),
    perUser: make("user", SIGN_IN_LIMITS.perUser),
    perDevice: make("device", SIGN_IN_LIMITS.perDevice),
    perUserSlow: make("user-slow", 1, SIGN_IN_LIMITS.slowSeconds),
  }));
}

// Who signed in, with what credential; startSession makes the session of it.
export type SignedIn = Omit<SessionData, "sid">;

export type SignInAttempt = { name: string; password: string; address: string; device?: Device };

export type SignInResult =
  | { ok: true; session: SignedIn }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

// Takes this attempt's points; the milliseconds to wait when a limit is reached.
async function takePoints(user: string, address: string, device: Device | undefined): Promise<number | undefined> {
  const limits = limiters();
  const consume = (limiter: RateLimiterPrisma, key: string) => limiter.consume(key).then(() => undefined, (reason: unknown) => reason);
  const refusals = device
    ? [await consume(limits.perDevice, `${user}|${device.nonce}`)]
    : await Promise.all([consume(limits.perUserAndAddress, `${user}|${address}`), consume(limits.perAddress, address), consume(limits.perUser, user)]);
  const storeError = refusals.find((reason) => reason !== undefined && !(reason instanceof RateLimiterRes));
  if (storeError !== undefined) throw storeError instanceof Error ? storeError : new Error("the sign-in counters failed", { cause: storeError });
  const waits = refusals.flatMap((reason) => (reason instanceof RateLimiterRes ? [reason.msBeforeNext] : []));
  const onlyNameWide = !device && refusals[2] !== undefined && refusals[0] === undefined && refusals[1] === undefined;
  if (onlyNameWide) {
    const slowed = await consume(limits.perUserSlow, user);
    if (slowed === undefined) return undefined;
    if (!(slowed instanceof RateLimiterRes)) throw slowed instanceof Error ? slowed : new Error("the sign-in counters failed");
    return slowed.msBeforeNext;
  }
  return waits.length > 0 ? Math.max(...waits) : undefined;
}

async function givePointsBack(user: string, address: string, device: Device | undefined): Promise<void> {
  const limits = limiters();
  if (device) return void (await limits.perDevice.delete(`${user}|${device.nonce}`));
  await Promise.all([limits.perUserAndAddress.delete(`${user}|${address}`), limits.perAddress.reward(address, 1), limits.perUser.reward(user, 1)]);
}

export async function signIn({ name, password, address, device }: SignInAttempt): Promise<SignInResult> {
  const user = name.toLowerCase();
  // A device cookie counts only for the user it was made for.
  const trusted = device?.user === user ? device : undefined;
  const waitMs = await takePoints(user, address, trusted);
  if (waitMs !== undefined) return { ok: false, reason: "throttled", retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };

  const auth = await getAuthState();
  const hash = auth.accounts.get(name)?.hash;
  const valid = await onHashingQueue(() => (hash === undefined ? verifyAgainstDecoy(password) : verifyPassword(password, hash)));
  if (!valid || hash === undefined) return { ok: false, reason: "invalid" };

  await givePointsBack(user, address, trusted);
  return { ok: true, session: { user: name, credential: credentialTag(hash), signedInAt: Date.now() } };
}
