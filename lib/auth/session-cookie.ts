// The session is an iron-session seal (AES-256-CBC + HMAC-SHA256 over JSON) kept in one
// httpOnly cookie. It names its row in dashboard_sessions (session-store.ts), which is
// what lets the server end it.
import { createHash } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { z } from "zod";

export const SESSION_COOKIE = "fmgr_session";

const sessionData = z.object({
  user: z.string().min(1).max(64),
  // A tag of the password hash the user signed in with: changing a user's password in
  // DASHBOARD_USERS ends the sessions made with the old one.
  credential: z.string().length(22),
  signedInAt: z.number().int().positive(),
  // The row in dashboard_sessions.
  sid: z.string().length(32),
});

export type SessionData = z.infer<typeof sessionData>;

export function credentialTag(passwordHash: string): string {
  return createHash("sha256").update(passwordHash).digest("base64url").slice(0, 22);
}

export function sealSession(data: SessionData, secret: string, maxAgeSeconds: number): Promise<string> {
  return sealData(data, { password: secret, ttl: maxAgeSeconds });
}

// Undefined for anything that is not a current, untampered session of ours: iron-session
// checks the MAC (in constant time) and the seal's own expiry; the age is checked again
// here so that lowering SESSION_MAX_AGE_HOURS shortens sessions already handed out.
export async function unsealSession(seal: string | undefined, secret: string, maxAgeSeconds: number, now = Date.now()): Promise<SessionData | undefined> {
  if (!seal || seal.length > 4096) return undefined;
  try {
    const parsed = sessionData.safeParse(await unsealData(seal, { password: secret, ttl: maxAgeSeconds }));
    if (!parsed.success) return undefined;
    const age = now - parsed.data.signedInAt;
    return age >= -60_000 && age <= maxAgeSeconds * 1000 ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export type CookieSecurity = { secure: boolean; maxAgeSeconds: number };

export function sessionCookieOptions({ secure, maxAgeSeconds }: CookieSecurity) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", maxAge: maxAgeSeconds };
}
