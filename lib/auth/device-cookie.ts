// Device cookies (OWASP's defence against lockout attacks): a browser that has signed in
// successfully as a user carries a signed token naming that user. Its sign-ins are counted
// per device, so failures for that name from elsewhere (a guesser, forging addresses)
// cannot lock it out. Without one, a device counts as unknown and is only slowed.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

export const DEVICE_COOKIE = "fmgr_device";
export const DEVICE_MAX_AGE_SECONDS = 365 * 24 * 3600;

export type Device = { user: string; nonce: string };

const payloadSchema = z.object({ u: z.string().min(1).max(64), n: z.string().length(22) });

function mac(secret: string, payload: string): Buffer {
  return createHmac("sha256", `device:${secret}`).update(payload).digest();
}

export function makeDeviceToken(user: string, secret: string): string {
  const payload = Buffer.from(JSON.stringify({ u: user.toLowerCase(), n: randomBytes(16).toString("base64url") })).toString("base64url");
  return `${payload}.${mac(secret, payload).toString("base64url")}`;
}

// The device a token names, or undefined for anything not made with this secret.
export function readDeviceToken(token: string | undefined, secret: string): Device | undefined {
  if (!token || token.length > 512) return undefined;
  const [payload = "", signature = ""] = token.split(".");
  const given = Buffer.from(signature, "base64url");
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    return parsed.success ? { user: parsed.data.u, nonce: parsed.data.n } : undefined;
  } catch {
    return undefined;
  }
}

export function deviceCookieOptions({ secure }: { secure: boolean }) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", maxAge: DEVICE_MAX_AGE_SECONDS };
}
