import "server-only";
import { cookies, headers } from "next/headers";
import type { Role } from "@/lib/env";
import { arrivalProtocol } from "@/lib/http/request-url";
import { getAuthState, sessionUser } from "./auth-state";
import { SESSION_COOKIE, sealSession, sessionCookieOptions, type SessionData } from "./session-cookie";
import type { SignedIn } from "./sign-in";
import { DEVICE_COOKIE, deviceCookieOptions, makeDeviceToken, readDeviceToken, type Device } from "./device-cookie";
import { createSession, revokeAllSessions, revokeSession } from "./session-store";

// The signed-in user's name for pages and server actions, or undefined.
export async function getCurrentUser(): Promise<string | undefined> {
  return (await currentSession())?.user;
}

// The signed-in user and their role (env.ts, ROLES), or undefined. The role is read from
// the accounts on every request, so a changed DASHBOARD_USERS applies at once.
export async function getCurrentAccount(): Promise<{ user: string; role: Role } | undefined> {
  const session = await currentSession();
  if (!session) return undefined;
  const account = (await getAuthState()).accounts.get(session.user);
  return account ? { user: session.user, role: account.role } : undefined;
}

async function currentSession(): Promise<SessionData | undefined> {
  return sessionUser((await cookies()).get(SESSION_COOKIE)?.value);
}

// Cookies get Secure when the request came over https (directly or through the proxy).
async function arrivedSecurely(): Promise<boolean> {
  return arrivalProtocol(await headers()) === "https";
}

export const SESSION_ENDED_MESSAGE = "Your session has ended. Sign in again to continue.";

// Every server action starts with this and answers with the message when there is one.
// The proxy already refuses anonymous requests to pages, but an action can be posted to
// any page, /login included, so each action checks for itself.
export async function sessionRefusal(): Promise<string | undefined> {
  return (await getCurrentUser()) ? undefined : SESSION_ENDED_MESSAGE;
}

// Records the session (when, from where, which browser) and hands its sealed cookie out.
export async function startSession(signedIn: SignedIn, from: { address: string; userAgent: string }): Promise<void> {
  const auth = await getAuthState();
  const secure = await arrivedSecurely();
  const sid = await createSession({ user: signedIn.user, ...from, expiresAt: new Date(signedIn.signedInAt + auth.maxAgeSeconds * 1000) });
  const seal = await sealSession({ ...signedIn, sid }, auth.secret, auth.maxAgeSeconds);
  (await cookies()).set(SESSION_COOKIE, seal, sessionCookieOptions({ secure, maxAgeSeconds: auth.maxAgeSeconds }));
}

// The device cookie this browser carries, if it is one of ours (device-cookie.ts).
export async function currentDevice(): Promise<Device | undefined> {
  const auth = await getAuthState();
  return readDeviceToken((await cookies()).get(DEVICE_COOKIE)?.value, auth.secret);
}

// After a successful sign-in: this browser is now a known device for the user.
export async function rememberDevice(user: string, known: Device | undefined): Promise<void> {
  if (known?.user === user.toLowerCase()) return;
  const auth = await getAuthState();
  const secure = await arrivedSecurely();
  (await cookies()).set(DEVICE_COOKIE, makeDeviceToken(user, auth.secret), deviceCookieOptions({ secure }));
}

// Sign-out ends the session on the server too: a copy of the cookie stops working.
export async function endSession(): Promise<void> {
  const session = await currentSession();
  if (session) await revokeSession(session.sid);
  (await cookies()).delete(SESSION_COOKIE);
}

// Ends every session of the signed-in user, on every browser, this one included.
export async function endAllSessions(): Promise<number> {
  const session = await currentSession();
  const ended = session ? await revokeAllSessions(session.user) : 0;
  (await cookies()).delete(SESSION_COOKIE);
  return ended;
}

// The signed-in user's session id, to mark "this browser" in the list of sessions.
export async function currentSessionId(): Promise<string | undefined> {
  return (await currentSession())?.sid;
}
