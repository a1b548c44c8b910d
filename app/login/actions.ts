"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { safeReturnPath } from "@/lib/auth/access-policy";
import { currentDevice, endAllSessions, endSession, rememberDevice, startSession } from "@/lib/auth/current-user";
import { signIn, type SignInResult } from "@/lib/auth/sign-in";
import { AppError, isAppError } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { serverAction } from "@/lib/http/server-action";
import { logger } from "@/lib/logger";

export type SignInState = { status: "idle" } | { status: "error"; message: string; name: string };

function refusalMessage(result: Exclude<SignInResult, { ok: true }>): string {
  if (result.reason === "invalid") return "That user name and password do not match.";
  const minutes = Math.ceil(result.retryAfterSeconds / 60);
  return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

const attemptSignIn = serverAction({
  fields: ["name", "password", "next"],
  isPublic: true,
  schema: z.object({
    name: z.string("Enter your user name.").trim().min(1, "Enter your user name.").max(64, "That user name is too long."),
    password: z.string("Enter your password.").min(1, "Enter your password.").max(1024, "That password is too long."),
    next: z.string().max(2000).optional(),
  }),
  failed: (message, fields): SignInState => ({ status: "error", message, name: fields.name ?? "" }),
  run: async ({ name, password, next }): Promise<SignInState> => {
    const address = clientAddress(await headers());
    const device = await currentDevice();
    const result = await signIn({ name, password, address, device }).catch((error: unknown) => {
      if (isAppError(error)) throw error;
      logger.error({ err: error, user: name, address }, "sign-in could not be checked");
      throw new AppError("storage_unavailable", "Sign-in is unavailable right now (the database did not answer). Try again shortly.");
    });
    if (!result.ok) {
      logger.warn({ user: name, address, reason: result.reason }, "sign-in refused");
      return { status: "error", message: refusalMessage(result), name };
    }
    logger.info({ user: name, address }, "signed in");
    await startSession(result.session, { address, userAgent: (await headers()).get("user-agent") ?? "" });
    await rememberDevice(name, device);
    redirect(safeReturnPath(next));
  },
});

export async function signInAction(previous: SignInState, formData: FormData): Promise<SignInState> {
  return attemptSignIn(previous, formData);
}

export async function signOutAction(): Promise<void> {
  await endSession();
  redirect("/login?signedOut=1");
}

export async function signOutEverywhereAction(): Promise<void> {
  const ended = await endAllSessions();
  logger.info({ ended }, "signed out everywhere");
  redirect("/login?signedOut=all");
}
