import "server-only";
import { cookies, headers } from "next/headers";
import { arrivalProtocol } from "@/lib/http/request-url";
import { getAuthState, sessionUser } from "./auth-state";
import { SESSION_COOKIE, sealSession, sessionCookieOptions, type SessionData } from "./session-cookie";

// The signed-in user's name for pages and server actions, or undefined.
export async function getCurrentUser(): Promise<string | undefined> {
  const session = await sessionUser((await cookies()).get(SESSION_COOKIE)?.value);
  return session?.user;
}

export const SESSION_ENDED_MESSAGE = "Your session has ended. Sign in again to continue.";

// Every server action starts with this and answers with the message when there is one.
// The proxy already refuses anonymous requests to pages, but an action can be posted to
// any page, /login included, so each action checks for itself.
export async function sessionRefusal(): Promise<string | undefined> {
  return (await getCurrentUser()) ? undefined : SESSION_ENDED_MESSAGE;
}

export async function startSession(session: SessionData): Promise<void> {
  const auth = await getAuthState();
  const secure = arrivalProtocol(await headers()) === "https";
  const seal = await sealSession(session, auth.secret, auth.maxAgeSeconds);
  (await cookies()).set(SESSION_COOKIE, seal, sessionCookieOptions({ secure, maxAgeSeconds: auth.maxAgeSeconds }));
}

export async function endSession(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}
